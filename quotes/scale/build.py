"""A database (or ``quotes extract``'s records) from an extraction on a cluster, deduplicated there too.

The pass over speaker names (``quotes.corpus.identity``) and the SQLite
writer run in this process, as in a single-process build; the quote ids come
from ``quotes.scale.dedupe``. The rows are then those a single-process build
writes, and so is the database.
"""

from __future__ import annotations

import os
from pathlib import Path

import dask.bag as db
import sqlite_utils

from ..corpus.dedupe import item_of
from ..corpus.rows import TABLE_ORDER, AssignIds, resolve, table_rows
from ..publish.store import remove_stale_temps, write_tables
from ..record import QuoteRecord
from .dedupe import quote_ids

MENTIONS_PER_PARTITION = 50_000


def dask_assign(client, partition_size: int = MENTIONS_PER_PARTITION) -> AssignIds:
    """An ``assign`` for ``resolve``/``table_rows`` that runs the dedupe passes on ``client``'s cluster."""

    def assign(records: list[QuoteRecord], articles: dict[str, dict]) -> None:
        items = [item_of(r, (articles.get(r["article"]) or {}).get("published")) for r in records]
        if not items:
            return
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        n = max(2 * workers, -(-len(items) // partition_size))
        ids = dict(quote_ids(db.from_sequence(items, npartitions=n)).compute())
        for r, it in zip(records, items, strict=True):
            r["quote_id"] = ids[it.order]

    return assign


def resolve_dask(articles: list[dict], records: list[QuoteRecord], client) -> list[QuoteRecord]:
    """``quotes.corpus.rows.resolve`` with the quote ids found on the cluster."""
    return resolve(articles, records, dask_assign(client))


def write_database_dask(db_path: str | os.PathLike, articles: list[dict], records: list[QuoteRecord], client) -> dict:
    """``quotes.publish.store.write_database`` with the quote ids found on the cluster.

    Written to a temporary file beside the target and renamed into place, as a
    single-process build is.
    """
    target = Path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    rows = table_rows(articles, records, dask_assign(client))
    try:
        database = sqlite_utils.Database(tmp)
        with database.conn:
            write_tables(database, rows)
        database.conn.close()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return {name: len(rows[name]) for name in TABLE_ORDER}
