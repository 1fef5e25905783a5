"""Group quote occurrences into utterances: one ``quote_id`` per remark.

One remark reaches the database many times: verbatim from agency copy, cut
to a fragment, translated twice, or reported instead of quoted. Mentions are
blocked by speaker; candidates come from an inverted index over each
mention's rarest content words, with a cap on how many mentions one word may
point at, so the cost grows with the number of mentions rather than its
square; pairs are scored on their content-word sets and joined, closest
first, by a union-find that keeps two different remarks of one article apart.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..ids import digest
from ..lexicon import package_lexicon
from ..names import name_tokens
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


def content_words(text: str) -> frozenset[str]:
    """The words that carry a remark's meaning, stemmed and with paraphrases unified."""
    stop = package_lexicon().words("stopwords")
    table = paraphrases()
    out = set()
    for w in _WORD.findall(_NOT.sub(" not", text)):
        w = w.casefold()
        if w in stop or (len(w) < 2 and not w.isdigit()):
            continue
        s = stem(w)
        out.add(table.get(s, s))
    return frozenset(out)


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
        norm = normalise(record["text"])
        if not record.get("speaker_id"):
            min_words = UNATTRIBUTED_MIN_WORDS
        elif record.get("speaker_kind") == "anonymous":
            min_words = ANONYMOUS_MIN_WORDS
        else:
            min_words = 0
        return cls(
            content_words(record["text"]), norm, norm.count(" ") + 1 if norm else 0, record["article"], min_words
        )


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
        keys = sorted((w for w in m.words if df[w] <= CAP), key=lambda w: (df[w], w))[:KEYS]
        hits = Counter(j for w in keys for j in index[w])
        need = min(MIN_KEY_HITS, len(keys))
        for j, n in hits.items():
            if n >= need and j != i:
                yield (i, j) if i < j else (j, i)


class Clusters:
    """Union-find over one block that never joins two different remarks from one article.

    ``A ~ B`` and ``B ~ C`` can both hold while ``A`` and ``C`` are two things
    one speaker said in one article (a long rendering bridging them); such a
    join is refused.
    """

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.by_article: dict[int, dict[str, list[int]]] = {}  # made for a root on its first join
        self.size: dict[int, int] = {}

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

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        if self.size.get(ri, 1) < self.size.get(rj, 1):
            ri, rj = rj, ri  # the smaller cluster moves into the bigger one
        big, small = self._articles(ri), self._articles(rj)
        ms = self.mentions
        for article, xs in small.items():
            for y in big.get(article, ()):
                if any(not near_verbatim(ms[x], ms[y]) for x in xs):
                    return
        for article, xs in small.items():
            big.setdefault(article, []).extend(xs)
        del self.by_article[rj]
        self.size[ri] = self.size.get(ri, 1) + self.size.pop(rj, 1)
        self.parent[rj] = ri


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
    found = Clusters(mentions)
    for (i, j), _ in sorted(matched.items(), key=lambda kv: (-kv[1], kv[0])):
        found.join(i, j)
    return [found.find(i) for i in range(len(mentions))]


def first_seen_key(record: QuoteRecord, articles: dict[str, dict]) -> tuple[str, str, int]:
    """Order of appearance: publication date, then article path, then position."""
    published = (articles.get(record["article"]) or {}).get("published") or "9999"
    return (published, record["article"], record["start"])


def block_of(record: QuoteRecord) -> tuple:
    """Only mentions in one block are compared.

    A named speaker is a block. An anonymous speaker's id is scoped to one
    article, but "a spokesman" in two versions of one story may well be one
    person, so anonymous speakers block by their description; quotes with no
    speaker form one block.
    """
    if not record.get("speaker_id"):
        return ("none",)
    if record.get("speaker_kind") == "anonymous":
        return ("anonymous", name_tokens(record.get("speaker") or "", "anonymous"))
    return ("speaker", record["speaker_id"])


def clusters(records: list[QuoteRecord], articles: dict[str, dict]) -> list[int]:
    """A cluster label for every record (the index of one of its records): one per remark."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        blocks[block_of(r)].append(i)
    labels = list(range(len(records)))
    for members in blocks.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (*first_seen_key(records[i], articles), records[i]["end"], records[i]["text"]))
        for i, label in zip(members, cluster_block([Mention.of(records[i]) for i in members]), strict=True):
            labels[i] = members[label]
    return labels


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
    with gc_paused():
        roots = clusters(records, articles)
    earliest: dict[int, tuple] = {}
    for i, root in enumerate(roots):
        key = first_seen_key(records[i], articles)
        if root not in earliest or key < earliest[root]:
            earliest[root] = key
    for i, root in enumerate(roots):
        _, path, start = earliest[root]
        records[i]["quote_id"] = digest(path, str(start))
