"""The gold annotation and the metrics of ``quotes evaluate``."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.evaluate import (
    KINDS,
    SPEAKER_KINDS,
    EvaluateError,
    evaluate,
    gold_problems,
    match,
    overlap,
    read_gold,
    report_lines,
    role_key,
)

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold"
SHARED = REPO.parent / "shared"


def g(
    text,
    speaker="Dmitry Peskov",
    role="Kremlin spokesman",
    kind="direct",
    start=0,
    article="a.txt",
    speaker_kind="person",
):
    return {
        "article": article,
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": kind,
        "speaker": speaker,
        "speaker_kind": speaker_kind,
        "role": role,
    }


GOLD_SET = [
    g("We will continue to develop our relations with Pyongyang.", start=0),
    g("the visit would take place in the foreseeable future", kind="indirect", start=100),
    g(
        "The potential for the development of our relations is very deep.",
        speaker="the Kremlin",
        speaker_kind="organisation",
        role=None,
        start=200,
    ),
]


def test_perfect_prediction_scores_one():
    r = evaluate([dict(x) for x in GOLD_SET], GOLD_SET)
    for key in ("precision", "recall", "f1", "speaker_accuracy", "role_accuracy", "kind_accuracy"):
        assert r[key] == 1.0, key
    assert r["matched"] == 3 and r["role_total"] == 2
    assert not any(r["errors"].values())


def test_missing_prediction_lowers_recall_only():
    r = evaluate([dict(x) for x in GOLD_SET[:2]], GOLD_SET)
    assert r["precision"] == 1.0
    assert r["recall"] == pytest.approx(2 / 3)
    assert r["f1"] == pytest.approx(0.8)
    assert r["errors"]["missed"] == [GOLD_SET[2]]


def test_false_positive_lowers_precision():
    extra = g("Nobody said this at all, it is made up entirely.", start=400)
    r = evaluate([dict(x) for x in GOLD_SET] + [extra], GOLD_SET)
    assert r["recall"] == 1.0 and r["precision"] == pytest.approx(0.75)
    assert r["errors"]["false_positives"] == [extra]


def test_wrong_speaker_lowers_speaker_accuracy():
    pred = [dict(x) for x in GOLD_SET]
    pred[0]["speaker"] = "Yuri Ushakov"
    r = evaluate(pred, GOLD_SET)
    assert r["f1"] == 1.0
    assert r["speaker_accuracy"] == pytest.approx(2 / 3)
    assert r["errors"]["wrong_speaker"][0]["predicted"]["speaker"] == "Yuri Ushakov"


def test_speaker_and_role_normalisation():
    pred = [dict(x) for x in GOLD_SET]
    pred[0].update(speaker="dmitry peskov", role="the Kremlin Spokesman")
    pred[1].update(speaker="Mr Dmitry Peskov")
    pred[2].update(speaker="Kremlin")  # gold says "the Kremlin"
    r = evaluate(pred, GOLD_SET)
    assert r["speaker_accuracy"] == 1.0 and r["role_accuracy"] == 1.0
    assert role_key("the U.S. senior official") == role_key("US senior official")
    assert role_key("his aide") == role_key("aide")
    assert role_key("our correspondent") == role_key("correspondent")


def test_surname_only_speaker_is_wrong():
    pred = [dict(x) for x in GOLD_SET]
    pred[0]["speaker"] = "Peskov"
    assert evaluate(pred, GOLD_SET)["speaker_accuracy"] == pytest.approx(2 / 3)


def test_wrong_role_and_kind():
    pred = [dict(x) for x in GOLD_SET]
    pred[0]["role"] = None
    pred[1]["kind"] = "mixed"
    r = evaluate(pred, GOLD_SET)
    assert r["role_accuracy"] == 0.5 and r["kind_accuracy"] == pytest.approx(2 / 3)
    assert r["by_kind"]["indirect"] == {"gold": 1, "matched": 1, "recall": 1.0}


def test_matching_tolerates_punctuation_and_cue_words_but_not_other_quotes():
    assert overlap('"We will continue," he said', "We will continue,") > 0.5
    pred = [g("We will continue to develop our relations with Pyongyang", start=1)]
    assert match(pred, GOLD_SET) == [(0, 0, 1.0)]
    # Same words in another article never match.
    assert match([dict(pred[0], article="b.txt")], GOLD_SET) == []
    # A short fragment of a long quote is below the threshold.
    assert match([g("our relations", start=0)], GOLD_SET) == []


def test_matching_is_one_to_one():
    twice = [
        g("We will continue to develop our relations with Pyongyang."),
        g("We will continue to develop our relations with Pyongyang.", start=5),
    ]
    r = evaluate(twice, GOLD_SET)
    assert r["matched"] == 1 and len(r["errors"]["false_positives"]) == 1


def test_nothing_predicted():
    r = evaluate([], GOLD_SET)
    assert r["precision"] == 0.0 and r["recall"] == 0.0 and r["f1"] == 0.0
    assert r["speaker_accuracy"] is None
    assert "speaker accuracy: n/a (0/0)" in report_lines(r)


def test_report_lists_errors():
    lines = report_lines(evaluate([], GOLD_SET), show_errors=True)
    assert "missed (3):" in lines
    assert any("the Kremlin: The potential" in line for line in lines)


@pytest.mark.parametrize(
    "line, problem",
    [
        ("not json", "not JSON"),
        ('{"article": "a.txt"}', "missing start"),
        (json.dumps(dict(GOLD_SET[0], kind="quote")), "kind 'quote'"),
        (json.dumps(dict(GOLD_SET[0], speaker_kind="robot")), "speaker_kind 'robot'"),
        (json.dumps(dict(GOLD_SET[0], start=5, end=2)), "start and end"),
    ],
)
def test_bad_gold_names_file_and_line(tmp_path, line, problem):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD_SET[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvaluateError, match=problem) as e:
        read_gold([path])
    assert str(e.value).startswith(f"{path}:2:")


def test_gold_problems_finds_wrong_offsets():
    texts = {"a.txt": "x" * 500}
    assert gold_problems(GOLD_SET, texts.get)[0].startswith("a.txt: [0:")
    assert gold_problems([dict(GOLD_SET[0], article="gone.txt")], texts.get) == ["gone.txt: article not found"]


def article_text(path: str) -> str | None:
    p = REPO / path
    return p.read_bytes().decode("utf-8") if p.is_file() else None


def check_gold_file(path: Path) -> list[dict]:
    gold = read_gold([path])
    assert gold, f"{path} is empty"
    assert gold_problems(gold, article_text) == []
    for rec in gold:
        assert rec["kind"] in KINDS and rec["speaker_kind"] in SPEAKER_KINDS
        assert rec["text"] == rec["text"].strip(), rec
    return gold


def test_seed_gold_fits_the_seed_articles():
    gold = check_gold_file(GOLD / "seeds.jsonl")
    assert {r["article"] for r in gold} == {f"seeds/{p.name}" for p in (REPO / "seeds").glob("*.txt")}


@pytest.mark.skipif(
    not (SHARED / "corpus" / "bbc").is_dir(),
    reason="the BBC corpus is not checked out beside the repository (../shared/corpus/bbc)",
)
@pytest.mark.parametrize("name", sorted(p.name for p in GOLD.glob("bbc*.jsonl")))
def test_bbc_gold_fits_the_bbc_articles(name):
    gold = check_gold_file(GOLD / name)
    assert all(r["article"].startswith("../shared/corpus/bbc/") for r in gold)


def test_heldout_gold_shares_no_article_with_the_tuning_gold():
    """The held-out set only gives honest numbers if the extractor was never tuned on its articles."""
    development = [GOLD / "seeds.jsonl", GOLD / "bbc.jsonl", *GOLD.glob("bbc_dev*.jsonl")]
    tuned = {r["article"] for r in read_gold(development)}
    held = [{r["article"] for r in read_gold([path])} for path in sorted(GOLD.glob("bbc_heldout*.jsonl"))]
    assert len(held) >= 6
    assert all(not tuned & one for one in held)
    assert all(not a & b for i, a in enumerate(held) for b in held[i + 1 :])


def test_evaluate_command_prints_metrics(tmp_path, monkeypatch):
    one = [r for r in read_gold([GOLD / "seeds.jsonl"]) if r["article"].startswith("seeds/002_")]
    subset = tmp_path / "one.jsonl"
    subset.write_text("".join(json.dumps(r) + "\n" for r in one), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # article paths resolve under --root, not the current directory
    result = CliRunner().invoke(cli, ["evaluate", str(subset), "--show-errors", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    for label in ("precision:", "recall:", "F1:", "speaker accuracy:", "role accuracy:", "missed ("):
        assert label in result.output
    assert f"gold: {len(one)} " in result.output


def test_evaluate_command_rejects_gold_that_does_not_fit(tmp_path, monkeypatch):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(g("no such words here", article="seeds/002_23f38ab0d320b1ba.txt")) + "\n")
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "gold does not fit its articles under ./: seeds/002_23f38ab0d320b1ba.txt: [0:18]" in result.output


def write_case(tmp_path: Path) -> Path:
    """An article and its gold in ``tmp_path``; returns the gold's path."""
    text = '"We will continue to develop our relations," Dmitry Peskov said. The Kremlin agreed.'
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(g("We will continue to develop our relations,", start=1)) + "\n", encoding="utf-8")
    return gold


def test_evaluate_command_scores_a_predictions_file(tmp_path):
    gold = write_case(tmp_path)
    predictions = tmp_path / "other-tool.jsonl"
    predictions.write_text(
        "".join(
            json.dumps(r) + "\n"
            for r in [
                {
                    "article": "a.txt",
                    "start": 1,
                    "end": 42,
                    "text": "We will continue to develop our relations",
                    "kind": "direct",
                    "speaker": "Peskov",
                    "role": None,
                },
                {"article": "a.txt", "start": 65, "end": 84, "text": "The Kremlin agreed."},
            ]
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["evaluate", str(gold), "--root", str(tmp_path), "--predictions", str(predictions), "--json", "--show-errors"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["predicted"], report["matched"], report["precision"], report["recall"]) == (2, 1, 0.5, 1.0)
    assert report["speaker_accuracy"] == 0.0  # a surname alone is not the speaker
    assert report["errors"]["false_positives"][0]["text"] == "The Kremlin agreed."


@pytest.mark.parametrize(
    "line, problem",
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"article": "a.txt", "start": 1, "end": 9}', "missing text"),
        ('{"article": "a.txt", "start": 9, "end": 1, "text": "x"}', "start and end"),
        ('{"article": 7, "start": 1, "end": 9, "text": "x"}', "article and text must be strings"),
    ],
)
def test_bad_predictions_file_is_one_line_error(tmp_path, line, problem):
    gold = write_case(tmp_path)
    predictions = tmp_path / "p.jsonl"
    predictions.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["evaluate", str(gold), "--root", str(tmp_path), "--predictions", str(predictions)]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {predictions}:1: ") and problem in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_missing_predictions_file(tmp_path):
    gold = write_case(tmp_path)
    result = CliRunner().invoke(
        cli, ["evaluate", str(gold), "--root", str(tmp_path), "--predictions", str(tmp_path / "none.jsonl")]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'none.jsonl'}: cannot read predictions file" in result.output
