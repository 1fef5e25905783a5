"""``quotes add``: new articles join an existing database as if it had been built with them."""

import shutil

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import record

from quotes.cli import cli
from quotes.corpus.rows import TABLE_ORDER
from quotes.publish import store
from quotes.publish.store import add_to_database, write_database


def article(path, outlet, published):
    return {
        "path": path,
        "outlet": outlet,
        "published": published,
        "title": f"Title of {path}",
        "author": None,
        "url": None,
        "text": f"Text of {path}.",
    }


def batch_a():
    articles = [article("a/1.txt", "Harbour Gazette", "2024-03-02"), article("a/2.txt", "Coast News", "2024-03-03")]
    records = [
        record(
            "a/1.txt",
            "The harbour will reopen to cargo ships by the end of March",
            "Ana Ruiz",
            start=10,
            role="minister",
        ),
        record("a/1.txt", "Fishermen deserve compensation for the lost season", "Ana Ruiz", start=90),
        record("a/2.txt", "reopen to cargo ships by the end of March", "Ruiz", start=5, kind="mixed"),
        record("a/2.txt", "We will not back down", "Port Workers Union", start=70, speaker_kind="organisation"),
    ]
    return articles, records


def batch_b():
    # An earlier article (its rendering becomes the quote's first), a new
    # spelling majority for a speaker, and a remark seen before.
    articles = [article("b/1.txt", "Island Times", "2024-03-01"), article("b/2.txt", "Harbour Gazette", "2024-03-04")]
    records = [
        record(
            "b/1.txt",
            "the harbour would reopen to cargo ships by the end of March",
            "Ana  Ruiz",
            start=3,
            kind="indirect",
        ),
        record("b/1.txt", "We will not back down", "Port Workers' Union", start=50, speaker_kind="organisation"),
        record(
            "b/2.txt",
            "Fishermen deserve compensation for the lost season",
            "Ana  Ruiz",
            start=8,
            role="harbour minister",
        ),
        record("b/2.txt", "Fishermen deserve compensation for the lost season", "Ana  Ruiz", start=60),
        record("b/2.txt", "a new remark about ferries and timetables", None, start=99, speaker_kind=None),
    ]
    return articles, records


def tables(path):
    """Every table's rows (in sorted order: an add writes only the rows that change) and columns."""
    db = sqlite_utils.Database(path)
    out = {}
    for name in TABLE_ORDER:
        cols = [c.name for c in db[name].columns]
        out[name] = sorted(db.execute(f"select * from [{name}]").fetchall(), key=repr), cols
    db.conn.close()
    return out


def test_build_then_add_equals_full_build(tmp_path):
    (aa, ar), (ba, br) = batch_a(), batch_b()
    write_database(tmp_path / "full.db", aa + ba, ar + br)
    write_database(tmp_path / "inc.db", batch_a()[0], batch_a()[1])
    before = tables(tmp_path / "inc.db")
    add_to_database(tmp_path / "inc.db", *batch_b())
    after, full = tables(tmp_path / "inc.db"), tables(tmp_path / "full.db")
    assert after != before
    assert after == full
    quotes = {r[0]: r for r in full["quotes"][0]}
    assert len(full["mentions"][0]) == 9
    assert len(quotes) == 4  # harbour, fishermen, back down, ferries


def test_adding_an_article_again_changes_nothing_and_a_new_version_replaces_it(tmp_path):
    write_database(tmp_path / "inc.db", *batch_a())
    add_to_database(tmp_path / "inc.db", *batch_b())
    once = tables(tmp_path / "inc.db")
    again = add_to_database(tmp_path / "inc.db", *batch_b())
    assert tables(tmp_path / "inc.db") == once
    assert not again.merge.changes and [n["path"] for n, _ in again.merge.unchanged] == ["b/1.txt", "b/2.txt"]
    changed_articles, changed_records = batch_b()
    changed_articles[1]["text"] = "Text of b/2.txt, corrected: nobody is quoted any more."
    changed_records = [r for r in changed_records if r["article"] != "b/2.txt"]
    add_to_database(tmp_path / "inc.db", changed_articles, changed_records)
    db = sqlite_utils.Database(tmp_path / "inc.db")
    assert db.execute("select count(*) from articles where path = 'b/2.txt'").fetchone()[0] == 1
    assert db.execute("select n_mentions from articles where path = 'b/2.txt'").fetchone()[0] == 0


def test_a_failing_add_changes_nothing(tmp_path, monkeypatch):
    write_database(tmp_path / "inc.db", *batch_a())
    before = tables(tmp_path / "inc.db")

    def broken(db):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "finish", broken)
    with pytest.raises(RuntimeError):
        add_to_database(tmp_path / "inc.db", *batch_b())
    assert tables(tmp_path / "inc.db") == before


@pytest.fixture(scope="module")
def seed_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("seeds")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for f in sorted(__import__("pathlib").Path("seeds").glob("*.txt")):
        shutil.copy(f, first if f.name < "003" else second)
    for d in (first, second):
        shutil.copy("seeds/sources.csv", d / "sources.csv")
    return first, second


def test_cli_add_equals_build_on_the_seeds(tmp_path, seed_dirs):
    first, second = seed_dirs
    runner = CliRunner()
    full, inc = str(tmp_path / "full.db"), str(tmp_path / "inc.db")
    # One folder layout for both, so article paths agree.
    both = tmp_path / "both"
    shutil.copytree(first, both)
    result = runner.invoke(cli, ["build", str(both), "--db", inc])
    assert result.exit_code == 0, result.output
    for f in second.glob("*.txt"):
        shutil.copy(f, both / f.name)
    added = [str(both / f.name) for f in sorted(second.glob("*.txt"))]
    result = runner.invoke(cli, ["add", *added, "--db", inc])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["build", str(both), "--db", full])
    assert result.exit_code == 0, result.output
    assert tables(inc) == tables(full)
    assert len(tables(inc)["articles"][0]) == 5


def test_cli_add_errors_are_one_line(tmp_path, seed_dirs):
    runner = CliRunner()
    missing = runner.invoke(cli, ["add", str(seed_dirs[1]), "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database" in missing.output
    not_db = tmp_path / "notes.db"
    not_db.write_text("shopping list\n" * 200)
    result = runner.invoke(cli, ["add", str(seed_dirs[1]), "--db", str(not_db)])
    assert result.exit_code == 1 and "not a quotes database" in result.output
    assert "Traceback" not in result.output
    db = str(tmp_path / "q.db")
    write_database(db, *batch_a())
    before = tables(db)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["add", str(seed_dirs[1]), str(empty), "--db", db])
    assert result.exit_code == 1 and "nothing added" in result.output
    assert tables(db) == before
    result = runner.invoke(cli, ["add", str(seed_dirs[1]), str(tmp_path / "gone.txt"), "--db", db])
    assert result.exit_code == 2 and "gone.txt' does not exist" in result.output  # before any parsing
    assert tables(db) == before
