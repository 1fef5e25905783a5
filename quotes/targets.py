"""Where a database may be written, checked before any work.

Nothing a user gave us is overwritten: not one of the inputs, not a file that
is not a quotes database, not a device. A place that cannot be written (a
read-only folder or database, ``/proc``) is named now, not after an hour of
parsing. A full disk can only show itself while writing; the CLI names it then.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .ingest.readers import FILE_KINDS, is_article_file
from .ingest.sources import SOURCES_FILES

# The tables every quotes database has (``store.read_database`` needs them too).
QUOTES_TABLES = ("outlets", "articles", "mentions")
SQLITE_HEADER = b"SQLite format 3\x00"
NOT_WRITTEN = "it is not written to"


class TargetError(Exception):
    """Why a database cannot be written at a path (the message leaves the path to the caller)."""


def check_target(db_path: str | os.PathLike, inputs: Iterable[str], existing: bool = False) -> None:
    """Raise ``TargetError`` unless a database built from ``inputs`` (or, with ``existing``, added to) can go at ``db_path``."""
    target = Path(db_path)
    if is_input(target, inputs):
        raise TargetError(f"is one of the inputs; {NOT_WRITTEN}")
    folder = _nearest_folder(target)
    if not os.path.lexists(target) and existing:
        raise TargetError("no database; run 'quotes build' first")
    # the folder before the file: a build's temporary file and a database's write-ahead log are made there
    _check_can_create_in(folder)
    if os.path.lexists(target):
        _check_existing(target)
        try:
            with open(target, "r+b"):
                pass
        except OSError as e:
            raise TargetError(f"the database is read-only ({e.strerror})") from None


def is_input(target: Path, inputs: Iterable[str]) -> bool:
    """Is ``target`` one of the files ``inputs`` would read: an article named or in a folder named, or a ``sources.csv``?"""
    if not os.path.exists(target):
        return False
    real = Path(os.path.realpath(target))
    for given in inputs:
        if given == "-":
            continue
        source = Path(os.path.realpath(given))
        if source.is_dir():
            if real.is_relative_to(source) and (real.name in SOURCES_FILES or is_article_file(real, source)):
                return True
        elif real == source or (real.parent == source.parent and real.name in SOURCES_FILES):
            return True
    return False


def quotes_database_problem(path: Path) -> str | None:
    """Why the file at ``path`` is not a quotes database, or None if it is one. Read-only: nothing is created."""
    try:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return "not an SQLite file"
    except OSError as e:
        return f"cannot read it: {e.strerror}"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as e:
        return str(e)
    missing = [t for t in QUOTES_TABLES if t not in tables]
    return f"no {', '.join(missing)} table" if missing else None


def _check_existing(target: Path) -> None:
    try:
        mode = target.stat().st_mode
    except OSError as e:
        raise TargetError(f"cannot look at it ({e.strerror}); {NOT_WRITTEN}") from None
    if not stat.S_ISREG(mode):
        raise TargetError(f"not a regular file ({FILE_KINDS.get(stat.S_IFMT(mode), 'special file')}); {NOT_WRITTEN}")
    if target.stat().st_size == 0:
        return  # nothing in it to lose
    problem = quotes_database_problem(target)
    if problem:
        raise TargetError(f"exists and is not a quotes database ({problem}); {NOT_WRITTEN}")


def _nearest_folder(target: Path) -> Path:
    """The folder the database (and any folders missing on the way) will be created in."""
    folder = target.parent
    while not os.path.exists(folder) and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise TargetError(f"{folder} is not a folder")
    return folder


def _check_can_create_in(folder: Path) -> None:
    """Create and remove a file in ``folder``: what a build's temporary file and a journal need."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".quotes-check-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        reason = "it does not allow new files" if e.errno == errno.ENOENT else e.strerror
        raise TargetError(f"cannot create files in {folder} ({reason})") from None
