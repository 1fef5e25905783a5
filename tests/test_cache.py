"""Responses kept for anonymous readers: never past a database change, never for a signed-in actor."""

from __future__ import annotations

import copy
import sqlite3
import time
import types
from pathlib import Path

import pytest
import yaml
from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from site_data import KIM, write_site

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


@pytest.fixture
def site_db(tmp_path):
    return write_site(tmp_path / "quotes.db")


def served(site_db, **plugin) -> Datasette:
    metadata = copy.deepcopy(METADATA)
    metadata["plugins"]["quotes"].update(plugin)
    return Datasette([str(site_db)], metadata=metadata)


async def test_a_page_is_kept_until_the_database_changes(site_db):
    ds = served(site_db)
    first = await ds.client.get("/quotes/quotes")
    second = await ds.client.get("/quotes/quotes")
    assert first.headers["x-quotes-cache"] == "miss" and second.headers["x-quotes-cache"] == "hit"
    assert second.text == first.text and KIM in second.text
    time.sleep(0.01)  # a new modification time, even on coarse clocks
    conn = sqlite3.connect(site_db)
    with conn:
        conn.execute("update speakers set name = 'Kim Jong Renamed' where id = 'kim-jong-un'")
    conn.close()
    third = await ds.client.get("/quotes/quotes")
    assert third.headers["x-quotes-cache"] == "miss"
    assert "Kim Jong Renamed" in third.text


async def test_plugin_routes_are_kept_a_minute(site_db):
    ds = served(site_db)
    first = await ds.client.get("/-/quotes/search.json?q=Peskov")
    assert first.headers["cache-control"] == "max-age=60"
    assert (await ds.client.get("/-/quotes/search.json?q=Peskov")).headers["x-quotes-cache"] == "hit"


async def test_signed_in_actors_and_errors_are_never_kept(site_db):
    ds = served(site_db)
    ds._metadata_local["databases"]["quotes"]["allow"] = {"id": "admin"}
    cookies = {"ds_actor": ds.sign({"a": {"id": "admin"}}, "actor")}
    for _ in range(2):
        response = await ds.client.get("/-/quotes/search?q=Kim", cookies=cookies)
        assert response.status_code == 200 and "x-quotes-cache" not in response.headers
        assert response.headers["cache-control"].startswith("private")
        denied = await ds.client.get("/-/quotes/search?q=Kim")
        assert denied.status_code == 403 and denied.headers["x-quotes-cache"] == "miss"


async def test_no_cache_when_switched_off_or_another_plugin_names_actors(site_db):
    ds = served(site_db, cache_entries=0)
    await ds.client.get("/quotes/quotes")
    assert "x-quotes-cache" not in (await ds.client.get("/quotes/quotes")).headers

    @hookimpl
    def actor_from_request(datasette, request):
        return {"id": "reader"} if request.args.get("token") else None

    plugin = types.ModuleType("token_actors")
    plugin.actor_from_request = actor_from_request
    pm.register(plugin, name="token-actors")
    try:
        ds = served(site_db)
        await ds.client.get("/quotes/quotes")
        assert "x-quotes-cache" not in (await ds.client.get("/quotes/quotes")).headers
    finally:
        pm.unregister(plugin)


async def test_a_bad_cache_size_stops_the_server(site_db):
    with pytest.raises(ValueError, match="cache_entries must be a whole number"):
        await served(site_db, cache_entries="lots").invoke_startup()


def test_least_recently_used_responses_go_first(monkeypatch):
    from quotes.publish import cache

    monkeypatch.setattr(cache, "MAX_BYTES", 25)
    kept = cache.ResponseCache(app=None, datasette=None, entries=3)
    for name in "abcd":
        kept.keep((name,), (0.0, {}, b"x" * 10))
    assert list(kept.entries) == [("c",), ("d",)] and kept.bytes == 20  # 3 entries allowed, 25 bytes
    kept.keep(("c",), (0.0, {}, b"y" * 5))
    assert list(kept.entries) == [("d",), ("c",)] and kept.bytes == 15
