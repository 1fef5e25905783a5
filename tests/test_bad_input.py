"""Bad input: one line naming the file and the problem, the rest of the batch goes on, exit 1.

Never a traceback. Files are real files made in ``tmp_path``; the CLI runs
through click's CliRunner with the real model (loaded once per process).
"""

import json
import os
import socket
import sqlite3
import threading
import time

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.ingest import Article, IngestError, Skipped, read_articles
from quotes.ingest.decoding import DecodeError, decode_text
from quotes.pipeline import CHUNK_CHARS, chunks

GOOD = 'The mayor said: "We will rebuild the bridge." Residents welcomed the plan at a meeting on Tuesday.\n'
GERMAN = (
    "Die Bundesregierung will die Förderung für Elektroautos im kommenden Jahr deutlich kürzen. Das sagte ein "
    "Sprecher des Wirtschaftsministeriums am Dienstag in Berlin. Man werde die Mittel nicht vollständig streichen, "
    "aber die Zuschüsse müssten sinken, so der Sprecher. Kritik kam von den Grünen und von Umweltverbänden.\n"
)
RUSSIAN = (
    "Правительство во вторник объявило о сокращении субсидий на покупку электромобилей. Министр экономики "
    "заявил журналистам, что программа не будет отменена полностью, но размер выплат придётся уменьшить. "
    "Экологические организации раскритиковали это решение и призвали власти пересмотреть его.\n"
)


def run(*args, **kw):
    result = CliRunner().invoke(cli, [str(a) for a in args], **kw)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def lines_about(result, path):
    return [line for line in result.stderr.splitlines() if str(path) in line]


def extracted_articles(result):
    return {json.loads(line)["article"] for line in result.stdout.splitlines()}


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "empty file"),
        ("nul.txt", b"GIF89a\x00\x01\x02\x00binary\x00data" * 50, "binary file"),
        ("noise.txt", bytes(range(1, 32)) * 100, "binary file"),
        ("empty.html", b"", "empty file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
        ("empty.jsonl", b"", "empty file"),
    ],
)
def test_unreadable_file_is_one_error_line_and_batch_goes_on(tmp_path, good, name, content, problem):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("extract", bad, good)
    assert result.exit_code == 1
    [line] = lines_about(result, bad)
    assert line.startswith("error: ") and problem in line
    assert "2 articles read, 1 failed" in result.stderr
    assert str(good) in extracted_articles(result)  # the good article was still processed


def test_missing_path_is_a_usage_error_before_any_work(tmp_path, good):
    result = run("extract", good, tmp_path / "nope.txt")
    assert result.exit_code == 2
    [line] = lines_about(result, tmp_path / "nope.txt")
    assert line.startswith("Error: ") and "does not exist" in line
    assert result.stdout == ""


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    text = "Caf\u00e9 owners said: \u201cWe will not close.\u201d \u2014 Z\u00fcrich, na\u00efve. It\u2019s over.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    result = run("extract", path)
    assert result.exit_code == 0
    assert lines_about(result, path) == [f"warning: {path}: not UTF-8; decoded as cp1252"]
    [article] = read_articles([str(path)])
    assert article.text == text


def test_utf8_with_stray_cp1252_bytes_keeps_both(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Caf\u00e9 owners said \u2014 in Z\u00fcrich \u2014 ".encode() + b"\x93we stay\x94.\n")
    warnings = []
    [article] = read_articles([str(path)], warn=warnings.append)
    assert article.text == "Caf\u00e9 owners said \u2014 in Z\u00fcrich \u2014 \u201cwe stay\u201d.\n"
    assert [str(w) for w in warnings] == [
        f'{path}: mixed encodings: UTF-8 except line 1 read as cp1252, e.g. "Caf\u00e9 owners said \u2014 in Z\u00fcrich \u2014 \u201cwe stay\u201d."'
    ]


# A UTF-8 article with one paragraph pasted from a cp1252 system, and the other way round.
FLOOD = (
    "Flooding closed the high street on Monday, and shops stayed shut for a second day.\n\n"
    "\u201cWe have lost a week of trade,\u201d said the caf\u00e9 owner, Marie Dupont.\n\n"
)
ENGINEER = (
    "The council\u2019s engineer, Tom\u00e1s Garc\u00eda, said the drains were \u201cfar too small\u201d "
    "\u2014 and na\u00efve plans had failed.\n\n"
)
MEETING = "Residents will meet the caf\u00e9 owners on Thursday.\n"
LEGACY = (
    "The caf\u00e9 owners said the council\u2019s \u201cna\u00efve\u201d plan would fail. R\u00e9sum\u00e9s were sent.\n\n"
    * 4
)
BAKER = "\u201cWe will not close,\u201d said Zo\u00eb M\u00fcller, who runs the bakery.\n\n"


def quotes_by_text(result):
    return {r["text"]: (r["speaker"], r["role"]) for r in map(json.loads, result.stdout.splitlines())}


def test_utf8_with_a_cp1252_paragraph_keeps_the_utf8_and_repairs_the_paragraph(tmp_path):
    path = tmp_path / "flood.txt"
    double_encoded = MEETING.encode().decode("cp1252").encode()  # "cafÃ©": been through one system too many
    path.write_bytes(FLOOD.encode() + ENGINEER.encode("cp1252") + double_encoded)
    result = run("extract", path)
    assert result.exit_code == 0
    [warning] = lines_about(result, path)
    assert warning.startswith(f"warning: {path}: mixed encodings: UTF-8 except line 5 read as cp1252, e.g. ")
    assert "Tom\u00e1s Garc\u00eda" in warning and warning.endswith("; mojibake repaired on line 7")
    [article] = read_articles([str(path)])
    assert article.text == FLOOD + ENGINEER + MEETING and "caf\u00e9 owner" in article.text
    quotes = quotes_by_text(result)
    assert quotes["We have lost a week of trade"] == ("Marie Dupont", "caf\u00e9 owner")
    assert quotes["the drains were \u201cfar too small\u201d \u2014 and na\u00efve plans had failed"] == (
        "Tom\u00e1s Garc\u00eda",
        "council\u2019s engineer",
    )


def test_cp1252_with_a_utf8_line_repairs_the_line(tmp_path):
    path = tmp_path / "bakery.txt"
    path.write_bytes(LEGACY.encode("cp1252") + BAKER.encode() + LEGACY.encode("cp1252"))
    result = run("extract", path)
    assert result.exit_code == 0
    [warning] = lines_about(result, path)
    assert warning.startswith(f"warning: {path}: mixed encodings: cp1252 except line 9 read as UTF-8, e.g. ")
    assert "Zo\u00eb M\u00fcller" in warning
    [article] = read_articles([str(path)])
    assert article.text == LEGACY + BAKER + LEGACY
    assert quotes_by_text(result)["We will not close"] == ("Zo\u00eb M\u00fcller", None)


@pytest.mark.parametrize("codec, text", [("utf-16-le", GOOD), ("utf-16-be", GOOD), ("utf-16-le", RUSSIAN)])
def test_utf16_without_a_bom_is_detected(tmp_path, codec, text):
    path = tmp_path / "notepad.txt"
    path.write_bytes(text.encode(codec))
    warnings = []
    [item] = read_articles([str(path)], warn=warnings.append)
    assert [str(w) for w in warnings] == [f"{path}: no byte order mark; decoded as {codec.upper()}"]
    if text == GOOD:
        assert item.text == GOOD
    else:
        assert isinstance(item, Skipped)  # read right, then left out as not English


def test_utf16_that_does_not_decode_names_the_real_reason(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes(GOOD.encode("utf-16-le")[:-1])
    [error] = read_articles([str(path)])
    assert error.message.startswith("looks like UTF-16-LE without a byte order mark, but ")


def test_utf16_with_bom_reads_silently(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("\ufeff".encode("utf-16-le") + GOOD.encode("utf-16-le"))
    warnings = []
    [article] = read_articles([str(path)], warn=warnings.append)
    assert article.text == GOOD and warnings == []


def test_decode_text_rejects_binary_and_keeps_other_scripts():
    with pytest.raises(DecodeError):
        decode_text(b"abc\x00def")
    with pytest.raises(DecodeError):
        decode_text(os.urandom(4096).replace(b"\x00", b"\x01") + b"\xff\xfe\xfd")
    assert decode_text(RUSSIAN.encode("cp1251")) == (RUSSIAN, "not UTF-8; decoded as cp1251")
    assert decode_text("naïve café".encode()) == ("naïve café", None)


@pytest.mark.parametrize("text, reason", [(GERMAN, "common English words"), (RUSSIAN, "non-Latin script")])
def test_clearly_non_english_article_is_skipped_with_a_warning(tmp_path, good, text, reason):
    path = tmp_path / "foreign.txt"
    path.write_text(text, encoding="utf-8")
    result = run("extract", path, good)
    assert result.exit_code == 0  # skipped on purpose, not a failure
    [line] = lines_about(result, path)
    assert line.startswith(f"warning: {path}: skipped: clearly not English") and reason in line
    assert "2 articles read, 0 failed, 1 skipped" in result.stderr
    assert str(path) not in extracted_articles(result) and str(good) in extracted_articles(result)
    [item] = read_articles([str(path)])
    assert isinstance(item, Skipped)


def test_english_with_foreign_names_and_short_texts_are_kept(tmp_path):
    (tmp_path / "names.txt").write_text(
        "Chancellor Olaf Scholz met Emmanuel Macron in Saint-Germain-en-Laye; Scholz said the Bundeswehr and "
        "the Élysée would work together on the Zeitenwende, and Macron told reporters in Straßburg that the "
        "Conseil d'État had approved it.\n",
        encoding="utf-8",
    )
    (tmp_path / "short.txt").write_text("Grüße aus Köln.\n", encoding="utf-8")
    items = list(read_articles([str(tmp_path)]))
    assert all(isinstance(i, Article) for i in items) and len(items) == 2


def test_deeply_nested_json_is_one_error_and_the_batch_goes_on(tmp_path, good):
    deep = "[" * 5000 + "]" * 5000
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": GOOD}),
        '{"text": ' + deep + "}",
        '{"title": ' + "[" * 500 + "]" * 500 + ', "text": ' + json.dumps(GOOD) + "}",  # deep, but not too deep
        json.dumps({"text": GOOD}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = tmp_path / "deep.json"
    whole.write_text('{"text": ' + deep + "}", encoding="utf-8")
    result = run("extract", feed, whole, good)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {feed}:2: JSON nested too deeply to read",
        f"error: {whole}: JSON nested too deeply to read",
    ]
    assert "6 articles read, 2 failed" in result.stderr
    assert extracted_articles(result) == {f"{feed}:1", f"{feed}:3", f"{feed}:4", str(good)}
    [article] = [a for a in read_articles([str(feed)]) if getattr(a, "path", "") == f"{feed}:3"]
    assert article.title == GOOD.split("\n")[0][:200]  # the nested title is no title


def test_jsonl_bad_lines_are_named_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"text": GOOD}),
                "this is not json",
                json.dumps({"title": "no text here"}),
                json.dumps({"text": 42}),
                json.dumps(["a", "list"]),
                json.dumps({"text": "   "}),
                json.dumps({"text": GOOD, "outlet": "Daily"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = run("extract", path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {path}:2: not valid JSON (Expecting value at column 1)",
        f"error: {path}:3: record has no 'text' field",
        f"error: {path}:4: 'text' is int, not a string",
        f"error: {path}:5: expected a JSON object, got list",
        f"error: {path}:6: 'text' is empty",
    ]
    assert "7 articles read, 5 failed" in result.stderr
    assert extracted_articles(result) == {f"{path}:1", f"{path}:7"}


def test_broken_json_file_names_the_line(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{\n  "text": "Story",\n  "outlet": \n}\n')
    [error] = read_articles([str(path)])
    assert isinstance(error, IngestError) and error.path == f"{path}:4" and "not valid JSON" in error.message


def test_ten_thousand_quotation_marks(tmp_path, good):
    path = tmp_path / "marks.txt"
    lines = ['"No," he said. "Yes."', "\u201cMaybe.\u201d \u201cNot.\u201d", "'Why?' 'Now.'"]
    path.write_text("\n".join(lines[i % 3] for i in range(2500)) + "\n", encoding="utf-8")
    assert sum(path.read_text().count(mark) for mark in "\"'\u201c\u201d") == 10_000
    result = run("extract", path, good)
    assert result.exit_code == 0
    assert "2 articles read, 0 failed" in result.stderr
    text = path.read_text()
    for line in result.stdout.splitlines():
        r = json.loads(line)
        if r["article"] == str(path):
            assert text[r["start"] : r["end"]] == r["text"]


def test_unbalanced_quotes(tmp_path):
    path = tmp_path / "unbalanced.txt"
    text = (
        'The minister said "we will never surrender. Nobody in the room answered.\n\n'
        'Later the mayor said: "We will rebuild the bridge." The meeting ended.\n'
        'A closing mark with no opening one" sits here, and \u201cthis one never closes.\n'
    )
    path.write_text(text, encoding="utf-8")
    result = run("extract", path)
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        r = json.loads(line)
        assert text[r["start"] : r["end"]] == r["text"]


def test_twenty_megabyte_file_is_read_and_chunked(tmp_path):
    """The whole pipeline on 20 MB takes minutes (measured in the issue); here: reading and chunking."""
    path = tmp_path / "big.txt"
    paragraph = GOOD * 5 + "\n"
    path.write_text(paragraph * (20_000_000 // len(paragraph) + 1), encoding="utf-8")
    assert path.stat().st_size > 20_000_000
    start = time.perf_counter()
    [article] = read_articles([str(path)])
    pieces = chunks(article.text)
    assert time.perf_counter() - start < 20
    assert len(article.text) > 20_000_000
    assert all(len(piece) <= CHUNK_CHARS for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == article.text
    assert all(article.text[offset : offset + len(piece)] == piece for offset, piece in pieces)


def test_build_with_nothing_readable_keeps_the_old_database(tmp_path, good):
    db = tmp_path / "quotes.db"
    assert run("build", good, "--db", db).exit_code == 0
    before = db.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("build", empty, "--db", db)
    assert result.exit_code == 1
    assert "no articles read" in result.output and db.read_bytes() == before
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone() == (1,)


def test_build_with_some_bad_files_writes_the_good_ones_and_exits_1(tmp_path, good):
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    db = tmp_path / "quotes.db"
    result = run("build", tmp_path, "--db", db)
    assert result.exit_code == 1
    assert "2 articles read, 1 failed" in result.stderr
    assert sqlite3.connect(db).execute("select path from articles").fetchall() == [(str(good),)]


def test_fifo_device_and_socket_are_named_and_never_opened(tmp_path, good):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    explicit = tmp_path / "explicit.txt"
    os.mkfifo(explicit)
    # If a FIFO were opened, the read would block for ever: after a while a writer
    # comes and goes, so the test fails instead of hanging.
    rescue = threading.Timer(15, lambda: [_release(f) for f in (folder / "pipe.txt", explicit)])
    rescue.start()
    try:
        result = run("extract", folder, explicit, "/dev/null", good)
    finally:
        rescue.cancel()
        sock.close()
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {folder / 'pipe.txt'}: not a regular file (FIFO); not read",
        f"error: {folder / 'sock.txt'}: not a regular file (socket); not read",
        f"error: {explicit}: not a regular file (FIFO); not read",
        "error: /dev/null: not a regular file (character device); not read",
    ]
    assert "1 articles read, 0 failed" in result.stderr and "; 4 paths not read" in result.stderr
    assert extracted_articles(result) == {str(good)}


def _release(fifo) -> None:
    """Open a FIFO for writing and close it: a reader blocked on it sees the end of the file."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # nobody is reading it
        pass


def test_unreadable_folder_is_named_and_the_rest_is_read(unprivileged):
    top = unprivileged.path / "archive"
    top.mkdir()
    (top / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = top / "2023"
    locked.mkdir()
    (locked / "a.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    with unprivileged.as_user():
        result = run("extract", top)
    assert result.exit_code == 1
    assert lines_about(result, locked) == [
        f"error: {locked}: cannot list folder (Permission denied); its articles are not read"
    ]
    assert "1 articles read, 0 failed" in result.stderr and "; 1 path not read" in result.stderr
    assert extracted_articles(result) == {str(top / "good.txt")}
