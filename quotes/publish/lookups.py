"""The look-up tables ``quotes add`` reads instead of the whole corpus.

A build files every mention under each key a new mention could meet it by
(``quotes.corpus.dedupe.filed_keys``: its block's content words, flagged where
they are the words it looks itself up under, and its text; its bridge keys,
flagged where it is weak), every extracted spelling of a speaker's name under its identity
key (``quotes.corpus.identity.speaker_key``) and every article under the name of
the file it was read from. ``add`` keeps them current in the transaction that
changes the rows. They follow from the rows alone, so a database that lacks
them, or has them from another version, gets them from its rows once.

Keys are 64-bit digests, one row per (key, mention): how many mentions share a
key is a count over an index, however large the corpus.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import groupby

import sqlite_utils

from .. import __version__
from ..corpus.dedupe import Item, block_key, block_lookups, filed_keys, mention_of
from ..corpus.identity import Key, in_article, is_full_name, name_ends, speaker_key
from ..corpus.rows import file_place
from ..ids import digest
from ..lexicon import package_lexicon

KEYS = "_mention_keys"  # (key, mention rowid, flag)
NAMES = "_speaker_names"  # (identity key, spelling, mentions; a full name's first and last word)
FILES = "_article_files"  # (file name, article id)
STATE = "_lookups"  # what the keys were computed with
TABLES = (KEYS, NAMES, FILES, STATE)


def scheme() -> str:
    """What the stored keys depend on besides the rows: this version and the word lists
    that make content words and name keys. Another scheme's keys are rebuilt."""
    texts = package_lexicon().texts
    return digest(__version__, "lookups 2", *(texts[name] for name in ("stopwords", "paraphrases", "honorifics")))


def signed(key: int) -> int:
    """A 64-bit digest as SQLite stores integers."""
    return key - (1 << 64) if key >= 1 << 63 else key


def item_of_row(row: dict) -> Item:
    """A mention row as the dedupe passes see it (``quotes.corpus.dedupe.item_of`` of its record)."""
    order = (row["published"] or "9999", row["article_id"], row["start"], row["end"], row["text"])
    return Item(order, row["speaker_id"], row["speaker_kind"])


def filed_rows(rows: Iterable[dict]) -> Iterator[tuple[int, int, int]]:
    """(key, mention rowid, flag) of mention rows ordered by speaker id: a block at a time."""
    for _, group in groupby(rows, key=lambda row: row["speaker_id"]):
        group = list(group)
        items = [item_of_row(row) for row in group]
        mentions = [mention_of(it) for it in items]
        blocked = [i for i, it in enumerate(items) if block_key(it) is not None]
        lookups = dict(zip(blocked, block_lookups([mentions[i] for i in blocked]), strict=True))
        for i, row in enumerate(group):
            for k, flag in filed_keys(items[i], mentions[i], lookups.get(i)).items():
                yield signed(k), row["rowid"], flag


def name_key_of_row(row: dict) -> Key | None:
    """The identity key of a mention row's extracted speaker name (None for a speaker
    known within its article only: an add writes or removes that article whole)."""
    key = speaker_key(
        {
            "speaker": row["speaker_extracted"],
            "speaker_kind": row["speaker_kind"],
            "owner": row.get("speaker_owner"),
            "article": row["article_id"],
        }
    )
    return None if key is None or in_article(key) else key


def encode(key: Key) -> str:
    return "\x1f".join((key[0], *key[1]))


def decode(text: str) -> Key:
    kind, *tokens = text.split("\x1f")
    return (kind, tuple(tokens))


def file_name(path: str) -> str | None:
    """The name of the file an article was read from (``quotes add`` looks its earlier versions up by it)."""
    where = file_place(path)
    return os.path.basename(os.path.normpath(where)) if where else None


def create_lookups(db: sqlite_utils.Database) -> None:
    db.execute(
        f"create table if not exists [{KEYS}] (key integer, mention integer, flag integer, "
        "primary key (key, mention)) without rowid"
    )
    db.execute(
        f"create table if not exists [{NAMES}] (key text, name text, n_mentions integer, first text, last text, "
        "primary key (key, name))"
    )
    for end in ("first", "last"):  # the full names a word ends, a few at a time however common it is
        db.execute(f"create index if not exists [{NAMES}_{end}] on [{NAMES}] ({end}, key)")
    db.execute(
        f"create table if not exists [{FILES}] (name text, article_id text, primary key (name, article_id)) without rowid"
    )
    db.execute(f"create table if not exists [{STATE}] (scheme text)")


def lookups_current(db: sqlite_utils.Database) -> bool:
    if not all(db[t].exists() for t in TABLES):
        return False
    return [r[0] for r in db.execute(f"select scheme from [{STATE}]").fetchall()] == [scheme()]


def build_lookups(db: sqlite_utils.Database) -> None:
    """The look-up tables from the rows (inside the caller's transaction)."""
    for table in TABLES:
        db.execute(f"drop table if exists [{table}]")
    create_lookups(db)
    mentions = "select rowid, * from mentions"  # (a database from before a column may lack it)
    # Filed in key order, so the index grows at its end instead of taking each row at random.
    db.execute("create temp table filed (key integer, mention integer, flag integer)")
    db.conn.executemany(
        "insert into temp.filed values (?, ?, ?)", filed_rows(db.query(mentions + " order by speaker_id"))
    )
    db.execute(f"insert into [{KEYS}] (key, mention, flag) select * from temp.filed order by key, mention")
    db.execute("drop table temp.filed")
    names = Counter((key, row["speaker_extracted"]) for row in db.query(mentions) if (key := name_key_of_row(row)))
    write_names(db, names.items())
    add_files(db, db.query("select id, path from articles"))
    db.execute(f"insert into [{STATE}] (scheme) values (?)", [scheme()])


def name_row(key: Key, name: str, n: int) -> tuple:
    first, last = name_ends(key) if is_full_name(key) else (None, None)
    return (encode(key), name, n, first, last)


def write_names(db: sqlite_utils.Database, counts: Iterable[tuple[tuple[Key, str], int]]) -> None:
    """Set how many mentions spell each (key, name) so; a count of 0 removes it."""
    counts = list(counts)
    db.conn.executemany(
        f"delete from [{NAMES}] where key = ? and name = ?", [(encode(k), n) for (k, n), c in counts if c <= 0]
    )
    db.conn.executemany(
        f"insert or replace into [{NAMES}] (key, name, n_mentions, first, last) values (?, ?, ?, ?, ?)",
        [name_row(k, n, c) for (k, n), c in counts if c > 0],
    )


def add_files(db: sqlite_utils.Database, articles: Iterable[dict]) -> None:
    db.conn.executemany(
        f"insert or ignore into [{FILES}] (name, article_id) values (?, ?)",
        ((name, a["id"]) for a in articles if (name := file_name(a["path"]))),
    )


def chunks(values: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def json_list(values: Iterable) -> str:
    """``values`` as the one parameter of ``json_each(?)``."""
    return json.dumps(list(values))


def rows_in(db: sqlite_utils.Database, sql: str, values: Iterable) -> list[dict]:
    """``sql`` (with one ``json_each(?)``) over ``values`` in chunks."""
    out: list[dict] = []
    for chunk in chunks(sorted(set(values), key=repr)):
        out += db.query(sql, [json_list(chunk)])
    return out
