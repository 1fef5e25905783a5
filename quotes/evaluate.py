"""Measure the extractor against hand-made gold occurrences.

Gold is JSON lines, one quote occurrence each (``tests/gold/*.jsonl``). A
predicted occurrence matches a gold one in the same article when their word
tokens overlap enough (Dice >= 0.5), one-to-one, best pairs first; so a
prediction that keeps or drops a trailing comma or a cue word still counts.
Everything here is a pure function of plain dicts except ``read_gold``,
``read_predictions`` and ``predict``, the edges.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import regex

from .names import name_tokens
from .record import KINDS, SPEAKER_KINDS

GOLD_KEYS = ("article", "start", "end", "text", "kind", "speaker", "speaker_kind", "role")
THRESHOLD = 0.5
# Words in front of a role or an unnamed speaker that do not change who is meant.
LEADING = frozenset({"a", "an", "the", "his", "her", "its", "their", "our"})

_WORD = regex.compile(r"[\p{L}\p{N}]+")


class EvaluateError(Exception):
    pass


# -- gold ---------------------------------------------------------------------


def json_record(line: str, where: str, keys: Iterable[str]) -> dict:
    """A JSON object with ``keys`` and a sane [start:end); ``where`` names the file and line in errors."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise EvaluateError(f"{where}: not JSON ({e.msg})") from None
    if not isinstance(rec, dict):
        raise EvaluateError(f"{where}: expected a JSON object")
    missing = [k for k in keys if k not in rec]
    if missing:
        raise EvaluateError(f"{where}: missing {', '.join(missing)}")
    if not (isinstance(rec["start"], int) and isinstance(rec["end"], int) and 0 <= rec["start"] < rec["end"]):
        raise EvaluateError(f"{where}: start and end must be integers with 0 <= start < end")
    return rec


def parse_gold_line(line: str, where: str) -> dict:
    """One gold record from one JSON line; ``where`` names the file and line in errors."""
    rec = json_record(line, where, GOLD_KEYS)
    if rec["kind"] not in KINDS:
        raise EvaluateError(f"{where}: kind {rec['kind']!r} is not one of {', '.join(sorted(KINDS))}")
    if rec["speaker_kind"] not in SPEAKER_KINDS:
        raise EvaluateError(
            f"{where}: speaker_kind {rec['speaker_kind']!r} is not one of {', '.join(sorted(SPEAKER_KINDS))}"
        )
    for key in ("article", "text", "speaker"):
        if not isinstance(rec[key], str) or not rec[key].strip():
            raise EvaluateError(f"{where}: {key} must be a non-empty string")
    if rec["role"] is not None and not isinstance(rec["role"], str):
        raise EvaluateError(f"{where}: role must be a string or null")
    return rec


def jsonl_lines(path: str | Path, what: str) -> Iterator[tuple[str, str]]:
    """(where, line) for every non-blank line of a UTF-8 JSONL file; ``what`` names the file in errors."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise EvaluateError(f"{path}: cannot read {what} ({e.strerror})") from None
    except UnicodeDecodeError:
        raise EvaluateError(f"{path}: not UTF-8 text") from None
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield f"{path}:{n}", line


def read_gold(paths: Iterable[str | Path]) -> list[dict]:
    """Every gold record of the given JSONL files, in file order."""
    return [parse_gold_line(line, where) for path in paths for where, line in jsonl_lines(path, "gold file")]


def read_predictions(path: str | Path) -> list[dict]:
    """Records some other run predicted (``quotes extract`` output, another tool's), to score as they are.

    Only what matching reads is required (article, start, end, text); a missing
    speaker, role or kind just scores as wrong.
    """
    records = []
    for where, line in jsonl_lines(path, "predictions file"):
        rec = json_record(line, where, ("article", "start", "end", "text"))
        if not isinstance(rec["article"], str) or not isinstance(rec["text"], str):
            raise EvaluateError(f"{where}: article and text must be strings")
        records.append(rec)
    return records


def gold_problems(gold: list[dict], article_text: Callable[[str], str | None]) -> list[str]:
    """Gold lines whose text is not the article's text at [start:end] (or whose article is missing)."""
    problems = []
    for rec in gold:
        text = article_text(rec["article"])
        if text is None:
            problems.append(f"{rec['article']}: article not found")
        elif text[rec["start"] : rec["end"]] != rec["text"]:
            problems.append(
                f"{rec['article']}: [{rec['start']}:{rec['end']}] is {text[rec['start'] : rec['end']]!r}, "
                f"gold text is {rec['text']!r}"
            )
    return problems


# -- matching -----------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Casefolded words: punctuation and quotation marks do not count."""
    return [t.casefold() for t in _WORD.findall(text or "")]


def overlap(a: str, b: str) -> float:
    """Dice coefficient of the two texts' word multisets."""
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    total = sum(ta.values()) + sum(tb.values())
    if not total:
        return 0.0
    return 2 * sum((ta & tb).values()) / total


def match(predicted: list[dict], gold: list[dict], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """One-to-one (predicted index, gold index, score) pairs within each article, best score first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if p["article"] != g["article"]:
                continue
            score = overlap(p["text"], g["text"])
            if score >= threshold:
                distance = abs(p.get("start", 0) - g["start"])
                candidates.append((-score, distance, i, j))
    candidates.sort()
    used_p, used_g, pairs = set(), set(), []
    for neg, _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j, -neg))
    return sorted(pairs, key=lambda t: (gold[t[1]]["article"], gold[t[1]]["start"]))


def speaker_key(name: str | None, kind: str | None = "person") -> tuple[str, ...]:
    """A speaker as the speakers module compares names, minus a leading article ("a senior official")."""
    toks = list(name_tokens(name or "", kind or "person"))
    while len(toks) > 1 and toks[0] in LEADING:
        toks = toks[1:]
    return tuple(toks)


def same_speaker(pred: dict, gold: dict) -> bool:
    """Same name; a document also counts as its owner's words (gold "KCNA" = "the report", owned by KCNA)."""
    if not gold["speaker"]:
        return False
    want = speaker_key(gold["speaker"], gold["speaker_kind"])
    if speaker_key(pred.get("speaker"), gold["speaker_kind"]) == want:
        return True
    return pred.get("speaker_kind") == "document" and speaker_key(pred.get("owner"), gold["speaker_kind"]) == want


def role_key(role: str | None) -> tuple[str, ...]:
    """Case-, dot- and article-insensitive role words: "the U.S. envoy" == "US envoy"."""
    toks = tokens((role or "").replace(".", ""))
    while toks and toks[0] in LEADING:
        toks = toks[1:]
    return tuple(toks)


# -- metrics ------------------------------------------------------------------


def ratio(n: int, d: int) -> float | None:
    return n / d if d else None


def prf(matched: int, n_pred: int, n_gold: int) -> dict:
    precision = ratio(matched, n_pred) if n_pred else (1.0 if not n_gold else 0.0)
    recall = ratio(matched, n_gold) if n_gold else (1.0 if not n_pred else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(predicted: list[dict], gold: list[dict], threshold: float = THRESHOLD) -> dict:
    """Precision, recall, F1 of occurrences; speaker, role and kind accuracy of matched pairs; errors."""
    pairs = match(predicted, gold, threshold)
    matched_p = {i for i, _, _ in pairs}
    matched_g = {j for _, j, _ in pairs}
    speaker_ok = [same_speaker(predicted[i], gold[j]) for i, j, _ in pairs]
    with_role = [(i, j) for i, j, _ in pairs if gold[j]["role"]]
    role_ok = [role_key(predicted[i].get("role")) == role_key(gold[j]["role"]) for i, j in with_role]
    kind_ok = [predicted[i].get("kind") == gold[j]["kind"] for i, j, _ in pairs]

    def pair(i: int, j: int, score: float | None = None) -> dict:
        out = {"gold": gold[j], "predicted": predicted[i]}
        if score is not None:
            out["score"] = round(score, 3)
        return out

    articles: dict[str, dict] = defaultdict(lambda: {"gold": 0, "predicted": 0, "matched": 0, "speaker_correct": 0})
    for g in gold:
        articles[g["article"]]["gold"] += 1
    for p in predicted:
        articles[p["article"]]["predicted"] += 1
    for (_i, j, _), ok in zip(pairs, speaker_ok, strict=True):
        articles[gold[j]["article"]]["matched"] += 1
        articles[gold[j]["article"]]["speaker_correct"] += ok
    per_article = [
        {"article": name, **counts, **prf(counts["matched"], counts["predicted"], counts["gold"])}
        for name, counts in sorted(articles.items())
    ]

    by_kind = {}
    for kind in sorted(KINDS):
        g_kind = [j for j, g in enumerate(gold) if g["kind"] == kind]
        hit = sum(1 for j in g_kind if j in matched_g)
        by_kind[kind] = {"gold": len(g_kind), "matched": hit, "recall": ratio(hit, len(g_kind))}

    return {
        "gold": len(gold),
        "predicted": len(predicted),
        "matched": len(pairs),
        **prf(len(pairs), len(predicted), len(gold)),
        "speaker_correct": sum(speaker_ok),
        "speaker_accuracy": ratio(sum(speaker_ok), len(pairs)),
        "role_correct": sum(role_ok),
        "role_total": len(with_role),
        "role_accuracy": ratio(sum(role_ok), len(with_role)),
        "kind_correct": sum(kind_ok),
        "kind_accuracy": ratio(sum(kind_ok), len(pairs)),
        "by_kind": by_kind,
        "articles": per_article,
        "errors": {
            "missed": [g for j, g in enumerate(gold) if j not in matched_g],
            "false_positives": [p for i, p in enumerate(predicted) if i not in matched_p],
            "wrong_speaker": [pair(i, j, s) for (i, j, s), ok in zip(pairs, speaker_ok, strict=True) if not ok],
            "wrong_role": [pair(i, j) for (i, j), ok in zip(with_role, role_ok, strict=True) if not ok],
            "wrong_kind": [pair(i, j) for (i, j, _), ok in zip(pairs, kind_ok, strict=True) if not ok],
        },
    }


# -- report -------------------------------------------------------------------


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def report_lines(report: dict, show_errors: bool = False) -> list[str]:
    """The human-readable report: totals, metrics, per kind, per article, and optionally errors."""
    r = report
    lines = [
        f"gold: {r['gold']}  predicted: {r['predicted']}  matched: {r['matched']}",
        f"precision: {fmt(r['precision'])}",
        f"recall: {fmt(r['recall'])}",
        f"F1: {fmt(r['f1'])}",
        f"speaker accuracy: {fmt(r['speaker_accuracy'])} ({r['speaker_correct']}/{r['matched']})",
        f"role accuracy: {fmt(r['role_accuracy'])} ({r['role_correct']}/{r['role_total']})",
        f"kind accuracy: {fmt(r['kind_accuracy'])} ({r['kind_correct']}/{r['matched']})",
        "recall by kind: "
        + ", ".join(f"{k} {fmt(v['recall'])} ({v['matched']}/{v['gold']})" for k, v in r["by_kind"].items()),
        "per article:",
    ]
    for a in r["articles"]:
        lines.append(
            f"  {a['article']}: gold {a['gold']}, predicted {a['predicted']}, matched {a['matched']}, "
            f"P {fmt(a['precision'])} R {fmt(a['recall'])} F1 {fmt(a['f1'])}, "
            f"speaker {a['speaker_correct']}/{a['matched']}"
        )
    if show_errors:
        e = r["errors"]

        def where(rec: dict) -> str:
            return f"{rec['article']}:{rec.get('start')}"

        lines.append(f"missed ({len(e['missed'])}):")
        lines += [f"  {where(g)} [{g['kind']}] {g['speaker']}: {g['text']}" for g in e["missed"]]
        lines.append(f"false positives ({len(e['false_positives'])}):")
        lines += [f"  {where(p)} [{p.get('kind')}] {p.get('speaker')}: {p.get('text')}" for p in e["false_positives"]]
        for key, field in (("wrong_speaker", "speaker"), ("wrong_role", "role"), ("wrong_kind", "kind")):
            lines.append(f"{key.replace('_', ' ')} ({len(e[key])}):")
            lines += [
                f"  {where(x['gold'])} gold {x['gold'][field]!r}, predicted {x['predicted'].get(field)!r}: "
                f"{x['gold']['text'][:80]}"
                for x in e[key]
            ]
    return lines


# -- extraction (the I/O edge) ------------------------------------------------


def predict(nlp, article_paths: Iterable[str], root: str | Path = ".") -> list[dict]:
    """Run the real extraction over the gold's articles; paths are relative to ``root``.

    Records keep the path as the gold gives it, so they match gold records.
    """
    from .ingest import IngestError, read_articles
    from .pipeline import extract

    given = {str(Path(root) / a): a for a in dict.fromkeys(article_paths)}
    articles = []
    for item in read_articles(list(given)):
        if isinstance(item, IngestError):
            raise EvaluateError(f"gold article {item}")
        item.path = given.get(item.path, item.path)
        articles.append(item)
    records: list[dict] = []
    for _, recs in extract(nlp, articles):
        records.extend(recs)
    return records
