import os as _os
import shutil as _shutil
import tempfile as _tempfile
from contextlib import contextmanager as _contextmanager
from pathlib import Path as _Path

import pytest as _pytest

from quotes.ids import slug
from quotes.record import QuoteRecord


def record(
    article: str,
    text: str,
    speaker: str | None = None,
    *,
    start: int = 0,
    kind: str = "direct",
    speaker_kind: str | None = "person",
    role: str | None = None,
    cue: str | None = "said",
    mention: str | None = None,
    resolved_by: str = "subject",
    **fields,
) -> QuoteRecord:
    """One extraction record for tests: ``text`` at ``start`` in ``article``.

    ``speaker_id`` defaults to the slug of ``speaker``, which is what the
    cross-article pass gives a speaker seen once.
    """
    rec: QuoteRecord = {
        "article": article,
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": kind,
        "speaker": speaker,
        "role": role,
        "cue": cue,
        "speaker_kind": speaker_kind,
        "resolved_by": resolved_by if speaker else "none",
        "mention": mention or speaker,
        "speaker_id": slug(speaker) if speaker else None,
    }
    rec.update(fields)
    return rec


def quote_site_records() -> tuple[list[dict], list[dict]]:
    """Hand-made articles and quote records for the Datasette and browser tests.

    Covers: one remark carried by two outlets under two spellings of a name
    (``Kim Jong Un`` / ``Kim Jong-un``), a surname-only mention (``Putin``), an
    article without a title and with a ``javascript:`` URL, and markup in the text,
    speaker, role and title.
    """
    articles = [
        {
            "path": "seeds/a1.txt",
            "outlet": "Korea Daily",
            "title": "Putin to visit Pyongyang",
            "published": "2024-06-13",
            "url": "https://example.org/a1",
            "author": "Sarah Kim",
            "text": "Article one.",
        },
        {
            "path": "seeds/a2.txt",
            "outlet": "The Guardian",
            "title": "Summit <warning>",
            "published": "2024-06-14",
            "url": "https://example.org/a2",
            "author": None,
            "text": "Article two.",
        },
        {
            "path": "seeds/a3.txt",
            "outlet": "CNN",
            "title": None,
            "published": "2024-06-18",
            "url": "javascript:alert(1)",
            "author": None,
            "text": "Article three.",
        },
    ]

    records = [
        record(
            "seeds/a1.txt",
            "We will strengthen our cooperation with Russia.",
            "Kim Jong Un",
            start=10,
            role="North Korean leader",
        ),
        record(
            "seeds/a2.txt",
            "We will strengthen our cooperation with Russia.",
            "Kim Jong-un",
            start=20,
            role="leader of North Korea",
        ),
        record(
            "seeds/a3.txt",
            "The visit is a threat to regional stability.",
            "John Kirby",
            start=30,
            role="White House spokesman",
        ),
        record(
            "seeds/a1.txt",
            "<script>alert('owned')</script> & \"friends\"",
            "Evil <b>Hacker</b>",
            start=40,
            role="<i>chief</i> troll",
        ),
        record(
            "seeds/a2.txt",
            "Putin would travel to Pyongyang within days",
            "Vladimir Putin",
            start=50,
            role="Russian President",
            kind="indirect",
        ),
        record("seeds/a3.txt", "Our partnership is growing.", "Putin", start=60),
    ]
    return articles, records


@_pytest.fixture(scope="module")
def quote_site_db(tmp_path_factory):
    """The records above as a database named ``quotes.db`` (so metadata.yml applies).

    Built once per module: tests only read it (Datasette serves it immutable).
    """
    from quotes.publish.store import write_database

    path = tmp_path_factory.mktemp("site") / "quotes.db"
    write_database(path, *quote_site_records())
    return path


@_pytest.fixture(scope="session")
def nlp():
    """The default pipeline with the quotes component, loaded once per test session."""
    from quotes.pipeline import load_nlp

    return load_nlp()


@_pytest.fixture(scope="session")
def quotes_of(nlp):
    """``quotes_of(text)`` -> the records the component finds in ``text``."""

    def run(text: str) -> list[dict]:
        return nlp(text)._.quotes

    return run


class Unprivileged:
    """A folder any user can reach, and ``with as_user():`` in which permission bits bind.

    Tests often run as root, whom permission bits do not stop; inside
    ``as_user()`` root's effective user is nobody (with no groups), and it
    switches back afterwards. For any other user it changes nothing.
    """

    NOBODY = 65534

    def __init__(self, path):
        self.path = path

    @_contextmanager
    def as_user(self):
        if _os.geteuid() != 0:
            yield
            return
        groups = _os.getgroups()
        _os.setgroups([])
        _os.setegid(self.NOBODY)
        _os.seteuid(self.NOBODY)
        try:
            yield
        finally:
            _os.seteuid(0)
            _os.setegid(0)
            _os.setgroups(groups)


@_pytest.fixture
def unprivileged():
    path = _Path(_tempfile.mkdtemp(prefix="quotes-test-"))
    path.chmod(0o777)
    yield Unprivileged(path)
    path.chmod(0o700)
    for folder, dirs, _ in _os.walk(path):
        for sub in (_os.path.join(folder, name) for name in dirs):
            if not _os.path.islink(sub):
                _os.chmod(sub, 0o700)
    _shutil.rmtree(path)
