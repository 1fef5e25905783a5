"""The spaCy component: ``nlp.add_pipe("quotes")`` puts occurrences on ``doc._.quotes``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import find_quotes

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory("quotes")
def make_quotes(nlp: Language, name: str) -> "QuoteFinder":
    return QuoteFinder()


class QuoteFinder:
    """Finds direct, mixed and reported quotes and attributes them to speakers.

    Each item of ``doc._.quotes`` is a plain dict: start, end (character offsets
    in ``doc.text``), text, kind, speaker, role, cue, speaker_kind, mention.
    """

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc
