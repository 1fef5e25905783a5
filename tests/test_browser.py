"""In a real browser: the site's pages (table, quote, speaker, article, search) and quote cards
embedded in another site's page.

Drives the system Chromium through Playwright against a real ``datasette``
server. Without Chromium these tests skip, unless QUOTES_REQUIRE_BROWSER=1
(set by .ci/run), which turns the skip into a failure. QUOTES_CHROMIUM names
another Chromium binary.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest
import sqlite_utils
from site_data import HOSTILE, KIM, PESKOV_REPORTED, PUTIN_REPORTED, write_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("quotes_screenshots", ROOT / "docs" / "screenshots.py")
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)

# The hostile quote as the site prints it: in marks, its inner marks made single
HOSTILE_SHOWN = "“<script>alert(‘owned’)</script> & ‘friends’”"
QUOTE_MARKS = '“”"‘’'


def _unavailable(reason: str):
    if os.environ.get("QUOTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"QUOTES_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not Path(screenshots.CHROMIUM).exists():
        _unavailable(f"no Chromium at {screenshots.CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        try:
            browser = screenshots.launch(pw)
        except Error as e:
            _unavailable(f"Chromium at {screenshots.CHROMIUM} did not start: {str(e).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site_db(tmp_path_factory):
    return write_site(tmp_path_factory.mktemp("browser") / "quotes.db")


@pytest.fixture(scope="module")
def server(site_db, browser):
    with screenshots.datasette_server(site_db) as url:
        yield url


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.set_default_timeout(15_000)
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    yield page
    page.close()


def quote_id(db_path: Path, text: str) -> str:
    return sqlite_utils.Database(db_path).execute("select id from quotes where text = ?", [text]).fetchone()[0]


def test_quotes_table_page_shows_speaker_facet_and_search(page, server, tmp_path):
    page.goto(f"{server}/quotes/quotes")
    facet = page.locator("#facet-speaker_id")
    assert facet.is_visible()
    assert facet.locator(".facet-info-name").inner_text().startswith("speaker_id")
    putin = facet.locator("li").filter(has_text="Vladimir Putin")
    assert re.search(r"Vladimir Putin\s*2", putin.inner_text())
    table = page.locator("table.rows-and-columns")
    assert table.get_by_text(f"“{KIM}”").is_visible()
    assert table.locator("th").first.inner_text().strip() == "text"  # words first, ids last
    # markup in the data is on screen as text, and no script ran
    assert page.get_by_text(HOSTILE_SHOWN, exact=True).is_visible()
    assert not page.locator(".quotes-column-notes dl").is_visible()  # column notes folded away
    page.screenshot(path=str(tmp_path / "quotes-table.png"))

    facet.get_by_role("link", name="Kim Jong Un").click()
    page.wait_for_url(re.compile(r"speaker_id=kim-jong-un"))
    assert page.locator("table.rows-and-columns tbody tr").count() == 1

    page.goto(f"{server}/quotes/quotes")
    page.locator('input[name="_search"]').fill("regional stability")
    page.locator('input[name="_search"]').press("Enter")
    page.wait_for_url(re.compile(r"_search="))
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 1
    assert "threat to regional stability" in rows.inner_text()
    assert page.dialogs == [] and page.errors == []


def test_quotes_by_speaker_form_finds_any_spelling(page, server):
    page.goto(f"{server}/quotes/quotes_by_speaker")
    assert not page.locator("#sql-editor, #sql-query").count()  # the SQL is not printed
    page.locator('input[name="speaker"]').fill("Kim Jong-un")
    page.locator('input[type="submit"]').click()
    page.wait_for_url(re.compile(r"speaker=Kim"))
    row = page.locator("table.rows-and-columns tbody tr")
    assert row.count() == 1
    assert KIM in row.inner_text()
    row.get_by_role("link", name="Kim Jong Un").click()
    page.wait_for_url(re.compile(r"/quotes/speakers/kim-jong-un$"))


def test_home_search_finds_a_misspelt_speaker(page, server):
    page.goto(f"{server}/")
    box = page.get_by_label("Search quotes and speakers")
    box.fill("Dmitri Peskov")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/-/quotes/search\?q=Dmitri"))
    page.get_by_role("link", name="Dmitry Peskov", exact=True).click()
    page.wait_for_url(re.compile(r"/quotes/speakers/dmitry-peskov$"))
    assert page.locator("h1").inner_text() == "Dmitry Peskov"
    # a surname spelt wrong is offered, not taken
    page.goto(f"{server}/-/quotes/search?q=Peskow")
    assert page.get_by_text("Did you mean").is_visible()
    assert page.locator(".close-matches").get_by_role("link", name="Dmitry Peskov").is_visible()
    assert page.dialogs == [] and page.errors == []


def test_speaker_page_lists_and_searches_their_quotes(page, server):
    page.goto(f"{server}/quotes/speakers/dmitry-peskov")
    quotes = page.locator(".speaker-quotes > li")
    assert quotes.count() == 2
    assert quotes.first.inner_text().startswith(f"Dmitry Peskov said that {PESKOV_REPORTED}")  # newest first
    page.get_by_label("Search Dmitry Peskov's quotes").fill("partnership")
    page.get_by_label("Search Dmitry Peskov's quotes").press("Enter")
    page.wait_for_url(re.compile(r"\?q=partnership"))
    assert page.locator(".speaker-quotes > li").count() == 1
    assert "strategic partnership" in page.locator(".speaker-quotes").inner_text()


def test_quote_page_and_its_embed_snippets_on_another_site(page, server, site_db, tmp_path):
    kim = quote_id(site_db, KIM)
    page.goto(f"{server}/quotes/quotes/{kim}")
    assert page.locator("h1").inner_text().endswith(f"“{KIM}”")
    assert page.locator(".quote-mentions > li").count() == 2
    assert page.locator(".quote-context mark").first.inner_text() == f"“{KIM}”"
    oembed = page.locator('link[type="application/json+oembed"]').get_attribute("href")
    assert oembed.startswith(f"{server}/-/quotes/oembed?url=")
    snippets = {name: page.locator(f"#embed-{name}").input_value() for name in ("iframe", "script")}
    assert page.dialogs == [] and page.errors == []
    # a page of another origin, made of the two snippets as a journalist would paste them
    (tmp_path / "story.html").write_text(
        '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>Story</title>'
        f"<p>By script:</p>{snippets['script']}<p>By iframe:</p>{snippets['iframe']}",
        encoding="utf-8",
    )
    with screenshots.static_server(tmp_path) as site:
        assert not site.startswith(server)
        page.goto(f"{site}/story.html")
        card = page.locator(f'blockquote[data-quote-id="{kim}"][data-quote-rendered="true"]')
        card.wait_for(state="attached")
        assert card.locator(".quote-text").inner_text() == f"“{KIM}”"
        assert (
            card.get_by_role("link", name="Kim Jong Un").get_attribute("href")
            == f"{server}/quotes/speakers/kim-jong-un"
        )
        frame = page.frame_locator("iframe")
        assert frame.locator(".quote-text").inner_text() == f"“{KIM}”"
        # the iframe takes its card's height, however tall the snippet said it was
        page.wait_for_function("document.querySelector('iframe').style.height !== ''")
        iframe_height = page.locator("iframe").bounding_box()["height"]
        card_height = frame.locator(".quote-card").bounding_box()["height"]
        assert card_height <= iframe_height <= card_height + 20
        assert page.dialogs == [] and page.errors == []


def test_reported_speech_card_has_no_quotation_marks(page, server, site_db, tmp_path):
    reported = quote_id(site_db, PUTIN_REPORTED)
    page.goto(f"{server}/-/quotes/embed/{reported}")
    words = page.locator(".quote-text").inner_text()
    assert words == f"Vladimir Putin said that {PUTIN_REPORTED}"
    assert not any(mark in words for mark in QUOTE_MARKS)
    assert page.locator(".quote-label").inner_text().lower() == "reported speech"
    page.goto(f"{server}/quotes/quotes/{reported}")
    assert not any(mark in page.locator("h1").inner_text() for mark in QUOTE_MARKS)


def test_article_page_marks_its_quotes(page, server, site_db):
    article = (
        sqlite_utils.Database(site_db).execute("select id from articles where path = 'seeds/a2.txt'").fetchone()[0]
    )
    page.goto(f"{server}/quotes/articles/{article}")
    marks = page.locator(".article-text mark")
    assert marks.count() == 3
    assert marks.nth(0).inner_text() == f"“{KIM}”"
    assert marks.nth(1).inner_text() == PUTIN_REPORTED
    assert page.locator(".quote-speaker-tag").all_inner_texts() == ["Kim Jong Un", "Vladimir Putin", "Dmitry Peskov"]
    assert page.get_by_role("link", name="the original story").get_attribute("href") == "https://example.org/a2"
    assert page.get_by_role("heading", level=1).inner_text() == "Summit <warning>"
    marks.nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/quotes/quotes/{quote_id(site_db, PUTIN_REPORTED)}$"))
    assert page.dialogs == [] and page.errors == []


def test_article_page_on_another_site_embeds_cards(page, server, site_db, tmp_path):
    kim, hostile = quote_id(site_db, KIM), quote_id(site_db, HOSTILE)
    (tmp_path / "article.html").write_text(
        screenshots.article_page(
            server,
            "quotes",
            kim,
            screenshots.oembed_html(server, "quotes", hostile),
            search="Pyongyang",
            speaker="Putin",
            extra_quote_id=hostile,
            reported_quote_id=quote_id(site_db, PUTIN_REPORTED),
        ),
        encoding="utf-8",
    )
    with screenshots.static_server(tmp_path) as site:
        page.goto(f"{site}/article.html")
        for host in ("#card", "#search-cards", "#extra-card", "#reported-card"):
            page.locator(f'{host}[data-quote-rendered="true"]').wait_for(state="attached")

        card = page.locator("#card")
        assert card.locator(".quote-text").inner_text() == f"“{KIM}”"
        assert card.get_by_role("link", name="Kim Jong Un").is_visible()
        assert card.get_by_text("North Korean leader").is_visible()
        sources = card.locator(".quote-sources li")
        assert sources.all_inner_texts() == [
            "Korea Daily, 13 June 2024: Putin to visit Pyongyang",
            "The Guardian, 14 June 2024: Summit <warning>",
        ]
        assert card.get_by_role("link", name="Korea Daily").get_attribute("href") == "https://example.org/a1"
        assert card.get_by_role("link", name="quote").get_attribute("href") == f"{server}/quotes/quotes/{kim}"
        assert card.get_by_text("Carried by 2 outlets, first seen 13 June 2024").is_visible()

        found = page.locator("#search-cards .quote-card")
        assert found.count() == 1
        assert found.locator(".quote-text").inner_text() == f"Vladimir Putin said that {PUTIN_REPORTED}"

        reported = page.locator("#reported-card .quote-text").inner_text()
        assert reported == f"Vladimir Putin said that {PUTIN_REPORTED}"
        assert not any(mark in reported for mark in QUOTE_MARKS)

        extra = page.locator("#extra-card")
        assert extra.locator(".quote-text").inner_text() == HOSTILE_SHOWN  # shown as text
        assert extra.get_by_text("Evil <b>Hacker</b>").is_visible()
        assert extra.locator("script, b, i").count() == 0

        frame = page.frame_locator("iframe")
        assert frame.locator(".quote-text").inner_text() == HOSTILE_SHOWN
        assert frame.get_by_text("Evil <b>Hacker</b>").is_visible()
        assert frame.get_by_text("<i>chief</i> troll", exact=False).is_visible()
        assert frame.locator("b, i").count() == 0 and frame.locator("script").count() == 1  # its height script

        page.screenshot(path=str(tmp_path / "embed.png"), full_page=True)
        assert page.dialogs == [], "a script from the data ran"
        assert page.errors == []


def test_embed_js_reports_unknown_quote_and_keeps_fallback(page, server, tmp_path):
    (tmp_path / "missing.html").write_text(
        '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
        '<blockquote data-quote-id="nosuchquote" id="card">Fallback text</blockquote>'
        f'<script src="{server}/-/quotes/embed.js"></script>',
        encoding="utf-8",
    )
    with screenshots.static_server(tmp_path) as site:
        page.goto(f"{site}/missing.html")
        page.locator("#card[data-quote-error]").wait_for(state="attached")
        assert page.locator("#card").get_attribute("data-quote-error") == "no quote nosuchquote"
        assert page.get_by_text("Fallback text").is_visible()
