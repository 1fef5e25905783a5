"""The spaCy component, used the spaCy way: entry points, config, spans, to_disk/load."""

import json
import subprocess
import sys

import pytest
import spacy

from quotes import DEFAULT_MODEL

TEXT = (
    "“We will rebuild the bridge by spring,” Mayor Anna Lindqvist told reporters on Friday.\n\n"
    "The council said that the repairs would cost more than expected.\n\n"
    "Residents chirped that the plan was too slow for a town of this size."
)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "attribute_ruler"])
    nlp.add_pipe("paragraph_sentences", before="parser")
    nlp.add_pipe("quotes")
    return nlp


def test_added_by_name_in_a_fresh_process_without_importing_the_package(nlp):
    """spaCy finds the factories through the ``spacy_factories`` entry point."""
    script = f"""
import json, spacy
nlp = spacy.load({DEFAULT_MODEL!r}, exclude=["lemmatizer", "attribute_ruler"])
nlp.add_pipe("paragraph_sentences", before="parser")
nlp.add_pipe("quotes")
print(json.dumps(nlp({TEXT!r})._.quotes))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == nlp(TEXT)._.quotes
    assert any(r["speaker"] == "Anna Lindqvist" for r in json.loads(out))


def test_a_blank_pipeline_takes_the_component():
    blank = spacy.blank("en")
    blank.add_pipe("quotes")
    meta = blank.get_pipe_meta("quotes")
    assert meta.assigns == ["doc._.quotes", "doc.spans"]
    assert "token.dep" in meta.requires
    assert blank("No parse, no quotes.")._.quotes == []


def test_each_occurrence_is_a_span_with_speaker_role_and_cue(nlp):
    doc = nlp(TEXT)
    spans = doc.spans["quotes"]
    assert len(spans) == len(doc._.quotes)
    for span, rec in zip(spans, doc._.quotes, strict=True):
        assert span.label_ == rec["kind"]
        assert (span._.speaker, span._.role, span._.cue) == (rec["speaker"], rec["role"], rec["cue"])
        assert rec["text"] in span.text
    direct = next(s for s in spans if s.label_ == "direct")
    assert (direct._.speaker, direct._.role) == ("Anna Lindqvist", "Mayor")


def test_settings_come_from_the_config():
    nlp = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "attribute_ruler"])
    nlp.add_pipe("quotes", config={"min_reported_chars": 200, "spans_key": "said"})
    doc = nlp(TEXT)
    assert {r["kind"] for r in doc._.quotes} == {"direct"}  # reported clauses are all shorter
    assert len(doc.spans["said"]) == 1


def test_to_disk_and_load_keep_the_records_and_the_word_lists(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "quotes" / "lexicon" / "speech_verbs.txt"
    assert saved.is_file()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded(TEXT)._.quotes == nlp(TEXT)._.quotes
    assert not any(r["cue"] == "chirped" for r in nlp(TEXT)._.quotes)

    # the saved lists are the ones used: a verb added to the saved list is a cue after loading
    saved.write_text(saved.read_text(encoding="utf-8") + "chirp chirps chirped chirping\n", encoding="utf-8")
    edited = spacy.load(tmp_path / "pipeline")
    [chirp] = [r for r in edited(TEXT)._.quotes if r["cue"] == "chirped"]
    assert (chirp["speaker"], chirp["text"]) == ("Residents", "the plan was too slow for a town of this size")
