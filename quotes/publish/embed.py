"""Quote cards for other sites: the iframe card, its JSON for embed.js, oEmbed and the embed snippets.

Routes (read-only; each checks the tables it reads as Datasette's views would):

* ``/-/quotes/embed/<quote_id>``: a self-contained card for an iframe (no
  scripts but one, allowed by hash, that tells the parent page its height)
* ``/-/quotes/card/<quote_id>.json`` and ``/-/quotes/cards.json?q=&speaker=&limit=``:
  the same cards as data, for embed.js
* ``/-/quotes/oembed?url=<a quote URL of this site>``: oEmbed JSON
* ``/-/quotes/embed.js``: turns ``<blockquote data-quote-id>`` and
  ``<div data-quote-search>`` into cards and resizes card iframes

Absolute links come from the configured site address (``config.origin``), never
from the request's Host header; error replies are short fixed messages.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse

import markupsafe
from datasette.utils import tilde_encode
from datasette.utils.asgi import Forbidden, Response

from . import config, display, pagedata
from .permissions import ensure_visible, visible

HERE = Path(__file__).parent
EMBED_WIDTH, EMBED_HEIGHT = 520, 440
MIN_DIMENSION = 50
CARD_SOURCES = 5  # sources listed on a card; the rest are counted
MAX_CARDS = 20
QUOTE_ID = r"[A-Za-z0-9_-]+"
CARD_TABLES = ("quotes", "speakers", "mentions", "articles", "outlets")
HEIGHT_SCRIPT = (HERE / "static" / "card-height.js").read_text(encoding="utf-8")
EMBED_JS = (HERE / "static" / "embed.js").read_text(encoding="utf-8")
_HEIGHT_HASH = base64.b64encode(hashlib.sha256(HEIGHT_SCRIPT.encode("utf-8")).digest()).decode()
# The card loads nothing and runs nothing but its own height script.
EMBED_CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_HEIGHT_HASH}'; "
    "base-uri 'none'; form-action 'none'"
)
_ROW_URL = re.compile(rf"^/(?P<db>[^/]+)/quotes/(?P<id>{QUOTE_ID})(?:\.json)?/?$")
_EMBED_URL = re.compile(rf"^/-/quotes/embed/(?P<id>{QUOTE_ID})/?$")
CORS = {"Access-Control-Allow-Origin": "*"}
PUBLIC_MAX_AGE = 60  # seconds a card, oEmbed reply or search may be kept by browsers, proxies and the cache


def cache_headers(request) -> dict:
    """Kept for a minute when anyone may see it; private when it was made for a signed-in actor."""
    return {"Cache-Control": f"max-age={PUBLIC_MAX_AGE}" if request.actor is None else "private"}


class NotFound(Exception):
    pass


def error_json(message: str, status: int) -> Response:
    return Response.json({"error": message, "status": status}, status=status, headers=CORS)


async def _card_database(datasette, request, name: str | None):
    db = await config.quotes_database(datasette, name)
    if db is None:
        raise NotFound
    await ensure_visible(datasette, request, db.name, tables=CARD_TABLES)
    return db


def _row_url(datasette, request, db_name: str, table: str, pk: str) -> str:
    return config.absolute(datasette, request, datasette.urls.row(db_name, table, tilde_encode(pk)))


def embed_src(datasette, request, db_name: str, quote_id: str, default_db: bool) -> str:
    path = datasette.urls.path(f"-/quotes/embed/{tilde_encode(quote_id)}")
    return config.absolute(datasette, request, path) + ("" if default_db else "?" + urlencode({"db": db_name}))


def estimated_height(card: dict) -> int:
    """About the card's height in pixels, so an iframe starts close to it before the card reports its own."""
    lines = math.ceil(len(card["rendering"].plain()) / 48)
    return min(EMBED_HEIGHT * 2, 118 + 26 * lines + 20 * (len(card["sources"]) + bool(card["more_sources"])))


async def card_data(datasette, request, db, quote_id: str, q: dict | None = None) -> dict:
    """Everything a card shows, with absolute links of this site (``q``: the quote, if already read)."""
    q = q or await pagedata.quote(db, quote_id, limit=CARD_SOURCES)
    if q is None:
        raise NotFound
    sources = [
        {
            "outlet": m["outlet"],
            "published": m["published"],
            "published_human": display.human_date(m["published"]),
            "title": m["title"],
            "href": m["web_url"] or _row_url(datasette, request, db.name, "articles", m["article_id"]),
        }
        for m in q["mentions"][:CARD_SOURCES]
    ]
    n = q["n_outlets"]
    carried = f"Carried by {n} outlet{'' if n == 1 else 's'}" if n else "Outlet unknown"
    if q["first_seen"]:
        carried += f", first seen {display.human_date(q['first_seen'])}"
    sources_url = None
    if await visible(datasette, request, db.name, queries=["quote_sources"]):
        sources_url = config.absolute(
            datasette, request, datasette.urls.query(db.name, "quote_sources") + "?" + urlencode({"quote_id": quote_id})
        )
    return {
        "quote_id": quote_id,
        "rendering": q["rendering"],
        "speaker": q["speaker"],
        "speaker_url": _row_url(datasette, request, db.name, "speakers", q["speaker_id"]) if q["speaker_id"] else None,
        "role": q["role"],
        "sources": sources,
        "more_sources": max(0, q["n_mentions"] - len(sources)),
        "n_outlets": n,
        "first_seen": q["first_seen"],
        "carried": carried,
        "url": _row_url(datasette, request, db.name, "quotes", quote_id),
        "sources_url": sources_url,
    }


def card_json(card: dict) -> dict:
    return {**card, "rendering": card["rendering"].to_dict()}


async def embed(datasette, request):
    quote_id = request.url_vars["quote_id"]
    try:
        db = await _card_database(datasette, request, request.args.get("db"))
        card = await card_data(datasette, request, db, quote_id)
    except NotFound:
        return Response.html(
            "<!doctype html><title>Not found</title><p>No such quote.</p>",
            status=404,
            headers={"Content-Security-Policy": EMBED_CSP},
        )
    template = datasette.jinja_env.get_template("quote_card.html")
    html = await template.render_async(card=card, height_script=markupsafe.Markup(HEIGHT_SCRIPT))
    return Response.html(html, headers={"Content-Security-Policy": EMBED_CSP, **cache_headers(request)})


async def card(datasette, request):
    try:
        db = await _card_database(datasette, request, request.args.get("db"))
        data = await card_data(datasette, request, db, request.url_vars["quote_id"])
    except NotFound:
        return error_json("no such quote", 404)
    except Forbidden:
        return error_json("forbidden", 403)
    return Response.json(card_json(data), headers={**CORS, **cache_headers(request)})


async def cards(datasette, request):
    """Search cards for embed.js: quotes with the words ``q`` and/or by ``speaker`` (any spelling)."""
    raw_limit = request.args.get("limit", "3")
    if not raw_limit.isdigit():
        return error_json("limit must be a whole number", 400)
    limit = min(MAX_CARDS, max(1, int(raw_limit)))
    try:
        db = await _card_database(datasette, request, request.args.get("db"))
        await ensure_visible(datasette, request, db.name, tables=["speaker_aliases"])
    except NotFound:
        return error_json("no quotes database", 404)
    except Forbidden:
        return error_json("forbidden", 403)
    found = await pagedata.cards(db, request.args.get("q", ""), request.args.get("speaker", ""), limit)
    out = []
    for q in found:
        out.append(
            {
                "quote_id": q["id"],
                "rendering": q["rendering"].to_dict(),
                "speaker": q["speaker"],
                "speaker_url": _row_url(datasette, request, db.name, "speakers", q["speaker_id"])
                if q["speaker_id"]
                else None,
                "outlets": q["outlets"],
                "n_outlets": q["n_outlets"],
                "first_seen": q["first_seen"],
                "carried": (f"Carried by {q['n_outlets']} outlet{'' if q['n_outlets'] == 1 else 's'}")
                if q["n_outlets"]
                else "Outlet unknown",
                "url": _row_url(datasette, request, db.name, "quotes", q["id"]),
            }
        )
    return Response.json({"cards": out}, headers={**CORS, **cache_headers(request)})


def _dimension(request, name: str, default: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < MIN_DIMENSION:
        return None
    return min(default, int(raw))


def quote_of_url(datasette, request, url: str) -> tuple[str | None, str] | None:
    """(database name or None, quote id) when ``url`` is a quote page or card of this site, else None."""
    parsed = urlparse(url)
    site = urlparse(config.origin(datasette, request))
    if parsed.scheme not in ("http", "https") or (parsed.netloc or "").lower() != site.netloc.lower():
        return None
    path = parsed.path
    base = datasette.setting("base_url").rstrip("/")
    if base:
        if not path.startswith(base + "/"):
            return None
        path = path[len(base) :]
    row, emb = _ROW_URL.match(path), _EMBED_URL.match(path)
    if row:
        return row["db"], row["id"]
    if emb:
        return dict(parse_qsl(parsed.query)).get("db"), emb["id"]
    return None


def iframe_html(src: str, width: int, height: int, speaker: str | None, script_src: str) -> str:
    return str(
        markupsafe.Markup(
            '<iframe src="{}" width="{}" height="{}" style="border:0;max-width:100%" loading="lazy" title="{}"'
            ' data-quotes-embed></iframe><script async src="{}"></script>'
        ).format(src, width, height, f"Quote by {speaker or 'unknown speaker'}", script_src)
    )


def embed_js_url(datasette, request, db_name: str | None = None) -> str:
    url = config.absolute(datasette, request, datasette.urls.path("-/quotes/embed.js"))
    return url + ("?" + urlencode({"db": db_name}) if db_name else "")


async def oembed(datasette, request):
    """oEmbed (https://oembed.com) for the quote pages and cards of this site, and nothing else."""
    url = request.args.get("url")
    if not url:
        return error_json("url is required", 400)
    if request.args.get("format", "json") != "json":
        return error_json("only format=json is supported", 501)
    width = _dimension(request, "maxwidth", EMBED_WIDTH)
    max_height = _dimension(request, "maxheight", EMBED_HEIGHT * 2)
    if width is None or max_height is None:
        return error_json(f"maxwidth and maxheight must be whole numbers of pixels, at least {MIN_DIMENSION}", 400)
    target = quote_of_url(datasette, request, url)
    if target is None:
        return error_json("not a quote on this site", 404)
    db_name, quote_id = target
    try:
        db = await _card_database(datasette, request, db_name)
        data = await card_data(datasette, request, db, quote_id)
    except NotFound:
        return error_json("no such quote", 404)
    except Forbidden:
        return error_json("forbidden", 403)
    default_db = (await config.quotes_database(datasette)) is db
    height = min(max_height, estimated_height(data))
    src = embed_src(datasette, request, db.name, quote_id, default_db)
    plain = data["rendering"].plain()
    return Response.json(
        {
            "version": "1.0",
            "type": "rich",
            "title": plain if len(plain) <= 100 else plain[:99] + "\u2026",
            "author_name": data["speaker"] or "unknown speaker",
            "provider_name": datasette.metadata("title") or "Quotes",
            "provider_url": config.absolute(datasette, request, datasette.urls.instance()),
            "html": iframe_html(src, width, height, data["speaker"], embed_js_url(datasette, request)),
            "width": width,
            "height": height,
            "cache_age": 3600,
        },
        headers={**CORS, **cache_headers(request)},
    )


async def embed_snippets(datasette, request, db, card: dict) -> dict:
    """What the quote page's "Embed this quote" box offers: iframe, script and oEmbed."""
    quote_id = card["quote_id"]
    default_db = (await config.quotes_database(datasette)) is db
    script = embed_js_url(datasette, request, None if default_db else db.name)
    src = embed_src(datasette, request, db.name, quote_id, default_db)
    fallback = f"{card['rendering'].plain()} \u2014 {card['speaker'] or 'unknown speaker'}"
    blockquote = markupsafe.Markup('<blockquote data-quote-id="{}">{}</blockquote>\n<script async src="{}"></script>')
    return {
        "iframe": iframe_html(
            src, EMBED_WIDTH, estimated_height(card), card["speaker"], embed_js_url(datasette, request)
        ),
        "script": str(blockquote.format(quote_id, fallback, script)),
        "oembed": config.absolute(datasette, request, datasette.urls.path("-/quotes/oembed"))
        + "?"
        + urlencode({"url": card["url"]}),
        "card_url": src,
    }


async def embed_js(datasette, request):
    """The embed script, told which database to use when its URL does not say (``?db=``)."""
    db = await config.quotes_database(datasette)
    name = None
    private = True
    if db is not None:
        seen, private = await datasette.check_visibility(
            request.actor, permissions=[("view-database", db.name), "view-instance"]
        )
        name = db.name if seen else None
    script = EMBED_JS.replace("/*DEFAULT_DB*/null", json.dumps(name))
    return Response(
        script,
        content_type="application/javascript; charset=utf-8",
        headers={**CORS, "Cache-Control": "private, no-store" if private else "max-age=300"},
    )


ROUTES = [
    (rf"^/-/quotes/embed/(?P<quote_id>{QUOTE_ID})$", embed),
    (rf"^/-/quotes/card/(?P<quote_id>{QUOTE_ID})\.json$", card),
    (r"^/-/quotes/cards\.json$", cards),
    (r"^/-/quotes/oembed$", oembed),
    (r"^/-/quotes/embed\.js$", embed_js),
]
