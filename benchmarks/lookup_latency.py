"""Lookup latency: Datasette's JSON API and the site's pages over a database of a million mentions.

Generates a synthetic database straight into SQLite with the real schema
(``quotes.publish.store.create_tables``, then ``finish`` for indexes, full-text search
and views), then times requests through Datasette's in-process client, served
the way ``quotes serve`` serves it (mutable, in WAL mode, with ``metadata.yml``,
the plugin and the settings of ``quotes.publish.settings``; the plugin's
response cache off, so repeated pages cost what they cost the first time):

* ``search``: full-text search on quotes, ``/quotes/quotes.json?_search=WORD``
* ``speaker``: one speaker's mentions, ``/quotes/mentions.json?speaker_id=ID``
* ``quote``: one quote with its sources, ``/quotes/quotes/ID.json`` plus
  ``/quotes/mentions.json?quote_id=ID`` (the two timed together)

each as a program asks (``_shape=array``: rows only) and as the default JSON
(row count and the facets of ``metadata.yml``, what the HTML page computes
too); the canned queries (``search_quotes``, ``quotes_by_speaker``) and the
card data ``embed.js`` reads; and the HTML pages a person opens: the site's
search results, the table's search results, a speaker page, a quote page, an
article page and a facet by outlet (the mentions of one outlet, and the
quotes first carried by one).

Search words come from random quotes, so common words are searched as often
as people would meet them. Speakers and quotes are drawn per mention, so the
busiest speakers come up most.

    .venv/bin/python benchmarks/lookup_latency.py            # 1,000,000 mentions, 200 requests each
    .venv/bin/python benchmarks/lookup_latency.py --tiny     # seconds
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, add_report_options, machine, machine_line, percentile, report  # noqa: E402

SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "no",
    "su",
    "vi",
    "de",
    "an",
    "or",
    "el",
    "ust",
    "pre",
    "con",
    "ing",
    "ba",
    "tor",
    "mu",
    "shi",
    "gle",
    "ver",
    "pa",
    "qui",
    "zen",
    "hol",
    "ti",
    "ro",
    "ex",
    "im",
)
KINDS = ("direct", "mixed", "indirect")
CUES = ("said", "told", "added", "warned", "argued", "claimed", "insisted", "noted")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))))
    return sorted(words)


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    """Cumulative weights of ranks 1..n under Zipf's law (for ``random.choices``)."""
    return list(itertools.accumulate(1 / (r**s) for r in range(1, n + 1)))


def synthetic_rows(n_mentions: int, seed: int = 8, vocabulary_size: int | None = None) -> dict[str, list[dict]]:
    """Rows for every table, shaped like a real build's, with Zipf-distributed speakers and words
    (from ``vocabulary_size`` words: by default 20,000 from 100,000 mentions up, else 2,000)."""
    from quotes.ids import slug

    rng = random.Random(seed)
    n_quotes = max(1, n_mentions * 2 // 5)
    n_speakers = max(1, n_mentions // 20)
    n_articles = max(1, n_mentions // 10)
    n_outlets = max(1, min(200, n_articles // 10))
    vocab = vocabulary(rng, vocabulary_size or (20_000 if n_mentions >= 100_000 else 2_000))
    vocab_cum = zipf_weights(len(vocab))
    speaker_cum = zipf_weights(n_speakers, 0.9)

    outlets = [{"id": f"outlet-{i}", "name": f"Outlet {i}"} for i in range(n_outlets)]
    speakers = [
        {
            "id": f"speaker-{i}",
            "name": f"Speaker {i}",
            "kind": "person",
            "aliases": f'["Speaker {i}"]',
            "roles": "[]",
            "n_quotes": 0,
            "n_mentions": 0,
        }
        for i in range(n_speakers)
    ]
    articles = []
    for i in range(n_articles):
        outlet = outlets[i % n_outlets]
        articles.append(
            {
                "id": f"article-{i}",
                "path": f"corpus/{i}.txt",
                "outlet_id": outlet["id"],
                "title": f"Article {i}",
                "published": f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "url": f"https://example.org/{i}",
                "text": "",
                "n_mentions": 0,
            }
        )
    quote_speaker = [s - 1 for s in rng.choices(range(1, n_speakers + 1), cum_weights=speaker_cum, k=n_quotes)]
    quote_text = [" ".join(rng.choices(vocab, cum_weights=vocab_cum, k=rng.randint(6, 30))) for _ in range(n_quotes)]
    # Mentions per quote: every quote once, the rest spread with a long tail.
    quote_of = list(range(n_quotes)) + [
        min(n_quotes - 1, int(rng.paretovariate(1.2)) - 1 + rng.randrange(n_quotes)) % n_quotes
        for _ in range(n_mentions - n_quotes)
    ]
    rng.shuffle(quote_of)
    mentions, seen = [], {}
    for m, q in enumerate(quote_of):
        a = articles[rng.randrange(n_articles)]
        sp = speakers[quote_speaker[q]]
        sp["n_mentions"] += 1
        a["n_mentions"] += 1
        mentions.append(
            {
                "id": f"{a['id']}:{m}",
                "article_id": a["id"],
                "quote_id": f"quote-{q}",
                "speaker_id": sp["id"],
                "speaker_name": sp["name"],
                "speaker_mention": sp["name"],
                "speaker_extracted": sp["name"],
                "speaker_kind": "person",
                "role": None,
                "kind": KINDS[m % 3],
                "cue": CUES[m % len(CUES)],
                "text": quote_text[q],
                "start": m % 5000,
                "end": m % 5000 + len(quote_text[q]),
                "outlet_id": a["outlet_id"],
                "published": a["published"],
            }
        )
        first = seen.get(q)
        if first is None or (a["published"], a["id"]) < first[0]:
            seen[q] = ((a["published"], a["id"]), a, 1 + (first[2] if first else 0))
        else:
            seen[q] = (first[0], first[1], first[2] + 1)
    quotes = []
    for q in range(n_quotes):
        _, a, count = seen[q]
        speakers[quote_speaker[q]]["n_quotes"] += 1
        quotes.append(
            {
                "id": f"quote-{q}",
                "text": quote_text[q],
                "speaker_id": speakers[quote_speaker[q]]["id"],
                "first_seen": a["published"],
                "first_outlet_id": a["outlet_id"],
                "first_article_id": a["id"],
                "n_outlets": 1,
                "n_mentions": count,
                "outlets": f'["{a["outlet_id"]}"]',
            }
        )
    aliases = [
        {"speaker_id": s["id"], "alias": s["name"], "key": slug(s["name"]), "n_mentions": s["n_mentions"]}
        for s in speakers
    ]
    return {
        "outlets": outlets,
        "articles": articles,
        "speakers": speakers,
        "speaker_aliases": aliases,
        "speaker_roles": [],
        "quotes": quotes,
        "mentions": mentions,
    }


def write_synthetic(path: Path, n_mentions: int) -> dict:
    """A database at ``path`` with the real schema, indexes, full-text search and views."""
    import sqlite_utils

    from quotes.corpus.rows import TABLE_ORDER
    from quotes.publish.store import create_tables, finish

    start = time.perf_counter()
    rows = synthetic_rows(n_mentions)
    generated = time.perf_counter()
    db = sqlite_utils.Database(path)
    db.conn.execute("pragma journal_mode = off")
    db.conn.execute("pragma synchronous = off")
    create_tables(db)
    with db.conn:
        for name in TABLE_ORDER:
            if not rows[name]:
                continue
            columns = list(db[name].columns_dict)
            sql = f"insert into [{name}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})"
            db.conn.executemany(sql, ([r.get(c) for c in columns] for r in rows[name]))
    inserted = time.perf_counter()
    with db.conn:
        finish(db)
    db.conn.execute("vacuum")
    db.conn.close()
    return {
        "rows": {name: len(rows[name]) for name in TABLE_ORDER},
        "generate_s": round(generated - start, 1),
        "insert_s": round(inserted - generated, 1),
        "finish_s": round(time.perf_counter() - inserted, 1),
        "size_mib": round(path.stat().st_size / 2**20, 1),
    }


def existing(path: Path) -> dict:
    """What ``write_synthetic`` reports, for a database kept from an earlier run."""
    import sqlite_utils

    from quotes.corpus.rows import TABLE_ORDER

    db = sqlite_utils.Database(path)
    rows = {name: db[name].count for name in TABLE_ORDER}
    db.conn.close()
    return {"rows": rows, "reused": str(path), "size_mib": round(path.stat().st_size / 2**20, 1)}


def request_plans(path: Path, n: int, seed: int = 9) -> dict[str, list[list[str]]]:
    """For each lookup, ``n`` lists of URLs (timed together), drawn from the database itself."""
    import sqlite3
    from urllib.parse import quote as q

    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    n_mentions = conn.execute("select max(rowid) from mentions").fetchone()[0]

    def mention(column: str) -> str:
        while True:  # rowids are dense, but be safe
            row = conn.execute(
                f"select {column} from mentions where rowid = ?", [rng.randint(1, n_mentions)]
            ).fetchone()
            if row:
                return row[0]

    def word() -> str:
        return rng.choice([w for w in mention("text").split() if len(w) >= 3] or ["kalo"])

    words = [word() for _ in range(n)]
    speakers = [mention("speaker_id") for _ in range(n)]
    quote_ids = [mention("quote_id") for _ in range(n)]
    names = [mention("speaker_name") for _ in range(n)]
    articles = [mention("article_id") for _ in range(n)]
    outlets = [mention("outlet_id") for _ in range(n)]
    conn.close()
    page = max(1, n // 4)  # the page-like JSON is slow by design; fewer of them
    html = max(1, n // 2)
    return {
        # What a program asks for (_shape=array: no count, no facets).
        "search": [[f"/quotes/quotes.json?_search={q(w)}&_shape=array"] for w in words],
        "speaker": [[f"/quotes/mentions.json?speaker_id={q(s)}&_shape=array"] for s in speakers],
        "quote": [
            [f"/quotes/quotes/{q(i)}.json?_shape=array", f"/quotes/mentions.json?quote_id={q(i)}&_shape=array"]
            for i in quote_ids
        ],
        # The default JSON: what the HTML table page computes too (row count, metadata facets, suggestions).
        "search, page JSON": [[f"/quotes/quotes.json?_search={q(w)}"] for w in words[:page]],
        "speaker, page JSON": [[f"/quotes/mentions.json?speaker_id={q(s)}"] for s in speakers[:page]],
        "quote, page JSON": [
            [f"/quotes/quotes/{q(i)}.json", f"/quotes/mentions.json?quote_id={q(i)}"] for i in quote_ids[:page]
        ],
        # The canned queries the plugin ships, and the cards embed.js draws.
        "canned search_quotes": [[f"/quotes/search_quotes.json?_shape=array&q={q(w)}&speaker="] for w in words],
        "canned quotes_by_speaker": [[f"/quotes/quotes_by_speaker.json?_shape=array&speaker={q(s)}"] for s in names],
        "embed quote card": [[f"/-/quotes/card/{q(i)}.json"] for i in quote_ids],
        "embed search cards": [[f"/-/quotes/cards.json?q={q(w)}&limit=3"] for w in words],
        # The HTML pages a person opens.
        "search page": [[f"/-/quotes/search?q={q(w)}"] for w in words[:html]],
        "table search page": [[f"/quotes/quotes?_search={q(w)}"] for w in words[:html]],
        "speaker page": [[f"/quotes/speakers/{q(s)}"] for s in speakers[:html]],
        "quote page": [[f"/quotes/quotes/{q(i)}"] for i in quote_ids[:html]],
        "article page": [[f"/quotes/articles/{q(a)}"] for a in articles[:html]],
        "outlet facet page": [[f"/quotes/mentions?outlet_id={q(o)}"] for o in outlets[:html]],
        "first outlet facet page": [[f"/quotes/quotes?first_outlet_id={q(o)}"] for o in outlets[:html]],
    }


def load_metadata() -> dict | None:
    import yaml

    path = ROOT / "metadata.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


async def time_requests(path: Path, plans: dict[str, list[list[str]]]) -> dict:
    from datasette.app import Datasette

    from quotes.publish.settings import SETTINGS

    metadata = load_metadata() or {}
    # Every request does its work: the plugin's response cache (for repeated pages) is off.
    metadata.setdefault("plugins", {}).setdefault("quotes", {})["cache_entries"] = 0
    ds = Datasette([str(path)], metadata=metadata, settings=SETTINGS)
    await ds.invoke_startup()
    # Warm up once per kind: first-use costs (table counts, prepared schema) are not lookups.
    for urls in plans.values():
        for url in urls[0]:
            await ds.client.get(url)
    results = {}
    for kind, lookups in plans.items():
        times, rows, failures = [], 0, []
        for urls in lookups:
            start = time.perf_counter()
            for url in urls:
                response = await ds.client.get(url)
                if response.status_code != 200:
                    # Counted, not fatal: a lookup Datasette gives up on (sql_time_limit_ms) is a finding.
                    failures.append(f"{url}: HTTP {response.status_code}")
                    break
            else:
                if response.headers["content-type"].startswith("text/html"):
                    rows += 1  # a page: found
                else:
                    body = response.json()
                    rows += len(body if isinstance(body, list) else body.get("rows", body.get("cards", [body])))
            times.append((time.perf_counter() - start) * 1000)
        results[kind] = {
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1),
            "requests": len(times),
            "failed": len(failures),
            "failures": failures[:5],
            "mean_rows": round(rows / len(times), 1),
            "example": lookups[0],
        }
        print(
            f"{kind}: p50 {results[kind]['p50_ms']} ms, p95 {results[kind]['p95_ms']} ms, {len(failures)} failed",
            file=sys.stderr,
            flush=True,
        )
    return results


def benchmark(n_mentions: int, n_requests: int, keep: Path | None) -> dict:
    start_machine = machine()
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "quotes.db"  # the file name is the database name in URLs
        if keep and keep.exists():
            build = existing(keep)
        else:
            partial = Path(tmp) / "partial.db"
            build = write_synthetic(partial, n_mentions)
            shutil.move(partial, path)  # a kept database is always a whole one
        import sqlite3

        conn = sqlite3.connect(path)
        conn.execute("pragma journal_mode = wal")  # as a served database that is updated in place
        conn.close()
        latencies = asyncio.run(time_requests(path, request_plans(path, n_requests)))
    return {
        "benchmark": "lookup_latency",
        "machine": start_machine,
        "load_average_end": machine()["load_average"],
        "mentions": n_mentions,
        "database": build,
        "lookups": latencies,
        "target": "p95 <= 100 ms for the JSON lookups, p95 <= 300 ms for the pages",
    }


def settings() -> dict:
    from quotes.publish.settings import SETTINGS

    return SETTINGS


def markdown(result: dict, command: str = "python benchmarks/lookup_latency.py") -> str:
    db = result["database"]
    rows = ", ".join(f"{n:,} {t}" for t, n in db["rows"].items())
    made = (
        "kept from an earlier run"
        if "reused" in db
        else f"generated in {db['generate_s']} s, inserted in {db['insert_s']} s, indexes + FTS in {db['finish_s']} s"
    )
    lines = [
        "## Lookup latency",
        "",
        machine_line(result, command),
        "",
        f"Synthetic database: {rows} ({db['size_mib']} MiB; {made}). "
        "Datasette in-process client, one request at a time; the database mutable, in WAL mode, with "
        "`metadata.yml`, the plugin and the settings of `quotes.publish.settings` "
        f"({', '.join(f'`{k}={v}`' for k, v in settings().items())}); the plugin's response cache off, "
        "so every request does its work.",
        "",
        "| lookup | example | p50 ms | p95 ms | max ms | requests | failed | rows/response |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, r in result["lookups"].items():
        example = " + ".join(f"`{u}`" for u in r["example"])
        lines.append(
            f"| {kind} | {example} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['requests']} "
            f"| {r['failed']} | {r['mean_rows']} |"
        )
    for kind, r in result["lookups"].items():
        if r["failed"]:
            lines += [
                "",
                f"{kind} failures (first {len(r['failures'])}): " + "; ".join(f"`{f}`" for f in r["failures"]),
            ]
    lines += ["", f"Target: {result['target']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="2,000 mentions, 10 requests each (seconds)")
    parser.add_argument("--mentions", type=int, help="size of the synthetic database (default 1,000,000)")
    parser.add_argument("--requests", type=int, help="requests per lookup (default 200)")
    parser.add_argument("--keep", type=Path, help="write the database here (or reuse it if it exists)")
    add_report_options(parser)
    args = parser.parse_args(argv)
    n_mentions = args.mentions or (2_000 if args.tiny else 1_000_000)
    n_requests = args.requests or (10 if args.tiny else 200)
    result = benchmark(n_mentions, n_requests, args.keep)
    report(result, markdown, __file__, argv, args)


if __name__ == "__main__":
    main()
