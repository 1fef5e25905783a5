"""Issue #15: the pipeline on Dask gives what one process gives (a real LocalCluster, 2 worker processes).

Not timed: see benchmarks/dask_scaling.py. One cluster serves the module;
starting it and loading the model in each worker is most of the cost.
"""

import json
import shutil
from pathlib import Path

import dask.bag as dask_bag
import distributed
import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import record

from quotes import DEFAULT_MODEL
from quotes.cli import cli
from quotes.corpus.dedupe import assign_quote_ids, item_of
from quotes.pipeline import run_extraction
from quotes.scale.cluster import ScaleError, dask_client
from quotes.scale.extract import partitions, read_shard, run_extraction_dask, shard_records

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BBC = ROOT.parent / "shared" / "corpus" / "bbc"
BBC_FEW = [BBC / "politics" / name for name in sorted(p.name for p in (BBC / "politics").glob("*.txt"))[:4]]
GERMAN = (
    "Die Bundesregierung will die Förderung für Elektroautos im kommenden Jahr deutlich kürzen. Das sagte ein "
    "Sprecher des Wirtschaftsministeriums am Dienstag in Berlin. Man werde die Mittel nicht vollständig streichen, "
    "aber die Zuschüsse müssten sinken, so der Sprecher. Kritik kam von den Grünen und von Umweltverbänden.\n"
)


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Seeds and a few BBC articles, with the inputs a batch must survive: an empty file, a binary file,
    a page not in English, a JSON-lines file with a broken line, a sources.csv without a file column in a
    folder of two articles, and an article longer than one parsing chunk."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    bbc = root / "bbc"
    bbc.mkdir()
    for path in BBC_FEW:
        shutil.copy(path, bbc / path.name)
    odd = root / "odd"
    odd.mkdir()
    (odd / "empty.txt").write_bytes(b"")
    (odd / "image.txt").write_bytes(b"GIF89a\x00\x01\x02\x00binary\x00data" * 50)
    (odd / "german.txt").write_text(GERMAN, encoding="utf-8")
    (odd / "wire.jsonl").write_text(
        json.dumps({"text": 'The mayor said: "We will rebuild the bridge by June."', "outlet": "Wire"})
        + "\n{oops\n"
        + json.dumps({"text": '"Nobody was hurt," a police spokesman said.', "published": "2024-06-01"})
        + "\n",
        encoding="utf-8",
    )
    (odd / "sources.csv").write_text("name,outlet\nempty.txt,Daily\n", encoding="utf-8")
    seed_text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    (odd / "long.txt").write_text((seed_text * 2)[:52_000], encoding="utf-8")
    return root


def test_partitions_are_runs_of_whole_files_in_input_order(corpus):
    files = [p.files for p in partitions([str(corpus)], DEFAULT_MODEL, size=10_000)]
    flat = [f for run in files for f in run]
    assert len(files) > 3 and len(flat) == len(set(flat))
    assert flat == sorted(flat)  # iter_files order: folders walked in sorted order
    assert any(f.endswith("wire.jsonl") for f in flat)
    again = partitions([str(corpus)], DEFAULT_MODEL, size=10_000)
    assert [p.shard_name() for p in again] == [p.shard_name() for p in partitions([str(corpus)], DEFAULT_MODEL, 10_000)]


def test_dask_extraction_equals_one_process_and_loads_the_model_once_per_worker(client, corpus, nlp):
    heard_here, heard_there = [], []
    here = run_extraction([str(corpus)], nlp, report=lambda level, item: heard_here.append(f"{level}: {item}"))
    there = run_extraction_dask(
        [str(corpus)],
        DEFAULT_MODEL,
        client,
        report=lambda level, item: heard_there.append(f"{level}: {item}"),
        partition_bytes=10_000,  # many partitions for two workers
    )
    assert [a.to_dict() for a in there.articles] == [a.to_dict() for a in here.articles]
    assert there.records == here.records and here.records
    assert [str(e) for e in there.failed] == [str(e) for e in here.failed]
    assert [str(e) for e in there.skipped] == [str(e) for e in here.skipped]
    assert sorted(heard_there) == sorted(heard_here)
    assert any("empty file" in line for line in heard_here)
    assert any("not valid JSON" in line for line in heard_here)
    assert any("clearly not English" in line for line in heard_here)
    assert sum("sources.csv" in line for line in heard_there) == 1  # once, though every partition reads it
    assert any(len(a.text) > 50_000 for a in there.articles)
    loads = client.run(lambda: dict(__import__("quotes.scale.extract").scale.extract.LOADS))
    assert len(loads) == 2 and all(n == {DEFAULT_MODEL: 1} for n in loads.values()), loads


def test_shards_are_written_whole_and_reloaded_instead_of_parsed(client, corpus, tmp_path):
    shards = tmp_path / "shards"
    first = run_extraction_dask([str(corpus)], DEFAULT_MODEL, client, str(shards), partition_bytes=10_000)
    written = sorted(shards.glob("part-*.jsonl"))
    assert len(written) > 3 and not list(shards.glob("*.tmp"))
    assert [a["path"] for a, _ in shard_records(shards)] == [a.path for a in first.articles]
    # Mark one shard's record: a re-run returns the mark, so it read the shard instead of parsing.
    marked = next(p for p in written if any("article" in line and line["records"] for line in read_shard(p)))
    lines = read_shard(marked)
    line = next(x for x in lines if "article" in x and x["records"])
    line["records"][0]["text"] = "MARKED"
    marked.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    removed = written[-1]
    removed.unlink()
    again = run_extraction_dask([str(corpus)], DEFAULT_MODEL, client, str(shards), partition_bytes=10_000)
    assert "MARKED" in {r["text"] for r in again.records}
    assert removed.exists()  # the missing partition was parsed again
    assert [a.path for a in again.articles] == [a.path for a in first.articles]


def dump(path):
    db = sqlite_utils.Database(path)
    names = [t for t in db.table_names() if "_fts" not in t] + db.view_names()
    return {t: sorted(json.dumps(r, sort_keys=True) for r in db[t].rows) for t in names}


def test_build_on_dask_writes_the_single_process_database(client, tmp_path):
    inputs = [str(SEEDS), *map(str, BBC_FEW)]
    one, many = tmp_path / "one.db", tmp_path / "dask.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["build", *inputs, "--db", str(one)])
    assert result.exit_code == 0, result.output
    address = client.scheduler.address
    result = runner.invoke(cli, ["build", *inputs, "--db", str(many), "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 0, result.output
    first, second = dump(one), dump(many)
    assert len(first["mentions"]) > 50 and len(first["articles"]) == 9
    assert first == second


def test_extract_on_a_local_cluster_of_its_own_prints_what_one_process_prints(tmp_path):
    path = str(SEEDS / "001_af60520f71ff48c9.txt")
    runner = CliRunner()
    here = runner.invoke(cli, ["extract", path])
    there = runner.invoke(cli, ["extract", path, "--engine", "dask", "--workers", "1", "--shards", str(tmp_path)])
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    assert there.stdout == here.stdout and here.stdout.count("\n") > 10
    assert len(list(tmp_path.glob("part-*.jsonl"))) == 1


def test_dask_options_are_checked(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(SEEDS), "--shards", str(tmp_path)])
    assert result.exit_code == 1 and "go with --engine dask" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(ScaleError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with dask_client("tcp://127.0.0.1:9", timeout=1):
            pass
    with pytest.raises(ScaleError, match="not standard input"):
        partitions(["-"], DEFAULT_MODEL)


def test_distributed_dedupe_gives_the_in_process_ids(client):
    from quotes.scale.dedupe import quote_ids

    remark = "The club will freeze season ticket prices for every supporter under eighteen next year"
    records = [
        record("a1", remark, "Ana Ruiz", start=5),
        record("a2", remark + " at the latest", None),
        record("a3", remark, "Tom Hale"),
        record("a3", "freeze season ticket prices for every supporter under eighteen", None, start=300),
        record("a4", remark, "a Fans United spokesman", speaker_kind="anonymous"),
        record("a4", "We are looking into it", None, start=200),
        record("a5", "We are looking into it", "Ana Ruiz"),
        record("a2", "The stadium roof will be repaired before the winter", "Ana Ruiz", start=400),
        record("a5", "the stadium roof would be repaired before winter", "Ana Ruiz", start=90),
    ]
    articles = {f"a{i}": {"published": f"2024-05-0{i}"} for i in range(1, 6)}
    # and a few thousand synthetic mentions from the dedupe benchmark's generator
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from dedupe_scaling import sentences, synthetic

    more, more_articles, _ = synthetic(2000, sentences(SEEDS))
    for r in more:
        r["speaker_kind"] = "person"
    records += more
    articles.update(more_articles)
    assign_quote_ids(records, articles)
    items = [item_of(r, articles[r["article"]]["published"]) for r in records]
    found = dict(quote_ids(dask_bag.from_sequence(items, npartitions=6)).compute())
    assert [found[it.order] for it in items] == [r["quote_id"] for r in records]
    assert records[0]["quote_id"] == records[1]["quote_id"] != records[2]["quote_id"]
