"""Resolve speaker phrases within one article, in reading order.

``Peskov`` -> the ``Dmitry Peskov`` named in the article; ``he`` -> the last
speaker; ``the official`` -> the last speaker described as an official. Roles
given at a first mention (``Kremlin aide Yuri Ushakov``) carry to later ones.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from .lexicon import words
from .nounphrases import Phrase, read_phrase

_TOKEN = regex.compile(r"[\p{L}\p{N}]+")


@dataclass
class Speaker:
    name: str
    kind: str  # person | organisation | anonymous
    role: str | None
    mention: str
    plural: bool = False


def _tokens(name: str) -> list[str]:
    toks = [t.casefold() for t in _TOKEN.findall(name)]
    while len(toks) > 1 and toks[0] in words("honorifics"):
        toks = toks[1:]
    return toks


def strip_honorifics(name: str) -> str:
    """``Mr Blair`` -> ``Blair``: honorifics are not part of a name."""
    parts = name.split()
    while len(parts) > 1 and parts[0].casefold().rstrip(".") in words("honorifics"):
        parts = parts[1:]
    return " ".join(parts)


class ArticleSpeakers:
    """The people an article names, and the speakers it has quoted so far."""

    def __init__(self, doc: Doc):
        self.full_names: Counter[str] = Counter()
        self.first_seen: dict[str, int] = {}
        self.roles: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            phrase = read_phrase(ent.root)
            name = phrase.name if phrase.kind == "person" and phrase.name else ent.text
            if len(_tokens(name)) < 2:
                continue
            self.full_names[name] += 1
            self.first_seen.setdefault(name, ent.start_char)
            if phrase.role and name not in self.roles and phrase.name == name:
                self.roles[name] = phrase.role
        self.history: list[Speaker] = []

    def full_name(self, name: str) -> str:
        """``Peskov``/``Mr Blair``/``Kim`` -> the full name the article gives, if one fits."""
        bare = strip_honorifics(name)
        toks = _tokens(bare)
        if len(toks) != 1:
            return bare
        candidates = [n for n in self.full_names if toks[0] in (_tokens(n)[0], _tokens(n)[-1])]
        if not candidates:
            return bare
        return min(candidates, key=lambda n: (-self.full_names[n], self.first_seen[n]))

    def _last(self, want) -> Speaker | None:
        for sp in reversed(self.history):
            if want(sp):
                return sp
        return None

    def resolve(self, phrase: Phrase) -> Speaker | None:
        sp = self._resolve(phrase)
        if sp is not None:
            self.history.append(sp)
        return sp

    def _resolve(self, phrase: Phrase) -> Speaker | None:
        if phrase.kind == "person":
            name = self.full_name(phrase.name)
            role = phrase.role or self.roles.get(name) or self._last_role(name)
            return Speaker(name, "person", role, phrase.text)
        if phrase.kind == "organisation":
            # a surname the recognizer took for an organisation
            if len(_tokens(phrase.name)) == 1:
                name = self.full_name(phrase.name)
                if name in self.full_names:
                    return Speaker(name, "person", self.roles.get(name) or self._last_role(name), phrase.text)
            return Speaker(phrase.name, "organisation", None, phrase.text, phrase.plural)
        if phrase.kind == "anonymous":
            return Speaker(phrase.name, "anonymous", None, phrase.text, phrase.plural)
        if phrase.kind == "pronoun":
            if phrase.head in ("he", "she", "him", "her", "i"):
                prev = self._last(lambda s: s.kind != "organisation" and not s.plural)
            elif phrase.head == "it":
                prev = self._last(lambda s: s.kind == "organisation")
            else:
                prev = self._last(lambda s: s.plural or s.kind == "organisation")
            return None if prev is None else Speaker(prev.name, prev.kind, prev.role, phrase.text, prev.plural)
        if phrase.kind == "nominal":
            head = phrase.head
            prev = self._last(lambda s: head in (s.role or "").casefold().split()
                              or (s.kind == "anonymous" and head in s.name.casefold().split()))
            if prev is None:
                named = [n for n, r in self.roles.items() if head in r.casefold().split()]
                if len(named) == 1:
                    return Speaker(named[0], "person", self.roles[named[0]], phrase.text)
                return Speaker(phrase.text[0].lower() + phrase.text[1:], "anonymous", None, phrase.text)
            return Speaker(prev.name, prev.kind, prev.role, phrase.text, prev.plural)
        return None

    def _last_role(self, name: str) -> str | None:
        prev = self._last(lambda s: s.name == name and s.role)
        return prev.role if prev else None
