"""``quote_id``s on a Dask cluster: the passes of ``quotes.corpus.dedupe`` as hash shuffles.

1. Mentions with a named speaker or a document are shuffled by speaker, and
   each block is clustered where it lands (``cluster_items``); the others are
   clusters of one.
2. Bridges: the keys of the vaguer mentions (documents, unnamed sources,
   nobody) are gathered as a sorted array of 64-bit digests and sent to every
   worker; every mention emits the keys of its own that are in it, the
   emissions are shuffled by key, and each key's group gives its matched
   pairs (``key_pairs``, ``bridge_closeness``). Only the vaguer mentions'
   keys and the mentions sharing them move.
3. The joins: the matched pairs and the members of the pass-1 clusters they
   touch (not the corpus) come to one process for ``join_bridges``, whose
   result (which cluster now starts where) goes back to the workers.

The same functions on the same groups: the ids equal the in-process pass's.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from operator import getitem

import dask.bag as db
import numpy as np
from dask import delayed

from ..corpus.dedupe import (
    BRIDGE_CAP,
    Item,
    Match,
    Order,
    block_key,
    bridge_closeness,
    bridge_keys,
    cluster_items,
    gc_paused,
    is_weak,
    join_bridges,
    key_pairs,
    quote_id_of,
)


def stable_hash(key: Hashable) -> int:
    """A hash that is the same in every process (Python's ``hash`` of a str is not)."""
    return key if isinstance(key, int) else zlib.crc32(repr(key).encode("utf-8"))


def shuffle(bag: db.Bag, key: Callable, npartitions: int) -> db.Bag:
    """``bag`` repartitioned so that all elements with one ``key`` share a partition.

    Each input partition is split into ``npartitions`` buckets where it lies;
    output partition ``j`` gathers bucket ``j`` of every input, so each
    element moves once and no process holds more than its partitions.
    """

    def split(part: Iterable) -> list[list]:
        buckets: list[list] = [[] for _ in range(npartitions)]
        for x in part:
            buckets[stable_hash(key(x)) % npartitions].append(x)
        return buckets

    def gather(*buckets: list) -> list:
        return [x for b in buckets for x in b]

    splits = [delayed(split)(p) for p in bag.to_delayed()]
    return db.from_delayed([delayed(gather)(*[delayed(getitem)(s, j) for s in splits]) for j in range(npartitions)])


def _cluster_blocks(part: list[Item]) -> list[tuple[Item, Order]]:
    """Pass 1 over the blocks that landed in one partition."""
    blocks: dict[tuple, list[Item]] = defaultdict(list)
    for it in part:
        blocks[block_key(it)].append(it)
    out = []
    with gc_paused():
        for members in blocks.values():
            by_order = {it.order: it for it in members}
            out.extend((by_order[order], first) for order, first in cluster_items(members))
    return out


def _weak_keys(part: list[Item]) -> list[np.ndarray]:
    keys = {k for it in part if is_weak(it) for k in bridge_keys(it)}
    return [np.fromiter(keys, dtype=np.uint64, count=len(keys))]


def _found(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each of ``keys`` stands in the sorted ``wanted`` (-1 where it is not there)."""
    if not len(keys) or not len(wanted):
        return np.full(len(keys), -1)
    at = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
    return np.where(wanted[at] == keys, at, -1)


def _key_counts(part: list[tuple[Item, Order]], wanted: np.ndarray) -> list[np.ndarray]:
    """How many mentions of the partition have each of the ``wanted`` keys."""
    keys = np.fromiter((k for it, _ in part for k in bridge_keys(it)), dtype=np.uint64)
    at = _found(keys, wanted)
    return [np.bincount(at[at >= 0], minlength=len(wanted))]


def _emit(part: list[tuple[Item, Order]], rare: np.ndarray) -> list[tuple[int, Item, Order, bool]]:
    """(key, item, cluster first, weak?) for each of a mention's keys among the ``rare`` ones."""
    rows = [(it, first, bridge_keys(it)) for it, first in part]
    keys = np.fromiter((k for _, _, ks in rows for k in ks), dtype=np.uint64)
    keep = set(keys[_found(keys, rare) >= 0].tolist())
    return [(k, it, first, is_weak(it)) for it, first, ks in rows for k in ks if k in keep]


def _matches(part: list[tuple[int, Item, Order, bool]]) -> list[tuple[Match, Order, Order]]:
    """Pass 2's matched pairs of the keys in one partition, with both clusters' first orders."""
    groups: dict[int, dict[Order, tuple[Item, Order, bool]]] = defaultdict(dict)
    for k, it, first, weak in part:
        groups[k][it.order] = (it, first, weak)
    out = {}
    seen: set[tuple[Order, Order]] = set()
    cache: dict = {}
    for members in groups.values():
        for a, b in key_pairs([(order, weak) for order, (_, _, weak) in members.items()]):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            (ia, fa, _), (ib, fb, _) = members[a], members[b]
            c = bridge_closeness(ia, ib, cache)
            if c is not None:
                out[(a, b)] = ((a, b, c), fa, fb)
    return list(out.values())


def quote_ids(items: db.Bag, npartitions: int | None = None, stats: dict | None = None) -> db.Bag:
    """A bag of ``(order, quote_id)`` for the ``Item``s of ``items`` (all mentions of the corpus).

    Computes the bridge keys and the joins eagerly (they are small); the
    result is a lazy bag over the clusters persisted on the workers.
    ``stats``, if given, hears what came to this process: keys, matched pairs, members.
    """
    n = npartitions or items.npartitions
    named = items.filter(lambda it: block_key(it) is not None)
    single = items.filter(lambda it: block_key(it) is None).map(lambda it: (it, it.order))
    blocks = shuffle(named, block_key, n).map_partitions(_cluster_blocks)
    # Partitions as lists, not lazy iterators: persisted, they are read more than once.
    firsts = db.concat([blocks, single]).map_partitions(list).persist()

    # The keys weak mentions have, then those of them no more than BRIDGE_CAP mentions share:
    # only these can give a pair, so only these move.
    parts = items.map_partitions(_weak_keys).compute()
    wanted = np.unique(np.concatenate(parts)) if parts else np.array([], dtype=np.uint64)
    # (The broadcast futures are held in variables: a future nobody holds is released.)
    wanted_there = _broadcast(wanted)
    counts = firsts.map_partitions(_key_counts, wanted_there).compute()
    rare = wanted[np.sum(counts, axis=0) <= BRIDGE_CAP] if len(wanted) else wanted
    rare_there = _broadcast(rare)
    emitted = firsts.map_partitions(_emit, rare_there)
    found = shuffle(emitted, lambda e: e[0], n).map_partitions(_matches).compute()
    del wanted_there, rare_there
    matches = sorted({m for m, _, _ in found})
    touched = {f for _, fa, fb in found for f in (fa, fb)}
    members = firsts.filter(lambda x: x[1] in touched).compute() if touched else []
    with gc_paused():
        moved = join_bridges(members, matches)
    if stats is not None:
        stats.update(
            weak_keys=len(wanted), rare_keys=len(rare), matched_pairs=len(matches), joined_members=len(members)
        )
    return firsts.map(lambda x: (x[0].order, quote_id_of(moved.get(x[1], x[1]))))


def _broadcast(array: np.ndarray):
    """``array`` sent once to every worker (a future), or itself without a distributed client."""
    try:
        from distributed import get_client

        return get_client().scatter(array, broadcast=True)
    except (ImportError, ValueError):
        return array
