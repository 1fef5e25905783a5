"""Store rows in SQLite with sqlite-utils, and read back what a database was built from.

A database is written so that a server reading it never sees an error or a
half state (``quotes serve`` keeps serving while it changes):

* it is in WAL mode: a reader keeps the snapshot its query began with while a
  writer commits, and the next query sees the whole change;
* ``add`` reads, computes and writes in one transaction holding the write
  lock, and writes only the rows that changed;
* ``build`` writes a temporary file beside the target (a build that dies
  halfway leaves the previous database whole), then copies it into the
  target in one transaction with SQLite's backup API, so the server's open
  file changes from the old snapshot to the new (schema included); a new
  target is the temporary file renamed;
* a writer waits for another's lock up to ``LOCK_TIMEOUT`` seconds, then
  gives up with a one-line ``StoreError``.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..corpus.dedupe import assign_quote_ids
from ..corpus.rows import (
    TABLE_ORDER,
    AssignIds,
    Merge,
    article_id,
    distinct_articles,
    file_place,
    link_records,
    merge_articles,
    table_rows,
)
from ..ingest import Article
from ..record import QuoteRecord
from .increment import add_increment
from .lookups import build_lookups, lookups_current

LOCK_TIMEOUT = 60.0  # seconds a write waits for another writer's lock
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    pass


@dataclass
class Stored:
    """What a build or an add wrote: rows per table afterwards, and what became of each article."""

    counts: dict[str, int]
    merge: Merge = field(default_factory=Merge)
    notes: list[str] = field(default_factory=list)  # one line each, for the person running it


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
            "speaker_owner": str,
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


def finish(db: sqlite_utils.Database, analyze: bool = True) -> None:
    """Indexes, full-text search and the look-up tables of ``quotes add``, once the rows are in.

    ``analyze``: gather the planner's statistics (a pass over every table; an
    add keeps those of the build).
    """
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
        ("mentions", ["speaker_extracted"]),  # an add finds the mentions of a name whose speaker changes
    ):
        db[table].create_index(cols, if_not_exists=True)
    for table in ("quotes", "mentions"):
        if not db[table].detect_fts():
            db[table].enable_fts(["text"], create_triggers=True)  # triggers keep it current from here on
    db.create_view("quote_browser", QUOTE_BROWSER_SQL, replace=True)  # a no-op when it is the same
    if not lookups_current(db):
        build_lookups(db)
    if analyze:
        db.analyze()  # table statistics, so the planner knows when an index beats sorting search results


def write_tables(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> None:
    """Every table's rows into a new database."""
    create_tables(db)
    for name in TABLE_ORDER:
        db[name].insert_all(rows[name], batch_size=2000, alter=True)  # a column create_tables does not know yet
    finish(db)


@dataclass
class TableChanges:
    """What turns a table's rows into others: rowids to delete, rows to write."""

    deletes: list[int] = field(default_factory=list)
    writes: list[dict] = field(default_factory=list)


def table_changes(existing: Iterable[dict], new: list[dict], pk: tuple[str, ...] | None) -> TableChanges:
    """The least a table holding ``existing`` rows (each with its ``rowid``) needs to hold ``new``.

    Rows match by primary key, or by all of ``new``'s columns in a table
    without one; a matched row is written again only when a value differs.
    """
    columns = tuple(pk or (new[0] if new else ()))
    wanted = {tuple(row.get(c) for c in columns): row for row in new}
    changes, seen = TableChanges(), set()
    for row in existing:
        rowid = row.pop("rowid")
        key = tuple(row.get(c) for c in columns)
        target = wanted.get(key)
        if target is None or key in seen:
            changes.deletes.append(rowid)
            continue
        seen.add(key)
        if any(row.get(c) != v for c, v in target.items()):
            changes.writes.append(target)
    changes.writes.extend(row for key, row in wanted.items() if key not in seen)
    return changes


def write_changes(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> dict[str, TableChanges]:
    """Make every table hold ``rows``, touching only rows that change (inside the caller's transaction).

    Full-text indexes follow through their triggers; a column a row brings
    that the table lacks (a database from an older version) is added.
    """
    create_tables(db)
    changes = {}
    for name in TABLE_ORDER:
        table = db[name]
        pk = None if table.use_rowid else tuple(table.pks)
        existing = db.query(f"select rowid, * from [{name}]")
        changes[name] = table_changes(existing, rows[name], pk)
    for name in reversed(TABLE_ORDER):
        db.conn.executemany(f"delete from [{name}] where rowid = ?", [(r,) for r in changes[name].deletes])
    for name in TABLE_ORDER:
        table, writes = db[name], changes[name].writes
        if not writes:
            continue
        if table.use_rowid:
            table.insert_all(writes, batch_size=2000, alter=True)
        else:
            table.upsert_all(writes, pk=table.pks, batch_size=2000, alter=True)
    finish(db)
    return changes


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


def _place(path: str) -> str | None:
    """The file an article came from, resolved from where this runs (so ``seeds/a.txt`` is ``$PWD/seeds/a.txt``)."""
    where = file_place(path)
    return os.path.abspath(where) if where else None


def _timeout(timeout: float | None) -> float:
    return LOCK_TIMEOUT if timeout is None else timeout


def _locked(db_path: str | os.PathLike, timeout: float) -> StoreError:
    return StoreError(f"{db_path}: database is locked by another writer; gave up after {timeout:g} s")


def _error(db_path: str | os.PathLike, e: sqlite3.Error, timeout: float) -> StoreError:
    message = str(e)
    if "locked" in message or "busy" in message:
        return _locked(db_path, timeout)
    if "not a database" in message:
        return StoreError(f"{db_path}: not a quotes database ({message})")
    return StoreError(f"{db_path}: cannot write the database ({message}); nothing was written")


def check_target(target: Path) -> int | None:
    """The page size of an existing SQLite database at ``target`` (``None`` if there is no file).

    Anything else there is refused, not overwritten.
    """
    if not target.exists() or target.stat().st_size == 0:
        return None
    with open(target, "rb") as f:
        header = f.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise StoreError(f"{target}: not a SQLite database; left as it was")
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def use_wal(conn: sqlite3.Connection) -> None:
    """WAL mode: readers keep their snapshot while a writer commits (a property of the file)."""
    if conn.execute("pragma journal_mode").fetchone()[0] != "wal":
        conn.execute("pragma journal_mode = wal")


def write_database(
    db_path: str | os.PathLike,
    articles: Iterable[Article | dict],
    records: Iterable[QuoteRecord],
    timeout: float | None = None,
    *,
    assign: AssignIds = assign_quote_ids,
) -> Stored:
    """Build a whole database at ``db_path`` atomically; the same article read twice is stored once.

    ``assign`` sets the quote ids (in this process, or on a cluster: ``quotes.scale.build``)."""
    timeout = _timeout(timeout)
    target = Path(db_path)
    page_size = check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    _remove(tmp)
    kept, duplicates = distinct_articles(a.to_dict() if isinstance(a, Article) else a for a in articles)
    paths = {a["path"] for a in kept}
    rows = table_rows(kept, [r for r in records if r["article"] in paths], assign)
    try:
        db = sqlite_utils.Database(tmp)
        try:
            if page_size:
                db.execute(f"pragma page_size = {page_size}")  # a WAL target takes only its own page size
            with db.atomic():
                write_tables(db, rows)
            if page_size is None:
                use_wal(db.conn)
        except sqlite3.Error as e:
            raise _error(target, e, timeout) from None
        finally:
            db.conn.close()
        if page_size is None:
            _remove(target, main=False)  # a log left by a deleted database must not be replayed onto this one
            os.replace(tmp, target)
        else:
            copy_into(tmp, target, timeout)
    finally:
        _remove(tmp)
    return Stored({name: len(rows[name]) for name in TABLE_ORDER}, Merge(added=kept, duplicates=duplicates))


def _remove(db: Path, main: bool = True) -> None:
    """Delete a database file and its journals (only its journals, if not ``main``)."""
    for path in ([db] if main else []) + [db.with_name(db.name + suffix) for suffix in ("-journal", "-wal", "-shm")]:
        path.unlink(missing_ok=True)


def copy_into(source: Path, target: Path, timeout: float) -> None:
    """Replace ``target``'s content with ``source``'s in one transaction (SQLite's backup API).

    The file stays the one a server has open; its readers go from the old
    snapshot to the new, schema included, and never see a mix.
    """
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, timeout=timeout, isolation_level=None)

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):  # the busy timeout ran out
            raise _locked(target, timeout)

    try:
        try:
            use_wal(dst)
            src.backup(dst, progress=progress)
        except sqlite3.Error as e:
            raise _error(target, e, timeout) from None
        try:  # move the new pages from the log into the file now if no reader is in the way; else a later write will
            dst.execute("pragma busy_timeout = 0")
            dst.execute("pragma wal_checkpoint(truncate)")
        except sqlite3.Error:
            pass
    finally:
        src.close()
        dst.close()


@contextmanager
def writing(db_path: str | os.PathLike, timeout: float | None = None) -> Iterator[sqlite_utils.Database]:
    """``db_path`` in one transaction that holds its write lock from the start (waiting up to
    ``timeout`` seconds for it), so what is read in it is still true when it commits."""
    timeout = _timeout(timeout)
    if not Path(db_path).is_file():
        raise StoreError(f"{db_path}: no database")
    conn = sqlite3.connect(db_path, timeout=timeout, isolation_level=None)
    try:
        try:
            use_wal(conn)
            conn.execute("begin immediate")
        except sqlite3.Error as e:
            raise _error(db_path, e, timeout) from None
        try:
            yield sqlite_utils.Database(conn)
            conn.execute("commit")
        except sqlite3.Error as e:
            raise _error(db_path, e, timeout) from None
        finally:
            if conn.in_transaction:
                conn.execute("rollback")
    finally:
        conn.close()


def check_quotes_database(db: sqlite_utils.Database) -> None:
    missing = [t for t in ("outlets", "articles", "mentions") if not db[t].exists()]
    if missing:
        raise StoreError(f"not a quotes database (no {', '.join(missing)} table)")


def read_database(db: sqlite_utils.Database) -> tuple[list[dict], list[QuoteRecord]]:
    """The articles and extraction records a database was built from (the inverse of ``table_rows``).

    Articles carry their row ``id`` and records the ``article_id`` they are stored under.
    """
    check_quotes_database(db)
    outlet_names = {o["id"]: o["name"] for o in db["outlets"].rows}
    articles, paths = [], {}
    for a in db.query("select * from articles order by id"):
        paths[a["id"]] = a["path"]
        articles.append(
            {
                "id": a["id"],
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
                "article_id": m["article_id"],
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
                "owner": m.get("speaker_owner"),
                "resolved_by": m.get("resolved_by"),
            }
        )
    return articles, records


def merged_records(merge: Merge, stored: list[QuoteRecord], new: list[QuoteRecord]) -> list[QuoteRecord]:
    """The records of the articles a merge keeps and adds, each under its article's id.

    Stored records follow their article's row id (a database from an older
    version may have stored it under another id); new ones their path.
    """
    ids = {a["id"]: article_id(a) for a in merge.kept}
    added = {a["path"] for a in merge.added}
    return [{**r, "article_id": ids[r["article_id"]]} for r in stored if r["article_id"] in ids] + [
        r for r in new if r["article"] in added
    ]


def add_to_database(
    db_path: str | os.PathLike,
    articles: Iterable[Article | dict],
    records: Iterable[QuoteRecord],
    timeout: float | None = None,
) -> Stored:
    """Add articles to a database in one transaction; an article already there is left alone,
    a new version of one replaces it.

    Old articles are not parsed again, nor read: the look-up tables give the
    stored mentions the new ones can meet (``quotes.publish.increment``), and
    the result is the database a full build with them would give. Only rows
    that change are written.
    """
    new_articles = [a.to_dict() if isinstance(a, Article) else a for a in articles]
    new_records = link_records(new_articles, records)
    with writing(db_path, timeout) as db:
        try:
            check_quotes_database(db)
            current = lookups_current(db)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{db_path}: not a quotes database ({e})") from None
        except StoreError as e:
            raise StoreError(f"{db_path}: {e}") from None
        notes = []
        if current:
            merge = add_increment(db, new_articles, new_records, _place)
            if merge.changes:
                finish(db, analyze=False)
        else:
            merge = add_everything(db, new_articles, new_records)
            if merge.changes:
                notes.append(
                    f"{db_path}: look-up tables built (a database from an earlier version): this add read every "
                    "stored article, later ones read only what they add"
                )
        return Stored({name: db[name].count for name in TABLE_ORDER}, merge, notes)


def add_everything(db: sqlite_utils.Database, new_articles: list[dict], new_records: list[QuoteRecord]) -> Merge:
    """An add that derives every row again from all stored articles and mentions: for a
    database without current look-up tables (built before them, or by another version),
    which ``finish`` then builds, so the next add needs only the new articles."""
    stored_articles, stored_records = read_database(db)
    merge = merge_articles(stored_articles, new_articles, place=_place)
    if merge.changes:
        write_changes(db, table_rows(merge.kept + merge.added, merged_records(merge, stored_records, new_records)))
    return merge


def prepare_to_serve(db_path: str | os.PathLike, timeout: float | None = None) -> None:
    """Put a database (from an older version, say) in WAL mode before it is served, so that
    updating it never stands in a reader's way; a file this process cannot write is left as it is."""
    if not os.access(db_path, os.W_OK) or not os.access(Path(db_path).parent, os.W_OK):
        return
    conn = sqlite3.connect(db_path, timeout=_timeout(timeout), isolation_level=None)
    try:
        use_wal(conn)
    except sqlite3.Error as e:
        raise _error(db_path, e, _timeout(timeout)) from None
    finally:
        conn.close()
