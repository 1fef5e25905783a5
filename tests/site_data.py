"""A small quotes site for the page, embed and browser tests: the records of
``conftest.quote_site_records`` (markup in text, speaker, role and title) placed
in article texts where their offsets hold, plus reported speech, a mixed quote,
an unattributed quote and an article without an outlet.
"""

from __future__ import annotations

from pathlib import Path

from conftest import quote_site_records, record

KIM = "We will strengthen our cooperation with Russia."
HOSTILE = "<script>alert('owned')</script> & \"friends\""
PUTIN_REPORTED = "Putin would travel to Pyongyang within days"
PESKOV_MIXED = "the visit would deepen a “strategic partnership” with Pyongyang"
PESKOV_REPORTED = "the Kremlin had no comment"
UNATTRIBUTED = "the talks had “stalled” again"

TEXTS = {
    "seeds/a1.txt": (
        "Seoul, June 13.\n"
        f"North Korean leader Kim Jong Un said: “{KIM}” Officials in Seoul were cautious.\n"
        f"A troll wrote: “{HOSTILE}” in a comment. Nobody replied.\n"
    ),
    "seeds/a2.txt": (
        f"Kim Jong-un repeated: “{KIM}”\n"
        f"The Kremlin said {PUTIN_REPORTED}. Preparations began at once.\n"
        f"Dmitry Peskov said {PESKOV_MIXED}.\n"
    ),
    "seeds/a3.txt": (
        "John Kirby told reporters: “The visit is a threat to regional stability.” He said more later.\n"
        "Putin added: “Our partnership is growing.”\n"
    ),
    "seeds/a4.txt": f"It was said that {UNATTRIBUTED}. Mr Peskov said {PESKOV_REPORTED}.\n",
}


def site_records() -> tuple[list[dict], list[dict]]:
    articles, records = quote_site_records()
    for a in articles:
        a["text"] = TEXTS[a["path"]]
    articles.append(
        {
            "path": "seeds/a4.txt",
            "outlet": None,
            "title": "Talks <em>stall</em>",
            "published": "2024-06-20",
            "url": None,
            "author": None,
            "text": TEXTS["seeds/a4.txt"],
        }
    )
    records = [dict(r) for r in records]
    records += [
        record("seeds/a2.txt", PESKOV_MIXED, "Dmitry Peskov", kind="mixed", role="Kremlin spokesman"),
        record("seeds/a4.txt", PESKOV_REPORTED, "Dmitry Peskov", kind="indirect", mention="Mr Peskov"),
        record("seeds/a4.txt", UNATTRIBUTED, None, kind="mixed", speaker_kind=None, cue=None),
    ]
    for r in records:
        text = TEXTS[r["article"]]
        start = text.index(r["text"])
        r["start"], r["end"] = start, start + len(r["text"])
    return articles, records


def write_site(path: Path) -> Path:
    from quotes.publish.store import write_database

    write_database(path, *site_records())
    return path
