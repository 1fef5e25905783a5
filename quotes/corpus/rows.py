"""Every table's rows from articles and extraction records: a pure pass.

``resolve`` is the work across articles (one mention per span, speakers
merged, quote ids assigned); one builder per table turns its output into rows.
Inputs are never changed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from ..ids import digest, slug
from ..record import QuoteRecord
from .dedupe import assign_quote_ids, specificity
from .identity import canonical_speakers, name_aliases

# Sets ``quote_id`` on records in place, given articles by path.
AssignIds = Callable[[list[QuoteRecord], dict[str, dict]], None]

TABLE_ORDER = ("outlets", "articles", "speakers", "speaker_aliases", "speaker_roles", "quotes", "mentions")


def article_id(path: str) -> str:
    return digest(path)


def outlet_id(name: str | None) -> str | None:
    return slug(name) if name else None


def resolve(
    articles: Iterable[dict], records: Iterable[QuoteRecord], assign: AssignIds = assign_quote_ids
) -> list[QuoteRecord]:
    """Copies of ``records`` (one per span of an article) with ``speaker_id``,
    canonical ``speaker``, ``speaker_extracted`` and ``quote_id``.

    ``articles`` give publication dates, which decide a remark's first rendering;
    ``assign`` sets the quote ids (in this process, or on a cluster: ``quotes.scale``).
    """
    seen: set[tuple] = set()
    out: list[QuoteRecord] = []
    for r in records:
        key = (r["article"], r["start"], r["end"])
        if key not in seen:
            seen.add(key)
            copy = dict(r)
            copy.setdefault("speaker_extracted", r.get("speaker"))  # so ``quotes add`` can redo this pass
            out.append(copy)
    canonical_speakers(out)
    assign(out, {a["path"]: a for a in articles})
    return out


def outlet_rows(articles: list[dict]) -> list[dict]:
    outlets = {outlet_id(a["outlet"]): a["outlet"] for a in articles if a.get("outlet")}
    return [{"id": oid, "name": name} for oid, name in sorted(outlets.items())]


def article_rows(articles: list[dict], records: list[QuoteRecord]) -> list[dict]:
    counts = Counter(r["article"] for r in records)
    return sorted(
        (
            {
                "id": article_id(a["path"]),
                "path": a["path"],
                "outlet_id": outlet_id(a.get("outlet")),
                "title": a.get("title"),
                "author": a.get("author"),
                "published": a.get("published"),
                "url": a.get("url"),
                "text": a["text"],
                "n_mentions": counts.get(a["path"], 0),
            }
            for a in articles
        ),
        key=lambda row: row["id"],
    )


def mention_rows(articles: list[dict], records: list[QuoteRecord]) -> list[dict]:
    by_path = {a["path"]: a for a in articles}
    rows = []
    for r in records:
        art = by_path[r["article"]]
        rows.append(
            {
                "id": f"{article_id(r['article'])}:{r['start']}-{r['end']}",
                "article_id": article_id(r["article"]),
                "quote_id": r["quote_id"],
                "speaker_id": r.get("speaker_id"),
                "speaker_name": r.get("speaker"),
                "speaker_mention": r.get("mention"),
                "speaker_extracted": r.get("speaker_extracted"),
                "speaker_kind": r.get("speaker_kind"),
                "role": r.get("role"),
                "kind": r["kind"],
                "cue": r.get("cue"),
                "text": r["text"],
                "start": r["start"],
                "end": r["end"],
                "outlet_id": outlet_id(art.get("outlet")),
                "published": art.get("published"),
            }
        )
    return sorted(rows, key=lambda m: m["id"])


def alias_rows(records: list[QuoteRecord]) -> list[dict]:
    """Every spelling of every speaker's name, with how many mentions used it."""
    aliases: Counter[tuple[str, str]] = Counter()
    for r in records:
        if r.get("speaker_id"):
            for alias in name_aliases(r):
                aliases[(r["speaker_id"], alias)] += 1
    return [{"speaker_id": s, "alias": a, "key": slug(a), "n_mentions": n} for (s, a), n in sorted(aliases.items())]


def role_rows(articles: list[dict], records: list[QuoteRecord]) -> list[dict]:
    """Every role an outlet gave a speaker, with how many mentions gave it."""
    outlet_of = {a["path"]: outlet_id(a.get("outlet")) for a in articles}
    roles: Counter[tuple[str, str, str | None]] = Counter()
    for r in records:
        if r.get("speaker_id") and r.get("role"):
            roles[(r["speaker_id"], r["role"], outlet_of[r["article"]])] += 1
    return [
        {"speaker_id": s, "role": role, "outlet_id": o, "n_mentions": n}
        for (s, role, o), n in sorted(roles.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or ""))
    ]


def speaker_rows(records: list[QuoteRecord], aliases: list[dict], roles: list[dict], outlets: list[dict]) -> list[dict]:
    """One row per speaker, with its spellings and roles as JSON lists."""
    outlet_names = {o["id"]: o["name"] for o in outlets}
    speakers: dict[str, dict] = {}
    for r in records:
        sid = r.get("speaker_id")
        if sid:
            sp = speakers.setdefault(
                sid,
                {"name": r["speaker"], "kind": r.get("speaker_kind") or "person", "n_mentions": 0, "quote_ids": set()},
            )
            sp["n_mentions"] += 1
            sp["quote_ids"].add(r["quote_id"])
    alias_lists = defaultdict(list)
    for row in aliases:
        alias_lists[row["speaker_id"]].append(row["alias"])
    role_lists = defaultdict(list)
    for row in roles:
        role_lists[row["speaker_id"]].append(f"{row['role']} ({outlet_names.get(row['outlet_id'], 'unknown outlet')})")
    return [
        {
            "id": sid,
            "name": sp["name"],
            "kind": sp["kind"],
            "aliases": json.dumps(alias_lists[sid], ensure_ascii=False),
            "roles": json.dumps(role_lists[sid], ensure_ascii=False),
            "n_quotes": len(sp["quote_ids"]),
            "n_mentions": sp["n_mentions"],
        }
        for sid, sp in sorted(speakers.items())
    ]


def quote_speaker(mentions: list[dict]) -> str | None:
    """The most specific speaker a remark's mentions give: a named person or
    organisation over a document over an unnamed source's description over
    nobody; among equals, the one most mentions give, then the first by id."""
    counts = Counter(m["speaker_id"] for m in mentions if m["speaker_id"])
    kinds = {m["speaker_id"]: m.get("speaker_kind") for m in mentions if m["speaker_id"]}
    if not counts:
        return None
    return min(counts, key=lambda sid: (-specificity(sid, kinds[sid]), -counts[sid], sid))


def quote_rows(mentions: list[dict], outlets: list[dict]) -> list[dict]:
    """One row per remark: the fullest rendering, its most specific speaker, first seen, outlet and mention counts."""
    outlet_names = {o["id"]: o["name"] for o in outlets}
    groups: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        groups[m["quote_id"]].append(m)
    rows = []
    for qid in sorted(groups):
        ms = groups[qid]
        fullest = max(ms, key=lambda m: (len(m["text"]), m["kind"] == "direct", m["id"]))
        first = min(ms, key=lambda m: (m["published"] or "9999", m["id"]))
        outlet_ids = sorted({m["outlet_id"] for m in ms if m["outlet_id"]})
        rows.append(
            {
                "id": qid,
                "text": fullest["text"],
                "speaker_id": quote_speaker(ms),
                "first_seen": first["published"],
                "first_outlet_id": first["outlet_id"],
                "first_article_id": first["article_id"],
                "n_outlets": len(outlet_ids),
                "n_mentions": len(ms),
                "outlets": json.dumps([outlet_names[o] for o in outlet_ids], ensure_ascii=False),
            }
        )
    return rows


def table_rows(
    articles: Iterable[dict], records: Iterable[QuoteRecord], assign: AssignIds = assign_quote_ids
) -> dict[str, list[dict]]:
    """Rows for every table, keyed by table name (in ``TABLE_ORDER``)."""
    articles = list(articles)
    resolved = resolve(articles, records, assign)
    outlets = outlet_rows(articles)
    mentions = mention_rows(articles, resolved)
    aliases = alias_rows(resolved)
    roles = role_rows(articles, resolved)
    return {
        "outlets": outlets,
        "articles": article_rows(articles, resolved),
        "speakers": speaker_rows(resolved, aliases, roles, outlets),
        "speaker_aliases": aliases,
        "speaker_roles": roles,
        "quotes": quote_rows(mentions, outlets),
        "mentions": mentions,
    }
