"""``quotes add`` at the cost of the articles added, not of the database.

Speaker identity and both dedupe passes are passes over the whole corpus, but
what a new mention can change is what it is connected to. The add:

1. finds the stored articles the new ones repeat or replace (by id, and by the
   name of the file they were read from) and nothing else;
2. redoes identity for the name keys the added and removed mentions carry and
   the one-word names that may join or leave them; stored mentions of a key
   whose id or name changes are re-identified;
3. finds the mentions whose pairs can change: the new, removed and
   re-identified ones, stored ones whose rarest words or text-group head moved
   in their block, and stored ones sharing a bridge key whose count crossed
   ``BRIDGE_CAP``; with the remarks they were part of, and everything
   connected to those by a matched pair of either pass. That set is closed:
   the passes join only along pairs, so its ids are the ones a full build gives
   whatever else the corpus holds, and every mention outside it keeps its id;
4. settles that set with the passes' own functions (``join_matches``,
   ``settle_bridges``), counting words and keys in the whole corpus through
   the look-up tables (``quotes.publish.lookups``); 3 and 4 are
   ``quotes.publish.regroup``; and
5. writes only the rows that change, and the look-up tables, in the caller's
   transaction (``quotes.publish.rewrite``).

The equality with a full build is what ``tests/test_add.py`` checks, on
hand-made cases and on random ones with small caps.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlite_utils

from ..corpus.identity import (
    Key,
    display,
    in_article,
    is_full_name,
    is_one_word,
    name_ends,
    one_word_target,
    speaker_key,
)
from ..corpus.rows import Merge, article_id, mention_rows, merge_articles, spans
from ..record import QuoteRecord
from .lookups import FILES, NAMES, chunks, decode, encode, file_name, json_list, name_key_of_row, rows_in
from .regroup import Corpus, Node, changed_mentions, closure, settle
from .rewrite import write_articles_and_mentions, write_outlets, write_quotes, write_speakers

# -- 1. articles -------------------------------------------------------------------


def stored_articles(db: sqlite_utils.Database, new: list[dict]) -> list[dict]:
    """The stored articles a merge with ``new`` can touch: the same ids, or read from files of the same name."""
    ids = {article_id(a) for a in new}
    names = {n for a in new if (n := file_name(a["path"]))}
    if names:
        ids |= {
            r[0]
            for chunk in chunks(sorted(names))
            for r in db.execute(
                f"select article_id from [{FILES}] where name in (select value from json_each(?))", [json_list(chunk)]
            )
        }
    found = []
    for chunk in chunks(sorted(ids)):
        found += db.query(
            "select a.*, o.name as outlet from articles a left join outlets o on o.id = a.outlet_id "
            "where a.id in (select value from json_each(?)) order by a.id",
            [json_list(chunk)],
        )
    return [{k: a[k] for k in ("id", "path", "text", "title", "outlet", "author", "published", "url")} for a in found]


# -- 2. identity ---------------------------------------------------------------------


@dataclass
class Identities:
    """What the add does to speaker identity."""

    shown: dict[Key, tuple[str, str]]  # every key in play -> (speaker id, name) after the add
    renamed: dict[int, tuple[str, str]]  # stored mention rowid -> its new (speaker id, name)
    names: dict[tuple[Key, str], int]  # (key, spelling) -> mentions, for the keys whose counts change


def load_forms(db: sqlite_utils.Database, keys: Iterable[Key]) -> dict[Key, Counter]:
    forms: dict[Key, Counter] = defaultdict(Counter)
    for chunk in chunks(sorted({encode(k) for k in keys})):
        for key, name, n in db.execute(
            f"select key, name, n_mentions from [{NAMES}] where key in (select value from json_each(?))",
            [json_list(chunk)],
        ):
            forms[decode(key)][name] = n
    return forms


def identities(db: sqlite_utils.Database, removed: list[dict], added: list[QuoteRecord], gone: set[int]) -> Identities:
    """Identity after removing the ``removed`` mention rows and adding the ``added`` records.

    A key's id and name follow from its spellings, or for a one-word name from
    the full name it joins; so only the keys whose spellings change, and the
    one-word names at the ends of those that are full names, can change.
    """
    delta: Counter[tuple[Key, str]] = Counter()
    for row in removed:
        if key := name_key_of_row(row):
            delta[(key, row["speaker_extracted"])] -= 1
    local: dict[Key, Counter] = defaultdict(Counter)
    for r in added:
        key = speaker_key(r)
        if key is None:
            continue
        if in_article(key):
            local[key][r["speaker"]] += 1  # its article is new: all its mentions are here
        else:
            delta[(key, r["speaker"])] += 1
    changed = {k for k, _ in delta}
    scope = set(changed) | {("person", (p,)) for k in changed if is_full_name(k) for p in name_ends(k)}
    old = load_forms(db, scope)
    new: dict[Key, Counter] = defaultdict(Counter, {k: Counter(v) for k, v in old.items()})
    for (k, name), d in delta.items():
        new[k][name] += d
        if new[k][name] <= 0:
            del new[k][name]

    def exists(forms: dict[Key, Counter], k: Key) -> bool:
        return bool(forms.get(k))

    ending: dict[str, set[Key]] = defaultdict(set)  # word -> the changed full names it starts or ends
    for f in changed:
        if is_full_name(f):
            for part in name_ends(f):
                ending[part].add(f)
    targets: dict[tuple[Key, bool], Key | None] = {}
    for k in scope:
        if not is_one_word(k):
            continue
        part = k[1][0]
        involved = ending[part]
        limit = 2 + len(involved)
        stored = {
            decode(r[0])
            for end in ("first", "last")
            for r in db.execute(
                f"select distinct key from [{NAMES}] indexed by [{NAMES}_{end}] where {end} = ? limit ?", [part, limit]
            )
        }
        if len(stored) >= limit:  # more than one full name either way
            continue
        after = (stored - {f for f in involved if not exists(new, f)}) | {f for f in involved if exists(new, f)}
        targets[(k, False)] = one_word_target(k, stored)
        targets[(k, True)] = one_word_target(k, after)
    missing = {t for t in targets.values() if t is not None and t not in old}
    for k, forms in load_forms(db, missing).items():
        old[k] = forms
        new[k] = Counter(forms)

    def shown(k: Key, after: bool) -> tuple[str, str]:
        target = targets.get((k, after)) or k
        return display(target, (new if after else old)[target])

    result = Identities({}, {}, {})
    for k in scope:
        if exists(new, k):
            result.shown[k] = shown(k, True)
    for k, forms in local.items():
        result.shown[k] = display(k, forms)
    for k in scope:
        if exists(old, k) and exists(new, k) and shown(k, False) != result.shown[k]:
            names = sorted(old[k])
            for chunk in chunks(names):
                for row in db.query(
                    "select rowid, article_id, speaker_extracted, speaker_kind, speaker_owner from mentions "
                    "where speaker_extracted in (select value from json_each(?))",
                    [json_list(chunk)],
                ):
                    if row["rowid"] not in gone and name_key_of_row(row) == k:
                        result.renamed[row["rowid"]] = result.shown[k]
    result.names = {(k, name): new[k][name] for k in changed for name in set(old[k]) | set(new[k])}
    return result


# -- 3. the add ---------------------------------------------------------------------------


def add_increment(
    db: sqlite_utils.Database, new_articles: list[dict], records: list[QuoteRecord], place: Callable[[str], str | None]
) -> Merge:
    """Add ``new_articles`` (``records`` name them by ``article_id``) to the database in the
    caller's transaction, as a full build with them would give it."""
    candidates = stored_articles(db, new_articles)
    merge = merge_articles(candidates, new_articles, place=place)
    if not merge.changes:
        return merge
    kept = {a["id"] for a in merge.kept}
    removed_articles = [a for a in candidates if a["id"] not in kept]
    added_paths = {a["path"] for a in merge.added}
    new, _ = spans(merge.added, [r for r in records if r["article"] in added_paths])
    removed = rows_in(
        db,
        "select rowid, * from mentions where article_id in (select value from json_each(?))",
        [a["id"] for a in removed_articles],
    )
    gone = {row["rowid"] for row in removed}

    # Identity.
    ident = identities(db, removed, new, gone)
    for r in new:
        if (key := speaker_key(r)) is not None:
            r["speaker_id"], r["speaker"] = ident.shown[key]
        r["quote_id"] = None
    rows = mention_rows(merge.added, new)

    # What can change in dedupe, and its new ids.
    c = Corpus(db, ident.renamed)
    for row in removed:
        c.file(Node(row["rowid"], row), leave=True)
    before = {
        row["rowid"]: row
        for row in rows_in(
            db, "select rowid, * from mentions where rowid in (select value from json_each(?))", ident.renamed
        )
    }
    moved = set()
    for rowid, row in before.items():
        c.nodes[rowid] = c.node(rowid, row)
        if ident.renamed[rowid][0] != row["speaker_id"]:  # another block
            moved.add(rowid)
            c.file(Node(rowid, row), leave=True, bridges=False)
            c.file(c.nodes[rowid], leave=False, bridges=False)
    for i, row in enumerate(rows):
        node = Node(-1 - i, row)
        c.nodes[node.id] = node
        c.file(node, leave=False)
    changed = changed_mentions(c, {n for n in c.nodes if n < 0} | moved)
    c.load(changed)
    old_quotes = {c.nodes[m].row["quote_id"] for m in changed if m > 0} | {row["quote_id"] for row in removed}
    members = {
        r["rowid"]
        for r in rows_in(
            db, "select rowid from mentions where quote_id in (select value from json_each(?))", old_quotes
        )
    }
    found = closure(c, changed | (members - gone))
    ids = settle(c, found)

    # Rows.
    touched_quotes = old_quotes | {c.nodes[m].row["quote_id"] for m in found.ids if m > 0} | set(ids.values())
    touched_quotes.discard(None)
    quote_sql = "select quote_id, speaker_id from mentions where quote_id in (select value from json_each(?))"
    old_quote_speakers = rows_in(db, quote_sql, touched_quotes)
    for i, row in enumerate(rows):
        row["quote_id"] = ids[-1 - i]
    write_articles_and_mentions(
        db, removed_articles, merge.added, new, removed, rows, before, ident.renamed, ident.names, ids, c
    )
    renamed_outlets = write_outlets(db, merge.added, removed_articles)
    respelled = set()  # quotes naming an outlet whose name changed
    if renamed_outlets:
        respelled = {
            r["quote_id"]
            for r in rows_in(
                db,
                "select distinct quote_id from mentions where outlet_id in (select value from json_each(?))",
                renamed_outlets,
            )
        }
    write_quotes(db, touched_quotes | respelled)
    new_quote_speakers = rows_in(db, quote_sql, touched_quotes)
    renamed_rows = [
        {**row, "speaker_id": ident.renamed[m][0], "speaker_name": ident.renamed[m][1]} for m, row in before.items()
    ]
    shown = {sid: name for sid, name in ident.shown.values()}
    write_speakers(
        db,
        [*removed, *before.values()],
        [*rows, *renamed_rows],
        shown,
        (old_quote_speakers, new_quote_speakers),
        renamed_outlets,
    )
    return merge
