"""Every table's rows from articles and extraction records: a pure pass.

``resolve`` is the work across articles (one mention per span, speakers
merged, quote ids assigned); one builder per table turns its output into rows.
Inputs are never changed.

An article is identified by its URL when it has one, otherwise by its text
(``article_key``), never by the path it was read from: the path is where it
came from, not what it is. Records find their article by ``article_id`` (or,
within one batch of input, by path).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from ..ids import digest, slug
from ..record import QuoteRecord
from .dedupe import assign_quote_ids, specificity
from .identity import canonical_speakers, name_aliases

# Sets ``quote_id`` on records in place, given articles by path.
AssignIds = Callable[[list[QuoteRecord], dict[str, dict]], None]

TABLE_ORDER = ("outlets", "articles", "speakers", "speaker_aliases", "speaker_roles", "quotes", "mentions")
METADATA = ("title", "outlet", "author", "published", "url")

# A record of a JSON lines file or of stdin (``feed.jsonl:12``, ``-:3``, ``-``): a line
# number is no article's identity, so only files are versions of what was read there before.
_NOT_A_FILE = re.compile(r"-|(?:-|.+\.(?:jsonl|ndjson|json)):\d+", re.IGNORECASE)


def normalised_text(text: str) -> str:
    """The text as identity sees it: Unicode NFC, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def canonical_url(url: str | None) -> str | None:
    """An http(s) URL as an identity (host, port, path, query; no scheme, fragment or final slash).

    ``None`` for anything else: a ``javascript:`` link or a bare word identifies nothing.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname if port in (None, 80, 443) else f"{parts.hostname}:{port}"
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def article_key(article: dict) -> str:
    """What makes two inputs one article: the same URL, or (without one) the same text."""
    return _key(article.get("url"), article["text"])


@lru_cache(maxsize=4096)  # a build asks for each article's id a few times
def _key(url: str | None, text: str) -> str:
    canonical = canonical_url(url)
    if canonical:
        return f"url {canonical}"
    return f"text {digest(normalised_text(text), length=40)}"


def article_id(article: dict) -> str:
    """Stable across builds and wherever the file was read from."""
    return digest(article_key(article))


def file_place(path: str) -> str | None:
    """The file an article was read from, for telling a new version of it; ``None`` for a record."""
    return None if _NOT_A_FILE.fullmatch(path) else path


def _version(article: dict) -> tuple:
    return (normalised_text(article["text"]), *(article.get(k) for k in METADATA))


def _natural(path: str) -> tuple:
    """``feed.jsonl:9`` before ``feed.jsonl:10``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", path))


def _preference(article: dict) -> tuple:
    """Of two inputs that are one article, the one kept: the latest published, the one with
    more metadata, the later path (a feed's later line); the text breaks any tie."""
    return (
        article.get("published") or "",
        sum(bool(article.get(k)) for k in METADATA),
        _natural(article["path"]),
        article["text"],
    )


def distinct_articles(articles: Iterable[dict]) -> tuple[list[dict], list[tuple[dict, dict]]]:
    """One article per identity (the same whatever order they come in), in the order they
    first came; and (left out, kept) pairs."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        groups[article_key(a)].append(a)
    kept, left_out = [], []
    for group in groups.values():
        best = max(group, key=_preference)
        kept.append(best)
        left_out.extend((a, best) for a in group if a is not best)
    return kept, left_out


@dataclass
class Merge:
    """Articles to store, and what became of each input: a new version replaces the old,
    the same article again changes nothing, the same article twice is counted once."""

    kept: list[dict] = field(default_factory=list)  # stored articles that stay
    added: list[dict] = field(default_factory=list)  # articles to write
    unchanged: list[tuple[dict, dict]] = field(default_factory=list)  # (input, the stored same article)
    replaced: list[tuple[dict, dict]] = field(default_factory=list)  # (input, the stored version it replaces)
    duplicates: list[tuple[dict, dict]] = field(default_factory=list)  # (left out, the one kept)
    dropped: list[dict] = field(default_factory=list)  # stored articles that were another's copy

    @property
    def changes(self) -> bool:
        """Does the database change?"""
        return bool(self.added or self.replaced or self.dropped)

    def messages(self) -> list[str]:
        """One line per input that was not simply added."""

        def also(path: str, other: str) -> str:
            return "" if path == other else f" (as {other})"

        return (
            [f"{n['path']}: already in the database{also(n['path'], o['path'])}" for n, o in self.unchanged]
            + [f"{n['path']}: new version of {o['path']}, which it replaces" for n, o in self.replaced]
            + [f"{d['path']}: the same article as {k['path']}; stored once" for d, k in self.duplicates]
        )


def merge_articles(
    stored: Iterable[dict], new: Iterable[dict], place: Callable[[str], str | None] = file_place
) -> Merge:
    """What adding ``new`` articles to ``stored`` ones gives.

    A new article with a stored one's identity (``article_key``) is that
    article again: unchanged if its text and metadata are, else its new
    version (a copy of a stored text read from another file is the build's
    choice between the two). A new article read from the file (``place``) a
    stored one was read from replaces it too.
    """
    stored_kept, stored_twice = distinct_articles(stored)  # databases built before identity by content
    new_kept, new_twice = distinct_articles(new)
    merge = Merge(duplicates=stored_twice + new_twice, dropped=[a for a, _ in stored_twice])
    by_key = {article_key(a): a for a in stored_kept}
    by_place: dict[str, list[dict]] = defaultdict(list)
    for a in stored_kept:
        if where := place(a["path"]):
            by_place[where].append(a)
    gone: set[int] = set()
    for n in new_kept:
        key, where = article_key(n), place(n["path"])
        old = by_key.get(key)
        if old is not None and id(old) not in gone:
            if _version(old) == _version(n):
                merge.unchanged.append((n, old))
                continue
            if key.startswith("text ") and where != place(old["path"]) and _preference(old) > _preference(n):
                merge.duplicates.append((n, old))
                continue
            merge.replaced.append((n, old))
            gone.add(id(old))
        for o in by_place.get(where, []) if where else []:
            if id(o) not in gone:
                merge.replaced.append((n, o))
                gone.add(id(o))
        merge.added.append(n)
    merge.kept = [a for a in stored_kept if id(a) not in gone]
    return merge


def link_records(articles: Iterable[dict], records: Iterable[QuoteRecord]) -> list[QuoteRecord]:
    """Copies of ``records`` that name their article by ``article_id``; records that do
    not yet are linked by path, which is unique within one batch of input."""
    by_path = {a["path"]: a for a in articles}
    return [r if r.get("article_id") else {**r, "article_id": article_id(by_path[r["article"]])} for r in records]


def outlet_id(name: str | None) -> str | None:
    return slug(name) if name else None


def resolve(
    articles: Iterable[dict], records: Iterable[QuoteRecord], assign: AssignIds = assign_quote_ids
) -> list[QuoteRecord]:
    """Copies of ``records`` (one per span of an article) with ``article_id``, ``speaker_id``,
    canonical ``speaker``, ``speaker_extracted`` and ``quote_id``.

    ``articles`` give publication dates, which decide a remark's first rendering;
    ``assign`` sets the quote ids (in this process, or on a cluster: ``quotes.scale``).
    Speakers and quote ids see articles by id, so they do not depend on paths.
    """
    articles = list(articles)
    by_id = {article_id(a): a for a in articles}
    out, paths = spans(articles, records)
    canonical_speakers(out)
    assign(out, by_id)
    for copy, path in zip(out, paths, strict=True):
        copy["article"] = path
    return out


def spans(articles: list[dict], records: Iterable[QuoteRecord]) -> tuple[list[QuoteRecord], list[str]]:
    """Copies of ``records``, one per span of an article, that name their article by id in
    ``article`` (as the passes across articles see them); and the path each came from."""
    seen: set[tuple] = set()
    out: list[QuoteRecord] = []
    paths: list[str] = []
    for r in link_records(articles, records):
        key = (r["article_id"], r["article"], r["start"], r["end"])  # two files of one text both count in extract
        if key not in seen:
            seen.add(key)
            copy = dict(r)
            copy.setdefault("speaker_extracted", r.get("speaker"))  # so ``quotes add`` can redo this pass
            paths.append(copy["article"])
            copy["article"] = copy["article_id"]
            out.append(copy)
    return out, paths


def outlet_rows(articles: list[dict]) -> list[dict]:
    outlets = {outlet_id(a["outlet"]): a["outlet"] for a in articles if a.get("outlet")}
    return [{"id": oid, "name": name} for oid, name in sorted(outlets.items())]


def article_rows(articles: list[dict], records: list[QuoteRecord]) -> list[dict]:
    counts = Counter(r["article_id"] for r in records)
    return sorted(
        (
            {
                "id": article_id(a),
                "path": a["path"],
                "outlet_id": outlet_id(a.get("outlet")),
                "title": a.get("title"),
                "author": a.get("author"),
                "published": a.get("published"),
                "url": a.get("url"),
                "text": a["text"],
                "n_mentions": counts.get(article_id(a), 0),
            }
            for a in articles
        ),
        key=lambda row: row["id"],
    )


def mention_rows(articles: list[dict], records: list[QuoteRecord]) -> list[dict]:
    by_id = {article_id(a): a for a in articles}
    rows = []
    for r in records:
        art = by_id[r["article_id"]]
        rows.append(
            {
                "id": f"{r['article_id']}:{r['start']}-{r['end']}",
                "article_id": r["article_id"],
                "quote_id": r["quote_id"],
                "speaker_id": r.get("speaker_id"),
                "speaker_name": r.get("speaker"),
                "speaker_mention": r.get("mention"),
                "speaker_extracted": r.get("speaker_extracted"),
                "speaker_kind": r.get("speaker_kind"),
                "speaker_owner": r.get("owner"),
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


def alias_counts(records: Iterable[QuoteRecord]) -> Counter[tuple[str, str]]:
    """How many mentions use each spelling of each speaker's name: (speaker id, alias) -> count."""
    aliases: Counter[tuple[str, str]] = Counter()
    for r in records:
        if r.get("speaker_id"):
            for alias in name_aliases(r):
                aliases[(r["speaker_id"], alias)] += 1
    return aliases


def alias_row(speaker_id: str, alias: str, n: int) -> dict:
    return {"speaker_id": speaker_id, "alias": alias, "key": slug(alias), "n_mentions": n}


def alias_rows(records: list[QuoteRecord]) -> list[dict]:
    """Every spelling of every speaker's name, with how many mentions used it."""
    return [alias_row(s, a, n) for (s, a), n in sorted(alias_counts(records).items())]


def role_counts(
    records: Iterable[QuoteRecord], outlet_of: dict[str, str | None]
) -> Counter[tuple[str, str, str | None]]:
    """How many mentions give each speaker each role in each outlet (``outlet_of``: article id -> outlet id)."""
    roles: Counter[tuple[str, str, str | None]] = Counter()
    for r in records:
        if r.get("speaker_id") and r.get("role"):
            roles[(r["speaker_id"], r["role"], outlet_of[r["article_id"]])] += 1
    return roles


def role_order(row: dict) -> tuple:
    return (row["speaker_id"], row["role"], row["outlet_id"] or "")


def role_rows(articles: list[dict], records: list[QuoteRecord]) -> list[dict]:
    """Every role an outlet gave a speaker, with how many mentions gave it."""
    outlet_of = {article_id(a): outlet_id(a.get("outlet")) for a in articles}
    rows = [
        {"speaker_id": s, "role": role, "outlet_id": o, "n_mentions": n}
        for (s, role, o), n in role_counts(records, outlet_of).items()
    ]
    return sorted(rows, key=role_order)


def speaker_row(
    sid: str,
    name: str,
    kind: str,
    aliases: list[str],
    roles: list[dict],
    outlet_names: dict[str, str],
    n_quotes: int,
    n_mentions: int,
) -> dict:
    """A speaker's row: its spellings (``alias_rows`` order) and roles (``role_rows`` order) as JSON lists."""
    return {
        "id": sid,
        "name": name,
        "kind": kind,
        "aliases": json.dumps(aliases, ensure_ascii=False),
        "roles": json.dumps(
            [f"{row['role']} ({outlet_names.get(row['outlet_id'], 'unknown outlet')})" for row in roles],
            ensure_ascii=False,
        ),
        "n_quotes": n_quotes,
        "n_mentions": n_mentions,
    }


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
        role_lists[row["speaker_id"]].append(row)
    return [
        speaker_row(
            sid,
            sp["name"],
            sp["kind"],
            alias_lists[sid],
            role_lists[sid],
            outlet_names,
            len(sp["quote_ids"]),
            sp["n_mentions"],
        )
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
