"""Read articles from files, folders or stdin, in the formats newsrooms have.

* ``.txt`` — one article; metadata from a ``sources.csv`` beside it (by file name).
* ``.html`` / ``.htm`` — a saved page; main text and metadata via trafilatura
  (``sources.csv`` fields, when given, win over what the page says).
* ``.jsonl`` / ``.ndjson`` — one article per line; ``.json`` — one object or a list.
  Keys: ``text`` (required), ``title``, ``author``, ``published`` (or ``date``),
  ``outlet`` (or ``sitename``), ``url``. Each record's path is ``file:N``
  (N = line, or item for a ``.json`` list) so every article can be found again.
* ``-`` — stdin: JSONL if it starts with ``{``, HTML if it starts like a page, else text.

Every reader yields an ``Article`` or an ``IngestError`` so that one bad file
never stops a batch; the CLI reports the errors. Articles that are clearly not
English come back as ``Skipped`` (an ``IngestError`` that is not a failure);
paths that are not read at all (a folder that cannot be listed, a FIFO, a
device: only regular files are opened) as ``Unread``. Problems in a
``sources.csv`` are ``SourcesWarning``s: the articles are read all the same.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .decoding import DecodeError, decode_text
from .language import not_english_reason
from .sources import SOURCES_FILES, parse_sources

TEXT, HTML, JSONL, JSON = "text", "html", "jsonl", "json"
FORMATS = {".txt": TEXT, ".html": HTML, ".htm": HTML, ".jsonl": JSONL, ".ndjson": JSONL, ".json": JSON}
METADATA = ("title", "outlet", "author", "published", "url")
# Other names for the metadata keys in JSON records (trafilatura's JSON output among them).
ALIASES = {"published": ("published", "date"), "outlet": ("outlet", "sitename")}


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


class Skipped(IngestError):
    """An article left out on purpose (not English): reported, but not a failure."""


class Unread(IngestError):
    """A path not read at all: a folder that cannot be listed, or not a regular file."""


@dataclass
class IngestWarning:
    """The article was read, but not quite as given (e.g. decoded from cp1252)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SourcesWarning(IngestWarning):
    """A problem in a ``sources.csv`` (path ``file:LINE``): that row or file is left out, the articles are read."""


Warn = Callable[[IngestWarning], None]
Item = Article | IngestError


def _ignore(warning: IngestWarning) -> None:
    pass


# -- metadata ------------------------------------------------------------------


def load_sources(directory: Path, warn: Warn = _ignore) -> dict[str, dict]:
    """Metadata rows keyed by file name, from a ``sources.csv`` beside the articles; ``warn`` hears its problems."""
    candidate = next((directory / name for name in SOURCES_FILES if (directory / name).is_file()), None)
    if candidate is None:
        return {}

    def problem(line: int | None, message: str) -> None:
        warn(SourcesWarning(f"{candidate}:{line}" if line else str(candidate), message))

    try:
        text = _decode(candidate.read_bytes(), str(candidate), warn)
    except OSError as e:
        text = IngestError(str(candidate), f"cannot read file ({e.strerror})")
    if isinstance(text, IngestError):
        problem(None, f"{text.message}; its metadata is ignored")
        return {}
    rows, problems = parse_sources(text)
    for line, message in problems:
        problem(line, message)
    return rows


def _clean(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):  # several authors; anything nested is not metadata
        value = "; ".join(str(v) for v in value if isinstance(v, (str, int, float)) and v != "")
    elif value is not None and not isinstance(value, str):
        value = str(value) if isinstance(value, (int, float)) else None
    value = (value or "").strip()
    return value or None


def _meta(record: dict, key: str) -> str | None:
    for name in ALIASES.get(key, (key,)):
        value = _clean(record.get(name))
        if value:
            return value
    return None


def make_article(path: str, text: str, *metadata: dict) -> Article:
    """An ``Article`` whose fields come from the first metadata dict that has them.

    Without a title, the first line of the text stands in (news text starts with the headline).
    """
    fields = {key: next((v for m in metadata if (v := _meta(m, key))), None) for key in METADATA}
    if fields["title"] is None:
        fields["title"] = text.strip().split("\n", 1)[0].strip()[:200] or None
    return Article(path=path, text=text, **fields)


def checked(article: Article) -> Article | IngestError:
    """The article, or why it is not one the English pipeline should read."""
    if not article.text.strip():
        return IngestError(article.path, "no text")
    reason = not_english_reason(article.text)
    if reason:
        return Skipped(article.path, f"skipped: clearly not English ({reason})")
    return article


# -- formats -------------------------------------------------------------------


def _decode(data: bytes, given: str, warn: Warn) -> str | IngestError:
    if not data.strip():
        return IngestError(given, "empty file")
    try:
        text, note = decode_text(data)
    except DecodeError as e:
        return IngestError(given, str(e))
    if note:
        warn(IngestWarning(given, note))
    return text


def read_text(text: str, given: str, meta: dict) -> Iterator[Item]:
    yield checked(make_article(given, text, meta))


def read_html(html: str, given: str, meta: dict) -> Iterator[Item]:
    from .htmltext import HtmlError, html_article

    try:
        page = html_article(html)
    except HtmlError as e:
        yield IngestError(given, str(e))
        return
    yield checked(make_article(given, page.text, meta, page._asdict()))


def record_article(path: str, record: Any, meta: dict) -> Item:
    """One JSON record (a dict with ``text``) as an article."""
    if not isinstance(record, dict):
        return IngestError(path, f"expected a JSON object, got {type(record).__name__}")
    if "text" not in record:
        return IngestError(path, "record has no 'text' field")
    if not isinstance(record["text"], str):
        return IngestError(path, f"'text' is {type(record['text']).__name__}, not a string")
    if not record["text"].strip():
        return IngestError(path, "'text' is empty")
    return checked(make_article(path, record["text"], record, meta))


TOO_DEEP = "JSON nested too deeply to read"


def read_jsonl(text: str, given: str, meta: dict) -> Iterator[Item]:
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        path = f"{given}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(path, f"not valid JSON ({e.msg} at column {e.colno})")
            continue
        except RecursionError:
            yield IngestError(path, TOO_DEEP)
            continue
        yield record_article(path, record, meta)


def read_json(text: str, given: str, meta: dict) -> Iterator[Item]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        yield IngestError(f"{given}:{e.lineno}", f"not valid JSON ({e.msg} at column {e.colno})")
        return
    except RecursionError:
        yield IngestError(given, TOO_DEEP)
        return
    if isinstance(value, list):
        if not value:
            yield IngestError(given, "empty JSON list")
        for n, record in enumerate(value, start=1):
            yield record_article(f"{given}:{n}", record, meta)
    else:
        yield record_article(given, value, meta)


READERS = {TEXT: read_text, HTML: read_html, JSONL: read_jsonl, JSON: read_json}


def read_data(fmt: str, data: bytes, given: str, meta: dict, warn: Warn = _ignore) -> Iterator[Item]:
    """Decode ``data`` once, then read it as ``fmt``."""
    text = _decode(data, given, warn)
    if isinstance(text, IngestError):
        yield text
    else:
        yield from READERS[fmt](text, given, meta)


def sniff(data: bytes) -> str:
    """The format of unnamed input (stdin): JSONL, HTML or plain text."""
    head = data[:1000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return JSONL
    lowered = head.lower()
    if lowered.startswith(b"<") and (b"<html" in lowered or b"<!doctype html" in lowered):
        return HTML
    return TEXT


# -- files and folders ---------------------------------------------------------


def is_article_file(child: Path, root: Path) -> bool:
    """Files a folder walk reads: known formats, no hidden paths, no READMEs or sources files."""
    relative = child.relative_to(root).parts
    return (
        child.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in relative)
        and child.name not in SOURCES_FILES
        and not child.name.lower().startswith("readme")
    )


def _walk(top: Path) -> list[Path]:
    """The article files under ``top``, and the folders that cannot be listed, in a stable order.

    Nothing is opened here: a FIFO or a device with an article's name is
    listed too, so that the reader can name it.
    """
    found: list[Path] = []
    for folder, dirs, files in os.walk(top, onerror=lambda e: found.append(Path(e.filename))):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(child for name in files if is_article_file(child := Path(folder, name), top))
    return sorted(found)


def iter_files(paths: Iterable[str]) -> Iterator[tuple[Path | None, str]]:
    """Expand folders recursively in a stable order; yield (path, as given), each path once.

    ``-`` (stdin) comes back as ``(None, "-")``; a missing path as itself, and
    a folder that cannot be listed as itself (the reader reports them).
    """
    seen: set = set()
    for given in paths:
        if given == "-":
            if "-" not in seen:
                seen.add("-")
                yield None, "-"
            continue
        p = Path(given)
        if p.is_dir():
            files = [(c, str(c)) for c in _walk(p)]
        else:
            files = [(p, given)]
        for path, shown in files:
            key = path.resolve() if path.exists() else shown
            if key not in seen:
                seen.add(key)
                yield path, shown


FILE_KINDS = {
    stat.S_IFDIR: "folder",
    stat.S_IFIFO: "FIFO",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFSOCK: "socket",
}


def unreadable(path: Path, given: str) -> IngestError | None:
    """Why ``path`` is not a regular file that can be read, without opening it; None if it is one."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return IngestError(given, "no such file or directory")
    except OSError as e:
        return Unread(given, f"cannot reach it ({e.strerror}); not read")
    if stat.S_ISDIR(mode):  # iter_files passes on the folders it cannot list
        try:
            os.scandir(path).close()
        except OSError as e:
            return Unread(given, f"cannot list folder ({e.strerror}); its articles are not read")
        return Unread(given, "is a folder; not read")
    if not stat.S_ISREG(mode):
        return Unread(given, f"not a regular file ({FILE_KINDS.get(stat.S_IFMT(mode), 'special file')}); not read")
    return None


def read_path(path: Path, given: str, sources: dict[str, dict], warn: Warn = _ignore) -> Iterator[Item]:
    """Every article in one regular file (a JSONL file holds many)."""
    if path.name in SOURCES_FILES:
        yield IngestError(given, "is the metadata file; pass the articles (or their folder) instead")
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield IngestError(given, f"cannot read file ({e.strerror})")
        return
    yield from read_data(FORMATS.get(path.suffix.lower(), TEXT), data, given, sources.get(path.name, {}), warn)


def read_articles(paths: Iterable[str], warn: Warn = _ignore, stdin=None) -> Iterator[Item]:
    """Every article under ``paths`` in a stable order; ``warn`` hears about lossy reads and sources problems."""
    sources_cache: dict[Path, dict] = {}
    for path, given in iter_files(paths):
        if path is None:
            data = (stdin or sys.stdin.buffer).read()
            yield from read_data(sniff(data), data, "-", {}, warn)
            continue
        problem = unreadable(path, given)
        if problem:
            yield problem
            continue
        directory = path.parent
        if directory not in sources_cache:
            sources_cache[directory] = load_sources(directory, warn)
        yield from read_path(path, given, sources_cache[directory], warn)
