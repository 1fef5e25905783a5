"""The ``quotes`` command line: thin wrappers over the library."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import DEFAULT_MODEL, __version__

if TYPE_CHECKING:
    from .publish.store import Stored

DEFAULT_DB = "db/quotes.db"

db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite database file",
)
model_option = click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    help="Installed spaCy pipeline with a parser and an entity recognizer (package name or path)",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine, --workers processes; dask: a Dask cluster (the dask extra)",
)
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: a running dask.distributed scheduler (default: a local cluster of --workers processes)",
)
shards_option = click.option(
    "--shards",
    type=click.Path(file_okay=False),
    help="With --engine dask: keep each partition's mentions here as JSON lines; a re-run reloads them",
)
workers_option = click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes for parsing",
)
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))


@click.group()
@click.version_option(__version__, prog_name="quotes")
def cli() -> None:
    """Find, attribute and deduplicate quotes in news articles."""


class Interrupted(click.ClickException):
    exit_code = 130  # the shell's code for a run stopped by Ctrl-C


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C is one line and exit 130: a build or add writes atomically, so nothing was written."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted("interrupted; nothing was written") from None


@contextmanager
def _engine(engine: str, scheduler: str | None, workers: int, shards: str | None):
    """None for this machine; a Dask client for ``--engine dask`` (closed, with its local cluster, on exit)."""
    if engine != "dask":
        if scheduler or shards:
            raise click.ClickException("--scheduler and --shards go with --engine dask")
        yield None
        return
    from .scale.cluster import ScaleError, dask_client

    try:
        with dask_client(scheduler, workers) as client:
            yield client
    except ScaleError as e:
        raise click.ClickException(str(e)) from None


def _check_target(db_path: str, paths: tuple[str, ...], existing: bool = False) -> None:
    """Refuse a target that must not or cannot be written, before any work."""
    from .targets import TargetError, check_target

    try:
        check_target(db_path, paths, existing=existing)
    except TargetError as e:
        raise click.ClickException(f"{db_path}: {e}") from None


def _extract(paths: tuple[str, ...], model: str, workers: int, label: str, client=None, shards: str | None = None):
    """Run the extraction with errors and warnings on stderr and a progress bar (on ``client``'s cluster if given)."""
    from .pipeline import ModelError, load_nlp, run_extraction
    from .progress import progress

    def report(level: str, item: object) -> None:
        click.echo(f"{level}: {item}", err=True)

    if client is not None:
        from .scale.cluster import ScaleError
        from .scale.extract import run_extraction_dask

        with _interruptible(), progress(label) as bar:
            try:
                return run_extraction_dask(
                    paths, model, client, shards, report, lambda n, quotes: bar.update(n, quotes=quotes)
                )
            except ScaleError as e:
                raise click.ClickException(str(e)) from None
    with _interruptible():
        try:
            nlp = load_nlp(model)
        except ModelError as e:
            raise click.ClickException(str(e)) from None
        with progress(label) as bar:
            return run_extraction(paths, nlp, workers, report, lambda n, quotes: bar.update(n, quotes=quotes))


def _write(db_path: str, write: Callable[..., Stored], *args, **kwargs) -> Stored:
    """Write with ``write`` (which writes all or nothing); a failure is one line naming the database."""
    from .publish.store import StoreError

    with _interruptible():
        try:
            return write(db_path, *args, **kwargs)
        except StoreError as e:
            raise click.ClickException(str(e)) from None
        except (sqlite3.Error, OSError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            raise click.ClickException(
                f"{db_path}: cannot write the database ({reason}); nothing was written"
            ) from None


def _stored(db_path: str, stored) -> None:
    """What became of articles not simply added (already there, replaced, read twice), then the row counts."""
    for line in [*stored.merge.messages(), *stored.notes]:
        click.echo(line, err=True)
    if stored.merge.changes:
        click.echo(f"{db_path}: " + ", ".join(f"{n} {t}" for t, n in stored.counts.items()), err=True)
    else:
        click.echo(f"{db_path}: unchanged", err=True)


@cli.command()
@paths_argument
@db_option
@model_option
@workers_option
@engine_option
@scheduler_option
@shards_option
def build(
    paths: tuple[str, ...],
    db_path: str,
    model: str,
    workers: int,
    engine: str,
    scheduler: str | None,
    shards: str | None,
) -> None:
    """Build a quote database from articles: files, folders (read recursively) or - for stdin.

    \b
    Examples:
        quotes build seeds/ --db db/quotes.db
        quotes build archive/ --engine dask --scheduler tcp://10.0.0.5:8786 --shards shards/
    """
    from .publish.store import write_database

    _check_target(db_path, paths)
    with _engine(engine, scheduler, workers, shards) as client:
        run = _extract(paths, model, workers, "build", client, shards)
        click.echo(run.summary(), err=True)
        if not run.articles:
            raise click.ClickException(f"no articles read; {db_path} left as it was")
        ids = {}
        if client is not None:
            from .scale.build import dask_assign

            ids = {"assign": dask_assign(client)}
        _stored(db_path, _write(db_path, write_database, run.articles, run.records, **ids))
    if not run.ok:
        sys.exit(1)


@cli.command()
@paths_argument
@model_option
@workers_option
@engine_option
@scheduler_option
@shards_option
def extract(
    paths: tuple[str, ...], model: str, workers: int, engine: str, scheduler: str | None, shards: str | None
) -> None:
    """Print every quote occurrence as JSON lines (the build without the database).

    \b
    Examples:
        quotes extract seeds/001_af60520f71ff48c9.txt
        quotes extract archive/ --engine dask --workers 4 --shards shards/
    """
    from .corpus.rows import resolve
    from .record import CONTRACT_KEYS

    with _engine(engine, scheduler, workers, shards) as client:
        run = _extract(paths, model, workers, "extract", client, shards)
        articles = [a.to_dict() for a in run.articles]
        if client is None:
            resolved = resolve(articles, run.records)  # speakers and ids as a build gives them
        else:
            from .scale.build import dask_assign

            resolved = resolve(articles, run.records, dask_assign(client))
    for r in resolved:
        click.echo(json.dumps({k: r.get(k) for k in CONTRACT_KEYS}, ensure_ascii=False))
    click.echo(run.summary(), err=True)
    if not run.ok:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, help="Port to listen on")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on")
@click.option(
    "--metadata",
    "metadata_path",
    default="metadata.yml",
    show_default=True,
    help="Datasette metadata (titles, descriptions, facets, canned queries)",
)
def serve(db_path: str, port: int, host: str, metadata_path: str) -> None:
    """Serve the database with Datasette, read-only, with metadata.yml and the plugin.

    The site shows what 'quotes add' and 'quotes build' write to the database
    while it runs, without a restart and without an error page.

    \b
    Example:
        quotes serve --db db/quotes.db --port 8001
    """
    from .publish.settings import setting_args
    from .publish.store import StoreError, prepare_to_serve

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no database; run 'quotes build' first")
    try:
        prepare_to_serve(db_path)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    # Mutable, not immutable (-i): Datasette opens it read-only and sees each update whole.
    cmd = [sys.executable, "-m", "datasette", "serve", db_path, "--host", host, "--port", str(port), "--cors"]
    cmd += setting_args()
    if Path(metadata_path).exists():
        cmd += ["--metadata", metadata_path]
    elif metadata_path != "metadata.yml":
        raise click.ClickException(f"{metadata_path}: no such metadata file")
    sys.stdout.flush()
    os.execv(sys.executable, cmd)  # become Datasette: signals reach the server itself


@cli.command()
@paths_argument
@db_option
@model_option
@workers_option
def add(paths: tuple[str, ...], db_path: str, model: str, workers: int) -> None:
    """Add articles to an existing database, all of them or none.

    Their quotes join the quotes already there. An article is known by its
    URL, or its text when it has none: one already there is left alone, a
    new version (same URL or same file, new text) replaces the old. Safe
    while 'quotes serve' is serving the database.

    \b
    Example:
        quotes add new/2024-06-19/ --db db/quotes.db
    """
    from .publish.store import add_to_database

    _check_target(db_path, paths, existing=True)
    run = _extract(paths, model, workers, "add")
    if run.failed:
        total = len(run.failed) + len(run.articles)
        raise click.ClickException(f"{len(run.failed)} of {total} articles failed; nothing added")
    if run.unread:
        raise click.ClickException(f"{len(run.unread)} of the paths given could not be read; nothing added")
    stored = _write(db_path, add_to_database, run.articles, run.records)
    click.echo(run.summary(), err=True)
    _stored(db_path, stored)


@cli.command()
@click.argument("gold_paths", metavar="GOLD", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@model_option
@click.option("--show-errors", is_flag=True, help="List misses, false positives and wrong speakers, roles, kinds")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON")
@click.option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory the gold's article paths are relative to (the repository)",
)
@click.option(
    "--predictions",
    "predictions_path",
    type=click.Path(dir_okay=False),
    help="Score the records of this JSON-lines file (another tool's, or a saved 'quotes extract') "
    "instead of running the extractor",
)
def evaluate(
    gold_paths: tuple[str, ...], model: str, show_errors: bool, as_json: bool, root: str, predictions_path: str | None
) -> None:
    """Measure extraction against hand-made gold quotes (JSON lines).

    Runs the real extraction over the gold's articles (paths relative to
    --root, the repository), or reads --predictions, and prints precision,
    recall, F1, speaker accuracy and role accuracy.

    \b
    Examples:
        quotes evaluate tests/gold/seeds.jsonl --show-errors
        quotes evaluate tests/gold/seeds.jsonl --predictions other-tool.jsonl
    """
    from .evaluate import (
        EvaluateError,
        gold_problems,
        predict,
        read_gold,
        read_predictions,
        report_lines,
    )
    from .evaluate import (
        evaluate as score,
    )
    from .pipeline import ModelError, load_nlp

    try:
        gold = read_gold(gold_paths)
        if not gold:
            raise EvaluateError(f"{', '.join(gold_paths)}: no gold records")

        def article_text(path: str) -> str | None:
            p = Path(root) / path
            return p.read_bytes().decode("utf-8") if p.is_file() else None

        problems = gold_problems(gold, article_text)
        if problems:
            raise EvaluateError(
                f"gold does not fit its articles under {root}/: {problems[0]} ({len(problems)} problems)"
            )
        if predictions_path:
            predicted = read_predictions(predictions_path)
        else:
            predicted = predict(load_nlp(model), (g["article"] for g in gold), root)
    except (EvaluateError, ModelError, UnicodeDecodeError) as e:
        raise click.ClickException(str(e)) from None
    report = score(predicted, gold)
    if as_json:
        if not show_errors:
            report.pop("errors")
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in report_lines(report, show_errors):
            click.echo(line)
