"""How a quote is shown to readers: the rules every page, card and embed follow.

A direct quote is the speaker's own words, in quotation marks. A mixed quote
is a reported clause carrying a quoted fragment: the clause without marks,
only the fragment in them. Reported speech is paraphrase: never in marks,
led by who said it (``Dmitry Peskov said that ...``). Marks are characters
in the text (a reader who copies the quote copies them), never decoration,
and a mark already in the text is never doubled.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass
from functools import cache

import markupsafe

from ..article.quotemarks import find_quoted_spans
from ..lexicon import package_lexicon

KIND_ORDER = {"direct": 0, "mixed": 1, "indirect": 2}
LABELS = {"direct": "Quote", "mixed": "Partly quoted", "indirect": "Reported speech"}
OPEN, CLOSE = "\u201c", "\u201d"  # “ ”
OPEN_INNER, CLOSE_INNER = "\u2018", "\u2019"  # ‘ ’ for marks inside a direct quote
_ACCORDING = ("according to", "as per")
_SAY = frozenset({"say", "tell"})  # their past tense takes "that"; "told" drops its hearer


@dataclass(frozen=True)
class Part:
    text: str
    quoted: bool


@dataclass(frozen=True)
class Rendering:
    """A quote ready to show: ``lead`` (reported forms), then ``parts``; ``outer`` marks around all."""

    kind: str
    label: str
    lead: str | None
    parts: tuple[Part, ...]
    outer: bool

    def words(self) -> str:
        """The parts with their marks, as printed (no lead)."""
        inner_open, inner_close = (OPEN_INNER, CLOSE_INNER) if self.outer else (OPEN, CLOSE)
        body = "".join(f"{inner_open}{p.text}{inner_close}" if p.quoted else p.text for p in self.parts)
        return f"{OPEN}{body}{CLOSE}" if self.outer else body

    def plain(self) -> str:
        """The whole line as printed, lead included: for titles and fallback text."""
        return f"{self.lead} {self.words()}" if self.lead else self.words()

    def html(self) -> markupsafe.Markup:
        """The line as HTML, everything escaped: the lead, then the words with quoted fragments marked."""
        inner_open, inner_close = (OPEN_INNER, CLOSE_INNER) if self.outer else (OPEN, CLOSE)
        body = markupsafe.Markup("").join(
            markupsafe.Markup('<span class="quote-fragment">{}{}{}</span>').format(inner_open, p.text, inner_close)
            if p.quoted
            else markupsafe.escape(p.text)
            for p in self.parts
        )
        if self.outer:
            body = markupsafe.Markup("{}{}{}").format(OPEN, body, CLOSE)
        if self.lead:
            return markupsafe.Markup('<span class="quote-lead">{}</span> {}').format(self.lead, body)
        return body

    def to_dict(self) -> dict:
        data = asdict(self)
        data["parts"] = [asdict(p) for p in self.parts]
        data["text"] = self.plain()
        return data


@cache
def _past_tenses() -> dict[str, str]:
    """Every form of every speech verb -> its past tense (the third form on its line)."""
    lexicon = package_lexicon()
    past = {}
    for name in ("speech_verbs", "quoting_verbs", "object_speech_verbs"):
        for line in lexicon.lines(name):
            forms = line.casefold().split()
            if len(forms) >= 3:
                for form in forms:
                    past.setdefault(form, "said" if forms[0] == "tell" else forms[2])
    return past


@cache
def _lowercase_openers() -> frozenset[str]:
    """Words that start a reported clause in lower case after ``said that`` (``The`` -> ``the``)."""
    return package_lexicon().words("stopwords") - {"i"}


def _reporting_verb(cue: str | None) -> str:
    words = (cue or "").casefold().split()
    past = _past_tenses()
    for word in words:
        if word in past:
            return past[word] + (" that" if past[word] in ("said",) else "")
    return "said that"


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first and first.casefold() in _lowercase_openers() and first[:1].isupper():
        return text[:1].lower() + text[1:]
    return text


def lead(kind: str, speaker: str | None, cue: str | None) -> str | None:
    """``Dmitry Peskov said that`` / ``According to the Kremlin,`` before reported forms; None for direct."""
    if kind == "direct" or not speaker:
        return None
    if " ".join((cue or "").casefold().split()) in _ACCORDING:
        return f"According to {speaker},"
    return f"{speaker} {_reporting_verb(cue)}"


def parts(text: str, kind: str) -> tuple[tuple[Part, ...], bool]:
    """The text cut into plain and quoted parts, its own marks taken out; and whether it goes in marks."""
    text = text.strip()
    spans = find_quoted_spans(text)
    if kind == "direct":
        if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):
            text, spans = text[spans[0].inner_start : spans[0].inner_end], []  # marks around the whole: drop them
            spans = find_quoted_spans(text)
    out: list[Part] = []
    pos = 0
    for span in spans:
        if span.start > pos:
            out.append(Part(text[pos : span.start], False))
        out.append(Part(text[span.inner_start : span.inner_end], True))
        pos = span.end
    if pos < len(text):
        out.append(Part(text[pos:], False))
    return tuple(p for p in out if p.text), kind == "direct"


def render(text: str, kind: str | None, speaker: str | None = None, cue: str | None = None) -> Rendering:
    """How one rendering of a quote (a mention's words, or a quote's chosen text) is shown."""
    kind = kind if kind in LABELS else "indirect"  # an unknown kind is never put in marks
    body, outer = parts(text, kind)
    opened = _lower_first(body[0].text) if body and not body[0].quoted and kind != "direct" and speaker else None
    if opened is not None:
        body = (Part(opened, False), *body[1:])
    return Rendering(kind, LABELS[kind], lead(kind, speaker, cue), body, outer)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: str | None) -> str | None:
    """``2024-06-13`` -> ``13 June 2024``; ``2024-06`` -> ``June 2024``; anything else as it is."""
    if not value or not isinstance(value, str):
        return value
    head = value[:10]
    try:
        if len(head) == 10:
            d = datetime.date.fromisoformat(head)
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if len(head) == 7:
            d = datetime.date.fromisoformat(head + "-01")
            return f"{MONTHS[d.month - 1]} {d.year}"
    except ValueError:
        pass
    return value


def json_list(value) -> list | None:
    """A JSON array column as a list; None when the value is not one."""
    if isinstance(value, list):
        return value
    if not isinstance(value, str):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    return items if isinstance(items, list) else None
