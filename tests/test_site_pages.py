"""The site's pages through Datasette's client: quote, speaker, article, search, home and tables."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from site_data import HOSTILE, KIM, PESKOV_MIXED, PESKOV_REPORTED, PUTIN_REPORTED, UNATTRIBUTED, write_site

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
MARKUP = ("<script>alert", "<b>Hacker</b>", "<i>chief</i>", "<em>stall</em>", "<warning>")


@pytest.fixture(scope="module")
def site_db(tmp_path_factory):
    return write_site(tmp_path_factory.mktemp("site") / "quotes.db")


@pytest.fixture
def ds(site_db):
    return Datasette([str(site_db)], metadata=METADATA)


def qid(db_path: Path, text: str) -> str:
    return sqlite_utils.Database(db_path).execute("select id from quotes where text = ?", [text]).fetchone()[0]


async def page(ds, path: str) -> str:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    html = response.text
    for markup in MARKUP:
        assert markup not in html, f"{path}: {markup} unescaped"
    return html


def text_of(html: str) -> str:
    """The page's visible words, tags dropped and white space squeezed."""
    html = re.sub(r"<(script|style|textarea|title)\b.*?</\1>", " ", html, flags=re.S)
    words = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r"\( ", "(", re.sub(r" ([,.;:)])", r"\1", words))


# The quote page


async def test_quote_page_reads_as_a_document(ds, site_db):
    quote_id = qid(site_db, KIM)
    html = await page(ds, f"/quotes/quotes/{quote_id}")
    words = text_of(html)
    assert f"Quote “{KIM}”" in words  # the label, then the words in marks, once
    assert "— Kim Jong Un, North Korean leader" in words
    assert '<a href="/quotes/speakers/kim-jong-un">Kim Jong Un</a>' in html
    assert "First carried by Korea Daily, 13 June 2024: Putin to visit Pyongyang (original story)" in words
    assert '<a href="https://example.org/a1" rel="noopener noreferrer">original story</a>' in html
    # every mention in date order, each with its outlet, its wording and the sentences around it
    mentions = re.findall(r'<li id="mention-\d+">(.*?)</li>', html, flags=re.S)
    assert [text_of(m).split(",")[0] for m in mentions] == ["Korea Daily", "The Guardian"]
    assert "Summit &lt;warning&gt;" in mentions[1] and "named as “Kim Jong-un”" in text_of(mentions[1])
    assert f"North Korean leader Kim Jong Un said: <mark>“{KIM}”</mark> Officials in Seoul were cautious." in html
    # embedding: discovery for oEmbed consumers, and snippets to copy
    assert re.search(
        r'<link rel="alternate" type="application/json\+oembed" href="http://localhost/-/quotes/oembed\?url=', html
    )
    assert f"&lt;iframe src=&#34;http://localhost/-/quotes/embed/{quote_id}&#34;" in html
    assert f"&lt;blockquote data-quote-id=&#34;{quote_id}&#34;&gt;“{KIM}” — Kim Jong Un&lt;/blockquote&gt;" in html
    # the row's JSON is Datasette's own
    data = (await ds.client.get(f"/quotes/quotes/{quote_id}.json?_shape=array")).json()
    assert data[0]["text"] == KIM and data[0]["speaker_id"] == "kim-jong-un"


async def test_reported_quote_page_has_no_marks_around_the_paraphrase(ds, site_db):
    words = text_of(await page(ds, f"/quotes/quotes/{qid(site_db, PUTIN_REPORTED)}"))
    assert f"Reported speech Vladimir Putin said that {PUTIN_REPORTED}" in words
    assert f"“{PUTIN_REPORTED}" not in words
    assert "a paraphrase, not the speaker's words" in words


async def test_mixed_and_unattributed_quote_pages(ds, site_db):
    words = text_of(await page(ds, f"/quotes/quotes/{qid(site_db, PESKOV_MIXED)}"))
    assert (
        "Partly quoted Dmitry Peskov said that the visit would deepen a “strategic partnership” with Pyongyang" in words
    )
    words = text_of(await page(ds, f"/quotes/quotes/{qid(site_db, UNATTRIBUTED)}"))
    assert "Partly quoted the talks had “stalled” again" in words
    assert "— unknown speaker" in words
    assert "First carried by an unknown outlet, 20 June 2024: Talks <em>stall</em>" in words
    assert "Carried by unknown outlets, 1 mention" in words


async def test_hostile_quote_page_is_escaped(ds, site_db):
    html = await page(ds, f"/quotes/quotes/{qid(site_db, HOSTILE)}")
    assert "&lt;script&gt;alert(‘owned’)&lt;/script&gt; &amp; ‘friends’" in html
    assert "Evil &lt;b&gt;Hacker&lt;/b&gt;" in html and "&lt;i&gt;chief&lt;/i&gt; troll" in html


# The speaker page


async def test_speaker_page(ds, site_db):
    html = await page(ds, "/quotes/speakers/dmitry-peskov")
    words = text_of(html)
    assert "<h1>Dmitry Peskov</h1>" in html
    assert "Kind person" in words and "Quoted 2 quotes, 2 mentions" in words
    assert "Spelt Dmitry Peskov (2) Mr Peskov (1)" in words
    assert "Roles Kremlin spokesman (The Guardian)" in words
    items = re.findall(r'<ol class="speaker-quotes">(.*?)</ol>', html, flags=re.S)[0]
    assert (
        [text_of(li)[:40] for li in re.findall(r"<li>(.*?)</li>", items, flags=re.S)]
        == [
            f"Dmitry Peskov said that {PESKOV_REPORTED}"[:40],  # 20 June, newest first
            f"Dmitry Peskov said that {PESKOV_MIXED}"[:40],
        ]
    )
    assert "outlet unknown" in text_of(items) and "1 outlet: The Guardian" in text_of(items)
    # searching within the speaker's quotes
    words = text_of(await page(ds, "/quotes/speakers/dmitry-peskov?q=partnership"))
    assert "strategic partnership" in words and PESKOV_REPORTED not in words
    assert (await ds.client.get("/quotes/speakers/dmitry-peskov.json")).json()["rows"][0][1] == "Dmitry Peskov"


async def test_hostile_speaker_page_is_escaped(ds):
    html = await page(ds, "/quotes/speakers/evil-b-hacker-b")
    assert "<h1>Evil &lt;b&gt;Hacker&lt;/b&gt;</h1>" in html


# The article page


async def test_article_page_marks_its_quotes(ds, site_db):
    article_id = (
        sqlite_utils.Database(site_db).execute("select id from articles where path = 'seeds/a1.txt'").fetchone()[0]
    )
    html = await page(ds, f"/quotes/articles/{article_id}")
    kim, hostile = qid(site_db, KIM), qid(site_db, HOSTILE)
    assert f'<mark class="quote-direct" title="Quote"><a href="/quotes/quotes/{kim}">“{KIM}”</a></mark>' in html
    assert '<span class="quote-speaker-tag"><a href="/quotes/speakers/kim-jong-un">Kim Jong Un</a></span>' in html
    assert f'<a href="/quotes/quotes/{hostile}">“&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;' in html
    assert '<a href="https://example.org/a1" rel="noopener noreferrer">the original story</a>' in html
    assert "2 quotes found." in text_of(html)


async def test_article_page_drops_unsafe_links_and_handles_no_outlet(ds, site_db):
    db = sqlite_utils.Database(site_db)
    a3 = db.execute("select id from articles where path = 'seeds/a3.txt'").fetchone()[0]
    html = await page(ds, f"/quotes/articles/{a3}")
    assert "javascript:" not in html and "<h1>(untitled)</h1>" in html
    a4 = db.execute("select id from articles where path = 'seeds/a4.txt'").fetchone()[0]
    words = text_of(await page(ds, f"/quotes/articles/{a4}"))
    assert "Unknown outlet, 20 June 2024" in words and "unknown speaker" in words


# Finding things


async def test_home_page_has_one_search_box(ds):
    html = await page(ds, "/")
    assert '<form class="quotes-search-box" action="/-/quotes/search" method="get" role="search">' in html
    assert html.count('name="q"') == 1


@pytest.mark.parametrize("name", ["Dmitry Peskov", "Dmitri Peskov", "Mr Peskov", "Peskov", "dmitry peskov"])
async def test_search_finds_a_speaker_by_any_spelling(ds, name):
    html = await page(ds, f"/-/quotes/search?q={name}")
    speakers = re.findall(r"<h2>Speakers</h2>(.*?)<h2>", html, flags=re.S)[0]
    assert '<a href="/quotes/speakers/dmitry-peskov">Dmitry Peskov</a>' in speakers
    assert "Did you mean" not in speakers


async def test_search_offers_close_spellings_when_none_matches(ds):
    html = await page(ds, "/-/quotes/search?q=Dmitry+Peskow")
    assert "No speaker is named &ldquo;Dmitry Peskow&rdquo;. Did you mean:" in html
    assert '<a href="/quotes/speakers/dmitry-peskov">Dmitry Peskov</a>' in html
    data = (await ds.client.get("/-/quotes/search.json?q=Peskow")).json()
    assert data["speakers"] == [] and [m["name"] for m in data["close"]] == ["Dmitry Peskov"]


async def test_search_finds_quote_words_and_escapes(ds, site_db):
    html = await page(ds, "/-/quotes/search?q=cooperation+Russia")
    assert f'<a href="/quotes/quotes/{qid(site_db, KIM)}">“{KIM}”</a>' in html
    html = await page(ds, "/-/quotes/search?q=%3Cscript%3Ealert")
    assert 'value="&lt;script&gt;alert"' in html  # the query echoed as text
    assert '“&lt;script&gt;alert(<span class="quote-fragment">‘owned’</span>)&lt;/script&gt; &amp;' in html
    data = (await ds.client.get("/-/quotes/search.json?q=partnership")).json()
    assert {q["rendering"]["text"] for q in data["quotes"]} == {
        "Dmitry Peskov said that the visit would deepen a “strategic partnership” with Pyongyang",
        "“Our partnership is growing.”",
    }


# Tables a person can read


async def test_quotes_table_reads_well_and_keeps_json(ds, site_db):
    html = await page(ds, "/quotes/quotes")
    headers = re.findall(r'<th [^>]*data-column="([^"]+)"', html)
    assert headers[:2] == ["text", "speaker_id"] and headers.index("id") > headers.index("n_mentions")
    assert '<ul class="quotes-list"><li>Korea Daily</li><li>The Guardian</li></ul>' in html
    assert '<time datetime="2024-06-13">13 June 2024</time>' in html
    assert '<td class="col-n_outlets type-int"><span class="quotes-unknown">unknown</span></td>' in html
    assert '<td class="col-speaker_id type-none"><span class="quotes-unknown">unknown speaker</span></td>' in html
    assert (
        f'<a href="/quotes/quotes/{qid(site_db, PUTIN_REPORTED)}"><span class="quote-label">Reported speech</span>'
        in html
    )
    assert f"“{KIM}”</a>" in html
    assert '<details class="quotes-column-notes">' in html and '<dl class="column-descriptions">' not in html
    rows = (await ds.client.get("/quotes/quotes.json?_shape=array&speaker_id=kim-jong-un")).json()
    assert rows[0]["text"] == KIM and rows[0]["outlets"] == '["Korea Daily", "The Guardian"]'
    csv = (await ds.client.get("/quotes/quotes.csv?speaker_id=kim-jong-un")).text
    assert KIM in csv and "2024-06-13" in csv


async def test_canned_queries_hide_their_sql_and_ship_with_the_plugin(ds):
    html = await page(ds, "/quotes/who_said_this?text=cooperation")
    assert "select m.text" not in text_of(html) and 'id="sql-editor"' not in html and 'id="sql-query"' not in html
    assert "<title>quotes: Who said this?</title>" in html
    assert "Kim Jong Un said that" not in text_of(html) and f"“{KIM}”" in html  # direct mentions in marks
    bare = Datasette([str(ds.databases["quotes"].path)])  # no metadata.yml at all
    rows = (await bare.client.get("/quotes/quotes_by_speaker.json?_shape=array&speaker=Mr+Peskov")).json()
    assert {r["speaker"] for r in rows} == {"Dmitry Peskov"} and len(rows) == 2
    assert (await bare.client.get("/-/quotes/search?q=Peskov")).status_code == 200


async def test_common_words_are_found_newest_first(ds, monkeypatch):
    from quotes.publish import pagedata

    monkeypatch.setattr(pagedata, "COMMON", 0)  # every word is common: walk quotes newest first
    data = (await ds.client.get("/-/quotes/search.json?q=partnership")).json()
    assert data["order"] == "newest first"
    assert [q["first_seen"] for q in data["quotes"]] == ["2024-06-18", "2024-06-14"]
    words = text_of(await page(ds, "/quotes/speakers/dmitry-peskov?q=partnership"))
    assert "strategic partnership" in words and PESKOV_REPORTED not in words
    cards = (await ds.client.get("/-/quotes/cards.json?q=partnership&speaker=Putin")).json()["cards"]
    assert [c["rendering"]["text"] for c in cards] == ["“Our partnership is growing.”"]
