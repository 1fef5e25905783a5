"""Workers: does ``quotes build --workers 2`` pay off on 2 cores, and build the very same database?

Runs the real build with 1 and with 2 worker processes, alternately, each in a
fresh subprocess, then compares every row of every table of the two databases
(the full-text index tables through their virtual tables).

    .venv/bin/python benchmarks/workers.py            # all of ../shared/corpus/bbc
    .venv/bin/python benchmarks/workers.py --tiny     # seconds: the seeds
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vs_parse import one_cmd  # noqa: E402
from common import (
    add_report_options,
    corpus_paths,
    corpus_size,
    default_corpus,
    machine,
    machine_line,
    measure,
    report,
    shown,  # noqa: E402
    summary,
)


def table_rows(db_path: str) -> dict[str, list[tuple]]:
    """Every row of every table, in a canonical order; FTS shadow tables are skipped."""
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    fts = {f for f in (db[t].detect_fts() for t in db.table_names()) if f}
    shadow = tuple(f"{t}_" for t in fts)
    out = {}
    for name in db.table_names():
        if name.startswith(shadow):
            continue
        rows = db.execute(f"select rowid, * from [{name}]" if name in fts else f"select * from [{name}]").fetchall()
        out[name] = sorted(rows, key=repr)
    return out


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """Tables whose rows differ (or that only one database has)."""
    return sorted(t for t in set(a) | set(b) if a.get(t) != b.get(t))


def benchmark(corpus: Path, limit: int | None, rounds: int, workers: int) -> dict:
    start_machine = machine()
    size = corpus_size(corpus_paths(corpus, limit))
    runs: dict[int, list[dict]] = {1: [], workers: []}
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {n: str(Path(tmp) / f"workers{n}.db") for n in runs}
        for r in range(rounds):
            for n in (1, workers) if r % 2 == 0 else (workers, 1):
                runs[n].append(measure(one_cmd("build", corpus, limit, n, dbs[n])))
        rows = {n: table_rows(dbs[n]) for n in runs}
    diff = differences(rows[1], rows[workers])
    one, many = (summary([r["seconds"] for r in runs[n]]) for n in (1, workers))
    return {
        "benchmark": "workers",
        "machine": start_machine,
        "load_average_end": machine()["load_average"],
        "corpus": shown(corpus),
        **size,
        "rounds": rounds,
        "workers": workers,
        "one": {
            "seconds": one,
            "words_per_s": round(size["words"] / one["min"]),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs[1]),
            "cpu_s": summary([r["cpu_s"] for r in runs[1]]),
        },
        "many": {
            "seconds": many,
            "words_per_s": round(size["words"] / many["min"]),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs[workers]),
            "cpu_s": summary([r["cpu_s"] for r in runs[workers]]),
        },
        "speedup": round(one["min"] / many["min"], 3),
        "identical": not diff,
        "differing_tables": diff,
        "tables_compared": {t: len(v) for t, v in sorted(rows[1].items())},
        "target": "speed-up >= 1.6x on 2 cores, identical databases",
    }


def markdown(result: dict, command: str = "python benchmarks/workers.py") -> str:
    one, many, n = result["one"], result["many"], result["workers"]
    same = "identical" if result["identical"] else f"DIFFERENT in {', '.join(result['differing_tables'])}"
    tables = ", ".join(f"{t} {c}" for t, c in result["tables_compared"].items())
    return "\n".join(
        [
            f"## Workers (1 vs {n})",
            "",
            machine_line(result, command),
            "",
            f"`quotes build --workers N` on {result['articles']} articles, {result['words']:,} words "
            f"(`{result['corpus']}`), {result['rounds']} alternating round(s), best of the rounds; "
            f"time includes loading the model.",
            "",
            "| workers | wall s (min / median) | CPU s, all processes (min) | words/s (best wall) "
            "| peak RSS MiB (largest process) |",
            "| --- | --- | --- | --- | --- |",
            f"| 1 | {one['seconds']['min']} / {one['seconds']['median']} | {one['cpu_s']['min']} | {one['words_per_s']:,} "
            f"| {one['peak_rss_mib']} |",
            f"| {n} | {many['seconds']['min']} / {many['seconds']['median']} | {many['cpu_s']['min']} "
            f"| {many['words_per_s']:,} | {many['peak_rss_mib']} |",
            "",
            f"Speed-up: **{result['speedup']}x** (target {result['target']}). "
            f"Databases: **{same}** (rows compared: {tables}).",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="the repository's seeds, one round (seconds)")
    parser.add_argument("--corpus", type=Path, help="folder of .txt articles (default: ../shared/corpus/bbc)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=1, help="alternating 1-worker/N-worker rounds")
    parser.add_argument("--workers", type=int, default=2, help="worker processes to compare with 1")
    add_report_options(parser)
    args = parser.parse_args(argv)
    result = benchmark(args.corpus or default_corpus(args.tiny), args.limit, args.rounds, args.workers)
    report(result, markdown, __file__, argv, args)


if __name__ == "__main__":
    main()
