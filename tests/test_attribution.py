"""Finding quotes and their speakers, on sentences written for these tests."""

import pytest

from quotes.record import KINDS, RESOLVED_BY


def by_text(records, fragment):
    found = [r for r in records if fragment in r["text"]]
    assert found, f"no record containing {fragment!r} in {[r['text'] for r in records]}"
    return found[0]


def test_direct_quote_after_attribution(quotes_of):
    text = "“We will rebuild the bridge by spring,” Mayor Anna Lindqvist told reporters on Friday."
    r = by_text(quotes_of(text), "rebuild the bridge")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Anna Lindqvist", "told")
    assert text[r["start"] : r["end"]] == r["text"]


def test_quote_introduced_by_colon(quotes_of):
    text = 'The finance minister Paolo Greco said: "The budget is balanced for the first time in a decade."'
    r = by_text(quotes_of(text), "budget is balanced")
    assert r["kind"] == "direct"
    assert r["speaker"] == "Paolo Greco"
    assert r["role"] == "finance minister"


def test_split_quote_and_unattributed_continuation(quotes_of):
    text = (
        "“The talks went well,” said Maria Okafor, the union’s chief negotiator. “We expect a deal soon.”\n\n"
        "“Nobody wants a strike in the middle of winter.”"
    )
    records = quotes_of(text)
    assert [r["kind"] for r in records] == ["direct", "direct", "direct"]
    assert {r["speaker"] for r in records} == {"Maria Okafor"}
    assert records[0]["role"] == "the union’s chief negotiator"


def test_quote_running_over_paragraphs(quotes_of):
    text = (
        "“We have waited long enough for this,” the coach, Lena Varga, said. “The players are ready.\n\n"
        "“The fans deserve a final.”\n\nThe match starts at noon."
    )
    records = quotes_of(text)
    assert [r["text"] for r in records] == [
        "We have waited long enough for this",
        "The players are ready.",
        "The fans deserve a final.",
    ]
    assert {r["speaker"] for r in records} == {"Lena Varga"}


def test_mixed_quote_is_the_clause(quotes_of):
    text = "Senator Ruth Adeyemi said the new law was a “historic step” for rural hospitals."
    r = by_text(quotes_of(text), "historic step")
    assert r["kind"] == "mixed"
    assert r["text"] == "the new law was a “historic step” for rural hospitals"
    assert r["speaker"] == "Ruth Adeyemi"


@pytest.mark.parametrize(
    "sentence, speaker, content",
    [
        ("Environment Secretary Tom Hale insisted that the reservoir was safe.", "Tom Hale", "the reservoir was safe"),
        (
            "The airline’s chief executive, Carla Mendes, told shareholders on Tuesday that profits would fall.",
            "Carla Mendes",
            "profits would fall",
        ),
        (
            "Prices will rise again next year, the central bank warned.",
            "central bank",
            "Prices will rise again next year",
        ),
        ("Inflation has peaked, according to the statistics office.", "statistics office", "Inflation has peaked"),
    ],
)
def test_reported_speech(quotes_of, sentence, speaker, content):
    r = by_text(quotes_of(sentence), content)
    assert r["kind"] == "indirect"
    assert r["speaker"].casefold().endswith(speaker.casefold())


def test_quoted_as_saying_and_reported_by(quotes_of):
    text = (
        "“The road will reopen next week,” transport official Ivan Petrov was quoted as saying.\n\n"
        "The ferry service will resume in May, as reported by the regional broadcaster RTV."
    )
    records = quotes_of(text)
    assert by_text(records, "road will reopen")["speaker"] == "Ivan Petrov"
    assert by_text(records, "ferry service")["speaker"] in ("RTV", "regional broadcaster RTV")


def test_belief_is_not_speech(quotes_of):
    text = "Analysts believe that the merger will collapse. Investors expect that rates will stay high."
    assert quotes_of(text) == []


def test_pronoun_and_surname_resolve_to_the_full_name(quotes_of):
    text = (
        "Health Minister Sofia Brandt opened the new ward on Monday.\n\n"
        "She said that waiting lists would shrink.\n\n"
        "Brandt added that more nurses would be hired."
    )
    records = quotes_of(text)
    assert [r["speaker"] for r in records] == ["Sofia Brandt", "Sofia Brandt"]
    assert all(r["role"] == "Health Minister" for r in records)


def test_he_is_the_last_speaker_not_the_person_he_talks_about(quotes_of):
    text = (
        "The spokesman for the port authority, Omar Haddad, said the strike had ended.\n\n"
        "The dockers' leader, Peter Quinn, had called the strike in March.\n\n"
        "“Ships are moving again,” he said."
    )
    r = by_text(quotes_of(text), "Ships are moving")
    assert r["speaker"] == "Peter Quinn"


def test_anonymous_source_and_nominal_mention(quotes_of):
    text = (
        "A senior government official told reporters that the summit would be delayed.\n\n"
        "The official said the new date was “not yet fixed”."
    )
    records = quotes_of(text)
    assert [r["speaker"] for r in records] == ["a senior government official"] * 2
    assert {r.get("speaker_kind") for r in records} == {"anonymous"}


def test_organisations_speak(quotes_of):
    text = "The Foreign Ministry said in a statement that the ambassador had been summoned."
    r = by_text(quotes_of(text), "ambassador had been summoned")
    assert r["speaker_kind"] == "organisation"
    assert r["speaker"] == "Foreign Ministry"


def test_page_chrome_has_no_quotes(quotes_of):
    caption = "Fans celebrate the “historic” win outside the stadium in Lyon on Sunday. [AFP]"
    text = (
        f"{caption}\n\n{caption}\n\nRead more:\n\nCoach says ‘we never gave up’\n\n"
        "Log in to comment\n\nBY JANE DOE [jane@example.com]"
    )
    assert quotes_of(text) == []


def test_unbalanced_marks_do_not_swallow_the_article(quotes_of):
    text = (
        "The minister said “we are ready.\n\n"
        "Separately, the weather service warned that storms would hit the coast on Friday."
    )
    records = quotes_of(text)
    storm = by_text(records, "storms would hit")
    assert storm["kind"] == "indirect"
    assert all("\n" not in r["text"] for r in records)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = [
    "“",
    "”",
    '"',
    "‘",
    "’",
    "'",
    "«",
    "»",
    " said ",
    " told reporters that ",
    "He ",
    "Mr Smith",
    "the minister",
    ", according to officials",
    ".",
    ", ",
    "\n\n",
    "we will win",
    "Read more:",
    "the plan",
    " added: ",
    "The Kremlin",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=40).map("".join))
def test_records_always_point_into_the_text(quotes_of, text):
    for r in quotes_of(text):
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["kind"] in KINDS and r["resolved_by"] in RESOLVED_BY
        assert bool(r["speaker"]) == (r["resolved_by"] != "none")
