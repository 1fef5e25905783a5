"""benchmarks/polnear.py on a tiny hand-written corpus laid out like PolNeAR (no PolNeAR text here)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_polnear():
    spec = importlib.util.spec_from_file_location("polnear", ROOT / "benchmarks" / "polnear.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear"] = module
    spec.loader.exec_module(module)
    return module


polnear = _load_polnear()

ALPHA = (
    "\u201cWe will fix the bridge by spring,\u201d Mayor Jane Smith said on Monday.\n"
    "Smith said the budget would cover the repairs.\n"
    "Officials think the plan is too expensive.\n"
    "According to the city report, traffic fell by half.\n"
    "He added that the work would start soon.\n"
)
BETA = (
    "\u201cThe vote was fair,\u201d Ann Lee told reporters, \u201cand the count was clean.\u201d\n"
    "\n"
    "The council said:\n"
    "\u201cNo one was harmed.\u201d\n"
)


def span(text: str, part: str, after: str = "") -> tuple[int, int]:
    """Where ``part`` first occurs in ``text`` after ``after``."""
    start = text.index(part, text.index(after) if after else 0)
    return start, start + len(part)


class Ann:
    """Builds a brat .ann file for ``text`` from the substrings it marks."""

    def __init__(self, text: str):
        self.text, self.lines, self.t, self.e = text, [], 0, 0

    def tb(self, kind: str, *parts: tuple[int, int]) -> str:
        self.t += 1
        spans = ";".join(f"{s} {e}" for s, e in parts)
        self.lines.append(f"T{self.t}\t{kind} {spans}\t{' '.join(self.text[s:e] for s, e in parts)}")
        return f"T{self.t}"

    def attribution(self, content, cue, source=None, content2=None) -> None:
        args = [f"Content:{self.tb('Content', *content)}", f"Cue:{self.tb('Cue', cue)}"]
        if content2:
            args.append(f"Content2:{self.tb('Content', content2)}")
        trigger = "Attribution" if source else "Attribution-no-source"
        if source:
            args.append(f"Source:{self.tb('Source', source)}")
        self.e += 1
        self.lines.append(f"E{self.e}\t{trigger}:{self.tb(trigger, cue)} " + " ".join(args))

    def dump(self) -> str:
        return "\n".join(self.lines) + "\n"


def alpha_ann() -> str:
    a = Ann(ALPHA)
    first = span(ALPHA, "\u201cWe will fix the bridge by spring,\u201d")
    a.attribution([first], span(ALPHA, "said"), span(ALPHA, "Mayor Jane Smith"))
    a.attribution(
        [span(ALPHA, "the budget would cover the repairs")],
        span(ALPHA, "said", "Smith said"),
        span(ALPHA, "Smith", "\nSmith"),
    )
    a.attribution([span(ALPHA, "the plan is too expensive")], span(ALPHA, "think"), span(ALPHA, "Officials"))
    a.attribution([span(ALPHA, "traffic fell by half")], span(ALPHA, "According to"), span(ALPHA, "the city report"))
    # a content given as two annotations (role Content2), as PolNeAR does for some
    a.attribution(
        [span(ALPHA, "that the work")], span(ALPHA, "added"), span(ALPHA, "He"), span(ALPHA, "would start soon")
    )
    a.lines.append("#1\tAnnotatorNotes T1\ta note of ours")
    a.lines.append("E99\tAttribution-no-source:T98 ")
    return a.dump()


def beta_ann() -> str:
    b = Ann(BETA)
    b.attribution(
        [span(BETA, "\u201cThe vote was fair,\u201d"), span(BETA, "\u201cand the count was clean.\u201d")],
        span(BETA, "told"),
        span(BETA, "Ann Lee"),
    )
    b.attribution([span(BETA, "\u201cNo one was harmed.\u201d")], span(BETA, "said:"), span(BETA, "The council"))
    b.tb("Discuss", span(BETA, "clean.\u201d\n\nThe council"))  # a span over a blank line
    return b.dump()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """PolNeAR's layout: data/<split>/text/NAME.txt and data/<split>/attributions/NAME_<annotator>.ann."""
    for split in ("dev", "train"):
        (tmp_path / "data" / split / "text").mkdir(parents=True)
        (tmp_path / "data" / split / "attributions").mkdir(parents=True)
    dev = tmp_path / "data" / "dev"
    (dev / "text" / "alpha_2016-01-01_bridge.txt").write_text(ALPHA, encoding="utf-8")
    (dev / "attributions" / "alpha_2016-01-01_bridge_0a0a.ann").write_text(alpha_ann(), encoding="utf-8")
    (dev / "text" / "beta_2016-01-02_vote.txt").write_text(BETA, encoding="utf-8")
    (dev / "attributions" / "beta_2016-01-02_vote_1b1b.ann").write_text(beta_ann(), encoding="utf-8")
    # a second annotator of the same article: the first id in sort order is the one scored
    (dev / "attributions" / "beta_2016-01-02_vote_9z9z.ann").write_text("", encoding="utf-8")
    # an article without annotations is left out
    (dev / "text" / "gamma_2016-01-03_none.txt").write_text("Nothing here.\n", encoding="utf-8")
    return tmp_path


def rec(text: str, part: str, speaker: str | None, after: str = "", kind: str = "indirect") -> dict:
    start, end = span(text, part, after)
    return {
        "start": start,
        "end": end,
        "text": part,
        "kind": kind,
        "speaker": speaker,
        "role": None,
        "cue": "said",
        "speaker_kind": "person",
        "mention": speaker,
    }


def predictions() -> dict[str, list[dict]]:
    return {
        "alpha_2016-01-01_bridge": [
            rec(ALPHA, "We will fix the bridge by spring", "Jane Smith", kind="direct"),
            rec(ALPHA, "the budget would cover", "Tom Brown"),  # Dice 0.8 with its content; wrong speaker
            rec(ALPHA, "the plan is too expensive", "officials"),  # a non-speech attribution
            rec(ALPHA, "the work would start soon", "Jane Smith"),  # pronoun source: no speaker check
            rec(ALPHA, "Officials think", "officials"),  # inside no content
        ],
        "beta_2016-01-02_vote": [
            rec(BETA, "The vote was fair", "Ann Lee", kind="direct"),
            rec(BETA, "and the count was clean.", "Ann Lee", kind="direct"),
        ],
    }


# -- parsing ------------------------------------------------------------------


def test_parse_spans_and_ann_lines():
    assert polnear.parse_spans("3 8;10 12") == ((3, 8), (10, 12))
    ann = "T1\tContent 0 5;9 12\tab cd\nT2\tDiscuss 0 9\tone\n\ntwo\n#1\tAnnotatorNotes T1\tx\nE1\tAttribution:T3 Content:T1 Content2:T4 Cue:T2\n"
    textbounds, events = polnear.parse_ann(ann)
    assert textbounds["T1"].spans == ((0, 5), (9, 12)) and textbounds["T1"].type == "Content"
    assert textbounds["T2"].text == "one\n\ntwo"  # continuation lines, the blank one too
    assert events == [("E1", {"Content": ["T1", "T4"], "Cue": ["T2"]})]


def test_load_split_reads_gold_attributions(corpus):
    docs = polnear.load_split(corpus, "dev")
    assert [d.name for d in docs] == ["alpha_2016-01-01_bridge", "beta_2016-01-02_vote"]
    alpha, beta = docs
    assert alpha.problems == [] and beta.problems == []  # every stored span text is the article's
    assert beta.annotator == "1b1b"
    assert len(alpha.attributions) == 5  # the empty event is skipped
    added = alpha.attributions[-1]
    assert polnear.span_text(ALPHA, added.content) == "that the work would start soon"  # Content2 merged
    first = alpha.attributions[0]
    assert polnear.span_text(ALPHA, first.source) == "Mayor Jane Smith"
    assert polnear.span_text(ALPHA, first.cue) == "said"
    told = beta.attributions[0]
    assert len(told.content) == 2 and polnear.span_text(BETA, told.cue) == "told"
    assert polnear.load_split(corpus, "dev", limit=1)[0].name == "alpha_2016-01-01_bridge"


def test_offsets_count_characters_as_stored(tmp_path):
    text = "Caf\u00e9 owner\r\nAnn Lee said the caf\u00e9 would stay open.\r\n"
    ann = Ann(text)
    ann.attribution([span(text, "the caf\u00e9 would stay open")], span(text, "said"), span(text, "Ann Lee"))
    for part in ("text", "attributions"):
        (tmp_path / "data" / "train" / part).mkdir(parents=True)
    (tmp_path / "data" / "train" / "text" / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "data" / "train" / "attributions" / "a_0000.ann").write_text(ann.dump(), encoding="utf-8")
    (doc,) = polnear.load_split(tmp_path, "train")
    assert doc.text == text and doc.problems == []  # CRLF kept: brat offsets count the CR
    assert polnear.span_text(doc.text, doc.attributions[0].content) == "the caf\u00e9 would stay open"


def test_offset_mismatch_is_reported():
    ann = "T1\tContent 0 4\tnope\nT2\tCue 5 9\tsaid\nE1\tAttribution-no-source:T2 Content:T1 Cue:T2\n"
    gold, problems = polnear.attributions(ann, "Yes, said so.")
    assert len(gold) == 1 and len(problems) == 1 and "T1" in problems[0]


def test_the_test_split_is_refused(corpus):
    (corpus / "data" / "test" / "text").mkdir(parents=True)
    (corpus / "data" / "test" / "attributions").mkdir(parents=True)
    with pytest.raises(polnear.PolnearError, match="reserved"):
        polnear.load_split(corpus, "test")
    with pytest.raises(polnear.PolnearError, match="reserved"):
        polnear.load_split(corpus / "data" / "test", "dev")
    with pytest.raises(polnear.PolnearError, match="unknown split"):
        polnear.load_split(corpus, "parc3-replication")


# -- rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    "cue, speech",
    [
        ("said", True),
        ("has said", True),
        ("Says", True),
        ("told", True),
        ("according to", True),
        ("pointed out", True),
        ("tweeted", True),
        ("said:", True),
        ("think", False),
        ("called", False),
        (":", False),
        ("showed", False),
        ("point to", False),
        ("", False),
    ],
)
def test_speech_cues(cue, speech):
    assert polnear.is_speech_cue(cue) is speech


def test_direct_quotes():
    text = 'He said, "We won." Then \u201cwe lost,\u201d she said. They said we lost. It was \u2018fine\u2019 \u201cand calm\u201d'
    assert polnear.is_direct(text, (span(text, '"We won."'),))
    assert polnear.is_direct(text, (span(text, "We won"),))  # marks just outside
    assert polnear.is_direct(text, (span(text, "we lost"),))  # comma before the closing mark
    assert not polnear.is_direct(text, (span(text, "we lost", "They"),))
    assert not polnear.is_direct(text, (span(text, "It was \u2018fine\u2019"),))
    assert polnear.is_direct(text, (span(text, "\u2018fine\u2019"), span(text, "\u201cand calm\u201d")))


def test_names_and_speakers():
    text = "Officials said so. Smith said so. The officials left."
    assert polnear.is_name("Mayor Jane Smith")
    assert polnear.is_name("Smith", text, text.index("Smith"))
    assert not polnear.is_name("Officials", text, 0)  # sentence start, written in lower case elsewhere
    assert not polnear.is_name("he") and not polnear.is_name("who") and not polnear.is_name("the spokesman")
    assert not polnear.is_name("the Acme campaign")  # a name modifying a noun: a description
    assert polnear.is_name("Acme campaign manager Jo Bloggs")
    assert polnear.same_speaker("Mayor Jane Smith", "Jane Smith")
    assert polnear.same_speaker("Smith", "Jane Smith") and polnear.same_speaker("Mr. Smith", "John Smith")
    assert polnear.same_speaker("Jo Bloggs, a spokeswoman for Acme,", "Jo Bloggs")
    assert not polnear.same_speaker("Acme campaign manager Jo Bloggs", "Acme")
    assert not polnear.same_speaker("Smith", "Tom Brown") and not polnear.same_speaker("Smith", None)


def test_dice_and_one_to_one_matching():
    assert polnear.dice("the budget would cover", "the budget would cover the repairs") == 0.8
    assert polnear.dice("", "") == 0.0
    text = "Ann said the vote was fair. Bob said the vote was fair too."
    gold = [
        polnear.Attribution("E1", (span(text, "the vote was fair"),), (span(text, "said"),), ()),
        polnear.Attribution("E2", (span(text, "the vote was fair too"),), (span(text, "said", "Bob"),), ()),
    ]
    one = [rec(text, "the vote was fair", "Ann")]
    assert polnear.match(text, one, gold) == {0: (0, 1.0)}  # one record finds one attribution
    elsewhere = [rec(text, "the vote was fair", "Ann", after="Bob")]
    assert polnear.match(text, elsewhere, gold) == {1: (0, polnear.dice("the vote was fair", "the vote was fair too"))}
    assert polnear.match(text, [rec(text, "Ann said", "Ann")], gold) == {}  # no shared character


# -- scoring ------------------------------------------------------------------


def test_score_numbers(corpus):
    docs = polnear.load_split(corpus, "dev")
    result, outcomes = polnear.score(docs, predictions())
    assert result["articles"] == 2 and result["gold_attributions"] == 7 and result["predicted"] == 7
    assert result["speech"] == {"gold": 6, "found": 4, "recall": round(4 / 6, 4)}
    assert result["direct"] == {"gold": 3, "found": 2, "recall": round(2 / 3, 4)}
    assert result["not_direct"] == {"gold": 3, "found": 2, "recall": round(2 / 3, 4)}
    assert result["overlap_share"] == {"predicted": 7, "overlapping": 6, "share": round(6 / 7, 4)}
    assert result["touch_share"] == {"predicted": 7, "touching": 6, "share": round(6 / 7, 4)}
    # named and found: Mayor Jane Smith (agrees), Smith (predicted Tom Brown), Ann Lee (agrees); "He" left out
    assert result["speaker_agreement"] == {"named_found": 3, "agree": 2, "share": round(2 / 3, 4)}
    assert result["offset_problems"] == 0
    # the better of two records wins the two-piece quote, one to one
    told = next(o for o in outcomes if polnear.span_text(o.doc.text, o.gold.cue) == "told")
    assert told.record["text"] == "and the count was clean."


def test_misses_have_reasons_and_tags(corpus):
    docs = polnear.load_split(corpus, "dev")
    preds = predictions()
    _, outcomes = polnear.score(docs, preds)
    missed = polnear.misses(outcomes, preds, known=frozenset({"said", "told", "added"}))
    assert [(m["cue"], m["reason"]) for m in missed] == [
        ("According to", "no prediction in the sentence"),
        ("said:", "no prediction in the sentence"),
    ]
    council = missed[1]
    assert "quoted" in council["tags"] and "content in another sentence" in council["tags"]
    assert council["source"] == "The council"
    assert polnear.misses(outcomes, preds, known=frozenset({"told"}))[1]["reason"] == "cue unknown to the extractor"
    beta = docs[1]
    short = [rec(BETA, "harmed", "The council")]
    assert polnear.miss_reason(BETA, beta.attributions[1], short, None) == "record span too short"
    assert polnear.spread(list(range(10)), 3) == [0, 3, 6]


def test_main_prints_numbers_and_json(corpus, monkeypatch, capsys):
    monkeypatch.setattr(polnear, "predict", lambda docs, workers=1: predictions())
    assert polnear.main([str(corpus), "--split", "dev", "--json", "--show-misses", "1"]) == 0
    out = capsys.readouterr().out
    assert "speech recall" in out and "66.7%" in out and "1 of 2 missed speech attributions" in out
    result = json.loads(out.strip().splitlines()[-1])
    assert result["split"] == "dev" and result["speech"]["found"] == 4
    assert sum(result["miss_reasons"].values()) == 2


def test_main_refuses_the_test_split(corpus, monkeypatch, capsys):
    monkeypatch.setattr(polnear, "predict", lambda docs, workers=1: pytest.fail("must not extract"))
    with pytest.raises(SystemExit) as exit_:
        polnear.main([str(corpus), "--split", "test"])
    assert exit_.value.code == 2 and "reserved" in capsys.readouterr().err


def test_extractor_offsets_line_up(corpus):
    """The real extractor on the raw text: its records land on the gold spans."""
    pytest.importorskip("quotes.pipeline", reason="the quotes package does not import")
    docs = polnear.load_split(corpus, "dev")
    result, _ = polnear.score(docs, polnear.predict(docs))
    assert result["direct"]["found"] >= 2 and result["overlap_share"]["share"] >= 0.5


def test_extractor_cue_words_read_for_diagnosis(tmp_path):
    assert polnear.extractor_cue_words(tmp_path) is None
    (tmp_path / "speech_verbs.txt").write_text("# comment\nsay says said saying\n", encoding="utf-8")
    (tmp_path / "phrasal_speech_verbs.txt").write_text("point points pointed | out\n", encoding="utf-8")
    words = polnear.extractor_cue_words(tmp_path)
    assert {"said", "pointed", "out"} <= words and "|" not in words and "comment" not in words


def test_misses_with_noun_phrase_content_are_tagged(nlp):
    missed = [
        {"tags": [], "content": "Israel's commitment to peace"},
        {"tags": [], "content": "the plan would fail"},
        {"tags": ["quoted"], "content": "A disgrace"},
    ]
    polnear.tag_noun_phrase_content(missed, nlp)
    assert [m["tags"] for m in missed] == [["noun-phrase content"], [], ["quoted"]]
