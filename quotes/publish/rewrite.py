"""The rows an add changes, written in the caller's transaction: articles, mentions and
their look-up keys, outlets, the quotes it touched, and speakers from the counts it
moved (``quotes.corpus.rows`` builds each row as a build does)."""

from __future__ import annotations

from collections import Counter

import sqlite_utils

from ..corpus.identity import Key
from ..corpus.rows import (
    alias_counts,
    alias_row,
    article_rows,
    outlet_id,
    quote_rows,
    role_counts,
    role_order,
    speaker_row,
)
from ..record import QuoteRecord
from .lookups import FILES, KEYS, add_files, chunks, json_list, rows_in, write_names
from .regroup import Corpus


def stored_record(row: dict) -> dict:
    """A stored mention row as the row builders read a record."""
    return {
        "article_id": row["article_id"],
        "speaker_id": row["speaker_id"],
        "speaker": row["speaker_name"],
        "speaker_kind": row["speaker_kind"],
        "speaker_extracted": row["speaker_extracted"],
        "mention": row["speaker_mention"],
        "role": row["role"],
        "outlet_id": row["outlet_id"],
    }


def write_articles_and_mentions(
    db: sqlite_utils.Database,
    removed_articles: list[dict],
    added_articles: list[dict],
    new: list[QuoteRecord],
    removed: list[dict],
    rows: list[dict],
    before: dict[int, dict],
    renamed: dict[int, tuple[str, str]],
    names: dict[tuple[Key, str], int],
    ids: dict[int, str],
    c: Corpus,
) -> None:
    """Articles, mentions and their look-up keys (``renamed``: stored mention rowid -> its new
    speaker id and name; ``names``: spellings whose counts change; ``ids``: new quote ids)."""
    gone_articles = [a["id"] for a in removed_articles]
    for chunk in chunks(sorted(gone_articles)):
        db.execute("delete from articles where id in (select value from json_each(?))", [json_list(chunk)])
        db.execute(f"delete from [{FILES}] where article_id in (select value from json_each(?))", [json_list(chunk)])
    for chunk in chunks(sorted(row["rowid"] for row in removed)):
        db.execute("delete from mentions where rowid in (select value from json_each(?))", [json_list(chunk)])
    articles = article_rows(added_articles, new)
    db["articles"].insert_all(articles, batch_size=2000, alter=True)
    add_files(db, articles)
    db["mentions"].insert_all(rows, batch_size=2000, alter=True)
    rowid = {
        r["id"]: r["rowid"]
        for r in rows_in(
            db, "select rowid, id from mentions where id in (select value from json_each(?))", [r["id"] for r in rows]
        )
    }
    real = {-1 - i: rowid[row["id"]] for i, row in enumerate(rows)}
    updates = []
    for m in sorted((set(ids) | set(renamed)) - set(real)):
        old = before[m] if m in before else c.nodes[m].row
        sid, name = renamed.get(m, (old["speaker_id"], old["speaker_name"]))
        quote = ids.get(m, old["quote_id"])
        if (quote, sid, name) != (old["quote_id"], old["speaker_id"], old["speaker_name"]):
            updates.append((quote, sid, name, m))
    db.conn.executemany("update mentions set quote_id = ?, speaker_id = ?, speaker_name = ? where rowid = ?", updates)
    db.conn.executemany(
        f"delete from [{KEYS}] where key = ? and mention = ?",
        [(k, m) for k, ms in c.leaving.items() for m in ms],
    )
    flags = {
        m: c.flags(c.nodes[m], bridges=m < 0) for m in {m for ms in c.joining.values() for m in ms} | set(c.lookups)
    }
    db.conn.executemany(
        f"insert or replace into [{KEYS}] (key, mention, flag) values (?, ?, ?)",
        [(k, real.get(m, m), flags[m][k]) for k, ms in c.joining.items() for m in ms],
    )
    db.conn.executemany(  # stored mentions that look themselves up under other words now
        f"update [{KEYS}] set flag = ? where key = ? and mention = ? and flag != ?",
        [
            (flag, k, m, flag)
            for m in c.lookups
            if m > 0
            for k, flag in flags[m].items()
            if k in c.nodes[m].words.values()
        ],
    )
    write_names(db, names.items())


def write_outlets(db: sqlite_utils.Database, added: list[dict], removed: list[dict]) -> set[str]:
    """Outlets of the added articles (named as the last of them spells it), without the
    ones no article carries any more; returns the outlets whose name changed."""
    names = {outlet_id(a["outlet"]): a["outlet"] for a in added if a.get("outlet")}
    stored = {
        o["id"]: o["name"]
        for o in rows_in(db, "select * from outlets where id in (select value from json_each(?))", names)
    }
    db["outlets"].upsert_all([{"id": o, "name": n} for o, n in names.items() if stored.get(o) != n], pk="id")
    for o in {outlet_id(a.get("outlet")) for a in removed} - set(names) - {None}:
        if db.execute("select 1 from articles where outlet_id = ? limit 1", [o]).fetchone() is None:
            db.execute("delete from outlets where id = ?", [o])
    return {o for o, n in names.items() if o in stored and stored[o] != n}


def write_quotes(db: sqlite_utils.Database, touched: set[str]) -> None:
    """The rows of ``touched`` quotes from their mentions as they are now."""
    members = rows_in(db, "select * from mentions where quote_id in (select value from json_each(?))", touched)
    outlets = rows_in(
        db,
        "select * from outlets where id in (select value from json_each(?))",
        {m["outlet_id"] for m in members if m["outlet_id"]},
    )
    rows = quote_rows(members, outlets)
    for chunk in chunks(sorted(touched - {r["id"] for r in rows})):
        db.execute("delete from quotes where id in (select value from json_each(?))", [json_list(chunk)])
    stored = {
        q["id"]: q for q in rows_in(db, "select * from quotes where id in (select value from json_each(?))", touched)
    }
    db["quotes"].upsert_all([r for r in rows if stored.get(r["id"]) != r], pk="id", alter=True)


def write_speakers(
    db: sqlite_utils.Database,
    old: list[dict],
    new: list[dict],
    shown: dict[str, str],
    quote_speakers: tuple[list[dict], list[dict]],
    renamed_outlets: set[str],
) -> None:
    """Speakers, their spellings and their roles, from the mention rows the add takes
    away (``old``) and puts in (``new``, re-identified ones in both), and the speakers of the
    quotes it touched before and after. ``shown``: speaker id -> name after the add."""
    before, after = ([stored_record(r) for r in rows] for rows in (old, new))
    outlet_of = {r["article_id"]: r["outlet_id"] for r in [*old, *new]}
    aliases = alias_counts(after)
    aliases.subtract(alias_counts(before))
    roles = role_counts(after, outlet_of)
    roles.subtract(role_counts(before, outlet_of))
    mentions = Counter(r["speaker_id"] for r in after if r["speaker_id"])
    mentions.subtract(r["speaker_id"] for r in before if r["speaker_id"])
    quotes: Counter[str] = Counter()
    for sign, rows in ((-1, quote_speakers[0]), (1, quote_speakers[1])):
        for _, s in {(r["quote_id"], r["speaker_id"]) for r in rows if r["speaker_id"]}:
            quotes[s] += sign
    for (sid, alias), d in aliases.items():
        if d:
            row = db.execute(
                "select n_mentions from speaker_aliases where speaker_id = ? and alias = ?", [sid, alias]
            ).fetchone()
            n = (row[0] if row else 0) + d
            if n > 0:
                db["speaker_aliases"].upsert(alias_row(sid, alias, n), pk=("speaker_id", "alias"))
            else:
                db.execute("delete from speaker_aliases where speaker_id = ? and alias = ?", [sid, alias])
    for (sid, role, outlet), d in roles.items():
        if d:
            where = "speaker_id = ? and role = ? and outlet_id is ?"
            row = db.execute(f"select n_mentions from speaker_roles where {where}", [sid, role, outlet]).fetchone()
            n = (row[0] if row else 0) + d
            if row and n > 0:
                db.execute(f"update speaker_roles set n_mentions = ? where {where}", [n, sid, role, outlet])
            elif row:
                db.execute(f"delete from speaker_roles where {where}", [sid, role, outlet])
            elif n > 0:
                db["speaker_roles"].insert({"speaker_id": sid, "role": role, "outlet_id": outlet, "n_mentions": n})
    touched = {s for s, d in mentions.items() if d} | {s for s, d in quotes.items() if d}
    touched |= {s for (s, _), d in aliases.items() if d} | {s for (s, _, _), d in roles.items() if d} | set(shown)
    if renamed_outlets:
        touched |= {
            r["speaker_id"]
            for r in rows_in(
                db,
                "select speaker_id from speaker_roles where outlet_id in (select value from json_each(?))",
                renamed_outlets,
            )
        }
    kinds = {r["speaker_id"]: r["speaker_kind"] or "person" for r in reversed(after) if r["speaker_id"]}
    for sid in sorted(touched):
        stored = next(iter(db.query("select * from speakers where id = ?", [sid])), None)
        n_mentions = (stored["n_mentions"] if stored else 0) + mentions[sid]
        if n_mentions <= 0:
            db.execute("delete from speakers where id = ?", [sid])
            continue
        spellings = [
            r[0] for r in db.execute("select alias from speaker_aliases where speaker_id = ? order by alias", [sid])
        ]
        role_list = sorted(
            db.query("select speaker_id, role, outlet_id from speaker_roles where speaker_id = ?", [sid]),
            key=role_order,
        )
        outlet_names = {
            o["id"]: o["name"]
            for o in rows_in(
                db,
                "select * from outlets where id in (select value from json_each(?))",
                {r["outlet_id"] for r in role_list if r["outlet_id"]},
            )
        }
        row = speaker_row(
            sid,
            shown.get(sid) or stored["name"],
            stored["kind"] if stored else kinds[sid],
            spellings,
            role_list,
            outlet_names,
            (stored["n_quotes"] if stored else 0) + quotes[sid],
            n_mentions,
        )
        if row != stored:
            db["speakers"].upsert(row, pk="id")
