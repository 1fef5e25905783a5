"""Load: requests many at a time against a real Datasette server on 127.0.0.1, over the seed database.

Builds the seed database (``quotes build seeds/``) in a temporary folder, or
copies ``--db``; switches the copy to WAL (a served database is updated in
place) and serves it mutable with ``datasette serve`` on 127.0.0.1 and a free
port, with ``metadata.yml``, the plugin and the Datasette settings of
``quotes.publish.settings`` (``--datasette-defaults`` leaves them out). Then
it sends a fixed mix of requests, ``--concurrency`` at a time, and stops the
server. Every request goes to that server and nowhere else; the run is
bounded by ``--requests`` (at most 20,000), a 30 s timeout per request and
``--deadline`` seconds in all.

The mix, drawn from the database itself (a fixed seed): table pages,
searches (table search, the canned search, the site search), facets,
quote, speaker and article pages, embed cards and oEmbed.

    .venv/bin/python benchmarks/load.py                          # 2,000 requests, 20 at a time
    .venv/bin/python benchmarks/load.py --tiny                   # 100 requests, 5 at a time
    .venv/bin/python benchmarks/load.py --label after --write    # into RESULTS.md
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
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
    names_cycle = list(groups)
    return [(names_cycle[i % len(names_cycle)], groups[names_cycle[i % len(names_cycle)]]()) for i in range(n)]


async def fire(base: str, plan: list[tuple[str, str]], concurrency: int, deadline_s: float) -> list[dict]:
    """Send ``plan`` to ``base`` with ``concurrency`` requests in flight; every answer timed."""
    import httpx

    queue: asyncio.Queue = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    results: list[dict] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT_S, limits=limits) as client:

        async def worker():
            while True:
                try:
                    group, path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    status = response.status_code
                except httpx.HTTPError as e:
                    status = type(e).__name__
                results.append(
                    {"group": group, "path": path, "status": status, "ms": (time.perf_counter() - start) * 1000}
                )

        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), deadline_s)
    return results


def has_site_search(base: str) -> bool:
    import httpx

    return httpx.get(f"{base}/-/quotes/search?q=a", timeout=REQUEST_TIMEOUT_S).status_code != 404


def summarise(results: list[dict], wall_s: float) -> dict:
    def stats(rows: list[dict]) -> dict:
        ms = [r["ms"] for r in rows]
        return {
            "requests": len(rows),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "max_ms": round(max(ms), 1),
            "not_200": sum(1 for r in rows if r["status"] != 200),
        }

    groups = {}
    for group in dict.fromkeys(r["group"] for r in results):
        groups[group] = stats([r for r in results if r["group"] == group])
    failures = Counter(f"{r['status']} {r['path'].split('?')[0]}" for r in results if r["status"] != 200)
    return {
        "all": {**stats(results), "requests_per_s": round(len(results) / wall_s, 1)},
        "groups": groups,
        "failures": dict(failures.most_common(10)),
        "wall_s": round(wall_s, 1),
    }


def benchmark(
    n: int, concurrency: int, db: Path | None, defaults: bool, deadline_s: float, source: Path | None = None
) -> dict:
    from quotes.publish.settings import SETTINGS

    screenshots = _screenshots()
    settings = {} if defaults else SETTINGS
    start_machine = machine()
    with tempfile.TemporaryDirectory() as tmp:
        path = seed_database(Path(tmp), db)
        metadata = (source or ROOT) / "metadata.yml"
        with screenshots.datasette_server(path, metadata=metadata, settings=settings, source=source) as base:
            plan = request_mix(path, n, base, site_search=has_site_search(base))
            with contextlib.suppress(Exception):  # one warm-up of every group, not counted
                asyncio.run(fire(base, [plan[i] for i in range(min(len(plan), 6))], 1, 60))
            start = time.perf_counter()
            results = asyncio.run(fire(base, plan, concurrency, deadline_s))
            wall = time.perf_counter() - start
        rows = {
            t: sqlite3.connect(path).execute(f"select count(*) from [{t}]").fetchone()[0]
            for t in ("quotes", "mentions")
        }
    return {
        "benchmark": "load",
        "machine": start_machine,
        "load_average_end": machine()["load_average"],
        "database": {"source": str(db) if db else "quotes build seeds/", "rows": rows},
        "requests": n,
        "concurrency": concurrency,
        "settings": settings,
        "source": str(source) if source else None,
        **summarise(results, wall),
        "target": f"p95 <= {TARGET_P95_MS} ms over the whole mix",
    }


def markdown(result: dict, command: str, label: str) -> str:
    a = result["all"]
    settings = ", ".join(f"`{k}={v}`" for k, v in result["settings"].items()) or "Datasette's defaults"
    lines = [
        f"## Load, seed database ({label})",
        "",
        machine_line(result, command),
        "",
        f"{result['requests']:,} requests, {result['concurrency']} at a time, over HTTP to `datasette serve` on "
        f"127.0.0.1 (mutable, WAL) with `metadata.yml` and the plugin{' of ' + result['source'] if result['source'] else ''}; "
        f"settings: {settings}. Database: "
        f"{result['database']['source']} ({result['database']['rows']['quotes']} quotes, "
        f"{result['database']['rows']['mentions']} mentions). {a['requests_per_s']} requests/s, "
        f"{result['wall_s']} s in all.",
        "",
        "| requests | count | p50 ms | p95 ms | max ms | not 200 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| **all** | {a['requests']} | {a['p50_ms']} | **{a['p95_ms']}** | {a['max_ms']} | {a['not_200']} |",
    ]
    for group, g in result["groups"].items():
        lines.append(f"| {group} | {g['requests']} | {g['p50_ms']} | {g['p95_ms']} | {g['max_ms']} | {g['not_200']} |")
    if result["failures"]:
        lines += ["", "Not 200: " + "; ".join(f"`{k}` x{v}" for k, v in result["failures"].items())]
    lines += ["", f"Target: {result['target']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="100 requests, 5 at a time (seconds)")
    parser.add_argument("--requests", type=int, help=f"requests in all (default 2,000; at most {MAX_REQUESTS:,})")
    parser.add_argument("--concurrency", type=int, help=f"requests in flight (default 20; at most {MAX_CONCURRENCY})")
    parser.add_argument("--db", type=Path, help="serve a copy of this database instead of building the seeds")
    parser.add_argument("--datasette-defaults", action="store_true", help="serve without the settings of quotes serve")
    parser.add_argument(
        "--source",
        type=Path,
        help="serve the quotes package and metadata.yml of another checkout (git archive COMMIT | tar -x -C DIR)",
    )
    parser.add_argument("--deadline", type=float, default=600.0, help="stop after this many seconds (default 600)")
    parser.add_argument("--label", default="after", help="names the RESULTS.md section (default: after)")
    add_report_options(parser)
    args = parser.parse_args(argv)
    n = args.requests or (100 if args.tiny else 2_000)
    concurrency = args.concurrency or (5 if args.tiny else 20)
    if not (1 <= n <= MAX_REQUESTS and 1 <= concurrency <= MAX_CONCURRENCY):
        parser.error(f"--requests must be 1..{MAX_REQUESTS} and --concurrency 1..{MAX_CONCURRENCY}")
    if args.db and not args.db.is_file():
        parser.error(f"{args.db}: no such database")
    result = benchmark(n, concurrency, args.db, args.datasette_defaults, args.deadline, args.source)
    report(result, lambda r, command: markdown(r, command, args.label), __file__, argv, args)


if __name__ == "__main__":
    main()
