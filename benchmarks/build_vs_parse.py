"""Build vs raw parse: is ``quotes build`` about as fast as spaCy alone on the same texts?

Times the real build path (``quotes build``: read, extract, dedupe, write a
temporary database) against a plain ``nlp.pipe`` over the same texts with the
model's full pipeline. Each measurement is a fresh subprocess (its own peak
memory); the two alternate, round after round, so machine noise hits both.
Both timings start after Python imports and include loading the model.

    .venv/bin/python benchmarks/build_vs_parse.py            # all of ../shared/corpus/bbc
    .venv/bin/python benchmarks/build_vs_parse.py --tiny     # seconds: the seeds
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PYTHON,
    add_report_options,
    corpus_paths,
    corpus_size,
    default_corpus,
    emit,
    machine,
    machine_line,
    measure,
    report,
    shown,  # noqa: E402
    summary,
)

SCRIPT = str(Path(__file__).resolve())


def run_build(paths: list[str], db: str, workers: int = 1) -> dict:
    """One real ``quotes build`` in this process (the CLI command, not a copy of it)."""
    import sqlite_utils

    from quotes import pipeline  # noqa: F401  (import spaCy before the clock starts)
    from quotes.cli import cli

    start = time.perf_counter()
    cli.main(["build", *paths, "--db", db, "--workers", str(workers)], prog_name="quotes", standalone_mode=False)
    seconds = time.perf_counter() - start
    nlp = pipeline.load_nlp()
    counts = {t: sqlite_utils.Database(db)[t].count for t in ("articles", "mentions", "quotes", "speakers")}
    return {
        "kind": "build",
        "seconds": round(seconds, 3),
        "workers": workers,
        "pipe_names": nlp.pipe_names,
        "rows": counts,
    }


def run_parse(paths: list[str]) -> dict:
    """A plain ``nlp.pipe`` with every component of the model, default settings."""
    import spacy

    from quotes import DEFAULT_MODEL
    from quotes.ingest import Article, read_articles

    start = time.perf_counter()
    nlp = spacy.load(DEFAULT_MODEL)
    texts = [a.text for a in read_articles(paths) if isinstance(a, Article)]
    tokens = 0
    for doc in nlp.pipe(texts):
        tokens += len(doc)
    seconds = time.perf_counter() - start
    return {"kind": "parse", "seconds": round(seconds, 3), "pipe_names": nlp.pipe_names, "tokens": tokens}


def one_cmd(kind: str, corpus: Path, limit: int | None, workers: int = 1, db: str | None = None) -> list[str]:
    """The command for one measured run (``db``: keep the build's database there)."""
    cmd = [PYTHON, SCRIPT, "--one", kind, "--corpus", str(corpus), "--workers", str(workers)]
    return cmd + (["--limit", str(limit)] if limit is not None else []) + (["--db", db] if db else [])


def side(runs: list[dict], words: int) -> dict:
    seconds = [r["seconds"] for r in runs]
    best = min(seconds)
    return {
        "seconds": summary(seconds),
        "cpu_s": summary([r["cpu_s"] for r in runs]),
        "words_per_s": round(words / best),
        "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
        "pipe_names": runs[0]["pipe_names"],
    }


def benchmark(corpus: Path, limit: int | None, rounds: int) -> dict:
    start_machine = machine()
    paths = corpus_paths(corpus, limit)
    size = corpus_size(paths)
    runs: dict[str, list[dict]] = {"parse": [], "build": []}
    for r in range(rounds):
        order = ("parse", "build") if r % 2 == 0 else ("build", "parse")
        for kind in order:
            runs[kind].append(measure(one_cmd(kind, corpus, limit)))
    parse, build = side(runs["parse"], size["words"]), side(runs["build"], size["words"])
    return {
        "benchmark": "build_vs_parse",
        "machine": start_machine,
        "load_average_end": machine()["load_average"],
        "corpus": shown(corpus),
        **size,
        "rounds": rounds,
        "parse": parse,
        "build": build,
        "build_rows": runs["build"][-1]["rows"],
        "ratio_min": round(build["seconds"]["min"] / parse["seconds"]["min"], 3),
        "ratio_per_round": [
            round(b["seconds"] / p["seconds"], 3) for b, p in zip(runs["build"], runs["parse"], strict=True)
        ],
        "ratio_cpu_min": round(build["cpu_s"]["min"] / parse["cpu_s"]["min"], 3),
        "target": "build <= 1.15 x parse",
    }


def markdown(result: dict, command: str = "python benchmarks/build_vs_parse.py") -> str:
    p, b = result["parse"], result["build"]
    lines = [
        "## Build vs raw parse",
        "",
        machine_line(result, command),
        "",
        f"{result['articles']} articles, {result['words']:,} words (`{result['corpus']}`), "
        f"{result['rounds']} alternating round(s); time includes loading the model; best of the rounds.",
        "",
        "| | pipeline | wall s (min / median) | CPU s (min) | words/s (best wall) | peak RSS MiB |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| raw `nlp.pipe` | {', '.join(p['pipe_names'])} | {p['seconds']['min']} / {p['seconds']['median']} "
        f"| {p['cpu_s']['min']} | {p['words_per_s']:,} | {p['peak_rss_mib']} |",
        f"| `quotes build` | {', '.join(b['pipe_names'])} | {b['seconds']['min']} / {b['seconds']['median']} "
        f"| {b['cpu_s']['min']} | {b['words_per_s']:,} | {b['peak_rss_mib']} |",
        "",
        f"Build / parse: **{result['ratio_min']}x** wall, **{result['ratio_cpu_min']}x** CPU "
        f"(wall per round: {', '.join(map(str, result['ratio_per_round']))}; target {result['target']}). "
        f"Build wrote {', '.join(f'{n:,} {t}' for t, n in result['build_rows'].items())}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="the repository's seeds, one round (seconds)")
    parser.add_argument("--corpus", type=Path, help="folder of .txt articles (default: ../shared/corpus/bbc)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--rounds", type=int, help="alternating parse/build rounds (default 2, tiny 1)")
    add_report_options(parser)
    parser.add_argument("--one", choices=["build", "parse"], help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = args.corpus or default_corpus(args.tiny)
    if args.one:
        paths = corpus_paths(corpus, args.limit)
        if args.one == "parse":
            emit(run_parse(paths))
        elif args.db:
            emit(run_build(paths, args.db, args.workers))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                emit(run_build(paths, str(Path(tmp) / "bench.db"), args.workers))
        return
    result = benchmark(corpus, args.limit, args.rounds or (1 if args.tiny else 2))
    report(result, markdown, __file__, argv, args)


if __name__ == "__main__":
    main()
