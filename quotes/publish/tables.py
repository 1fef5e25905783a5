"""Datasette's table and query pages, made readable: cells, column order and headers.

Lists as lists, dates as dates, a quote's words as the reader should see them
(``display``) and linked to its page, ``unknown`` for an outlet nobody knows,
descriptive columns first and ids last. Only the HTML changes: JSON and CSV
keep the stored values.
"""

from __future__ import annotations

import markupsafe
from datasette.utils import tilde_encode

from . import display
from .pagedata import preferred_renderings

# Columns a person reads first, per table; any column not named keeps its place after these, ids last.
COLUMN_ORDER = {
    "quotes": ["text", "speaker_id", "first_seen", "first_outlet_id", "outlets", "n_outlets", "n_mentions"],
    "mentions": ["text", "speaker_id", "role", "kind", "cue", "outlet_id", "published", "article_id"],
    "speakers": ["name", "kind", "aliases", "roles", "n_quotes", "n_mentions"],
    "articles": ["title", "outlet_id", "published", "author", "url", "n_mentions", "text"],
    "speaker_aliases": ["alias", "speaker_id", "n_mentions"],
    "speaker_roles": ["speaker_id", "role", "outlet_id", "n_mentions"],
    "outlets": ["name"],
    "quote_browser": ["text", "speaker", "roles", "outlets", "first_seen", "n_outlets", "n_mentions"],
}
IDS_LAST = {"id", "Link", "rowid", "quote_id", "quote_rowid", "key", "path", "first_article_id"}
HEADERS = {
    "speaker_id": "speaker",
    "outlet_id": "outlet",
    "first_outlet_id": "first outlet",
    "first_article_id": "first article",
    "article_id": "article",
    "quote_id": "quote",
    "first_seen": "first seen",
    "n_outlets": "outlet count",
    "n_mentions": "mentions",
    "n_quotes": "quotes",
    "speaker_name": "speaker name",
    "speaker_mention": "named as",
    "speaker_extracted": "name as found",
    "speaker_kind": "speaker kind",
    "speaker_owner": "document of",
    "resolved_by": "speaker found by",
    "quote_rowid": "quote rowid",
}
LIST_COLUMNS = {
    ("speakers", "aliases"),
    ("speakers", "roles"),
    ("quotes", "outlets"),
    ("quote_browser", "roles"),
    ("quote_browser", "outlets"),
    (None, "roles"),
    (None, "outlets"),
}
DATE_COLUMNS = {"published", "first_seen"}
OUTLET_COLUMNS = {("quotes", "first_outlet_id"), ("mentions", "outlet_id"), ("articles", "outlet_id")}
SPEAKER_COLUMNS = {("quotes", "speaker_id"), ("mentions", "speaker_id"), ("quote_browser", "speaker")}
COUNT_OF_OUTLETS = {("quotes", "n_outlets"), ("quote_browser", "n_outlets"), (None, "n_outlets")}
EXCERPT = 200
# Columns of canned queries and the browsing view that name a row elsewhere: column -> (table, id column).
LINKS = {
    "quote_id": ("quotes", "quote_id"),
    "speaker": ("speakers", "speaker_id"),
    "speaker_id": ("speakers", "speaker_id"),
    "article": ("articles", "article_id"),
    "article_id": ("articles", "article_id"),
}
TABLES = set(COLUMN_ORDER)
UNKNOWN = markupsafe.Markup('<span class="quotes-unknown">unknown</span>')
UNKNOWN_SPEAKER = markupsafe.Markup('<span class="quotes-unknown">unknown speaker</span>')


def layout(datasette, database: str, table: str):
    """For ``_table.html``: (columns, rows) -> the same, reordered for ``table``, each column with a
    ``label``; on quotes and quote_browser, each quote's words as the site shows them (one query a page)."""
    wanted = COLUMN_ORDER.get(table, [])

    def rank(name: str) -> tuple:
        if name in wanted:
            return (0, wanted.index(name))
        return (2, 0) if name in IDS_LAST or name.endswith("_id") and name not in wanted else (1, 0)

    async def reorder(columns: list[dict], rows):
        order = sorted(range(len(columns)), key=lambda i: (rank(columns[i]["name"]), i))
        cells = [list(row) for row in rows]  # Datasette's rows iterate over their cells
        if any(len(row) != len(columns) for row in cells):
            order = list(range(len(columns)))  # a shape this does not know: leave the order alone
        labelled = [dict(columns[i], label=HEADERS.get(columns[i]["name"], columns[i]["name"])) for i in order]
        cells = [[row[i] for i in order] for row in cells]
        if table in QUOTE_TEXT_TABLES:
            await quote_words(datasette, database, table, cells)
        return labelled, cells

    return reorder


QUOTE_TEXT_TABLES = {"quotes": "id", "quote_browser": "quote_id"}


async def quote_words(datasette, database: str, table: str, rows: list[list[dict]]) -> None:
    """Replace each row's ``text`` cell with the quote as the site shows it, linked to its page."""

    key = QUOTE_TEXT_TABLES[table]
    found = []
    for row in rows:
        by_column = {cell["column"]: cell for cell in row}
        if "text" in by_column and key in by_column and by_column[key]["raw"] not in (None, ""):
            found.append((by_column["text"], str(by_column[key]["raw"])))
    renderings = await preferred_renderings(datasette.get_database(database), [qid for _, qid in found])
    for cell, qid in found:
        if qid in renderings:
            href = datasette.urls.row(database, "quotes", tilde_encode(qid))
            cell["value"] = linked(href, labelled(renderings[qid]))


def html_list(items: list) -> markupsafe.Markup:
    if not items:
        return markupsafe.Markup("&nbsp;")
    return markupsafe.Markup('<ul class="quotes-list">{}</ul>').format(
        markupsafe.Markup("").join(markupsafe.Markup("<li>{}</li>").format(str(i)) for i in items)
    )


def html_date(value: str) -> markupsafe.Markup:
    return markupsafe.Markup('<time datetime="{}">{}</time>').format(value, display.human_date(value))


def labelled(rendering: display.Rendering) -> markupsafe.Markup:
    """A rendering in a table cell: reported forms carry their label, so no paraphrase passes for a quote."""
    if rendering.kind == "direct":
        return rendering.html()
    return markupsafe.Markup('<span class="quote-label">{}</span>{}').format(rendering.label, rendering.html())


def linked(href: str, content) -> markupsafe.Markup:
    return markupsafe.Markup('<a href="{}">{}</a>').format(href, content)


def plain_cell(row, value, column: str, table: str | None):
    """Cells that need nothing but the row (and no database); None when Datasette's own rendering is right."""
    if (table, column) in LIST_COLUMNS:
        items = display.json_list(value)
        return None if items is None else html_list(items)
    if column in DATE_COLUMNS and isinstance(value, str) and value:
        return html_date(value)
    if (table, column) in OUTLET_COLUMNS and value in (None, ""):
        return UNKNOWN
    if (table, column) in SPEAKER_COLUMNS and value in (None, ""):
        return UNKNOWN_SPEAKER
    if (table, column) in COUNT_OF_OUTLETS and value == 0:
        return UNKNOWN
    if table == "articles" and column == "text" and isinstance(value, str):
        return value if len(value) <= EXCERPT else value[: value.rfind(" ", 0, EXCERPT) or EXCERPT] + "\u2026"
    return None


def needs_row_link(table: str | None, value, column: str) -> bool:
    if table == "quote_browser" and column in LINKS:
        return True
    return (table, column) in {
        ("mentions", "text"),
        ("speakers", "name"),
        ("articles", "title"),
    } or (table is None and (column in LINKS or column == "text"))


async def linked_cell(datasette, database: str, row, value, column: str, table: str | None):
    """Cells that link to the site's pages."""
    keys = row.keys()
    urls = datasette.urls

    def row_url(target: str, pk) -> str:
        return urls.row(database, target, tilde_encode(str(pk)))

    if table is None and column == "text" and "quote_id" in keys and value is not None:
        # a canned query's row: a mention's words, or a quote's shown words, with their kind and cue
        speaker = row["speaker"] if "speaker" in keys else None
        kind = row["kind"] if "kind" in keys else None
        rendering = display.render(value, kind, speaker, row["cue"] if "cue" in keys else None)
        return linked(row_url("quotes", row["quote_id"]), labelled(rendering))
    if table == "mentions" and column == "text":
        rendering = display.render(value, row["kind"], row["speaker_name"], row["cue"])
        return linked(row_url("quotes", row["quote_id"]), labelled(rendering))
    if table == "speakers" and column == "name":
        return linked(row_url("speakers", row["id"]), value)
    if table == "articles" and column == "title":
        return linked(row_url("articles", row["id"]), value or "(untitled)")
    if table in (None, "quote_browser") and column in LINKS:
        target, id_column = LINKS[column]
        if id_column in keys and row[id_column] not in (None, ""):
            return linked(row_url(target, row[id_column]), value)
    return None
