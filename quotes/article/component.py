"""The spaCy components, registered through the ``spacy_factories`` entry point.

``nlp.add_pipe("quotes")`` puts every quote occurrence on ``doc._.quotes``
(plain dicts, the ``quotes extract`` contract) and on ``doc.spans["quotes"]``
(one span per occurrence, labelled with its kind, with ``span._.speaker``,
``span._.role``, ``span._.cue`` and ``span._.speaker_kind``).
``nlp.to_disk()`` saves the word lists with the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, from_disk, to_disk

from ..lexicon import Lexicon
from ..record import QuoteRecord
from .attribution import MIN_REPORTED_CHARS, find_quotes

SPAN_FIELDS = ("speaker", "role", "cue", "speaker_kind")
LEXICON_DIR = "lexicon"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
for _field in SPAN_FIELDS:
    if not Span.has_extension(_field):
        Span.set_extension(_field, default=None)


@Language.factory(
    "quotes",
    assigns=["doc._.quotes", "doc.spans"],
    requires=["token.dep", "token.head", "token.tag", "token.ent_type", "token.ent_iob"],
    default_config={
        "skip_chrome": True,
        "min_reported_chars": MIN_REPORTED_CHARS,
        "lexicon": None,
        "spans_key": "quotes",
    },
)
def make_quotes(
    nlp: Language, name: str, skip_chrome: bool, min_reported_chars: int, lexicon: str | None, spans_key: str
) -> QuoteFinder:
    """``lexicon``: a folder of word-list files (``speech_verbs.txt``, ...) replacing the package's."""
    return QuoteFinder(
        name,
        skip_chrome=skip_chrome,
        min_reported_chars=min_reported_chars,
        lexicon=Lexicon.from_dir(lexicon) if lexicon else None,
        spans_key=spans_key,
    )


class QuoteFinder:
    """Finds direct, mixed and reported quotes and attributes them to speakers."""

    def __init__(
        self,
        name: str = "quotes",
        *,
        skip_chrome: bool = True,
        min_reported_chars: int = MIN_REPORTED_CHARS,
        lexicon: Lexicon | None = None,
        spans_key: str = "quotes",
    ):
        self.name = name
        self.cfg = {"skip_chrome": skip_chrome, "min_reported_chars": min_reported_chars, "spans_key": spans_key}
        self.lexicon = lexicon or Lexicon.from_package()

    def __call__(self, doc: Doc) -> Doc:
        records = find_quotes(
            doc, self.lexicon, skip_chrome=self.cfg["skip_chrome"], min_reported_chars=self.cfg["min_reported_chars"]
        )
        doc._.quotes = records
        doc.spans[self.cfg["spans_key"]] = [span for r in records if (span := quote_span(doc, r)) is not None]
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        to_disk(
            ensure_path(path),
            {
                "cfg.json": lambda p: p.write_text(json.dumps(self.cfg, indent=2), encoding="utf-8"),
                LEXICON_DIR: self.lexicon.to_dir,
            },
            exclude,
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> QuoteFinder:
        def read_lexicon(p: Path) -> None:
            self.lexicon = Lexicon.from_dir(p, base=self.lexicon)

        from_disk(
            ensure_path(path),
            {
                "cfg.json": lambda p: self.cfg.update(json.loads(p.read_text(encoding="utf-8"))),
                LEXICON_DIR: read_lexicon,
            },
            exclude,
        )
        return self


def quote_span(doc: Doc, record: QuoteRecord) -> Span | None:
    """The tokens of one occurrence as a span labelled with its kind."""
    span = doc.char_span(record["start"], record["end"], label=record["kind"], alignment_mode="expand")
    if span is not None:
        for name in SPAN_FIELDS:
            span._.set(name, record[name])
    return span


@Language.component("paragraph_sentences", assigns=["token.is_sent_start"])
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    Web text puts headings, captions and paragraphs on lines of their own;
    without this the parser joins them and a subject in one paragraph
    becomes the speaker of a verb in the next.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
    return doc
