"""The load benchmark runs (tiny), against its own server on 127.0.0.1, and stops by itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from site_data import write_site

ROOT = Path(__file__).resolve().parent.parent


def test_load_tiny(tmp_path):
    db = write_site(tmp_path / "quotes.db")
    before = db.read_bytes()
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--tiny", "--requests", "60", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    after = json.loads(result.stdout.strip().splitlines()[-1])["after"]
    assert after["all"]["requests"] == 60 and after["all"]["not_200"] == 0, after["failures"]
    assert set(after["groups"]) == {"table", "search", "facet", "page", "card", "oembed"}
    assert after["all"]["p95_ms"] >= after["all"]["p50_ms"] > 0
    assert after["all"]["server_cpu_ms_per_request"] > 0  # read from the server process itself
    assert after["settings"]  # served with the site's settings
    assert db.read_bytes() == before  # a copy was served, not this file


def test_load_refuses_unbounded_runs():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--requests", "1000000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--requests must be" in result.stderr
