"""Extraction as a Dask computation: partitions of whole input files, parsed on the workers.

A partition is a run of input files (a JSON-lines file is never split); a
worker reads it with ``quotes.pipeline.run_extraction``, the single-process
path itself, so long articles, bad files and non-English pages behave the
same, and loads the spaCy pipeline once per process (``worker_nlp``).

With a shard directory each partition's result is written there as JSON
lines (to a temporary name, then renamed: a file that exists is complete),
named by a digest of its files, their sizes and times and the model, so a
later run over the same input reloads it instead of parsing again.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dask.bag as db

from .. import __version__
from ..ids import digest
from ..ingest import Article, IngestError, IngestWarning, Skipped
from ..ingest.readers import SOURCES_FILES, SourcesWarning, Unread, iter_files
from ..pipeline import Extraction, load_nlp, run_extraction
from .cluster import ScaleError

PARTITION_BYTES = 256_000  # about 100 news articles: some 20 s of work for one core
EVENTS = {kind.__name__: kind for kind in (IngestError, Skipped, Unread, IngestWarning, SourcesWarning)}


# -- the model, once per worker process --------------------------------------------

_lock = threading.Lock()
_loaded: dict = {}
LOADS: Counter[str] = Counter()  # how often this process loaded each model (a test reads it)


def worker_nlp(model: str):
    """The pipeline for ``model`` in this process, loaded on first use."""
    with _lock:
        if model not in _loaded:
            _loaded[model] = load_nlp(model)
            LOADS[model] += 1
        return _loaded[model]


def model_plugin(model: str):
    """A worker plugin that loads the model as each worker starts, so a missing model fails early."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadModel(WorkerPlugin):
        name = f"quotes-model-{model}"

        def setup(self, worker) -> None:
            worker_nlp(model)

    return LoadModel()


# -- partitions ------------------------------------------------------------------


@dataclass(frozen=True)
class Partition:
    index: int
    files: tuple[str, ...]  # as given (iter_files order)
    stamp: str  # digest of the files' names, sizes and times and the model

    def shard_name(self) -> str:
        return f"part-{self.index:05d}-{self.stamp}.jsonl"


def partitions(paths: Iterable[str], model: str, size: int = PARTITION_BYTES) -> list[Partition]:
    """The input files in ``iter_files`` order, cut into runs of about ``size`` bytes."""
    runs: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    total = 0
    for path, given in iter_files(paths):
        if path is None:
            raise ScaleError("--engine dask reads files and folders, not standard input")
        try:
            st = path.stat()
            nbytes, stamp = st.st_size, f"{given}\x1f{st.st_size}\x1f{st.st_mtime_ns}"
        except OSError:
            nbytes, stamp = 0, f"{given}\x1fmissing"
        current.append((given, stamp))
        total += nbytes
        if total >= size:
            runs.append(current)
            current, total = [], 0
    if current:
        runs.append(current)
    return [
        Partition(i, tuple(g for g, _ in run), digest(__version__, model, *(s for _, s in run), length=16))
        for i, run in enumerate(runs)
    ]


def extract_partition(part: Partition, model: str, shards: str | None = None) -> list[dict]:
    """One partition's result as JSON-able lines; from its shard when there is one."""
    if shards:
        done = Path(shards) / part.shard_name()
        if done.is_file():
            return read_shard(done)
    lines: list[dict] = [{"partition": part.index, "files": list(part.files), "model": model}]

    def report(level: str, item: object) -> None:
        lines.append({"report": level, "type": type(item).__name__, "path": item.path, "message": item.message})

    run = run_extraction(part.files, worker_nlp(model), report=report)
    by_article: dict[str, list] = {a.path: [] for a in run.articles}
    for r in run.records:
        by_article[r["article"]].append(r)
    lines.extend({"article": a.to_dict(), "records": by_article[a.path]} for a in run.articles)
    if shards:
        write_shard(Path(shards) / part.shard_name(), lines)
    return lines


def write_shard(path: Path, lines: list[dict]) -> None:
    """Write to a temporary name, then rename: a shard that exists is whole."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def read_shard(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def shard_records(directory: str | os.PathLike) -> Iterator[tuple[dict, list[dict]]]:
    """(article, records) from every shard in a directory, for inspection or reloading."""
    for path in sorted(Path(directory).glob("part-*.jsonl")):
        for line in read_shard(path):
            if "article" in line:
                yield line["article"], line["records"]


# -- the run ---------------------------------------------------------------------


def run_extraction_dask(
    paths: Iterable[str],
    model: str,
    client,
    shards: str | None = None,
    report: Callable[[str, object], None] = lambda level, item: None,
    progress: Callable[[int, int], None] = lambda articles, quotes: None,
    partition_bytes: int = PARTITION_BYTES,
) -> Extraction:
    """``quotes.pipeline.run_extraction`` on a cluster: the same articles, records and reports, in input order."""
    parts = partitions(paths, model, partition_bytes)
    if shards:
        Path(shards).mkdir(parents=True, exist_ok=True)
    run = Extraction()
    if not parts:
        return run
    try:
        client.register_plugin(model_plugin(model))
    except Exception as e:  # the worker's error, raised here
        raise ScaleError(f"the workers cannot load the model: {e}") from None
    bag = db.from_sequence(parts, npartitions=len(parts)).map(extract_partition, model, shards)
    futures = client.compute(bag.to_delayed())
    seen_sources: set[tuple] = set()
    for future in futures:  # in input order; later partitions keep running meanwhile
        for lines in future.result():
            for line in lines:
                _take(line, run, report, seen_sources)
                if "article" in line:
                    progress(1, len(run.records))
    return run


def _take(line: dict, run: Extraction, report: Callable, seen_sources: set) -> None:
    if "article" in line:
        run.articles.append(Article(**line["article"]))
        run.records.extend(line["records"])
        return
    if "report" not in line:
        return  # the header
    item = EVENTS[line["type"]](line["path"], line["message"])
    if Path(item.path).name in SOURCES_FILES:
        # Every partition reading a folder reads its sources.csv: report its problems once, as one process does.
        key = (line["type"], item.path, item.message)
        if key in seen_sources:
            return
        seen_sources.add(key)
    report(run.note(item), item)
