"""Speaker look-up that forgives spelling, honorifics and surnames, and offers close matches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette
from site_data import write_site

from quotes.publish.lookup import find_speakers


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = write_site(tmp_path_factory.mktemp("lookup") / "quotes.db")
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def found(conn, name: str) -> list[str]:
    return [m.speaker_id for m in find_speakers(conn, name).found]


@pytest.mark.parametrize(
    "name",
    ["Dmitry Peskov", "dmitry  peskov", "Dmitri Peskov", "Mr Peskov", "Mr. Peskov", "Peskov", "D. Peskov", "PESKOV"],
)
def test_any_spelling_finds_the_speaker(conn, name):
    assert found(conn, name) == ["dmitry-peskov"]


@pytest.mark.parametrize(
    "name", ["Kim Jong-un", "Kim Jong Un", "kim jong un", "Vladimir Putin", "Putin", "President Putin"]
)
def test_spellings_of_other_speakers(conn, name):
    assert len(found(conn, name)) == 1


@pytest.mark.parametrize("name", ["Kim", "Sergei Lavrov", "", "   ", "Anna Peskov"])
def test_strangers_and_other_first_names_find_nobody(conn, name):
    assert found(conn, name) == []


def test_a_misspelt_surname_offers_close_matches_instead(conn):
    lookup = find_speakers(conn, "Dmitry Peskow")
    assert lookup.found == () and [m.name for m in lookup.close] == ["Dmitry Peskov"]
    assert [m.name for m in find_speakers(conn, "Vladimir Putn").close] == ["Vladimir Putin"]
    assert find_speakers(conn, "Zzyzx Qwerty").close == ()


async def test_canned_queries_look_speakers_up_the_same_way(conn):
    path = conn.execute("pragma database_list").fetchone()[2]
    ds = Datasette([path])
    for name in ("Dmitri Peskov", "Mr Peskov", "Peskov"):
        rows = (await ds.client.get(f"/quotes/quotes_by_speaker.json?_shape=array&speaker={name}")).json()
        assert {r["speaker"] for r in rows} == {"Dmitry Peskov"} and len(rows) == 2, name
    rows = (await ds.client.get("/quotes/search_quotes.json?_shape=array&q=partnership&speaker=Dmitri+Peskov")).json()
    assert [r["kind"] for r in rows] == ["mixed"]
    assert (await ds.client.get("/quotes/quotes_by_speaker.json?_shape=array&speaker=Kim")).json() == []
    assert Path(path).name == "quotes.db"
