"""Datasette plugin: embeddable quote cards, oEmbed, embed.js and SQL helpers.

Routes (all read-only):

* ``/-/quotes/embed/<quote_id>`` a self-contained HTML card for an iframe
* ``/-/quotes/oembed?url=<quote or embed URL>`` oEmbed JSON for that card
* ``/-/quotes/embed.js`` turns ``<blockquote data-quote-id>`` and
  ``<div data-quote-search>`` in any page into cards via the JSON API

SQL functions for the canned queries in metadata.yml: ``quotes_slug(name)``
(the same slug as speaker ids, so any spelling of a name matches) and
``quotes_fts_query(text)`` (user text made safe for FTS ``MATCH``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import jinja2
import markupsafe
from datasette import hookimpl
from datasette.utils import escape_fts, tilde_encode
from datasette.utils.asgi import Response

from ..ids import slug

HERE = Path(__file__).parent
EMBED_WIDTH, EMBED_HEIGHT = 520, 440
# The card loads nothing and runs nothing: only its own inline styles.
EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
QUOTE_ID = r"[A-Za-z0-9_-]+"
_ROW_URL = re.compile(rf"^/(?P<db>[^/]+)/(?:quotes|quote_browser)/(?P<id>{QUOTE_ID})(?:\.json)?$")
_EMBED_URL = re.compile(rf"^/-/quotes/embed/(?P<id>{QUOTE_ID})$")
# Columns of canned queries and the browsing view that name a row elsewhere:
# column -> (table, column holding the row's id).
_LINKS = {
    "quote_id": ("quotes", "quote_id"),
    "speaker": ("speakers", "speaker_id"),
    "speaker_id": ("speakers", "speaker_id"),
    "article": ("articles", "article_id"),
    "article_id": ("articles", "article_id"),
}
_VIEWS = {"quote_browser"}
_LISTS = {"roles", "outlets"}

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def fts_query(text: str | None) -> str:
    """Any user text as an FTS5 query matching all its words; never a syntax error."""
    return escape_fts(text or "") or '""'


def sql_slug(text: str | None) -> str | None:
    return slug(text) if text else None


def web_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else (``javascript:``) is dropped."""
    return url if url and urlparse(url).scheme in ("http", "https") else None


@hookimpl
def prepare_connection(conn):
    conn.create_function("quotes_slug", 1, sql_slug, deterministic=True)
    conn.create_function("quotes_fts_query", 1, fts_query, deterministic=True)


async def quotes_database(datasette, name: str | None = None):
    """The named database, or the first one holding a ``quotes`` table; None if there is none."""
    names = [name] if name else list(datasette.databases)
    for n in names:
        db = datasette.databases.get(n)
        if db is not None and await db.table_exists("quotes"):
            return db
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Link ids and list JSON arrays in canned queries and the browsing view."""
    if value in (None, "") or not (table is None or table in _VIEWS):
        return None
    if column in _LISTS:
        try:
            items = json.loads(value)
        except (TypeError, ValueError):
            return None
        if not isinstance(items, list):
            return None
        return "; ".join(map(str, items)) or markupsafe.Markup("&nbsp;")
    if column not in _LINKS:
        return None
    target, id_column = _LINKS[column]
    if id_column not in row.keys() or row[id_column] in (None, ""):
        return None

    async def inner():
        if await quotes_database(datasette, database) is None:
            return None
        href = datasette.urls.row(database, target, tilde_encode(str(row[id_column])))
        return markupsafe.Markup('<a href="{}">{}</a>').format(href, value)

    return inner


async def _dicts(db, sql: str, params: list) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def quote_card_data(db, quote_id: str) -> dict | None:
    """The quote, its speaker and roles, and every article that carried it."""
    rows = await _dicts(
        db,
        "select quote_id, text, speaker, speaker_id, roles, first_seen, n_outlets from quote_browser"
        " where quote_id = ?",
        [quote_id],
    )
    if not rows:
        return None
    quote = rows[0]
    quote["roles"] = json.loads(quote["roles"] or "[]")
    quote["sources"] = await _dicts(
        db,
        "select m.published, o.name as outlet, a.title, a.url, m.article_id from mentions m"
        " join articles a on a.id = m.article_id left join outlets o on o.id = m.outlet_id"
        " where m.quote_id = ? order by m.published, o.name, m.id",
        [quote_id],
    )
    return quote


def error_json(message: str, status: int) -> Response:
    return Response.json(
        {"error": message, "status": status}, status=status, headers={"Access-Control-Allow-Origin": "*"}
    )


async def embed(datasette, request):
    quote_id = request.url_vars["quote_id"]
    db = await quotes_database(datasette, request.args.get("db"))
    quote = await quote_card_data(db, quote_id) if db else None
    if quote is None:
        return Response.html(
            f"<!doctype html><title>Not found</title><p>No quote {markupsafe.escape(quote_id)}</p>",
            status=404,
            headers={"Content-Security-Policy": EMBED_CSP},
        )
    urls = datasette.urls
    for s in quote["sources"]:
        s["href"] = web_url(s["url"]) or datasette.absolute_url(
            request, urls.row(db.name, "articles", tilde_encode(s["article_id"]))
        )
    html = _templates.get_template("quote_card.html").render(
        quote=quote,
        quote_url=datasette.absolute_url(request, urls.row(db.name, "quotes", tilde_encode(quote_id))),
        sources_url=datasette.absolute_url(
            request, urls.query(db.name, "quote_sources") + "?quote_id=" + tilde_encode(quote_id)
        ),
        speaker_url=datasette.absolute_url(request, urls.row(db.name, "speakers", tilde_encode(quote["speaker_id"])))
        if quote["speaker_id"]
        else None,
    )
    return Response.html(html, headers={"Content-Security-Policy": EMBED_CSP})


def _dimension(request, name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 50:
        raise ValueError(f"{name} must be a whole number of pixels, at least 50")
    return min(default, int(raw))


async def oembed(datasette, request):
    """oEmbed (https://oembed.com) for quote rows and embed URLs of this instance."""
    url = request.args.get("url")
    if not url:
        return error_json("url parameter is required", 400)
    if request.args.get("format", "json") != "json":
        return error_json("only format=json is supported", 501)
    try:
        width = _dimension(request, "maxwidth", EMBED_WIDTH)
        height = _dimension(request, "maxheight", EMBED_HEIGHT)
    except ValueError as e:
        return error_json(str(e), 400)
    parsed = urlparse(url)
    path = parsed.path
    base = datasette.setting("base_url").rstrip("/")
    if base and path.startswith(base):
        path = path[len(base) :]
    row, emb = _ROW_URL.match(path), _EMBED_URL.match(path)
    if parsed.scheme not in ("http", "https") or not (row or emb):
        return error_json(f"not a quote URL: {url}", 400)
    db_name = row["db"] if row else dict(parse_qsl(parsed.query)).get("db")
    db = await quotes_database(datasette, db_name)
    quote_id = (row or emb)["id"]
    quote = await quote_card_data(db, quote_id) if db else None
    if quote is None:
        return error_json(f"no quote {quote_id}", 404)
    src = datasette.absolute_url(request, datasette.urls.path(f"-/quotes/embed/{quote_id}"))
    if db_name:
        src += f"?db={tilde_encode(db.name)}"
    speaker = quote["speaker"] or "unknown speaker"
    iframe = markupsafe.Markup(
        '<iframe src="{}" width="{}" height="{}" style="border:0;max-width:100%" loading="lazy" title="{}"></iframe>'
    ).format(src, width, height, f"Quote by {speaker}")
    title = quote["text"] if len(quote["text"]) <= 100 else quote["text"][:99] + "\u2026"
    return Response.json(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "author_name": speaker,
            "provider_name": datasette.metadata("title") or "Quotes",
            "provider_url": datasette.absolute_url(request, datasette.urls.instance()),
            "html": str(iframe),
            "width": width,
            "height": height,
            "cache_age": 3600,
        },
        headers={"Access-Control-Allow-Origin": "*"},
    )


async def embed_js(datasette, request):
    """The embed script, told which database to use when its URL does not say (``?db=``)."""
    db = await quotes_database(datasette)
    script = (HERE / "static" / "embed.js").read_text(encoding="utf-8")
    script = script.replace("/*DEFAULT_DB*/null", json.dumps(db.name if db else None))
    return Response(
        script,
        content_type="application/javascript; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=300"},
    )


@hookimpl
def register_routes(datasette):
    return [
        (rf"^/-/quotes/embed/(?P<quote_id>{QUOTE_ID})$", embed),
        (r"^/-/quotes/oembed$", oembed),
        (r"^/-/quotes/embed\.js$", embed_js),
    ]
