"""What the site's pages and cards read from a quotes database: a few indexed queries per page.

Every function takes a Datasette ``Database`` and returns plain dicts, with
each quote's ``rendering`` (``display.Rendering``) chosen and built here, so
pages, cards, embed.js (through JSON) and oEmbed show the same words.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from . import display, passages
from .lookup import find_speakers

PAGE_SIZE = 50
# Words in more quotes than this are found by walking quotes newest first and asking the full-text
# index about each, instead of collecting every match first (200,000 of them for a common word).
COMMON = 20_000
MAX_MENTIONS = 200  # a quote page lists at most this many mentions (a link leads to all)
SEARCH_LIMIT = 20
SPEAKERS_SHOWN, LATEST_SHOWN = 3, 3  # a found speaker's newest quotes on the search page

_KIND_RANK = " ".join(f"when '{k}' then {v}" for k, v in display.KIND_ORDER.items())


def preferred_mention(quote_id_sql: str) -> str:
    """SQL for the id of the mention a quote is shown by: verbatim (direct) when it has one, then the fullest."""
    return (
        f"(select pm.id from mentions pm where pm.quote_id = {quote_id_sql}"
        f" order by case pm.kind {_KIND_RANK} else 9 end, length(pm.text) desc, pm.id limit 1)"
    )


async def rows(db, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, list(params))).rows]


async def preferred_renderings(db, quote_ids) -> dict[str, display.Rendering]:
    """quote id -> how the quote is shown, for many quotes in one query per 500."""
    ids = list(dict.fromkeys(quote_ids))
    out: dict[str, display.Rendering] = {}
    for i in range(0, len(ids), 500):
        batch = ids[i : i + 500]
        found = await rows(
            db,
            "select q.id, q.text as quote_text, s.name as speaker, p.kind, p.text, p.cue from quotes q"
            f" left join speakers s on s.id = q.speaker_id left join mentions p on p.id = {preferred_mention('q.id')}"
            f" where q.id in ({', '.join('?' * len(batch))})",
            batch,
        )
        for r in found:
            text, kind = (r["text"], r["kind"]) if r["text"] is not None else (r["quote_text"] or "", None)
            out[r["id"]] = display.render(text, kind, r["speaker"], r["cue"])
    return out


async def renderings(db, quotes: list[dict]) -> None:
    """Set ``rendering`` on each quote dict (with ``id``)."""
    found = await preferred_renderings(db, [q["id"] for q in quotes])
    for q in quotes:
        q["rendering"] = found.get(q["id"]) or display.render(q.get("text") or "", None)


async def word_match(db, text: str) -> tuple[str, list, bool]:
    """An SQL condition on ``q`` (quotes) for quotes holding every word of ``text``, its parameters,
    and whether the words are common (then only an order the condition can walk is fast: newest first)."""
    found = await db.execute(
        "select count(*) from (select rowid from quotes_fts where quotes_fts match quotes_fts_query(?) limit ?)",
        [text, COMMON + 1],
    )
    if found.first()[0] > COMMON:
        return (
            "exists (select 1 from quotes_fts where quotes_fts match quotes_fts_query(?) and quotes_fts.rowid = q.rowid)",
            [text],
            True,
        )
    return "q.rowid in (select rowid from quotes_fts where quotes_fts match quotes_fts_query(?))", [text], False


def web_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else (``javascript:``) is dropped."""
    from urllib.parse import urlparse

    return url if url and urlparse(url).scheme in ("http", "https") else None


def _sources(mentions: list[dict]) -> None:
    for m in mentions:
        m["web_url"] = web_url(m.get("url"))


async def quote(db, quote_id: str, with_context: bool = False, limit: int = MAX_MENTIONS) -> dict | None:
    """A quote with its speaker, roles and its mentions in date order (the first ``limit``)."""
    found = await rows(
        db,
        "select q.id, q.text, q.speaker_id, q.first_seen, q.first_outlet_id, q.first_article_id, q.n_outlets,"
        " q.n_mentions, s.name as speaker, s.kind as speaker_kind"
        " from quotes q left join speakers s on s.id = q.speaker_id where q.id = ?",
        [quote_id],
    )
    if not found:
        return None
    q = found[0]
    window = (
        f", max(0, m.start - {passages.WINDOW}) as window_start,"
        f" substr(a.text, max(0, m.start - {passages.WINDOW}) + 1, m.end - max(0, m.start - {passages.WINDOW}) + {passages.WINDOW}) as window,"
        " length(a.text) as text_length"
        if with_context
        else ""
    )
    mentions = await rows(
        db,
        "select m.id, m.kind, m.text, m.cue, m.role, m.speaker_mention, m.speaker_name, m.published, m.start, m.end,"
        " m.article_id, m.outlet_id, o.name as outlet, a.title, a.url" + window + " from mentions m"
        " join articles a on a.id = m.article_id left join outlets o on o.id = m.outlet_id"
        " where m.quote_id = ? order by m.published is null, m.published, o.name, m.id limit ?",
        [quote_id, limit],
    )
    _sources(mentions)
    for m in mentions:
        m["rendering"] = display.render(m["text"], m["kind"], m["speaker_name"] or q["speaker"], m["cue"])
        if with_context:
            m["context"] = passages.context(
                m.pop("window") or "", m.pop("window_start"), m["start"], m["end"], m["text"], m.pop("text_length")
            )
    await renderings(db, [q])
    roles = Counter(m["role"] for m in mentions if m["role"])
    q["role"] = roles.most_common(1)[0][0] if roles else None  # ties: the earliest given (Counter keeps order)
    q["roles"] = list(roles)
    q["mentions"] = mentions
    q["first"] = mentions[0] if mentions else None
    return q


async def speaker(db, speaker_id: str, search: str | None = None, page: int = 1) -> dict | None:
    """A speaker with every spelling, roles by outlet, and a page of quotes newest first (optionally searched)."""
    found = await rows(db, "select id, name, kind, n_quotes, n_mentions from speakers where id = ?", [speaker_id])
    if not found:
        return None
    s = found[0]
    s["aliases"] = await rows(
        db,
        "select alias, n_mentions from speaker_aliases where speaker_id = ? order by n_mentions desc, alias",
        [speaker_id],
    )
    by_role: dict[str, list[str]] = defaultdict(list)
    for r in await rows(
        db,
        "select r.role, o.name as outlet, r.n_mentions from speaker_roles r left join outlets o on o.id = r.outlet_id"
        " where r.speaker_id = ? order by r.n_mentions desc, r.role, o.name",
        [speaker_id],
    ):
        by_role[r["role"]].append(r["outlet"] or "unknown outlet")
    s["roles"] = [{"role": role, "outlets": outlets} for role, outlets in by_role.items()]
    page = max(1, page)
    where, params = "q.speaker_id = ?", [speaker_id]
    if search:
        condition, more, _ = await word_match(db, search)
        where += " and " + condition
        params += more
    quotes = await rows(
        db,
        f"select q.id, q.text, q.first_seen, q.n_outlets, q.n_mentions, q.outlets from quotes q where {where}"
        " order by q.first_seen desc, q.id limit ? offset ?",
        params + [PAGE_SIZE + 1, (page - 1) * PAGE_SIZE],
    )
    s["more"] = len(quotes) > PAGE_SIZE
    quotes = quotes[:PAGE_SIZE]
    for q in quotes:
        q["speaker"] = s["name"]
        q["outlets"] = display.json_list(q["outlets"]) or []
    await renderings(db, quotes)
    s["quotes"], s["page"], s["search"] = quotes, page, search or ""
    return s


async def article(db, article_id: str) -> dict | None:
    """An article's text cut into paragraphs with its quotes marked, and the list of its quotes."""
    found = await rows(
        db,
        "select a.id, a.title, a.author, a.published, a.url, a.text, a.outlet_id, o.name as outlet"
        " from articles a left join outlets o on o.id = a.outlet_id where a.id = ?",
        [article_id],
    )
    if not found:
        return None
    a = found[0]
    mentions = await rows(
        db,
        "select m.id, m.quote_id, m.kind, m.text, m.cue, m.start, m.end, m.speaker_id, m.speaker_name, m.role"
        " from mentions m where m.article_id = ? order by m.start, m.end desc",
        [article_id],
    )
    for m in mentions:
        m["rendering"] = display.render(m["text"], m["kind"], m["speaker_name"], m["cue"])
    a["mentions"] = mentions
    a["paragraphs"] = passages.article_paragraphs(a.pop("text") or "", mentions)
    a["marked"] = sum(1 for p in a["paragraphs"] for seg in p if seg["mention"])
    a["web_url"] = web_url(a["url"])
    return a


async def search(db, text: str) -> dict:
    """Speakers the text names (or close spellings) and quotes holding its words, best first."""
    lookup = await db.execute_fn(lambda conn: find_speakers(conn, text))
    quotes, newest = [], False
    if text.strip():
        condition, params, newest = await word_match(db, text)
        columns = "q.id, q.text, q.speaker_id, s.name as speaker, q.first_seen, q.n_outlets"
        if newest:  # words in many quotes: the newest of them
            sql = (
                f"select {columns} from quotes q left join speakers s on s.id = q.speaker_id where {condition}"
                " order by q.first_seen desc, q.id limit ?"
            )
        else:  # the best matches
            sql = (
                f"select {columns} from quotes_fts f join quotes q on q.rowid = f.rowid"
                " left join speakers s on s.id = q.speaker_id"
                " where quotes_fts match quotes_fts_query(?) order by f.rank limit ?"
            )
        quotes = await rows(db, sql, params + [SEARCH_LIMIT + 1])
    more = len(quotes) > SEARCH_LIMIT
    quotes = quotes[:SEARCH_LIMIT]
    latest = {}
    for m in lookup.found[:SPEAKERS_SHOWN]:
        latest[m.speaker_id] = await rows(
            db,
            "select id, text, first_seen, n_outlets from quotes where speaker_id = ? order by first_seen desc, id limit ?",
            [m.speaker_id, LATEST_SHOWN],
        )
        for q in latest[m.speaker_id]:
            q["speaker"] = m.name
    await renderings(db, quotes + [q for found in latest.values() for q in found])
    return {
        "q": text,
        "latest": latest,
        "speakers": list(lookup.found),
        "close": list(lookup.close),
        "quotes": quotes,
        "more": more,
        "order": "newest first" if newest else "best matches first",
    }


async def cards(db, text: str, speaker_name: str, limit: int) -> list[dict]:
    """Quotes for embed.js's search cards: words and/or a speaker by any spelling, newest or best first."""
    ids = []
    if speaker_name:
        lookup = await db.execute_fn(lambda conn: find_speakers(conn, speaker_name))
        ids = [m.speaker_id for m in lookup.found]
        if not ids:
            return []
    where, params, order = [], [], "q.first_seen desc, q.id"
    if ids:
        where.append(f"q.speaker_id in ({', '.join('?' * len(ids))})")
        params += ids
    if text.strip():
        condition, more, _ = await word_match(db, text)
        where.append(condition)
        params += more
    if not where:
        return []
    found = await rows(
        db,
        "select q.id, q.text, q.speaker_id, s.name as speaker, q.first_seen, q.n_outlets, q.outlets"
        f" from quotes q left join speakers s on s.id = q.speaker_id where {' and '.join(where)} order by {order} limit ?",
        params + [limit],
    )
    for q in found:
        q["outlets"] = display.json_list(q["outlets"]) or []
    await renderings(db, found)
    return found
