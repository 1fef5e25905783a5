"""Tell page chrome from article text, line by line.

Text copied from web pages carries captions (often twice), "Read more:"
link lists, login prompts, credits and bylines. None of it holds quotes.
"""

from __future__ import annotations

from collections import Counter

import regex

LINE = regex.compile(r"[^\n]+")
SENTENCE_END = regex.compile(r"[.?!…:;][\"'”’»)\]]*\s*$")
LIST_HEADINGS = regex.compile(r"^(read more|related|more on this story|see also|most read)\b.*$", regex.I)


def _is_chrome_line(line: str, patterns: list[regex.Pattern]) -> bool:
    stripped = line.strip()
    if any(p.search(stripped) for p in patterns):
        return True
    # headings, link headlines and labels: short lines with no sentence ending
    return len(stripped.split()) < 25 and not SENTENCE_END.search(stripped)


def chrome_ranges(text: str, patterns: list[regex.Pattern]) -> list[tuple[int, int]]:
    """Character ranges of lines that are page chrome, in order; ``patterns`` match
    chrome lines (``data/chrome_patterns.txt``) beside the rules below."""
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
        chrome = repeated or _is_chrome_line(line, patterns)
        if in_list and chrome:
            ranges.append(m.span())
            continue
        in_list = False
        if chrome:
            ranges.append(m.span())
    return ranges
