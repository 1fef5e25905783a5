"""Read a speaker noun phrase: who it names, what kind of speaker, and the role given.

``Kremlin spokesman Dmitry Peskov`` -> name ``Dmitry Peskov``, role ``Kremlin
spokesman``; ``Jung Pak, U.S. senior official for North Korea,`` -> role from
the apposition; ``a senior presidential official`` -> an anonymous source.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .lexicon import words

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"}
ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
CUT_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}


@dataclass
class Phrase:
    """What a noun phrase says about a speaker, before resolution in the article."""
    text: str  # the phrase as written
    kind: str  # person | organisation | anonymous | pronoun | nominal
    name: str | None
    role: str | None
    head: str  # lower-cased head word
    plural: bool = False


def _span_text(doc, start: int, end: int) -> str:
    return doc[start:end].text.strip() if end > start else ""


def _strip_det(text: str) -> str:
    parts = text.split(" ", 1)
    if len(parts) == 2 and parts[0].casefold() in DETERMINERS:
        return parts[1]
    return text


def core_tokens(head: Token) -> tuple[int, int]:
    """Token range of the phrase without relative clauses, appositions and trailing preps."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in CUT_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
            break
        right = child.right_edge.i
    doc = head.doc
    # never across a line break: parses of page text run headings into sentences
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            left = i + 1
            break
    for i in range(head.i, right + 1):
        if "\n" in doc[i].whitespace_ or "\n" in doc[i].text:
            right = i
            break
    while left < head.i and doc[left].lower_ in ("both", "all", "some", "several"):
        left += 1
    return left, right + 1


def _person_entity(head: Token) -> Span | None:
    doc = head.doc
    left, right = core_tokens(head)
    best = None
    for ent in doc.ents:
        # a name elsewhere in the phrase ("Mr Blair's spokesman") is not the speaker
        if ent.label_ == "PERSON" and ent.start >= left and ent.end <= right and ent.start <= head.i < ent.end:
            return doc[max(ent.start, left):ent.end]
    if head.tag_ == "NNP" and head.ent_type_ not in ORG_LABELS:
        # the recognizer missed a name: a run of proper nouns ending at the head
        start = head.i
        while start > left and doc[start - 1].tag_ == "NNP" and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].lower_ not in words("title_words") \
                and doc[start - 1].ent_type_ not in ORG_LABELS:
            start -= 1
        if head.lower_ not in words("title_words") and head.lower_ not in words("honorifics"):
            best = doc[start:head.i + 1]
    return best


def _role_before(doc, left: int, name_start: int) -> str | None:
    """Title words before the name: ``Ukraine's Foreign Minister`` Dmytro Kuleba."""
    toks = [t for t in doc[left:name_start]]
    while toks and (toks[0].lower_ in DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    honorific_only = all(t.lower_.rstrip(".") in words("honorifics") for t in toks)
    if not toks or honorific_only and len(toks) == 1 and toks[0].lower_.rstrip(".") in {"mr", "mrs", "ms", "dr", "sir", "miss"}:
        return None
    if not any(t.lower_ in words("title_words") for t in toks):
        return None
    return doc[toks[0].i:toks[-1].i + 1].text


def _appos_role(head: Token) -> str | None:
    for child in head.rights:
        if child.dep_ == "appos":
            toks = [t for t in child.subtree if not (t.is_punct and t.i in (child.left_edge.i, child.right_edge.i))]
            if toks and any(t.lower_ in words("title_words") for t in toks):
                text = head.doc[toks[0].i:toks[-1].i + 1].text.strip(" ,")
                return text
    return None


def _organisation_name(head: Token, left: int, right: int) -> str | None:
    """The proper name inside an organisation phrase: ``Russia's Vedomosti newspaper``
    -> ``Vedomosti``, ``the regional broadcaster RTV`` -> ``RTV``."""
    doc = head.doc
    appos = [c for c in head.rights if c.dep_ == "appos" and c.tag_ == "NNP"]
    if appos:
        return doc[appos[0].left_edge.i:appos[0].right_edge.i + 1].text
    for ent in doc.ents:
        if ent.label_ == "ORG" and ent.start >= left and ent.end <= right:
            return ent.text
    if head.tag_ != "NNP":
        owners = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
        run = [t for t in doc[left:right] if t.tag_ == "NNP" and t.i not in owners and t.ent_type_ not in ("GPE", "NORP")]
        if run and run[-1].i - run[0].i + 1 == len(run):
            return doc[run[0].i:run[-1].i + 1].text
    return None


def read_phrase(head: Token) -> Phrase:
    """Analyse the noun phrase headed by ``head`` (a subject or an ``according to`` object)."""
    doc = head.doc
    left, right = core_tokens(head)
    text = _span_text(doc, left, right)
    low = head.lower_
    if head.pos_ == "PRON" or low in PRONOUNS:
        return Phrase(text, "pronoun", None, None, low, plural=low in words("plural_pronouns"))

    # "the North Korean leader, Kim Jong-un": the name is an apposition of the title
    if low in words("title_words"):
        for child in head.rights:
            if child.dep_ == "appos":
                ent = _person_entity(child)
                if ent is not None:
                    role = _strip_det(_span_text(doc, left, head.i + 1))
                    return Phrase(text, "person", ent.text, role, child.lower_)

    plural = head.tag_ in ("NNS", "NNPS")
    det = doc[left].lower_ if left < head.i else ""
    if head.ent_type_ in ORG_LABELS or low in words("organisation_heads"):
        name = _strip_det(_organisation_name(head, left, right) or text)
        return Phrase(text, "organisation", name, None, low, plural)

    ent = _person_entity(head)
    if ent is not None:
        role = _role_before(doc, left, ent.start) or _appos_role(head)
        return Phrase(text, "person", ent.text, role, head.lower_)

    if low in words("anonymous_heads") or low in words("title_words"):
        if det in ("the", "this", "that") and not plural:
            return Phrase(text, "nominal", None, None, low)
        desc = text[0].lower() + text[1:] if text[:1].isupper() and det in DETERMINERS else text
        return Phrase(text, "anonymous", desc, None, low, plural)
    return Phrase(text, "other", None, None, low, plural)
