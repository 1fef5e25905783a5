"""The stored mentions an add can regroup, and the quote ids they get.

What a new mention can change in the dedupe is what it is connected to: the
mentions whose pairs the add changes (``changed_mentions``), and everything
joined to those by a matched pair of either pass (``closure``). That set is
closed, so ``settle`` gives it, with the passes' own functions, the ids a full
build gives; every mention outside it keeps its id. Counts and neighbours come
from the look-up tables (``quotes.publish.lookups``), with the add's changes
held in ``Corpus``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
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
from .lookups import KEYS, chunks, item_of_row, json_list, signed

MANY = 1 << 62  # a count past every cap


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
    _lookers: dict[int, dict[int, int]] = field(default_factory=dict)
    _weak: dict[int, set[int]] = field(default_factory=dict)
    _df: dict[int, dict[str, int]] = field(default_factory=dict)

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
                "select rowid, * from mentions where rowid in (select value from json_each(?))", [json_list(chunk)]
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
                    [limit, json_list(chunk)],
                ):
                    if n < limit:
                        self._counts[k] = (n, n - len(self.leaving.get(k, ())) + len(self.joining.get(k, ())))
                    else:
                        self._counts[k] = (MANY, MANY)

    def count(self, k: int, after: bool = True) -> int:
        return self._counts[k][1 if after else 0]

    def df(self, node: Node, after: bool = True) -> dict[str, int]:
        """How many mentions of ``node``'s block hold each of its words (before or after the add)."""
        if not after:
            return {w: self.count(k, False) for w, k in node.words.items()}
        if node.id not in self._df:  # counts once fetched do not change
            self._df[node.id] = {w: self.count(k) for w, k in node.words.items()}
        return self._df[node.id]

    def postings(self, keys: Iterable[int]) -> None:
        """Fetch the mentions under ``keys`` (keys whose count is bounded)."""
        todo = sorted({k for k in keys if k not in self._postings})
        found: dict[int, set[int]] = defaultdict(set)
        for chunk in chunks(todo, 2000):
            for k, m in self.db.execute(
                f"select m.key, m.mention from json_each(?) j join [{KEYS}] m on m.key = j.value", [json_list(chunk)]
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
                [json_list(chunk)],
            ):
                found[k][m] = flag
        for k in todo:
            self._flagged[k] = found[k]

    def lookers(self, k: int) -> dict[int, int]:
        """The mentions that look themselves up under word key ``k`` after the add, with their need
        (kept: the closure asks once ``changed_mentions`` has set every look-up anew)."""
        if k not in self._lookers:
            leaving = self.leaving.get(k, ())
            stored = {m: need for m, need in self._flagged[k].items() if m not in self.lookups and m not in leaving}
            self._lookers[k] = stored | self.looked.get(k, {})
        return self._lookers[k]

    def weak_under(self, k: int) -> set[int]:
        """The weak mentions under bridge key ``k`` after the add."""
        if k not in self._weak:
            stored = set(self._flagged[k]) - self.leaving.get(k, set())
            self._weak[k] = stored | {m for m in self.joining.get(k, ()) if self.nodes[m].weak}
        return self._weak[k]

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
