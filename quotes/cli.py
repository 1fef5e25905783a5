"""The ``quotes`` command line: thin wrappers over the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import DEFAULT_MODEL, __version__

DEFAULT_DB = "db/quotes.db"
SEEDS = "seeds"
CONTRACT_KEYS = ("article", "start", "end", "text", "kind", "speaker", "role", "cue", "quote_id")

model_option = click.option(
    "--model", default=DEFAULT_MODEL, show_default=True, help="Installed spaCy model (package name or path)"
)
workers_option = click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                              help="Processes for parsing")


@click.group()
@click.version_option(__version__, prog_name="quotes")
def cli() -> None:
    """Find, attribute and deduplicate quotes in news articles."""


def _nlp(model: str):
    from .pipeline import ModelError, load_nlp

    try:
        return load_nlp(model)
    except ModelError as e:
        raise click.ClickException(str(e))


def run_extraction(paths: tuple[str, ...], model: str, workers: int, label: str):
    """Read and extract every article; report bad ones; return (articles, records, failed)."""
    from .ingest import IngestError, read_articles
    from .pipeline import extract
    from .progress import progress

    nlp = _nlp(model)
    failed: list[IngestError] = []

    def good_articles():
        for item in read_articles(paths):
            if isinstance(item, IngestError):
                failed.append(item)
                click.echo(f"error: {item}", err=True)
            else:
                yield item

    articles, records = [], []
    with progress(label) as bar:
        for article, recs in extract(nlp, good_articles(), workers=workers):
            articles.append(article)
            records.extend(recs)
            bar.update(1, quotes=len(records))
    return articles, records, failed


def summary(articles, records, failed) -> None:
    click.echo(
        f"{len(articles) + len(failed)} articles read, {len(failed)} failed, {len(records)} quotes found",
        err=True,
    )


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@model_option
@workers_option
def build(paths: tuple[str, ...], db_path: str, model: str, workers: int) -> None:
    """Build a quote database from articles (default: the seeds/ folder).

    Example:

        quotes build seeds/ --db db/quotes.db
    """
    from .store import write_database

    articles, records, failed = run_extraction(paths or (SEEDS,), model, workers, "build")
    counts = write_database(db_path, articles, records)
    summary(articles, records, failed)
    click.echo(f"{db_path}: " + ", ".join(f"{n} {t}" for t, n in counts.items()), err=True)
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@model_option
@workers_option
def extract(paths: tuple[str, ...], model: str, workers: int) -> None:
    """Print every quote occurrence as JSON lines (the build without the database).

    Example:

        quotes extract seeds/001_af60520f71ff48c9.txt
    """
    from .store import derive_rows

    articles, records, failed = run_extraction(paths, model, workers, "extract")
    derive_rows([a.to_dict() for a in articles], records)  # speakers and quote ids, as a build gives them
    for r in records:
        click.echo(json.dumps({k: r.get(k) for k in CONTRACT_KEYS}, ensure_ascii=False))
    summary(articles, records, failed)
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: str, port: int, host: str) -> None:
    """Serve the database with Datasette, read-only, with metadata.yml and the plugin.

    Example:

        quotes serve --db db/quotes.db --port 8001
    """
    import subprocess

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no database; run 'quotes build' first")
    cmd = [sys.executable, "-m", "datasette", "serve", "-i", db_path, "--host", host, "--port", str(port), "--cors"]
    if Path("metadata.yml").exists():
        cmd += ["--metadata", "metadata.yml"]
    raise SystemExit(subprocess.call(cmd))
