"""Where ``--db`` may point: never at an input or at a file that is not a quotes database, and a
place that cannot be written is named in one line before any work (a full disk: one line after it).
"""

import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.publish.store import write_database

GOOD = 'The mayor said: "We will rebuild the bridge." Residents welcomed the plan at a meeting on Tuesday.\n'


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_error(result) -> str:
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith("Error: ")
    return line


@pytest.fixture
def no_work(monkeypatch):
    """Fail if the extraction starts: loading the model is its first step."""

    def started(*args, **kw):
        raise AssertionError("the extraction started")

    monkeypatch.setattr("quotes.pipeline.load_nlp", started)


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "s2"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "sources.csv").write_text("file,outlet\na.txt,Daily\n")
    return folder


def quotes_db(path):
    article = {"path": "x.txt", "text": GOOD, "title": "x", "outlet": None, "author": None, "published": None}
    write_database(path, [{**article, "url": None}], [])
    return path


@pytest.mark.parametrize("command", ["build", "add"])
@pytest.mark.parametrize(
    "given, target", [("s2", "s2/sources.csv"), ("s2", "s2/a.txt"), ("s2/a.txt", "s2/sources.csv")]
)
def test_an_input_is_never_the_target(tmp_path, inputs, no_work, command, given, target):
    db = tmp_path / target
    before = db.read_bytes()
    line = one_error(run(command, tmp_path / given, "--db", db))
    assert line == f"Error: {db}: is one of the inputs; it is not written to"
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["build", "add"])
@pytest.mark.parametrize("name", ["notes.txt", "other.db", "photo.jpg"])
def test_a_file_that_is_not_a_quotes_database_is_never_the_target(tmp_path, inputs, no_work, command, name):
    db = tmp_path / name
    if name == "other.db":
        with sqlite3.connect(db) as conn:
            conn.execute("create table accounts (name text, balance int)")
    else:
        db.write_bytes(b"\xff\xd8\xff\xe0JFIF" * 100 if name == "photo.jpg" else b"Shopping list: eggs\n")
    before = db.read_bytes()
    line = one_error(run(command, inputs, "--db", db))
    assert line.startswith(f"Error: {db}: exists and is not a quotes database (")
    assert line.endswith("; it is not written to")
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["build", "add"])
def test_a_device_is_never_the_target(inputs, no_work, command):
    line = one_error(run(command, inputs, "--db", "/dev/null"))
    assert line == "Error: /dev/null: not a regular file (character device); it is not written to"


def test_build_replaces_a_quotes_database_or_an_empty_file(tmp_path, inputs):
    for db in (quotes_db(tmp_path / "old.db"), tmp_path / "empty.db"):
        db.touch()
        assert run("build", inputs, "--db", db).exit_code == 0
        assert sqlite3.connect(db).execute("select path from articles").fetchall() == [(str(inputs / "a.txt"),)]


@pytest.mark.parametrize("command", ["build", "add"])
def test_a_place_that_cannot_hold_files_is_named_before_any_work(tmp_path, inputs, no_work, command):
    (tmp_path / "file").write_text("x")
    line = one_error(run(command, inputs, "--db", tmp_path / "file" / "q.db"))
    assert line == f"Error: {tmp_path / 'file' / 'q.db'}: {tmp_path / 'file'} is not a folder"
    if command == "build":
        line = one_error(run(command, inputs, "--db", "/proc/q.db"))
        # root is told /proc takes no new files; anyone else that permission is denied
        assert line.startswith("Error: /proc/q.db: cannot create files in /proc (")


@pytest.mark.parametrize("command", ["build", "add"])
def test_an_unwritable_folder_is_named_before_any_work(unprivileged, no_work, command):
    article = unprivileged.path / "a.txt"
    article.write_text(GOOD)
    folder = unprivileged.path / "published"
    folder.mkdir()
    db = folder / "q.db"
    if command == "add":
        quotes_db(db).chmod(0o666)
    folder.chmod(0o555)
    with unprivileged.as_user():
        line = one_error(run(command, article, "--db", db))
    assert line == f"Error: {db}: cannot create files in {folder} (Permission denied)"


def test_add_to_a_read_only_database_is_named_before_any_work(unprivileged, no_work):
    article = unprivileged.path / "a.txt"
    article.write_text(GOOD)
    db = quotes_db(unprivileged.path / "q.db")
    db.chmod(0o444)
    before = db.read_bytes()
    with unprivileged.as_user():
        line = one_error(run("add", article, "--db", db))
    assert line == f"Error: {db}: the database is read-only (Permission denied)"
    assert db.read_bytes() == before


@pytest.fixture
def tiny_disk(tmp_path, monkeypatch):
    """A folder on a 64 kB file system; where mounting is not allowed, the store's writes fail as a full disk does."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:

        def full(*args, **kw):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr("quotes.publish.store.write_tables", full)
    yield folder
    if mounted.returncode == 0:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)  # lazy: a test may still hold a file open


def test_a_full_disk_is_one_line_and_leaves_nothing_behind(tmp_path, inputs, tiny_disk):
    db = tiny_disk / "q.db"
    result = run("build", inputs, "--db", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {db}: cannot write the database (database or disk is full); nothing was written"
    )
    assert list(tiny_disk.iterdir()) == []
