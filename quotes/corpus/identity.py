"""Speaker identity across articles: one id per real speaker.

Within an article the component already resolves ``Peskov`` to ``Dmitry
Peskov``; this pass merges spellings across articles (``Kim Jong-un`` =
``Kim Jong Un``) without merging different people who share a name part.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..ids import digest, slug
from ..names import is_pronoun, name_tokens, strip_determiner, strip_possessive
from ..record import QuoteRecord


def speaker_key(record: QuoteRecord) -> tuple:
    """What two mentions must share to be one speaker.

    A name is a name everywhere. What only describes a speaker is known within its
    article: unnamed sources (``a senior official``), organisations named by a common
    noun (``the ministry``) and documents (``the report``), which across articles are
    one only when the same owner is named (``the Hospitality Council's survey``).
    """
    name = record.get("speaker") or ""
    kind = record.get("speaker_kind") or "person"
    tokens = name_tokens(name, kind)
    if kind == "document" and record.get("owner"):
        return ("document", (*name_tokens(record["owner"], "organisation"), "/", *tokens))
    if kind in ("anonymous", "document") or (kind == "organisation" and not any(c.isupper() for c in name)):
        return (kind, tokens, record["article"])
    return (kind, tokens)


def canonical_speakers(records: list[QuoteRecord]) -> None:
    """Set ``speaker_id`` on every record (in place) and unify ``speaker`` spellings."""
    keys: dict[int, tuple] = {}
    forms: dict[tuple, Counter] = defaultdict(Counter)
    for i, r in enumerate(records):
        name = r.get("speaker")
        if not name:
            continue
        key = speaker_key(r)
        keys[i] = key
        forms[key][name] += 1

    # A one-word person name ("Putin") joins the only full name ending or
    # starting with that word; ambiguous ones ("Kim") stay as they are.
    full = [k for k in forms if k[0] == "person" and len(k[1]) > 1]
    by_part: dict[str, set] = defaultdict(set)
    for k in full:
        by_part[k[1][-1]].add(k)
        by_part[k[1][0]].add(k)
    merged: dict[tuple, tuple] = {}
    for k in forms:
        if k[0] == "person" and len(k[1]) == 1:
            candidates = by_part.get(k[1][0], set())
            if len(candidates) == 1:
                merged[k] = next(iter(candidates))
    for k, target in merged.items():
        forms[target].update(forms.pop(k))

    display = {}
    for key, counter in forms.items():
        best = sorted(counter.items(), key=lambda kv: (-len(name_tokens(kv[0], key[0])), -kv[1], kv[0]))[0][0]
        sid = slug(best)
        if len(key) == 3:  # known within one article only
            sid = f"{sid}-{digest(key[2], length=6)}"
        display[key] = (sid, best)
    for i, key in keys.items():
        sid, best = display[merged.get(key, key)]
        records[i]["speaker_id"] = sid
        records[i]["speaker"] = best


def name_aliases(record: QuoteRecord) -> set[str]:
    """Every spelling of the speaker's name a record shows: the canonical name, the
    article's spelling (``Kim Jong-un``) and a bare-name mention (``Peskov``, ``Mr
    Blair``); not pronouns or descriptions (``he``, ``the official``)."""
    canonical = record.get("speaker")
    if not canonical:
        return set()
    kind = record.get("speaker_kind") or "person"
    names = {canonical}
    written = record.get("speaker_extracted")
    if written:
        names.add(written)
    mention = strip_possessive(record.get("mention") or "")
    full = set(name_tokens(canonical, kind)) | set(name_tokens(written or canonical, kind))
    parts = name_tokens(mention, kind)
    if kind != "anonymous" and parts and set(parts) <= full and not is_pronoun(mention.split()[0]):
        names.add(mention if kind == "person" else strip_determiner(mention))
    return names
