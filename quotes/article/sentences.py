"""Paragraphs, sentences and trimming at the character level, for one article.

spaCy's sentence splits often go wrong next to quotation marks; linking a
quote to its cue only needs to know whether a sentence end lies between them,
and where the paragraph (a line) of a position begins and ends.
"""

from __future__ import annotations

import bisect

import regex

SENTENCE_END = regex.compile(r"(?<=[.!?][\"'”’»)]*)\s+(?=(?:``|''|[\"'“‘«(])?[\p{Lu}\p{N}])")
_ABBREV_BEFORE = regex.compile(r"(?:^|[\s(])((?:\p{Lu}\.)+\p{Lu}|\p{Lu}|[\p{L}]+)\.$")  # "J.J.", "U.S.", "Mr."
_WORD = regex.compile(r"[\p{L}\p{N}]")
SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # every white space character
# What a span of reported words may not start or end with.
PUNCT_HEAD = " \t\n,;:—–-"
PUNCT_TAIL = " \t\n,.;:—–-"


def trim(text: str, start: int, end: int, head: str = SPACE, tail: str = SPACE) -> tuple[int, int]:
    """``start, end`` moved inwards past the characters in ``head`` and ``tail``."""
    while start < end and text[start] in head:
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def trim_punct(text: str, start: int, end: int) -> tuple[int, int]:
    return trim(text, start, end, PUNCT_HEAD, PUNCT_TAIL)


def has_words(text: str) -> bool:
    return bool(_WORD.search(text))


def sentence_breaks(text: str, abbreviations: frozenset[str], lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets where a new sentence starts within ``text[lo:hi]``."""
    breaks = []
    for m in SENTENCE_END.finditer(text, lo, len(text) if hi is None else hi):
        j = m.start() - 1
        while j > lo and text[j] in "\"'”’»)":
            j -= 1
        if text[j] == "." and _is_abbreviation(text, j, abbreviations):
            continue
        breaks.append(m.end())
    return breaks


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    m = _ABBREV_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    return len(word) == 1 or "." in word or word.casefold() in abbreviations


class Layout:
    """Where the paragraphs and sentences of one text begin and end (found once)."""

    def __init__(self, text: str, abbreviations: frozenset[str]):
        self.text = text
        self.breaks = sentence_breaks(text, abbreviations)

    def paragraph(self, pos: int) -> tuple[int, int]:
        """The line holding ``pos``."""
        text = self.text
        s = text.rfind("\n", 0, pos) + 1
        e = text.find("\n", pos)
        return s, len(text) if e == -1 else e

    def has_break(self, lo: int, hi: int) -> bool:
        """Does a sentence start within ``(lo, hi]``?"""
        i = bisect.bisect_right(self.breaks, lo)
        return i < len(self.breaks) and self.breaks[i] <= hi

    def sentence_start(self, para_start: int, pos: int) -> int:
        """Start of the sentence holding ``pos`` (never before its paragraph)."""
        i = bisect.bisect_right(self.breaks, pos) - 1
        return self.breaks[i] if i >= 0 and self.breaks[i] > para_start else para_start

    def sentence_end(self, pos: int, para_end: int) -> int:
        i = bisect.bisect_right(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) and self.breaks[i] <= para_end else para_end

    def sentence(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The sentence (within its paragraph) from the one holding ``start`` to the one holding ``end``."""
        para = self.paragraph(start)
        return self.sentence_start(para[0], start), self.sentence_end(start if end is None else end, para[1])

    def clip(self, span: tuple[int, int] | None, anchor: int) -> tuple[int, int] | None:
        """``span`` kept within the paragraph of ``anchor``: parses run across line breaks."""
        if span is None:
            return None
        para = self.paragraph(anchor)
        start, end = max(span[0], para[0]), min(span[1], para[1])
        return (start, end) if end > start else None
