"""Every route and page of the plugin honours Datasette's permissions, as Datasette's own views do."""

from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from site_data import KIM, write_site

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_db(tmp_path_factory):
    return write_site(tmp_path_factory.mktemp("perm") / "quotes.db")


def served(site_db, change) -> Datasette:
    metadata = copy.deepcopy(METADATA)
    change(metadata)
    return Datasette([str(site_db)], metadata=metadata)


def kim(site_db) -> str:
    return sqlite_utils.Database(site_db).execute("select id from quotes where text = ?", [KIM]).fetchone()[0]


def plugin_paths(quote_id: str) -> list[str]:
    url = quote(f"http://localhost/quotes/quotes/{quote_id}", safe="")
    return [
        f"/-/quotes/embed/{quote_id}",
        f"/-/quotes/card/{quote_id}.json",
        "/-/quotes/cards.json?q=cooperation",
        f"/-/quotes/oembed?url={url}",
        "/-/quotes/search?q=Kim",
        "/-/quotes/search.json?q=Kim",
    ]


def admin_cookies(ds) -> dict:
    return {"ds_actor": ds.sign({"a": {"id": "admin"}}, "actor")}


async def test_a_private_database_is_private_through_the_plugin_too(site_db):
    ds = served(site_db, lambda m: m["databases"]["quotes"].__setitem__("allow", {"id": "admin"}))
    assert (await ds.client.get("/quotes/quotes.json")).status_code == 403
    for path in plugin_paths(kim(site_db)):
        response = await ds.client.get(path)
        assert response.status_code == 403, path
        assert KIM not in response.text, path
    script = (await ds.client.get("/-/quotes/embed.js")).text
    assert "var DEFAULT_DB = null;" in script
    assert 'name="q"' not in (await ds.client.get("/")).text  # no search box for what one cannot search
    # the actor who may see it sees everything
    for path in plugin_paths(kim(site_db)):
        response = await ds.client.get(path, cookies=admin_cookies(ds))
        assert response.status_code == 200, path
    script = await ds.client.get("/-/quotes/embed.js", cookies=admin_cookies(ds))
    assert 'var DEFAULT_DB = "quotes";' in script.text and "no-store" in script.headers["cache-control"]


async def test_a_private_instance_is_private_through_the_plugin_too(site_db):
    ds = served(site_db, lambda m: m.__setitem__("allow", {"id": "admin"}))
    for path in [*plugin_paths(kim(site_db)), "/-/quotes/site.css"]:
        assert (await ds.client.get(path)).status_code == 403, path


async def test_a_private_table_the_card_reads_keeps_the_card_private(site_db):
    ds = served(site_db, lambda m: m["databases"]["quotes"]["tables"]["mentions"].__setitem__("allow", False))
    quote_id = kim(site_db)
    for path in plugin_paths(quote_id)[:5]:
        assert (await ds.client.get(path)).status_code == 403, path
    # the quote's own row page stays Datasette's, without the mentions it may not show
    html = (await ds.client.get(f"/quotes/quotes/{quote_id}")).text
    assert "Every mention" not in html and "Officials in Seoul" not in html


async def test_a_restricted_canned_query_is_not_linked_from_cards(site_db):
    def restrict(m):
        m["databases"]["quotes"]["queries"] = {
            "quote_sources": {"sql": "select 1", "allow": {"id": "admin"}, "title": "Sources"}
        }

    ds = served(site_db, restrict)
    quote_id = kim(site_db)
    assert (await ds.client.get(f"/quotes/quote_sources?quote_id={quote_id}")).status_code == 403
    card = (await ds.client.get(f"/-/quotes/card/{quote_id}.json")).json()
    assert card["sources_url"] is None
    assert "all sources" not in (await ds.client.get(f"/-/quotes/embed/{quote_id}")).text
    # the shipped queries metadata does not name are still there
    assert (await ds.client.get("/quotes/who_said_this.json?text=cooperation")).status_code == 200
