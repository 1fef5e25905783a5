"""Group quote occurrences into utterances: one ``quote_id`` per remark.

One remark reaches the database many times: verbatim from agency copy, cut
to a fragment, translated twice, or reported instead of quoted, and not
every outlet names the speaker as well as the others do. Two passes:

1. **Blocks**: mentions of one named speaker (or one document) are compared
   with each other. Candidates come from an inverted index over each
   mention's rarest content words, with a cap on how many mentions one word
   may point at, so the cost grows with the number of mentions rather than
   its square; pairs are scored on their content-word sets and joined,
   closest first, by a union-find that keeps two different remarks of one
   article apart.
2. **Bridges**: a mention whose speaker is less than a name (a document, an
   unnamed source's description, nobody) meets any other mention that carries
   the same words, near-verbatim and long enough not to be a stock phrase.
   Candidates share a rare key (a pair of adjacent content words, or the whole
   text); the clusters they join may hold at most one named speaker, so two
   different people are never merged.

Both passes are groupings by a key followed by work inside each group, so
they run the same way in one process (here) or as a shuffle on a cluster
(``quotes.scale.dedupe``): the functions below are the whole algorithm.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from ..ids import digest
from ..lexicon import package_lexicon
from ..record import QuoteRecord

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_NOT = regex.compile(r"n[’']t\b", regex.IGNORECASE)

# Candidate generation: a mention looks itself up under its KEYS rarest
# content words; a word shared by more than CAP mentions of one speaker
# says too little to be looked up at all (verbatim repeats still meet
# through their identical text).
KEYS = 4
CAP = 32
# ... and only meets mentions that hold two of those words (all, if fewer).
MIN_KEY_HITS = 2

# Scoring two renderings by one speaker in different articles.
MIN_SHARED = 2
MIN_JACCARD = 0.5
MIN_SHARED_CONTAINED = 3
MIN_CONTAINMENT = 0.75
# Near-verbatim: what two quotes in one article, or two unattributed
# quotes, need to count as the same remark.
VERBATIM_JACCARD = 0.8
VERBATIM_MIN_SHARED = 4
VERBATIM_MIN_WORDS = 4
# Quotes without a named speaker meet across articles only near-verbatim
# and when long enough not to be a stock phrase.
ANONYMOUS_MIN_WORDS = 6
UNATTRIBUTED_MIN_WORDS = 8

_SUFFIXES = (("ships", ""), ("ship", ""), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("s", ""))
_KEEP_S = ("ss", "us", "is")
_NO_UNDOUBLE = set("lsz")


def normalise(text: str) -> str:
    """Case- and punctuation-insensitive words of ``text``, space-separated."""
    return " ".join(w.casefold() for w in _WORD.findall(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: ``relations`` and ``relationship`` -> ``relation``.

    Light on purpose: ``deepening`` and ``growing`` stay apart; only
    inflections of one word meet.
    """
    for suffix, repl in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) + len(repl) < 3:
            continue
        if suffix == "s" and word.endswith(_KEEP_S):
            break
        word = word[: len(word) - len(suffix)] + repl
        if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
            word = word[:-1]  # planned -> plan
        break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]  # make/making -> mak
    return word


@cache
def paraphrases() -> dict[str, str]:
    """Stemmed word -> the stemmed first word of its group in ``data/paraphrases.txt``."""
    table = {}
    for line in package_lexicon().lines("paraphrases"):
        group = [stem(w.casefold()) for w in line.split()]
        for w in group:
            table[w] = group[0]
    return table


def content_sequence(text: str) -> list[str]:
    """The words that carry a remark's meaning, in order, stemmed and with paraphrases unified."""
    return [k for w in _WORD.findall(_NOT.sub(" not", text)) if (k := content_key(w)) is not None]


@lru_cache(maxsize=500_000)
def content_key(word: str) -> str | None:
    """A word as content words compare (None for a stopword): one cached look-up per word."""
    w = word.casefold()
    if w in package_lexicon().words("stopwords") or (len(w) < 2 and not w.isdigit()):
        return None
    s = stem(w)
    return paraphrases().get(s, s)


def content_words(text: str) -> frozenset[str]:
    """The words that carry a remark's meaning, as a set."""
    return frozenset(content_sequence(text))


@dataclass(frozen=True, slots=True)
class Mention:
    """What the matcher needs to know about one occurrence."""

    words: frozenset[str]
    norm: str
    n_words: int
    article: str
    min_words: int  # 0 for a named speaker; else only long near-verbatim text matches

    @classmethod
    def of(cls, record: QuoteRecord) -> Mention:
        return cls.make(
            record["text"], record["article"], min_words_of(record.get("speaker_id"), record.get("speaker_kind"))
        )

    @classmethod
    def make(cls, text: str, article: str, min_words: int) -> Mention:
        norm = normalise(text)
        return cls(content_words(text), norm, norm.count(" ") + 1 if norm else 0, article, min_words)


def near_verbatim(a: Mention, b: Mention) -> bool:
    """Same words, give or take a few, or one contained word for word in the other."""
    if a.norm == b.norm:
        return True
    short, long_ = (a, b) if a.n_words <= b.n_words else (b, a)
    if short.n_words >= VERBATIM_MIN_WORDS and f" {short.norm} " in f" {long_.norm} ":
        return True
    shared = len(a.words & b.words)
    return shared >= VERBATIM_MIN_SHARED and shared / len(a.words | b.words) >= VERBATIM_JACCARD


def same_remark(a: Mention, b: Mention) -> bool:
    """Would a reader call ``a`` and ``b`` (same block) renderings of one remark?"""
    if a.min_words:
        return min(a.n_words, b.n_words) >= a.min_words and near_verbatim(a, b)
    if a.article == b.article:
        # Two quotes of one speaker in one article are two remarks, unless
        # one repeats the other (a headline, a recap).
        return near_verbatim(a, b)
    if a.norm == b.norm:
        return True
    shared = len(a.words & b.words)
    if shared >= MIN_SHARED and shared / len(a.words | b.words) >= MIN_JACCARD:
        return True
    smaller = min(len(a.words), len(b.words))
    return shared >= MIN_SHARED_CONTAINED and shared / smaller >= MIN_CONTAINMENT


def closeness(a: Mention, b: Mention) -> float:
    """Ranks matched pairs so the closest renderings join first."""
    if a.norm == b.norm:
        return 1.0
    union = len(a.words | b.words)
    return len(a.words & b.words) / union if union else 0.0


def candidate_pairs(mentions: list[Mention]) -> Iterator[tuple[int, int]]:
    """Pairs worth scoring: the same text, or two of a mention's rarest words in common.

    Each mention looks at most ``KEYS * CAP`` others, so a block of any size
    costs time in proportion to its mentions. A pair may come up twice.
    """
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_text[m.norm].append(i)
    for group in by_text.values():
        for i in group[1:]:
            yield group[0], i
    if len(by_text) < 2:
        return
    df = Counter(w for m in mentions for w in m.words)
    index: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for w in m.words:
            if df[w] <= CAP:
                index[w].append(i)
    for i, m in enumerate(mentions):
        keys, need = lookup_words(m.words, df)
        hits = Counter(j for w in keys for j in index[w])
        for j, n in hits.items():
            if n >= need and j != i:
                yield (i, j) if i < j else (j, i)


def lookup_words(words: Iterable[str], df: Mapping[str, int]) -> tuple[list[str], int]:
    """The words a mention looks itself up under (its ``KEYS`` rarest in its block, ``df``
    at most ``CAP``), and how many of them another mention must hold to be its candidate."""
    keys = sorted((w for w in words if df[w] <= CAP), key=lambda w: (df[w], w))[:KEYS]
    return keys, min(MIN_KEY_HITS, len(keys))


class Clusters:
    """Union-find that never joins two different remarks from one article, nor two named speakers.

    ``A ~ B`` and ``B ~ C`` can both hold while ``A`` and ``C`` are two things
    one speaker said in one article (a long rendering bridging them); such a
    join is refused. ``named`` gives each mention's named speaker (or None):
    a cluster holds at most one.
    """

    def __init__(self, mentions: list[Mention], named: list[str | None] | None = None) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.by_article: dict[int, dict[str, list[int]]] = {}  # made for a root on its first join
        self.size: dict[int, int] = {}
        self.named: dict[int, str] = {i: n for i, n in enumerate(named or ()) if n}  # by root

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _articles(self, root: int) -> dict[str, list[int]]:
        if root not in self.by_article:
            self.by_article[root] = {self.mentions[root].article: [root]}
        return self.by_article[root]

    def join(self, i: int, j: int) -> bool:
        """Join the clusters of ``i`` and ``j``; False if that would join two remarks or two speakers."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        named_i, named_j = self.named.get(ri), self.named.get(rj)
        if named_i and named_j and named_i != named_j:
            return False
        if self.size.get(ri, 1) < self.size.get(rj, 1):
            ri, rj = rj, ri  # the smaller cluster moves into the bigger one
        big, small = self._articles(ri), self._articles(rj)
        ms = self.mentions
        for article, xs in small.items():
            for y in big.get(article, ()):
                if any(not near_verbatim(ms[x], ms[y]) for x in xs):
                    return False
        for article, xs in small.items():
            big.setdefault(article, []).extend(xs)
        del self.by_article[rj]
        self.size[ri] = self.size.get(ri, 1) + self.size.pop(rj, 1)
        self.parent[rj] = ri
        if named_i or named_j:
            self.named[ri] = named_i or named_j
        self.named.pop(rj, None)
        return True


def cluster_block(mentions: list[Mention]) -> list[int]:
    """A cluster label (a position in ``mentions``) for each mention of one block.

    ``mentions`` must come in a fixed order (first seen first): the closest
    pairs join first and ties go by position, so the result does not depend
    on the order records arrived in.
    """
    matched = {}
    for i, j in candidate_pairs(mentions):
        if (i, j) not in matched and same_remark(mentions[i], mentions[j]):
            matched[(i, j)] = closeness(mentions[i], mentions[j])
    return join_matches(mentions, matched)


def join_matches(mentions: list[Mention], matched: dict[tuple[int, int], float]) -> list[int]:
    """Pass 1's joins: ``matched`` pairs (positions ``i < j`` in first-seen order, with their
    closeness), closest first, ties by position; a cluster label for each mention.

    Pairs only join within a connected group of them, so any set of mentions closed
    under ``matched`` gets the labels it gets inside its whole block (``quotes add``).
    """
    found = Clusters(mentions)
    for (i, j), _ in sorted(matched.items(), key=lambda kv: (-kv[1], kv[0])):
        found.join(i, j)
    return [found.find(i) for i in range(len(mentions))]


# -- what the passes need to know about a mention ------------------------------

# (published, article, start, end, text): the order mentions are first seen in.
Order = tuple[str, str, int, int, str]


class Item(NamedTuple):
    """One mention as the passes see it: small, plain and picklable (it crosses machines)."""

    order: Order
    speaker_id: str | None
    speaker_kind: str | None


def item_of(record: QuoteRecord, published: str | None) -> Item:
    order = (published or "9999", record["article"], record["start"], record["end"], record["text"])
    return Item(order, record.get("speaker_id"), record.get("speaker_kind"))


def specificity(speaker_id: str | None, speaker_kind: str | None) -> int:
    """How much a mention says about who spoke: a named person or organisation (3),
    a document (2), an unnamed source's description (1), nobody (0)."""
    if not speaker_id:
        return 0
    return {"anonymous": 1, "document": 2}.get(speaker_kind or "person", 3)


def min_words_of(speaker_id: str | None, speaker_kind: str | None) -> int:
    """The words a rendering needs before a less specific speaker may join it (0: no minimum)."""
    return (UNATTRIBUTED_MIN_WORDS, ANONYMOUS_MIN_WORDS, ANONYMOUS_MIN_WORDS, 0)[specificity(speaker_id, speaker_kind)]


def named(item: Item) -> str | None:
    """The named speaker of a mention, if it has one."""
    return item.speaker_id if specificity(item.speaker_id, item.speaker_kind) == 3 else None


def mention_of(item: Item) -> Mention:
    return Mention.make(item.order[4], item.order[1], min_words_of(item.speaker_id, item.speaker_kind))


def quote_id_of(first: Order) -> str:
    """A remark's id: a digest of where its earliest rendering stands."""
    return digest(first[1], str(first[2]))


# -- pass 1: blocks --------------------------------------------------------------


def block_key(item: Item) -> tuple | None:
    """Only mentions in one block are compared in pass 1.

    A named speaker or a document is a block. Unnamed sources (their ids are
    scoped to one article) and quotes without a speaker are in none: they meet
    other mentions only near-verbatim, through the bridges of pass 2.
    """
    if not item.speaker_id or item.speaker_kind == "anonymous":
        return None
    return ("speaker", item.speaker_id)


def cluster_items(items: Iterable[Item]) -> list[tuple[Order, Order]]:
    """Pass 1 over one block: each mention's order with the first-seen order of its cluster.

    The result does not depend on the order the items come in.
    """
    ordered = sorted(items, key=lambda it: it.order)
    labels = cluster_block([mention_of(it) for it in ordered])
    first: dict[int, Order] = {}
    for it, label in zip(ordered, labels, strict=True):
        first.setdefault(label, it.order)  # sorted: the first one met is the earliest
    return [(it.order, first[label]) for it, label in zip(ordered, labels, strict=True)]


# -- pass 2: bridges between renderings with different speakers --------------------

# A key shared by more mentions than this says too little (a stock phrase).
BRIDGE_CAP = 32


def is_weak(item: Item) -> bool:
    """Less than a named speaker: such a mention may join another speaker's remark."""
    return specificity(item.speaker_id, item.speaker_kind) < 3


def bridge_keys(item: Item) -> set[int]:
    """The keys a mention can be found under in pass 2: its text, and each pair
    of adjacent content words (a fragment keeps its pairs; so does a rendering
    with a word changed here and there); none for text too short to bridge.

    Keys are 64-bit digests: small to send between machines and to hold as a set.
    """
    norm = normalise(item.order[4])
    if not norm or norm.count(" ") + 1 < ANONYMOUS_MIN_WORDS:
        return set()
    words = content_sequence(item.order[4])
    return {key_digest("=" + norm), *(key_digest(f"{a} {b}") for a, b in zip(words, words[1:], strict=False))}


def key_digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def key_pairs(group: list[tuple[Hashable, bool]]) -> Iterator[tuple[Hashable, Hashable]]:
    """One key's (mention, weak?) list: each weak mention with every other, if the key is rare enough.

    Mention handles must be comparable; each pair comes as (smaller, larger).
    """
    if len(group) > BRIDGE_CAP or not any(weak for _, weak in group):
        return
    for w, weak in group:
        if weak:
            for o, _ in group:
                if o != w:
                    yield (w, o) if w < o else (o, w)


def bridge_closeness(a: Item, b: Item, mentions: dict[Item, Mention] | None = None) -> float | None:
    """How close two renderings are, if one remark with two speaker renderings; else None.

    At least one side is less than a named speaker (two names never meet
    here); the text is near-verbatim and as long as the vaguer side needs.
    """
    if named(a) and named(b):
        return None
    mentions = {} if mentions is None else mentions
    ma = mentions.get(a) or mentions.setdefault(a, mention_of(a))
    mb = mentions.get(b) or mentions.setdefault(b, mention_of(b))
    need = max(ma.min_words, mb.min_words)
    if min(ma.n_words, mb.n_words) < need or not near_verbatim(ma, mb):
        return None
    return closeness(ma, mb)


Match = tuple[Order, Order, float]


def join_bridges(members: Iterable[tuple[Item, Order]], matches: Iterable[Match]) -> dict[Order, Order]:
    """Pass 2's joins: pass-1 clusters that ``matches`` touch are joined, closest first.

    ``members``: every mention of the touched clusters with its cluster's first
    order (only these, however large the corpus). Returns the new first order
    of each cluster that joined an earlier one.
    """
    ordered = sorted(members, key=lambda m: m[0].order)
    position = {it.order: i for i, (it, _) in enumerate(ordered)}
    found = Clusters([mention_of(it) for it, _ in ordered], [named(it) for it, _ in ordered])
    head: dict[Order, int] = {}
    for i, (_, first) in enumerate(ordered):
        if first in head:
            found.join(head[first], i)  # rebuilds a pass-1 cluster: always allowed
        else:
            head[first] = i
    for a, b, _ in sorted(matches, key=lambda m: (-m[2], min(m[0], m[1]), max(m[0], m[1]))):
        found.join(position[a], position[b])
    earliest: dict[int, Order] = {}
    for i, (it, _) in enumerate(ordered):
        earliest.setdefault(found.find(i), it.order)
    moved = {}
    for first, i in head.items():
        new = earliest[found.find(i)]
        if new != first:
            moved[first] = new
    return moved


def bridge_pass(items: list[Item], firsts: list[Order]) -> dict[Order, Order]:
    """Pass 2 in this process; the grouping of ``quotes.scale.dedupe`` done with dicts."""
    return settle_bridges(items, firsts, bridge_matches(items))


def bridge_matches(items: list[Item]) -> list[tuple[int, int, float]]:
    """Pass 2's matched pairs (positions in ``items``, closeness).

    Only keys some weak mention has can give a pair, so only those are indexed,
    and a group is not filled past the cap. Each weak mention then scores the
    union of its groups: the pairs of ``key_pairs``, without holding them all.
    """
    weak = [is_weak(it) for it in items]
    groups: dict[int, list[int]] = defaultdict(list)
    weak_keys: dict[int, set[int]] = {}
    for i, it in enumerate(items):
        if weak[i]:
            weak_keys[i] = bridge_keys(it)
            for k in weak_keys[i]:
                groups[k].append(i)
    for i, it in enumerate(items):
        if not weak[i]:
            for k in bridge_keys(it):
                group = groups.get(k)
                if group is not None and len(group) <= BRIDGE_CAP:  # past the cap it gives no pairs anyway
                    group.append(i)
    cache: dict[Item, Mention] = {}
    matches: list[tuple[int, int, float]] = []
    for w, keys in weak_keys.items():
        partners = {o for k in keys if len(groups[k]) <= BRIDGE_CAP for o in groups[k]}
        for o in partners:
            if o == w or (weak[o] and o < w):  # a pair of weak mentions is scored from its first
                continue
            c = bridge_closeness(items[w], items[o], cache)
            if c is not None:
                matches.append((w, o, c))
    return matches


def settle_bridges(
    items: list[Item], firsts: list[Order], matches: Iterable[tuple[int, int, float]]
) -> dict[Order, Order]:
    """``join_bridges`` over the pass-1 clusters ``matches`` touch (positions in ``items``).

    Joins only happen within a connected group of clusters, so any set of
    mentions closed under both passes' pairs settles as it does in the whole corpus.
    """
    touched: set[Order] = set()
    orders: list[Match] = []
    for w, o, c in matches:
        orders.append((items[w].order, items[o].order, c))
        touched.update((firsts[w], firsts[o]))
    return join_bridges(((it, f) for it, f in zip(items, firsts, strict=True) if f in touched), orders)


# -- the keys ``quotes add`` finds a mention's neighbours by ------------------------


def word_key(block: tuple, word: str) -> int:
    """The key of a content word within one block (pass 1 counts and looks up words per block)."""
    return key_digest("\x1f".join(("word", *block, word)))


def text_key(block: tuple, norm: str) -> int:
    """The key of a normalised text within one block (pass 1 pairs each copy of a text with the first)."""
    return key_digest("\x1f".join(("text", *block, norm)))


def block_lookups(mentions: list[Mention]) -> list[tuple[list[str], int]]:
    """Each mention's look-up words and ``need`` in its block, as ``candidate_pairs`` finds them."""
    df = Counter(w for m in mentions for w in m.words)
    return [lookup_words(m.words, df) for m in mentions]


def filed_keys(item: Item, mention: Mention, lookup: tuple[list[str], int] | None) -> dict[int, int]:
    """Every key a stored mention is filed under, with a flag, so that a new mention finds
    what it can meet without reading the corpus:

    * in its block, each of its content words, flagged with its ``need`` if it is one of
      the words it looks itself up under (``lookup``), and its text: pass 1 counts words
      per block and pairs mentions through looked-up words and identical texts;
    * anywhere, its bridge keys, flagged 1 if it is weak: pass 2 pairs a weak mention with
      the others under a key few mentions share.
    """
    keys = dict.fromkeys(bridge_keys(item), int(is_weak(item)))
    block = block_key(item)
    if block is not None:
        words, need = lookup or ([], 0)
        keys.update({word_key(block, w): need if w in words else 0 for w in mention.words})
        keys[text_key(block, mention.norm)] = 0
    return keys


# -- both passes in this process -------------------------------------------------


def first_orders(items: list[Item]) -> list[Order]:
    """Pass 1 in this process: the first-seen order of each item's block cluster."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        key = block_key(it)
        if key is not None:
            blocks[key].append(i)
    firsts = [it.order for it in items]
    for members in blocks.values():
        if len(members) > 1:
            found = dict(cluster_items(items[i] for i in members))
            for i in members:
                firsts[i] = found[items[i].order]
    return firsts


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector: the pass makes millions of small acyclic
    objects, and full collections over them would make its cost superlinear."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def assign_quote_ids(records: list[QuoteRecord], articles: dict[str, dict] | None = None) -> None:
    """Set ``quote_id`` on every record (in place).

    The id is a digest of the remark's earliest rendering, so the same input
    gives the same ids whatever order the records come in.
    """
    articles = articles or {}
    items = [item_of(r, (articles.get(r["article"]) or {}).get("published")) for r in records]
    with gc_paused():
        firsts = first_orders(items)
        moved = bridge_pass(items, firsts)
    for r, first in zip(records, firsts, strict=True):
        r["quote_id"] = quote_id_of(moved.get(first, first))
