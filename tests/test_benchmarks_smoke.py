"""The benchmarks still run (tiny sizes); their numbers live in benchmarks/RESULTS.md."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_dedupe_scaling_tiny():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "dedupe_scaling.py"), "--tiny"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [row.split("|")[1].strip() for row in rows] == ["300", "3,000"]
    precision, recall = (float(x) for x in rows[-1].split("|")[-3:-1])
    assert precision > 0.9 and recall > 0.5


def run_tiny(script: str, *args: str) -> dict:
    """Run a benchmark in tiny mode; its last stdout line is its result as JSON."""
    import json

    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), "--tiny", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_build_vs_parse_tiny():
    result = run_tiny("build_vs_parse.py")
    assert result["articles"] == 5 and result["words"] > 1000
    for side in ("parse", "build"):
        assert result[side]["seconds"]["min"] > 0 and result[side]["words_per_s"] > 0
        assert result[side]["peak_rss_mib"] > 50  # a spaCy model was loaded in that process
    assert "lemmatizer" in result["parse"]["pipe_names"] and "quotes" in result["build"]["pipe_names"]
    assert result["build_rows"]["articles"] == 5
    assert result["ratio_min"] > 0


def test_workers_tiny_builds_identical_databases():
    result = run_tiny("workers.py")
    assert result["speedup"] > 0
    assert result["identical"], result["differing_tables"]
    assert result["tables_compared"]["articles"] == 5 and result["tables_compared"]["mentions"] > 0


def test_dask_engine_tiny_builds_identical_databases_and_ids():
    result = run_tiny("dask_engine.py")
    assert result["throughput"]["identical"], result["throughput"]["differing_tables"]
    assert set(result["throughput"]["runs"]) == {"pool1", "pool2", "dask1", "dask2"}
    assert all(r["words_per_s"] > 0 for r in result["throughput"]["runs"].values())
    assert result["dedupe"]["identical_ids"] and len(result["dedupe"]["dask"]["worker_peak_rss_mib"]) == 2


def test_lookup_latency_tiny():
    result = run_tiny("lookup_latency.py", "--requests", "3")
    assert result["database"]["rows"]["mentions"] == 2000
    assert {"search", "speaker", "quote", "embed quote card", "search page", "speaker page", "quote page"} <= set(
        result["lookups"]
    )
    for lookup in result["lookups"].values():
        assert lookup["requests"] >= 1 and lookup["p95_ms"] >= lookup["p50_ms"] > 0
        assert lookup["failed"] == 0, lookup["failures"]
        assert lookup["mean_rows"] > 0  # the requests found something: they looked up real rows


def test_add_scaling_tiny_gives_the_database_a_full_recompute_gives():
    result = run_tiny("add_scaling.py")
    assert [s["same_as_full"] for s in result["sizes"]] == [True]
    assert all(
        s["incremental"]["own_peak_rss_mib"]["min"] > s["incremental"]["add_rss_mib"]["min"] >= 0
        for s in result["sizes"]
    )


def test_run_rejects_unknown_benchmarks():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "nonsense"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "no benchmark named nonsense" in result.stderr
