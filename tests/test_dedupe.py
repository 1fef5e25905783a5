"""Issue #5: one quote_id per remark, however many outlets and renderings carry it."""

import random

import pytest
from conftest import record

from quotes.corpus import dedupe
from quotes.corpus.dedupe import assign_quote_ids, content_words, stem
from quotes.corpus.rows import article_id, resolve, table_rows
from quotes.ids import digest

DATES = {"a1": "2024-03-01", "a2": "2024-03-02", "a3": "2024-03-03", "a4": "2024-03-04"}
MINISTER = "harbour-minister"
ARTICLES = {path: {"path": path, "published": day} for path, day in DATES.items()}


def same(*records: dict) -> bool:
    assign_quote_ids(list(records), ARTICLES)
    return len({r["quote_id"] for r in records}) == 1


@pytest.mark.parametrize(
    "first,second",
    [
        # verbatim in two outlets
        (
            "The harbour will reopen to cargo ships by the end of March.",
            "The harbour will reopen to cargo ships by the end of March.",
        ),
        # near-verbatim: one outlet keeps a few more words
        (
            "the harbour will reopen to cargo ships by the end of March",
            "The harbour will reopen to cargo ships by the end of March at the latest",
        ),
        # two translations of one briefing
        (
            "We see the expanding cooperation between these two governments as a worry",
            "What worries us is the widening cooperation between our two governments",
        ),
        # a direct quote and its reported form
        ("The railway line will be finished before the winter", "the railway line would be finished before winter"),
        # a fragment inside a longer rendering
        (
            "a reckless gamble with public money",
            "The plan is a reckless gamble with public money and the council knows it",
        ),
        # paraphrase words and a contraction
        ("We aren't worried about the trip", "not worried about the visit itself"),
    ],
)
def test_renderings_of_one_remark_share_a_quote_id(first, second):
    assert same(record("a1", first, MINISTER), record("a2", second, MINISTER))


@pytest.mark.parametrize(
    "first,second",
    [
        # different remarks by one speaker
        (
            "The harbour will reopen to cargo ships by the end of March",
            "Fishermen deserve compensation for the lost season",
        ),
        # same topic words, different remark
        ("The harbour will reopen in March", "The harbour lost money in March"),
        ("a diplomatic charm offensive", "We aren't worried about the trip"),
    ],
)
def test_different_remarks_of_one_speaker_stay_apart(first, second):
    assert not same(record("a1", first, MINISTER), record("a2", second, MINISTER))


def test_similar_words_from_different_speakers_stay_apart():
    assert not same(
        record("a1", "That claim is absurd", "foreign-ministry"),
        record("a2", "an absurd contradiction", "north-korean-official"),
    )
    assert not same(
        record("a1", "We will not back down", "mayor"), record("a2", "We will not back down", "union-leader")
    )


def test_unattributed_text_merges_only_when_long_and_near_verbatim():
    assert not same(record("a1", "absolutely unacceptable", None), record("a2", "absolutely unacceptable", None))
    long_text = "The bridge will stay closed to lorries until the engineers have finished every inspection"
    assert same(record("a1", long_text, None), record("a2", long_text + " next spring", None))
    assert not same(
        record("a1", "The bridge will stay closed to lorries for now", None),
        record("a2", "The bridge will stay open to cyclists for now", None),
    )


def test_one_article_keeps_two_remarks_apart_unless_one_repeats_the_other():
    first = record("a1", "The harbour will reopen to cargo ships in March", MINISTER, start=10)
    second = record("a1", "The harbour will reopen to cargo ships only after repairs", MINISTER, start=200)
    assert not same(first, second)  # across articles these would merge
    assert same(
        record("a1", "The harbour will reopen to cargo ships in March", MINISTER, start=10),
        record("a2", "The harbour will reopen to cargo ships only after repairs", MINISTER),
    )
    headline = record("a1", "reopen to cargo ships in March", MINISTER, start=0)
    body = record("a1", "The harbour will reopen to cargo ships in March, the minister said", MINISTER, start=300)
    assert same(headline, body)


def test_a_long_rendering_does_not_bridge_two_remarks_of_one_article():
    bridge = record(
        "a1",
        "We aren't worried about the trip. What worries us is the widening cooperation between these two governments",
        MINISTER,
    )
    trip = record("a2", "not worried about the visit itself", MINISTER, start=10)
    cooperation = record(
        "a2", "What worries us is the expanding cooperation between our two governments", MINISTER, start=80
    )
    records = [trip, cooperation, bridge]
    assign_quote_ids(records, ARTICLES)
    assert trip["quote_id"] != cooperation["quote_id"]
    assert bridge["quote_id"] in {trip["quote_id"], cooperation["quote_id"]}


def test_chain_of_renderings_joins_transitively():
    records = [
        record("a1", "ties have grown into an unbreakable bond of comrades-in-arms", MINISTER),
        record("a2", "an unbreakable bond of comrades-in-arms", MINISTER),
        record("a3", "relations had grown into an unbreakable bond of comrades-in-arms with Moscow", MINISTER),
    ]
    assert same(*records)


def test_quote_ids_are_deterministic_and_name_the_earliest_rendering():
    records = [
        record("a3", "The harbour will reopen to cargo ships by the end of March", MINISTER, start=5),
        record("a1", "harbour will reopen to cargo ships by the end of March at the latest", MINISTER, start=70),
        record("a2", "Fishermen deserve compensation for the lost season", MINISTER, start=9),
        record("a4", "Fishermen deserve compensation for the lost season", MINISTER, start=3),
        record("a2", "We will not back down", "union-leader", start=40),
    ]
    assign_quote_ids(records, ARTICLES)
    ids = [r["quote_id"] for r in records]
    assert ids[0] == ids[1] == digest("a1", "70")
    assert ids[2] == ids[3] == digest("a2", "9")
    assert len(set(ids)) == 3
    for seed in range(5):
        shuffled = [dict(r) for r in records]
        random.Random(seed).shuffle(shuffled)
        assign_quote_ids(shuffled, ARTICLES)
        assert {(r["article"], r["start"]): r["quote_id"] for r in shuffled} == {
            (r["article"], r["start"]): r["quote_id"] for r in records
        }


def test_light_stemming_joins_inflections_not_synonyms():
    assert stem("relations") == stem("relationship") == stem("relation")
    assert stem("developed") == stem("developing") == stem("develop")
    assert stem("deepening") != stem("growing")
    assert "not" in content_words("We aren't concerned")
    assert content_words("We will not go") == content_words("we won't go")


def test_candidates_are_capped_in_big_blocks(monkeypatch):
    """Thousands of mentions sharing their words are not compared pair by pair."""
    rng = random.Random(7)
    common = [f"common{i}" for i in range(30)]
    rare = [f"rare{i}" for i in range(1500)]
    records = [
        record(f"art{i}", " ".join(rng.sample(common, 5) + rng.sample(rare, 4)), MINISTER, start=i) for i in range(3000)
    ]
    calls = 0
    real = dedupe.same_remark

    def counting(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(dedupe, "same_remark", counting)
    assign_quote_ids(records)
    assert 0 < calls < len(records) * dedupe.KEYS * dedupe.CAP // 4
    assert calls < len(records) * (len(records) - 1) // 20


def test_quote_row_gives_fullest_rendering_first_seen_and_counts():
    articles = [
        {"path": "a1", "text": "Article 1.", "outlet": "Harbour Gazette", "published": "2024-03-01"},
        {"path": "a2", "text": "Article 2.", "outlet": "Coast News", "published": "2024-03-02"},
        {"path": "a3", "text": "Article 3.", "outlet": "Coast News", "published": "2024-03-03"},
    ]
    base = {"kind": "direct", "speaker": "Ana Ruiz", "speaker_kind": "person", "role": "minister", "cue": "said"}
    records = [
        {**base, "article": "a2", "start": 4, "end": 40, "text": "reopen to cargo ships by March"},
        {
            **base,
            "article": "a3",
            "start": 8,
            "end": 90,
            "text": "The harbour will reopen to cargo ships by March at the latest",
        },
        {
            **base,
            "article": "a1",
            "start": 2,
            "end": 60,
            "text": "The harbour will reopen to cargo ships by March",
            "kind": "indirect",
        },
    ]
    rows = table_rows(articles, records)
    [quote] = rows["quotes"]
    assert quote["id"] == digest(article_id(articles[0]), "2")  # the earliest rendering's article and start
    assert quote["text"] == "The harbour will reopen to cargo ships by March at the latest"
    assert (quote["first_seen"], quote["first_outlet_id"]) == ("2024-03-01", "harbour-gazette")
    assert (quote["n_outlets"], quote["n_mentions"]) == (2, 3)
    assert {m["quote_id"] for m in rows["mentions"]} == {quote["id"]}


def test_unnamed_sources_meet_across_articles_only_on_long_near_verbatim_text():
    articles = [{"path": p, "published": d, "text": f"Article {p}."} for p, d in DATES.items()]

    def anon(article, start, text, speaker="a spokesman"):
        return {
            "article": article,
            "start": start,
            "end": start + len(text),
            "text": text,
            "kind": "direct",
            "speaker": speaker,
            "speaker_kind": "anonymous",
            "mention": speaker,
        }

    records = [
        anon("a1", 0, "Full details of the new ferry timetable will be published next month"),
        anon("a2", 5, "full details of the new ferry timetable will be published next month."),
        anon("a1", 90, "We are looking into it"),
        anon("a2", 90, "We are looking into it"),
        anon("a3", 0, "Full details of the new ferry timetable will be published next month", "a critic"),
    ]
    records = resolve(articles, records)
    assert records[0]["speaker_id"] != records[1]["speaker_id"]  # one article each
    assert records[0]["quote_id"] == records[1]["quote_id"]
    assert records[2]["quote_id"] != records[3]["quote_id"]
    assert records[4]["quote_id"] == records[0]["quote_id"]  # described differently, same long words (issue #12)


# Issue #12 item 6: one remark, several speaker renderings.

ARTICLE_ROWS = [
    {"path": p, "outlet": f"Outlet {p}", "published": d, "title": None, "text": f"Article {p}."}
    for p, d in DATES.items()
]
REMARK = "The club will freeze season ticket prices for every supporter under eighteen next year"


def quotes_by_text(records):
    rows = table_rows(ARTICLE_ROWS, records)
    return rows["quotes"], {m["text"]: m["quote_id"] for m in rows["mentions"]}


def test_an_unresolved_rendering_joins_the_named_one_and_the_quote_takes_the_name():
    quotes, ids = quotes_by_text(
        [
            record("a1", REMARK + ".", None, cue="said", resolved_by="none"),  # first seen, no speaker
            record("a2", REMARK, "Ana Ruiz", role="chair"),
        ]
    )
    [quote] = quotes
    assert quote["speaker_id"] == "ana-ruiz"
    assert quote["id"] == digest(article_id(ARTICLE_ROWS[0]), "0")  # still named after its earliest rendering
    assert len(set(ids.values())) == 1


def test_described_differently_unnamed_sources_are_one_quote():
    quotes, _ = quotes_by_text(
        [
            record("a1", REMARK, "a spokesman for the supporters' club", speaker_kind="anonymous"),
            record("a2", REMARK + " at the latest", "a Fans United spokesman", speaker_kind="anonymous"),
            record("a3", "the club would freeze season ticket prices for every supporter under eighteen", None),
        ]
    )
    [quote] = quotes
    assert quote["n_mentions"] == 3
    # a description over none; between two descriptions as specific, the first by id
    assert quote["speaker_id"].startswith("a-fans-united-spokesman-")


def test_the_quote_speaker_is_the_most_specific_across_mentions():
    quotes, _ = quotes_by_text(
        [
            record("a1", REMARK, None),
            record("a2", REMARK, "a club official", speaker_kind="anonymous"),
            record("a3", REMARK, "the annual report", speaker_kind="document"),
            record("a4", REMARK, "Fans United", speaker_kind="organisation"),
        ]
    )
    [quote] = quotes
    assert quote["speaker_id"] == "fans-united"
    quotes, _ = quotes_by_text(
        [
            record("a1", REMARK, "a club official", speaker_kind="anonymous"),
            record("a2", REMARK, "the annual report", speaker_kind="document"),
        ]
    )
    [quote] = quotes
    assert quote["speaker_id"].startswith("the-annual-report-")  # a document named in one article only


def test_two_named_people_with_the_same_words_stay_two_quotes():
    quotes, ids = quotes_by_text(
        [
            record("a1", REMARK, "Ana Ruiz"),
            record("a2", REMARK, "Tom Hale"),
            # an unresolved third rendering joins one of them, never both
            record("a3", REMARK, None),
        ]
    )
    assert len(quotes) == 2
    assert {q["speaker_id"] for q in quotes} == {"ana-ruiz", "tom-hale"}
    assert ids[REMARK] in {q["id"] for q in quotes}


def test_a_short_stock_phrase_without_a_speaker_is_not_merged():
    assert not same(record("a1", "We are looking into it", MINISTER), record("a2", "We are looking into it", None))
    assert not same(
        record("a1", "We are looking into it", "a spokesman", speaker_kind="anonymous"),
        record("a2", "We are looking into it", MINISTER),
    )
    # seven words: enough for an unnamed source, not for no speaker at all
    stock = "We will not comment on that today"
    assert not same(record("a1", stock, MINISTER), record("a2", stock, None))
    assert same(record("a1", stock, MINISTER), record("a2", stock, "a spokesman", speaker_kind="anonymous"))


def test_an_unresolved_rendering_joins_only_near_verbatim_text():
    named = record("a1", REMARK, "Ana Ruiz")
    reworded = record("a2", "Prices of season tickets for young fans are to be frozen by the club, officials say", None)
    assert not same(named, reworded)  # a paraphrase needs the speaker to be known
    assert same(
        record("a1", REMARK, "Ana Ruiz"),
        record("a2", "freeze season ticket prices for every supporter under eighteen", None),
    )


def test_an_unresolved_rendering_does_not_join_two_remarks_of_one_article():
    first = record("a1", "The club will freeze season ticket prices for every supporter", "Ana Ruiz", start=0)
    second = record("a1", "Pensioners will travel free to every away match from August", "Ana Ruiz", start=200)
    # holds both word for word: it may join one of them, not glue the two together
    both = record("a2", f"{first['text']}. {second['text']}", None)
    records = [first, second, both]
    assign_quote_ids(records, ARTICLES)
    assert first["quote_id"] != second["quote_id"]
    assert both["quote_id"] in {first["quote_id"], second["quote_id"]}
