"""``sources.csv``: metadata for the articles in its folder, one checked row per file.

Columns: ``file`` (required; the article's file name), ``outlet``, ``author``,
``published`` (ISO 8601), ``title``, ``url``. A row is one line: metadata
never needs a line break, so an unterminated quotation mark costs its own row
and not every row after it. A bad row is named by its line and left out; a bad
date loses only the date. Pure: text in, rows and problems out.
"""

from __future__ import annotations

import csv
from datetime import datetime

import regex

SOURCES_FILES = ("sources.csv",)
DATE_COLUMNS = ("published", "date")
# ISO 8601 with reduced precision: a year, or a year and month.
_YEAR_MONTH = regex.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")

Problem = tuple[int | None, str]  # (line, message); no line for the whole file


def is_iso_date(value: str) -> bool:
    """A date or date-time in ISO 8601 (``2024-06-01``, ``2024-06-01T09:30:00+01:00``, ``2024-06``)."""
    if _YEAR_MONTH.fullmatch(value):
        return True
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_sources(text: str) -> tuple[dict[str, dict], list[Problem]]:
    """Rows keyed by file name, and what was wrong, line by line."""
    lines = text.split("\n")
    try:
        header = [name.strip() for name in _fields(lines[0])]
    except csv.Error as e:
        return {}, [(1, f"header is {_csv_problem(e)}; its metadata is ignored")]
    if "file" not in header:
        return {}, [(None, "has no 'file' column; its metadata is ignored")]
    rows: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            fields = _fields(line)
        except csv.Error as e:
            problems.append((n, f"{_csv_problem(e)}; row ignored"))
            continue
        if len(fields) > len(header):
            problems.append((n, f"{len(fields)} fields, but the header names {len(header)}; row ignored"))
            continue
        row = dict(zip(header, (field.strip() for field in fields), strict=False))
        name = row.get("file")
        if not name:
            problems.append((n, "no file name; row ignored"))
            continue
        if name in first_line:
            problems.append((n, f"{name} is listed again (first on line {first_line[name]}); row ignored"))
            continue
        for column in DATE_COLUMNS:
            value = row.get(column)
            if value and not is_iso_date(value):
                problems.append((n, f"{column} {value!r} is not an ISO 8601 date (YYYY-MM-DD); left empty"))
                row[column] = ""
        first_line[name] = n
        rows[name] = row
    return rows, problems


def _fields(line: str) -> list[str]:
    return next(csv.reader([line], strict=True), [])


def _csv_problem(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return "unterminated quotation mark"
    return f"not valid CSV ({error})"
