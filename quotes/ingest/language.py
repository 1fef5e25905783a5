"""Is this article clearly not English? The English model would only invent quotes in it.

A cheap test, no model: English news has 35-50% of its words in spaCy's English
stop-word list, other languages in Latin script under 10%, other scripts none.
Short or ambiguous texts count as English: the check only turns away the obvious.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

SAMPLE_CHARS = 50_000
MIN_WORDS = 30
MIN_LETTERS = 200
MIN_STOP_WORD_SHARE = 0.15
MIN_LATIN_SHARE = 0.5

_WORD = regex.compile(r"\p{L}+")
_LATIN = regex.compile(r"\p{Script=Latin}")
_LETTER = regex.compile(r"\p{L}")


def not_english_reason(text: str) -> str | None:
    """A short reason if ``text`` is clearly not English, else None."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters >= MIN_LETTERS and len(_LATIN.findall(sample)) < MIN_LATIN_SHARE * letters:
        return "mostly non-Latin script"
    words = [w.casefold() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    share = sum(w in STOP_WORDS for w in words) / len(words)
    if share < MIN_STOP_WORD_SHARE:
        return f"only {share:.0%} common English words"
    return None
