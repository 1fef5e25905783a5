"""Word lists kept as data files in ``quotes/data`` (one entry per line, ``#`` comments)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt``, casefolded."""
    return frozenset(line.casefold() for line in lines(name))


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    text = resources.files("quotes").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def forms(name: str) -> frozenset[str]:
    """Every word of every line: for lists that give all inflected forms of a word on its line."""
    return frozenset(w.casefold() for line in lines(name) for w in line.split())
