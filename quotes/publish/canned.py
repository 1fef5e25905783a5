"""The canned queries the site links to, shipped with the package (Datasette's ``canned_queries`` hook).

They work on any quotes database, with or without the repository's
metadata.yml. Speaker names go through ``quotes_speaker_ids(name)``
(``lookup.find_speakers``: any spelling, honorifics, a surname) and search
text through ``quotes_fts_query(text)`` (never an FTS syntax error).
"""

from __future__ import annotations

from .pagedata import preferred_mention

SPEAKER_IDS = "select value from json_each(quotes_speaker_ids(:speaker))"

QUERIES: dict[str, dict] = {
    "quotes_by_speaker": {
        "title": "Quotes by speaker",
        "description": (
            "A speaker's quotes, newest first (up to 200; each shown verbatim when any outlet quoted it directly), looked up by any spelling of the name: "
            '"Kim Jong-un" finds Kim Jong Un, "Mr Peskov" or "Dmitri Peskov" Dmitry Peskov.'
        ),
        "hide_sql": True,
        "sql": f"""with latest as (
  select rowid from quotes
  where speaker_id in ({SPEAKER_IDS})
  order by first_seen desc, id
  limit 200
)
select b.quote_id, coalesce(p.text, b.text) as text, p.kind, p.cue, b.speaker, b.speaker_id, b.roles, b.outlets,
  b.first_seen, b.n_outlets
from latest join quote_browser b on b.quote_rowid = latest.rowid
left join mentions p on p.id = {preferred_mention("b.quote_id")}
order by b.first_seen desc, b.quote_id""",
    },
    "search_quotes": {
        "title": "Search quotes",
        "description": (
            "Full-text search of quote texts (every word must appear); optionally only one speaker's, "
            "by any spelling of the name. The 100 best matches (for words in more than 20,000 quotes, "
            "the best of the first 20,000 found)."
        ),
        "hide_sql": True,
        "sql": f"""with found as (
  select quotes_fts.rowid, quotes_fts.rank
  from quotes_fts join quotes q on q.rowid = quotes_fts.rowid
  where quotes_fts match quotes_fts_query(:q)
    and (:speaker = '' or q.speaker_id in ({SPEAKER_IDS}))
  limit 20000
),
hits as (
  select rowid, rank from found order by rank limit 100
)
select b.quote_id, coalesce(p.text, b.text) as text, p.kind, p.cue, b.speaker, b.speaker_id, b.roles, b.outlets,
  b.first_seen, b.n_outlets
from hits join quote_browser b on b.quote_rowid = hits.rowid
left join mentions p on p.id = {preferred_mention("b.quote_id")}
order by hits.rank, b.first_seen desc""",
    },
    "who_said_this": {
        "title": "Who said this?",
        "description": (
            "Paste a sentence or a few words; every article that quoted them, with the speaker, role, outlet and date."
        ),
        "hide_sql": True,
        "sql": """select m.text, s.name as speaker, m.speaker_id, m.role, o.name as outlet, m.published,
  a.title as article, m.article_id, a.url, m.quote_id, m.kind
from mentions_fts
join mentions m on m.rowid = mentions_fts.rowid
join articles a on a.id = m.article_id
left join speakers s on s.id = m.speaker_id
left join outlets o on o.id = m.outlet_id
where mentions_fts match quotes_fts_query(:text)
order by m.published, o.name, m.id""",
    },
    "quote_sources": {
        "title": "One quote and all its sources",
        "description": (
            "Every article that carried a quote, with outlet, date, how it named the speaker, the role it gave, "
            "and a link."
        ),
        "hide_sql": True,
        "sql": """select m.published, o.name as outlet, a.title as article, m.article_id, a.url,
  s.name as speaker, m.speaker_id, m.speaker_mention as named_as, m.role, m.kind, m.cue,
  m.text, m.quote_id
from mentions m
join articles a on a.id = m.article_id
left join speakers s on s.id = m.speaker_id
left join outlets o on o.id = m.outlet_id
where m.quote_id = :quote_id
order by m.published, o.name, m.id""",
    },
}
