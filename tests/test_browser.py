"""In a real browser: the quotes table page, and quote cards embedded in another site's page.

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

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("quotes_screenshots", ROOT / "docs" / "screenshots.py")
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)

KIM = "We will strengthen our cooperation with Russia."
HOSTILE = "<script>alert('owned')</script> & \"friends\""


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
def server(quote_site_db, browser):
    with screenshots.datasette_server(quote_site_db) as url:
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
    assert page.locator("table.rows-and-columns").get_by_text(KIM).is_visible()
    # markup in the data is on screen as text, and no script ran
    assert page.get_by_text(HOSTILE, exact=True).is_visible()
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
    page.locator('input[name="speaker"]').fill("Kim Jong-un")
    page.locator('input[type="submit"]').click()
    page.wait_for_url(re.compile(r"speaker=Kim"))
    row = page.locator("table.rows-and-columns tbody tr")
    assert row.count() == 1
    assert KIM in row.inner_text()
    row.get_by_role("link", name="Kim Jong Un").click()
    page.wait_for_url(re.compile(r"/quotes/speakers/kim-jong-un$"))


def test_article_page_on_another_site_embeds_cards(page, server, quote_site_db, tmp_path):
    kim, hostile = quote_id(quote_site_db, KIM), quote_id(quote_site_db, HOSTILE)
    (tmp_path / "article.html").write_text(
        screenshots.article_page(
            server,
            "quotes",
            kim,
            screenshots.oembed_html(server, "quotes", hostile),
            search="Pyongyang",
            speaker="Putin",
            extra_quote_id=hostile,
        ),
        encoding="utf-8",
    )
    with screenshots.static_server(tmp_path) as site:
        page.goto(f"{site}/article.html")
        page.locator("#card[data-quote-rendered]").wait_for(state="attached")
        page.locator("#search-cards[data-quote-rendered]").wait_for(state="attached")
        page.locator("#extra-card[data-quote-rendered]").wait_for(state="attached")

        card = page.locator("#card")
        assert card.locator(".quote-text").inner_text() == KIM
        assert card.get_by_role("link", name="Kim Jong Un").is_visible()
        assert card.get_by_text("North Korean leader; leader of North Korea").is_visible()
        sources = card.locator(".quote-sources li")
        assert sources.all_inner_texts() == [
            "Korea Daily, 2024-06-13: Putin to visit Pyongyang",
            "The Guardian, 2024-06-14: Summit <warning>",
        ]
        assert card.get_by_role("link", name="Korea Daily").get_attribute("href") == "https://example.org/a1"
        assert card.get_by_role("link", name="quote").get_attribute("href") == f"{server}/quotes/quotes/{kim}"
        assert card.get_by_text("Carried by 2 outlets, first seen 2024-06-13").is_visible()

        found = page.locator("#search-cards .quote-card")
        assert found.count() == 1
        assert found.locator(".quote-text").inner_text() == "Putin would travel to Pyongyang within days"
        assert "Vladimir Putin" in found.inner_text()

        extra = page.locator("#extra-card")
        assert extra.locator(".quote-text").inner_text() == HOSTILE  # shown as text
        assert extra.get_by_text("Evil <b>Hacker</b>").is_visible()
        assert extra.locator("script, b, i").count() == 0

        frame = page.frame_locator("iframe")
        assert frame.locator(".quote-text").inner_text() == HOSTILE
        assert frame.get_by_text("Evil <b>Hacker</b>").is_visible()
        assert frame.get_by_text("<i>chief</i> troll", exact=False).is_visible()
        assert frame.locator("script, b, i").count() == 0

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
