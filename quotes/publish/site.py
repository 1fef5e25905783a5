"""The site's pages: the search page, and what the quote, speaker, article, table and home pages add.

Quote, speaker and article pages are Datasette's row pages with the plugin's
``row.html`` (their JSON is Datasette's own); the search page is a route of
its own with a JSON twin. Each reads only tables the actor may see.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from urllib.parse import urlencode

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response

from . import config, display, embed, pagedata, tables
from .permissions import ensure_visible, visible

HERE = Path(__file__).parent
CSS = (HERE / "static" / "site.css").read_text(encoding="utf-8")
SEARCH_TABLES = ("quotes", "speakers", "speaker_aliases", "mentions")
PAGE_TABLES = {
    "quotes": ("quotes", "speakers", "mentions", "articles", "outlets"),
    "speakers": ("speakers", "speaker_aliases", "speaker_roles", "outlets", "quotes", "mentions"),
    "articles": ("articles", "outlets", "mentions"),
}


class QuotesDatabases:
    """Which databases are quotes databases, asked once per Datasette and database name."""

    def __init__(self):
        self._known: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def __call__(self, datasette, database: str | None) -> bool:
        if not database:
            return False
        known = self._known.setdefault(datasette, {})
        if database not in known:
            configured = config.options(datasette).get("database")
            if configured and configured != database:
                known[database] = False
            else:
                known[database] = await config.quotes_database(datasette, database) is not None
        return known[database]


is_quotes_database = QuotesDatabases()


def css_url(datasette) -> str:
    return datasette.urls.path("-/quotes/site.css")


def row_link(datasette, database: str):
    """``quotes_row(table, pk)`` for templates: a row's page, its key tilde-encoded."""
    return lambda table, pk: datasette.urls.row(database, table, tilde_encode(str(pk)))


async def site_css(datasette, request):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    return Response(CSS, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=300"})


async def search_page(datasette, request):
    """``/-/quotes/search?q=``: speakers by any spelling and quotes by their words; ``.json`` for data."""
    db = await config.quotes_database(datasette, request.args.get("db"))
    if db is None:
        return Response.text("No quotes database", status=404)
    await ensure_visible(datasette, request, db.name, tables=SEARCH_TABLES)
    text = " ".join((request.args.get("q") or "").split())[:200]
    results = (
        await pagedata.search(db, text) if text else {"q": "", "speakers": [], "close": [], "quotes": [], "latest": {}}
    )
    if request.url_vars.get("format") == "json":
        return Response.json(
            {
                "q": results["q"],
                "speakers": [m.__dict__ for m in results["speakers"]],
                "close": [m.__dict__ for m in results["close"]],
                "quotes": [
                    {k: (v.to_dict() if k == "rendering" else v) for k, v in q.items()} for q in results["quotes"]
                ],
                "order": results.get("order"),
            },
            headers=embed.cache_headers(request),
        )
    return Response.html(
        await datasette.render_template(
            "quotes_search.html",
            {
                "database": db.name,
                "results": results,
                "quotes_search": search_box(datasette, db.name, text),
                "json_url": datasette.urls.path("-/quotes/search.json") + "?" + urlencode({"q": text}),
                "quotes_css": css_url(datasette),
                "quotes_row": row_link(datasette, db.name),
                "human_date": display.human_date,
            },
            request=request,
        ),
        headers=embed.cache_headers(request),
    )


def search_box(datasette, database: str, text: str = "") -> dict:
    default = config.options(datasette).get("database")
    return {
        "action": datasette.urls.path("-/quotes/search"),
        "q": text,
        "db": None if default in (None, database) else database,
    }


async def row_page(datasette, request, database: str, table: str) -> dict | None:
    """The document a quote, speaker or article row page shows; None to leave the page as Datasette's."""
    pk = request.url_vars.get("pks")
    if table not in PAGE_TABLES or not pk or not await visible(datasette, request, database, PAGE_TABLES[table]):
        return None
    pk = tilde_decode(pk)
    db = datasette.get_database(database)
    if table == "quotes":
        q = await pagedata.quote(db, pk, with_context=True)
        if q is None:
            return None
        card = await embed.card_data(datasette, request, db, pk, q)
        snippets = await embed.embed_snippets(datasette, request, db, card)
        return {
            "kind": "quote",
            "title": f"{q['rendering'].plain()[:80]} \u2014 {q['speaker'] or 'unknown speaker'}",
            "quote": q,
            "snippets": snippets,
            "oembed": snippets["oembed"] + "&format=json",
        }
    if table == "speakers":
        page = request.args.get("page", "1")
        s = await pagedata.speaker(db, pk, request.args.get("q"), int(page) if page.isdigit() else 1)
        return s and {"kind": "speaker", "title": s["name"], "speaker": s}
    a = await pagedata.article(db, pk)
    return a and {"kind": "article", "title": a["title"] or "(untitled)", "article": a}


async def template_vars(template, database, table, view_name, request, datasette) -> dict:
    """What the site adds to Datasette's pages of the quotes database (nothing on other databases)."""
    if request is None:
        return {}
    if view_name == "index":
        db = await config.quotes_database(datasette)
        if db is None or not await visible(datasette, request, db.name, SEARCH_TABLES):
            return {}
        return {"quotes_search": search_box(datasette, db.name)}
    if not await is_quotes_database(datasette, database):
        return {}
    out = {"quotes_row": row_link(datasette, database), "human_date": display.human_date}
    if view_name == "database" and await visible(datasette, request, database, SEARCH_TABLES):
        out["quotes_search"] = search_box(datasette, database)
    if view_name in ("table", "row") and table in tables.TABLES:
        out["quotes_layout"] = tables.layout(datasette, database, table)
    if view_name == "table" and table in tables.TABLES:
        metadata = datasette.table_metadata(database, table)
        if metadata.get("columns"):
            out["quotes_column_notes"] = metadata["columns"]
            # Datasette prints the column notes above the rows; the site folds them away in _table.html.
            inherited = dict(metadata)
            datasette.update_with_inherited_metadata(inherited)
            out["metadata"] = {k: v for k, v in inherited.items() if k != "columns"}
    if view_name == "row" and table:
        out["quotes_page"] = await row_page(datasette, request, database, table)
    return out


async def table_actions(datasette, actor, database, table, request) -> list[dict]:
    """Links to the site's ways in; each page they lead to checks its own permissions."""
    if not await is_quotes_database(datasette, database) or table not in tables.TABLES:
        return []
    return [
        {"href": datasette.urls.path("-/quotes/search"), "label": "Search quotes and speakers"},
        {"href": datasette.urls.query(database, "who_said_this"), "label": "Who said this?"},
        {"href": datasette.urls.query(database, "quotes_by_speaker"), "label": "Quotes by speaker"},
    ]


ROUTES = [
    (r"^/-/quotes/search(?:\.(?P<format>json))?$", search_page),
    (r"^/-/quotes/site\.css$", site_css),
]
