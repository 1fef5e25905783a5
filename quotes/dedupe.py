"""Group quote occurrences into utterances: one ``quote_id`` per remark.

(First version: same speaker and same normalised text. Issue #5 replaces the
matching with blocking + near-duplicate similarity.)
"""
from __future__ import annotations

import regex

from .ids import digest

_WORD = regex.compile(r"[\p{L}\p{N}]+")


def normalise(text: str) -> str:
    return " ".join(w.casefold() for w in _WORD.findall(text))


def assign_quote_ids(records: list[dict], articles: dict[str, dict] | None = None) -> None:
    """Set ``quote_id`` on every record (in place)."""
    for r in records:
        r["quote_id"] = digest(r.get("speaker_id") or "", normalise(r["text"]))
