"""The one record type: a quote occurrence, from the component to the database.

The component fills the first fields (offsets into its ``Doc``); the pipeline
adds ``article`` and shifts offsets into the whole article; the pass over all
articles adds ``speaker_id``, ``quote_id`` and keeps the extracted spelling in
``speaker_extracted``. Records stay plain dicts: they cross process and
machine boundaries and are the JSON contract of ``quotes extract``.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict, get_args

Kind = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["person", "organisation", "anonymous", "document"]
# How the speaker was found: the phrase the cue names (its subject, agent or
# "according to" object), a name in apposition to it, a pronoun or a
# description resolved to someone named before, the speaker of the paragraph
# a quote continues, the nearest name when the parse gave the cue no subject,
# or nobody.
ResolvedBy = Literal["subject", "apposition", "pronoun", "nominal", "continuation", "fallback", "none"]
KINDS: frozenset[str] = frozenset(get_args(Kind))
SPEAKER_KINDS: frozenset[str] = frozenset(get_args(SpeakerKind))
RESOLVED_BY: frozenset[str] = frozenset(get_args(ResolvedBy))


class QuoteRecord(TypedDict):
    start: int  # character offsets of ``text`` in the article
    end: int
    text: str
    kind: Kind
    speaker: str | None  # canonical name (across articles, once ``speaker_id`` is set)
    role: str | None  # the role this article gives the speaker here
    cue: str | None  # the speech verb or phrase; None for a paragraph continuing a quote
    speaker_kind: SpeakerKind | None
    mention: str | None  # the speaker as written where the cue names them
    resolved_by: ResolvedBy
    article: NotRequired[str]  # the article's path (set by the pipeline)
    speaker_extracted: NotRequired[str | None]  # ``speaker`` before names were merged across articles
    speaker_id: NotRequired[str | None]
    quote_id: NotRequired[str]


# The fields of ``quotes extract`` output, in order.
CONTRACT_KEYS = (
    "article",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_kind",
    "role",
    "cue",
    "resolved_by",
    "quote_id",
)
