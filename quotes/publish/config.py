"""The plugin's configuration (``plugins: quotes:`` in metadata.yml) and the site's own address.

    plugins:
      quotes:
        database: quotes                  # the database the site shows (default: the first with a quotes table)
        url: https://quotes.example.org   # this site's address, for links in cards and oEmbed
        cache_entries: 1000               # responses kept for anonymous readers (0: none)

Absolute links (cards, oEmbed, embed snippets) are built from ``url``, or,
when it is not set, from the address the server listens on; never from the
request's ``Host`` header, which any client can set.
"""

from __future__ import annotations

from urllib.parse import urlparse

from datasette.database import Database

PLUGIN = "quotes"


class ConfigError(ValueError):
    pass


def options(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def cache_entries(datasette) -> int:
    from .cache import MAX_ENTRIES

    value = options(datasette).get("cache_entries", MAX_ENTRIES)
    if not isinstance(value, int) or value < 0:
        raise ConfigError(f"plugins.quotes.cache_entries must be a whole number, 0 for no cache, not {value!r}")
    return value


def configured_origin(datasette) -> str | None:
    """``scheme://host[:port]`` of the configured ``url``; ConfigError if it is not an http(s) address."""
    url = options(datasette).get("url")
    if not url:
        return None
    parsed = urlparse(str(url))
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(
            f"plugins.quotes.url must be an http(s) address such as https://quotes.example.org, not {url!r}"
        )
    return f"{parsed.scheme}://{parsed.netloc.lower()}"


def origin(datasette, request) -> str:
    """This site's ``scheme://host[:port]``: the configured ``url``, else the server's listening address."""
    configured = configured_origin(datasette)
    if configured:
        return configured
    host, port = request.scope.get("server") or ("127.0.0.1", None)
    scheme = "https" if datasette.setting("force_https_urls") else request.scope.get("scheme", "http")
    host = f"[{host}]" if ":" in host else host
    return (
        f"{scheme}://{host}" if port in (None, {"http": 80, "https": 443}.get(scheme)) else f"{scheme}://{host}:{port}"
    )


def absolute(datasette, request, path: str) -> str:
    """``path`` (from ``datasette.urls``, base_url included) as an absolute URL of this site."""
    return origin(datasette, request) + path


async def quotes_database(datasette, name: str | None = None) -> Database | None:
    """The database the site shows: ``name`` if it holds quotes, else the configured one, else the first with quotes."""
    configured = options(datasette).get("database")
    if name:
        candidates = [name]
    elif configured:
        candidates = [configured]
    else:
        candidates = [n for n in datasette.databases if n != "_internal"]
    for n in candidates:
        db = datasette.databases.get(n)
        if db is not None and await db.table_exists("quotes"):
            return db
    return None
