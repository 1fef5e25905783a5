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
   the look-up tables (``quotes.publish.lookups``); and
5. writes only the rows that change, and the look-up tables, in the caller's
   transaction.

The equality with a full build is what ``tests/test_add.py`` checks, on
hand-made cases and on random ones with small caps.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import sqlite_utils

from ..corpus import dedupe
from ..corpus.dedupe import (
    Mention,
    block_key,
    bridge_closeness,
    bridge_keys,
    closeness,
    is_weak,
    join_matches,
    lookup_words,
    mention_of,
    quote_id_of,
    same_remark,
    settle_bridges,
    text_key,
    word_key,
)
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
from ..corpus.rows import (
    Merge,
    alias_counts,
    alias_row,
    article_id,
    article_rows,
    mention_rows,
    merge_articles,
    outlet_id,
    quote_rows,
    role_counts,
    role_order,
    spans,
    speaker_row,
)
from ..record import QuoteRecord
from .lookups import (
    FILES,
    KEYS,
    NAMES,
    add_files,
    chunks,
    decode,
    encode,
    file_name,
    item_of_row,
    name_key_of_row,
    signed,
    write_names,
)

MANY = 1 << 62  # a count past every cap


def _json(values: Iterable) -> str:
    return json.dumps(list(values))


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
                f"select article_id from [{FILES}] where name in (select value from json_each(?))", [_json(chunk)]
            )
        }
    found = []
    for chunk in chunks(sorted(ids)):
        found += db.query(
            "select a.*, o.name as outlet from articles a left join outlets o on o.id = a.outlet_id "
            "where a.id in (select value from json_each(?)) order by a.id",
            [_json(chunk)],
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
            f"select key, name, n_mentions from [{NAMES}] where key in (select value from json_each(?))", [_json(chunk)]
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

    targets: dict[tuple[Key, bool], Key | None] = {}
    for k in scope:
        if not is_one_word(k):
            continue
        part = k[1][0]
        involved = [f for f in changed if is_full_name(f) and part in name_ends(f)]
        limit = 2 + len(involved)
        stored = {
            decode(r[0])
            for r in db.execute(
                f"select key from [{NAMES}] where first = ? union select key from [{NAMES}] where last = ? limit ?",
                [part, part, limit],
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
                    [_json(chunk)],
                ):
                    if row["rowid"] not in gone and name_key_of_row(row) == k:
                        result.renamed[row["rowid"]] = result.shown[k]
    result.names = {(k, name): new[k][name] for k in changed for name in set(old[k]) | set(new[k])}
    return result


# -- 3. the mentions whose ids can change ----------------------------------------------


class Node:
    """A mention as the add sees it after the change (``row``'s ``quote_id`` is the stored one)."""

    def __init__(self, id: int, row: dict) -> None:
        self.id = id  # rowid; negative for a mention not written yet
        self.row = row
        self.item = item_of_row(row)

    @cached_property
    def mention(self) -> Mention:
        return mention_of(self.item)

    @cached_property
    def block(self) -> tuple | None:
        return block_key(self.item)

    @cached_property
    def weak(self) -> bool:
        return is_weak(self.item)

    @cached_property
    def words(self) -> dict[str, int]:
        """Content word -> its key in the block."""
        return {w: signed(word_key(self.block, w)) for w in self.mention.words} if self.block else {}

    @cached_property
    def text(self) -> int | None:
        return signed(text_key(self.block, self.mention.norm)) if self.block else None

    @cached_property
    def bridges(self) -> set[int]:
        return {signed(k) for k in bridge_keys(self.item)}


@dataclass
class Corpus:
    """The stored corpus as it is after the add: rows and look-up keys from the database,
    with the add's changes (mentions leaving and joining keys, look-up words set anew)
    held here."""

    db: sqlite_utils.Database
    renamed: dict[int, tuple[str, str]]
    nodes: dict[int, Node] = field(default_factory=dict)
    leaving: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    joining: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    kind: dict[int, str] = field(default_factory=dict)  # of a key mentions leave or join: "word", "text", "bridge"
    old_orders: dict[int, tuple] = field(default_factory=dict)  # of mentions leaving a key
    lookups: dict[int, tuple[list[str], int]] = field(default_factory=dict)  # look-up words set anew
    looked: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))  # word key -> {those: need}
    _counts: dict[int, tuple[int, int]] = field(default_factory=dict)
    _postings: dict[int, set[int]] = field(default_factory=dict)
    _flagged: dict[int, dict[int, int]] = field(default_factory=dict)

    def node(self, id: int, row: dict) -> Node:
        if id in self.renamed:
            row = {**row, "speaker_id": self.renamed[id][0], "speaker_name": self.renamed[id][1]}
        return Node(id, row)

    def file(self, node: Node, leave: bool, bridges: bool = True) -> None:
        """Note ``node`` leaving (as it was) or joining (as it is) the keys it is filed under."""
        moves = self.leaving if leave else self.joining
        keyed = [(k, "word") for k in node.words.values()] + ([(node.text, "text")] if node.text is not None else [])
        keyed += [(k, "bridge") for k in node.bridges] if bridges else []
        for k, kind in keyed:
            moves[k].add(node.id)
            self.kind[k] = kind
        if leave:
            self.old_orders[node.id] = node.item.order

    def load(self, ids: Iterable[int]) -> None:
        todo = sorted({i for i in ids if i not in self.nodes})
        for chunk in chunks(todo):
            for row in self.db.query(
                "select rowid, * from mentions where rowid in (select value from json_each(?))", [_json(chunk)]
            ):
                self.nodes[row["rowid"]] = self.node(row["rowid"], row)

    def counts(self, keys: Iterable[int]) -> None:
        """Count the mentions under ``keys`` before and after the add, as far as any cap needs."""
        by_limit: dict[int, list[int]] = defaultdict(list)
        for k in set(keys):
            if k not in self._counts:
                by_limit[max(dedupe.CAP, dedupe.BRIDGE_CAP) + 2 + len(self.leaving.get(k, ()))].append(k)
        for limit, ks in by_limit.items():
            for chunk in chunks(sorted(ks), 2000):
                for k, n in self.db.execute(
                    f"select j.value, (select count(*) from (select 1 from [{KEYS}] m where m.key = j.value limit ?)) "
                    "from json_each(?) j",
                    [limit, _json(chunk)],
                ):
                    if n < limit:
                        self._counts[k] = (n, n - len(self.leaving.get(k, ())) + len(self.joining.get(k, ())))
                    else:
                        self._counts[k] = (MANY, MANY)

    def count(self, k: int, after: bool = True) -> int:
        return self._counts[k][1 if after else 0]

    def df(self, node: Node, after: bool = True) -> dict[str, int]:
        return {w: self.count(k, after) for w, k in node.words.items()}

    def postings(self, keys: Iterable[int]) -> None:
        """Fetch the mentions under ``keys`` (keys whose count is bounded)."""
        todo = sorted({k for k in keys if k not in self._postings})
        found: dict[int, set[int]] = defaultdict(set)
        for chunk in chunks(todo, 2000):
            for k, m in self.db.execute(
                f"select m.key, m.mention from json_each(?) j join [{KEYS}] m on m.key = j.value", [_json(chunk)]
            ):
                found[k].add(m)
        for k in todo:
            self._postings[k] = (found[k] - self.leaving.get(k, set())) | self.joining.get(k, set())

    def under(self, k: int) -> set[int]:
        """The mentions under ``k`` after the add."""
        return self._postings[k]

    def flagged(self, keys: Iterable[int]) -> None:
        """Fetch the stored flags under ``keys`` (keys whose count is bounded)."""
        todo = sorted({k for k in keys if k not in self._flagged})
        found: dict[int, dict[int, int]] = defaultdict(dict)
        for chunk in chunks(todo, 2000):
            for k, m, flag in self.db.execute(
                f"select m.key, m.mention, m.flag from json_each(?) j join [{KEYS}] m on m.key = j.value "
                "where m.flag > 0",
                [_json(chunk)],
            ):
                found[k][m] = flag
        for k in todo:
            self._flagged[k] = found[k]

    def lookers(self, k: int) -> dict[int, int]:
        """The mentions that look themselves up under word key ``k`` after the add, with their need."""
        leaving = self.leaving.get(k, ())
        stored = {m: need for m, need in self._flagged[k].items() if m not in self.lookups and m not in leaving}
        return stored | self.looked.get(k, {})

    def weak_under(self, k: int) -> set[int]:
        """The weak mentions under bridge key ``k`` after the add."""
        stored = set(self._flagged[k]) - self.leaving.get(k, set())
        return stored | {m for m in self.joining.get(k, ()) if self.nodes[m].weak}

    def look_up(self, node: Node, words: list[str], need: int) -> None:
        """``node`` looks itself up under ``words`` after the add."""
        self.lookups[node.id] = (words, need)
        for w in words:
            self.looked[node.words[w]][node.id] = need

    def lookup(self, node: Node) -> tuple[list[str], int]:
        """The words ``node`` looks itself up under after the add, and its need."""
        if node.id in self.lookups:
            return self.lookups[node.id]
        return lookup_words(node.mention.words, self.df(node))

    def flags(self, node: Node, bridges: bool) -> dict[int, int]:
        """The flag of each key ``node`` is filed under after the add."""
        words, need = self.lookup(node) if node.block else ([], 0)
        flags = dict.fromkeys(node.bridges, int(node.weak)) if bridges else {}
        flags.update({k: need if w in words else 0 for w, k in node.words.items()})
        if node.text is not None:
            flags[node.text] = 0
        return flags


def same_lookup(a: tuple[list[str], int], b: tuple[list[str], int]) -> bool:
    return set(a[0]) == set(b[0]) and a[1] == b[1]


def changed_mentions(c: Corpus, changed: set[int]) -> set[int]:
    """``changed`` (new mentions, and stored ones in another block) and the stored mentions whose
    pairs the add changes without changing them: their look-up words moved, their text
    group has a new head, a bridge key of theirs crossed the cap."""
    keys = set(c.leaving) | set(c.joining)
    c.counts(keys)
    c.counts(k for m in changed for k in c.nodes[m].words.values())
    for m in changed:
        if c.nodes[m].block:
            c.look_up(c.nodes[m], *lookup_words(c.nodes[m].mention.words, c.df(c.nodes[m])))

    def delta(k: int) -> int:
        return len(c.joining.get(k, ())) - len(c.leaving.get(k, ()))

    out = set(changed)
    # Look-up words: only a look-up word that got commoner, or a rare word that got rarer,
    # can change which words a mention looks itself up under.
    commoner = [k for k in keys if c.kind[k] == "word" and delta(k) > 0 and c.count(k, False) <= dedupe.CAP]
    rarer = [k for k in keys if c.kind[k] == "word" and delta(k) < 0 and c.count(k) <= dedupe.CAP]
    c.flagged(commoner)
    c.postings(rarer)
    gone = set().union(*c.leaving.values()) if c.leaving else set()
    suspects = {m for k in commoner for m in c._flagged[k]} | {m for k in rarer for m in c.under(k)}
    suspects -= out | gone
    c.load(suspects)
    c.counts(k for h in suspects for k in c.nodes[h].words.values())
    for h in suspects:
        node = c.nodes[h]
        after = lookup_words(node.mention.words, c.df(node))
        if not same_lookup(lookup_words(node.mention.words, c.df(node, False)), after):
            out.add(h)
            c.look_up(node, *after)
    # Text groups: each copy of a text in a block pairs with the first one.
    groups = [k for k in keys if c.kind[k] == "text"]
    c.postings(groups)
    c.load(m for k in groups for m in c.under(k))
    for k in groups:
        after, leaving = c.under(k), c.leaving.get(k, set())
        before = (after - c.joining.get(k, set())) | leaving

        def order(m: int, leaving: set[int] = leaving) -> tuple:
            return c.old_orders[m] if m in leaving else c.nodes[m].item.order

        if min(before, key=order, default=None) != min(after, key=order, default=None):
            out |= after
    # Bridge keys whose count crossed the cap: pairs through them appear or go.
    crossed = [
        k
        for k in keys
        if c.kind[k] == "bridge"
        and delta(k)
        and min(c.count(k, False), c.count(k)) <= dedupe.BRIDGE_CAP < max(c.count(k, False), c.count(k))
    ]
    c.postings(crossed)
    out |= {m for k in crossed for m in c.under(k)}
    return out


def block_pairs(c: Corpus, x: Node) -> dict[int, float]:
    """``x``'s pass-1 pairs: ``candidate_pairs`` and ``same_remark`` as in its whole block.

    ``x`` finds others under its look-up words, others find ``x`` under theirs (the
    flagged words), and each copy of a text pairs with the first. (A block holding one
    text only gets the first kind of pair in a build, not the others; they join the
    same copies into the same cluster.) Expects ``expand`` to have fetched what it needs.
    """
    df = c.df(x)
    words, need = c.lookup(x)
    hits: Counter[int] = Counter(y for w in words for y in c.under(x.words[w]))
    found = {y for y, n in hits.items() if n >= max(need, 1)}
    back: Counter[int] = Counter()
    needs: dict[int, int] = {}
    for w, k in x.words.items():
        if df[w] <= dedupe.CAP:
            for y, n in c.lookers(k).items():
                back[y] += 1
                needs[y] = n
    found |= {y for y, n in back.items() if n >= max(needs[y], 1)}
    copies = c.under(x.text)
    head = min(copies, key=lambda m: c.nodes[m].item.order)
    found |= copies if head == x.id else {head}
    found.discard(x.id)
    pairs = {}
    for y in found:
        other = c.nodes[y]
        a, b = (x, other) if x.item.order < other.item.order else (other, x)
        if same_remark(a.mention, b.mention):
            pairs[y] = closeness(a.mention, b.mention)
    return pairs


def bridge_pairs(c: Corpus, x: Node) -> dict[int, float]:
    """``x``'s pass-2 pairs: mentions sharing a key under the cap, one of them weak, near-verbatim."""
    pairs = {}
    for k in x.bridges:
        if c.count(k) <= dedupe.BRIDGE_CAP:
            for y in c.under(k) if x.weak else c.weak_under(k):
                if y != x.id:
                    closeness_ = bridge_closeness(x.item, c.nodes[y].item)
                    if closeness_ is not None:
                        pairs[y] = closeness_
    return pairs


def expand(c: Corpus, frontier: list[int]) -> None:
    """Fetch what the pairs of ``frontier``'s mentions need: counts, look-ups, the mentions found."""
    c.load(frontier)
    nodes = [c.nodes[i] for i in frontier]
    c.counts(k for n in nodes for k in [*n.words.values(), *n.bridges])
    blocked = [n for n in nodes if n.block]
    mine = [n.words[w] for n in blocked for w in c.lookup(n)[0]]
    rare = [k for n in blocked for k in n.words.values() if c.count(k) <= dedupe.CAP]
    bridged = [(n, k) for n in nodes for k in n.bridges if c.count(k) <= dedupe.BRIDGE_CAP]
    c.postings(mine + [n.text for n in blocked] + [k for n, k in bridged if n.weak])
    c.flagged(rare + [k for n, k in bridged if not n.weak])
    found = {m for k in mine for m in c.under(k)} | {m for n in blocked for m in c.under(n.text)}
    found |= {m for k in rare for m in c.lookers(k)}
    found |= {m for n, k in bridged for m in (c.under(k) if n.weak else c.weak_under(k))}
    c.load(found)


@dataclass
class Closure:
    """A set of mentions closed under both passes' pairs, with those pairs."""

    ids: set[int] = field(default_factory=set)
    block: dict[tuple[int, int], float] = field(default_factory=dict)
    bridge: dict[tuple[int, int], float] = field(default_factory=dict)


def closure(c: Corpus, seeds: set[int]) -> Closure:
    """Everything connected to ``seeds`` by a matched pair of either pass (after the add)."""
    found = Closure()
    frontier = sorted(seeds)
    while frontier:
        found.ids.update(frontier)
        expand(c, frontier)
        reached = set()
        for i in frontier:
            x = c.nodes[i]
            for pairs, store in (
                (block_pairs(c, x) if x.block else {}, found.block),
                (bridge_pairs(c, x), found.bridge),
            ):
                for y, closeness_ in pairs.items():
                    store[(min(i, y), max(i, y))] = closeness_
                    reached.add(y)
        frontier = sorted(reached - found.ids)
    return found


def settle(c: Corpus, found: Closure) -> dict[int, str]:
    """The quote id of each mention of a closed set: pass 1 in each block, then pass 2."""
    nodes = sorted((c.nodes[i] for i in found.ids), key=lambda n: n.item.order)
    position = {n.id: i for i, n in enumerate(nodes)}
    items = [n.item for n in nodes]
    firsts = [it.order for it in items]
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        if n.block is not None:
            blocks[n.block].append(i)
    matched: dict[tuple, dict[tuple[int, int], float]] = defaultdict(dict)
    for (a, b), closeness_ in found.block.items():
        i, j = sorted((position[a], position[b]))
        matched[nodes[i].block][(i, j)] = closeness_
    for block, members in blocks.items():
        local = {g: i for i, g in enumerate(members)}
        pairs = {(local[i], local[j]): cl for (i, j), cl in matched[block].items()}
        labels = join_matches([nodes[g].mention for g in members], pairs)
        first: dict[int, tuple] = {}
        for g, label in zip(members, labels, strict=True):
            first.setdefault(label, items[g].order)
        for g, label in zip(members, labels, strict=True):
            firsts[g] = first[label]
    bridges = [(position[a], position[b], cl) for (a, b), cl in found.bridge.items()]
    moved = settle_bridges(items, firsts, bridges)
    return {n.id: quote_id_of(moved.get(f, f)) for n, f in zip(nodes, firsts, strict=True)}


# -- 4. the add ---------------------------------------------------------------------------


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


def _rows(db: sqlite_utils.Database, sql: str, values: Iterable) -> list[dict]:
    """``sql`` (with one ``json_each(?)``) over ``values`` in chunks."""
    out: list[dict] = []
    for chunk in chunks(sorted(set(values), key=repr)):
        out += db.query(sql, [_json(chunk)])
    return out


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
    removed = _rows(
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
        for row in _rows(
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
        for r in _rows(db, "select rowid from mentions where quote_id in (select value from json_each(?))", old_quotes)
    }
    found = closure(c, changed | (members - gone))
    ids = settle(c, found)

    # Rows.
    touched_quotes = old_quotes | {c.nodes[m].row["quote_id"] for m in found.ids if m > 0} | set(ids.values())
    touched_quotes.discard(None)
    quote_sql = "select quote_id, speaker_id from mentions where quote_id in (select value from json_each(?))"
    old_quote_speakers = _rows(db, quote_sql, touched_quotes)
    for i, row in enumerate(rows):
        row["quote_id"] = ids[-1 - i]
    write_articles_and_mentions(db, removed_articles, merge.added, new, removed, rows, before, ident, ids, c)
    renamed_outlets = write_outlets(db, merge.added, removed_articles)
    respelled = set()  # quotes naming an outlet whose name changed
    if renamed_outlets:
        respelled = {
            r["quote_id"]
            for r in _rows(
                db,
                "select distinct quote_id from mentions where outlet_id in (select value from json_each(?))",
                renamed_outlets,
            )
        }
    write_quotes(db, touched_quotes | respelled)
    new_quote_speakers = _rows(db, quote_sql, touched_quotes)
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


def write_articles_and_mentions(
    db: sqlite_utils.Database,
    removed_articles: list[dict],
    added_articles: list[dict],
    new: list[QuoteRecord],
    removed: list[dict],
    rows: list[dict],
    before: dict[int, dict],
    ident: Identities,
    ids: dict[int, str],
    c: Corpus,
) -> None:
    """Articles, mentions and their look-up keys."""
    gone_articles = [a["id"] for a in removed_articles]
    for chunk in chunks(sorted(gone_articles)):
        db.execute("delete from articles where id in (select value from json_each(?))", [_json(chunk)])
        db.execute(f"delete from [{FILES}] where article_id in (select value from json_each(?))", [_json(chunk)])
    for chunk in chunks(sorted(row["rowid"] for row in removed)):
        db.execute("delete from mentions where rowid in (select value from json_each(?))", [_json(chunk)])
    articles = article_rows(added_articles, new)
    db["articles"].insert_all(articles, batch_size=2000, alter=True)
    add_files(db, articles)
    db["mentions"].insert_all(rows, batch_size=2000, alter=True)
    rowid = {
        r["id"]: r["rowid"]
        for r in _rows(
            db, "select rowid, id from mentions where id in (select value from json_each(?))", [r["id"] for r in rows]
        )
    }
    real = {-1 - i: rowid[row["id"]] for i, row in enumerate(rows)}
    updates = []
    for m in sorted((set(ids) | set(ident.renamed)) - set(real)):
        old = before[m] if m in before else c.nodes[m].row
        sid, name = ident.renamed.get(m, (old["speaker_id"], old["speaker_name"]))
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
    write_names(db, ident.names.items())


def write_outlets(db: sqlite_utils.Database, added: list[dict], removed: list[dict]) -> set[str]:
    """Outlets of the added articles (named as the last of them spells it), without the
    ones no article carries any more; returns the outlets whose name changed."""
    names = {outlet_id(a["outlet"]): a["outlet"] for a in added if a.get("outlet")}
    stored = {
        o["id"]: o["name"]
        for o in _rows(db, "select * from outlets where id in (select value from json_each(?))", names)
    }
    db["outlets"].upsert_all([{"id": o, "name": n} for o, n in names.items() if stored.get(o) != n], pk="id")
    for o in {outlet_id(a.get("outlet")) for a in removed} - set(names) - {None}:
        if db.execute("select 1 from articles where outlet_id = ? limit 1", [o]).fetchone() is None:
            db.execute("delete from outlets where id = ?", [o])
    return {o for o, n in names.items() if o in stored and stored[o] != n}


def write_quotes(db: sqlite_utils.Database, touched: set[str]) -> None:
    """The rows of ``touched`` quotes from their mentions as they are now."""
    members = _rows(db, "select * from mentions where quote_id in (select value from json_each(?))", touched)
    outlets = _rows(
        db,
        "select * from outlets where id in (select value from json_each(?))",
        {m["outlet_id"] for m in members if m["outlet_id"]},
    )
    rows = quote_rows(members, outlets)
    for chunk in chunks(sorted(touched - {r["id"] for r in rows})):
        db.execute("delete from quotes where id in (select value from json_each(?))", [_json(chunk)])
    stored = {
        q["id"]: q for q in _rows(db, "select * from quotes where id in (select value from json_each(?))", touched)
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
            for r in _rows(
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
            for o in _rows(
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
