"""Where a quote stands in its article: the sentences around it, and the article with its quotes marked.

Offsets come from the mentions table (``article.text[start:end] == mention.text``);
a mention whose offsets do not hold its text is listed but never marked, so a
page never highlights the wrong words.
"""

from __future__ import annotations

import bisect
from functools import cache

import regex

from ..article.quotemarks import MARKS
from ..article.sentences import sentence_breaks
from ..lexicon import package_lexicon

# Characters of article text fetched on each side of a quote for its context.
WINDOW = 700
# At most this many characters of context on each side, cut at a word.
BUDGET = 320
ELLIPSIS = "\u2026"
_SPACE = regex.compile(r"\s+")


@cache
def _abbreviations() -> frozenset[str]:
    return package_lexicon().words("abbreviations")


def _widen_to_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A direct quote's span without its marks, widened to take them in."""
    if start > 0 and MARKS.fullmatch(text[start - 1]):
        start -= 1
    if end < len(text) and MARKS.fullmatch(text[end]):
        end += 1
    elif end + 1 < len(text) and text[end] in ",.;:!?" and MARKS.fullmatch(text[end + 1]):
        end += 2  # "... next few hours," Ushakov said: the comma inside the marks
    return start, end


def _cut_left(text: str) -> str:
    if len(text) <= BUDGET:
        return text
    cut = text[-BUDGET:]
    return ELLIPSIS + cut[cut.find(" ") + 1 :] if " " in cut else ELLIPSIS + cut


def _cut_right(text: str) -> str:
    if len(text) <= BUDGET:
        return text
    cut = text[:BUDGET]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + ELLIPSIS


def _squeeze(text: str) -> str:
    return _SPACE.sub(" ", text)


def context(
    window: str, offset: int, start: int, end: int, expected: str, text_length: int | None = None
) -> dict | None:
    """The quote with a sentence before and after it: ``{"before", "quote", "after"}``.

    ``window`` is the article text from ``offset`` on (a slice fetched around
    the quote), ``text_length`` the whole article's length; ``start``/``end``
    are offsets in the whole article. None when the offsets do not hold ``expected``.
    """
    s, e = start - offset, end - offset
    if s < 0 or e > len(window) or window[s:e] != expected:
        return None
    s, e = _widen_to_marks(window, s, e)
    breaks = sentence_breaks(window, _abbreviations())
    i = bisect.bisect_right(breaks, s) - 1  # the break that starts the quote's sentence
    lo = breaks[i - 1] if i >= 1 else 0  # and one sentence before it
    j = bisect.bisect_right(breaks, e)  # the first break after the quote ends its sentence
    hi = breaks[j + 1] if j + 1 < len(breaks) else len(window)  # and one sentence after it
    before, after = _squeeze(window[lo:s]).lstrip(), _squeeze(window[e:hi]).rstrip()
    if lo == 0 and offset > 0 and before:
        before = ELLIPSIS + before
    if hi == len(window) and text_length is not None and offset + hi < text_length and after.strip():
        after += ELLIPSIS
    return {"before": _cut_left(before), "quote": _squeeze(window[s:e]), "after": _cut_right(after)}


def article_paragraphs(text: str, mentions: list[dict]) -> list[list[dict]]:
    """The article as paragraphs of segments ``{"text", "mention"}``; ``mention`` is set on marked quotes.

    Mentions whose offsets do not hold their text, or that overlap one
    marked before them, are not marked.
    """
    marked = []
    last_end = 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        start, end = m["start"], m["end"]
        if start < last_end or end > len(text) or text[start:end] != m["text"]:
            continue
        if m.get("kind") == "direct":
            start, end = _widen_to_marks(text, start, end)
            start = max(start, last_end)
        marked.append((start, end, m))
        last_end = end
    paragraphs: list[list[dict]] = [[]]
    pos = 0

    def plain(upto: int) -> None:
        nonlocal pos
        chunk = text[pos:upto]
        lines = chunk.split("\n")
        for k, line in enumerate(lines):
            if k:
                paragraphs.append([])
            if line:
                paragraphs[-1].append({"text": line, "mention": None})
        pos = upto

    for start, end, m in marked:
        plain(start)
        paragraphs[-1].append({"text": " ".join(text[start:end].split("\n")), "mention": m})
        pos = end
    plain(len(text))
    return [p for p in paragraphs if any(seg["text"].strip() for seg in p)]
