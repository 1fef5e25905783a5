"""Character-level sentence and paragraph bounds that survive quotation marks.

spaCy's sentence splits often go wrong next to quotation marks; linking a
quote to its cue only needs to know whether a sentence end lies between them.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

import regex

from .lexicon import words

SENTENCE_END = regex.compile(r"(?<=[.!?][\"'”’»)]*)\s+(?=[\"'“‘«(]?[\p{Lu}\p{N}])")
_ABBREV_BEFORE = regex.compile(r"(?:^|[\s(])(\p{Lu}|[\p{L}]+)\.$")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _ABBREV_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    return len(word) == 1 or word.casefold() in words("abbreviations")


def sentence_breaks(text: str, lo: int, hi: int) -> list[int]:
    """Offsets where a new sentence starts within ``text[lo:hi]``."""
    breaks = []
    for m in SENTENCE_END.finditer(text, lo, hi):
        j = m.start() - 1
        while j > lo and text[j] in "\"'”’»)":
            j -= 1
        if text[j] == "." and _is_abbreviation(text, j):
            continue
        breaks.append(m.end())
    return breaks


@lru_cache(maxsize=8)
def _all_breaks(text: str) -> list[int]:
    """Every sentence start of ``text``, found once per text (the functions below
    are called for every quote and cue)."""
    return sentence_breaks(text, 0, len(text))


def has_sentence_break(text: str, lo: int, hi: int) -> bool:
    breaks = _all_breaks(text)
    i = bisect.bisect_right(breaks, lo)
    return i < len(breaks) and breaks[i] <= hi


def sentence_start(text: str, para_start: int, pos: int) -> int:
    """Start of the sentence holding ``pos`` (never before its paragraph)."""
    breaks = _all_breaks(text)
    i = bisect.bisect_right(breaks, pos) - 1
    return breaks[i] if i >= 0 and breaks[i] > para_start else para_start


def sentence_end(text: str, pos: int, para_end: int) -> int:
    breaks = _all_breaks(text)
    i = bisect.bisect_right(breaks, pos)
    return breaks[i] if i < len(breaks) and breaks[i] <= para_end else para_end
