"""Tell page chrome from article text, line by line.

Text copied from web pages carries captions (often twice), "Read more:"
link lists, login prompts, credits and bylines. None of it holds quotes.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

from .lexicon import lines

LINE = regex.compile(r"[^\n]+")
SENTENCE_END = regex.compile(r"[.?!…:;][\"'”’»)\]]*\s*$")
LIST_HEADINGS = regex.compile(r"^(read more|related|more on this story|see also|most read)\b.*$", regex.I)


@lru_cache(maxsize=None)
def _patterns() -> list[regex.Pattern]:
    return [regex.compile(p, regex.I) for p in lines("chrome_patterns")]


def _is_chrome_line(line: str) -> bool:
    stripped = line.strip()
    if any(p.search(stripped) for p in _patterns()):
        return True
    # headings, link headlines and labels: short lines with no sentence ending
    return len(stripped.split()) < 25 and not SENTENCE_END.search(stripped)


def chrome_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines that are page chrome, in order."""
    found = list(LINE.finditer(text))
    counts = Counter(m.group().strip() for m in found)
    ranges = []
    in_list = False
    for m in found:
        line = m.group().strip()
        if not line:
            continue
        if LIST_HEADINGS.match(line):
            in_list = True
            ranges.append(m.span())
            continue
        repeated = counts[line] > 1 and len(line) > 40  # captions printed twice
        chrome = repeated or _is_chrome_line(line)
        if in_list and chrome:
            ranges.append(m.span())
            continue
        in_list = False
        if chrome:
            ranges.append(m.span())
    return ranges
