"""Stable identifiers: the same input gives the same ids in every build."""

from __future__ import annotations

import hashlib

import regex

_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def digest(*parts: str, length: int = 12) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def slug(text: str) -> str:
    """``"Kim Jong-un"`` -> ``"kim-jong-un"``; keeps letters of every script."""
    return _NON_WORD.sub("-", text.casefold()).strip("-") or digest(text)
