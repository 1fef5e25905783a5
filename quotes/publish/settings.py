"""The Datasette settings the site is served with (``datasette serve --setting NAME VALUE``).

Datasette's defaults suit exploring an unknown database; a newsroom's site
is read by many people at once (benchmarks/load.py, benchmarks/lookup_latency.py):

* ``suggest_facets`` off: suggestions cost a query per column on every table page
  (about half of a table page's time on the seed database)
* ``num_sql_threads`` 0: queries run on the server's own thread; the hand-over to a
  thread pool cost more than most of the site's queries (a third less CPU per request)
* ``facet_time_limit_ms`` 100: a facet over hundreds of thousands of rows gives up
  sooner (Datasette then says it timed out) instead of holding the page
"""

from __future__ import annotations

SETTINGS: dict[str, object] = {
    "suggest_facets": False,
    "num_sql_threads": 0,
    "facet_time_limit_ms": 100,
}


def setting_args(settings: dict[str, object] = SETTINGS) -> list[str]:
    """``["--setting", "suggest_facets", "off", ...]`` for the ``datasette serve`` command line."""
    args = []
    for name, value in settings.items():
        args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return args
