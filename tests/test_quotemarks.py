"""The quotation-mark scanner: every style, apostrophes, paragraphs, bad input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.article.quotemarks import find_quoted_spans


def inner(text):
    return [text[q.inner_start : q.inner_end] for q in find_quoted_spans(text)]


def test_every_mark_style():
    text = 'He said "one", then “two”, then ‘three’, then «four» and „five“.'
    assert inner(text) == ["one", "two", "three", "four", "five"]


def test_apostrophes_are_not_quotes():
    text = "The minister’s aide said the ‘don’t panic’ message was the government’s line, not the leaders’."
    assert inner(text) == ["don’t panic"]


def test_straight_apostrophes_and_years():
    text = "It's the '90s again, said O'Brien, and 'nothing works'."
    assert inner(text) == ["nothing works"]


def test_quote_never_crosses_a_paragraph():
    text = "“The first paragraph of a long remark.\n\n“The second, which ends here,” she said."
    spans = find_quoted_spans(text)
    assert [text[q.inner_start : q.inner_end] for q in spans] == [
        "The first paragraph of a long remark.",
        "The second, which ends here,",
    ]
    assert [q.closed for q in spans] == [False, True]


def test_unbalanced_mark_stops_at_its_paragraph():
    text = 'The mayor said "we will win.\nThe council met later and nobody said anything.'
    assert inner(text) == ["we will win."]


def test_run_in_paragraphs_are_split():
    # a lost paragraph break: the second quote opens without the first closing
    text = 'She said: "We tried hard. "In the end we could not win." Then she left.'
    assert inner(text) == ["We tried hard.", "In the end we could not win."]
    # the first paragraph ending in a quote of its own
    text = "\"It made you say 'wow - that's interesting.' \"My own view is that it was fine.\" He left."
    assert inner(text) == ["It made you say 'wow - that's interesting.'", "My own view is that it was fine."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»„‹›‚")) | st.characters(), max_size=300))
def test_any_text_gives_spans_in_bounds(text):
    spans = find_quoted_spans(text)
    previous_end = 0
    for q in spans:
        assert 0 <= q.start < q.inner_start <= q.inner_end <= q.end <= len(text)
        assert q.start >= previous_end  # no overlaps
        assert "\n" not in text[q.start : q.end]
        assert text[q.inner_start : q.inner_end] == text[q.inner_start : q.inner_end].strip()
        previous_end = q.end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["“", "”", '"', "‘", "’", "'", "«", "»", "word ", "x", ". ", "\n", ", "]), max_size=80
    ).map("".join)
)
def test_mark_soup_never_crashes(text):
    for q in find_quoted_spans(text):
        assert text[q.inner_start : q.inner_end]


@pytest.mark.parametrize(
    "text, inner",
    [
        ("''We are ready,'' she said.", "We are ready,"),
        ("``We are ready for anything,'' the coach said.", "We are ready for anything,"),
        ("''The players' union is not happy,'' he said.", "The players' union is not happy,"),
    ],
)
def test_typewriter_marks_of_newspaper_archives(text, inner):
    [span] = find_quoted_spans(text)
    assert text[span.inner_start : span.inner_end] == inner
    assert span.closed and span.double
