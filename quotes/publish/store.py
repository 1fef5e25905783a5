"""Store rows in SQLite with sqlite-utils, and read back what a database was built from.

A build writes a temporary file beside the target and renames it into place,
so a build that dies halfway leaves the previous database whole.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from ..corpus.rows import TABLE_ORDER, table_rows
from ..ingest import Article
from ..record import QuoteRecord


def create_tables(db: sqlite_utils.Database) -> None:
    db["outlets"].create({"id": str, "name": str}, pk="id", if_not_exists=True)
    db["articles"].create(
        {
            "id": str,
            "path": str,
            "outlet_id": str,
            "title": str,
            "author": str,
            "published": str,
            "url": str,
            "text": str,
            "n_mentions": int,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
        if_not_exists=True,
    )
    db["speakers"].create(
        {
            "id": str,
            "name": str,
            "kind": str,
            "aliases": str,
            "roles": str,
            "n_quotes": int,
            "n_mentions": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["speaker_aliases"].create(
        {"speaker_id": str, "alias": str, "key": str, "n_mentions": int},
        pk=("speaker_id", "alias"),
        foreign_keys=[("speaker_id", "speakers", "id")],
        if_not_exists=True,
    )
    db["speaker_roles"].create(
        {"speaker_id": str, "role": str, "outlet_id": str, "n_mentions": int},
        foreign_keys=[("speaker_id", "speakers", "id"), ("outlet_id", "outlets", "id")],
        if_not_exists=True,
    )
    db["quotes"].create(
        {
            "id": str,
            "text": str,
            "speaker_id": str,
            "first_seen": str,
            "first_outlet_id": str,
            "first_article_id": str,
            "n_outlets": int,
            "n_mentions": int,
            "outlets": str,
        },
        pk="id",
        foreign_keys=[
            ("speaker_id", "speakers", "id"),
            ("first_outlet_id", "outlets", "id"),
            ("first_article_id", "articles", "id"),
        ],
        if_not_exists=True,
    )
    db["mentions"].create(
        {
            "id": str,
            "article_id": str,
            "quote_id": str,
            "speaker_id": str,
            "speaker_name": str,
            "speaker_mention": str,
            "speaker_extracted": str,
            "speaker_kind": str,
            "resolved_by": str,
            "role": str,
            "kind": str,
            "cue": str,
            "text": str,
            "start": int,
            "end": int,
            "outlet_id": str,
            "published": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("quote_id", "quotes", "id"),
            ("speaker_id", "speakers", "id"),
            ("outlet_id", "outlets", "id"),
        ],
        if_not_exists=True,
    )


# One row per quote with what a reader needs beside it; roles and outlets are
# JSON arrays so Datasette can facet them (``_facet_array=outlets``).
QUOTE_BROWSER_SQL = """
SELECT
  q.id AS quote_id,
  q.text,
  s.name AS speaker,
  q.speaker_id,
  (SELECT json_group_array(role) FROM (SELECT DISTINCT m.role FROM mentions m
     WHERE m.quote_id = q.id AND m.role IS NOT NULL ORDER BY m.role)) AS roles,
  (SELECT json_group_array(name) FROM (SELECT DISTINCT o.name FROM mentions m
     JOIN outlets o ON o.id = m.outlet_id WHERE m.quote_id = q.id ORDER BY o.name)) AS outlets,
  q.first_seen,
  q.n_outlets,
  q.n_mentions,
  q.rowid AS quote_rowid
FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
"""


def finish(db: sqlite_utils.Database) -> None:
    """Indexes and full-text search, once the rows are in."""
    # (filter column, sort column): a speaker's or an outlet's quotes come newest first without a sort
    for table, cols in (
        ("mentions", ["quote_id"]),
        ("mentions", ["speaker_id", "published"]),
        ("mentions", ["article_id"]),
        ("mentions", ["outlet_id", "published"]),
        ("mentions", ["published"]),
        ("quotes", ["speaker_id", "first_seen"]),
        ("quotes", ["first_seen"]),
        ("quotes", ["first_outlet_id", "first_seen"]),  # a facet by first outlet, newest first
        ("quotes", ["first_article_id"]),  # an article's page counts the quotes it carried first
        ("speaker_roles", ["speaker_id"]),  # a speaker's page: roles by outlet
        ("articles", ["outlet_id"]),
        ("speaker_aliases", ["alias"]),
        ("speaker_aliases", ["key"]),
    ):
        db[table].create_index(cols, if_not_exists=True)
    for table in ("quotes", "mentions"):
        if not db[table].detect_fts():
            db[table].enable_fts(["text"], create_triggers=True)
        else:
            db[table].rebuild_fts()
    db.create_view("quote_browser", QUOTE_BROWSER_SQL, replace=True)
    db.analyze()  # table statistics, so the planner knows when an index beats sorting search results


def write_tables(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> None:
    create_tables(db)
    for name in reversed(TABLE_ORDER):
        db[name].delete_where()
    for name in TABLE_ORDER:
        db[name].insert_all(rows[name], batch_size=2000, alter=True)  # alter: databases from older builds
    finish(db)


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete temp files (and their journals) left beside ``target`` by builds that were killed.

    A temp file is named ``<db>.<pid>.tmp``; one whose process is still running
    belongs to a build in progress and is left alone.
    """
    removed = []
    for path in target.parent.glob(glob.escape(target.name) + ".*.tmp*"):
        pid = path.name[len(target.name) + 1 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_database(
    db_path: str | os.PathLike, articles: Iterable[Article | dict], records: Iterable[QuoteRecord]
) -> dict:
    """Build a whole database at ``db_path`` atomically; returns row counts."""
    target = Path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    article_dicts = [a.to_dict() if isinstance(a, Article) else a for a in articles]
    rows = table_rows(article_dicts, records)
    try:
        db = sqlite_utils.Database(tmp)
        with db.conn:
            write_tables(db, rows)
        db.conn.close()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return {name: len(rows[name]) for name in TABLE_ORDER}


class StoreError(Exception):
    pass


def read_database(db: sqlite_utils.Database) -> tuple[list[dict], list[QuoteRecord]]:
    """The articles and extraction records a database was built from (the inverse of ``table_rows``)."""
    missing = [t for t in ("outlets", "articles", "mentions") if not db[t].exists()]
    if missing:
        raise StoreError(f"not a quotes database (no {', '.join(missing)} table)")
    outlet_names = {o["id"]: o["name"] for o in db["outlets"].rows}
    articles, paths = [], {}
    for a in db.query("select * from articles order by path"):
        paths[a["id"]] = a["path"]
        articles.append(
            {
                "path": a["path"],
                "text": a["text"],
                "title": a["title"],
                "outlet": outlet_names.get(a["outlet_id"]),
                "author": a["author"],
                "published": a["published"],
                "url": a["url"],
            }
        )
    kinds = {s["id"]: s["kind"] for s in db["speakers"].rows} if db["speakers"].exists() else {}
    records = []
    for m in db.query("select * from mentions order by article_id, start"):
        given = m.get("speaker_extracted") or m["speaker_name"]
        records.append(
            {
                "article": paths[m["article_id"]],
                "start": m["start"],
                "end": m["end"],
                "text": m["text"],
                "kind": m["kind"],
                "speaker": given,
                "speaker_extracted": given,
                "role": m["role"],
                "cue": m["cue"],
                "speaker_kind": m.get("speaker_kind") or (kinds.get(m["speaker_id"]) if m["speaker_id"] else None),
                "mention": m["speaker_mention"],
                "resolved_by": m.get("resolved_by"),
            }
        )
    return articles, records


def add_to_database(
    db_path: str | os.PathLike, articles: Iterable[Article | dict], records: Iterable[QuoteRecord]
) -> dict:
    """Add articles to a database in one transaction; an article already there is replaced.

    Old articles are not parsed again: their records come back from the
    mentions table, and speakers and quotes are derived again over all of
    them, so the result is the database a full build would give.
    """
    new_articles = [a.to_dict() if isinstance(a, Article) else a for a in articles]
    new_paths = {a["path"] for a in new_articles}
    db = sqlite_utils.Database(db_path)
    try:
        try:
            old_articles, old_records = read_database(db)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"not a quotes database ({e})") from None
        all_articles = [a for a in old_articles if a["path"] not in new_paths] + new_articles
        all_records = [r for r in old_records if r["article"] not in new_paths] + list(records)
        rows = table_rows(all_articles, all_records)
        with db.atomic():
            write_tables(db, rows)
    finally:
        db.conn.close()
    return {name: len(rows[name]) for name in TABLE_ORDER}
