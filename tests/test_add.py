"""``quotes add``: new articles join an existing database as if it had been built with them."""

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import record

from quotes.cli import cli
from quotes.corpus.rows import TABLE_ORDER
from quotes.ingest import Article
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

    def broken(*args, **kwargs):
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


# -- an add gives the database a full build gives: hand-made cases and random ones ------------


def lookups(path):
    """The look-up tables, with mentions named by id (rowids differ between databases)."""
    from quotes.publish.lookups import FILES, KEYS, NAMES

    conn = sqlite3.connect(path)
    out = {
        KEYS: sorted(
            conn.execute(f"select k.key, m.id, k.flag from [{KEYS}] k join mentions m on m.rowid = k.mention")
        ),
        NAMES: sorted(conn.execute(f"select * from [{NAMES}]")),
        FILES: sorted(conn.execute(f"select * from [{FILES}]")),
    }
    out["dangling"] = conn.execute(
        f"select count(*) from [{KEYS}] where mention not in (select rowid from mentions)"
    ).fetchone()[0]
    conn.close()
    return out


def build_then_add(tmp_path, base, *batches, name="inc.db"):
    path = tmp_path / name
    write_database(path, *base)
    for articles, records in batches:
        add_to_database(path, articles, records)
    return path


def assert_same_as_full_build(tmp_path, final, base, *batches):
    full = tmp_path / "full.db"
    write_database(full, *final)
    inc = build_then_add(tmp_path, base, *batches)
    assert tables(inc) == tables(full)
    assert lookups(inc) == lookups(full)
    assert lookups(inc)["dangling"] == 0
    return sqlite_utils.Database(inc)


def one(path, outlet, published, text=None, url=None):
    return {**article(path, outlet, published), "text": text or f"Text of {path}.", "url": url}


REMARK = "The ferry timetable will change because the harbour dredging is running late again"


def test_a_new_spelling_that_changes_a_speakers_id(tmp_path):
    base = (
        [one("a/1.txt", "Coast News", "2024-01-02"), one("a/2.txt", "Island Times", "2024-01-03")],
        [
            record("a/1.txt", REMARK, "Dmitry Peskov", start=0, role="spokesman"),
            record("a/2.txt", "We are not going to comment on the ferry", "Peskov", start=0),
        ],
    )
    batch = (
        [one("b/1.txt", "Coast News", "2024-01-01"), one("b/2.txt", "Harbour Gazette", "2024-01-04")],
        [
            record("b/1.txt", REMARK.replace("again", ""), "Mr Dmitry Peskov", start=5, kind="indirect"),
            record("b/2.txt", "Nobody is going to comment on the ferry at all", "Mr Dmitry Peskov", start=7),
        ],
    )
    db = assert_same_as_full_build(tmp_path, (base[0] + batch[0], base[1] + batch[1]), base, batch)
    # The stored mentions moved to the new id, the one-word name's with them, and each remark
    # is one quote with its new rendering.
    assert {r["speaker_id"] for r in db["mentions"].rows} == {"mr-dmitry-peskov"}
    assert db.execute("select count(distinct quote_id) from mentions").fetchone()[0] == 2


def test_a_second_full_name_leaves_a_one_word_name_on_its_own(tmp_path):
    base = (
        [one("a/1.txt", "Coast News", "2024-01-02"), one("a/2.txt", "Island Times", "2024-01-03")],
        [record("a/1.txt", REMARK, "Ana Ruiz", start=0), record("a/2.txt", REMARK, "Ruiz", start=0)],
    )
    batch = ([one("b/1.txt", None, "2024-01-05")], [record("b/1.txt", "Another remark on fishing", "Luis Ruiz")])
    db = assert_same_as_full_build(tmp_path, (base[0] + batch[0], base[1] + batch[1]), base, batch)
    assert {r["speaker_id"] for r in db["mentions"].rows} == {"ana-ruiz", "ruiz", "luis-ruiz"}
    assert db.execute("select count(distinct quote_id) from mentions").fetchone()[0] == 3  # Ruiz's is apart now


@pytest.mark.parametrize("named_first", [True, False])
def test_an_unnamed_rendering_joins_a_named_quote(tmp_path, named_first):
    named = ([one("a/1.txt", "Coast News", "2024-01-02")], [record("a/1.txt", REMARK, "Ana Ruiz", start=0)])
    unnamed = (
        [one("b/1.txt", "Island Times", "2024-01-01"), one("b/2.txt", None, "2024-01-03")],
        [
            record("b/1.txt", REMARK, None, start=4, speaker_kind=None),
            record("b/2.txt", REMARK, "the report", start=9, speaker_kind="document"),
        ],
    )
    base, batch = (named, unnamed) if named_first else (unnamed, named)
    db = assert_same_as_full_build(tmp_path, (base[0] + batch[0], base[1] + batch[1]), base, batch)
    assert db.execute("select count(distinct quote_id) from mentions").fetchone()[0] == 1
    assert db.execute("select speaker_id from quotes").fetchone()[0] == "ana-ruiz"


def test_a_new_version_of_an_article_replaces_its_mentions(tmp_path):
    url = "https://example.org/harbour"
    base = (
        [one("a/1.txt", "Coast News", "2024-01-02", url=url), one("a/2.txt", "Island Times", "2024-01-03")],
        [
            record("a/1.txt", REMARK, "Ana Ruiz", start=0),
            record(
                "a/1.txt",
                "Fishermen deserve compensation for the lost season",
                "the union",
                start=90,
                speaker_kind="organisation",
            ),
            record("a/2.txt", REMARK, "Ana Ruiz", start=3),
        ],
    )
    corrected = one("a/1.txt", "Coast News", "2024-01-02", text="Corrected text.", url=url)
    batch = ([corrected], [record("a/1.txt", "The dredging is done", "Luis Ruiz", start=12)])
    final = ([base[0][1], corrected], [base[1][2], batch[1][0]])
    db = assert_same_as_full_build(tmp_path, final, base, batch)
    assert {r["id"] for r in db["speakers"].rows} == {"ana-ruiz", "luis-ruiz"}  # the union is gone


def test_an_add_that_changes_nothing_writes_nothing(tmp_path):
    path = build_then_add(tmp_path, batch_a(), batch_b())
    before, changes = tables(path), sqlite3.connect(path).execute("pragma data_version").fetchone()
    stored = add_to_database(path, *batch_b())
    assert not stored.merge.changes and tables(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from mentions").fetchone()[0] == stored.counts["mentions"]
    assert changes == sqlite3.connect(path).execute("pragma data_version").fetchone()


def test_a_database_without_lookups_gets_them_on_its_first_add(tmp_path):
    from quotes.publish.lookups import TABLES

    path = tmp_path / "inc.db"
    write_database(path, *batch_a())
    conn = sqlite3.connect(path)
    for table in TABLES:
        conn.execute(f"drop table [{table}]")
    conn.commit()
    conn.close()
    stored = add_to_database(path, *batch_b())
    assert len(stored.notes) == 1 and "look-up tables built" in stored.notes[0]
    (aa, ar), (ba, br) = batch_a(), batch_b()
    write_database(tmp_path / "full.db", aa + ba, ar + br)
    assert tables(path) == tables(tmp_path / "full.db")
    assert lookups(path) == lookups(tmp_path / "full.db")
    assert not add_to_database(path, *batch_b()).notes


# Random corpora: a few speakers with several spellings (one-word, titled), documents,
# unnamed sources and nobody; remarks rendered verbatim, cut or with a word changed,
# sometimes given to the wrong speaker; articles added in batches, some replaced later.

WORDS = (
    "harbour ferry cargo wages strike port union season quota licence dredging timetable "
    "council budget bridge tolls fishermen compensation engineers inspection weather storm"
).split()
SPEAKERS = [
    ("person", ["Ana Ruiz", "Mr Ana Ruiz", "Ruiz", "Ana Ruiz"]),
    ("person", ["Luis Ruiz", "Luis Ruiz's"]),
    ("person", ["Dmitry Peskov", "Peskov", "Mr Dmitry Peskov"]),
    ("organisation", ["Port Workers Union", "the Port Workers Union"]),
]
# (kind, name, owner): documents and common-noun organisations are one speaker within their
# article only, unless the same owner is named.
WEAK = [
    ("document", "the report", None),
    ("document", "The Report", None),
    ("document", "the survey", "Port Workers Union"),
    ("organisation", "the ministry", None),
    ("anonymous", "a senior official", None),
    (None, None, None),
]
OUTLETS = ["Coast News", "coast news", "Harbour Gazette", "Island Times", None]


def random_corpus(rng, n_articles):
    remarks = [(rng.randrange(len(SPEAKERS)), rng.choices(WORDS, k=rng.randint(8, 12))) for _ in range(8)]

    def mentions(path):
        out = []
        for j in range(rng.randint(1, 4)):
            owner, words = rng.choice(remarks)
            words = list(words)
            if (r := rng.random()) < 0.25:
                words = words[rng.randint(0, 2) : len(words) - rng.randint(0, 2)]
            elif r < 0.5:
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            if (r := rng.random()) < 0.2:
                kind, name, of = rng.choice(WEAK)
            else:
                kind, names = SPEAKERS[owner if r < 0.9 else rng.randrange(len(SPEAKERS))]
                name, of = rng.choice(names), None
            role = rng.choice([None, "minister"])
            out.append(record(path, " ".join(words), name, start=100 * j, speaker_kind=kind, role=role, owner=of))
        return out

    articles, records = [], {}
    for i in range(n_articles):
        path = f"{rng.choice('ab')}/{i}.txt"
        url = f"https://example.org/{i}" if rng.random() < 0.8 else None
        articles.append(one(path, rng.choice(OUTLETS), f"2024-01-0{rng.randint(1, 4)}", url=url))
        records[path] = mentions(path)
    return articles, records, mentions


def random_case(seed):
    rng = random.Random(seed)
    articles, records, mentions = random_corpus(rng, rng.randint(6, 14))
    rng.shuffle(articles)
    cuts = sorted(rng.sample(range(1, len(articles)), min(len(articles) - 1, rng.randint(1, 3))))
    parts = [articles[i:j] for i, j in zip([0, *cuts], [*cuts, len(articles)], strict=True)]
    batches = [(part, [r for a in part for r in records[a["path"]]]) for part in parts]
    final = {a["path"]: a for a in articles}
    with_url = [a for a in articles if a["url"]]
    if with_url and rng.random() < 0.6:  # new versions of some articles, and one already there again
        versions = []
        for a in rng.sample(with_url, min(2, len(with_url))):
            versions.append({**a, "text": a["text"] + " Corrected."})
            records[a["path"]] = mentions(a["path"])
            final[a["path"]] = versions[-1]
        # (one whose outlet has one spelling: an outlet spelled anew makes a new version)
        again = [a for a in articles if a["outlet"] in (None, "Island Times") and a is final[a["path"]]][:1]
        last = versions + again
        batches.append((last, [r for a in last for r in records[a["path"]]]))
    final_articles = [a for a in final.values()]
    order = {
        a["path"]: (i, j) for i, (part, _) in enumerate(batches) for j, a in enumerate(part) if a is final[a["path"]]
    }
    final_articles.sort(key=lambda a: order[a["path"]])
    return (final_articles, [r for a in final_articles for r in records[a["path"]]]), batches


@pytest.mark.parametrize("caps", ["small", "as shipped"])
def test_random_adds_equal_full_builds(tmp_path, monkeypatch, caps):
    from quotes.corpus import dedupe

    if caps == "small":  # so that counts cross the caps in a small corpus
        monkeypatch.setattr(dedupe, "CAP", 2)
        monkeypatch.setattr(dedupe, "KEYS", 2)
        monkeypatch.setattr(dedupe, "BRIDGE_CAP", 2)
    for seed in range(25 if caps == "small" else 10):
        final, batches = random_case(seed)
        case = tmp_path / str(seed)
        case.mkdir()
        try:
            assert_same_as_full_build(case, final, *batches)
        except AssertionError as e:
            raise AssertionError(f"seed {seed}: {e}") from None


# -- real articles: BBC politics stories that quote the same people -------------------------

BBC = Path("../shared/corpus/bbc/politics")


@pytest.fixture(scope="module")
def bbc_extracted(nlp):
    """Articles and records of 24 stories about Blair, Brown, Howard and Blunkett, parsed once."""
    from quotes.ingest.readers import read_articles
    from quotes.pipeline import extract

    paths = sorted(
        str(p) for p in BBC.glob("*.txt") if p.name.split("-")[0] in {"blair", "brown", "howard", "blunkett"}
    )
    articles = list(read_articles(paths[::2][:24]))
    records = {a.path: found for a, found in extract(nlp, articles)}
    return [a.to_dict() for a in articles], records


@pytest.mark.skipif(not BBC.is_dir(), reason="the BBC corpus is not checked out beside the repository")
def test_adds_of_real_articles_equal_a_full_build(tmp_path, bbc_extracted, nlp):
    from quotes.pipeline import extract

    articles, records = bbc_extracted
    assert sum(map(len, records.values())) > 100
    # A corrected version of one stored article, read again from its file: it replaces the first.
    first = articles[0]
    corrected = {**first, "text": first["text"][: len(first["text"]) // 2]}
    [(_, corrected_records)] = extract(nlp, [Article(**corrected)])

    def batch(part):
        return part, [r for a in part for r in (corrected_records if a is corrected else records[a["path"]])]

    base, adds = batch(articles[:12]), [batch(articles[12:18]), batch([*articles[18:], corrected])]
    db = assert_same_as_full_build(tmp_path, batch([*articles[1:], corrected]), base, *adds)
    assert db.execute("select count(*) from mentions where speaker_id = 'tony-blair'").fetchone()[0] > 10
