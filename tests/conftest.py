import pytest as _pytest


def quote_site_records() -> tuple[list[dict], list[dict]]:
    """Hand-made articles and quote records for the Datasette and browser tests.

    Covers: one remark carried by two outlets under two spellings of a name
    (``Kim Jong Un`` / ``Kim Jong-un``), a surname-only mention (``Putin``), an
    article without a title and with a ``javascript:`` URL, and markup in the text,
    speaker, role and title.
    """
    articles = [
        {"path": "seeds/a1.txt", "outlet": "Korea Daily", "title": "Putin to visit Pyongyang",
         "published": "2024-06-13", "url": "https://example.org/a1", "author": "Sarah Kim",
         "text": "Article one."},
        {"path": "seeds/a2.txt", "outlet": "The Guardian", "title": "Summit <warning>",
         "published": "2024-06-14", "url": "https://example.org/a2", "author": None,
         "text": "Article two."},
        {"path": "seeds/a3.txt", "outlet": "CNN", "title": None, "published": "2024-06-18",
         "url": "javascript:alert(1)", "author": None, "text": "Article three."},
    ]

    def rec(article, start, text, speaker, role, kind="direct", mention=None, speaker_kind="person"):
        return {"article": article, "start": start, "end": start + len(text), "text": text, "kind": kind,
                "speaker": speaker, "role": role, "cue": "said", "speaker_kind": speaker_kind,
                "mention": mention or speaker}

    records = [
        rec("seeds/a1.txt", 10, "We will strengthen our cooperation with Russia.", "Kim Jong Un",
            "North Korean leader"),
        rec("seeds/a2.txt", 20, "We will strengthen our cooperation with Russia.", "Kim Jong-un",
            "leader of North Korea", mention="Kim Jong-un"),
        rec("seeds/a3.txt", 30, "The visit is a threat to regional stability.", "John Kirby",
            "White House spokesman"),
        rec("seeds/a1.txt", 40, "<script>alert('owned')</script> & \"friends\"", "Evil <b>Hacker</b>",
            "<i>chief</i> troll"),
        rec("seeds/a2.txt", 50, "Putin would travel to Pyongyang within days", "Vladimir Putin",
            "Russian President", kind="indirect"),
        rec("seeds/a3.txt", 60, "Our partnership is growing.", "Putin", None),
    ]
    return articles, records


@_pytest.fixture(scope="module")
def quote_site_db(tmp_path_factory):
    """The records above as a database named ``quotes.db`` (so metadata.yml applies).

    Built once per module: tests only read it (Datasette serves it immutable).
    """
    from quotes.store import write_database

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
