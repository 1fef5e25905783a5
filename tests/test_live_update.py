"""A database being served survives its own updates: readers see the old data or the new, never an error."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_add import batch_a, batch_b

from quotes.cli import cli
from quotes.corpus import rows as rows_module
from quotes.publish import store
from quotes.publish.store import StoreError, add_to_database, write_database

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def reader(db: Path) -> sqlite3.Connection:
    """A connection as Datasette opens a mutable database: read-only, kept open."""
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"select count(*) from [{table}]").fetchone()[0]


def test_database_is_in_wal_mode(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    assert sqlite3.connect(db).execute("pragma journal_mode").fetchone()[0] == "wal"


def test_serve_puts_an_older_database_in_wal_mode(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    sqlite3.connect(db).execute("pragma journal_mode = delete")  # as builds before this one left it
    store.prepare_to_serve(db)
    assert sqlite3.connect(db).execute("pragma journal_mode").fetchone()[0] == "wal"


def test_readers_keep_their_snapshot_while_add_writes(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    conn = reader(db)
    conn.execute("begin")
    before = count(conn, "mentions")
    add_to_database(db, *batch_b(), timeout=2)  # a reader in the middle of a query does not block it
    assert count(conn, "mentions") == before  # the reader's snapshot: no half state
    conn.execute("commit")
    assert count(conn, "mentions") > before  # the next read sees the whole add, same connection


def with_extra_column(monkeypatch):
    """Builds from now on give ``quotes`` a new column, as a schema change would."""

    def table_rows(articles, records, *args):
        tables = rows_module.table_rows(articles, records, *args)
        tables["quotes"] = [{**row, "extra": "new"} for row in tables["quotes"]]
        return tables

    monkeypatch.setattr(store, "table_rows", table_rows)


def test_readers_switch_to_a_new_build_without_reopening(tmp_path, monkeypatch):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    inode = db.stat().st_ino
    conn = reader(db)
    conn.execute("begin")
    before = count(conn, "mentions")
    (aa, ar), (ba, br) = batch_a(), batch_b()
    with_extra_column(monkeypatch)
    write_database(db, aa + ba, ar + br, timeout=2)
    assert count(conn, "mentions") == before  # still the old snapshot, whole
    conn.execute("commit")
    assert count(conn, "mentions") > before  # the new build, on the connection opened before it
    assert "extra" in [c[1] for c in conn.execute("pragma table_info(quotes)")]  # and its new column
    assert db.stat().st_ino == inode  # the file a server holds open is the one that changed
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    assert list(tmp_path.glob("q.db.*.tmp*")) == []


def test_two_adds_at_once_both_land(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    (ba, br) = batch_b()
    halves = [([a], [r for r in br if r["article"] == a["path"]]) for a in ba]
    errors = []

    def add(articles, records):
        try:
            add_to_database(db, articles, records, timeout=30)
        except Exception as e:  # noqa: BLE001 - collected for the assertion below
            errors.append(e)

    threads = [threading.Thread(target=add, args=half) for half in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    paths = {r[0] for r in sqlite3.connect(db).execute("select path from articles")}
    assert paths == {"a/1.txt", "a/2.txt", "b/1.txt", "b/2.txt"}  # neither add lost the other's article


def hold_write_lock(db: Path, seconds: float) -> threading.Thread:
    """Another writer holds ``db``'s write lock for ``seconds``."""
    locked = threading.Event()

    def hold():
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("begin immediate")
        locked.set()
        time.sleep(seconds)
        conn.execute("rollback")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(5)
    return thread


def test_add_waits_for_a_locked_database(tmp_path):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    holder = hold_write_lock(db, 0.5)
    add_to_database(db, *batch_b(), timeout=10)
    holder.join()
    assert count(sqlite3.connect(db), "articles") == 4


@pytest.mark.parametrize("write", ["add", "build"])
def test_a_database_locked_too_long_is_a_one_line_error(tmp_path, write):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    holder = hold_write_lock(db, 1.5)
    try:
        with pytest.raises(StoreError) as error:
            if write == "add":
                add_to_database(db, *batch_b(), timeout=0.3)
            else:
                write_database(db, *batch_b(), timeout=0.3)
    finally:
        holder.join()
    message = str(error.value)
    assert str(db) in message and "locked" in message and "\n" not in message
    assert count(sqlite3.connect(db), "articles") == 2  # nothing written
    assert list(tmp_path.glob("q.db.*.tmp*")) == []


def test_cli_add_to_a_locked_database_is_a_one_line_error(tmp_path, monkeypatch, nlp):
    db = tmp_path / "q.db"
    write_database(db, *batch_a())
    article = tmp_path / "new.txt"
    article.write_text('"The port stays open," the harbour master said.\n', encoding="utf-8")
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.3)
    holder = hold_write_lock(db, 1.5)
    try:
        result = CliRunner().invoke(cli, ["add", str(article), "--db", str(db)])
    finally:
        holder.join()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and str(db) in errors[0] and "locked" in errors[0]


# The real thing: `quotes serve` in a subprocess, hammered while `quotes add` and `quotes build` write.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A seeds database built from three articles and served by ``quotes serve``; yields (db, url)."""
    first = tmp_path / "first"
    first.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:3] + ["sources.csv"]:
        shutil.copy(SEEDS / name, first / name)
    db = tmp_path / "quotes.db"  # the name metadata.yml describes
    result = CliRunner().invoke(cli, ["build", str(first), "--db", str(db)])
    assert result.exit_code == 0, result.output
    port = free_port()
    cmd = [sys.executable, "-m", "quotes", "serve", "--db", str(db), "--port", str(port)]
    log = open(tmp_path / "serve.log", "wb")  # a file, not a pipe nobody reads: a full pipe would stall the server
    proc = subprocess.Popen([*cmd, "--metadata", str(ROOT / "metadata.yml")], cwd=tmp_path, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")[-2000:]
            try:
                with urllib.request.urlopen(url + "/-/versions.json", timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "quotes serve did not start"
                time.sleep(0.1)
        yield db, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


PAGES = (
    "/quotes/quotes?_search=Putin",
    "/quotes/quotes.json?_search=Putin&_shape=array",
    "/quotes/search_quotes?q=North+Korea",
    "/quotes/search_quotes.json?q=visit&_shape=array",
    "/quotes/quotes_by_speaker?speaker=Putin",
    "/quotes/quotes_by_speaker.json?speaker=Kim+Jong-un&_shape=array",
    "/quotes/mentions?_facet=speaker_id&_facet=outlet_id",
    "/quotes/quote_browser?_sort_desc=first_seen",
    "/quotes/speakers",
)


class Hammer:
    """Threads requesting ``PAGES`` round and round until stopped; every status is kept."""

    def __init__(self, url: str, threads: int = 3) -> None:
        self.url, self.statuses, self.failures = url, [], []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(threads)]

    def run(self, offset: int) -> None:
        n = offset
        while not self.stop.is_set():
            path = PAGES[n % len(PAGES)]
            n += 1
            try:
                with urllib.request.urlopen(self.url + path, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as e:
                status = e.code
                self.failures.append((path, status, e.read()[:300]))
            except OSError as e:
                status = -1
                self.failures.append((path, status, repr(e)))
            self.statuses.append(status)

    def __enter__(self) -> Hammer:
        for t in self.threads:
            t.start()
        while len(self.statuses) < 6:  # under way before the write starts
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        time.sleep(0.3)  # and still hammering after it
        self.stop.set()
        for t in self.threads:
            t.join()


def get_json(url: str, path: str, **params):
    with urllib.request.urlopen(url + path + "?" + urllib.parse.urlencode(params), timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read())


def speakers(url: str) -> set[str]:
    return {s["name"] for s in get_json(url, "/quotes/speakers.json", _shape="array", _size="max")}


def test_served_site_stays_up_through_add_and_build(served, tmp_path, monkeypatch, nlp):
    db, url = served
    assert "Lloyd Austin" not in speakers(url)
    runner = CliRunner()
    later = sorted(p for p in SEEDS.glob("*.txt"))[3:]

    with Hammer(url) as add_hammer:
        result = runner.invoke(cli, ["add", *map(str, later), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert add_hammer.failures == [] and len(add_hammer.statuses) > 10
    assert {"Lloyd Austin", "Kurt Campbell"} <= speakers(url)  # the added articles, no restart
    austin = get_json(url, "/quotes/quotes_by_speaker.json", speaker="Lloyd Austin", _shape="array")
    assert austin and all(q["speaker"] == "Lloyd Austin" for q in austin)

    folder = tmp_path / "all"
    shutil.copytree(SEEDS, folder)
    (folder / "extra.txt").write_text(
        '"The harbour will reopen next week," port director Maria Lopez said on Tuesday.\n', encoding="utf-8"
    )
    with Hammer(url) as build_hammer:
        result = runner.invoke(cli, ["build", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert build_hammer.failures == [] and len(build_hammer.statuses) > 10
    assert "Maria Lopez" in speakers(url)  # the new build, no restart
    hits = get_json(url, "/quotes/search_quotes.json", q="harbour reopen", _shape="array")
    assert [h["speaker"] for h in hits] == ["Maria Lopez"]

    with_extra_column(monkeypatch)  # a build that changes the schema
    articles, records = store.read_database(store.sqlite_utils.Database(db))
    with Hammer(url) as schema_hammer:
        write_database(db, articles, records)
    assert schema_hammer.failures == []
    first = get_json(url, "/quotes/quotes.json", _shape="array", _size=1)[0]
    assert first["extra"] == "new"  # the new column, no restart

    # Site users still only read.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url + "/quotes.json?sql=" + urllib.parse.quote("delete from quotes"), timeout=30)
    assert refused.value.code == 400
    assert count(sqlite3.connect(db), "quotes") > 0
