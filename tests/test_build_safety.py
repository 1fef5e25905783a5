"""Safe and repeatable builds: same input, same database; a killed build harms nothing."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.publish.store import remove_stale_temps, write_database

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE = (
    'The mayor said: "We will rebuild the bridge and the trust of the people who use it." '
    "Engineers said the work had cost more than planned.\n\n"
    '"Nobody will pay more tax for this," the finance officer told reporters on Tuesday.\n'
)


def dump(db_path) -> dict[str, list[tuple]]:
    """Every table's rows in sorted order (full-text index tables included)."""
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    out = {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}
    out["schema"] = sorted(conn.execute("select type, name, sql from sqlite_master").fetchall(), key=repr)
    conn.close()
    return out


def records_for(articles, n_per_article=3):
    records = []
    for a in articles:
        for i in range(n_per_article):
            text = f"Remark {i} about {a['path']} that somebody made."
            records.append(
                {
                    "article": a["path"],
                    "start": i * 100,
                    "end": i * 100 + len(text),
                    "text": text,
                    "kind": "direct",
                    "speaker": f"Speaker {i}",
                    "role": "spokesperson",
                    "cue": "said",
                    "speaker_kind": "person",
                    "mention": f"Speaker {i}",
                }
            )
    return records


def hand_made(n_articles=20, n_per_article=3):
    articles = [
        {
            "path": f"news/{n:05d}.txt",
            "text": ARTICLE * 3 + f"Story {n}.\n",  # articles are known by their text: each its own
            "title": f"Story {n}",
            "outlet": f"Outlet {n % 4}",
            "author": None,
            "published": f"2024-06-{n % 28 + 1:02d}",
            "url": None,
        }
        for n in range(n_articles)
    ]
    return articles, records_for(articles, n_per_article)


def test_write_database_twice_gives_the_same_rows(tmp_path):
    articles, records = hand_made()
    write_database(tmp_path / "a.db", articles, [dict(r) for r in records])
    write_database(tmp_path / "b.db", articles, [dict(r) for r in records])
    a, b = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert len(a["articles"]) == 20 and len(a["mentions"]) == 60
    assert a == b


@pytest.fixture
def mixed_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*"))[:3] + [SEEDS / "sources.csv"]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "feed.jsonl").write_text(
        '{"text": "The mayor said: \\"We will rebuild the bridge.\\" Residents cheered.", "outlet": "Daily"}\n'
        '{"text": "\\"Nobody will pay more,\\" the finance officer said on Tuesday.", "outlet": "Weekly"}\n'
    )
    (folder / "page.html").write_text(
        "<html><head><title>Bridge</title><meta property='og:site_name' content='Town Times'></head><body>"
        f"<article><p>{ARTICLE.replace(chr(10), '</p><p>')}</p></article></body></html>"
    )
    return folder


def test_cli_build_twice_gives_the_same_database(tmp_path, mixed_input):
    runner = CliRunner()
    for name in ("one.db", "two.db"):
        result = runner.invoke(cli, ["build", str(mixed_input), "--db", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    one, two = dump(tmp_path / "one.db"), dump(tmp_path / "two.db")
    assert len(one["articles"]) == 6 and len(one["outlets"]) >= 3
    assert one == two
    # rebuilding over an existing database replaces it with the same content
    result = runner.invoke(cli, ["build", str(mixed_input), "--db", str(tmp_path / "one.db")])
    assert result.exit_code == 0 and dump(tmp_path / "one.db") == two


def leftovers(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.iterdir() if p.name.startswith(db.name + "."))


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.002)
    return False


def kill_midway(cmd, cwd, db: Path, timeout: float, need_temp: bool) -> subprocess.Popen:
    """Start ``cmd``, SIGKILL it while it runs (once its temp file exists, if ``need_temp``), reap it."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        seen = wait_for(lambda: leftovers(db) or proc.poll() is not None, timeout=timeout)
        if need_temp:
            assert seen and proc.poll() is None, "no temp file while writing: " + proc.stderr.read().decode()
            time.sleep(0.2)  # let it write some rows
        assert proc.poll() is None, "it finished before it could be killed: " + proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    return proc


def test_killed_cli_build_leaves_the_old_database_whole(tmp_path):
    db = tmp_path / "quotes.db"
    write_database(db, *hand_made(5))
    before = dump(db)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):  # long enough that the build is still parsing when it is killed
        (folder / f"{n:03d}.txt").write_text(ARTICLE * 40, encoding="utf-8")
    proc = kill_midway(
        [sys.executable, "-m", "quotes", "build", str(folder), "--db", str(db)],
        tmp_path,
        db,
        timeout=4.0,
        need_temp=False,
    )
    assert proc.returncode == -signal.SIGKILL
    assert sqlite3.connect(db).execute("pragma integrity_check").fetchone() == ("ok",)
    assert dump(db) == before


WRITER = """
import sys
from tests.test_build_safety import hand_made
from quotes.publish.store import write_database
write_database(sys.argv[1], *hand_made(int(sys.argv[2]) if len(sys.argv) > 2 else 2000, 10))
"""


def test_killed_write_leaves_old_database_and_next_build_cleans_up(tmp_path):
    db = tmp_path / "quotes.db"
    write_database(db, *hand_made(5))
    before = dump(db)
    proc = kill_midway([sys.executable, "-c", WRITER, str(db)], ROOT, db, timeout=60, need_temp=True)
    stale = leftovers(db)
    assert stale and all(f".{proc.pid}.tmp" in p.name for p in stale)  # the killed build's half-written file
    assert dump(db) == before
    write_database(db, *hand_made(7))  # the next build removes it and succeeds
    assert leftovers(db) == []
    assert len(dump(db)["articles"]) == 7


def test_build_killed_while_copying_into_the_database_leaves_it_whole(tmp_path):
    db = tmp_path / "quotes.db"
    write_database(db, *hand_made(5))
    before = dump(db)
    log = db.with_name(db.name + "-wal")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "300"], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        # The copy goes through the write-ahead log: kill the build once some of it is there.
        copying = wait_for(lambda: (log.exists() and log.stat().st_size > 2**18) or proc.poll() is not None, 120)
        assert copying and proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert sqlite3.connect(db).execute("pragma integrity_check").fetchone() == ("ok",)
    after = dump(db)
    assert after == before or len(after["articles"]) == 300  # the old database or the new, whole (killed after commit)
    write_database(db, *hand_made(7))  # and the next build goes through
    assert len(dump(db)["articles"]) == 7 and leftovers(db) == []


def test_remove_stale_temps_spares_running_builds(tmp_path):
    db = tmp_path / "quotes.db"
    dead_pid = _finished_pid()
    dead = tmp_path / f"quotes.db.{dead_pid}.tmp"
    journal = tmp_path / f"quotes.db.{dead_pid}.tmp-journal"
    alive = tmp_path / f"quotes.db.{os.getpid()}.tmp"
    unrelated = tmp_path / "quotes.db.backup"
    for p in (dead, journal, alive, unrelated):
        p.write_bytes(b"x")
    assert sorted(remove_stale_temps(db)) == sorted([dead, journal])
    assert alive.exists() and unrelated.exists() and not dead.exists()


def _finished_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_no_progress_bar_off_a_terminal(tmp_path, mixed_input):
    result = CliRunner().invoke(cli, ["build", str(mixed_input), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 0
    assert "\r" not in result.stderr and "articles/s" not in result.stderr and "build:" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("6 articles read")


def test_progress_bar_on_a_terminal(monkeypatch):
    from quotes.progress import progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("build") as bar:
        for _ in range(3):
            bar.update(1, quotes=7)
    assert "build: " in terminal.getvalue() and "3 articles" in terminal.getvalue()
