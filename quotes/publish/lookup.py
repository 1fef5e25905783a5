"""Finding a speaker by a name as a reader types it.

``Dmitry Peskov``, ``dmitry peskov``, ``Mr Peskov``, ``Peskov`` and ``Dmitri
Peskov`` all find Dmitry Peskov: spellings are compared folded (as
``speaker_aliases.key``), honorifics are dropped, a surname finds the one
speaker who carries it, and a first name may be spelt differently when the
surname agrees. When nothing matches, the close spellings are offered instead,
never silently taken.

Works on a plain ``sqlite3`` connection, so the same look-up serves the site's
pages and the canned queries (through the ``quotes_speaker_ids`` SQL function).
"""

from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass

from ..ids import slug
from ..names import name_tokens

# A first name spelt differently still names the same person at this similarity (Dmitri / Dmitry: 0.83).
FIRST_NAME_SIMILARITY = 0.75
# Spellings at least this close are offered when nothing matches.
CLOSE_SIMILARITY = 0.6
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class Match:
    speaker_id: str
    name: str
    kind: str | None
    alias: str  # the spelling that matched
    score: float


@dataclass(frozen=True)
class Lookup:
    query: str
    found: tuple[Match, ...]  # the speakers the name names
    close: tuple[Match, ...]  # offered when nothing is found


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _first_names_agree(query: str, alias: str) -> bool:
    """``dmitri`` / ``dmitry``, ``d`` / ``dmitry``: the same first name, spelt or shortened differently."""
    if query == alias:
        return True
    if len(query) == 1 or len(alias) == 1:
        return query[0] == alias[0]
    return _similar(query, alias) >= FIRST_NAME_SIMILARITY


def _speakers(conn: sqlite3.Connection, rows: list[tuple[str, str, float]]) -> list[Match]:
    """One match per speaker (its best spelling), best first."""
    best: dict[str, tuple[str, float]] = {}
    for speaker_id, alias, score in rows:
        if speaker_id not in best or score > best[speaker_id][1]:
            best[speaker_id] = (alias, score)
    if not best:
        return []
    ids = list(best)
    names = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            f"select id, name, kind from speakers where id in ({', '.join('?' * len(ids))})",
            ids,
        )
    }
    matches = [
        Match(sid, names[sid][0], names[sid][1], alias, round(score, 3))
        for sid, (alias, score) in best.items()
        if sid in names
    ]
    return sorted(matches, key=lambda m: (-m.score, m.name, m.speaker_id))


def find_speakers(conn: sqlite3.Connection, name: str | None, limit: int = 5) -> Lookup:
    """The speakers ``name`` names, or (when none) up to ``limit`` close spellings."""
    name = " ".join((name or "").split())
    tokens = [slug(t) for t in name_tokens(name)] if name else []
    tokens = [t for t in tokens if t]
    if not tokens:
        return Lookup(name, (), ())
    keys = list(dict.fromkeys([slug(name), "-".join(tokens)]))
    marks = ", ".join("?" * len(keys))
    exact = conn.execute(
        f"select speaker_id, alias, 1.0 from speaker_aliases where key in ({marks})"
        f" union all select id, name, 1.0 from speakers where id in ({marks})",
        keys + keys,
    ).fetchall()
    if exact:
        return Lookup(name, tuple(_speakers(conn, exact)), ())

    surname = tokens[-1]
    by_surname = conn.execute(
        "select speaker_id, alias, key from speaker_aliases where key = ? or key like ? limit ?",
        [surname, "%-" + surname, MAX_CANDIDATES],
    ).fetchall()
    if len(tokens) > 1:
        agreeing = [
            (sid, alias, _similar("-".join(tokens), key))
            for sid, alias, key in by_surname
            if "-" in key and _first_names_agree(tokens[0], key.split("-", 1)[0])
        ]
        if agreeing:
            return Lookup(name, tuple(_speakers(conn, agreeing)), ())
    elif len(surname) >= 3 and len({sid for sid, _, _ in by_surname}) == 1:
        return Lookup(name, tuple(_speakers(conn, [(sid, alias, 1.0) for sid, alias, _ in by_surname])), ())

    return Lookup(name, (), tuple(close_matches(conn, tokens, by_surname)[:limit]))


def close_matches(conn: sqlite3.Connection, tokens: list[str], extra: list[tuple]) -> list[Match]:
    """Spellings that share a start or an end with a word of the name, ranked by similarity."""
    wanted = "-".join(tokens)
    clauses, params = [], []
    for token in tokens:
        if len(token) >= 3:
            clauses += ["key like ?", "key like ?", "key like ?"]
            params += [token[:3] + "%", "%-" + token[:3] + "%", "%" + token[-3:]]
    rows = list(extra)
    if clauses:
        rows += conn.execute(
            f"select speaker_id, alias, key from speaker_aliases where {' or '.join(clauses)} limit ?",
            params + [MAX_CANDIDATES],
        ).fetchall()
    scored = []
    for sid, alias, key in rows:
        score = _similar(wanted, key)
        if len(tokens) == 1:
            score = max([score] + [_similar(wanted, part) for part in key.split("-")])
        if score >= CLOSE_SIMILARITY:
            scored.append((sid, alias, score))
    return _speakers(conn, scored)
