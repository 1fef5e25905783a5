"""The plugin's routes and pages honour Datasette's permissions as its own views do.

A table is visible when ``view-table``, ``view-database`` and
``view-instance`` allow it, the most specific answer deciding; a canned
query the same way with ``view-query``.
"""

from __future__ import annotations

from datasette.utils.asgi import Forbidden


async def ensure_visible(datasette, actor, database: str, tables=(), queries=()) -> None:
    """Raise Forbidden unless ``actor`` may see ``database`` and each of ``tables`` and ``queries``."""
    checks = [[("view-table", (database, t)), ("view-database", database), "view-instance"] for t in tables]
    checks += [[("view-query", (database, q)), ("view-database", database), "view-instance"] for q in queries]
    for permissions in checks or [[("view-database", database), "view-instance"]]:
        await datasette.ensure_permissions(actor, permissions)


async def visible(datasette, actor, database: str, tables=(), queries=()) -> bool:
    try:
        await ensure_visible(datasette, actor, database, tables, queries)
    except Forbidden:
        return False
    return True
