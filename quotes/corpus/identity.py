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

# What identity knows a name by: (kind, tokens), or (kind, tokens, article) for a
# speaker known within its article only.
Key = tuple


def speaker_key(record: QuoteRecord) -> Key | None:
    """What two mentions must share to be one speaker (None: no speaker).

    A name is a name everywhere. What only describes a speaker is known within its
    article: unnamed sources (``a senior official``), organisations named by a common
    noun (``the ministry``) and documents (``the report``), which across articles are
    one only when the same owner is named (``the Hospitality Council's survey``).
    """
    name = record.get("speaker")
    if not name:
        return None
    kind = record.get("speaker_kind") or "person"
    tokens = name_tokens(name, kind)
    if kind == "document" and record.get("owner"):
        return ("document", (*name_tokens(record["owner"], "organisation"), "/", *tokens))
    if kind in ("anonymous", "document") or (kind == "organisation" and not any(c.isupper() for c in name)):
        return (kind, tokens, record["article"])
    return (kind, tokens)


def in_article(key: Key) -> bool:
    """A speaker known within one article only: an add writes or removes all its mentions at once."""
    return len(key) == 3


def is_one_word(key: Key) -> bool:
    """A one-word person name (``Putin``): it may join a full name."""
    return key[0] == "person" and len(key[1]) == 1


def is_full_name(key: Key) -> bool:
    return key[0] == "person" and len(key[1]) > 1


def name_ends(key: Key) -> tuple[str, str]:
    """The words of a full name a one-word name can be: its first and its last."""
    return key[1][0], key[1][-1]


def one_word_target(key: Key, full_names: set[Key]) -> Key | None:
    """The full name a one-word name joins: the only one it starts or ends (``full_names``:
    every full name with that word at an end); ambiguous ones (``Kim``) join none."""
    return next(iter(full_names)) if is_one_word(key) and len(full_names) == 1 else None


def display(key: Key, forms: Counter) -> tuple[str, str]:
    """A speaker's id and name from the spellings of its key (with their counts): the
    spelling with most tokens, then the most used, then the first alphabetically."""
    best = sorted(forms.items(), key=lambda kv: (-len(name_tokens(kv[0], key[0])), -kv[1], kv[0]))[0][0]
    sid = slug(best)
    if in_article(key):
        sid = f"{sid}-{digest(key[2], length=6)}"
    return sid, best


def canonical_speakers(records: list[QuoteRecord]) -> None:
    """Set ``speaker_id`` on every record (in place) and unify ``speaker`` spellings."""
    keys: dict[int, Key] = {}
    forms: dict[Key, Counter] = defaultdict(Counter)
    for i, r in enumerate(records):
        key = speaker_key(r)
        if key is not None:
            keys[i] = key
            forms[key][r["speaker"]] += 1

    # A one-word person name ("Putin") joins the only full name ending or
    # starting with that word; ambiguous ones ("Kim") stay as they are.
    by_part: dict[str, set] = defaultdict(set)
    for k in forms:
        if is_full_name(k):
            for part in name_ends(k):
                by_part[part].add(k)
    merged: dict[Key, Key] = {}
    for k in forms:
        if is_one_word(k) and (target := one_word_target(k, by_part.get(k[1][0], set()))):
            merged[k] = target
    for k, target in merged.items():
        forms[target].update(forms.pop(k))

    shown = {key: display(key, counter) for key, counter in forms.items()}
    for i, key in keys.items():
        sid, best = shown[merged.get(key, key)]
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
