"""The Datasette settings the site is served with (``datasette serve --setting NAME VALUE``).

Datasette's defaults suit exploring an unknown database; a newsroom's site
is read by many people at once: suggested facets (a query per column on
every table page) are switched off, and facets and counts are given less
time before they give up, so no page waits on them.
"""

from __future__ import annotations

SETTINGS: dict[str, object] = {
    "suggest_facets": False,
    "num_sql_threads": 0,
}


def setting_args(settings: dict[str, object] = SETTINGS) -> list[str]:
    """``["--setting", "suggest_facets", "off", ...]`` for the ``datasette serve`` command line."""
    args = []
    for name, value in settings.items():
        args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return args
