"""Regenerate the README screenshots from a built database with headless Chromium.

    .venv/bin/quotes build seeds/     # writes db/quotes.db
    .venv/bin/python docs/screenshots.py [--db db/quotes.db] [--out docs]

Starts a real ``datasette`` server over the database (as ``quotes serve`` runs
it) and a second, static web server for an example article on another site
that embeds quote cards (through embed.js and an oEmbed iframe), then
photographs the quotes table, a quote page, an article page, a speaker search
and the embedding page. tests/test_browser.py drives the same servers and
pages, so what the screenshots show is what the tests check.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import http.server
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("QUOTES_CHROMIUM", "/usr/bin/chromium")  # the system Chromium (apt)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE_FILE = "article.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def datasette_server(db_path: Path, **kwargs):
    """A ``datasette serve`` subprocess as ``quotes serve`` runs it; yields its URL (see ``datasette_process``)."""
    with datasette_process(db_path, **kwargs) as (url, _):
        yield url


@contextlib.contextmanager
def datasette_process(
    db_path: Path,
    metadata: Path = ROOT / "metadata.yml",
    timeout: float = 30.0,
    settings: dict | None = None,
    source: Path | None = None,
):
    """A ``datasette serve`` subprocess as ``quotes serve`` runs it (mutable, CORS on, the site's
    settings unless ``settings`` says otherwise); yields its URL and process.

    ``source``: serve with the ``quotes`` package of another checkout (to measure a before).
    """
    from quotes.publish.settings import SETTINGS, setting_args

    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--cors",
        "--metadata",
        str(metadata),
        *setting_args(SETTINGS if settings is None else settings),
    ]
    # The server's log goes to a file: a pipe nobody reads fills up and stalls the server.
    log = tempfile.TemporaryFile()
    env = dict(os.environ, PYTHONPATH=str(source)) if source else None
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=source or ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"datasette exited: {log.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/-/versions.json", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start on {url} within {timeout}s") from None
                time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@contextlib.contextmanager
def static_server(directory: Path):
    """Python's http.server on another port: the page is on a different origin from Datasette."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def oembed_html(datasette_url: str, db: str, quote_id: str) -> str:
    """The iframe a site gets by asking the oEmbed endpoint about a quote's URL."""
    quote_url = f"{datasette_url}/{db}/quotes/{quote_id}"
    with urllib.request.urlopen(f"{datasette_url}/-/quotes/oembed?url={urllib.parse.quote(quote_url)}") as r:
        return json.load(r)["html"]


def article_page(
    datasette_url: str,
    db: str,
    quote_id: str,
    iframe_html: str,
    search: str,
    speaker: str,
    extra_quote_id: str | None = None,
    reported_quote_id: str | None = None,
) -> str:
    """An example news article embedding quote cards three ways (and reported speech, when given)."""
    e = functools.partial(html.escape, quote=True)
    extra = (
        (
            f'<p>And one more:</p>\n<blockquote data-quote-id="{e(extra_quote_id)}" id="extra-card">'
            "Loading quote…</blockquote>"
        )
        if extra_quote_id
        else ""
    )
    if reported_quote_id:
        extra += (
            f'\n<h2>Reported speech: no quotation marks</h2>\n<blockquote data-quote-id="{e(reported_quote_id)}"'
            ' id="reported-card">Loading quote…</blockquote>'
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>Example article embedding quotes</title>
<style>
  body {{ font: 17px/1.6 Georgia, serif; max-width: 44em; margin: 2em auto; padding: 0 1em; color: #222; }}
  h1 {{ font-family: system-ui, sans-serif; }} h2 {{ font: 600 15px system-ui, sans-serif; color: #666; }}
</style>
</head>
<body>
<h1>What they said this week</h1>
<p>An example page on another site. The card below is a plain
<code>&lt;blockquote data-quote-id&gt;</code> turned into a quote card by embed.js.</p>
<blockquote data-quote-id="{e(quote_id)}" id="card">Loading quote…</blockquote>
<h2>Search: “{e(search)}” by {e(speaker)}</h2>
<div data-quote-search="{e(search)}" data-speaker="{e(speaker)}" data-limit="2" id="search-cards"></div>
{extra}
<h2>The same quote through oEmbed (an iframe)</h2>
{iframe_html}
<script src="{e(datasette_url)}/-/quotes/embed.js?db={e(urllib.parse.quote(db))}" async></script>
</body>
</html>
"""


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def showcase_quote(db_path: Path) -> tuple[str, str, str]:
    """(quote id, a search word from it, its speaker): the quote carried by the most outlets."""
    row = _one(
        db_path,
        "select q.id, q.text, s.name from quotes q join speakers s on s.id = q.speaker_id"
        " order by q.n_outlets desc, q.n_mentions desc, length(q.text) desc limit 1",
    )
    qid, text, speaker = row
    word = max((w.strip(".,;:!?\"'“”‘’()") for w in text.split()), key=len)
    return qid, word, speaker


def _one(db_path: Path, sql: str) -> tuple:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = conn.execute(sql).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"{db_path}: no quotes with a speaker; build the database first (quotes build)")
    return row


def reported_quote(db_path: Path) -> str:
    """A quote known only as reported speech ("said"), by a named person, carried by the most outlets."""
    return _one(
        db_path,
        "select q.id from quotes q join speakers s on s.id = q.speaker_id where s.kind = 'person'"
        " and not exists (select 1 from mentions m where m.quote_id = q.id and (m.kind != 'indirect' or m.cue != 'said'))"
        " order by q.n_outlets desc, length(q.text) desc, q.id limit 1",
    )[0]


def busiest_article(db_path: Path) -> str:
    return _one(db_path, "select id from articles order by n_mentions desc, id limit 1")[0]


def misspelt_speaker(db_path: Path) -> str:
    """The most quoted person's name as a reader might type it (Dmitry Peskov -> Dmitri Peskov)."""
    name = _one(
        db_path,
        "select name from speakers where kind = 'person' and name like '% %' order by n_quotes desc, id limit 1",
    )[0]
    first, rest = name.split(" ", 1)
    swap = {"y": "i", "i": "y", "e": "a", "a": "e"}
    return (first[:-1] + swap[first[-1]] if first[-1] in swap else "Mr") + " " + rest


def take_screenshots(db_path: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    db = db_path.stem
    qid, word, speaker = showcase_quote(db_path)
    out.mkdir(parents=True, exist_ok=True)
    shots = {
        name: out / f"screenshot-{name}.png" for name in ("quotes-table", "quote-page", "article", "search", "embed")
    }
    with contextlib.ExitStack() as stack:
        ds_url = stack.enter_context(datasette_server(db_path))
        site = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        (site / ARTICLE_FILE).write_text(
            article_page(
                ds_url, db, qid, oembed_html(ds_url, db, qid), word, speaker, reported_quote_id=reported_quote(db_path)
            ),
            encoding="utf-8",
        )
        site_url = stack.enter_context(static_server(site))
        pw = stack.enter_context(sync_playwright())
        browser = launch(pw)
        stack.callback(browser.close)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{ds_url}/{db}/quotes")
        # From the row count down: search box, facets and rows.
        top = page.locator("h3").first.bounding_box()["y"] - 16
        page.screenshot(
            path=str(shots["quotes-table"]), full_page=True, clip={"x": 0, "y": top, "width": 1280, "height": 1250}
        )
        page.set_viewport_size({"width": 1100, "height": 900})
        page.goto(f"{ds_url}/{db}/quotes/{qid}")
        page.screenshot(path=str(shots["quote-page"]), full_page=True)
        page.goto(f"{ds_url}/{db}/articles/{busiest_article(db_path)}")
        page.screenshot(path=str(shots["article"]), clip={"x": 0, "y": 0, "width": 1100, "height": 1000})
        page.goto(f"{ds_url}/")
        page.locator('input[name="q"]').fill(misspelt_speaker(db_path))
        page.locator('input[name="q"]').press("Enter")
        page.wait_for_url("**/-/quotes/search?*")
        page.screenshot(path=str(shots["search"]), full_page=True)
        page.set_viewport_size({"width": 900, "height": 900})
        page.goto(f"{site_url}/{ARTICLE_FILE}")
        page.locator('#card[data-quote-rendered="true"]').wait_for()
        page.locator('#search-cards[data-quote-rendered="true"]').wait_for()
        page.locator('#reported-card[data-quote-rendered="true"]').wait_for()
        page.locator("iframe").scroll_into_view_if_needed()
        page.frame_locator("iframe").locator(".quote-card").wait_for()
        page.wait_for_function("document.querySelector('iframe').style.height !== ''")  # resized to its card
        page.set_viewport_size({"width": 900, "height": page.evaluate("document.documentElement.scrollHeight")})
        page.screenshot(path=str(shots["embed"]))
    return list(shots.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "db" / "quotes.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no database; run 'quotes build' first")
    for path in take_screenshots(args.db, args.out):
        print(path)


if __name__ == "__main__":
    main()
