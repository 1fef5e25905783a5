"""oEmbed answers only for this site's quotes, builds links from configuration, never from Host."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from site_data import KIM, PUTIN_REPORTED, write_site

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
SITE = "https://quotes.example.org"


@pytest.fixture(scope="module")
def site_db(tmp_path_factory):
    return write_site(tmp_path_factory.mktemp("oembed") / "quotes.db")


def served(site_db, url: str | None = SITE, **settings) -> Datasette:
    metadata = copy.deepcopy(METADATA)
    if url:
        metadata["plugins"]["quotes"]["url"] = url
    return Datasette([str(site_db)], metadata=metadata, settings=settings or None)


def qid(site_db, text: str) -> str:
    return sqlite_utils.Database(site_db).execute("select id from quotes where text = ?", [text]).fetchone()[0]


async def oembed(ds, url: str, extra: str = "", **kwargs):
    return await ds.client.get(f"/-/quotes/oembed?url={quote(url, safe='')}{extra}", **kwargs)


async def test_oembed_for_a_quote_of_this_site(site_db):
    ds = served(site_db)
    quote_id = qid(site_db, KIM)
    for url in (f"{SITE}/quotes/quotes/{quote_id}", f"http://quotes.example.org/-/quotes/embed/{quote_id}"):
        data = (await oembed(ds, url)).json()
        assert (data["type"], data["version"], data["width"]) == ("rich", "1.0", 520)
        assert data["provider_name"] == METADATA["title"] and data["provider_url"] == f"{SITE}/"
        assert data["author_name"] == "Kim Jong Un" and data["title"] == f"“{KIM}”"
        src = re.search(r'<iframe src="([^"]+)" width="520" height="(\d+)"', data["html"])
        assert src.group(1) == f"{SITE}/-/quotes/embed/{quote_id}"
        assert int(src.group(2)) == data["height"] < 440  # about the card's height, not a fixed box
        assert f'<script async src="{SITE}/-/quotes/embed.js"></script>' in data["html"]
    data = (await oembed(ds, f"{SITE}/quotes/quotes/{quote_id}", "&maxwidth=300&maxheight=100")).json()
    assert (data["width"], data["height"]) == (300, 100) and 'width="300"' in data["html"]


async def test_oembed_title_of_reported_speech_is_not_a_quotation(site_db):
    data = (await oembed(served(site_db), f"{SITE}/quotes/quotes/{qid(site_db, PUTIN_REPORTED)}")).json()
    assert data["title"] == f"Vladimir Putin said that {PUTIN_REPORTED}"


async def test_oembed_refuses_other_sites_and_ignores_the_host_header(site_db):
    ds = served(site_db)
    quote_id = qid(site_db, KIM)
    for url in (
        f"http://evil.example.com/quotes/quotes/{quote_id}",
        f"https://quotes.example.org.evil.example.com/quotes/quotes/{quote_id}",
        f"https://user@evil.example.com/quotes/quotes/{quote_id}",
        f"javascript://quotes.example.org/quotes/quotes/{quote_id}",
    ):
        response = await oembed(ds, url)
        assert response.status_code == 404 and response.json()["error"] == "not a quote on this site", url
    response = await oembed(ds, f"{SITE}/quotes/quotes/{quote_id}", headers={"host": "evil.example.com"})
    assert "evil" not in response.text
    card = await ds.client.get(f"/-/quotes/embed/{quote_id}", headers={"host": "evil.example.com"})
    assert "evil" not in card.text and f'href="{SITE}/quotes/quotes/{quote_id}"' in card.text


async def test_without_a_configured_url_links_use_the_servers_own_address(site_db):
    ds = served(site_db, url=None)
    quote_id = qid(site_db, KIM)
    data = (await oembed(ds, f"http://localhost/quotes/quotes/{quote_id}", headers={"host": "evil.example.com"})).json()
    assert f'src="http://localhost/-/quotes/embed/{quote_id}"' in data["html"] and "evil" not in str(data)
    assert (await oembed(ds, f"{SITE}/quotes/quotes/{quote_id}")).status_code == 404


async def test_oembed_under_a_base_url(site_db):
    ds = served(site_db, base_url="/site/")
    quote_id = qid(site_db, KIM)
    data = (await oembed(ds, f"{SITE}/site/quotes/quotes/{quote_id}")).json()
    assert f'src="{SITE}/site/-/quotes/embed/{quote_id}"' in data["html"]
    assert (await oembed(ds, f"{SITE}/quotes/quotes/{quote_id}")).status_code == 404


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("", 400, "url is required"),
        ("url=", 400, "url is required"),
        (f"url={SITE}/quotes/speakers/kim-jong-un", 404, "not a quote on this site"),
        (f"url={SITE}/quotes/quotes/nosuchquote", 404, "no such quote"),
        (f"url={SITE}/nosuchdb/quotes/abc", 404, "no such quote"),
        (f"url={SITE}/quotes/quotes/abc&maxwidth=wide", 400, "maxwidth and maxheight must be whole numbers"),
        (f"url={SITE}/quotes/quotes/abc&maxheight=-1", 400, "maxwidth and maxheight must be whole numbers"),
        (f"url={SITE}/quotes/quotes/abc&format=xml", 501, "only format=json is supported"),
        ("url=%ff%fe<script>", 404, "not a quote on this site"),
    ],
)
async def test_oembed_errors_are_short_fixed_messages(site_db, query, status, message):
    response = await served(site_db).client.get(f"/-/quotes/oembed?{query}")
    assert response.status_code == status
    body = response.json()
    assert body["error"].startswith(message) and set(body) == {"error", "status"}
    assert "<script" not in response.text and "Error" not in body["error"]


async def test_a_bad_configured_url_stops_the_server_with_its_reason(site_db):
    with pytest.raises(ValueError, match="plugins.quotes.url must be an http"):
        await served(site_db, url="quotes.example.org").invoke_startup()
