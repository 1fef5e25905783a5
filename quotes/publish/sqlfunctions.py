"""SQL functions the canned queries and pages use, registered on every Datasette connection.

* ``quotes_slug(name)``: the folded key of ``speaker_aliases.key`` and speaker ids
* ``quotes_fts_query(text)``: any user text as an FTS5 query matching all its words
* ``quotes_speaker_ids(name)``: JSON list of the speakers a name names (``lookup.find_speakers``)
"""

from __future__ import annotations

import json
import sqlite3

from datasette.utils import escape_fts

from ..ids import slug
from .lookup import find_speakers


def fts_query(text: str | None) -> str:
    """Any user text as an FTS5 query matching all its words; never a syntax error."""
    return escape_fts(text or "") or '""'


def sql_slug(text: str | None) -> str | None:
    return slug(text) if text else None


def register(conn: sqlite3.Connection) -> None:
    def speaker_ids(name: str | None) -> str:
        if not name or not name.strip():
            return "[]"
        try:
            return json.dumps([m.speaker_id for m in find_speakers(conn, name).found])
        except sqlite3.Error:  # a database without the speaker tables: nobody is named
            return "[]"

    conn.create_function("quotes_slug", 1, sql_slug, deterministic=True)
    conn.create_function("quotes_fts_query", 1, fts_query, deterministic=True)
    conn.create_function("quotes_speaker_ids", 1, speaker_ids)
