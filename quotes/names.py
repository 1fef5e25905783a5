"""One way to compare names, used within an article and across articles.

``Mr Blair``, ``Tony Blair's`` and ``tony blair`` share the parts ``blair``
and ``tony blair``; ``Kim Jong-un`` and ``Kim Jong Un`` the same tokens.
"""

from __future__ import annotations

import regex

from .lexicon import package_lexicon

DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})

_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’]\p{L}+)*")
_POSSESSIVE = regex.compile(r"['’]s?$")


def honorifics() -> frozenset[str]:
    return package_lexicon().words("honorifics")


def name_tokens(name: str, kind: str | None = "person", titles: frozenset[str] | None = None) -> tuple[str, ...]:
    """Casefolded words of a name without a leading ``the``, a possessive ending
    and, for people, the titles before it: ``Cardinal O'Connor`` -> ``("o'connor",)``.

    ``titles``: the honorifics to drop (default: the package's list). Other
    kinds keep them: ``King's College`` is an organisation's name.
    """
    titles = (honorifics() if titles is None else titles) if (kind or "person") == "person" else frozenset()
    toks = [t.casefold().replace("’", "'") for t in _TOKEN.findall(name)]
    while len(toks) > 1 and toks[0] in titles:
        toks = toks[1:]
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    if toks:
        toks[-1] = _POSSESSIVE.sub("", toks[-1]) or toks[-1]
    return tuple(toks)


def strip_honorifics(name: str, titles: frozenset[str] | None = None) -> str:
    """``Mr Blair`` -> ``Blair``: the name as written, without the titles before it."""
    titles = honorifics() if titles is None else titles
    parts = name.split()
    while len(parts) > 1 and parts[0].casefold().rstrip(".") in titles:
        parts = parts[1:]
    return " ".join(parts)


def strip_possessive(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip())


def strip_determiner(text: str) -> str:
    """``the Kremlin`` -> ``Kremlin``; ``a senior official`` -> ``senior official``."""
    parts = text.split(" ", 1)
    return parts[1] if len(parts) == 2 and parts[0].casefold() in DETERMINERS else text


def is_pronoun(word: str) -> bool:
    return word.casefold() in PRONOUNS


_SENTENCE_END = regex.compile(r"(?<=\b(\p{L}+))\.\s+(?=\p{Lu})")


def tidy_role(role: str | None, abbreviations: frozenset[str] = frozenset()) -> str | None:
    """A role without what the parser ran on past it: the next sentence (``editor at Gadget
    Weekly. Rivals have ...``; not after ``Corp.``) or an unclosed bracket (``of the
    Global Handset Forum (GHF``)."""
    if not role:
        return role
    for end in _SENTENCE_END.finditer(role):
        word = end.group(1)
        if len(word) > 1 and word.casefold() not in abbreviations and not word.isupper():
            role = role[: end.start()]
            break
    if role.count("(") > role.count(")"):
        role = role[: role.rfind("(")]
    return role.strip(" ,;:-") or None
