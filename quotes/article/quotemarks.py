"""Find quoted spans in text, paragraph by paragraph.

Handles curly, straight, guillemet and low-9 marks, the typewriter pairs of
newspaper archives (two apostrophes, or two backticks closed by two
apostrophes), tells a closing single mark from an apostrophe
(``Russia’s``), and the news convention for quotes
running over several paragraphs (each paragraph opens with a mark, only the
last one closes). A quote never crosses a paragraph break, so an unbalanced
mark can swallow at most the rest of its own paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .sentences import trim

# opening mark -> closing marks that may end it
PAIRS: dict[str, tuple[str, ...]] = {
    "“": ("”", "“", '"'),  # some sites close with an opening curly mark or a straight one
    "„": ("“", "”"),
    "«": ("»",),
    "»": ("«",),  # Danish/Swedish style
    "‹": ("›",),
    "‘": ("’", "'"),
    "‚": ("‘", "’"),
    '"': ('"', "”"),
    "'": ("'", "’"),
    "``": ("''",),
    "''": ("''",),
}
DOUBLE = {*'“”„«»"', "``", "''"}
MARKS = regex.compile(r"``|''|[\"'“”„«»‹›‘’‚]")
PARAGRAPH = regex.compile(r"[^\n]+")
_LETTER = regex.compile(r"[\p{L}\p{N}]")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # the opening mark
    end: int  # just past the closing mark (or the paragraph end when unclosed)
    inner_start: int
    inner_end: int
    closed: bool
    mark: str

    @property
    def double(self) -> bool:
        return self.mark in DOUBLE


def _is_letter(ch: str) -> bool:
    return bool(ch) and bool(_LETTER.match(ch))


def _can_open(text: str, i: int, lo: int, ch: str) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + len(ch)] if i + len(ch) < len(text) else " "
    if after.isspace():
        return False
    if ch in "'’‘":
        # an apostrophe inside a word (don't, Russia’s) or elided year ('90s) never opens
        if _is_letter(before):
            return False
        if ch == "’":
            return False
        if ch == "'" and after.isdigit():
            return False
    if ch == '"' and _is_letter(before):
        return False
    return True


def _can_close(text: str, i: int, hi: int, ch: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(ch)] if i + len(ch) < hi else " "
    if before.isspace():
        # "''Yes, '' said Ana": a double mark set off by spaces cannot open, so it closes
        return ch in DOUBLE and after.isspace() and text[i - 2 : i - 1] in tuple(",.?!'’")
    if ch in "'’" and _is_letter(before) and _is_letter(after):
        return False  # apostrophe inside a word
    return True


def _sentence_ended(text: str, lo: int, i: int) -> bool:
    j = i - 1
    while j > lo and text[j].isspace():
        j -= 1
    if j > lo and text[j] in "'’":  # "... and say 'wow.' "My view ...": a nested quote ends the sentence
        j -= 1
    return j > lo and text[j] in ".?!"


def paragraph_spans(text: str, lo: int, hi: int) -> Iterator[QuoteSpan]:
    """Quoted spans within ``text[lo:hi]``, one paragraph."""
    open_at: int | None = None
    opener = ""
    for m in MARKS.finditer(text, lo, hi):
        i, ch = m.start(), m.group()
        if open_at is not None:
            inner = open_at + len(opener)
            if (
                ch == opener
                and _can_open(text, i, lo, ch)
                and not _can_close(text, i, hi, ch)
                and _sentence_ended(text, open_at, i)
            ):
                # a new quoted paragraph run into this one (the break was lost): close and reopen
                s, e = trim(text, inner, i)
                if e > s:
                    yield QuoteSpan(open_at, e, s, e, False, opener)
                open_at = i
                continue
            if ch in PAIRS[opener] and _can_close(text, i, hi, ch):
                if ch == opener and ch in "“„‚" and _can_open(text, i, lo, ch) and not _can_close(text, i, hi, ch):
                    continue
                s, e = trim(text, inner, i)
                if e > s:
                    yield QuoteSpan(open_at, i + len(ch), s, e, True, opener)
                open_at = None
                continue
            continue
        if ch in PAIRS and _can_open(text, i, lo, ch):
            open_at, opener = i, ch
    if open_at is not None:
        s, e = trim(text, open_at + len(opener), hi)
        if e > s:
            yield QuoteSpan(open_at, e, s, e, False, opener)


def find_quoted_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span in ``text``; spans never overlap and never cross a line break."""
    spans: list[QuoteSpan] = []
    for para in PARAGRAPH.finditer(text):
        spans.extend(paragraph_spans(text, para.start(), para.end()))
    return spans
