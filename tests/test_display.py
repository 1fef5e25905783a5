"""How quotes are shown: marks only around the speaker's own words, reported speech led and labelled."""

from __future__ import annotations

import pytest

from quotes.publish.display import human_date, render
from quotes.publish.passages import article_paragraphs, context


def test_direct_quote_is_in_marks_once():
    r = render("We will strengthen our cooperation with Russia.", "direct", "Kim Jong Un", "said")
    assert r.plain() == "“We will strengthen our cooperation with Russia.”"
    assert (r.label, r.lead, r.outer) == ("Quote", None, True)
    # marks already around the text are not doubled
    assert render("“It is our neighbour”", "direct").plain() == "“It is our neighbour”"
    assert render('"It is our neighbour"', "direct").plain() == "“It is our neighbour”"


def test_marks_inside_a_direct_quote_become_single():
    r = render('What we call a "charm offensive" is over', "direct")
    assert r.plain() == "“What we call a ‘charm offensive’ is over”"


def test_mixed_quote_marks_only_its_fragment():
    text = "his country's relations with Moscow had “developed into an unbreakable relationship”"
    r = render(text, "mixed", "Kim Jong Un", "said")
    assert r.plain() == (
        "Kim Jong Un said that his country's relations with Moscow had “developed into an unbreakable relationship”"
    )
    assert r.words().count("“") == 1 and r.words().count("”") == 1
    assert [p.quoted for p in r.parts] == [False, True]
    assert r.label == "Partly quoted" and not r.outer


def test_reported_speech_has_no_marks_and_is_led_by_its_speaker():
    r = render("the Kremlin had no comment", "indirect", "Dmitry Peskov", "said")
    assert r.plain() == "Dmitry Peskov said that the Kremlin had no comment"
    assert "“" not in r.plain() and "”" not in r.plain()
    assert r.label == "Reported speech"


@pytest.mark.parametrize(
    "cue, lead",
    [
        ("said", "Dmitry Peskov said that"),
        ("told", "Dmitry Peskov said that"),  # "told" without its hearer
        ("saying", "Dmitry Peskov said that"),
        ("thanked", "Dmitry Peskov thanked"),
        ("denies", "Dmitry Peskov denied"),
        ("according to", "According to Dmitry Peskov,"),
        ("as per", "According to Dmitry Peskov,"),
        (None, "Dmitry Peskov said that"),
    ],
)
def test_lead_uses_the_past_tense_of_the_cue(cue, lead):
    assert render("Pyongyang for its support", "indirect", "Dmitry Peskov", cue).lead == lead


def test_reported_clause_starts_in_lower_case_after_the_lead():
    assert render("The visit is over", "indirect", "Dmitry Peskov", "said").plain() == (
        "Dmitry Peskov said that the visit is over"
    )
    assert render("Russia is ready", "indirect", "Dmitry Peskov", "said").plain().endswith("that Russia is ready")


def test_unattributed_reported_speech_has_no_lead_and_no_marks():
    r = render("the talks had “stalled” again", "mixed", None)
    assert r.lead is None and r.plain() == "the talks had “stalled” again"


def test_html_escapes_everything():
    html = str(render("<b>x</b> & “<i>y</i>”", "mixed", "Evil <b>Hacker</b>", "said").html())
    assert "<b>" not in html and "<i>" not in html
    assert "Evil &lt;b&gt;Hacker&lt;/b&gt; said that" in html
    assert '<span class="quote-fragment">“&lt;i&gt;y&lt;/i&gt;”</span>' in html


def test_human_dates():
    assert human_date("2024-06-13") == "13 June 2024"
    assert human_date("2024-06") == "June 2024"
    assert human_date("2024-13-45") == "2024-13-45"
    assert human_date(None) is None


def test_context_is_the_sentences_around_the_quote():
    text = "First sentence here. Kirby said: “We are not concerned.” Then more. Last one here."
    start = text.index("We are")
    c = context(text, 0, start, start + len("We are not concerned."), "We are not concerned.", len(text))
    assert c == {
        "before": "First sentence here. Kirby said: ",
        "quote": "“We are not concerned.”",
        "after": " Then more.",
    }
    assert context(text, 0, 0, 5, "nope!", len(text)) is None  # offsets that do not hold the words


def test_article_paragraphs_mark_quotes_where_offsets_hold():
    text = "Kirby said: “We are fine.”\nPutin said the visit was useful.\n"
    good = {"start": text.index("We"), "end": text.index("fine.") + 5, "text": "We are fine.", "kind": "direct"}
    reported = {"start": text.index("the visit"), "end": text.index("useful") + 6, "kind": "indirect"}
    reported["text"] = text[reported["start"] : reported["end"]]
    wrong = {"start": 0, "end": 5, "text": "nope!", "kind": "direct"}
    paragraphs = article_paragraphs(text, [good, reported, wrong])
    assert [[(s["text"], s["mention"] is not None) for s in p] for p in paragraphs] == [
        [("Kirby said: ", False), ("“We are fine.”", True)],
        [("Putin said ", False), ("the visit was useful", True), (".", False)],
    ]
