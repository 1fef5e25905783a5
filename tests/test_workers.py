"""``--workers 2`` extracts exactly what one process does (not timed: see benchmarks/workers.py)."""

import json
from pathlib import Path

from click.testing import CliRunner

from quotes.cli import cli
from quotes.ingest import read_articles
from quotes.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def test_worker_processes_give_the_same_records_in_the_same_order(nlp):
    articles = list(read_articles([str(SEEDS)]))
    # Batches of two: three batches shared by two worker processes.
    one = [(a.path, recs) for a, recs in extract(nlp, articles, workers=1, batch_size=2)]
    two = [(a.path, recs) for a, recs in extract(nlp, articles, workers=2, batch_size=2)]
    assert [path for path, _ in two] == [a.path for a in articles]
    assert sum(len(recs) for _, recs in one) > 0
    assert two == one


def test_build_with_two_workers_writes_the_same_database(tmp_path, nlp):
    import sqlite_utils

    dbs = {}
    for workers in (1, 2):
        dbs[workers] = tmp_path / f"w{workers}.db"
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(dbs[workers]), "--workers", str(workers)])
        assert result.exit_code == 0, result.output

    def dump(path):
        db = sqlite_utils.Database(path)
        names = [t for t in db.table_names() if "_fts" not in t] + db.view_names()
        return {t: sorted(json.dumps(r, sort_keys=True) for r in db[t].rows) for t in names}

    first, second = dump(dbs[1]), dump(dbs[2])
    assert first["mentions"]
    assert first == second
