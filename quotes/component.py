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


@Language.component("paragraph_sentences")
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
