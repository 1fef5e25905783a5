"""Character-level sentence and paragraph bounds that survive quotation marks.

spaCy's sentence splits often go wrong next to quotation marks; linking a
quote to its cue only needs to know whether a sentence end lies between them.
"""
from __future__ import annotations

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


def has_sentence_break(text: str, lo: int, hi: int) -> bool:
    return bool(sentence_breaks(text, lo, hi))


def sentence_start(text: str, para_start: int, pos: int) -> int:
    """Start of the sentence holding ``pos`` (never before its paragraph)."""
    starts = [b for b in sentence_breaks(text, para_start, min(len(text), pos + 3)) if b <= pos]
    return starts[-1] if starts else para_start


def sentence_end(text: str, pos: int, para_end: int) -> int:
    for b in sentence_breaks(text, pos, para_end):
        return b
    return para_end
