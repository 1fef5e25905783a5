"""Whole responses kept in the server for readers who are not signed in (Datasette's ``asgi_wrapper`` hook).

Datasette marks its pages as cacheable (``Cache-Control: max-age=5``), and the
plugin its cards and searches (a minute), but a site read by many people at
once recomputes every page for every reader unless something in front keeps
them. This keeps a response that says it may be kept, for up to ``KEEP_S``
seconds, and never past a change to a database file: the key holds each
file's inode, size and modification time (and its ``-wal`` file's), so a page
built before ``quotes add`` is never served after it. (``max-age`` is for
browsers and proxies, which cannot see the database change; this can.)

Only requests that carry no cookie and no ``Authorization`` header are looked
up, and only when Datasette's own cookie is the one way an actor is known
(no other plugin implements ``actor_from_request``): then such a request is
anonymous and its response is the same for every anonymous reader. Responses
that say ``private``, ``no-store`` or ``no-cache``, set a cookie, or are
larger than ``MAX_BODY`` are never kept.
"""

from __future__ import annotations

import os
import re
import time
from collections import OrderedDict

MAX_ENTRIES = 1000
MAX_BODY = 1_000_000  # bytes of one response
MAX_BYTES = 64_000_000  # bytes of all responses kept
KEEP_S = 600
_MAX_AGE = re.compile(rb"max-age=(\d+)")
_UNCACHEABLE = (b"private", b"no-store", b"no-cache")
# The plugins allowed to name an actor: Datasette's signed ds_actor cookie only.
ACTOR_PLUGINS = {"datasette.actor_auth_cookie"}


class ResponseCache:
    def __init__(self, app, datasette, entries: int = MAX_ENTRIES):
        self.app = app
        self.datasette = datasette
        self.entries: OrderedDict[tuple, tuple[float, dict, bytes]] = OrderedDict()
        self.size = entries
        self.bytes = 0
        self._anonymous_by_headers: bool | None = None

    def anonymous_by_headers(self) -> bool:
        """Does a request without cookie and Authorization header always mean no actor?"""
        if self._anonymous_by_headers is None:
            from datasette.plugins import pm

            names = {pm.get_name(impl.plugin) for impl in pm.hook.actor_from_request.get_hookimpls()}
            self._anonymous_by_headers = names <= ACTOR_PLUGINS
        return self._anonymous_by_headers

    def versions(self) -> tuple:
        """Every database file's identity and state: any write changes it. An empty
        write-ahead log is no state: readers of a WAL database create one."""
        out = []
        for db in self.datasette.databases.values():
            path = getattr(db, "path", None)
            if not path or db.is_memory:
                continue
            for name in (path, f"{path}-wal"):
                try:
                    st = os.stat(name)
                except OSError:
                    st = None
                out.append((st.st_ino, st.st_size, st.st_mtime_ns) if st and (st.st_size or name == path) else None)
        return tuple(out)

    def key(self, scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.size <= 0:
            return None
        headers = dict(scope.get("headers") or [])
        if b"cookie" in headers or b"authorization" in headers or not self.anonymous_by_headers():
            return None
        return (
            headers.get(b"host"),
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string"),
            self.versions(),
        )

    async def __call__(self, scope, receive, send):
        key = self.key(scope)
        if key is None:
            return await self.app(scope, receive, send)
        now = time.monotonic()
        found = self.entries.get(key)
        if found and found[0] > now:
            self.entries.move_to_end(key)
            _, start, body = found
            await send({**start, "headers": [*start["headers"], (b"x-quotes-cache", b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        kept: dict = {"start": None, "chunks": [], "size": 0, "ok": True}

        async def capture(message):
            if message["type"] == "http.response.start":
                kept["start"] = message
                kept["ok"] = cacheable(message)
                message = {**message, "headers": [*message.get("headers", []), (b"x-quotes-cache", b"miss")]}
            elif message["type"] == "http.response.body" and kept["ok"]:
                kept["size"] += len(message.get("body", b""))
                kept["ok"] = kept["size"] <= MAX_BODY
                if kept["ok"]:
                    kept["chunks"].append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if kept["ok"] and kept["start"] is not None:
            self.keep(key, (now + KEEP_S, kept["start"], b"".join(kept["chunks"])))

    def keep(self, key: tuple, entry: tuple[float, dict, bytes]) -> None:
        """Keep ``entry``; the least recently used go first when there are too many or too many bytes."""
        if key in self.entries:
            self.bytes -= len(self.entries.pop(key)[2])
        self.entries[key] = entry
        self.bytes += len(entry[2])
        while self.entries and (len(self.entries) > self.size or self.bytes > MAX_BYTES):
            self.bytes -= len(self.entries.popitem(last=False)[1][2])


def _max_age(start: dict) -> int:
    for name, value in start.get("headers", []):
        if name.lower() == b"cache-control":
            found = _MAX_AGE.search(value.lower())
            return int(found.group(1)) if found else 0
    return 0


def cacheable(start: dict) -> bool:
    """A 200 response that says it may be kept, for how long, and sets no cookie."""
    if start.get("status") != 200:
        return False
    for name, value in start.get("headers", []):
        name = name.lower()
        if name == b"set-cookie" or (name == b"cache-control" and any(w in value.lower() for w in _UNCACHEABLE)):
            return False
    return _max_age(start) > 0
