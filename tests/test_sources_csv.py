"""``sources.csv`` is checked: bad rows are named by line and left out, dates are ISO 8601,
and its problems are counted apart from the articles."""

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.ingest import Article, read_articles

GOOD = 'The mayor said: "We will rebuild the bridge." Residents welcomed the plan at a meeting on Tuesday.\n'
HEADER = "file,outlet,author,published,title,url\n"


@pytest.fixture
def folder(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(GOOD.replace("mayor", f"mayor of {name[0].upper()}"), encoding="utf-8")
    return tmp_path


def read(folder, rows: str):
    (folder / "sources.csv").write_text(HEADER + rows, encoding="utf-8")
    warnings = []
    items = list(read_articles([str(folder)], warn=warnings.append))
    assert all(isinstance(i, Article) for i in items)  # a bad sources.csv never costs an article
    return {i.path.rsplit("/", 1)[1]: i for i in items}, [str(w) for w in warnings]


def test_dates_must_be_iso_8601(folder):
    articles, warnings = read(
        folder,
        "a.txt,Daily,,2024-13-45,,\n"
        "b.txt,Daily,,not-a-date,,\n"
        "c.txt,Daily,,2024-06-01T09:30:00+01:00,,\n"
        "d.txt,Daily,,2024-06-02,,\n",
    )
    csv = folder / "sources.csv"
    assert warnings == [
        f"{csv}:2: published '2024-13-45' is not an ISO 8601 date (YYYY-MM-DD); left empty",
        f"{csv}:3: published 'not-a-date' is not an ISO 8601 date (YYYY-MM-DD); left empty",
    ]
    assert [articles[n].published for n in ("a.txt", "b.txt", "c.txt", "d.txt")] == [
        None,
        None,
        "2024-06-01T09:30:00+01:00",
        "2024-06-02",
    ]
    assert articles["a.txt"].outlet == "Daily"  # the rest of the row still counts


def test_an_unterminated_quotation_mark_swallows_no_later_rows(folder):
    articles, warnings = read(
        folder,
        'a.txt,Daily,,2024-06-01,"Bridge to reopen,https://x.org/a\n'
        "b.txt,Weekly,,2024-06-02,Storm warning,https://x.org/b\n"
        "c.txt,Weekly,,2024-06-03,Council vote,https://x.org/c\n",
    )
    assert warnings == [f"{folder / 'sources.csv'}:2: unterminated quotation mark; row ignored"]
    assert articles["a.txt"].outlet is None
    assert (articles["b.txt"].title, articles["b.txt"].url) == ("Storm warning", "https://x.org/b")
    assert articles["c.txt"].title == "Council vote"


def test_a_file_listed_twice_is_named_and_its_first_row_kept(folder):
    articles, warnings = read(folder, "a.txt,Daily,,,,\nb.txt,Weekly,,,,\na.txt,Other,,,,\n,Nobody,,,,\n")
    csv = folder / "sources.csv"
    assert warnings == [
        f"{csv}:4: a.txt is listed again (first on line 2); row ignored",
        f"{csv}:5: no file name; row ignored",
    ]
    assert articles["a.txt"].outlet == "Daily"


def test_too_many_fields_and_a_missing_file_column(folder):
    _, warnings = read(folder, "a.txt,Daily,,,,,extra\n")
    assert warnings == [f"{folder / 'sources.csv'}:2: 7 fields, but the header names 6; row ignored"]
    (folder / "sources.csv").write_text("name,outlet\na.txt,Daily\n", encoding="utf-8")
    warnings = []
    items = list(read_articles([str(folder)], warn=warnings.append))
    assert len(items) == 4 and all(isinstance(i, Article) and i.outlet is None for i in items)
    assert [str(w) for w in warnings] == [f"{folder / 'sources.csv'}: has no 'file' column; its metadata is ignored"]


def test_sources_problems_are_counted_apart_from_articles(folder, tmp_path):
    (folder / "sources.csv").write_text(HEADER + 'a.txt,Daily,,2024-13-45,,\nb.txt,"Weekly,,,,\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 0, result.output  # the articles are all in; the metadata problems are warnings
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {folder / 'sources.csv'}:2: published '2024-13-45' is not an ISO 8601 date (YYYY-MM-DD); left empty",
        f"warning: {folder / 'sources.csv'}:3: unterminated quotation mark; row ignored",
    ]
    assert "4 articles read, 0 failed, " in result.stderr
    assert result.stderr.splitlines()[-2].endswith("quotes found; 2 sources.csv problems")
