"""Run every benchmark of issue #8 and put the numbers into benchmarks/RESULTS.md.

One after the other (never two at once: they would share the two cores),
each as its own process:

1. ``lookup_latency.py``: Datasette JSON API over a million synthetic mentions
2. ``dedupe_scaling.py``: the dedupe pass at 10k, 100k and 1M mentions
3. ``workers.py``: ``quotes build --workers 2`` vs 1 on the BBC corpus
4. ``build_vs_parse.py``: ``quotes build`` vs a plain spaCy parse of the same texts
5. ``load.py``: 2,000 requests, 20 at a time, against the site on 127.0.0.1
6. ``dask_engine.py``: ``--engine dask`` against the process pool (600 BBC articles), and
   dedupe on Dask of 1M synthetic mentions
7. ``add_scaling.py``: ``quotes add`` of 100 articles into 10k, 100k and 1M synthetic mentions

    make bench                                  # all, full size (about half an hour)
    .venv/bin/python benchmarks/run.py --tiny   # all, tiny inputs, nothing written
    .venv/bin/python benchmarks/run.py workers lookup_latency
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("lookup_latency", "dedupe_scaling", "workers", "build_vs_parse", "load", "dask_engine", "add_scaling")
# Full-size arguments beyond the defaults.
FULL_ARGS = {"dask_engine": ["--limit", "600"]}


def command(name: str, tiny: bool) -> list[str]:
    cmd = [sys.executable, str(HERE / f"{name}.py")]
    if tiny:
        return cmd + ["--tiny"] + ([] if name == "dedupe_scaling" else ["--markdown"])
    # dedupe_scaling.py writes its own section when not tiny; the others on --write.
    return cmd if name == "dedupe_scaling" else cmd + FULL_ARGS.get(name, []) + ["--write"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})"
    )
    parser.add_argument("--tiny", action="store_true", help="tiny inputs, seconds each; RESULTS.md is left alone")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    failed = []
    for name in args.names or BENCHMARKS:
        print(f"== {name}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        # The child's report (stderr, and stdout's JSON line) goes straight to the terminal.
        code = subprocess.call(command(name, args.tiny), cwd=HERE.parent)
        print(
            f"== {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        if code != 0:
            failed.append(name)
    if not args.tiny and not failed:
        print(f"Results written to {HERE / 'RESULTS.md'}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
