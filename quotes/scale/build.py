"""Quote ids found on a cluster, for a build or ``quotes extract`` whose extraction ran there.

``dask_assign(client)`` is the ``assign`` of ``quotes.corpus.rows.resolve`` and
``quotes.publish.store.write_database``: the pass over speaker names and the
SQLite writer run in this process, as in a single-process build; the quote ids
come from ``quotes.scale.dedupe``. The rows, and so the database, are those a
single-process build writes.
"""

from __future__ import annotations

import dask.bag as db

from ..corpus.dedupe import item_of
from ..corpus.rows import AssignIds
from ..record import QuoteRecord
from .dedupe import quote_ids

MENTIONS_PER_PARTITION = 50_000  # mentions a dedupe partition holds


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
