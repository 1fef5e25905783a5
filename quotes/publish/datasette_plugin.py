"""The Datasette plugin: a site journalists can read and embed, on any quotes database.

Hooks only; the work is in the modules beside this one:

* ``site``: the search page, and the quote, speaker, article, table and home pages
* ``tables``: readable cells, column order and headers on Datasette's tables
* ``embed``: iframe cards, card JSON, oEmbed and embed.js
* ``canned``: the canned queries the site links to, shipped with the package
* ``sqlfunctions``: ``quotes_slug``, ``quotes_fts_query``, ``quotes_speaker_ids``
* ``permissions``: every route and page honours Datasette's permissions
* ``config``: ``plugins: quotes:`` in metadata.yml (database, site address, cache size)
* ``cache``: whole responses kept for anonymous readers, never past a database change

Templates in ``templates/`` come before Datasette's own (and a
``--template-dir``); they extend the page they replace as ``upstream:NAME``.
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from . import cache, canned, config, embed, site, sqlfunctions, tables

TEMPLATES = Path(__file__).parent / "templates"


@hookimpl
def prepare_jinja2_environment(env, datasette):
    upstream = env.loader
    env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), upstream, PrefixLoader({"upstream": upstream}, ":")])


@hookimpl
def startup(datasette):
    # bad plugin configuration stops the server with its reason
    config.configured_origin(datasette)
    config.cache_entries(datasette)


@hookimpl
def prepare_connection(conn):
    sqlfunctions.register(conn)


@hookimpl
def canned_queries(datasette, database):
    async def inner():
        if not await site.is_quotes_database(datasette, database):
            return {}
        # A query of the same name in metadata.yml wins, so a site can change one or restrict it (allow:)
        configured = datasette.metadata("queries", database=database, fallback=False) or {}
        return {name: query for name, query in canned.QUERIES.items() if name not in configured}

    return inner


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table is not None and table not in tables.TABLES:
        return None
    simple = tables.plain_cell(row, value, column, table)
    linked = tables.needs_row_link(table, value, column)
    if simple is None and not linked:
        return None

    async def inner():
        if not await site.is_quotes_database(datasette, database):
            return None
        if simple is not None:
            return simple
        return await tables.linked_cell(datasette, database, row, value, column, table)

    return inner


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    async def inner():
        return await site.template_vars(template, database, table, view_name, request, datasette)

    return inner


@hookimpl
def extra_css_urls(database, view_name, datasette):
    async def inner():
        if view_name == "index":
            ours = await config.quotes_database(datasette) is not None
        else:
            ours = await site.is_quotes_database(datasette, database)
        return [site.css_url(datasette)] if ours else []

    return inner


@hookimpl
def table_actions(datasette, actor, database, table, request):
    async def inner():
        return await site.table_actions(datasette, actor, database, table, request)

    return inner


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        return cache.ResponseCache(app, datasette, entries=config.cache_entries(datasette))

    return wrap


@hookimpl
def register_routes(datasette):
    return embed.ROUTES + site.ROUTES
