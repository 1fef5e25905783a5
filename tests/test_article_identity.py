"""An article is known by its URL, or its text when it has none, never by the path it was read from."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import record
from test_add import tables

from quotes.cli import cli
from quotes.corpus.rows import article_id, merge_articles
from quotes.publish.lookups import TABLES
from quotes.publish.store import add_to_database, write_database

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STORY = (
    'The mayor said: "We will rebuild the bridge and the trust of the people who use it." '
    "Engineers said the work had cost more than planned.\n"
)


def article(path, text, url=None, **meta):
    return {
        "path": path,
        "text": text,
        "url": url,
        "title": None,
        "outlet": None,
        "author": None,
        "published": None,
    } | meta


def test_article_ids_follow_the_url_or_else_the_text():
    a = article("a.txt", "Some text.\n", url="https://example.org/news/1")
    assert article_id(a) == article_id(article("elsewhere/b.txt", "Corrected text.", url="http://EXAMPLE.org/news/1/"))
    assert article_id(a) != article_id(article("a.txt", "Some text.\n", url="https://example.org/news/2"))
    plain = article("a.txt", "Some  text.\r\n")
    assert article_id(plain) == article_id(article("/abs/path/c.txt", "Some text."))  # white space aside
    assert article_id(plain) != article_id(article("a.txt", "Some other text."))
    assert article_id(article("a.txt", "Some text.", url="javascript:alert(1)")) == article_id(plain)  # not a URL


def ids(db: Path) -> dict[str, set]:
    conn = sqlite3.connect(db)
    return {t: {r[0] for r in conn.execute(f"select id from {t}")} for t in ("articles", "quotes", "mentions")}


def mixed_input(prefix=""):
    """Articles with the same text at two paths (one with more metadata), two versions at one URL, and others."""
    articles = [
        article(f"{prefix}a.txt", STORY + "One.", outlet="Daily", published="2024-06-01"),
        article(f"{prefix}copy/a.txt", STORY + "One."),
        article(f"{prefix}feed.jsonl:1", STORY + "Two.", url="https://example.org/2", published="2024-06-02"),
        article(
            f"{prefix}feed.jsonl:2", STORY + "Two, corrected.", url="https://example.org/2", published="2024-06-03"
        ),
        article(f"{prefix}b.txt", STORY + "Three.", outlet="Weekly", published="2024-06-01"),
    ]
    records = [
        record(a["path"], "We will rebuild the bridge and the trust of the people who use it.", "Jane Mayor", start=16)
        for a in articles
    ] + [record(f"{prefix}b.txt", "the work had cost more than planned", "Engineers", start=90, kind="indirect")]
    return articles, records


def test_a_build_stores_each_article_once_whatever_the_order_and_paths(tmp_path):
    articles, records = mixed_input()
    stored = write_database(tmp_path / "one.db", articles, records)
    assert stored.counts["articles"] == 3 and stored.counts["mentions"] == 4
    assert sorted(f"{d['path']} -> {k['path']}" for d, k in stored.merge.duplicates) == [
        "copy/a.txt -> a.txt",  # the copy without metadata is left out
        "feed.jsonl:1 -> feed.jsonl:2",  # the later version of the page is kept
    ]
    shuffled = list(zip(articles, records[: len(articles)], strict=True))
    random.Random(7).shuffle(shuffled)
    write_database(tmp_path / "two.db", [a for a, _ in shuffled], [r for _, r in shuffled] + records[len(articles) :])
    assert tables(tmp_path / "one.db") == tables(tmp_path / "two.db")
    elsewhere = mixed_input(prefix="/srv/archive/")
    write_database(tmp_path / "three.db", *elsewhere)
    assert ids(tmp_path / "three.db") == ids(tmp_path / "one.db")  # article, quote and mention ids: not the paths


def test_the_same_article_again_changes_nothing(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *mixed_input())
    before = tables(db)
    again = add_to_database(
        db, [article("other/name.txt", STORY + "Three.", outlet="Weekly", published="2024-06-01")], []
    )
    assert not again.merge.changes
    assert again.merge.messages() == ["other/name.txt: already in the database (as b.txt)"]
    assert tables(db) == before


def test_a_new_text_at_the_same_url_replaces_the_old(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *mixed_input())
    old_id = article_id(article("x", "", url="https://example.org/2"))
    new = article("later.jsonl:9", "The mayor has resigned.", url="http://example.org/2/", published="2024-06-04")
    result = add_to_database(
        db, [new], [record("later.jsonl:9", "has resigned", "Jane Mayor", start=10, kind="indirect")]
    )
    assert result.merge.messages() == ["later.jsonl:9: new version of feed.jsonl:2, which it replaces"]
    conn = sqlite3.connect(db)
    assert conn.execute("select id, path, text from articles where url like '%example.org/2%'").fetchall() == [
        (old_id, "later.jsonl:9", "The mayor has resigned.")
    ]
    assert conn.execute("select text from mentions where article_id = ?", [old_id]).fetchall() == [("has resigned",)]
    assert conn.execute("select count(*) from articles").fetchone()[0] == 3


def test_a_new_text_in_the_same_file_replaces_the_old(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "q.db"
    write_database(db, *mixed_input())  # b.txt, as given relative to here
    changed = article(str(tmp_path / "b.txt"), STORY + "Three, with a correction.", outlet="Weekly")
    result = add_to_database(db, [changed], [])
    assert [(n["path"], o["path"]) for n, o in result.merge.replaced] == [(str(tmp_path / "b.txt"), "b.txt")]
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles where text like '%Three%'").fetchone()[0] == 1
    assert conn.execute("select count(*) from mentions where text like '%cost more%'").fetchone()[0] == 0


def test_records_of_a_feed_are_not_versions_of_each_other():
    """Line 1 of today's feed.jsonl is not a new version of line 1 of yesterday's (no URL to tell)."""
    stored = [{**article("feed.jsonl:1", "Yesterday's story."), "id": "x"}]
    merge = merge_articles(stored, [article("feed.jsonl:1", "Today's story.")])
    assert merge.replaced == [] and len(merge.kept) == 1 and len(merge.added) == 1


def test_add_heals_a_database_that_stored_an_article_twice(tmp_path):
    db = tmp_path / "q.db"
    articles, records = mixed_input()
    write_database(db, articles, records)
    conn = sqlite3.connect(db)  # as builds before identity by content stored a second copy (nor had look-up tables)
    for table in TABLES:
        conn.execute(f"drop table [{table}]")
    conn.execute(
        "insert into articles select 'old-copy', 'again/b.txt', outlet_id, title, author, published, url, text, n_mentions from articles where path = 'b.txt'"
    )
    conn.execute(
        "insert into mentions (id, article_id, quote_id, speaker_id, speaker_name, kind, text, start, end, outlet_id, published) select 'old-copy:' || start, 'old-copy', quote_id, speaker_id, speaker_name, kind, text, start, end, outlet_id, published from mentions where article_id = (select id from articles where path = 'b.txt')"
    )
    conn.commit()
    result = add_to_database(db, [article("new.txt", "A new story.")], [])
    assert [f"{d['path']} -> {k['path']}" for d, k in result.merge.duplicates] == ["again/b.txt -> b.txt"]
    full = tmp_path / "full.db"
    write_database(full, articles + [article("new.txt", "A new story.")], records)
    assert tables(db) == tables(full)


@pytest.fixture
def seeds_here(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_add_of_a_built_article_by_another_path_is_a_no_op(seeds_here, nlp):
    """quotes build seeds --db q.db; quotes add $PWD/seeds/000_....txt --db q.db"""
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "seeds", "--db", "q.db"])
    assert result.exit_code == 0, result.output
    before, mtime = tables("q.db"), Path("q.db").stat().st_mtime_ns
    first = sorted((seeds_here / "seeds").glob("*.txt"))[0]
    result = runner.invoke(cli, ["add", str(first), "--db", "q.db"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"{first}: already in the database (as seeds/{first.name})" in lines
    assert lines[-1] == "q.db: unchanged"
    assert tables("q.db") == before and Path("q.db").stat().st_mtime_ns == mtime
    assert len(before["articles"][0]) == 5


def test_cli_the_same_text_in_two_files_counts_once(tmp_path, nlp):
    folder = tmp_path / "in"
    (folder / "copy").mkdir(parents=True)
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    (folder / "copy" / "story.txt").write_text(STORY.replace("\n", "\r\n"), encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{folder}/copy/story.txt: the same article as {folder}/story.txt; stored once" in result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 1
    assert conn.execute("select count(*) from mentions where text like 'We will rebuild%'").fetchone()[0] == 1
    result = CliRunner().invoke(cli, ["add", str(folder / "copy" / "story.txt"), "--db", str(db)])
    assert result.exit_code == 0 and "already in the database" in result.stderr
    assert conn.execute("select count(*) from articles").fetchone()[0] == 1
