"""Score the extractor on PolNeAR's hand-annotated attributions (train or dev split only).

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution in
1,008 US campaign news articles as brat standoff: ``T`` lines are text-bound
spans (``Source``, ``Cue``, ``Content``, ``Content2``; also ``Discuss`` and
``Discard`` notes, which are not attributions), and ``E`` lines
(``Attribution`` or ``Attribution-no-source``) tie a cue, a content and
perhaps a source into one attribution. Spans may be discontinuous
(``start end;start end``); offsets count characters of the text file as
stored, so the text is read without newline translation and passed to the
extractor exactly as it is. The corpus is not part of this repository:
fetch it and point this script at its root (the directory holding ``data/``)::

    python benchmarks/polnear.py PATH_TO_POLNEAR --split dev [--json] [--show-misses N] [--limit N]

The ``test`` split is reserved for independent evaluation: asking for it
raises ``PolnearError`` before any file is opened. Articles annotated by
several annotators (the agreement articles) are scored against one of them,
the first annotator id in sort order.

Rules (pure functions below, so tests pin them):

- **Speech attribution**: the cue contains one of ``SPEECH_VERBS`` (a fixed
  list of general English verbs of communication, every inflection, kept here
  and not read from the extractor's word lists so the denominator never moves)
  or ``according to``. Verbs of thinking, seeing and wanting, naming verbs
  (call, describe), evaluation verbs (praise, criticise) and punctuation cues
  (a colon) do not count.
- **Found**: one-to-one matching of predicted records to gold attributions of
  any cue within an article, best pairs first, as ``quotes/evaluate.py`` does:
  a pair needs its spans to share a character and a word Dice (casefolded
  letters and digits, punctuation ignored) of at least 0.5 between the record's
  text and the gold content (its fragments joined). A quote split around its
  cue comes from the extractor as two records; the better one must reach 0.5
  on its own.
- **Direct**: the gold content (first to last fragment) is enclosed in
  quotation marks: an opening mark right before or at its start and a closing
  mark at or right after its end, trailing punctuation allowed.
- **Overlap share** (a precision proxy): the share of records with at least
  half of their non-blank characters inside the content of some attribution,
  any cue. **Touch share**: records sharing any character with some content.
- **Speaker agreement**: over found speech attributions whose gold source is a
  name, the share whose predicted speaker names the same. A source's names are
  its runs of capitalised words that are not pronouns or determiners, less
  titles ("Mr.", "Sen.", "President"); a run that modifies a noun (a possessive,
  "Acme" in "Acme campaign manager Jo Bloggs") is no name, so "the Acme
  campaign" is a description, not a name. A capitalised first word at a
  sentence start counts only if the article never writes it in lower case
  ("Officials said" is no name, "Smith said" is). Pronoun and description
  sources are left out. The speaker agrees when the casefolded words of some
  name and of the predicted speaker (titles and determiners dropped) contain
  one another either way: "Smith" ~ "Jane Smith", "Mr. Smith" ~ "John Smith".

``--show-misses N`` prints N missed speech attributions with a rough reason and
construction tags; the reason "cue unknown to the extractor" is judged from the
extractor's own verb lists (``data/`` of the ``quotes`` package that is
imported), the only use of them here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("train", "dev")
RESERVED = ("test",)
THRESHOLD = 0.5

# Base form first, then every inflection; a line of several words is a phrase.
SPEECH_VERBS = """
say says said saying
tell tells told telling
add adds added adding
state states stated stating
announce announces announced announcing
claim claims claimed claiming
argue argues argued arguing
insist insists insisted insisting
warn warns warned warning
explain explains explained explaining
note notes noted noting
declare declares declared declaring
assert asserts asserted asserting
contend contends contended contending
maintain maintains maintained maintaining
remark remarks remarked remarking
comment comments commented commenting
reply replies replied replying
respond responds responded responding
answer answers answered answering
ask asks asked asking
write writes wrote written writing
tweet tweets tweeted tweeting
report reports reported reporting
acknowledge acknowledges acknowledged acknowledging
admit admits admitted admitting
concede concedes conceded conceding
confirm confirms confirmed confirming
deny denies denied denying
reveal reveals revealed revealing
recall recalls recalled recalling
recount recounts recounted recounting
suggest suggests suggested suggesting
propose proposes proposed proposing
predict predicts predicted predicting
promise promises promised promising
vow vows vowed vowing
pledge pledges pledged pledging
urge urges urged urging
demand demands demanded demanding
stress stresses stressed stressing
emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
repeat repeats repeated repeating
reiterate reiterates reiterated reiterating
mention mentions mentioned mentioning
shout shouts shouted shouting
yell yells yelled yelling
scream screams screamed screaming
whisper whispers whispered whispering
mutter mutters muttered muttering
exclaim exclaims exclaimed exclaiming
proclaim proclaims proclaimed proclaiming
joke jokes joked joking
quip quips quipped quipping
boast boasts boasted boasting
brag brags bragged bragging
complain complains complained complaining
lament laments lamented lamenting
accuse accuses accused accusing
allege alleges alleged alleging
testify testifies testified testifying
inform informs informed informing
assure assures assured assuring
caution cautions cautioned cautioning
retort retorts retorted retorting
counter counters countered countering
observe observes observed observing
question questions questioned questioning
"""
SPEECH_PHRASES = (
    ("according", "to"),
    ("point", "out"),
    ("points", "out"),
    ("pointed", "out"),
    ("pointing", "out"),
)
SPEECH_FORMS = frozenset(SPEECH_VERBS.split())

OPENING = "\"“‘'«"
CLOSING = "\"”’'»"
TRAILING = ".,;:!?…—–- \t"
PRONOUNS = frozenset(
    """
i me my we us our you your he him his she her it its they them their one who whom whose which that
this these those someone somebody anyone everyone nobody
""".split()
)
DETERMINERS = frozenset(
    """
a an the s his her its their our my your this that these those some many several other another both each all any most
""".split()
)
# For grouping misses only: sources that are texts, polls or media, and shares of people polled.
DOCUMENTS = frozenset(
    """
poll polls survey surveys report reports memo email emails letter statement study document documents order ad ads
data analysis filing filings complaint lawsuit book article story website tweet post video release ruling transcript
records figures numbers results findings research count review returns estimates projections average
""".split()
)
COUNT = re.compile(
    r"\d|\bpercent\b|%|\bin (?:10|ten)\b|\bmajorit|\bhalf\b|\bthird\b|respondents|surveyed|polled", re.IGNORECASE
)
RELATIVES = frozenset({"who", "which", "that", "whom"})
AUXILIARIES = frozenset("has have had was were is are be been will would".split())
SOURCE_CUT = re.compile(r",| of | who | which | that | for | at | from | in |\(")
SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(\[A-Z0-9])")
# Words after a name that do not make it a modifier ("Smith of the Acme Institute").
LINKS = frozenset("of and or who whose which at from in for with on to".split())
TITLES = frozenset(
    "mr mrs ms miss dr prof sen rep gov gen lt col sgt rev president senator representative "
    "governor secretary general judge justice chief mayor speaker".split()
)
# The extractor's lists of cue verbs under quotes/data, read only to diagnose misses.
EXTRACTOR_VERB_LISTS = (
    "speech_verbs",
    "quoting_verbs",
    "object_speech_verbs",
    "phrasal_speech_verbs",
    "document_verbs",
)
_WORD = re.compile(r"[^\W_]+")
_ANN_LINE = re.compile(r"^[TERANM#*]\d*\t")


class PolnearError(Exception):
    pass


# -- corpus -------------------------------------------------------------------

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Textbound:
    """One brat ``T`` line: a typed, possibly discontinuous span and its text as stored."""

    id: str
    type: str
    spans: Spans
    text: str


@dataclass(frozen=True)
class Attribution:
    """One gold attribution: its content, cue and (maybe empty) source spans."""

    id: str
    content: Spans
    cue: Spans
    source: Spans


@dataclass
class Document:
    """One article of a split: its raw text and gold attributions."""

    name: str
    text: str
    attributions: list[Attribution]
    annotator: str = ""
    problems: list[str] = field(default_factory=list)


def parse_spans(field_: str) -> Spans:
    """``"3 8;10 12"`` -> ``((3, 8), (10, 12))``."""
    spans = []
    for part in field_.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def parse_ann(text: str) -> tuple[dict[str, Textbound], list[tuple[str, dict[str, list[str]]]]]:
    """Text-bound annotations by id and events as (id, {role: [T ids]}) from one .ann file.

    A line that does not start an annotation (blank ones too) continues the
    previous one's text: brat writes a span's line breaks as they are. Role
    ``Content2`` counts as ``Content``; the trigger (``Attribution``...) is dropped.
    """
    textbounds: dict[str, Textbound] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    last: str | None = None
    for line in text.split("\n"):
        if not _ANN_LINE.match(line):
            if last is not None:
                tb = textbounds[last]
                textbounds[last] = Textbound(tb.id, tb.type, tb.spans, tb.text + "\n" + line)
            continue
        last = None
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            head, _, span_text = rest.partition("\t")
            kind, _, spans = head.partition(" ")
            if not kind or not spans.strip():
                continue
            textbounds[ident] = Textbound(ident, kind, parse_spans(spans), span_text)
            last = ident
        elif ident.startswith("E"):
            roles: dict[str, list[str]] = {}
            for i, arg in enumerate(rest.split("\t", 1)[0].split()):
                role, _, target = arg.partition(":")
                if i == 0:
                    continue  # the trigger
                role = re.sub(r"\d+$", "", role)
                roles.setdefault(role, []).append(target)
            events.append((ident, roles))
    return textbounds, events


def role_spans(textbounds: dict[str, Textbound], roles: dict[str, list[str]], role: str) -> Spans:
    """The sorted spans of every text-bound annotation an event gives ``role``."""
    return tuple(sorted(s for t in roles.get(role, []) if t in textbounds for s in textbounds[t].spans))


def attributions(ann_text: str, article_text: str) -> tuple[list[Attribution], list[str]]:
    """Gold attributions of one article, in content order, and problems (spans not matching the text)."""
    textbounds, events = parse_ann(ann_text)
    problems = [
        f"{tb.id}: {tb.spans} is not the stored text"
        for tb in textbounds.values()
        if span_text(article_text, tb.spans).rstrip("\n") != tb.text.rstrip("\n")
    ]
    out = []
    for ident, roles in events:
        content = role_spans(textbounds, roles, "Content")
        if not content:
            continue  # an event left empty in the annotation tool
        cue, source = role_spans(textbounds, roles, "Cue"), role_spans(textbounds, roles, "Source")
        out.append(Attribution(ident, content, cue, source))
    out.sort(key=lambda a: (a.content[0], a.id))
    return out, problems


def span_text(text: str, spans: Spans) -> str:
    return " ".join(text[s:e] for s, e in spans)


def split_dir(root: str | Path, split: str) -> Path:
    """``ROOT/data/SPLIT`` (ROOT may also be the data directory); refuses the reserved test split."""
    if split in RESERVED:
        raise PolnearError(f"the {split} split is reserved for independent evaluation; use {' or '.join(SPLITS)}")
    if split not in SPLITS:
        raise PolnearError(f"unknown split {split!r}; use {' or '.join(SPLITS)}")
    root = Path(root)
    parts = root.resolve().parts
    if parts[-1:] and (parts[-1] in RESERVED or (parts[-2:-1] and parts[-2] in RESERVED)):
        raise PolnearError(f"{root}: give the PolNeAR root, not a reserved split's directory")
    data = root / "data" if (root / "data").is_dir() else root
    where = data / split
    if not (where / "text").is_dir() or not (where / "attributions").is_dir():
        raise PolnearError(f"{where}: no text/ and attributions/ directories (is {root} PolNeAR's root?)")
    return where


def read_exact(path: Path) -> str:
    """A UTF-8 file's characters as stored (no newline translation: brat offsets count every one)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def load_split(root: str | Path, split: str, limit: int | None = None) -> list[Document]:
    """The split's articles (sorted by name, the first ``limit``) with their gold attributions."""
    where = split_dir(root, split)
    docs = []
    for text_path in sorted((where / "text").glob("*.txt")):
        if limit is not None and len(docs) >= limit:
            break
        anns = sorted((where / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        text = read_exact(text_path)
        gold, problems = attributions(read_exact(anns[0]), text)
        annotator = anns[0].stem[len(text_path.stem) + 1 :]
        docs.append(Document(text_path.stem, text, gold, annotator, problems))
    return docs


# -- rules --------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Casefolded runs of letters and digits."""
    return [w.casefold() for w in _WORD.findall(text or "")]


def dice(a: str, b: str) -> float:
    """Dice coefficient of the two texts' word multisets."""
    ca, cb = Counter(words(a)), Counter(words(b))
    total = sum(ca.values()) + sum(cb.values())
    return 2 * sum((ca & cb).values()) / total if total else 0.0


def has_phrase(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == tuple(phrase) for i in range(len(tokens) - n + 1))


def is_speech_cue(cue: str) -> bool:
    """The cue contains a verb of communication or one of ``SPEECH_PHRASES``."""
    toks = words(cue)
    return any(t in SPEECH_FORMS for t in toks) or any(has_phrase(toks, p) for p in SPEECH_PHRASES)


def is_direct(text: str, content: Spans) -> bool:
    """The content, first to last fragment, sits inside quotation marks (marks inside or just outside)."""
    start, end = content[0][0], content[-1][1]
    inner = text[start:end].strip()
    if not inner:
        return False
    before = text[:start].rstrip(" \t")
    opens = inner[0] in OPENING or (before[-1:] and before[-1] in OPENING)
    tail = inner.rstrip(TRAILING)
    after = text[end:].lstrip(TRAILING)
    closes = (
        (len(inner) > 1 and inner[-1] in CLOSING)
        or (tail and tail[-1] in CLOSING and len(tail) > 1)
        or (after[:1] and after[0] in CLOSING)
    )
    return bool(opens and closes)


def sentence_starts(text: str) -> list[int]:
    """Rough sentence starts: after line breaks and after .!? (and a closing mark) before a capital."""
    starts = [0]
    for m in SENTENCE_BREAK.finditer(text):
        starts.append(m.end())
    return starts


def sentence_of(text: str, start: int, end: int, starts: list[int] | None = None) -> tuple[int, int]:
    """The rough sentence(s) holding [start, end)."""
    starts = starts if starts is not None else sentence_starts(text)
    lo = max((s for s in starts if s <= start), default=0)
    hi = min((s for s in starts if s >= end), default=len(text))
    return lo, hi


def at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"“‘'(")
    return not before or before[-1] in '.!?\n:”"’'


def name_runs(source: str, text: str = "", position: int | None = None) -> list[frozenset[str]]:
    """The names in a source: its runs of capitalised words, casefolded, titles dropped.

    Pronouns and determiners do not start a run; a run that modifies a noun
    ("Acme campaign manager ...", a possessive) is no name, and a source whose
    runs all modify is a description. A capitalised first word at a sentence
    start (``position`` is where the source starts in ``text``) counts only if
    ``text`` never writes it in lower case.
    """
    toks = list(_WORD.finditer(source or ""))
    runs: list[tuple[frozenset[str], bool]] = []
    i = 0
    while i < len(toks):
        w = toks[i].group()
        if not w[0].isupper() or w.casefold() in PRONOUNS or w.casefold() in DETERMINERS:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and (
            (toks[j + 1].group()[0].isupper() and not source[toks[j].end() : toks[j + 1].start()].strip(" .-"))
            or source[toks[j].end() : toks[j + 1].start()] == "-"
        ):
            j += 1
        run = [t.group() for t in toks[i : j + 1]]
        if i == 0 and position is not None and at_sentence_start(text, position):
            lower = run[0][0].lower() + run[0][1:]
            if re.search(rf"(?<![^\W_]){re.escape(lower)}(?![^\W_])", text):
                run = run[1:]
        after = toks[j + 1] if j + 1 < len(toks) else None
        gap = source[toks[j].end() : after.start()] if after else ""
        modifies = after is not None and (
            (gap in ("'", "’") and after.group() == "s")
            or (not gap.strip(" .") and after.group()[0].islower() and after.group() not in LINKS)
        )
        names = frozenset(w.casefold() for w in run) - TITLES
        if names:
            runs.append((names, modifies))
        i = j + 1
    return [names for names, modifies in runs if not modifies]


def is_name(source: str, text: str = "", position: int | None = None) -> bool:
    """The source names someone (see ``name_runs``); pronouns and descriptions do not."""
    return bool(name_runs(source, text, position))


def same_speaker(gold_source: str, predicted: str | None, text: str = "", position: int | None = None) -> bool:
    """Some name of the gold source and the predicted speaker's words contain one another.

    Titles and determiners do not count: "Mr. Smith" ~ "John Smith", "Smith" ~ "Jane Smith".
    """
    p = frozenset(words(predicted or "")) - TITLES - DETERMINERS
    return bool(p) and any(g <= p or p <= g for g in name_runs(gold_source, text, position))


# -- scoring ------------------------------------------------------------------


def intersects(a: tuple[int, int], spans: Spans) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def inside_share(a: tuple[int, int], spans: Iterable[tuple[int, int]], text: str) -> float:
    """The share of [a) non-blank characters that lie inside ``spans``."""
    chars = [i for i in range(a[0], a[1]) if not text[i].isspace()]
    if not chars:
        return 0.0
    covered = set()
    for s, e in spans:
        covered.update(range(max(s, a[0]), min(e, a[1])))
    return sum(1 for i in chars if i in covered) / len(chars)


def match(
    text: str, records: list[dict], gold: list[Attribution], threshold: float = THRESHOLD
) -> dict[int, tuple[int, float]]:
    """One-to-one {gold index: (record index, Dice)} within one article, best Dice first."""
    candidates = []
    for j, g in enumerate(gold):
        content = span_text(text, g.content)
        for i, r in enumerate(records):
            if not intersects((r["start"], r["end"]), g.content):
                continue
            score = dice(r["text"], content)
            if score >= threshold:
                candidates.append((-score, abs(r["start"] - g.content[0][0]), i, j))
    candidates.sort()
    used_r: set[int] = set()
    pairs: dict[int, tuple[int, float]] = {}
    for neg, _, i, j in candidates:
        if i not in used_r and j not in pairs:
            used_r.add(i)
            pairs[j] = (i, -neg)
    return pairs


def rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


@dataclass
class Outcome:
    """One gold speech attribution after matching."""

    doc: Document
    gold: Attribution
    direct: bool
    record: dict | None


def score_document(doc: Document, records: list[dict]) -> tuple[Counter, list[Outcome]]:
    """Counts for one article and the outcome of each of its speech attributions."""
    text = doc.text
    pairs = match(text, records, doc.attributions)
    n = Counter(gold=len(doc.attributions), predicted=len(records))
    outcomes = []
    for j, g in enumerate(doc.attributions):
        if not is_speech_cue(span_text(text, g.cue)):
            continue
        direct = is_direct(text, g.content)
        record = records[pairs[j][0]] if j in pairs else None
        n["speech"] += 1
        n["direct"] += direct
        n["speech_found"] += record is not None
        n["direct_found"] += direct and record is not None
        source = span_text(text, g.source)
        if record is not None and g.source and is_name(source, text, g.source[0][0]):
            n["named"] += 1
            n["named_agree"] += same_speaker(source, record.get("speaker"), text, g.source[0][0])
        outcomes.append(Outcome(doc, g, direct, record))
    contents = [s for g in doc.attributions for s in g.content]
    for r in records:
        span = (r["start"], r["end"])
        n["overlapping"] += inside_share(span, contents, text) >= THRESHOLD
        n["touching"] += intersects(span, tuple(contents))
    return n, outcomes


def summarise(n: Counter) -> dict:
    """The headline numbers from summed counts."""
    return {
        "articles": n["articles"],
        "gold_attributions": n["gold"],
        "predicted": n["predicted"],
        "speech": {"gold": n["speech"], "found": n["speech_found"], "recall": rate(n["speech_found"], n["speech"])},
        "direct": {"gold": n["direct"], "found": n["direct_found"], "recall": rate(n["direct_found"], n["direct"])},
        "not_direct": {
            "gold": n["speech"] - n["direct"],
            "found": n["speech_found"] - n["direct_found"],
            "recall": rate(n["speech_found"] - n["direct_found"], n["speech"] - n["direct"]),
        },
        "overlap_share": {
            "predicted": n["predicted"],
            "overlapping": n["overlapping"],
            "share": rate(n["overlapping"], n["predicted"]),
        },
        "touch_share": {
            "predicted": n["predicted"],
            "touching": n["touching"],
            "share": rate(n["touching"], n["predicted"]),
        },
        "speaker_agreement": {
            "named_found": n["named"],
            "agree": n["named_agree"],
            "share": rate(n["named_agree"], n["named"]),
        },
    }


def score(docs: list[Document], predictions: dict[str, list[dict]]) -> tuple[dict, list[Outcome]]:
    """Headline numbers over ``docs`` given records by document name, and every speech outcome."""
    total: Counter = Counter()
    outcomes: list[Outcome] = []
    for doc in docs:
        n, out = score_document(doc, predictions.get(doc.name, []))
        total.update(n)
        total["articles"] += 1
        total["problems"] += len(doc.problems)
        outcomes.extend(out)
    result = summarise(total)
    result["offset_problems"] = total["problems"]
    return result, outcomes


# -- misses -------------------------------------------------------------------


def extractor_data_dir() -> Path:
    """The data directory of the ``quotes`` package that would be imported (without importing it)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("quotes")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]) / "data"
    return ROOT / "quotes" / "data"


def extractor_cue_words(data_dir: Path | None = None) -> frozenset[str] | None:
    """Every word of the extractor's cue verb lists (diagnosis only), or None without its speech verb list."""
    data_dir = data_dir if data_dir is not None else extractor_data_dir()
    if not (data_dir / "speech_verbs.txt").exists():
        return None
    forms: set[str] = set()
    for name in EXTRACTOR_VERB_LISTS:
        path = data_dir / f"{name}.txt"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                forms.update(w.casefold() for w in line.split("#", 1)[0].split() if w != "|")
    return frozenset(forms)


def miss_tags(text: str, g: Attribution, direct: bool, starts: list[int] | None = None) -> list[str]:
    """Construction features of a gold attribution, for grouping misses (``starts``: ``sentence_starts(text)``)."""
    starts = starts if starts is not None else sentence_starts(text)
    tags = []
    cue = span_text(text, g.cue)
    cue_words = words(cue)
    content_start, content_end = g.content[0][0], g.content[-1][1]
    if direct:
        tags.append("quoted")
    elif any(c in text[content_start:content_end] for c in '“”"'):
        tags.append("partly quoted")
    if len(g.content) > 1:
        tags.append("content in pieces")
    if "\n" in text[content_start:content_end].strip():
        tags.append("content over paragraphs")
    if g.cue and not intersects(g.cue[0], (sentence_of(text, content_start, content_start + 1, starts),)):
        tags.append("content in another sentence")
    every = g.content + g.cue + g.source
    lo, hi = sentence_of(text, min(s for s, _ in every), max(e for _, e in every), starts)
    if "''" in text[lo:hi]:
        tags.append("two-apostrophe quotes")
    if not g.source:
        tags.append("no source")
    else:
        source = span_text(text, g.source)
        source_words = words(source)
        head = words(SOURCE_CUT.split(source)[0])[-1:]
        if source_words and all(w in RELATIVES for w in source_words):
            tags.append("relative pronoun source")
        elif all(w in PRONOUNS for w in source_words):
            tags.append("pronoun source")
        elif COUNT.search(source):
            tags.append("count source")
        elif head and head[0] in DOCUMENTS and not is_name(SOURCE_CUT.split(source)[0]):
            tags.append("document source")
        elif not is_name(source, text, g.source[0][0]):
            tags.append("unnamed source")
        if g.source[0][0] > content_start:
            tags.append("source after content")
        if g.cue and g.source[0][0] > g.cue[0][0]:
            tags.append("source after cue")
    if g.cue and g.cue[0][0] > content_start:
        tags.append("cue after content")
    if any(w.endswith("ing") for w in cue_words if w != "according"):
        tags.append("-ing cue")
    if any(w in AUXILIARIES for w in cue_words):
        tags.append("auxiliary cue")
    if any(w in {"ask", "asks", "asked", "asking"} for w in cue_words):
        tags.append("question cue")
    words_in_line = re.findall(r"[^\W\d_][\w'’-]*", text[lo:hi])
    if len(words_in_line) >= 4 and sum(w[0].isupper() for w in words_in_line) >= 0.7 * len(words_in_line):
        tags.append("title-case line")
    if has_phrase(cue_words, ("according", "to")):
        tags.append("according to")
    first = _WORD.search(text, lo)
    if first and first.group().casefold().endswith("ing") and first.start() < min(s for s, _ in g.content + g.cue):
        tags.append("participle-opening sentence")
    return tags


def miss_reason(
    text: str, g: Attribution, records: list[dict], known: frozenset[str] | None, starts: list[int] | None = None
) -> str:
    """A rough single reason why a gold speech attribution found no record.

    ``known`` is the extractor's cue words (None: not judged); ``starts`` is ``sentence_starts(text)``.
    """
    cue_words = words(span_text(text, g.cue))
    if known is not None and not (set(cue_words) & known or has_phrase(cue_words, ("according", "to"))):
        return "cue unknown to the extractor"
    content = span_text(text, g.content)
    near = [i for i, r in enumerate(records) if intersects((r["start"], r["end"]), g.content)]
    if not near:
        every = g.content + g.cue + g.source
        lo, hi = sentence_of(text, min(s for s, _ in every), max(e for _, e in every), starts)
        if any(intersects((r["start"], r["end"]), ((lo, hi),)) for r in records):
            return "prediction elsewhere in the sentence"
        return "no prediction in the sentence"
    if any(dice(records[i]["text"], content) >= THRESHOLD for i in near):
        return "record taken by another attribution"
    best = max(near, key=lambda i: dice(records[i]["text"], content))
    n_pred, n_gold = len(words(records[best]["text"])), len(words(content))
    if len(near) > 1:
        return "span split over records"
    return "record span too short" if n_pred < n_gold else "record span too long"


def misses(outcomes: list[Outcome], predictions: dict[str, list[dict]], known: frozenset[str] | None) -> list[dict]:
    """Every missed speech attribution with reason, tags, cue, source and rough sentence."""
    out = []
    starts_cache: dict[str, list[int]] = {}
    for o in outcomes:
        if o.record is not None:
            continue
        text, g = o.doc.text, o.gold
        records = predictions.get(o.doc.name, [])
        starts = starts_cache.setdefault(o.doc.name, sentence_starts(text))
        every = g.content + g.cue + g.source
        lo, hi = sentence_of(text, min(s for s, _ in every), max(e for _, e in every), starts)
        out.append(
            {
                "article": o.doc.name,
                "id": g.id,
                "reason": miss_reason(text, g, records, known, starts),
                "tags": miss_tags(text, g, o.direct, starts),
                "cue": span_text(text, g.cue),
                "source": span_text(text, g.source),
                "content": span_text(text, g.content),
                "sentence": " ".join(text[lo:hi].split()),
                "records_nearby": [r["text"] for r in records if intersects((r["start"], r["end"]), ((lo, hi),))],
            }
        )
    return out


def tag_noun_phrase_content(missed: list[dict], nlp) -> None:
    """Tag misses whose content (not in quotation marks) has no verb: ``questioned Israel's
    commitment``, ``warned us about the plan``. The golds of this project do not count such
    content as a quote, so they are what no rule of its definition of a quote would find."""
    todo = [m for m in missed if "quoted" not in m["tags"]]
    for m, doc in zip(todo, nlp.pipe((m["content"] for m in todo), disable=["ner", "quotes"]), strict=True):
        if not any(t.tag_.startswith(("VB", "MD")) for t in doc):
            m["tags"].append("noun-phrase content")


def spread(items: list, n: int) -> list:
    """``n`` items spaced evenly over ``items`` (all if fewer)."""
    if n >= len(items):
        return list(items)
    step = len(items) / n
    return [items[int(k * step)] for k in range(n)]


# -- edges --------------------------------------------------------------------


def predict(docs: list[Document], workers: int = 1) -> dict[str, list[dict]]:
    """Run the extractor on each document's raw text; records by document name."""
    from quotes.pipeline import Article, extract, load_nlp  # the extractor, imported only to run it

    nlp = load_nlp()
    articles = [Article(path=d.name, text=d.text) for d in docs]
    return {article.path: records for article, records in extract(nlp, articles, workers=workers)}


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def report(result: dict) -> str:
    """The numbers as text."""
    s, d, nd = result["speech"], result["direct"], result["not_direct"]
    o, t, a = result["overlap_share"], result["touch_share"], result["speaker_agreement"]
    lines = [
        f"PolNeAR {result['split']}: {result['articles']} articles, {result['gold_attributions']} gold attributions, "
        f"{result['predicted']} predicted records ({result['seconds']:.0f} s; extractor {result.get('extractor', '?')})",
        f"speech recall      {pct(s['recall']):>7}  ({s['found']} of {s['gold']} speech attributions)",
        f"  direct recall    {pct(d['recall']):>7}  ({d['found']} of {d['gold']} in quotation marks)",
        f"  other recall     {pct(nd['recall']):>7}  ({nd['found']} of {nd['gold']} not in quotation marks)",
        f"overlap share      {pct(o['share']):>7}  ({o['overlapping']} of {o['predicted']} records mostly inside "
        f"some attribution's content)",
        f"touch share        {pct(t['share']):>7}  ({t['touching']} of {t['predicted']} records touching one)",
        f"speaker agreement  {pct(a['share']):>7}  ({a['agree']} of {a['named_found']} found speech attributions "
        f"with a named source)",
    ]
    if result["offset_problems"]:
        lines.append(f"warning: {result['offset_problems']} annotation spans do not match the stored text")
    if result.get("miss_reasons"):
        lines.append("misses by rough reason: " + ", ".join(f"{k} {v}" for k, v in result["miss_reasons"].items()))
    if result.get("miss_tags"):
        lines.append("misses by construction: " + ", ".join(f"{k} {v}" for k, v in result["miss_tags"].items()))
    return "\n".join(lines)


def show_miss(m: dict) -> str:
    tags = ", ".join(m["tags"]) or "-"
    near = " | ".join(m["records_nearby"]) or "none"
    return (
        f"- {m['article']} {m['id']}: {m['reason']} [{tags}]\n"
        f"  cue: {m['cue']!r}  source: {m['source']!r}\n"
        f"  sentence: {m['sentence'][:400]}\n"
        f"  records in the sentence: {near[:300]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", help="PolNeAR's root directory (holding data/)")
    parser.add_argument("--split", default="dev", help=f"one of {', '.join(SPLITS)} (test is refused)")
    parser.add_argument("--json", action="store_true", help="also print the result as one JSON line")
    parser.add_argument(
        "--show-misses",
        type=int,
        default=0,
        metavar="N",
        help="print N missed speech attributions, spread over the split",
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N articles")
    parser.add_argument("--workers", type=int, default=1, help="extractor processes (default 1)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        docs = load_split(args.root, args.split, args.limit)
    except PolnearError as e:
        parser.error(str(e))
    predictions = predict(docs, args.workers)
    result, outcomes = score(docs, predictions)
    missed = misses(outcomes, predictions, extractor_cue_words())
    from quotes.pipeline import load_nlp

    tag_noun_phrase_content(missed, load_nlp())
    result["split"] = args.split
    result["extractor"] = str(extractor_data_dir().parent)
    result["seconds"] = round(time.perf_counter() - start, 1)
    result["miss_reasons"] = dict(Counter(m["reason"] for m in missed).most_common())
    result["miss_tags"] = dict(Counter(t for m in missed for t in m["tags"]).most_common())
    print(report(result))
    if args.show_misses:
        print(f"\n{min(args.show_misses, len(missed))} of {len(missed)} missed speech attributions:")
        for m in spread(missed, args.show_misses):
            print(show_miss(m))
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
