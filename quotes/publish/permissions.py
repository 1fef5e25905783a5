"""The plugin's routes and pages honour Datasette's permissions as its own views do.

A table is visible when ``view-table``, else ``view-database``, else
``view-instance`` allows it (the most specific answer decides, as in
``Datasette.ensure_permissions``); a canned query the same way with
``view-query``. Answers are kept for the rest of the request: a page that
reads five tables asks about the database and the instance once.
"""

from __future__ import annotations

from datasette.utils.asgi import Forbidden

_CACHE = "quotes.permissions"


async def _answer(datasette, request, action: str, resource) -> bool | None:
    cache = request.scope.setdefault(_CACHE, {})
    key = (action, resource)
    if key not in cache:
        cache[key] = await datasette.permission_allowed(request.actor, action, resource=resource, default=None)
    return cache[key]


async def ensure_visible(datasette, request, database: str, tables=(), queries=()) -> None:
    """Raise Forbidden unless the request's actor may see ``database`` and each of ``tables`` and ``queries``."""
    checks = [("view-table", (database, t)) for t in tables] + [("view-query", (database, q)) for q in queries]
    for action, resource in checks or [(None, None)]:
        allowed = await _answer(datasette, request, action, resource) if action else None
        if allowed is None:
            allowed = await _answer(datasette, request, "view-database", database)
        if allowed is None:
            allowed = await _answer(datasette, request, "view-instance", None)
        if allowed is False:
            raise Forbidden(action or "view-database")


async def visible(datasette, request, database: str, tables=(), queries=()) -> bool:
    try:
        await ensure_visible(datasette, request, database, tables, queries)
    except Forbidden:
        return False
    return True
