"""``quotes add`` of 100 articles into databases of 10k, 100k and 1M mentions: time and peak memory.

The databases are synthetic, from ``lookup_latency.py``'s generator (Zipf-distributed
speakers and words, remarks carried by several articles), written by
``write_database`` as a build writes them: speakers, quote ids and the look-up
tables ``quotes add`` reads. The 100 articles added are the generator's last
100 for a corpus that size plus them: new remarks and new renderings of stored
ones, by the same speakers, as a daily feed brings.

Each add runs in its own process on a fresh copy of the database (so its peak
memory is its own), best of ``--rounds``. Up to ``--full-up-to`` mentions the
add as it was before the look-up tables (every row derived again from all
stored articles: ``store.add_everything``) runs beside it on another copy
(``--full-rounds`` times), and the two must give the same database.

    .venv/bin/python benchmarks/add_scaling.py --write        # 10k, 100k, 1M (building 1M takes a while)
    .venv/bin/python benchmarks/add_scaling.py --tiny         # seconds: 1,000 mentions
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, add_report_options, emit, machine, machine_line, measure, report, summary  # noqa: E402
from lookup_latency import synthetic_rows  # noqa: E402

SCRIPT = str(Path(__file__).resolve())
MENTIONS_PER_ARTICLE = 10  # as the generator writes them
VOCABULARY = 20_000  # one vocabulary at every size, so sizes differ only in size


def corpus(n_mentions: int, n_new: int) -> tuple[tuple[list[dict], list[dict]], tuple[list[dict], list[dict]]]:
    """(stored, new) articles and extraction records: the generator's rows read back as a build's input."""
    rows = synthetic_rows(n_mentions + n_new * MENTIONS_PER_ARTICLE, vocabulary_size=VOCABULARY)
    outlets = {o["id"]: o["name"] for o in rows["outlets"]}
    speakers = {s["id"]: s for s in rows["speakers"]}
    articles, paths = [], {}
    for a in rows["articles"]:
        paths[a["id"]] = a["path"]
        articles.append(
            {
                "path": a["path"],
                "outlet": outlets[a["outlet_id"]],
                "title": a["title"],
                "author": None,
                "published": a["published"],
                "url": a["url"],
                "text": a["text"],
            }
        )
    records: dict[str, list[dict]] = {a["path"]: [] for a in articles}
    for m in rows["mentions"]:
        path = paths[m["article_id"]]
        start = 1000 * len(records[path])  # one span per mention
        records[path].append(
            {
                "article": path,
                "start": start,
                "end": start + len(m["text"]),
                "text": m["text"],
                "kind": m["kind"],
                "speaker": speakers[m["speaker_id"]]["name"],
                "speaker_kind": "person",
                "role": None,
                "cue": m["cue"],
                "mention": m["speaker_mention"],
                "resolved_by": "subject",
            }
        )
    stored, new = articles[:-n_new], articles[-n_new:]
    return (stored, [r for a in stored for r in records[a["path"]]]), (
        new,
        [r for a in new for r in records[a["path"]]],
    )


def build(path: Path, n_mentions: int, n_new: int) -> dict:
    """The stored database at ``path`` and the new articles beside it (``<path>.new.json``)."""
    from quotes.publish.store import write_database

    (articles, records), new = corpus(n_mentions, n_new)
    start = time.perf_counter()
    stored = write_database(path, articles, records)
    Path(str(path) + ".new.json").write_text(json.dumps({"articles": new[0], "records": new[1]}), encoding="utf-8")
    return {"seconds": round(time.perf_counter() - start, 1), "rows": stored.counts}


def one_add(path: Path, how: str) -> dict:
    """One add in this process: as ``quotes add`` does it, or every row derived again (``full``).

    Its wall and CPU seconds, and how far it raised the process's peak memory above
    what the process held before it (the package imported, the new articles read)."""
    from quotes.publish import store

    new = json.loads(Path(str(path) + ".new.json").read_text(encoding="utf-8"))
    held = peak_rss_kib()
    start, cpu = time.perf_counter(), time.process_time()
    if how == "incremental":
        stored = store.add_to_database(path, new["articles"], new["records"])
        counts = stored.counts
    else:
        records = store.link_records(new["articles"], new["records"])
        with store.writing(path) as db:
            store.add_everything(db, new["articles"], records)
            counts = {name: db[name].count for name in store.TABLE_ORDER}
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "add_cpu_s": round(time.process_time() - cpu, 3),
        "add_rss_mib": round((peak_rss_kib() - held) / 1024, 1),
        "own_peak_rss_mib": round(peak_rss_kib() / 1024, 1),
        "rows": counts,
    }


def peak_rss_kib() -> int:
    """This process's peak resident memory since it started (``VmHWM``: unlike ``ru_maxrss``,
    which Linux carries over from the process that forked it, e.g. a parent holding a
    large database dump)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def dump(path: Path) -> dict[str, list]:
    import sqlite3

    from quotes.corpus.rows import TABLE_ORDER

    conn = sqlite3.connect(path)
    out = {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in TABLE_ORDER}
    conn.close()
    return out


def size_run(n: int, n_new: int, rounds: int, full_rounds: int, work: Path | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = work or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"stored-{n}-{n_new}.db"
        if db.exists() and Path(str(db) + ".new.json").exists():
            made = {"reused": True}
        else:
            made = measure([PYTHON, SCRIPT, "--one-build", str(db), "--mentions", str(n), "--new", str(n_new)])
        full = full_rounds > 0
        runs: dict[str, list[dict]] = {"incremental": []} | ({"full": []} if full else {})
        results: dict[str, Path] = {}
        for r in range(rounds):
            for how in [h for h in (runs if r % 2 == 0 else reversed(list(runs))) if h != "full" or r < full_rounds]:
                copy = Path(tmp) / f"{how}.db"
                shutil.copy(db, copy)
                shutil.copy(str(db) + ".new.json", str(copy) + ".new.json")
                runs[how].append(measure([PYTHON, SCRIPT, "--one-add", str(copy), "--how", how]))
                results[how] = copy
        same = dump(results["incremental"]) == dump(results["full"]) if full else None
        rows = runs["incremental"][-1]["rows"]
    out = {"mentions": rows["mentions"], "build": made, "same_as_full": same}
    for how, rs in runs.items():
        out[how] = {
            key: summary([r[key] for r in rs]) for key in ("seconds", "add_cpu_s", "add_rss_mib", "own_peak_rss_mib")
        }
    return out


def benchmark(sizes: list[int], n_new: int, rounds: int, full_rounds: int, full_up_to: int, work: Path | None) -> dict:
    result = {
        "benchmark": "add_scaling",
        "machine": machine(),
        "new_articles": n_new,
        "rounds": rounds,
        "full_rounds": full_rounds,
        "sizes": [],
    }
    for n in sizes:
        print(f"{n:,} mentions", file=sys.stderr, flush=True)
        result["sizes"].append(size_run(n, n_new, rounds, full_rounds if n <= full_up_to else 0, work))
    for smaller, larger in zip(result["sizes"], result["sizes"][1:], strict=False):
        per10 = 1 / math.log10(larger["mentions"] / smaller["mentions"])
        larger["growth_per_10x"] = {
            key: round((larger["incremental"][key]["min"] / smaller["incremental"][key]["min"]) ** per10, 2)
            for key in ("seconds", "add_cpu_s", "own_peak_rss_mib")
        }
    result["load_average_end"] = machine()["load_average"]
    result["target"] = "time and peak memory grow at most 1.5x per 10x database size"
    return result


def markdown(result: dict, command: str = "python benchmarks/add_scaling.py") -> str:
    lines = [
        "## Incremental add",
        "",
        machine_line(result, command),
        "",
        f"`quotes add` of {result['new_articles']} articles (about {result['new_articles'] * MENTIONS_PER_ARTICLE:,} "
        "mentions) into synthetic databases (`lookup_latency.py`'s generator, written by a real build with its "
        f"look-up tables); each add a fresh process on a fresh copy, best of {result['rounds']} "
        f"({result['full_rounds']} for the add before). Wall and CPU "
        "seconds of the add itself; peak RSS of the whole process (`VmHWM`: the package and its spaCy import "
        "included), and how far the add raised it. Before: the add that derived every row again from all stored articles "
        "(`store.add_everything`, what `quotes add` did before the look-up tables), on another copy.",
        "",
        "| mentions after the add | add wall s | add CPU s | peak RSS MiB | raised by the add MiB "
        "| growth per 10x: wall / CPU / RSS | before: wall s | before: CPU s | before: peak RSS MiB | same database |",
        "| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for s in result["sizes"]:
        inc, full, growth = s["incremental"], s.get("full"), s.get("growth_per_10x")
        lines.append(
            f"| {s['mentions']:,} | {inc['seconds']['min']} | {inc['add_cpu_s']['min']} "
            f"| {inc['own_peak_rss_mib']['min']} | {inc['add_rss_mib']['min']} "
            f"| {' / '.join(str(growth[k]) for k in ('seconds', 'add_cpu_s', 'own_peak_rss_mib')) if growth else '-'} "
            f"| {full['seconds']['min'] if full else '-'} | {full['add_cpu_s']['min'] if full else '-'} "
            f"| {full['own_peak_rss_mib']['min'] if full else '-'} "
            f"| {'-' if s['same_as_full'] is None else ('yes' if s['same_as_full'] else 'NO')} |"
        )
    lines += ["", f"Target: {result['target']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="1,000 mentions, 10 new articles (seconds)")
    parser.add_argument("--sizes", type=int, nargs="+", help="mentions stored (default 10,000 100,000 1,000,000)")
    parser.add_argument("--new", type=int, help="articles added (default 100)")
    parser.add_argument("--rounds", type=int, help="adds at each size (default 3)")
    parser.add_argument("--full-up-to", type=int, default=100_000, help="run the add as before up to this size")
    parser.add_argument("--full-rounds", type=int, help="adds as before at each size (default: --rounds)")
    parser.add_argument("--work", type=Path, help="keep the built databases here (and reuse them)")
    add_report_options(parser)
    parser.add_argument("--one-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--one-add", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--how", default="incremental", help=argparse.SUPPRESS)
    parser.add_argument("--mentions", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    n_new = args.new or (10 if args.tiny else 100)
    if args.one_build:
        emit(build(args.one_build, args.mentions, n_new))
        return
    if args.one_add:
        emit(one_add(args.one_add, args.how))
        return
    sizes = args.sizes or ([1_000] if args.tiny else [10_000, 100_000, 1_000_000])
    rounds = args.rounds or (1 if args.tiny else 3)
    result = benchmark(sizes, n_new, rounds, args.full_rounds or rounds, args.full_up_to, args.work)
    report(result, markdown, __file__, argv, args)


if __name__ == "__main__":
    main()
