"""Link each quoted span to the cue of its sentence.

Direct when the marks hold the whole content (``"…," he said``, ``He said:
"…"``, ``"…," he said. "…"``); mixed when the reported clause carries the
quote as a fragment (the item is the clause); a quoted paragraph with no cue
of its own may continue the speaker before it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from .cues import Cue
from .quotemarks import QuoteSpan
from .sentences import Layout, has_words, trim_punct

_SPACES = regex.compile(r"[ \t]*")


@dataclass(order=True)
class Item:
    """A quote occurrence before its speaker is resolved."""

    pos: int  # where it stands in reading order
    start: int
    end: int
    kind: str
    cue: Cue | None = field(compare=False)


def link_quotes(layout: Layout, spans: list[QuoteSpan], cues: list[Cue]) -> tuple[list[Item], set[int]]:
    """Items for quoted spans: direct or mixed with their cue, or continuations (cue None);
    and the positions in ``cues`` of the cues that took a quote."""
    text = layout.text
    items: list[Item] = []
    mixed: dict[tuple[int, int], Item] = {}  # (cue, clause start): quotes one clause carries
    cue_pos = sorted((c.region[0], i) for i, c in enumerate(cues))
    starts = [pos for pos, _ in cue_pos]
    by_cue: dict[int, list[Item]] = {}  # items linked to each cue, for quotes sharing one
    for q in spans:
        s_start, s_end = layout.sentence(q.start, q.end)
        # '"Why now?" Senator Ana Lopes asked.': the end of the quoted sentence is not the end of
        # its attribution when a cue with nothing else to report follows at once (checked below)
        lo, cue_end = q.end, s_end
        if text[q.inner_start : q.inner_end].rstrip("'’”\"»").endswith(("?", "!", ".")):
            lo = _SPACES.match(text, q.end).end()
            cue_end = layout.sentence_end(lo, layout.paragraph(lo)[1])
        opens_sentence = not has_words(text[s_start : q.start])
        after = None
        for pos, i in cue_pos[bisect.bisect_left(starts, q.end) :]:
            if pos >= cue_end or layout.has_break(lo, pos):
                break
            if cues[i].speaker_start is not None and cues[i].speaker_start < q.start:
                continue  # 'X insisted that "...," claiming that': the verb of someone named before the quote
            content = cues[i].content
            if content is not None and content[0] > cues[i].token.idx and not opens_sentence:
                # 'To a question on "jobs," Lund said contractors cost more': it reports what follows it
                # (a quote opening its sentence is the cue's whatever the parse: '"...," said X, who ...')
                break
            if not (cues[i].source and pos > q.end + 2 and has_words(text[q.end : pos])):
                after = i
                break
        # the nearest cue before the quote in its sentence; a farther one whose report holds the
        # quote wins over a nearer one whose report ends before it ("she says tweets accusing X are “lies”")
        before = None
        for _, i in reversed(cue_pos[bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, q.start)]):
            if cues[i].region[1] > q.start:
                continue
            if before is None:
                before = i
            content = cues[i].content
            if content is not None and content[0] <= q.inner_start < content[1]:
                before = i
                break
            if content is None or content[1] < q.start:
                continue
            break
        choice = None
        inner = text[q.inner_start : q.inner_end]
        trailing_comma = inner.rstrip().endswith(",")
        # '"...," Kremlin aide Yuri Ushakov was quoted as saying': near by where its speaker is named
        after_near = after is not None and len(text[q.end : _named_at(cues[after])].split()) <= 3
        if (
            after is not None
            and layout.has_break(q.end, cues[after].region[0])
            and not (after_near and cues[after].content in (None, (q.inner_start, q.inner_end)))
        ):
            after = None
        if after_near and (trailing_comma or before is None or opens_sentence):
            choice = after
        elif before is not None:
            choice = before
        elif after is not None:
            choice = after
        if choice is None:
            choice = _introducing_cue(layout, q, cues, cue_pos, starts)
            cue = cues[choice] if choice is not None else None
            items.append(Item(q.start, q.inner_start, q.inner_end, "direct", cue))
            if choice is not None:
                by_cue.setdefault(choice, []).append(items[-1])
            continue
        cue = cues[choice]
        if choice == after:
            lead_start = s_start
            for other in by_cue.get(choice, ()):
                if other.start >= s_start:
                    lead_start = max(lead_start, other.end + 1)
            colon = text.rfind(":", lead_start, q.start)
            if colon != -1 and not has_words(text[colon : q.start]):
                lead_start = colon + 1  # 'Murphy lamented his tasks: "...," he said': the lead only introduces it
            if not has_words(text[lead_start : q.start]):
                items.append(Item(q.start, q.inner_start, q.inner_end, "direct", cue))
                by_cue.setdefault(choice, []).append(items[-1])
                continue
            content = trim_punct(text, lead_start, cue.region[0])
        else:
            content = cue.content
            resumed = any(o.kind == "direct" and o.start >= s_start for o in by_cue.get(choice, ()))
            if (
                resumed
                or cue.source
                or content is None
                or text[cue.region[1] : q.start].rstrip().endswith(":")  # 'He said the following: "..."'
                or (
                    (content[0] >= q.start - 1 or not has_words(text[content[0] : q.start]))
                    and not has_words(text[q.end : content[1]])
                )
            ):
                items.append(Item(q.start, q.inner_start, q.inner_end, "direct", cue))
                by_cue.setdefault(choice, []).append(items[-1])
                continue
            gap = text[content[1] : q.start]
            if cue.region[0] >= content[1]:  # the cue itself stands between ("A," he said, "B")
                gap = text[content[1] : cue.region[0]] + text[cue.region[1] : q.start]
            if q.start > content[1] and has_words(gap):
                # beyond what the cue reports, with other words between: not this cue's
                items.append(Item(q.start, q.inner_start, q.inner_end, "direct", None))
                continue
            content = (content[0], max(content[1], q.end))
        content = trim_punct(text, *content)
        key = (choice, content[0])
        if key in mixed:
            m = mixed[key]
            m.end = max(m.end, content[1])
        else:
            m = Item(min(q.start, content[0]), content[0], content[1], "mixed", cue)
            mixed[key] = m
            items.append(m)
            by_cue.setdefault(choice, []).append(m)
    return items, set(by_cue)  # a cue whose only quote turned out not to be its own still reports


def _introducing_cue(
    layout: Layout, q: QuoteSpan, cues: list[Cue], cue_pos: list[tuple[int, int]], starts: list[int]
) -> int | None:
    """A block quote opening its paragraph after a line that ends with a colon takes that
    line's last cue (``The New York Times reports:`` then ``"In an illustration ..."``)."""
    text = layout.text
    para = layout.paragraph(q.start)
    if has_words(text[para[0] : q.start]):
        return None
    last = para[0] - 1  # the last character before the blank lines (not a copy of the article so far)
    while last >= 0 and text[last].isspace():
        last -= 1
    if last < 0 or text[last] != ":":
        return None
    line = layout.paragraph(last)
    inside = cue_pos[bisect.bisect_left(starts, line[0]) : bisect.bisect_left(starts, line[1])]
    if not inside:
        return None
    i = inside[-1][1]
    return i if not has_words(text[cues[i].region[1] : line[1]]) and cues[i].content is None else None


def _named_at(cue: Cue) -> int:
    """Where a cue begins for a quote before it: its speaker phrase or its verb, whichever comes first."""
    return min(cue.region[0], cue.speaker_start if cue.speaker_start is not None else cue.region[0])


def continues(layout: Layout, last: dict, item: Item) -> bool:
    """A quoted paragraph with no cue of its own continues the speaker of the
    paragraph before it (or of its own paragraph)."""
    text = layout.text
    para = layout.paragraph(item.start)
    if len(text[item.start : item.end].split()) < 4 or has_words(
        text[layout.sentence_start(para[0], item.pos) : item.pos]
    ):
        return False
    if last["end"] >= para[0]:
        return True
    between = text[last["end"] : para[0]].split("\n")[1:]  # lines after the last record's own
    return not any(line.strip() for line in between)
