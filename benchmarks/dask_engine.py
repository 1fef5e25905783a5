"""Dask: does ``quotes build --engine dask`` keep up with the process pool, and how does dedupe on Dask scale?

(a) Throughput: the real ``quotes build`` of the same articles with the
process pool (``--workers 1`` and ``2``) and on a Dask ``LocalCluster``
(``--engine dask --workers 1`` and ``2``), alternating, each in a fresh
subprocess; the four databases must be identical.

(c) Deduplication on Dask: synthetic mentions (``dedupe_scaling.py``'s
generator) through ``quotes.scale.dedupe.quote_ids`` on a LocalCluster of 2
worker processes, against ``assign_quote_ids`` in one process on the same
mentions (same ids required); peak RSS of each worker process.

    .venv/bin/python benchmarks/dask_engine.py --limit 600 --mentions 1000000 --write
    .venv/bin/python benchmarks/dask_engine.py --tiny        # seconds: the seeds, 3,000 mentions
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
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
    shown,
    summary,
)
from workers import differences, table_rows  # noqa: E402

SCRIPT = str(Path(__file__).resolve())
SETUPS = (("pool", 1), ("pool", 2), ("dask", 1), ("dask", 2))


def run_build(paths: list[str], db: str, engine: str, workers: int) -> dict:
    """One real ``quotes build`` in this process (the CLI command)."""
    from quotes import pipeline  # noqa: F401  (import spaCy before the clock starts)
    from quotes.cli import cli

    args = ["build", *paths, "--db", db, "--workers", str(workers)]
    if engine == "dask":
        import distributed  # noqa: F401

        args += ["--engine", "dask"]
    start = time.perf_counter()
    cli.main(args, prog_name="quotes", standalone_mode=False)
    return {"seconds": round(time.perf_counter() - start, 3)}


def build_cmd(corpus: Path, limit: int | None, engine: str, workers: int, db: str) -> list[str]:
    cmd = [PYTHON, SCRIPT, "--one-build", engine, "--workers", str(workers), "--corpus", str(corpus), "--db", db]
    return cmd + (["--limit", str(limit)] if limit is not None else [])


def throughput(corpus: Path, limit: int | None, rounds: int) -> dict:
    size = corpus_size(corpus_paths(corpus, limit))
    runs: dict[str, list[dict]] = {f"{e}{w}": [] for e, w in SETUPS}
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {name: str(Path(tmp) / f"{name}.db") for name in runs}
        for r in range(rounds):
            for engine, workers in SETUPS if r % 2 == 0 else tuple(reversed(SETUPS)):
                name = f"{engine}{workers}"
                runs[name].append(measure(build_cmd(corpus, limit, engine, workers, dbs[name])))
        rows = {name: table_rows(db) for name, db in dbs.items()}
    diff = sorted({t for name in runs for t in differences(rows["pool1"], rows[name])})
    sides = {}
    for name, rs in runs.items():
        seconds = summary([r["seconds"] for r in rs])
        sides[name] = {
            "seconds": seconds,
            "words_per_s": round(size["words"] / seconds["min"]),
            "cpu_s": summary([r["cpu_s"] for r in rs]),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in rs),
        }
    base = sides["pool1"]["seconds"]["min"]
    for s in sides.values():
        s["speedup_vs_pool1"] = round(base / s["seconds"]["min"], 3)
    return {
        "corpus": shown(corpus),
        "limit": limit,
        **size,
        "rounds": rounds,
        "runs": sides,
        "identical": not diff,
        "differing_tables": diff,
        "tables_compared": {t: len(v) for t, v in sorted(rows["pool1"].items())},
    }


def dedupe_on_dask(n: int, corpus: Path) -> dict:
    """Run in its own process (``--one-dedupe``): in-process pass, then the Dask pass, same mentions."""
    import dask.bag as db
    from dedupe_scaling import sentences, synthetic
    from distributed import Client, LocalCluster

    from quotes.corpus.dedupe import assign_quote_ids, item_of
    from quotes.scale.dedupe import quote_ids

    records, articles, _ = synthetic(n, sentences(corpus))
    items = [item_of(r, articles[r["article"]]["published"]) for r in records]
    c0 = time.process_time()
    t0 = time.perf_counter()
    assign_quote_ids(records, articles)
    here = {"wall_s": round(time.perf_counter() - t0, 2), "cpu_s": round(time.process_time() - c0, 2)}
    here["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    expected = {it.order: r["quote_id"] for it, r in zip(items, records, strict=True)}
    del records
    partitions = max(4, n // 50_000)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as cl,
        Client(cl) as client,
    ):
        bag = db.from_sequence(items, npartitions=partitions).persist()
        bag.count().compute()  # the mentions on the workers before the clock starts, as shards would be
        before = client.run(_rss_mib)
        t0 = time.perf_counter()
        stats: dict = {}
        found = dict(quote_ids(bag, partitions, stats).compute())
        seconds = time.perf_counter() - t0
        peaks = client.run(_peak_rss_mib)
        cpu = client.run(time.process_time)
    same = found == expected
    return {
        "mentions": n,
        "partitions": partitions,
        "in_process": here,
        "dask": {
            "wall_s": round(seconds, 2),
            "worker_cpu_s": round(sum(cpu.values()), 2),
            "worker_peak_rss_mib": sorted(round(v) for v in peaks.values()),
            "worker_rss_before_mib": sorted(round(v) for v in before.values()),
        },
        "quotes": len(set(expected.values())),
        "in_one_process": stats,
        "identical_ids": same,
    }


def _rss_mib() -> float:
    with open("/proc/self/statm") as fp:
        import os

        return int(fp.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def benchmark(corpus: Path, limit: int | None, rounds: int, mentions: int, dedupe_corpus: Path) -> dict:
    start_machine = machine()
    result = {"benchmark": "dask_engine", "machine": start_machine}
    result["throughput"] = throughput(corpus, limit, rounds)
    result["dedupe"] = measure(
        [PYTHON, SCRIPT, "--one-dedupe", str(mentions), "--corpus", str(dedupe_corpus)], cwd=Path(SCRIPT).parent
    )
    result["load_average_end"] = machine()["load_average"]
    return result


def markdown(result: dict, command: str = "python benchmarks/dask_engine.py") -> str:
    t, d = result["throughput"], result["dedupe"]
    names = {"pool1": "process pool, 1 worker", "pool2": "process pool, 2 workers", "dask1": "Dask, 1 worker"}
    names["dask2"] = "Dask, 2 workers"
    same = "identical" if t["identical"] else f"DIFFERENT in {', '.join(t['differing_tables'])}"
    subset = f"the first {t['limit']} files of" if t["limit"] else "all of"
    lines = [
        "## Dask engine",
        "",
        machine_line(result, command),
        "",
        f"(a) `quotes build` of {subset} `{t['corpus']}` ({t['articles']} articles, {t['words']:,} words), "
        f"{t['rounds']} alternating round(s), best of the rounds; each run a fresh process, time includes "
        "starting the local cluster and loading the model in every worker.",
        "",
        "| setup | wall s (min / median) | CPU s, all processes (min) | words/s (best wall) | x pool, 1 worker "
        "| peak RSS MiB (largest process) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in t["runs"].items():
        lines.append(
            f"| {names[name]} | {s['seconds']['min']} / {s['seconds']['median']} | {s['cpu_s']['min']} "
            f"| {s['words_per_s']:,} | {s['speedup_vs_pool1']}x | {s['peak_rss_mib']} |"
        )
    here, there = d["in_process"], d["dask"]
    lines += [
        "",
        f"Databases: **{same}** across the four setups (rows compared: "
        + ", ".join(f"{k} {v}" for k, v in t["tables_compared"].items())
        + ").",
        "",
        f"(c) Deduplication of {d['mentions']:,} synthetic mentions (`dedupe_scaling.py`'s generator, "
        f"{d['quotes']:,} quotes) on a LocalCluster of 2 worker processes, {d['partitions']} partitions, "
        "mentions already on the workers; the same mentions in one process beside it.",
        "",
        "| pass | wall s | CPU s | peak RSS MiB |",
        "| --- | ---: | ---: | --- |",
        f"| one process (`assign_quote_ids`) | {here['wall_s']} | {here['cpu_s']} | {here['peak_rss_mib']} |",
        f"| Dask, 2 workers (`quote_ids`) | {there['wall_s']} | {there['worker_cpu_s']} (workers) "
        f"| per worker: {' / '.join(map(str, there['worker_peak_rss_mib']))} "
        f"(holding the mentions before the pass: {' / '.join(map(str, there['worker_rss_before_mib']))}) |",
        "",
        f"Same quote ids as the in-process pass: **{'yes' if d['identical_ids'] else 'NO'}**. "
        + (
            "What came to one process for the joins: {weak_keys:,} key digests (broadcast), {matched_pairs:,} "
            "matched pairs and the {joined_members:,} mentions of the clusters they touch.".format(
                **d["in_one_process"]
            )
            if d.get("in_one_process")
            else ""
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="the seeds and 3,000 mentions, one round (seconds)")
    parser.add_argument("--corpus", type=Path, help="folder of articles (default: ../shared/corpus/bbc)")
    parser.add_argument("--limit", type=int, help="only the first N files")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds of the four setups")
    parser.add_argument("--mentions", type=int, default=1_000_000, help="synthetic mentions for (c)")
    add_report_options(parser)
    parser.add_argument("--one-build", choices=["pool", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--one-dedupe", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = args.corpus or default_corpus(args.tiny)
    if args.one_build:
        emit(run_build(corpus_paths(corpus, args.limit), args.db, args.one_build, args.workers))
        return
    if args.one_dedupe:
        emit(dedupe_on_dask(args.one_dedupe, corpus))
        return
    mentions = 3000 if args.tiny else args.mentions
    result = benchmark(corpus, args.limit, args.rounds, mentions, corpus)
    report(result, markdown, __file__, argv, args)


if __name__ == "__main__":
    main()
