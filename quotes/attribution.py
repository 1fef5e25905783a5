"""Find every quote in a parsed article and attribute it to a speaker.

Three passes over one ``Doc``: find cues (a speech verb with its subject,
``according to X``, ``as reported by X``), link each quoted span to the cue of
its sentence (direct when the quote is the whole content, mixed when the
reported clause carries it as a fragment), then turn cues left without a quote
into reported speech. Speakers are resolved in reading order, so ``he`` is
the last speaker and ``Peskov`` the ``Dmitry Peskov`` named before.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex
from spacy.tokens import Doc, Token

from .chrome import chrome_ranges
from .coref import ArticleSpeakers, Speaker
from .lexicon import forms
from .nounphrases import core_tokens, entities_within, read_phrase
from .quotemarks import QuoteSpan, find_quoted_spans
from .ranges import Ranges
from .sentences import has_sentence_break, sentence_end, sentence_start

SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
SOURCE_NOUNS = {"statement", "statements", "remarks", "comments", "report", "reports", "words", "account"}
_WORD = regex.compile(r"[\p{L}\p{N}]")
_TRIM_TAIL = " \t\n,.;:—–-"
_TRIM_HEAD = " \t\n,;:—–-"


@dataclass
class Cue:
    token: Token
    speaker_head: Token
    label: str  # the cue as written: "said", "according to", "as reported by"
    source: bool  # an "according to"-style cue: content is the rest of the sentence
    quoting_only: bool
    content: tuple[int, int] | None
    reports_clause: bool  # content is a that-clause, not an object
    region: tuple[int, int]  # characters taken by the cue and its speaker phrase
    speaker: Speaker | None = None
    resolved: bool = False


@dataclass(order=True)
class Item:
    pos: int
    start: int
    end: int
    kind: str
    cue: Cue | None = field(compare=False)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_HEAD:
        start += 1
    while end > start and text[end - 1] in _TRIM_TAIL:
        end -= 1
    return start, end


def _speech(tok: Token) -> tuple[bool, bool]:
    """(is a speech cue, counts only when quoting)."""
    if not tok.tag_.startswith("VB"):
        return False, False
    low = tok.lower_
    if low in forms("speech_verbs"):
        if low.startswith("point") and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            return False, False
        return True, False
    if low in forms("quoting_verbs"):
        return True, True
    return False, False


def _subject(verb: Token) -> Token | None:
    """The speaker of a speech verb: its subject, a passive's agent, or the subject it shares."""
    tok = verb
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "agent":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.dep_ == "nsubjpass" and tok is verb:
                return None  # "it was reported that": no speaker
            if subj.lower_ in ("that", "which", "who", "what") and tok.dep_ == "relcl":
                return tok.head
            return subj
        if tok.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and tok.head is not tok:
            tok = tok.head
            continue
        return None
    return None


def _clip(text: str, span: tuple[int, int] | None, anchor: int) -> tuple[int, int] | None:
    """Keep a span within the paragraph of ``anchor``: parses run across line breaks."""
    if span is None:
        return None
    para = _paragraph(text, anchor)
    start, end = max(span[0], para[0]), min(span[1], para[1])
    return (start, end) if end > start else None


def _parenthetical(verb: Token) -> bool:
    """``, he said,`` set off by commas in the middle of a sentence."""
    doc = verb.doc
    left = min(t.i for t in verb.subtree)
    right = max(t.i for t in verb.subtree)
    return left > verb.sent.start + 1 and doc[left - 1].text == "," and right + 1 < verb.sent.end \
        and doc[right].text == "," and any(c.dep_ == "nsubj" for c in verb.children)


def _has_quote(span: tuple[int, int] | None, quoted: "Ranges") -> bool:
    return span is not None and any(span[0] <= s < span[1] for s, _ in quoted.ranges)


def _named_subject(doc: Doc, subj: Token, verb: Token) -> Token:
    """``Only Fools and Horses star David Jason criticised``: when the parser's subject
    is a proper noun outside any name and a person's name stands between it and the
    verb, the name is the speaker."""
    if subj.tag_ != "NNP" or subj.ent_type_ == "PERSON" or not subj.i < verb.i:
        return subj
    names = entities_within(doc, subj.i + 1, verb.i, "PERSON")
    return names[-1].root if names else subj


def _content(verb: Token) -> tuple[tuple[int, int] | None, bool]:
    """Characters of what a speech verb reports (its clause, or its object and
    complements), and whether it is a clause."""
    doc = verb.doc
    ccomp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if ccomp is not None and any(c.dep_ in SUBJECT_DEPS for c in ccomp.children):
        first = ccomp.left_edge.i
        while first < ccomp.i and doc[first].dep_ == "mark":
            first += 1
        last = ccomp.right_edge.i
        return (doc[first].idx, doc[last].idx + len(doc[last])), True
    if verb.dep_ == "parataxis" or (ccomp is None and _parenthetical(verb)):
        # "The Tories, he said, can cut crime": the clause around the cue
        head = verb.head if verb.dep_ == "parataxis" else verb
        first, last = head.left_edge.i, head.right_edge.i
        while last > first and doc[last].is_punct:
            last -= 1
        return (doc[first].idx, doc[last].idx + len(doc[last])), True
    parts = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "oprd") and c.i > verb.i]
    if not parts:
        return None, False
    parts += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("as", "of", "for") and c.i > parts[0].i]
    first = min(p.left_edge.i for p in parts)
    last = max(p.right_edge.i for p in parts)
    return (doc[first].idx, doc[last].idx + len(doc[last])), False


def _source_object(prep: Token) -> Token | None:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is not None and obj.lower_ in SOURCE_NOUNS:
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)
        return owner if owner is not None else obj
    return obj


def find_cues(doc: Doc, skip: Ranges, quoted: Ranges) -> list[Cue]:
    text = doc.text
    cues: list[Cue] = []
    for tok in doc:
        if tok.idx in skip or tok.idx in quoted:
            continue
        low = tok.lower_
        is_speech, quoting_only = _speech(tok)
        if is_speech:
            as_reported = any(c.lower_ == "as" and c.dep_ in ("mark", "advmod") for c in tok.children)
            subj = _subject(tok)
            if subj is None or subj.idx in quoted:
                continue
            subj = _named_subject(doc, subj, tok)
            if as_reported and any(c.dep_ == "agent" for c in tok.children):
                prep = next(c for c in tok.children if c.dep_ == "agent")
                head = _source_object(prep) or subj
                cues.append(_source_cue(doc, tok, prep, head, "as " + tok.text + " by"))
                continue
            left, right = core_tokens(subj)
            region = (min(tok.idx, doc[left].idx), max(tok.idx + len(tok), doc[right - 1].idx + len(doc[right - 1])))
            content, clause = _content(tok)
            if not clause and not quoting_only and tok.lower_ not in forms("object_speech_verbs"):
                content = None if not _has_quote(content, quoted) else content
            cues.append(Cue(tok, subj, tok.text, False, quoting_only, _clip(text, content, tok.idx), clause, region))
        elif low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = _source_object(doc[tok.i + 1])
            if obj is not None:
                cues.append(_source_cue(doc, tok, doc[tok.i + 1], obj, "according to"))
        elif low == "per" and tok.i > 0 and doc[tok.i - 1].lower_ == "as":
            obj = _source_object(tok)
            if obj is not None:
                cues.append(_source_cue(doc, doc[tok.i - 1], tok, obj, "as per"))
    # "X said, according to Y": the verb cue attributes, Y is only the medium
    verbs = sorted((c for c in cues if not c.source), key=lambda c: c.region[0])
    verb_starts = [v.region[0] for v in verbs]

    def near_verb(c: Cue) -> bool:
        i = bisect.bisect_left(verb_starts, c.region[0])
        return any(_adjacent(text, v.region, c.region) for v in verbs[max(0, i - 2):i + 2])

    cues = [c for c in cues if not c.source or not near_verb(c)]
    cues.sort(key=lambda c: c.region[0])
    for c in cues:
        c.content = _without_other_cues(text, c, cues, [o.region[0] for o in cues])
    return cues


def _adjacent(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    gap = text[a[1]:b[0]] if a[1] <= b[0] else text[b[1]:a[0]]
    return len(gap) < 40 and not has_sentence_break(text, min(a[1], b[1]), max(a[0], b[0])) and \
        len(_WORD.findall(gap)) <= 3


def _without_other_cues(text: str, cue: Cue, cues: list[Cue], starts: list[int]) -> tuple[int, int] | None:
    """Cut a content span where another speaker's cue begins inside it
    (``X said A, while Y said B``: A is X's, B is Y's). ``cues`` are sorted by
    ``starts``, their regions' starts."""
    if cue.content is None:
        return None
    start, end = cue.content
    for other in cues[bisect.bisect_right(starts, start):bisect.bisect_left(starts, end)]:
        if other is not cue and start < other.region[0] < end and not (other.region[0] <= cue.region[0] < other.region[1]):
            if other.region[0] > cue.region[1]:
                end = min(end, other.region[0])
            else:
                start = max(start, other.region[1])
    start, end = _trim(text, start, end)
    # a conjunction left dangling at the cut
    end = _drop_tail_words(text, start, end)
    return (start, end) if end > start else None


def _drop_tail_words(text: str, start: int, end: int) -> int:
    tail = regex.search(r"(?:[\s,;]+(?:and|but|while|whereas|as|or|with))+\s*$", text[start:end])
    if tail:
        end = start + tail.start()
    return _trim(text, start, end)[1]


def _source_cue(doc: Doc, first: Token, prep: Token, head: Token, label: str) -> Cue:
    """``according to X``: what X says is the clause the phrase attaches to, less the phrase."""
    text = doc.text
    last = prep.right_edge
    start, end = first.idx, last.idx + len(last)
    para = _paragraph(text, start)
    s = sentence_start(text, para[0], start)
    e = sentence_end(text, end, para[1])
    clause = first.head if first.head is not first else first
    while clause.dep_ not in ("ROOT", "conj", "ccomp") and clause.head is not clause \
            and not clause.tag_.startswith(("VB", "MD")):
        clause = clause.head
    lo = max(s, doc[clause.left_edge.i].idx)
    hi = min(e, clause.right_edge.idx + len(clause.right_edge))
    before = _trim(text, lo, start)
    after = _trim(text, end, hi)
    content = before if before[1] - before[0] >= after[1] - after[0] else after
    return Cue(first, head, label, True, False, content if content[1] > content[0] else None, True, (start, end))


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, len(text) if e == -1 else e


def _sentence_of(text: str, pos: int) -> int:
    para = _paragraph(text, pos)
    return sentence_start(text, para[0], pos)


def _words(text: str) -> bool:
    return bool(_WORD.search(text))





def link_quotes(doc: Doc, spans: list[QuoteSpan], cues: list[Cue]) -> tuple[list[Item], set[int]]:
    """Items for quoted spans: direct or mixed with their cue, or continuations (cue None)."""
    text = doc.text
    items: list[Item] = []
    used: set[int] = set()
    mixed: dict[tuple[int, int], Item] = {}  # (cue, clause start): quotes one clause carries
    cue_pos = sorted((c.region[0], i) for i, c in enumerate(cues))
    starts = [pos for pos, _ in cue_pos]
    by_cue: dict[int, list[Item]] = {}  # items linked to each cue, for quotes sharing one
    for q in spans:
        para = _paragraph(text, q.start)
        s_start = sentence_start(text, para[0], q.start)
        s_end = sentence_end(text, q.end, para[1])
        after = None
        for pos, i in cue_pos[bisect.bisect_left(starts, q.end):]:
            if pos >= s_end or has_sentence_break(text, q.end, pos):
                break
            if not (cues[i].source and pos > q.end + 2 and _words(text[q.end:pos])):
                after = i
                break
        before = None
        for pos, i in reversed(cue_pos[bisect.bisect_left(starts, s_start):bisect.bisect_left(starts, q.start)]):
            if cues[i].region[1] <= q.start:
                before = i
                break
        choice = None
        inner = text[q.inner_start:q.inner_end]
        trailing_comma = inner.rstrip().endswith(",")
        opens_sentence = not _words(text[s_start:q.start])
        after_near = after is not None and len(text[q.end:cues[after].region[0]].split()) <= 3
        if after_near and (trailing_comma or before is None or opens_sentence):
            choice = after
        elif before is not None:
            choice = before
        elif after is not None:
            choice = after
        if choice is None:
            items.append(Item(q.start, q.inner_start, q.inner_end, "direct", None))
            continue
        cue = cues[choice]
        used.add(choice)
        if choice == after:
            lead_start = s_start
            for other in by_cue.get(choice, ()):
                if other.start >= s_start:
                    lead_start = max(lead_start, other.end + 1)
            if not _words(text[lead_start:q.start]):
                items.append(Item(q.start, q.inner_start, q.inner_end, "direct", cue))
                by_cue.setdefault(choice, []).append(items[-1])
                continue
            content = _trim(text, lead_start, cue.region[0])
        else:
            content = cue.content
            resumed = any(o.kind == "direct" and o.start >= s_start for o in by_cue.get(choice, ()))
            if resumed or cue.source or content is None or content[0] >= q.start - 1 or (
                    not _words(text[content[0]:q.start]) and not _words(text[q.end:content[1]])):
                items.append(Item(q.start, q.inner_start, q.inner_end, "direct", cue))
                by_cue.setdefault(choice, []).append(items[-1])
                continue
            gap = text[content[1]:q.start]
            if cue.region[0] >= content[1]:  # the cue itself stands between ("A," he said, "B")
                gap = text[content[1]:cue.region[0]] + text[cue.region[1]:q.start]
            if q.start > content[1] and _words(gap):
                # beyond what the cue reports, with other words between: not this cue's
                items.append(Item(q.start, q.inner_start, q.inner_end, "direct", None))
                continue
            content = (content[0], max(content[1], q.end))
        content = _trim(text, *content)
        key = (choice, content[0])
        if key in mixed:
            m = mixed[key]
            m.end = max(m.end, content[1])
        else:
            m = Item(min(q.start, content[0]), content[0], content[1], "mixed", cue)
            mixed[key] = m
            items.append(m)
            by_cue.setdefault(choice, []).append(m)
    return items, used


def find_quotes(doc: Doc) -> list[dict]:
    """Every quote occurrence in ``doc`` as plain dicts (see ``QuoteFinder``)."""
    text = doc.text
    skip = Ranges(chrome_ranges(text))
    spans = [q for q in find_quoted_spans(text) if q.start not in skip]
    quoted = Ranges([(q.inner_start, q.inner_end) for q in spans])
    cues = find_cues(doc, skip, quoted)
    items, used = link_quotes(doc, spans, cues)
    covered = Ranges([(i.start, i.end) for i in items if i.kind == "mixed"])
    marked = Ranges([(q.start, q.end) for q in spans])
    for n, cue in enumerate(cues):
        if n in used or cue.quoting_only or cue.content is None:
            continue
        start, end = _trim(text, *cue.content)
        if end - start < 8 or start in covered or marked.overlaps(start, end):
            continue
        items.append(Item(min(start, cue.region[0]), start, end, "indirect", cue))

    items.sort()
    reported = [(q.inner_start, q.inner_end) for q in spans] + [c.content for c in cues if c.content]
    speakers = ArticleSpeakers(doc, reported)
    records: list[dict] = []
    last: dict | None = None
    for item in items:
        if item.cue is None:
            if last is None or not _continues(text, last, item):
                continue
            speaker = Speaker(last["speaker"], last["speaker_kind"], last["role"], last["mention"])
            cue_text = None
        else:
            cue = item.cue
            if not cue.resolved:
                head = cue.speaker_head
                cue.speaker = speakers.resolve(read_phrase(head), head.idx, _sentence_of(text, head.idx))
                cue.resolved = True
            speaker = cue.speaker
            if speaker is None:
                continue
            cue_text = cue.label
        start, end = item.start, item.end
        if item.kind == "direct":
            start, end = _trim(text, start, end) if text[end - 1:end] == "," else (start, end)
        rec = {
            "start": start, "end": end, "text": text[start:end], "kind": item.kind,
            "speaker": speaker.name, "role": speaker.role, "cue": cue_text,
            "speaker_kind": speaker.kind, "mention": speaker.mention,
        }
        records.append(rec)
        last = rec
    _carry_roles(records, speakers)
    return records


def _carry_roles(records: list[dict], speakers: ArticleSpeakers) -> None:
    """A role the article gives a person holds for their later quotes until it gives
    another; quotes before any role take the first one given."""
    current: dict[str, str] = {}
    for r in records:
        if r["speaker_kind"] != "person":
            continue
        if r["role"]:
            current[r["speaker"]] = r["role"]
        elif r["speaker"] in current:
            r["role"] = current[r["speaker"]]
    for r in records:
        if not r["role"] and r["speaker_kind"] == "person":
            r["role"] = current.get(r["speaker"]) or speakers.roles.get(r["speaker"])


def _continues(text: str, last: dict, item: Item) -> bool:
    """A quoted paragraph with no cue of its own continues the speaker of the
    paragraph before it (or of its own paragraph)."""
    para = _paragraph(text, item.start)
    if len(text[item.start:item.end].split()) < 4 or _words(text[sentence_start(text, para[0], item.pos):item.pos]):
        return False
    if last["end"] >= para[0]:
        return True
    between = text[last["end"]:para[0]].split("\n")[1:]  # lines after the last record's own
    return not any(line.strip() for line in between)
