"""Cues: where an article says that someone speaks, and what they say.

A speech verb with its subject or a passive's agent (``X said``, ``said X``,
``X was quoted as saying``, ``as reported by X``), a verb that reports only
when it quotes (``called it a “charm offensive”``), ``according to X`` and
``as per X``. Each cue carries the token that names its speaker and the
characters of what it reports, when the parse gives them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex
from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from ..names import PRONOUNS
from .nounphrases import (
    an_age,
    another_verb,
    core_tokens,
    describes_person,
    entities_within,
    entity_of,
    is_document,
    listed,
    read_phrase,
    singular,
)
from .ranges import Ranges
from .sentences import Layout, has_words, trim_punct
from .speakers import Speaker

SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
# "according to his remarks", "according to the ministry's statement": the speaker is their owner
SOURCE_NOUNS = {"remarks", "comments", "words", "account", "statement", "statements"}
CONTRASTS = {"while", "whereas", "but", "although", "though"}  # "X said A, while Y said B"
CLAUSE_JOINS = CONTRASTS | {"and", "or", "so", "yet"}
_SPACES_BEFORE_COLON = regex.compile(r"[ \t]*:[ \t]*(?![\"“‘'«])")  # not a colon before a quotation
THINGS = {"it", "this", "that", "which"}  # subjects that name no one
FINITE_TAGS = {"VBD", "VBP", "VBZ", "MD"}
MEDIUM_PREPS = {"in", "on", "during", "through", "via"}  # "said in a letter", "wrote on social media"
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_DANGLING = regex.compile(r"(?:[\s,;]+(?:and|but|while|whereas|as|or|with))+\s*$")


@dataclass(frozen=True)
class SpeechVerb:
    """How a verb reports speech."""

    quoting_only: bool = False  # only when it carries quoted words ("called it “a disgrace”")
    documents_only: bool = False  # only with a document as its subject ("the survey found that")
    particle: Token | None = None  # "pointed out", "called on", "called for"


@dataclass
class Cue:
    token: Token
    speaker_head: Token | None  # the head of the phrase naming the speaker; None when nothing does
    label: str  # the cue as written: "said", "according to", "as reported by"
    region: tuple[int, int]  # characters taken by the cue and its speaker phrase
    content: tuple[int, int] | None  # characters of what it reports
    reports_clause: bool = False  # content is a clause, not an object
    source: bool = False  # an "according to"-style cue: content is the rest of the sentence
    quoting_only: bool = False  # a verb that reports only when it carries quoted words
    speaker: Speaker | None = None
    found_by: str = "subject"  # how speaker_head was found: "subject" or "fallback" (see record.ResolvedBy)
    shared_subject: bool = False  # its subject is another verb's ("X said ..., adding that")
    speaker_start: int | None = None  # where the phrase naming the speaker begins
    resolved_by: str = "none"
    resolved: bool = False


def speech_verb(tok: Token, lex: Lexicon) -> SpeechVerb | None:
    """How ``tok`` reports speech, or None if it does not."""
    # a noun, unless the tagger took "predicts" in "Hale predicts that ..." or "read" in '"...," the
    # note read' for one: a word with a clause and a subject is a verb
    reports = any(c.dep_ == "ccomp" for c in tok.children) and (
        tok.tag_ == "NNS" or (tok.tag_ == "NN" and any(c.dep_ == "nsubj" for c in tok.children))
    )
    if not tok.tag_.startswith("VB") and not reports:
        return None
    low = tok.lower_
    particles = lex.pairs("phrasal_speech_verbs").get(low)
    if particles:
        particle = next(
            (
                c
                for c in tok.children
                if c.lower_ in particles and (c.dep_ in ("prt", "prep") or (c.dep_ == "advmod" and c.i == tok.i + 1))
            ),
            None,
        )  # "snapped back that": the parser may call the particle an adverb
        if particle is not None:
            return SpeechVerb(particle=particle)
    if another_verb(tok):
        return None
    if tok.tag_ == "VBZ" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "compound"):
        return None  # a plural noun the tagger took for a verb: "in four Super Tuesday states"
    if any(c.dep_ == "dobj" and c.lower_ in ("little", "nothing", "much") for c in tok.children):
        return None  # "said little": nothing reported
    if low in lex.forms("speech_verbs"):
        return SpeechVerb()
    if low in lex.forms("quoting_verbs"):
        return SpeechVerb(quoting_only=True)
    if low in lex.forms("document_verbs"):
        return SpeechVerb(documents_only=True)
    return None


def impersonal(verb: Token) -> bool:
    """``it was reported that``, ``he was told``: a passive without an agent names no speaker."""
    return any(c.dep_ == "nsubjpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)


def _says(tok: Token, lex: Lexicon) -> bool:
    return tok.lower_ in lex.forms("speech_verbs")


def _inverted_aside(verb: Token) -> Token | None:
    """``To stay ahead, said Mr Fahey, rivals may cut prices``, ``Not least, said Ann Roe, of
    Acme, because ...``, ``The idea, says BT, is ...``: a speech verb set off by commas inside a sentence, its speaker named
    right after it; that name, wherever the parser hung it, when the sentence goes on after it."""
    doc = verb.doc
    sent = verb.sent
    if verb.i - 1 <= sent.start or doc[verb.i - 1].text != "," or any(t.is_quote for t in sent):
        return None
    end = verb.i + 1
    while end < sent.end and doc[end].tag_ == "NNP":
        end += 1
    name = doc[end - 1]
    if end == verb.i + 1 or end >= sent.end or doc[end].text != "," or name.ent_type_ not in ("PERSON", "ORG"):
        return None
    if doc[end + 1].lower_ in ("and", "but", "or"):
        return None  # "..., said Mr Hale, but he said ...": an attribution ending its clause
    described = {t.i for t in name.subtree}  # (not "..., said Jo Hart, head of sales at Acme.")
    goes_on = any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in doc[end + 1 : sent.end] if t.i not in described)
    return name if goes_on else None


def _aged_speaker(verb: Token) -> Token | None:
    """``"...," the 25-year-old said`` / ``asked``: the parser took the age for the verb's
    adjective, or the verb for the age's participle."""
    if verb.dep_ == "acl" and an_age(verb.head) and verb.head.i < verb.i:
        return verb.head
    if not _has_subject(verb):  # (or its object, said after it: '"...," added the 30-year-old')
        return next((c for c in verb.children if c.dep_ in ("amod", "nsubj", "dobj") and an_age(c)), None)
    return None


def _subject(verb: Token, quoted: Ranges, lex: Lexicon) -> Token | None:
    """The speaker of a speech verb: its subject, a passive's agent, or the subject it
    shares with the verb it hangs on (past any quoted clause it sits in)."""
    if (inverted := _inverted_aside(verb) or _aged_speaker(verb)) is not None:
        return inverted
    tok = verb
    joined = False
    for _ in range(6):
        if tok is not verb and tok.idx in quoted:
            if tok.dep_ in ("ccomp", "conj", "xcomp", "advcl") and tok.head.i != tok.i:
                tok = tok.head  # '"I ...," he declared before adding': not the quote's own "I"
                continue
            return None
        for c in tok.children:
            if c.dep_ == "agent":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and tok is verb and not _someone(subj, lex):
            # "Neither has won a seat and Cray firmly insisted ...": the name the parser
            # joined to a thing is the verb's subject; so is one of several subjects the parser
            # gave it ('said SEPA vice-director Pan Yue', split at the hyphen; 'this year, ..., he said')
            subj = next((c for c in subj.conjuncts if c.i < tok.i and _someone(c, lex) and _right_before(c, tok)), subj)
            subj = next((c for c in tok.children if c.dep_ == "nsubj" and c is not subj and _someone(c, lex)), subj)
        if subj is not None:
            if subj.dep_ == "nsubjpass" and tok is verb:
                return None  # "it was reported that": no speaker
            if subj.lower_ in ("that", "which", "who", "what") and tok.dep_ == "relcl":
                return tok.head
            return subj
        # (or of the verb it is joined to: "but his lawyer, Jo Hart, told ... and added")
        if (tok is verb or joined) and (lost := _lost_subject(tok, lex)) is not None:
            return lost
        joined = tok.dep_ == "conj" and (tok is verb or joined)
        if tok.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and tok.head.i != tok.i:
            if _speakers_participle(tok, lex):
                # "X said Y had a rough ride from residents, adding: ...": who adds is who said,
                # not the subject of what was said, where the parser hung the participle
                tok = tok.head.head
                continue
            tok = tok.head
            continue
        return None
    return None


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _right_before(noun: Token, verb: Token) -> bool:
    """Does ``noun``'s phrase end right before ``verb`` (adverbs aside)?"""
    return all(t.tag_ in ("RB", "RBR", "RBS") for t in noun.doc[noun.right_edge.i + 1 : verb.i])


def _speakers_participle(verb: Token, lex: Lexicon) -> bool:
    """Is ``verb`` a speech participle the parser hung inside the clause another speech verb
    reports (``warned that the recovery would stall, saying ...``)? Its subject is
    that verb's."""
    clause = verb.head
    # (or a speech verb joined to that clause: "said his team had reached a view, but admitted it was hard")
    joined = verb.dep_ == "conj" and any(c.dep_ == "ccomp" for c in verb.children) and not _has_subject(verb)
    return (
        ((verb.dep_ == "advcl" and verb.tag_ == "VBG") or joined)
        and _says(verb, lex)
        and clause.dep_ == "ccomp"
        and clause.head.i != clause.i
        and _says(clause.head, lex)
    )


def _lost_subject(verb: Token, lex: Lexicon) -> Token | None:
    """``The Greens say the ministers are childish and the Liberal Democrats claim ...``, ``saw
    a string of loyal members warn``: a finite verb the parser gave no subject, right
    after a noun phrase naming someone that it hung elsewhere, whose subject that phrase is."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    named = _named_aside(before) if before is not None else None
    if (
        named is not None
        and verb.tag_ in ("VBP", "VBZ", "VBD")
        and verb.dep_ in ("conj", "ROOT")
        and named.dep_ in ("conj", "pobj", "dobj")
        and not _has_subject(verb)
    ):
        return named  # "claimed X was a leader but his lawyer, Jo Hart, told ...": the phrase the name sets off
    if (
        verb.tag_ not in ("VBP", "VBZ", "VBD")
        or verb.dep_ not in ("conj", "advcl", "ccomp", "ROOT")
        or before is None
        or before.dep_ not in ("conj", "pobj", "dobj")
        or before.tag_ not in ("NNP", "NNPS", "NNS")
        or before.ent_type_ in ("DATE", "TIME")  # "but on Wednesday said"
        or not (before.text[:1].isupper() or _someone(before, lex))
    ):
        return None
    # "the Economic Council for Wales predicts": the phrase the name ends
    while before.dep_ == "pobj" and before.head.dep_ == "prep" and before.head.head.tag_ in ("NNP", "NNPS"):
        before = before.head.head
    # (not "in Paris said"; "a string of loyal members warn" are the members)
    return None if before.dep_ == "pobj" and before.head.lower_ != "of" else before


def _named_aside(comma: Token) -> Token | None:
    """The noun a person's name set off by commas ends with ``comma`` describes (``his
    lawyer, Jo Hart,``)."""
    if comma.text != "," or comma.i == 0:
        return None
    last = comma.doc[comma.i - 1]
    appos = next((t for t in (last, *last.ancestors) if t.dep_ == "appos"), None)
    if appos is None or appos.right_edge.i != last.i or appos.ent_type_ != "PERSON":
        return None
    return appos.head


def _only_someone(verb: Token, content: tuple[int, int], lex: Lexicon) -> bool:
    """Is the object that makes up the whole of ``content`` a person (``denied him``, ``the player``)?"""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)) != content:
        return False
    return obj.ent_type_ == "PERSON" or obj.lower_ in PRONOUNS or listed(obj, lex, "title_words")


def _participle_source(verb: Token, lex: Lexicon) -> Token | None:
    """``with reports saying``, ``protesters chanting``: the source a participle modifies
    (not ``a policy urging``, nor ``issued a statement calling``, whose issuer speaks, nor
    ``being the only party promising``, which says what its subject is)."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.dep_ in ("dobj", "attr"):
        return None
    return noun if read_phrase(noun, lex).kind in ("person", "organisation", "anonymous", "document") else None


def _relayed_speaker(verb: Token, lex: Lexicon) -> Token | None:
    """``Reuters quoted an official as saying``, ``The Standard quoted Mr Clarke telling``:
    the official spoke, the paper passed it on."""
    relays = lex.forms("relay_verbs")
    if verb.dep_ == "acl":  # "quoted Mr Clarke telling": the participle hangs on the one quoted
        noun = verb.head
        return noun if noun.dep_ == "dobj" and noun.head.lower_ in relays else None
    relay = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "as" else verb.head
    if verb.dep_ not in ("pcomp", "xcomp") or relay.lower_ not in relays:
        return None
    return next((c for c in relay.children if c.dep_ == "dobj"), None)


def _parenthetical(verb: Token) -> bool:
    """``, he said,`` set off by commas in the middle of a sentence."""
    doc = verb.doc
    left = min(t.i for t in verb.subtree)
    right = max(t.i for t in verb.subtree)
    return (
        left > verb.sent.start + 1
        and doc[left - 1].text == ","
        and right + 1 < verb.sent.end
        and doc[right].text == ","
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _trailing_attribution(verb: Token) -> tuple[int, int] | None:
    """``..., a girl was pepper-sprayed by a bystander, police said.``, ``..., said the
    company's chief executive.``: an attribution that ends its sentence after a comma reports
    what comes before the comma, however the parser hung that clause."""
    doc = verb.doc
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative") and c.i > verb.i for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    start = min(verb.i, subject.left_edge.i)  # "police said", "said the chief executive"
    end = max(verb.i, subject.right_edge.i)
    rest = doc[end + 1 : verb.sent.end]
    if start - 4 < verb.sent.start or doc[start - 1].text != "," or any(not (t.is_punct or t.is_space) for t in rest):
        return None  # (at least three words before the comma)
    return _token_span(doc, verb.sent.start, start - 2)


def _has_quote(span: tuple[int, int] | None, quoted: Ranges) -> bool:
    return span is not None and any(span[0] <= s < span[1] for s, _ in quoted.ranges)


def _named_subject(doc: Doc, subj: Token, verb: Token) -> Token:
    """``Only Fools and Horses star David Jason criticised``: when the parser's subject
    is a proper noun outside any name and a person's name stands between it and the
    verb, the name is the speaker."""
    if subj.tag_ != "NNP" or subj.ent_type_ == "PERSON" or not subj.i < verb.i:
        return subj
    names = entities_within(doc, subj.i + 1, verb.i, "PERSON")
    if not names or any(t.text == "," for t in doc[subj.i + 1 : names[-1].start]):
        return subj  # "EuroDisney, the home of Mickey Mouse, said": a name inside an apposition
    return names[-1].root


def _clause_span(clause: Token, lex: Lexicon) -> tuple[int, int]:
    """Characters of a clause without its ``that``."""
    doc = clause.doc
    first = clause.left_edge.i
    while first < clause.i and (
        (doc[first].dep_ == "mark" and doc[first].head.i == clause.i)
        or (doc[first].lower_ == "that" and doc[first].dep_ != "det")  # not "said that claim was false"
    ):
        first += 1
    last = _before_aside(clause, lex)
    return doc[first].idx, doc[last].idx + len(doc[last])


def _before_aside(clause: Token, lex: Lexicon) -> int:
    """The last token of a clause before the writer's aside after a comma ("claimed that X was
    smart, although he refused ...": the refusal is not what was claimed), or before a verb
    that goes with the speaker, not with the clause's subject ("the promoters say the
    experience has been positive, and are planning ...": the verb agrees with "promoters"),
    or before what the speaker went on to add, or before another's words whose subject the
    parser hung inside the clause ("say the ministers are childish and the Liberal Democrats claim")."""
    doc = clause.doc
    for child in clause.rights:
        start = child.left_edge.i
        lost = _lost_subject(child, lex) if child.dep_ in ("advcl", "conj") else None
        if _speakers_participle(child, lex) or (lost is not None and lost.i > clause.i):
            last = (lost.left_edge.i if lost is not None else start) - 1
            while last > clause.i and (doc[last].dep_ == "cc" or doc[last].is_punct):
                last -= 1
            return last
        if child.dep_ == "advcl" and doc[start - 1].text == "," and doc[start].lower_ in CONTRASTS:
            return start - 2
        if child.dep_ == "conj" and _speakers_verb(clause, child):
            last = start - 1
            while last > clause.i and (doc[last].dep_ == "cc" or doc[last].is_punct):
                last -= 1
            return last
    return clause.right_edge.i


def _number(tok: Token | None) -> str | None:
    """Singular or plural, as a subject: ``experience``, ``it`` -> "s"; ``promoters``, ``they`` -> "p"."""
    if tok is None:
        return None
    if tok.tag_ in ("NN", "NNP") or tok.lower_ in ("he", "she", "it"):
        return "s"
    if tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("they", "we"):
        return "p"
    return None


def _speakers_verb(clause: Token, conj: Token) -> bool:
    """A verb joined to a reported clause, with no subject of its own, that agrees in number
    with the reporting verb's subject and not with the clause's."""
    before = conj.doc[conj.left_edge.i : conj.i]
    if clause.dep_ != "ccomp" or any(t.dep_ in SUBJECT_DEPS or t.lower_ == "that" for t in before):
        return False  # (one with "that" is a second thing said: "... ignored and that it has been punished")
    finite = conj if conj.tag_ in ("VBZ", "VBP") else next((a for a in conj.children if a.tag_ in ("VBZ", "VBP")), None)
    if finite is None:
        return False
    number = "s" if finite.tag_ == "VBZ" else "p"
    own = _number(next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None))
    speaker = _number(next((c for c in clause.head.children if c.dep_ == "nsubj"), None))
    return own is not None and own != number and speaker == number


def _token_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Characters of tokens ``first..last``, without punctuation or line breaks at the end."""
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _is_that(tok: Token) -> bool:
    return tok.dep_ == "mark" and tok.lower_ == "that"


def _bare_clause(clause: Token, verb: Token) -> bool:
    return (
        clause.i > verb.i
        and clause.tag_ in FINITE_TAGS | {"VB"}
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        and not any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in clause.children)
    )


def _asks(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children)


def _hung_clause(verb: Token, lex: Lexicon) -> Token | None:
    """``wrote in a letter that the plan had failed``, ``told the audience at her rally
    that she would run``: a that-clause the parser hung on a noun after the verb as a
    relative clause. It has its own subject, and its ``that`` is a conjunction, not a
    relative pronoun (``the plan that the city rejected``), unless the noun is the medium
    of what was said (``in a letter``): the parser cannot tell them apart there."""
    nouns = [(c, c.dep_ == "prep" and c.lower_ in MEDIUM_PREPS) for c in verb.children if c.i > verb.i]
    nouns = [(c, medium) for c, medium in nouns if c.dep_ in ("prep", "dobj", "dative")]
    while nouns:
        tok, medium = nouns.pop(0)
        for child in tok.children:
            if child.dep_ in ("prep", "pobj"):
                nouns.append((child, medium))
            # (or, after a verb that addresses someone, as a clause completing the noun: "told a
            # party gathering that the plans would fail", not "denied claims that he lied"; or
            # "says in a statement that the race is over", hung on the medium the same way)
            completes = child.dep_ == "acl" and (medium or verb.lower_ in lex.forms("addressee_verbs"))
            if (child.dep_ != "relcl" and not completes) or child.left_edge.lower_ != "that":
                continue
            if not medium and child.left_edge.dep_ != "mark":
                continue
            if any(c.dep_ in SUBJECT_DEPS and c.lower_ != "that" for c in child.children):
                return child
    return None


def _content(
    verb: Token, lex: Lexicon, particle: Token | None = None, promises: bool = False
) -> tuple[tuple[int, int] | None, bool]:
    """Characters of what a speech verb reports (its clause, or its object and
    complements), and whether it is a clause (a request to someone counts as one:
    ``urged members to reject the offer``, and so does what a verb that ``promises``
    commits to: ``vowed to fight on``)."""
    doc = verb.doc
    if _inverted_aside(verb) is not None:  # the sentence around the aside
        return _token_span(doc, verb.sent.start, verb.sent.end - 1), True
    if verb.i + 2 < verb.sent.end and doc[verb.i + 1].text == ":" and not doc[verb.i + 2].is_quote:
        # "Limbaugh added: And from a front-runner, this reeks of fear." (no quotation marks)
        return _token_span(doc, verb.i + 2, verb.sent.end - 1), True
    # the clause right after the verb is its content ("...: He said he had raised $100,000");
    # else one before it that a comma sets off ("X is unclear, experts say", '"...," Ames told
    # Stumpf, after he had ...')
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    before = [c for c in clauses if c.i < verb.i]
    after = [c for c in clauses if c.i > verb.i]
    next_to = after and after[0].left_edge.i == verb.i + 1
    set_off = before and any(t.text in ",”’'\"" for t in doc[before[-1].right_edge.i + 1 : verb.i])
    ccomp = after[0] if after and (next_to or not set_off) else (before[-1] if before else None)
    if ccomp is None:
        # a clause the parser hung on the verb as an adverbial one: a question ("asked workers
        # if they planned to attend"), or one with its own subject and no conjunction after
        # the verb ("said after the convention he would not accept it")
        # (with an infinitive after the verb, an "if" clause is its condition: "threatened to strike if ...")
        asks = not any(c.dep_ == "xcomp" for c in verb.children)
        ccomp = next(
            (c for c in verb.children if c.dep_ == "advcl" and ((asks and _asks(c)) or _bare_clause(c, verb))), None
        )
    if ccomp is not None and (
        _has_subject(ccomp)
        # "said the case was closed", the subject hung on the auxiliary
        or any(_has_subject(a) for a in ccomp.children if a.dep_ in ("aux", "auxpass"))
        or any(_is_that(c) for c in ccomp.children)  # "said that because X, Y"
        or (ccomp.i < verb.i and ccomp.right_edge.i - ccomp.left_edge.i >= 2)  # "X is unclear, experts say"
    ):
        start, end = _clause_span(ccomp, lex)
        last = ccomp.right_edge
        for later in after[1:]:  # "said he's certain Moss will continue to fight": one clause parsed as two
            if later.i > last.i and later.left_edge.i == last.i + 1 and not doc[last.i].is_punct:
                last = later.right_edge
                end = last.idx + len(last)
        for conj in verb.children:  # "predicted that wages would fall, but that overtime would offset it"
            if conj.dep_ == "conj" and conj.i > last.i and any(_is_that(c) for c in conj.children):
                last = conj.right_edge
                end = _token_span(doc, conj.i, last.i)[1]
        return (start, end), True
    if ccomp is not None and (ccomp.tag_ in FINITE_TAGS or any(c.tag_ == "MD" for c in ccomp.children)):
        # "revealed Liverpool are in talks": the parser took the clause's subject for an object
        subject = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < ccomp.i), None)
        if subject is not None:
            return (subject.left_edge.idx, _clause_span(ccomp, lex)[1]), True
    gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
    if ccomp is None and gerund is not None and any(c.dep_ == "ccomp" and c.i > gerund.i for c in gerund.children):
        # "said legalizing it could create jobs": a clause whose subject is a gerund, parsed as its complement
        return _token_span(doc, gerund.left_edge.i, gerund.right_edge.i), True
    hung = _hung_clause(verb, lex) if ccomp is None else None
    if hung is not None:
        return _clause_span(hung, lex), True
    if ccomp is None and verb.dep_ == "ROOT":
        # "These employees, Stumpf explained at the hearing, were well paid": an aside the
        # parser made the root, the rest of the sentence hung on it as a conjunct
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        rest = next(
            (c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and not _has_subject(c)),
            None,
        )
        if (
            subject is not None
            and rest is not None
            and subject.left_edge.i > verb.sent.start
            and doc[subject.left_edge.i - 1].text == ","
            and doc[rest.left_edge.i - 1].text == ","
        ):
            return _token_span(doc, verb.sent.start, verb.sent.end - 1), True
    inverted = verb.head if ccomp is None and verb.dep_ == "advcl" and verb.head.i > verb.i else None
    if inverted is not None and inverted.tag_ in FINITE_TAGS:
        # "While he acknowledged funding was a reason ..., Ham noted": the parser hung the
        # verb on the clause it reports
        subject = next((c for c in inverted.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.left_edge.i == verb.i + 1:
            return _token_span(doc, verb.i + 1, inverted.right_edge.i), True
    if verb.dep_ == "parataxis" or (ccomp is None and _parenthetical(verb)):
        # "The Tories, he said, can cut crime": the clause around the cue
        head = verb.head if verb.dep_ == "parataxis" else verb
        # "The difference now, he told me, is that ...": a cue hung on a noun reports its clause;
        # "Though the change went smoothly, he said, replacing her would not": the main clause too
        while (head.dep_ == "advcl" or not head.tag_.startswith(("VB", "MD"))) and head.head.i != head.i:
            head = head.head
        return _token_span(doc, head.left_edge.i, _before_aside(head, lex)), True
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i), None)
    if ccomp is None and verb.dep_ == "conj" and subject is not None and verb.head.i < subject.i:
        between = doc[verb.head.i : subject.left_edge.i]
        if between[-1:].text == "," and not any(t.dep_ == "cc" and t.head.i == verb.head.i for t in between):
            # "X remains committed to the race, his aide told reporters": the clause before, with no "and"
            return _token_span(doc, verb.head.left_edge.i, subject.left_edge.i - 1), True
    trailing = _trailing_attribution(verb) if ccomp is None and particle is None else None
    if trailing is not None:
        return trailing, True
    parts = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "oprd") and c.i > verb.i]
    if particle is not None and particle.dep_ == "prep":  # "called on ministers to", "called for an inquiry"
        parts += [c for c in particle.children if c.dep_ == "pobj"]
    if not parts:
        return None, False
    parts += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("as", "of", "for") and c.i > parts[0].i]
    first = min(p.left_edge.i for p in parts)
    last = max(p.right_edge.i for p in parts)
    infinitive = any(p.dep_ == "xcomp" and any(a.tag_ == "TO" for a in p.children) for p in parts)
    request = infinitive and (promises or any(p.dep_ in ("dobj", "pobj") for p in parts))
    return (doc[first].idx, doc[last].idx + len(doc[last])), request


def _source_object(prep: Token) -> Token | None:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:  # "according to show insiders": the parser took "show" for a verb
        verb = next((c for c in prep.children if c.dep_ == "pcomp"), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None) if verb is not None else None
    if obj is not None and obj.lower_ in SOURCE_NOUNS:
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)
        return owner if owner is not None else obj
    return obj


def find_cues(doc: Doc, layout: Layout, lex: Lexicon, skip: Ranges, quoted: Ranges) -> list[Cue]:
    """Every cue outside ``skip`` (page chrome) and ``quoted`` (words in quotation marks), in order."""
    text = doc.text
    cues: list[Cue] = []
    for tok in doc:
        if tok.idx in skip or tok.idx in quoted:
            continue
        low = tok.lower_
        verb = speech_verb(tok, lex)
        if verb is not None:
            cue = _verb_cue(doc, layout, lex, tok, verb, quoted)
            if cue is not None:
                cues.append(cue)
        elif low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = _source_object(doc[tok.i + 1])
            if obj is not None:
                cues.append(_source_cue(doc, layout, tok, doc[tok.i + 1], obj, "according to"))
        elif low == "per" and tok.i > 0 and doc[tok.i - 1].lower_ == "as":
            obj = _source_object(tok)
            if obj is not None:
                cues.append(_source_cue(doc, layout, doc[tok.i - 1], tok, obj, "as per"))
    # "X said, according to Y": the verb cue attributes, Y is only the medium
    verbs = sorted((c for c in cues if not c.source), key=lambda c: c.region[0])
    verb_starts = [v.region[0] for v in verbs]

    def near_verb(c: Cue) -> bool:
        i = bisect.bisect_left(verb_starts, c.region[0])
        return any(
            _adjacent(layout, v.region, c.region) and not c.region[0] <= v.region[0] < c.region[1]
            for v in verbs[max(0, i - 2) : i + 2]
        )  # "according to exit polls reported by CNN": a verb inside the source is not the cue

    cues = [c for c in cues if not c.source or not near_verb(c)]
    cues.sort(key=lambda c: c.region[0])
    for c in cues:
        c.content = _without_other_cues(text, c, cues, [o.region[0] for o in cues])
    return cues


def _verb_cue(doc: Doc, layout: Layout, lex: Lexicon, tok: Token, verb: SpeechVerb, quoted: Ranges) -> Cue | None:
    """The cue of a speech verb, with the phrase naming its speaker (or none)."""
    if tok.dep_ == "amod":
        return None  # "the so-called plan", "a stated aim": an adjective
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if (
        tok.tag_ in ("VBN", "VBD")
        and tok.i == tok.sent.start
        and after is not None
        and after.is_lower
        and after.tag_ in ("NN", "NNS", "JJ")
        and not describes_person(after.lower_, lex)  # (not "Said spokesman Jo Hart:")
        and not any(c.dep_ in ("aux", "auxpass", "agent") for c in tok.children)
    ):
        return None  # "Predicted winner Blue Harbour is expected to ...": an adjective the parser made a verb
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and not an_age(tok.head):
        return None  # "the £7m announced by the chancellor": a thing named, not words reported
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return None  # "without asking anyone": no one was asked
    if (
        tok.dep_ == "xcomp"
        and tok.tag_ == "VB"
        and not _says(tok.head, lex)
        and tok.head.lower_ not in lex.forms("aspect_verbs")
    ):
        return None  # "is trying to reassure voters": nothing was said yet
    subj = _relayed_speaker(tok, lex) or _participle_source(tok, lex) or _subject(tok, quoted, lex)
    if subj is not None and subj.lower_ in THINGS and tok.lower_ in lex.forms("inference_verbs"):
        return None  # "it suggests that the feud goes on": an inference, not speech
    found_by = "subject"
    if (subj is None or subj.idx in quoted) and not impersonal(tok):
        subj, found_by = _nearest_speaker(doc, layout, lex, tok, quoted), "fallback"
    elif subj is not None and subj.idx in quoted:
        subj = None
    if subj is not None:
        subj = _named_subject(doc, subj, tok)
    # (a document's own verb: not "says the figures are good and show that ...", part of what was said)
    shares = tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and not _has_subject(tok)
    if verb.documents_only and (subj is None or not is_document(subj, lex) or shares):
        return None
    as_mark = next((c for c in tok.children if c.lower_ == "as" and c.dep_ in ("mark", "advmod")), None)
    if subj is not None and as_mark is not None:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:  # "as reported by X"
            return _source_cue(doc, layout, tok, agent, _source_object(agent) or subj, "as " + tok.text + " by")
        if tok.dep_ == "advcl" and tok.head.i != tok.i:  # "As X noted, the deal failed"
            return _source_cue(doc, layout, as_mark, tok, subj, "as " + tok.text, clause=tok.head)
    aside = next((c for c in tok.children if c.lower_ == "as" and c.dep_ == "prep"), None)
    source = None
    if aside is not None:  # the one who pointed it out: the subject right after "as", or its object
        source = next((c for c in tok.children if c.dep_ == "nsubj" and c.left_edge.i == aside.i + 1), None)
        source = source or next((c for c in aside.children if c.dep_ == "pobj"), None)
    if source is not None and tok.head.i == tok.i:
        # "Hawaii, as one of his advisers pointed out, rarely gets two hurricanes": the
        # parser made the aside the sentence's root
        last = verb.particle if verb.particle is not None and verb.particle.i == tok.i + 1 else tok
        if aside.i > tok.sent.start and doc[aside.i - 1].text == "," and doc[last.i + 1].text == ",":
            label = "as " + (tok.text if last is tok else f"{tok.text} {last.text}")
            return _source_cue(doc, layout, aside, last, source, label)
    region = (tok.idx, tok.idx + len(tok))
    # a subject shared with another verb ("X insisted that ..., claiming that") is not part of this cue
    shared = subj is not None and found_by == "subject" and subj.head.i != tok.i and subj.i < tok.i
    speaker_start = None
    if subj is not None:
        left, right = core_tokens(subj)
        speaker_start = doc[left].idx
        if not shared:
            region = (min(region[0], doc[left].idx), max(region[1], doc[right - 1].idx + len(doc[right - 1])))
    content, clause = _content(
        tok, lex, verb.particle, tok.lower_ in lex.forms("promise_verbs") and _someone(subj, lex)
    )
    if verb.documents_only and not clause:
        return None
    keeps_object = verb.particle is not None or tok.lower_ in lex.forms("object_speech_verbs")
    if keeps_object and not clause and content is not None and _only_someone(tok, content, lex):
        content = None  # "the keeper denied the same player again": a person is not what was said
    if not clause and not verb.quoting_only and not keeps_object and not _has_quote(content, quoted):
        content = None
    if clause and content is not None and content[0] > tok.idx:
        content = _through_colon(layout, content)
    label = tok.text if verb.particle is None else f"{tok.text} {verb.particle.text}"
    return Cue(
        token=tok,
        speaker_head=subj,
        label=label,
        region=region,
        content=layout.clip(content, tok.idx),
        reports_clause=clause,
        quoting_only=verb.quoting_only,
        found_by=found_by,
        shared_subject=shared,
        speaker_start=speaker_start,
    )


SPEAKER_ENTITIES = ("PERSON", "ORG", "NORP", "GPE")


def _through_colon(layout: Layout, content: tuple[int, int]) -> tuple[int, int]:
    """A reported clause that ends at a colon goes on to the end of its sentence ("notes that
    three things are happening at once: values are rising, rates are low ..."): what follows
    the colon spells it out; the parser often starts a new sentence there."""
    text = layout.text
    colon = _SPACES_BEFORE_COLON.match(text, content[1])
    if colon is None or not has_words(text[colon.end() : colon.end() + 40].split("\n", 1)[0]):
        return content
    end = layout.sentence_end(colon.end(), layout.paragraph(colon.end())[1])
    return trim_punct(text, content[0], end)


def _someone(subj: Token | None, lex: Lexicon) -> bool:
    """Is a subject a person or a body, who can promise (not "it may threaten to undermine ...")?"""
    if subj is None:
        return False
    if subj.tag_ == "PRP":
        return subj.lower_ != "it"
    return (
        subj.ent_type_ in SPEAKER_ENTITIES
        or subj.tag_ in ("NNP", "NNPS")
        or any(listed(subj, lex, name) for name in ("title_words", "anonymous_heads", "organisation_heads"))
        or describes_person(singular(subj.lower_) if subj.tag_ == "NNS" else subj.lower_, lex)  # "demonstrators"
    )


def _nearest_speaker(doc: Doc, layout: Layout, lex: Lexicon, verb: Token, quoted: Ranges) -> Token | None:
    """When the parse gives a speech verb no subject: the nearest name or described
    speaker before it in its sentence, outside quotation marks (what follows the
    verb is what was said)."""
    start, _ = layout.sentence(verb.idx)
    if verb.i > 0 and doc[verb.i - 1].is_quote:  # '"...," said David Brock, who ...': the name after the verb
        for tok in doc[verb.i + 1 : min(verb.i + 8, verb.sent.end)]:
            if tok.is_punct:
                break
            if tok.ent_type_ in ("PERSON", "ORG") and tok.ent_iob_ in ("B", "I"):
                ent = entity_of(tok)
                if ent is not None:
                    return ent.root
            if tok.tag_ in ("NN", "NNS") and tok.dep_ not in ("compound", "amod"):
                if describes_person(tok.lower_, lex):
                    return tok  # '"...," tweeted a German user from Hanover'
                break
    before = [t for t in reversed(doc[verb.sent.start : verb.i]) if t.idx >= start and t.idx not in quoted]
    compound = [t for t in verb.lefts if t.dep_ == "compound" and t.text[:1].isupper()]
    if compound:  # "Hale predicts that", tagged as a compound noun
        return compound[-1]
    for tok in before:  # a clause's subject first: "Hale offered X a post as Y, then says ..."
        if tok.dep_ in ("nsubj", "nsubjpass") and (tok.ent_type_ or tok.tag_ in ("NNP", "PRP")):
            return tok
    for tok in before:
        if tok.is_punct:
            continue
        if tok.ent_type_ in SPEAKER_ENTITIES and tok.ent_iob_ in ("B", "I"):
            ent = entity_of(tok)
            if ent is not None and (tok.ent_type_ in ("PERSON", "ORG") or ent.root.dep_.startswith("nsubj")):
                return ent.root
        if tok.tag_ in ("NN", "NNS") and (
            listed(tok, lex, "title_words") or listed(tok, lex, "anonymous_heads") or is_document(tok, lex)
        ):
            # "William Daley, President Obama's former chief of staff, said": the name the title is set beside
            named = tok.head if tok.dep_ == "appos" and tok.head.ent_type_ == "PERSON" else None
            return named if named is not None else tok
    return None


def _adjacent(layout: Layout, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two cues of one clause: close, and no sentence end or conjunction of clauses between
    (``..., according to the AP, but his rival has vowed`` are two)."""
    text = layout.text
    gap = text[a[1] : b[0]] if a[1] <= b[0] else text[b[1] : a[0]]
    words = [w.casefold() for w in _WORDS.findall(gap)]
    return (
        len(gap) < 40
        and not layout.has_break(min(a[1], b[1]), max(a[0], b[0]))
        and len(words) <= 3
        and not CLAUSE_JOINS.intersection(words)
    )


def _without_other_cues(text: str, cue: Cue, cues: list[Cue], starts: list[int]) -> tuple[int, int] | None:
    """Cut a content span where another speaker's cue begins inside it
    (``X said A, while Y said B``: A is X's, B is Y's). ``cues`` are sorted by
    ``starts``, their regions' starts."""
    if cue.content is None:
        return None
    start, end = cue.content
    for other in cues[bisect.bisect_right(starts, start) : bisect.bisect_left(starts, end)]:
        if _embedded(other.token, cue.token) and not (other.source and other.region[1] >= end - 1):
            continue  # (but "X said A, according to state media": the source phrase is not what X said)
        if (
            other is not cue
            and start < other.region[0] < end
            and not (other.region[0] <= cue.region[0] < other.region[1])
        ):
            if other.region[0] > cue.region[1]:
                end = min(end, other.region[0])
            else:
                start = max(start, other.region[1])
    start, end = trim_punct(text, start, end)
    # a conjunction left dangling at the cut
    tail = _DANGLING.search(text[start:end])
    if tail:
        end = trim_punct(text, start, start + tail.start())[1]
    return (start, end) if end > start else None


def _embedded(inner: Token, outer: Token) -> bool:
    """Is ``inner`` speech inside what ``outer`` reports, not a second speaker beside it?

    Inside: a cue in the reported clause (``said Moss once described it as X``), a
    noun's relative or participle clause (``a line, which claimed X``, ``tweets accusing
    her``). Beside: ``X said A, while Y said B``, ``X said A and Y added B``.
    """
    beside = inner.dep_ in ("conj", "parataxis") or (
        inner.dep_ == "advcl"
        and inner.i > inner.head.i  # (not "said although figures showed A, B": that is what was said)
        and any(c.dep_ == "mark" and c.lower_ in CONTRASTS for c in inner.children)
    )
    doc = inner.doc
    if inner.i + 1 < len(doc) and doc[inner.i + 1].text == ":":
        return False  # "asked whether he was taking a risk, he replied: ...": a new turn, whatever the parse
    if beside or not outer.is_ancestor(inner):
        return False
    tok, reported = inner, False
    while tok.head.i not in (tok.i, outer.i):
        tok = tok.head
        reported = reported or tok.dep_ == "ccomp"
    reported = reported or tok.dep_ in ("ccomp", "dobj")
    relative = inner.dep_ in ("relcl", "acl") and not any(
        c.dep_.startswith("nsubj") and c.lower_ not in ("which", "that", "who") for c in inner.children
    )
    return reported or relative


def _source_cue(
    doc: Doc, layout: Layout, first: Token, prep: Token, head: Token, label: str, clause: Token | None = None
) -> Cue:
    """``according to X``: what X says is the clause the phrase attaches to (``clause``
    when the parse says which), less the phrase from ``first`` to the end of ``prep``."""
    text = doc.text
    last = prep.right_edge
    while last.i > prep.i and (last.is_punct or last.is_space):  # 'As Ian Tharoor wrote, “...': not the marks
        last = doc[last.i - 1]
    start, end = first.idx, last.idx + len(last)
    s, e = layout.sentence(start, end)
    clause = clause or first.head
    while clause.dep_ == "conj" and clause.left_edge.i >= first.i:
        clause = clause.head  # ", according to X who ... but were not ...": a conjunct the phrase cannot open
    if not has_words(text[end:e]):
        # "A won 37%, B 36% and C 13%, according to the poll": ending the sentence, it covers
        # the clauses "and" joins (not one "but" sets against it)
        while (
            clause.dep_ == "conj"
            and clause.head.i < clause.i
            and all(c.lower_ == "and" for c in clause.head.children if c.dep_ == "cc" and c.i < clause.i)
        ):
            clause = clause.head
    while (
        clause.dep_ not in ("ROOT", "conj", "ccomp")
        and clause.head.i != clause.i
        and not clause.tag_.startswith(("VB", "MD"))
    ):
        clause = clause.head
    lo = max(s, doc[clause.left_edge.i].idx)
    hi = min(e, clause.right_edge.idx + len(clause.right_edge))
    before = trim_punct(text, lo, start)
    after = trim_punct(text, end, hi)
    next_word = _WORDS.match(text, after[0])
    if next_word and next_word.group().casefold() in CLAUSE_JOINS:
        after = (after[0], after[0])  # "..., according to X, but Y said": what follows is another clause
    content = before if before[1] - before[0] >= after[1] - after[0] else after
    gap = text[end : after[0]].strip() or text[end - 1]  # the parser may give the phrase its comma
    if before[1] > before[0] and after[1] > after[0] and text[before[1] : start].strip() == gap == ",":
        content = (before[0], after[1])  # "The economy, as the minister noted, is growing": set off by commas
    return Cue(
        token=first,
        speaker_head=head,
        label=label,
        region=(start, end),
        content=content if content[1] > content[0] else None,
        reports_clause=True,
        source=True,
    )
