"""Find every quote in a parsed article and attribute it to a speaker.

The coordinator of three passes over one ``Doc``: find cues (``cues.py``),
link each quoted span to the cue of its sentence (``linking.py``), then turn
cues left without a quote into reported speech. Speakers are resolved in
reading order (``speakers.py``), so ``he`` is the last speaker and
``Peskov`` the ``Dmitry Peskov`` named before.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..names import tidy_role
from ..record import QuoteRecord
from .chrome import chrome_ranges
from .cues import Cue, find_cues, impersonal
from .linking import Item, continues, link_quotes
from .nounphrases import read_phrase
from .quotemarks import find_quoted_spans
from .ranges import Ranges
from .sentences import Layout, has_words, trim_punct
from .speakers import ArticleSpeakers, Speaker

MIN_REPORTED_CHARS = 8
NOBODY = Speaker(None, None, None, None)


def find_quotes(
    doc: Doc, lex: Lexicon, skip_chrome: bool = True, min_reported_chars: int = MIN_REPORTED_CHARS
) -> list[QuoteRecord]:
    """Every quote occurrence in ``doc``, in reading order.

    ``skip_chrome``: ignore lines of page chrome (captions, link lists, bylines);
    ``min_reported_chars``: shorter reported speech is not kept (``he said so``).
    """
    text = doc.text
    layout = Layout(text, lex.words("abbreviations"))
    skip = Ranges(chrome_ranges(text, lex.patterns("chrome_patterns")) if skip_chrome else [])
    spans = [q for q in find_quoted_spans(text) if q.start not in skip]
    quoted = Ranges([(q.inner_start, q.inner_end) for q in spans])
    cues = find_cues(doc, layout, lex, skip, quoted)
    items, used = link_quotes(layout, spans, cues)
    covered = Ranges([(i.start, i.end) for i in items if i.kind == "mixed"])
    for n, cue in enumerate(cues):
        if n in used or cue.quoting_only or cue.content is None:
            continue
        start, end = trim_punct(text, *cue.content)
        if end - start < min_reported_chars or start in covered:
            continue
        kind = "indirect"
        inside = [q for q in spans if q.start < end and q.end > start]
        if inside:
            # quoted words in it that another cue took: kept when the clause says more than the
            # quote ("said he backed the bill, which he called “...”"), not when it is the quote
            # and cues ('told Today: "...," he said')
            holes = [(q.start, q.end) for q in inside] + [c.region for c in cues if start <= c.region[0] < end]
            if not has_words(_outside(text, start, end, holes + [cue.region])):
                continue
            kind, end = "mixed", max(end, inside[-1].end)
        items.append(Item(min(start, cue.region[0]), start, end, kind, cue))

    items.sort()
    reported = [(q.inner_start, q.inner_end) for q in spans] + [c.content for c in cues if c.content]
    # what someone named reports ("a tribunal ruled that the pair had not been told that ..."):
    # a passive with no agent inside it is part of what they said
    said = Ranges([c.content for c in cues if c.content and c.speaker_head is not None])
    speakers = ArticleSpeakers(doc, lex, reported)
    records: list[QuoteRecord] = []
    last: QuoteRecord | None = None
    for item in items:
        if item.cue is None:
            holder = _holder_before(layout, speakers, item, last)
            if holder is not None:
                speaker = holder
            elif last is None or not continues(layout, last, item):
                continue
            else:
                speaker = Speaker(last["speaker"], last["speaker_kind"], last["role"], last["mention"])
            cue_text, resolved_by = None, "continuation"
        else:
            cue = item.cue
            if not cue.resolved:
                _resolve(cue, speakers, layout, lex)
            speaker = cue.speaker
            if speaker is None and item.kind == "indirect" and cue.speaker_head is None:
                if not impersonal(cue.token) or cue.token.idx in said:
                    continue  # reported speech with no one named: only "it was announced that ..."
            cue_text, resolved_by = cue.label, cue.resolved_by
        speaker = speaker or NOBODY
        start, end = item.start, item.end
        if item.kind == "direct" and text[end - 1 : end] == ",":
            start, end = trim_punct(text, start, end)
        rec: QuoteRecord = {
            "start": start,
            "end": end,
            "text": text[start:end],
            "kind": item.kind,
            "speaker": speaker.name,
            "role": tidy_role(speaker.role, lex.words("abbreviations")),
            "cue": cue_text,
            "speaker_kind": speaker.kind,
            "mention": speaker.mention,
            "owner": speaker.owner,
            "resolved_by": resolved_by,
        }
        records.append(rec)
        last = rec
    _one_kind(records)
    _carry_roles(records, speakers)
    return records


def _one_kind(records: list[QuoteRecord]) -> None:
    """A one-word name the article refers to as ``it`` is a body's in every record, however
    the recognizer typed it where it stood alone (``Diageo said it expects ... It said``)."""
    bodies = {r["speaker"] for r in records if r["speaker_kind"] == "organisation" and r["mention"] in ("it", "It")}
    for r in records:
        if r["speaker_kind"] == "person" and r["speaker"] in bodies and " " not in r["speaker"]:
            r["speaker_kind"] = "organisation"


def _holder_before(layout: Layout, speakers: ArticleSpeakers, item: Item, last: QuoteRecord | None) -> Speaker | None:
    """``McEnroe wants his team to play on clay. "I think it will help ..."``: a quote with
    no cue, opening the sentence right after one saying what someone thinks or wants, is
    theirs; so is one a clause about someone introduces with a colon (``Johansson was more
    restrained: "I have to improve my serve."``), and one in a new paragraph after a
    sentence whose main clause is about someone."""
    text = layout.text
    start = layout.sentence_start(layout.paragraph(item.pos)[0], item.pos)
    if len(text[item.start : item.end].split()) < 4:
        return None
    if text[start : item.pos].rstrip().endswith(":"):
        found = speakers.holder(start, item.pos, stance=False)
        return found[1] if found is not None else None
    if has_words(text[start : item.pos]):
        return None
    back = start - 1
    while back > 0 and text[back].isspace():
        back -= 1
    para = layout.paragraph(item.pos)[0]
    before = layout.sentence_start(layout.paragraph(back)[0], back)
    found = speakers.holder(before, start)
    if found is None and last is not None and last["end"] < para <= before:
        # a new paragraph opening with what someone did ("Network director Robert Tapsfield
        # criticised the system. "There is no logic ..."") brings in its subject
        found = speakers.holder(before, start, stance=False, main=True)
    if found is None or (last is not None and last["end"] > found[0]):
        return None
    return found[1]


def _outside(text: str, start: int, end: int, holes: list[tuple[int, int]]) -> str:
    """The text of ``start:end`` less the ``holes``."""
    out, at = [], start
    for a, b in sorted(holes):
        out.append(text[at : max(at, a)])
        at = max(at, b)
    out.append(text[at:end])
    return "".join(out)


def _resolve(cue: Cue, speakers: ArticleSpeakers, layout: Layout, lex: Lexicon) -> None:
    """Who a cue's phrase names, and how they were found (``record.ResolvedBy``)."""
    cue.resolved = True
    head = cue.speaker_head
    if head is None:
        return
    phrase = read_phrase(head, lex)
    sentence = layout.sentence_start(layout.paragraph(head.idx)[0], head.idx)
    cue.speaker = speakers.resolve(phrase, head.idx, sentence)
    if cue.speaker is None:
        cue.resolved_by = "none"
    elif cue.found_by == "fallback":
        cue.resolved_by = "fallback"
    elif phrase.apposition:
        cue.resolved_by = "apposition"
    elif phrase.kind == "pronoun" or (phrase.kind == "nominal" and cue.speaker.kind != "anonymous"):
        cue.resolved_by = phrase.kind
    else:
        cue.resolved_by = "subject"


def _carry_roles(records: list[QuoteRecord], speakers: ArticleSpeakers) -> None:
    """A role the article gives a person holds for their later quotes until it gives
    another; quotes before any role take the first one given."""
    current: dict[str, str] = {}
    first: dict[str, str] = {}
    for r in records:
        if r["speaker_kind"] != "person":
            continue
        if r["role"]:
            current[r["speaker"]] = r["role"]
            first.setdefault(r["speaker"], r["role"])
        elif r["speaker"] in current:
            r["role"] = current[r["speaker"]]
    for r in records:
        if not r["role"] and r["speaker_kind"] == "person":
            r["role"] = first.get(r["speaker"]) or speakers.roles.get(r["speaker"])
