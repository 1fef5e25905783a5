"""Read articles from disk: text files plus a sources file for their metadata.

Every reader yields either an ``Article`` or an ``IngestError`` so that one bad
file never stops a batch; the CLI reports the errors.
"""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

SOURCES_FILES = ("sources.csv",)


@dataclass
class Article:
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IngestError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def load_sources(directory: Path) -> dict[str, dict]:
    """Metadata rows keyed by file name, from a ``sources.csv`` beside the articles."""
    for name in SOURCES_FILES:
        candidate = directory / name
        if candidate.exists():
            with candidate.open(encoding="utf-8", newline="") as fp:
                return {row["file"]: row for row in csv.DictReader(fp)}
    return {}


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def read_text_article(path: Path, given: str, sources: dict[str, dict]) -> Article | IngestError:
    try:
        data = path.read_bytes()
    except OSError as e:
        return IngestError(given, f"cannot read file ({e.strerror})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return IngestError(given, "not UTF-8 text")
    meta = sources.get(path.name, {})
    title = _clean(meta.get("title"))
    if title is None:
        first = text.strip().split("\n", 1)[0].strip()
        title = first[:200] or None
    return Article(
        path=given,
        text=text,
        title=title,
        outlet=_clean(meta.get("outlet")),
        author=_clean(meta.get("author")),
        published=_clean(meta.get("published")),
        url=_clean(meta.get("url")),
    )


def iter_files(paths: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """Expand directories recursively, in a stable order; yield (path, as given)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in {".txt"} and child.name not in SOURCES_FILES:
                    yield child, str(child)
        else:
            yield p, given


def read_articles(paths: Iterable[str]) -> Iterator[Article | IngestError]:
    sources_cache: dict[Path, dict] = {}
    for path, given in iter_files(paths):
        if not path.exists():
            yield IngestError(given, "no such file")
            continue
        directory = path.parent
        if directory not in sources_cache:
            sources_cache[directory] = load_sources(directory)
        yield read_text_article(path, given, sources_cache[directory])
