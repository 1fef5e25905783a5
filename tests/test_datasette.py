"""Publishing through Datasette: metadata, canned queries, facets, the plugin's routes, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
DB_META = METADATA["databases"]["quotes"]
KIM = "We will strengthen our cooperation with Russia."
HOSTILE = "<script>alert('owned')</script>"
HOSTILE_QUOTE = HOSTILE + ' & "friends"'


@pytest.fixture
def ds(quote_site_db):
    """Served as ``quotes serve`` serves it: mutable (it may be updated while served)."""
    return Datasette([str(quote_site_db)], metadata=METADATA)


def quote_id(db_path: Path, text: str) -> str:
    return sqlite_utils.Database(db_path).execute("select id from quotes where text = ?", [text]).fetchone()[0]


async def get_json(ds, path: str):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


# metadata.yml


def test_every_table_view_and_column_is_described(quote_site_db):
    db = sqlite_utils.Database(quote_site_db)
    hidden = set(db.table_names(fts4=True)) | set(db.table_names(fts5=True))
    names = [
        t for t in db.table_names() if not any(t.startswith(h) for h in hidden) and not t.startswith("sqlite_")
    ] + db.view_names()
    assert "quote_browser" in names
    for name in names:
        meta = DB_META["tables"].get(name)
        assert meta and meta.get("description"), f"{name}: no description"
        columns = db[name].columns_dict
        missing = [c for c in columns if not meta.get("columns", {}).get(c)]
        assert not missing, f"{name}: columns without description: {missing}"


async def test_metadata_labels_licence_plugin_config_and_shipped_queries(ds):
    tables = DB_META["tables"]
    assert {t: tables[t]["label_column"] for t in ("speakers", "outlets", "articles", "quotes")} == {
        "speakers": "name",
        "outlets": "name",
        "articles": "title",
        "quotes": "text",
    }
    # an honest licence: the served database holds articles of their publishers, no corpus it does not hold
    assert "publishers" in METADATA["license"] and "BBC" not in METADATA["license"]
    assert METADATA["source"] and METADATA["source_url"] == "/quotes/articles"
    assert METADATA["plugins"]["quotes"]["database"] == "quotes"
    assert "queries" not in DB_META  # they ship with the plugin
    queries = await ds.get_canned_queries("quotes", None)
    assert set(queries) == {"quotes_by_speaker", "search_quotes", "who_said_this", "quote_sources"}
    for name, query in queries.items():
        assert not query.get("write"), f"{name} is writable"
        assert query.get("title") and query.get("description") and query.get("hide_sql")


async def test_database_rejects_writes(ds, quote_site_db):
    response = await ds.client.get("/quotes.json?sql=delete+from+quotes")
    assert response.status_code == 400
    assert sqlite_utils.Database(quote_site_db)["quotes"].count == 5


# Table pages, facets, filters, search


async def test_quotes_table_page_has_search_box_and_speaker_facet(ds):
    html = (await ds.client.get("/quotes/quotes")).text
    assert 'name="_search"' in html
    assert 'data-facet="speaker_id"' in html or "speaker_id</a>" in html or ">speaker_id<" in html
    assert "Kim Jong Un" in html  # facet and foreign key labels use the speaker's name
    assert "sorted by first_seen descending" in html


async def test_mentions_table_page_searches_and_links_articles(ds):
    html = (await ds.client.get("/quotes/mentions?_search=regional+stability")).text
    assert 'name="_search"' in html
    assert "threat to regional stability" in html
    assert "our cooperation" not in html
    data = await get_json(ds, "/quotes/mentions.json?_labels=on&_shape=array&outlet_id=korea-daily")
    assert {m["article_id"]["label"] for m in data} == {"Putin to visit Pyongyang"}
    html = (await ds.client.get("/quotes/mentions?outlet_id=the-guardian")).text
    assert re.search(r'<a href="/quotes/articles/[0-9a-f]+">Summit &lt;warning&gt;</a>', html)


async def test_speaker_facet_and_filters_json(ds):
    data = await get_json(ds, "/quotes/quotes.json?_facet=speaker_id&_shape=objects")
    counts = {r["value"]: r["count"] for r in data["facet_results"]["speaker_id"]["results"]}
    assert counts == {"vladimir-putin": 2, "kim-jong-un": 1, "john-kirby": 1, "evil-b-hacker-b": 1}
    assert [r["first_seen"] for r in data["rows"]] == sorted((r["first_seen"] for r in data["rows"]), reverse=True)

    rows = await get_json(ds, "/quotes/quotes.json?speaker_id=vladimir-putin&_shape=array")
    assert {r["text"] for r in rows} == {"Putin would travel to Pyongyang within days", "Our partnership is growing."}

    rows = await get_json(ds, "/quotes/mentions.json?speaker_id=kim-jong-un&_shape=array")
    assert sorted(r["outlet_id"] for r in rows) == ["korea-daily", "the-guardian"]

    data = await get_json(ds, "/quotes/mentions.json?_facet=outlet_id&_facet=kind&_shape=objects")
    assert {r["value"]: r["count"] for r in data["facet_results"]["kind"]["results"]} == {"direct": 5, "indirect": 1}
    assert {r["value"]: r["count"] for r in data["facet_results"]["outlet_id"]["results"]} == {
        "korea-daily": 2,
        "the-guardian": 2,
        "cnn": 2,
    }

    rows = await get_json(ds, "/quotes/quotes.json?_search=cooperation+Russia&_shape=array")
    assert [r["text"] for r in rows] == [KIM]


async def test_quote_browser_view(ds):
    rows = await get_json(ds, "/quotes/quote_browser.json?_shape=array&speaker_id=kim-jong-un")
    assert len(rows) == 1
    row = rows[0]
    assert row["text"] == KIM and row["speaker"] == "Kim Jong Un"
    assert json.loads(row["roles"]) == ["North Korean leader", "leader of North Korea"]
    assert json.loads(row["outlets"]) == ["Korea Daily", "The Guardian"]
    assert (row["first_seen"], row["n_outlets"], row["n_mentions"]) == ("2024-06-13", 2, 2)

    data = await get_json(ds, "/quotes/quote_browser.json?_shape=objects&_facet_array=outlets")
    outlets = {r["value"]: r["count"] for r in data["facet_results"]["outlets"]["results"]}
    assert outlets == {"CNN": 2, "Korea Daily": 2, "The Guardian": 2}

    rows = await get_json(ds, "/quotes/quote_browser.json?_shape=array&_search=partnership")
    assert [r["text"] for r in rows] == ["Our partnership is growing."]

    html = (await ds.client.get("/quotes/quote_browser?speaker_id=kim-jong-un")).text
    assert f'<a href="/quotes/quotes/{row["quote_id"]}">“{KIM}”</a>' in html
    assert f'<a href="/quotes/quotes/{row["quote_id"]}">{row["quote_id"]}</a>' in html
    assert '<a href="/quotes/speakers/kim-jong-un">Kim Jong Un</a>' in html
    assert '<ul class="quotes-list"><li>North Korean leader</li><li>leader of North Korea</li></ul>' in html


# Canned queries


@pytest.mark.parametrize("spelling", ["Kim Jong-un", "Kim Jong Un", "kim jong un", "KIM JONG-UN"])
async def test_quotes_by_speaker_matches_any_spelling(ds, spelling):
    rows = await get_json(ds, f"/quotes/quotes_by_speaker.json?_shape=array&speaker={spelling}")
    assert [r["text"] for r in rows] == [KIM]


async def test_quotes_by_speaker_finds_surname_alias_and_nothing_for_strangers(ds):
    rows = await get_json(ds, "/quotes/quotes_by_speaker.json?_shape=array&speaker=Putin")
    assert {r["speaker"] for r in rows} == {"Vladimir Putin"} and len(rows) == 2
    assert [r["first_seen"] for r in rows] == ["2024-06-18", "2024-06-14"]  # newest first
    assert await get_json(ds, "/quotes/quotes_by_speaker.json?_shape=array&speaker=Kim") == []
    assert await get_json(ds, "/quotes/quotes_by_speaker.json?_shape=array&speaker=") == []


async def test_search_quotes(ds):
    rows = await get_json(ds, "/quotes/search_quotes.json?_shape=array&q=cooperation")
    assert [r["text"] for r in rows] == [KIM]
    assert json.loads(rows[0]["outlets"]) == ["Korea Daily", "The Guardian"]
    rows = await get_json(ds, "/quotes/search_quotes.json?_shape=array&q=pyongyang&speaker=putin")
    assert [r["speaker"] for r in rows] == ["Vladimir Putin"]
    assert await get_json(ds, "/quotes/search_quotes.json?_shape=array&q=pyongyang&speaker=John+Kirby") == []
    # FTS operators and stray quotes in user input are words, not syntax errors
    for q in ['"unbalanced', "AND OR NOT (", "*", ""]:
        assert await get_json(ds, f"/quotes/search_quotes.json?_shape=array&q={q}") == []


async def test_who_said_this(ds):
    rows = await get_json(ds, "/quotes/who_said_this.json?_shape=array&text=strengthen+our+cooperation")
    assert [(r["speaker"], r["outlet"], r["published"], r["role"]) for r in rows] == [
        ("Kim Jong Un", "Korea Daily", "2024-06-13", "North Korean leader"),
        ("Kim Jong Un", "The Guardian", "2024-06-14", "leader of North Korea"),
    ]
    assert rows[0]["url"] == "https://example.org/a1"


async def test_quote_sources(ds, quote_site_db):
    qid = quote_id(quote_site_db, KIM)
    rows = await get_json(ds, f"/quotes/quote_sources.json?_shape=array&quote_id={qid}")
    assert [(r["outlet"], r["published"], r["article"], r["named_as"], r["url"]) for r in rows] == [
        ("Korea Daily", "2024-06-13", "Putin to visit Pyongyang", "Kim Jong Un", "https://example.org/a1"),
        ("The Guardian", "2024-06-14", "Summit <warning>", "Kim Jong-un", "https://example.org/a2"),
    ]
    html = (await ds.client.get(f"/quotes/quote_sources?quote_id={qid}")).text
    assert '<a href="https://example.org/a1">https://example.org/a1</a>' in html
    assert re.search(r'<a href="/quotes/articles/[0-9a-f]+">Summit &lt;warning&gt;</a>', html)
    assert '<a href="/quotes/speakers/kim-jong-un">Kim Jong Un</a>' in html


# Escaping


@pytest.mark.parametrize(
    "path",
    [
        "/quotes/quotes",
        "/quotes/quote_browser",
        "/quotes/mentions",
        "/quotes/speakers",
        "/quotes/search_quotes?q=owned",
        "/quotes/who_said_this?text=owned",
        "/quotes/quotes_by_speaker?speaker=Evil+%3Cb%3EHacker%3C/b%3E",
    ],
)
async def test_markup_in_data_is_shown_as_text(ds, path):
    html = (await ds.client.get(path)).text
    assert HOSTILE not in html and "<b>Hacker</b>" not in html and "<i>chief</i>" not in html
    assert "&lt;script&gt;alert(" in html or "Evil &lt;b&gt;Hacker" in html


# Plugin routes (oEmbed: tests/test_oembed.py; permissions: tests/test_permissions.py)


async def test_embed_card(ds, quote_site_db):
    qid = quote_id(quote_site_db, KIM)
    response = await ds.client.get(f"/-/quotes/embed/{qid}")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    html = response.text
    assert f'<blockquote class="quote-text">“{KIM}”</blockquote>' in html and "Kim Jong Un" in html
    assert "North Korean leader" in html
    assert "Korea Daily</a>, 13 June 2024" in html and "The Guardian</a>, 14 June 2024" in html
    assert 'href="https://example.org/a1"' in html
    assert f'href="http://localhost/quotes/quotes/{qid}"' in html
    assert f'href="http://localhost/quotes/quote_sources?quote_id={qid}"' in html
    # self-contained: nothing loaded from anywhere; one inline script (its height, for the parent page)
    assert not re.search(r"<script[^>]+src|<link|<img|@import|url\(", html)
    assert html.count("<script>") == 1 and "quotes-embed-height" in html


async def test_embed_card_of_reported_speech_has_no_quotation_marks(ds, quote_site_db):
    html = (
        await ds.client.get(f"/-/quotes/embed/{quote_id(quote_site_db, 'Putin would travel to Pyongyang within days')}")
    ).text
    assert (
        '<blockquote class="quote-text"><span class="quote-lead">Vladimir Putin said that</span>'
        " Putin would travel to Pyongyang within days</blockquote>" in html
    )
    assert '<p class="quote-label">Reported speech</p>' in html


async def test_embed_card_escapes_everything(ds, quote_site_db):
    html = (await ds.client.get(f"/-/quotes/embed/{quote_id(quote_site_db, HOSTILE_QUOTE)}")).text
    assert "<script>alert" not in html and "<b>Hacker" not in html and "<i>chief" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;/script&gt; &amp;" in html
    assert "Evil &lt;b&gt;Hacker&lt;/b&gt;" in html and "&lt;i&gt;chief&lt;/i&gt; troll" in html


async def test_embed_card_links_only_web_urls(ds, quote_site_db):
    html = (await ds.client.get(f"/-/quotes/embed/{quote_id(quote_site_db, 'Our partnership is growing.')}")).text
    assert "javascript:" not in html
    assert re.search(r'href="http://localhost/quotes/articles/[0-9a-f]+"[^>]*>CNN</a>', html)


async def test_embed_unknown_quote_is_404(ds):
    response = await ds.client.get("/-/quotes/embed/nosuchquote")
    assert response.status_code == 404
    assert (await ds.client.get("/-/quotes/embed/bad%3Cid")).status_code != 200
    response = await ds.client.get("/-/quotes/card/nosuchquote.json")
    assert response.status_code == 404 and response.json()["error"] == "no such quote"


async def test_card_json_is_what_embed_js_draws(ds, quote_site_db):
    qid = quote_id(quote_site_db, KIM)
    card = await get_json(ds, f"/-/quotes/card/{qid}.json")
    assert card["rendering"] == {
        "kind": "direct",
        "label": "Quote",
        "lead": None,
        "parts": [{"text": KIM, "quoted": False}],
        "outer": True,
        "text": f"“{KIM}”",
    }
    assert card["speaker"] == "Kim Jong Un" and card["role"] == "North Korean leader"
    assert [s["outlet"] for s in card["sources"]] == ["Korea Daily", "The Guardian"]
    assert card["carried"] == "Carried by 2 outlets, first seen 13 June 2024"
    found = await get_json(ds, "/-/quotes/cards.json?q=Pyongyang&speaker=Putin&limit=2")
    assert [c["rendering"]["text"] for c in found["cards"]] == [
        "Vladimir Putin said that Putin would travel to Pyongyang within days"
    ]
    found = await get_json(ds, "/-/quotes/cards.json?speaker=Kim+Jong-un")
    assert [c["quote_id"] for c in found["cards"]] == [qid]
    assert (await ds.client.get("/-/quotes/cards.json?q=x&limit=lots")).status_code == 400


async def test_embed_js(ds):
    response = await ds.client.get("/-/quotes/embed.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    script = response.text
    assert 'var DEFAULT_DB = "quotes";' in script
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    for api in ('"card/"', '"cards.json"', "quotes-embed-height"):
        assert api in script
