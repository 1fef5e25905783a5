"""Load: requests many at a time against a real Datasette server on 127.0.0.1, over the seed database.

Builds the seed database (``quotes build seeds/``) in a temporary folder, or
copies ``--db``; switches the copy to WAL (a served database is updated in
place) and serves it mutable with ``datasette serve`` on 127.0.0.1 and a free
port, with ``metadata.yml``, the plugin and the Datasette settings of
``quotes.publish.settings``. Then it sends a fixed mix of requests,
``--concurrency`` at a time, and stops the server. Every request goes to that
server and nowhere else; a run is bounded by ``--requests`` (at most 20,000),
a 30 s timeout per request and ``--deadline`` seconds in all.

The mix, drawn from the database itself (a fixed seed), the groups taking
turns: table pages, searches (table search, the canned queries, the site
search), facets, quote, speaker and article pages and the home page, embed
cards and oEmbed.

``--before DIR`` measures a before in the same run: DIR is another checkout
(``git archive COMMIT | tar -x -C DIR``) served with its own ``metadata.yml``
and Datasette's default settings; ``--no-cache`` adds a run with the plugin's
response cache off. The sides take turns for ``--rounds`` rounds, so other
work on the machine hits them all. Besides latency, the server's own CPU time
per request is read from /proc, a figure that other work on the machine moves
much less, and the share of answers that came from the cache.

    .venv/bin/python benchmarks/load.py                          # 2,000 requests, 20 at a time
    .venv/bin/python benchmarks/load.py --tiny                   # 100 requests, 5 at a time
    .venv/bin/python benchmarks/load.py --before /tmp/before --rounds 3 --write
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote as q

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, SEEDS, add_report_options, machine, machine_line, percentile, report  # noqa: E402

MAX_REQUESTS = 20_000
MAX_CONCURRENCY = 100
REQUEST_TIMEOUT_S = 30.0
TARGET_P95_MS = 300
GROUPS = ("table", "search", "facet", "page", "card", "oembed")


def _screenshots():
    """docs/screenshots.py: the one place that knows how to start a Datasette server for the site."""
    spec = importlib.util.spec_from_file_location("quotes_screenshots", ROOT / "docs" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_database(folder: Path, db: Path | None) -> Path:
    """A copy of ``db`` (or a fresh build of the seeds) in ``folder``, in WAL mode, named quotes.db."""
    path = folder / "quotes.db"
    if db:
        shutil.copyfile(db, path)
    else:
        subprocess.run(
            [sys.executable, "-m", "quotes", "build", str(SEEDS), "--db", str(path)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode = wal")
    conn.close()
    return path


def request_mix(path: Path, n: int, site: str, site_search: bool = True, seed: int = 13) -> list[tuple[str, str]]:
    """``n`` (group, path) pairs, the groups taking turns, drawn from the database at ``path``.

    ``site_search``: include the site's search page (``/-/quotes/search``, absent before issue #13).
    """
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    quote_ids = [r[0] for r in conn.execute("select id from quotes order by id")]
    speaker_ids = [r[0] for r in conn.execute("select id from speakers order by id")]
    outlet_ids = [r[0] for r in conn.execute("select id from outlets order by id")]
    article_ids = [r[0] for r in conn.execute("select id from articles order by id")]
    names = [r[0] for r in conn.execute("select alias from speaker_aliases order by alias")]
    words = sorted({w.strip(".,;:!?\"'“”‘’()") for (t,) in conn.execute("select text from quotes") for w in t.split()})
    words = [w for w in words if len(w) >= 5]
    conn.close()

    def pick(items):
        return q(rng.choice(items), safe="")

    groups = {
        "table": lambda: rng.choice(
            ["/quotes/quotes", "/quotes/mentions", "/quotes/speakers", "/quotes/articles", "/quotes/quote_browser"]
        ),
        "search": lambda: rng.choice(
            [
                f"/quotes/quotes?_search={pick(words)}",
                f"/quotes/mentions?_search={pick(words)}",
                f"/quotes/search_quotes?q={pick(words)}",
                f"/quotes/quotes_by_speaker?speaker={pick(names)}",
            ]
            + ([f"/-/quotes/search?q={pick(words + names)}"] if site_search else [])
        ),
        "facet": lambda: rng.choice(
            [
                f"/quotes/mentions?outlet_id={pick(outlet_ids)}",
                f"/quotes/quotes?speaker_id={pick(speaker_ids)}",
                "/quotes/mentions?_facet=outlet_id&_facet=kind",
                f"/quotes/quotes?first_outlet_id={pick(outlet_ids)}",
            ]
        ),
        "page": lambda: rng.choice(
            [
                f"/quotes/quotes/{pick(quote_ids)}",
                f"/quotes/speakers/{pick(speaker_ids)}",
                f"/quotes/articles/{pick(article_ids)}",
                "/",
            ]
        ),
        "card": lambda: f"/-/quotes/embed/{pick(quote_ids)}",
        "oembed": lambda: f"/-/quotes/oembed?url={q(f'{site}/quotes/quotes/{rng.choice(quote_ids)}', safe='')}",
    }
    return [(GROUPS[i % len(GROUPS)], groups[GROUPS[i % len(GROUPS)]]()) for i in range(n)]


async def http_get(reader, writer, host: str, path: str) -> tuple[int, dict]:
    """One GET over a kept-alive HTTP/1.1 connection; the body is read and dropped.

    A client this small costs the machine far less than the server it measures.
    """
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode("latin-1"))
    await writer.drain()
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return int(lines[0].split(" ", 2)[1]), headers


async def fire(base: str, plan: list[tuple[str, str]], concurrency: int, deadline_s: float) -> list[dict]:
    """Send ``plan`` to ``base`` (http://127.0.0.1:PORT) with ``concurrency`` requests in flight; every answer timed."""
    host = base.split("//", 1)[1]
    address, port = host.rsplit(":", 1)
    if address != "127.0.0.1":
        raise ValueError(f"load goes to 127.0.0.1 only, not {address}")
    queue: asyncio.Queue = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    results: list[dict] = []

    async def worker():
        connection = None
        while True:
            try:
                group, path = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            start, cached = time.perf_counter(), None
            try:
                if connection is None:
                    connection = await asyncio.open_connection(address, int(port))
                status, headers = await asyncio.wait_for(http_get(*connection, host, path), REQUEST_TIMEOUT_S)
                cached = headers.get("x-quotes-cache")
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as e:
                status = type(e).__name__
                if connection:
                    connection[1].close()
                connection = None
            ms = (time.perf_counter() - start) * 1000
            results.append({"group": group, "path": path, "status": status, "ms": ms, "cached": cached})
        if connection:
            connection[1].close()

    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), deadline_s)
    return results


def has_site_search(base: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{base}/-/quotes/search?q=a", timeout=REQUEST_TIMEOUT_S):
            return True
    except urllib.error.HTTPError as e:
        return e.code != 404


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summarise(results: list[dict], wall_s: float, cpu_s: float) -> dict:
    def stats(rows: list[dict]) -> dict:
        ms = [r["ms"] for r in rows]
        return {
            "requests": len(rows),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "max_ms": round(max(ms), 1),
            "not_200": sum(1 for r in rows if r["status"] != 200),
        }

    failures = Counter(f"{r['status']} {r['path'].split('?')[0]}" for r in results if r["status"] != 200)
    return {
        "all": {
            **stats(results),
            "requests_per_s": round(len(results) / wall_s, 1),
            "server_cpu_ms_per_request": round(cpu_s * 1000 / len(results), 1),
            "from_cache": round(sum(1 for r in results if r["cached"] == "hit") / len(results), 3),
        },
        "groups": {g: stats([r for r in results if r["group"] == g]) for g in GROUPS},
        "failures": dict(failures.most_common(10)),
        "wall_s": round(wall_s, 1),
    }


def run_once(path: Path, n: int, concurrency: int, deadline_s: float, source: Path | None, cache: bool = True) -> dict:
    """One server, one warm-up of every group, then the timed mix."""
    import yaml

    from quotes.publish.settings import SETTINGS

    screenshots = _screenshots()
    settings = {} if source else SETTINGS  # a before runs as it was served: Datasette's defaults
    metadata = (source or ROOT) / "metadata.yml"
    if not cache:  # the plugin's response cache off: what every request costs
        config = yaml.safe_load(metadata.read_text(encoding="utf-8"))
        config.setdefault("plugins", {}).setdefault("quotes", {})["cache_entries"] = 0
        metadata = path.with_name("metadata-nocache.yml")
        metadata.write_text(yaml.safe_dump(config), encoding="utf-8")
    with screenshots.datasette_process(path, metadata=metadata, settings=settings, source=source) as (base, proc):
        plan = request_mix(path, n, base, site_search=has_site_search(base))
        asyncio.run(fire(base, plan[: len(GROUPS)], 1, 60))
        cpu, client, start = cpu_seconds(proc.pid), time.process_time(), time.perf_counter()
        results = asyncio.run(fire(base, plan, concurrency, deadline_s))
        wall, cpu = time.perf_counter() - start, cpu_seconds(proc.pid) - cpu
        client = time.process_time() - client
    summary = summarise(results, wall, cpu)
    summary["all"]["client_cpu_ms_per_request"] = round(client * 1000 / len(results), 2)
    return {
        **summary,
        "settings": settings,
        "source": str(source) if source else None,
        "cache": cache and not source,
    }


SIDES = ("before", "after, no cache", "after")


def benchmark(
    n: int, concurrency: int, db: Path | None, deadline_s: float, before: Path | None, rounds: int, no_cache: bool
) -> dict:
    start_machine = machine()
    runs: dict[str, list[dict]] = {s: [] for s in SIDES if (s != "before" or before) and (s != SIDES[1] or no_cache)}
    with tempfile.TemporaryDirectory() as tmp:
        path = seed_database(Path(tmp), db)
        for _ in range(rounds):
            for side in runs:
                source = before if side == "before" else None
                runs[side].append(run_once(path, n, concurrency, deadline_s, source, cache=side != SIDES[1]))
                print(f"{side}: {runs[side][-1]['all']}", file=sys.stderr, flush=True)
        conn = sqlite3.connect(path)
        rows = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ("quotes", "mentions")}
        conn.close()
    return {
        "benchmark": "load",
        "machine": start_machine,
        "load_average_end": machine()["load_average"],
        "database": {"source": str(db) if db else "quotes build seeds/", "rows": rows},
        "requests": n,
        "concurrency": concurrency,
        "rounds": rounds,
        "runs": runs,
        # the figures of the round with the median p95, per side
        **{side: sorted(r, key=lambda x: x["all"]["p95_ms"])[len(r) // 2] for side, r in runs.items()},
        "target": f"p95 <= {TARGET_P95_MS} ms over the whole mix",
    }


def markdown(result: dict, command: str) -> str:
    sides = [s for s in SIDES if s in result]
    rows = result["database"]["rows"]
    lines = [
        "## Load, seed database",
        "",
        machine_line(result, command),
        "",
        f"{result['requests']:,} requests, {result['concurrency']} at a time, over HTTP to `datasette serve` on "
        f"127.0.0.1, the database ({result['database']['source']}: {rows['quotes']} quotes, {rows['mentions']} "
        "mentions) mutable and in WAL mode. "
        + (
            f"Before: the checkout of `{result['before']['source']}` with its metadata.yml and Datasette's default "
            "settings; after: this one with the settings of `quotes.publish.settings` "
            f"({', '.join(f'`{k}={v}`' for k, v in result['after']['settings'].items())}). "
            if "before" in result
            else f"Settings: {', '.join(f'`{k}={v}`' for k, v in result['after']['settings'].items())}. "
        )
        + (
            "After, no cache: the plugin's response cache switched off (`cache_entries: 0`). "
            if SIDES[1] in result
            else ""
        )
        + f"{result['rounds']} round(s), the sides taking turns; the round with the median p95 is shown.",
        "",
        "| | requests/s | server CPU ms/request | from cache | p50 ms | **p95 ms** | max ms | not 200 | "
        + " | ".join(f"{g} p95" for g in GROUPS)
        + " |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in GROUPS) + " |",
    ]
    for side in sides:
        a, groups = result[side]["all"], result[side]["groups"]
        lines.append(
            f"| {side} | {a['requests_per_s']} | {a['server_cpu_ms_per_request']} | {a['from_cache']:.0%} "
            f"| {a['p50_ms']} | **{a['p95_ms']}** "
            f"| {a['max_ms']} | {a['not_200']} | " + " | ".join(str(groups[g]["p95_ms"]) for g in GROUPS) + " |"
        )
    lines.append(
        "\nThe client (an asyncio HTTP/1.1 client in the script) used "
        + ", ".join(f"{result[side]['all']['client_cpu_ms_per_request']} ms ({side})" for side in sides)
        + " of CPU per request."
    )
    if result["rounds"] > 1:
        for side in sides:
            p95s = ", ".join(str(r["all"]["p95_ms"]) for r in result["runs"][side])
            rps = ", ".join(str(r["all"]["requests_per_s"]) for r in result["runs"][side])
            lines.append(f"\n{side.capitalize()}, every round: p95 {p95s} ms; {rps} requests/s.")
    for side in sides:
        if result[side]["failures"]:
            lines.append(
                f"\n{side.capitalize()}, not 200: "
                + "; ".join(f"`{k}` x{v}" for k, v in result[side]["failures"].items())
            )
    lines += ["", f"Target: {result['target']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="100 requests, 5 at a time (seconds)")
    parser.add_argument("--requests", type=int, help=f"requests per run (default 2,000; at most {MAX_REQUESTS:,})")
    parser.add_argument("--concurrency", type=int, help=f"requests in flight (default 20; at most {MAX_CONCURRENCY})")
    parser.add_argument("--db", type=Path, help="serve a copy of this database instead of building the seeds")
    parser.add_argument("--before", type=Path, help="a checkout to compare with (git archive COMMIT | tar -x -C DIR)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per side, taking turns (default 1; at most 5)")
    parser.add_argument("--no-cache", action="store_true", help="also run with the plugin's response cache off")
    parser.add_argument(
        "--deadline", type=float, default=600.0, help="stop a run after this many seconds (default 600)"
    )
    add_report_options(parser)
    args = parser.parse_args(argv)
    n = args.requests or (100 if args.tiny else 2_000)
    concurrency = args.concurrency or (5 if args.tiny else 20)
    if not (1 <= n <= MAX_REQUESTS and 1 <= concurrency <= MAX_CONCURRENCY and 1 <= args.rounds <= 5):
        parser.error(f"--requests must be 1..{MAX_REQUESTS}, --concurrency 1..{MAX_CONCURRENCY} and --rounds 1..5")
    if args.db and not args.db.is_file():
        parser.error(f"{args.db}: no such database")
    if args.before and not (args.before / "quotes" / "publish").is_dir():
        parser.error(f"{args.before}: not a checkout of this repository")
    result = benchmark(n, concurrency, args.db, args.deadline, args.before, args.rounds, args.no_cache)
    report(result, markdown, __file__, argv, args)


if __name__ == "__main__":
    main()
