"""A progress bar for long builds: articles/s and quotes found, silent off a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


class _Bar:
    def __init__(self, bar: tqdm):
        self._bar = bar

    def update(self, n: int, **postfix) -> None:
        self._bar.update(n)
        if postfix and not self._bar.disable:
            self._bar.set_postfix(postfix, refresh=False)


@contextmanager
def progress(label: str) -> Iterator[_Bar]:
    bar = tqdm(desc=label, unit=" articles", disable=not sys.stderr.isatty(), file=sys.stderr)
    try:
        yield _Bar(bar)
    finally:
        bar.close()
