"""Helpers shared by the benchmark scripts: the machine, measured subprocesses, summaries.

Every measurement runs in its own subprocess so that its peak memory
(``ru_maxrss`` from ``os.wait4``) belongs to it alone.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpus" / "bbc"
SEEDS = ROOT / "seeds"
PYTHON = sys.executable


def machine() -> dict:
    """What the numbers were measured on."""
    import spacy

    from quotes import DEFAULT_MODEL

    try:
        mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem_gib = float("nan")
    try:
        from importlib.metadata import version

        model_version = version(DEFAULT_MODEL.replace("_", "-"))
    except Exception:
        model_version = "?"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_gib, 1),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{DEFAULT_MODEL} {model_version}",
        "platform": platform.platform(),
        "load_average": round(os.getloadavg()[0], 2),
    }


def machine_line(result: dict, command: str) -> str:
    """The line every RESULTS.md section starts with: when, on what, by which command."""
    m = result["machine"]
    return (
        f"`{command}` ({m['date']}; {m['cpus']} cores, {m['memory_gib']:.0f} GiB, Python {m['python']}, "
        f"spaCy {m['spacy']}, {m['model']}; 1-minute load average {m['load_average']} at the start "
        f"and {result.get('load_average_end', '?')} at the end, this run included)."
    )


RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def write_section(text: str, path: Path = RESULTS) -> None:
    """Put ``text`` (starting with its ``## `` heading) into RESULTS.md, replacing that section only."""
    heading = text.split("\n", 1)[0]
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start = old.find(heading + "\n")
    if start == -1:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(heading))
        new = old[:start] + text + (old[end:] if end != -1 else "")
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def measure(cmd: list[str], cwd: Path = ROOT) -> dict:
    """Run ``cmd``; return its wall time, peak RSS (MiB) and the JSON object on its last stdout line.

    ``ru_maxrss`` from ``wait4`` is the largest resident set of the child or
    any of its own (waited-for) children, e.g. spaCy's worker processes.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.PIPE, text=True)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = [line for line in out.read().splitlines() if line.strip()]
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    result["wall_s"] = round(wall, 3)
    result["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3)  # with its waited-for children
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux reports KiB
    return result


def summary(values: list[float]) -> dict:
    return {"min": round(min(values), 3), "median": round(statistics.median(values), 3), "n": len(values)}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100)."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def emit(result: dict) -> None:
    """Print a result as one JSON line (the last line is what ``run.py`` collects)."""
    print(json.dumps(result, ensure_ascii=False))


def corpus_paths(corpus: Path, limit: int | None = None) -> list[str]:
    """The paths to hand to ``quotes build``: the folder itself, or its first ``limit`` files."""
    if limit is None:
        return [str(corpus)]
    from quotes.ingest.readers import iter_files

    return [given for _, given in list(iter_files([str(corpus)]))[:limit]]


def corpus_size(paths: list[str]) -> dict:
    """Articles and whitespace-separated words, as read by the real reader."""
    from quotes.ingest import Article, read_articles

    articles = [a for a in read_articles(paths) if isinstance(a, Article)]
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles)}


def default_corpus(tiny: bool) -> Path:
    """The BBC corpus for real runs; the repository's seeds for ``--tiny`` (and when BBC is absent)."""
    return SEEDS if tiny or not BBC.exists() else BBC


def command_line(script: str, argv: list[str] | None) -> str:
    """How the benchmark was run, for RESULTS.md."""
    args = argv if argv is not None else sys.argv[1:]
    return " ".join([".venv/bin/python", f"benchmarks/{Path(script).name}", *args])


def shown(path: Path) -> str:
    """A path as the README would write it: relative to the repository."""
    return os.path.relpath(path, ROOT)


def add_report_options(parser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print a RESULTS.md section too")
    parser.add_argument("--write", action="store_true", help="put the section into benchmarks/RESULTS.md")


def report(result: dict, to_markdown, script: str, argv: list[str] | None, args) -> None:
    """Print the result as JSON; with --markdown/--write also as its RESULTS.md section."""
    if args.markdown or args.write:
        text = to_markdown(result, command_line(script, argv))
        print(text, file=sys.stderr)
        if args.write:
            write_section(text)
    emit(result)
