"""How the dedupe pass (``quotes.corpus.dedupe.assign_quote_ids``) scales with the number of mentions.

Synthetic mentions are built from news sentences (the BBC corpus when it is
there, else the seed articles): each remark is a piece of text by one
speaker, speakers have Zipf-like sizes (a few speak a lot), and a remark is
rendered in one to twenty articles, verbatim or with small edits (trimmed,
one word changed, turned into reported speech); 5% of renderings are
unattributed. Every size runs in its own process so peak memory is its own.

    python benchmarks/dedupe_scaling.py               # 10k, 100k, 1M; writes benchmarks/RESULTS.md
    python benchmarks/dedupe_scaling.py --tiny        # a few seconds, writes nothing
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpus" / "bbc"
HEADING = "## Dedup scaling"
_SENTENCE = regex.compile(r"(?<=[.!?])\s+")
_SWAPS = {"will": "would", "is": "was", "are": "were", "we": "they", "our": "their", "I": "he", "my": "his"}


def corpus_dir() -> Path:
    return BBC if BBC.is_dir() else ROOT / "seeds"


def sentences(directory: Path) -> list[list[str]]:
    out = []
    for path in sorted(directory.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for sentence in _SENTENCE.split(text.replace("\n", " ")):
            ws = sentence.split()
            if 6 <= len(ws) <= 40:
                out.append(ws)
    return out


def window(rng: random.Random, ws: list[str]) -> list[str]:
    n = rng.randint(4, min(12, len(ws)))
    start = rng.randint(0, len(ws) - n)
    return ws[start : start + n]


def render(rng: random.Random, words: list[str], pool: list[list[str]]) -> str:
    """One outlet's version of a remark."""
    r = rng.random()
    ws = list(words)
    if r < 0.4:
        pass  # verbatim
    elif r < 0.7:  # trimmed at one or both ends
        cut_start, cut_end = rng.randint(0, 2), rng.randint(0, 2)
        ws = ws[cut_start : len(ws) - cut_end] or ws
    elif r < 0.9:  # one word rendered differently
        i = rng.randrange(len(ws))
        ws[i] = rng.choice(rng.choice(pool))
    else:  # reported speech
        ws = ["that"] + [_SWAPS.get(w, w) for w in ws]
    return " ".join(ws)


def synthetic(n_mentions: int, pool: list[list[str]], seed: int = 5) -> tuple[list[dict], dict, list[int]]:
    """Records, articles and each record's true remark."""
    rng = random.Random(seed)
    n_speakers = max(10, n_mentions // 50)
    cum_weights = list(itertools.accumulate(1 / rank for rank in range(1, n_speakers + 1)))
    n_articles = max(20, n_mentions // 10)
    articles = {
        f"a{i:07d}": {"path": f"a{i:07d}", "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}
        for i in range(n_articles)
    }
    paths = sorted(articles)
    records, truth = [], []
    remark = 0
    while len(records) < n_mentions:
        speaker = f"s{rng.choices(range(n_speakers), cum_weights=cum_weights)[0]}"
        words = window(rng, rng.choice(pool)) + window(rng, rng.choice(pool))
        r = rng.random()
        copies = 1 if r < 0.5 else 2 if r < 0.75 else rng.randint(3, 5) if r < 0.95 else rng.randint(6, 20)
        for path in rng.sample(paths, min(copies, n_mentions - len(records))):
            text = render(rng, words, pool)
            start = len(records) * 7
            records.append(
                {
                    "article": path,
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                    "speaker_id": None if rng.random() < 0.05 else speaker,
                }
            )
            truth.append(remark)
        remark += 1
    return records, articles, truth


def pair_scores(found: list[str], truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of the clustering against the true remarks."""

    def pairs(counter):
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter(zip(found, truth, strict=True)))
    found_pairs, true_pairs = pairs(Counter(found)), pairs(Counter(truth))
    return (both / found_pairs if found_pairs else 1.0), (both / true_pairs if true_pairs else 1.0)


def rss_mib() -> float:
    with open("/proc/self/statm") as fp:
        return int(fp.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(n: int, corpus: Path) -> dict:
    from quotes.corpus.dedupe import assign_quote_ids

    pool = sentences(corpus)
    records, articles, truth = synthetic(n, pool)
    before = rss_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    assign_quote_ids(records, articles)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = [r["quote_id"] for r in records]
    precision, recall = pair_scores(found, truth)
    blocks = Counter(r["speaker_id"] for r in records)
    return {
        "mentions": n,
        "seconds": seconds,
        "cpu": cpu,
        "peak_mib": peak,
        "input_mib": before,
        "quotes": len(set(found)),
        "remarks": len(set(truth)),
        "largest_block": max(blocks.values()),
        "precision": precision,
        "recall": recall,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| mentions | largest speaker block | dedupe wall s | dedupe CPU s | CPU growth per 10x | peak RSS MiB | RSS before dedupe MiB "
        "| quotes / true remarks | pair precision | pair recall |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for prev, row in zip([None] + rows, rows, strict=False):
        # time growth scaled to a 10x step, whatever the step between sizes
        growth = (
            f"{(row['cpu'] / prev['cpu']) ** (1 / math.log10(row['mentions'] / prev['mentions'])):.1f}x"
            if prev
            else "-"
        )
        lines.append(
            f"| {row['mentions']:,} | {row['largest_block']:,} | {row['seconds']:.2f} | {row['cpu']:.2f} | {growth} "
            f"| {row['peak_mib']:.0f} | {row['input_mib']:.0f} | {row['quotes']:,} / {row['remarks']:,} "
            f"| {row['precision']:.3f} | {row['recall']:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="two small sizes, nothing written")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of mentions")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size in this process
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.corpus)))
        return
    sizes = args.sizes or ([300, 3000] if args.tiny else [10_000, 100_000, 1_000_000])
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--corpus", str(args.corpus)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(f"{n:,} mentions: {rows[-1]['seconds']:.2f}s", file=sys.stderr)
    result = table(rows)
    print(result)
    if not args.tiny:
        cores = os.cpu_count()
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        write_section(
            f"{HEADING}\n\n`python benchmarks/dedupe_scaling.py` ({time.strftime('%Y-%m-%d')}; {cores} cores, "
            f"{mem:.0f} GiB, Python {platform.python_version()}; corpus: {args.corpus.name}; load average "
            f"{os.getloadavg()[1]:.1f} over the last 5 minutes of the run). Synthetic "
            "mentions: remarks built from corpus sentences, Zipf-sized speakers, 1-20 renderings each "
            "(verbatim, trimmed, one word changed, reported), 5% unattributed. Time is the dedupe pass "
            "only (CPU time is the fairer figure on a shared machine); peak RSS includes the input records. Target: at most 12x time per 10x mentions.\n\n"
            f"{result}\n"
        )


if __name__ == "__main__":
    main()
