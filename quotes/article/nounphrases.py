"""Read a speaker noun phrase: who it names, what kind of speaker, and the role given.

``Kremlin spokesman Dmitry Peskov`` -> name ``Dmitry Peskov``, role ``Kremlin
spokesman``; ``Jung Pak, U.S. senior official for North Korea,`` -> role from
the apposition; ``a senior presidential official`` -> an anonymous source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex
from spacy.tokens import Span, Token

from ..lexicon import Lexicon
from ..names import DETERMINERS, PRONOUNS, strip_determiner, strip_possessive

PRONOUN_TAGS = {"PRP", "PRP$", "WP", "WP$", "EX"}  # fine tags: the coarse POS needs attribute_ruler
ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
THING_LABELS = {"EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"}


def _a_thing(head: Token, left: int) -> bool:
    """``the Carling Cup``, ``the Beige Book``: a name of a thing, with its article (the
    recognizer also gives these labels to people's names, which take none)."""
    return head.ent_type_ in THING_LABELS and head.doc[left].lower_ in DETERMINERS


QUANTIFIERS = {"some", "several", "many", "two", "three", "other", "both", "all"}
DASHES = ("-", "–", "—", "--")
CUT_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}


@dataclass
class Phrase:
    """What a noun phrase says about a speaker, before resolution in the article."""

    text: str  # the phrase as written
    kind: str  # person | organisation | anonymous | document | pronoun | nominal | other
    name: str | None
    role: str | None
    head: str  # lower-cased head word
    plural: bool = False
    owner: str | None = None  # whose document it is ("the report by X", "X's survey")
    apposition: bool = False  # the name came from an apposition ("the governor, Ana Lopes")
    demonym: bool = False  # a nationality standing for a person named before ("the Scot admitted")
    person: bool = False  # a relative "who" says the described noun is a person ("the veteran lock, who")
    members: tuple[str, ...] = ()  # the names of people who speak together ("X and Y said")


def singular(word: str) -> str:
    """A plural noun's singular, by the regular rules (``studies`` -> ``study``)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def listed(tok: Token, lex: Lexicon, name: str) -> bool:
    """``tok`` or, for a plural noun, its singular is in the word list ``name``."""
    words = lex.words(name)
    return tok.lower_ in words or (tok.tag_ in ("NNS", "NNPS") and singular(tok.lower_) in words)


AGENT_SUFFIXES = ("er", "or", "ist", "ian")  # "game maker", "promoter", "economist", "comedian"


def describes_person(head: str, lex: Lexicon) -> bool:
    """Does a head noun describe a person: a title or occupation, an age, or an agent noun?"""
    return (
        head in lex.words("title_words")
        or head.endswith("-year-old")
        or (head.endswith(AGENT_SUFFIXES) and head not in lex.words("not_agent_nouns"))
    )


def is_document(tok: Token, lex: Lexicon) -> bool:
    """Is ``tok`` the head noun of a document or publication (``report``, ``court papers``)?"""
    return tok.tag_ in ("NN", "NNS") and listed(tok, lex, "document_heads")


def _span_text(doc, start: int, end: int) -> str:
    return doc[start:end].text.strip() if end > start else ""


def an_age(tok: Token) -> bool:
    """``the 25-year-old``, which the tokenizer splits into ``25 - year - old``."""
    return tok.lower_ == "old" and "year" in tok.doc[max(0, tok.i - 2) : tok.i].text


def core_tokens(head: Token) -> tuple[int, int]:
    """Token range of the phrase without relative clauses, appositions and trailing preps."""
    if an_age(head) and head.i >= 4 and head.doc[head.i - 4].like_num:
        # (the parser may hang the age's article on the verb: '"...," the 25-year-old said')
        left = head.i - 4
        return (left - 1 if left > 0 and head.doc[left - 1].lower_ in ("the", "a", "an") else left), head.i + 1
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in CUT_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
            break
        right = child.right_edge.i
    doc = head.doc
    # nor a relative clause inside an "of" ("the chairman of the Federation, which represents ...")
    right = min([right] + [t.left_edge.i - 1 for t in doc[head.i + 1 : right + 1] if t.dep_ == "relcl"])
    while right > head.i and doc[right].text in (",", ";", ":", *DASHES):
        right -= 1
    # never across a line break: parses of page text run headings into sentences
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            left = i + 1
            break
    for i in range(head.i, right + 1):
        if "\n" in doc[i].whitespace_ or "\n" in doc[i].text:
            right = i
            break
    while left < head.i and doc[left].is_punct:  # '“...,” Ramos, 58, told': marks the parser hung on the name
        left += 1
    return left, right + 1


def _relative_words(head: Token) -> set[str]:
    """The words of the relative clauses on ``head``: a ``who`` makes it a person, a ``which`` a thing."""
    return {w.lower_ for c in head.rights if c.dep_ == "relcl" for w in c.children}


def opens(tok: Token) -> bool:
    """Does ``tok`` open a sentence or a line (a paragraph the parser ran a headline into)?"""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return tok.is_sent_start or before is None or "\n" in before.text + before.whitespace_


def entity_of(tok: Token) -> Span | None:
    """The named entity ``tok`` is part of, read off the token's IOB tags (no scan of ``doc.ents``)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def entities_within(doc, left: int, right: int, label: str) -> list[Span]:
    """Entities of ``label`` wholly inside tokens ``left:right``."""
    out, i = [], left
    while i < right:
        ent = entity_of(doc[i]) if doc[i].ent_type_ == label else None
        if ent is not None and ent.start >= left and ent.end <= right:
            out.append(ent)
            i = ent.end
        else:
            i += 1
    return out


def _person_entity(head: Token, lex: Lexicon) -> Span | None:
    doc = head.doc
    left, right = core_tokens(head)
    best = None
    ent = entity_of(head)
    # a name elsewhere in the phrase ("Mr Blair's spokesman") is not the speaker
    if ent is not None and ent.label_ == "PERSON" and ent.end <= right:
        start = max(ent.start, left)
        if start > 0 and start - 1 == left and doc[left].lower_ in ("the", "a", "an"):
            return None  # "the Anfield crowd" the parser cut short: a person's name takes no article
        # "Wales physio Mark Davies", "Farmer Geoff Brooks", "Tory Dominic Grieve" taken whole: the
        # name follows the description
        for i in range(start, head.i):
            if (
                (doc[i].is_lower and doc[i].tag_ in ("NN", "NNS"))
                # "Lib Dem MP Lembit Opik" (an honorific, "Prince Saud", is taken off the name later)
                or (doc[i].lower_ in lex.words("title_words") - lex.words("honorifics") and i + 2 < ent.end)
                or (opens(doc[i]) and doc[i].lower_ in lex.words("title_words"))
                or (
                    i == start and doc[i].lower_ in lex.words("demonyms") and ent.end - i > 2
                )  # not "German Lutz", a first name
            ):
                start = i + 1
        return doc[start : ent.end]
    which = "which" in _relative_words(head) and (
        head.i == 0 or doc[head.i - 1].tag_ != "NNP"  # a full name's "which" belongs to what follows it
    )
    if head.tag_ == "NNP" and head.ent_type_ not in ORG_LABELS and not _a_thing(head, left) and not which:
        # the recognizer missed a name: a run of proper nouns ending at the head (not one
        # "which" says is a thing: "net analyst WebSideStory, which suggested")
        start = head.i
        while start > left:
            if start - 2 >= left and _hyphen_joined(doc, start):  # "Ines Moreau-Laval"
                start -= 2
            elif (
                doc[start - 1].tag_ == "NNP"
                and doc[start - 1].dep_ == "compound"
                and doc[start - 1].lower_ not in lex.words("title_words")
                and (doc[start - 1].lower_ not in lex.words("demonyms") or head.i - start < 1)  # "Tory Dominic Grieve"
                and doc[start - 1].ent_type_ not in ORG_LABELS
            ):
                start -= 1
            else:
                break
        if head.lower_ not in lex.words("title_words") and head.lower_ not in lex.words("honorifics"):
            best = doc[start : head.i + 1]
    return best


def _hyphen_joined(doc, start: int) -> bool:
    """A proper noun joined by a hyphen to the word at ``start``: ``Moreau-Laval``."""
    return (
        start >= 2
        and doc[start - 1].tag_ == "HYPH"
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
        and doc[start - 2].tag_ == "NNP"
    )


def _role_before(doc, left: int, name_start: int, lex: Lexicon) -> str | None:
    """Words before the name that describe the person: ``Ukraine's Foreign Minister``
    Dmytro Kuleba, ``Wales fly-half`` Stephen Jones (a title word, or a common noun
    right before the name)."""
    toks = [t for t in doc[left:name_start]]
    # "Former champion Ana Ruiz and India's Mira Das": only the words after another name and its "and"
    # (not "Work and Pensions Secretary", whose "and" joins the words of one title)
    conj = [
        i
        for i, t in enumerate(toks)
        if t.dep_ == "cc"
        and t.ent_iob_ != "I"
        and any(p.ent_type_ == "PERSON" or p.lower_ in lex.words("title_words") for p in toks[:i])
    ]
    if conj:
        toks = toks[conj[-1] + 1 :]
    # "Tom Baxter - the party's campaign chief - and deputy leader Ruth Kelham": a dash
    # set off by spaces closes an aside, and a title before a name does not reach back across it
    while (
        len(toks) > 1 and toks[-1].text in DASHES and toks[-2].whitespace_
    ):  # "BTA chairman - and Harbour Bank director - Peter Olsen"
        toks = toks[:-1]
    dashes = [i for i, t in enumerate(toks) if t.text in DASHES and t.whitespace_ and i and toks[i - 1].whitespace_]
    if dashes:
        toks = toks[dashes[-1] + 1 :]
    while (
        toks
        and (
            toks[0].lower_ in DETERMINERS
            or toks[0].dep_ == "cc"
            or toks[0].lower_ in ("both", "either", "neither")  # "Both Culture Secretary Tessa Jowell and ..."
            or toks[0].is_punct
            or toks[0].tag_ in ("RB", "RBR", "RBS")
            or (toks[0].tag_ == "JJR" and toks[0].is_sent_start)  # "Earlier British costume designer Sandy Powell"
            or toks[0].lower_ == "then"
            or toks[0].lower_ in lex.words("mood_adjectives")
            # "On Monday school inspection chief David Bell" (not "Sunday Clarion journalist")
            or (toks[0].ent_type_ in ("DATE", "TIME") and toks[0].tag_ == "NNP" and toks[1:2] and toks[1].is_lower)
        )
    ):
        toks = toks[1:]
    while toks and toks[-1].lower_.rstrip(".") in lex.words("courtesy_titles") and toks[-1].tag_ == "NNP":
        toks = toks[:-1]
    if not toks:
        return None
    capitalised = len(toks) == 1 and opens(toks[0]) and describes_person(toks[0].lower_, lex)  # "Drummer X"
    if (
        not any(t.lower_ in lex.words("title_words") for t in toks)
        and toks[-1].tag_ not in ("NN", "NNS")
        and not capitalised
    ):
        return None
    return doc[toks[0].i : toks[-1].i + 1].text


ROLE_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "appos", "cc", "conj"}


def _description_of(noun: Token) -> str:
    """A describing noun phrase without what follows it in a clause: ``a nurse who has
    worked there for years`` -> ``a nurse``; ``technical coordinator at Cepes`` stays whole."""
    doc = noun.doc
    right = noun.i
    # "founder and chairman of the charity Blue Fern": two posts joined (not "the secretary and his wife")
    posts = [
        c
        for c in noun.rights
        if c.dep_ == "conj"
        and c.tag_ == "NN"
        and c.i - noun.i <= 3
        and not any(g.dep_ in ("det", "poss") for g in c.children)
    ]
    for child in noun.rights:
        if posts and child.i <= posts[0].i and child.dep_ in ("cc", "conj"):
            right = child.right_edge.i
            continue
        if child.dep_ in ROLE_CUT_DEPS or (
            child.dep_ == "prep" and any(g.dep_ == "pcomp" and g.is_lower for g in child.children)
        ):
            break  # (nor what the person did: "a former international before switching codes")
        right = child.right_edge.i
    # a relative clause or an apposition further in ("founder of Grassroots Media, which backs ...",
    # "the daughter of Aung San, the Burmese leader") describes that, not the person
    right = min(
        [right]
        + [
            t.left_edge.i - 1
            for t in doc[noun.i + 1 : right + 1]
            if t.dep_ == "relcl" or (t.dep_ == "appos" and doc[t.left_edge.i - 1].text == ",")
        ]
    )
    if doc[right].tag_ == "IN" and right + 1 < len(doc) and doc[right + 1].ent_type_ == "ORG":
        right = entity_of(doc[right + 1]).end - 1  # "president of distribution at Warner Bros." cut off by the parse
    left = noun.left_edge.i
    while left < noun.i and (doc[left].is_punct or doc[left].lower_ == "then" or doc[left].tag_ == "RB"):
        left += 1  # "currently a consultant at Barcelona", as before a name
    text = doc[left : right + 1].text.strip(" ,")
    return regex.sub(r"^(?:the |a |an )?then ", "", text)


def _appos_role(head: Token, lex: Lexicon) -> str | None:
    """``Maria Costa, a nurse who ..., said``: a role in apposition to the name, without its relative clause."""
    doc = head.doc
    for child in head.rights:
        first = doc[child.left_edge.i]
        if (
            child.dep_ == "appos"
            and child.tag_ in ("NNP", "NNPS")
            and first.is_lower
            and first.tag_ == "NN"
            and listed(first, lex, "title_words")
            and doc[first.i - 1].text == ","
        ):
            # "Dana Obi, boss of cinema chain Regal Vue": the body's name parsed as the head
            return _span_text(doc, first.i, child.right_edge.i + 1)
        if child.dep_ == "appos" and not listed(child, lex, "title_words"):
            # "news and features editor of Gadget Weekly", parsed as a list of three
            title = next((c for c in child.conjuncts if c.i > child.i and listed(c, lex, "title_words")), None)
            if title is not None and title.tag_ not in PLURAL_TAGS:
                return doc[child.left_edge.i : title.i].text_with_ws + _description_of(title)
        if child.dep_ == "appos" and listed(child, lex, "title_words") and child.tag_ not in PLURAL_TAGS:
            role = _description_of(child)
            start = child.left_edge.i
            while start - 1 > head.i and not doc[start - 1].whitespace_ and doc[start - 1].head.i == head.i:
                start = doc[start - 1].left_edge.i  # "Google vice-president": the parser split the word
            role = doc[start : child.left_edge.i].text_with_ws + role
            # "founder of rights group the Simon Wiesenthal Center": a name the parser
            # split off as a second apposition, though no comma sets it apart
            end = child.right_edge
            name = next((c for c in head.rights if c.dep_ == "appos" and c.left_edge.i == end.i + 1), None)
            if name is not None and name.tag_ in ("NNP", "NNPS") and not end.is_punct:
                role += end.whitespace_ + _description_of(name)
            # "senior vice president, Acme home entertainment division": the post, then the body
            unit = next((c for c in child.rights if c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ","), None)
            if unit is not None and any(t.ent_type_ == "ORG" for t in unit.subtree):
                role = (
                    doc[start : child.left_edge.i].text_with_ws + _description_of(child) + ", " + _description_of(unit)
                )
            return _and_when(role, end, head)
    if head.dep_ == "nsubj":
        # the parser made the apposition a second subject: "Cory Doctorow, coordinator for X, said"
        after = head.right_edge.i + 1
        while after - 1 > head.i and doc[after - 1].text == ",":  # (the comma the parser gave the name)
            after -= 1
        second = next((c for c in head.head.children if c.dep_ == "nsubj" and c.i > head.i), None)
        # (also read as a list: "X, Tory shadow work and pensions secretary, said")
        title = second
        if second is not None and not listed(second, lex, "title_words"):
            title = next((c for c in second.conjuncts if c.i > second.i and listed(c, lex, "title_words")), None)
        if (
            title is not None
            and doc[after].text == ","
            and second.left_edge.i in (after, after + 1)  # (the parser may give it the comma)
            and title.tag_ not in PLURAL_TAGS
            and "," in (doc[second.right_edge.i].text, doc[min(second.right_edge.i + 1, len(doc) - 1)].text)
        ):
            if title is second:
                return _description_of(second)
            return doc[second.left_edge.i : title.left_edge.i].text_with_ws.lstrip(", ") + _description_of(title)
    return None


def _person_name(span: Span, lex: Lexicon) -> str:
    """The name as written, without letters after it (``Frank Field MP``) or the
    full stop of the sentence it ends (``said chairman Norbert Ore.``)."""
    end = span.end
    while end - span.start > 2 and span.doc[end - 1].text.casefold() in lex.words("postnominals"):
        end -= 1
    text = span.doc[span.start : end].text
    last = span.doc[end - 1].text
    if last.endswith(".") and len(last) > 2 and last[:-1].casefold() not in lex.words("abbreviations"):
        text = text[:-1]
    return text


def _person_role(head: Token, left: int, name: Span, lex: Lexicon) -> str | None:
    """The role a phrase naming a person gives: before the name, in apposition, in a relative
    clause. A post in apposition says more than an epithet before the name: ``Dutch legend
    Johan Cruyff, a consultant at Barcelona,`` is the consultant."""
    before = _role_before(head.doc, left, name.start, lex)
    if before is not None and not any(t.lower_ in lex.words("title_words") for t in head.doc[left : name.start]):
        return _appos_role(head, lex) or before
    if before is not None and before.casefold().rstrip(".") in lex.words("rank_titles"):
        # "Professor Ann Roe of the University of Leeds": what follows the name says more
        return _person_role(head, name.start, name, lex) or before
    run = _title_run(head.doc, name.start, lex)
    if run is not None and before is not None and run.endswith(before) and len(run) > len(before):
        before = run
    return (
        before
        or _title_above(head, name, lex)
        or run
        or _from_body(head)
        or _appos_role(head, lex)
        or _relative_role(head, lex)
        or _title_beside(head, lex)
        or epithet(head)
        or _from_body(head, "at", bodies_only=True)
        or _from_body(head, "of", bodies_only=True)
    )


def epithet(head: Token) -> str | None:
    """``Mark Jones, a driving force behind the housing reforms, says``: a description of the person
    set off by commas, whatever its head noun."""
    doc = head.doc
    for child in head.rights:
        first, last = child.left_edge.i, child.right_edge.i
        if (
            child.dep_ == "appos"
            and child.tag_ == "NN"
            and child.is_lower
            and doc[first].lower_ in ("a", "an")
            and doc[first - 1].text == ","
            and last + 1 < len(doc)
            and doc[last + 1].text == ","
        ):
            return strip_determiner(_description_of(child))
    return None


def another_verb(verb: Token) -> bool:
    """``has not ruled out a return``, ``told off``, ``added up``: with one of these particles
    a verb of speech is another verb."""
    return any(c.dep_ == "prt" and c.lower_ in ("out", "off", "up", "down") for c in verb.children)


def predicated(subject: Token) -> str | None:
    """``Moore was an outspoken critic of the war``: a description a clause gives its subject in
    passing, as ``a``/``an`` marks it (a post is ``the party's treasurer``), as clause_role reads it."""
    verb = subject.head
    for child in verb.children:
        if child.dep_ == "attr" and verb.lower_ in COPULAS and child.left_edge.lower_ in ("a", "an"):
            return _description_of(child)
    return None


def _from_body(head: Token, word: str = "from", bodies_only: bool = False) -> str | None:
    """``Ray Dean, from Toshiba's Research Centre,``, with ``word`` "at" or "of" ``Kay Marr, at
    Norvik Capital,``, ``Jo Dunn of the Heads Association``: where the person is from, or the
    body they are at or of (with ``bodies_only``, a body the recognizer found, not a place:
    ``at the scene``)."""
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == word), None)
    doc, after = head.doc, head.right_edge.i + 2
    if prep is None and after < len(doc) and doc[after - 1].text == "," and doc[after].head == head.head:
        # (hung on the verb it follows: 'said Kay Marr, at Norvik Capital.')
        prep = doc[after] if doc[after].dep_ == "prep" and doc[after].lower_ == word else None
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or obj.tag_ not in ("NNP", "NNPS") or (bodies_only and obj.ent_type_ != "ORG"):
        return None
    return f"{prep.lower_} " + _span_text(head.doc, *core_tokens(obj))


def _before_courtesy_titles(doc, name_start: int, lex: Lexicon) -> int:
    """The index of the word before a name and the courtesy titles it opens with (``Sir``, ``Dr``)."""
    at = name_start - 1
    while at >= 0 and doc[at].lower_.rstrip(".") in lex.words("courtesy_titles"):
        at -= 1
    return at


RUN_TAGS = {"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH", "POS", "VBP", "CD"}


def _title_run(doc, name_start: int, lex: Lexicon) -> str | None:
    """The words of a title written right before a name, however the parser split them
    (``said Tory shadow transport secretary Anne Colby``, ``Wales forward
    Dai Morgan`` with the title taken for an adverb): the nouns and adjectives back from
    a title word, from the first that is capitalised, an adjective or a title."""
    end = _before_courtesy_titles(doc, name_start, lex)
    if end < 0 or not doc[end].is_lower:
        return None
    first = doc[name_start] if doc[name_start].dep_ != "compound" else doc[name_start].head
    together = any(c.dep_ == "conj" for c in first.children)  # "World champions Anna and Kate Berg"
    if not (doc[end].lower_ in lex.words("title_words") or (together and listed(doc[end], lex, "title_words"))):
        return None
    start = end
    while (
        start > 0
        and (
            doc[start - 1].tag_ in RUN_TAGS
            or doc[start - 1].lower_ in lex.words("title_words")
            or (doc[start - 1].tag_ in ("UH", "DT") and doc[start - 1].lower_ in ("yes", "no"))  # "No campaigner"
        )
        and doc[start - 1].lower_ not in ("are", "have", "do")  # (not "The three are chief executive X")
        and (doc[start - 1].ent_type_ not in ("DATE", "TIME") or doc[start - 1].tag_ == "CD")  # "2001 world champion"
        and "\n" not in doc[start - 1].whitespace_
    ):
        start -= 1
    while (
        start < end
        and doc[start].is_lower
        and doc[start].tag_ != "JJ"
        and not listed(doc[start], lex, "title_words")
        and any(t.text[:1].isupper() for t in doc[start + 1 : end])
    ):
        start += 1  # "after the statement BTA finance spokesman X" (not "press chief X")
    return _role_before(doc, start, end + 1, lex)


def _title_beside(head: Token, lex: Lexicon) -> str | None:
    """A title the name is set beside: ``noticed by a manager, Paul McGuinness``, and
    ``Zambia's technical director, Kalusha Bwalya is ...`` (parsed as two subjects)."""
    doc = head.doc
    title = head.head if head.dep_ == "appos" else None
    if title is None and head.dep_ == "nsubj" and head.left_edge.i > 1 and doc[head.left_edge.i - 1].text == ",":
        title = next(
            (c for c in head.head.children if c.dep_ == "nsubj" and c.right_edge.i == head.left_edge.i - 2), None
        )
    if title is not None and listed(title, lex, "title_words") and title.tag_ not in PLURAL_TAGS:
        return _description_of(title)
    return None


def _title_above(head: Token, ent: Span, lex: Lexicon) -> str | None:
    """``as London's Labour mayor Ken Livingstone remains`` (the name in apposition to the
    title), ``Their coach John Kirwan has warned`` (the title with a relative clause): parsed
    with the title above the name, which is its role all the same."""
    doc = head.doc
    at = _before_courtesy_titles(doc, ent.start, lex)  # "Boss Sir Alex Ferguson"
    title = doc[at] if at >= 0 else None
    if title is None or not listed(title, lex, "title_words"):
        return None
    if title.is_ancestor(head):
        return _role_before(doc, title.left_edge.i, ent.start, lex)
    if opens(title) and title.text[:1].isupper():  # a paragraph's first word the parser gave the headline
        return title.text
    return None


def _portfolio_name(head: Token, lex: Lexicon) -> Span | None:
    """``director of rugby Rob Andrew``, ``spokeswoman for women Sandra Gidley``: a
    title with its portfolio, then the name (not ``a spokesman for Michael Jackson``)."""
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "of"):
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        ent = entity_of(obj) if obj is not None else None
        if ent is None or ent.label_ != "PERSON" or len(ent) < 2 or ent.end != obj.i + 1:
            return None
        between = head.doc[prep.i + 1 : ent.start]
        if len(between) and all(t.is_lower and t.is_alpha and not listed(t, lex, "title_words") for t in between):
            return ent
        return None
    return None


PLURAL_TAGS = ("NNS", "NNPS")  # "Mirza and Kuznetsova, the youngest players in the draw": no role of one


def clause_role(verb: Token, lex: Lexicon) -> str | None:
    """A role a clause gives its subject: ``X is the party's treasurer``, ``X joined
    the club as chief executive``, ``X, who works as a nurse``."""
    for child in verb.children:
        if (
            child.dep_ == "attr"
            and verb.lower_ in COPULAS
            and listed(child, lex, "title_words")
            and child.tag_ not in PLURAL_TAGS
        ):
            if any(c.dep_ in ("acl", "relcl") and any(a.tag_ == "TO" for a in c.children) for c in child.rights):
                continue  # "the latest star to criticise TV" says what they did, not what they are
            return _and_when(_description_of(child), child.right_edge, verb)
        if child.dep_ == "prep" and child.lower_ == "as" and verb.lower_ in lex.forms("appointment_verbs"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and listed(obj, lex, "title_words"):
                return _description_of(obj)
    # "gave her final speech as finance minister", "in her role as captain": their own post
    nouns = [c for c in verb.children if c.dep_ == "dobj"]
    nouns += [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for noun in nouns:
        if describes_person(noun.lower_, lex) or not any(  # (not "his predecessor as chief executive")
            c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in noun.children
        ):
            continue
        for prep in noun.rights:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep.lower_ == "as" else None
            if obj is not None and listed(obj, lex, "title_words") and not any(c.dep_ == "det" for c in obj.children):
                return _description_of(obj)
    return None


COPULAS = {"is", "was", "are", "were", "'s", "’s", "has been", "had been"}


def _and_when(role: str, end: Token, holder: Token) -> str:
    """``head of the team at the Games last year``: a role with the time that follows it, which
    the parser hung on the name or the verb (``holder``); the time changes what the role says."""
    when = next((c for c in holder.rights if c.dep_ == "npadvmod" and c.left_edge.i == end.i + 1), None)
    if when is None or when.ent_type_ != "DATE" or not role.endswith(end.text):
        return role
    return role + end.whitespace_ + end.doc[when.left_edge.i : when.i + 1].text


def _relative_role(head: Token, lex: Lexicon) -> str | None:
    """``Maria Costa, who is a nurse at the hospital,``: the role a relative clause gives."""
    for child in head.rights:
        if child.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in child.children):
            return clause_role(child, lex)
    return None


def _document_owner(head: Token, left: int, lex: Lexicon) -> str | None:
    """Whose document: ``the charity's report``, ``a survey by the Hospitality
    Council``, ``a letter from the minister``, ``the Ofsted report``."""
    doc = head.doc
    for child in head.children:
        if child.dep_ == "poss":
            return strip_possessive(strip_determiner(doc[child.left_edge.i : child.i + 1].text))
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > head.i:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                left_o, right_o = core_tokens(obj)
                return strip_determiner(doc[left_o:right_o].text)
    start = head.i
    while (
        start > left and doc[start - 1].tag_ in ("NNP", "NNPS", "HYPH") and doc[start - 1].ent_type_ not in NOT_OWNERS
    ):
        start -= 1
    return doc[start : head.i].text if start < head.i else None


def _document_title(head: Token) -> tuple[str, str | None] | None:
    """The title a document is given in apposition, and its author: ``a new book, Brown's
    Britain by Robert Preston``, ``the report, Fit for the Future,``."""
    doc = head.doc
    appos = next((c for c in head.rights if c.dep_ == "appos" and c.text[:1].isupper()), None)
    if appos is None:
        return None
    by = next((c for c in appos.rights if c.dep_ == "prep" and c.lower_ == "by"), None)
    end = by.i if by is not None else appos.right_edge.i + 1
    obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    author = doc[slice(*core_tokens(obj))].text if obj is not None else None
    return doc[appos.left_edge.i : end].text.strip(" ,"), author


NOT_OWNERS = {"NORP", "LANGUAGE", "DATE", "TIME", "ORDINAL", "CARDINAL"}  # "the English report", "the May report"


def _organisation_name(head: Token, left: int, right: int, lex: Lexicon) -> str | None:
    """The proper name inside an organisation phrase: ``Russia's Vedomosti newspaper``
    -> ``Vedomosti``, ``the regional broadcaster RTV`` -> ``RTV``, ``anti-virus firm
    F-Secure`` -> ``F-Secure``. None when the head is itself the name."""
    doc = head.doc
    ent = entity_of(head)
    if ent is not None and ent.label_ == "ORG" and left <= ent.start and ent.end > right:
        # "the National Council for Tenants, which said", cut at "for" (not its initials: "(NCT)")
        return strip_determiner(ent.text.split(" (", 1)[0])
    if head.tag_ != "NNP":
        appos = [c for c in head.rights if c.dep_ == "appos" and c.tag_ == "NNP"]
        if appos:
            return doc[appos[0].left_edge.i : appos[0].right_edge.i + 1].text
    if listed(head, lex, "led_body_heads") and any(t.dep_ == "compound" for t in doc[left : head.i]):
        return None  # "the Clinton campaign", "the Obama administration": the whole phrase names it
    owners = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}  # "Google's", "O'Malley's"
    for ent in entities_within(doc, left, right, "ORG"):
        if not ent.start <= head.i < ent.end and ent.start not in owners:
            return ent.text
    if head.tag_ == "NNP":
        if any(t.tag_ in ("NN", "NNS") and t.is_lower for t in doc[left : head.i]):
            # "anti-virus firm F-Secure", "Swiss drugmaker Novartis", "music magazine Q Magazine"
            start = head.i
            while start > left and (doc[start - 1].text[:1].isupper() or doc[start - 1].tag_ == "HYPH"):
                start -= 1
            return doc[start : head.i + 1].text
        return None
    run = [
        t
        for t in doc[left:right]
        if t.tag_ == "NNP"
        and t.i not in owners
        and t.ent_type_ not in ("GPE", "NORP")
        and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "HYPH")
    ]  # "Anti-virus firm"
    if run and run[-1].i - run[0].i + 1 == len(run):
        return doc[run[0].i : run[-1].i + 1].text
    return None


def _body_role(head: Token, left: int, text: str, proper: str | None, lex: Lexicon) -> str | None:
    """What an organisation phrase says the body is: ``investment bank Merrill Lynch``,
    ``Variety trade magazine``, and ``Dutch firm Heineken saw its profits drop``, which
    the parser read as "the firm [that] Heineken saw"."""
    bare = strip_determiner(text)
    if proper and len(proper) < len(bare):
        if bare.endswith(proper):
            return strip_determiner(bare[: len(bare) - len(proper)].strip(" ,")) or None
        if bare.startswith(proper + " ") and head.tag_ == "NN" and head.is_lower:
            return bare[len(proper) + 1 :]
    if proper and proper not in bare and head.tag_ == "NN" and head.is_lower and " " in bare:
        return bare  # "growers' cartel Agrivest": the name set after the description (not "the company, X,")
    doc = head.doc
    if (proper is None or proper == bare) and head.tag_ in ("NNP", "NNPS"):
        # "The Stockholm Exchange, Scandinavia's biggest stock market,": a description in apposition (not a
        # person's post, "Acme, its chief executive said", the parser's misreading)
        for child in head.rights:
            if (
                child.dep_ == "appos"
                and child.tag_ == "NN"
                and child.is_lower
                and doc[child.left_edge.i - 1].text == ","
                # (a post, unless "a" makes it what the body is: "EA, a leading games developer,")
                and (not listed(child, lex, "title_words") or doc[child.left_edge.i].lower_ in ("a", "an"))
                and not listed(child, lex, "anonymous_heads")
            ):
                return strip_determiner(_description_of(child))
    noun = doc[left - 1] if left > 0 else None
    # (or both read as subjects of one verb: "Dutch software house Blokko has launched")
    beside = noun is not None and noun.dep_ == head.dep_ == "nsubj" and noun.head == head.head
    if (
        (proper is None or beside)
        and noun is not None
        and listed(noun, lex, "organisation_heads")
        and (noun.is_ancestor(head) or beside)
    ):
        start = min([noun.i] + [c.left_edge.i for c in noun.lefts if c.dep_ in ("amod", "compound", "det", "poss")])
        return strip_determiner(doc[start : noun.i + 1].text)
    return None


def _placed(tok: Token) -> bool:
    """The place of ``Bristol-based``."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ == "based"


def _proper_run(head: Token, left: int, lex: Lexicon) -> str:
    """Proper nouns (with their hyphens) ending at ``head``."""
    return head.doc[_proper_start(head, left, lex) : head.i + 1].text


def _proper_start(head: Token, left: int, lex: Lexicon) -> int:
    """Where the run of proper nouns (with their hyphens) ending at ``head`` begins."""
    doc = head.doc
    start = head.i
    while start > left and (
        doc[start - 1].tag_ in ("NNP", "HYPH") and doc[start - 1].lower_ not in lex.words("organisation_heads")
    ):
        start -= 1
    return start


def read_phrase(head: Token, lex: Lexicon, together: bool = True) -> Phrase:
    """Analyse the noun phrase headed by ``head`` (a subject or an ``according to`` object);
    with ``together``, people joined by ``and`` (``Michael Howard and frontbencher John
    Redwood``) are one plural speaker, else the first of them."""
    phrase = _read_one(head, lex)
    return with_others(phrase, head, lex) if together else phrase


def with_others(phrase: Phrase, head: Token, lex: Lexicon) -> Phrase:
    """A person ``phrase`` (read from ``head``) with the people ``and`` joins to it, as one
    plural speaker; any other phrase as it is."""
    if phrase.kind != "person" or phrase.plural or not any(c.lower_ == "and" for c in head.children):
        return phrase
    others = [_read_one(c, lex) for c in head.children if c.dep_ == "conj"]
    names = [phrase.name] + [p.name for p in others if p.kind == "person" and p.name]
    if len(names) == 1:
        return phrase
    return replace(phrase, name=" and ".join(names), role=None, plural=True, members=tuple(names))


def _read_one(head: Token, lex: Lexicon) -> Phrase:
    doc = head.doc
    left, right = core_tokens(head)
    while left < head.i and doc[left].tag_ == "RB" and doc[left].is_sent_start and head.tag_ in ("NNP", "NNPS"):
        left += 1  # "Even China, Pyongyang's only ally, said" (not "Nearly half those polled")
    # "Last week figures showed": the time the parser hung on the phrase (not "last year's report")
    dated = left
    while dated < head.i and (doc[dated].ent_type_ in ("DATE", "TIME") or doc[dated].tag_ in ("RB", "RBR")):
        dated += 1
    if (
        dated > left
        and doc[dated - 1].ent_type_ in ("DATE", "TIME")
        and doc[dated].tag_ != "POS"
        and head.ent_type_ not in ("DATE", "TIME")  # (not "nearly a quarter", a date to the recognizer)
        and any(t.tag_ in ("DT", "NN") and t.is_lower for t in doc[left:dated])  # (not "Sunday Clarion", a name)
    ):
        left = dated
    text = _span_text(doc, left, right)
    low = head.lower_
    if head.tag_ in PRONOUN_TAGS or low in PRONOUNS:
        return Phrase(text, "pronoun", None, None, low, plural=low in lex.words("plural_pronouns"))

    if listed(head, lex, "title_words"):
        ent = _portfolio_name(head, lex)
        if ent is not None:
            return Phrase(
                text, "person", _person_name(ent, lex), _role_before(doc, left, ent.start, lex), ent.root.lower_
            )
    if (
        low in lex.words("demonyms")
        and doc[left].lower_ == "the"
        and not any(t.text[:1].isupper() for t in doc[left + 1 : head.i])  # "the 55-year-old Frenchman"
    ):
        return Phrase(text, "nominal", None, None, low, demonym=True)  # "the Scot", "the American"
    if (
        head.tag_ == "NNP"
        and listed(head, lex, "title_words")
        and doc[left].lower_ == "the"
        and head.ent_type_ != "PERSON"
        and not any(c.dep_ == "appos" for c in head.rights)
    ):
        return Phrase(text, "nominal", None, None, low)  # "The Glasgow Kelvin MP", "the 50-year-old MP"
    if (
        listed(head, lex, "referring_org_heads")
        and head.tag_ == "NN"
        and doc[left].lower_ in ("the", "this")
        # "the broadcaster RTV" names one; "the US company", "the Dutch firm" still refer back
        and not any(
            (t.tag_ in ("NNP", "NNPS") or t.ent_type_)
            and t.ent_type_ not in ("GPE", "NORP")
            and not _placed(t)  # "the Bristol-based brewer"
            for t in head.subtree
        )
    ):
        return Phrase(text, "nominal", None, None, low)  # "the company said": a body named before
    if listed(head, lex, "title_words") and head.dep_ == "nsubj":
        # "Kenteris' lawyer Gregory Ioannidis described", "The new chairman of the Bar Council, Guy
        # Mansfield QC warned": the parser made the name a second subject
        after = head.right_edge.i + 1
        name = next(
            (
                c
                for c in head.head.children
                if c.dep_ == "nsubj"
                and c.tag_ == "NNP"
                and (c.left_edge.i == head.i + 1 or (c.left_edge.i == after + 1 and doc[after].text == ","))
            ),
            None,
        )
        if name is not None:
            start = _proper_start(name, name.left_edge.i, lex)
            run = doc[start : name.i + 1]
            role = (
                _role_before(doc, left, head.i + 1, lex)
                if start == head.i + 1
                else strip_determiner(_description_of(head))
            )
            return Phrase(text, "person", _person_name(run, lex), role, name.lower_)
    # "the North Korean leader, Kim Jong-un": the name is an apposition of the title (also of
    # "one of the family's attorneys")
    one_of = low == "one" and any(
        o.dep_ == "pobj" and (listed(o, lex, "title_words") or listed(o, lex, "anonymous_heads"))
        for p in head.rights
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
    )
    person_noun = head.tag_ in ("NN", "NNS") and describes_person(head.lower_, lex)  # "another Twitter user, X"
    if listed(head, lex, "title_words") or listed(head, lex, "anonymous_heads") or one_of or person_noun:
        # (or of what the title is of: "The director of the European Centre, Ina Kirsch, told")
        nested = [
            c
            for p in head.rights
            if p.dep_ == "prep"
            for o in p.children
            if o.dep_ == "pobj"
            for c in o.rights
            if c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ","
        ]
        for child in [c for c in head.rights if c.dep_ == "appos"] + nested:
            ent = _person_entity(child, lex)
            if (
                ent is None
                and child.tag_ == "NNP"
                # right after the title, or a full name set off by a comma ("The Green candidate, Carla Fenton,")
                and (
                    child.left_edge.i == head.i + 1
                    or (doc[child.left_edge.i - 1].text == "," and child.i > child.left_edge.i)
                )
                and head.tag_ == "NN"  # (not "industry analysts Screen Digest")
                and listed(head, lex, "title_words")
            ):
                # "said eighth seed Morelli": a name right after a title, whatever the recognizer made of it
                ent = doc[_proper_start(child, child.left_edge.i, lex) : child.i + 1]
            if ent is not None:
                role = _role_before(doc, left, head.i + 1, lex) or (head.text if one_of else None)
                # "the head of the state gas company, Yury Boyko": the title with what it is head of
                of = [
                    min(c.right_edge.i, child.left_edge.i - 1)
                    for c in head.rights
                    if c.dep_ == "prep" and c.i < child.i
                ]
                if role and of:
                    role += doc[head.i].whitespace_ + doc[head.i + 1 : max(of) + 1].text.rstrip(" ,")
                return Phrase(text, "person", _person_name(ent, lex), role, child.lower_, apposition=True)

    courtesy = next((t.i for t in doc[left : head.i] if t.lower_.rstrip(".") in lex.words("courtesy_titles")), None)
    if head.tag_ == "NNP" and courtesy is not None and all(t.tag_ == "NNP" for t in doc[courtesy : head.i]):
        # "Mr Camus", whatever the recognizer made of the name
        name = doc[courtesy + 1 : head.i + 1]
        return Phrase(text, "person", _person_name(name, lex), _person_role(head, left, name, lex), low)
    hyphened = head.i > 1 and doc[head.i - 1].tag_ == "HYPH" and doc[head.i - 2].is_lower  # "secretary-general"
    if (
        head.tag_ in ("NNP", "NNPS")
        and head.ent_type_ != "PERSON"
        and not _a_thing(head, left)
        and not listed(head, lex, "organisation_heads")
        and not hyphened
    ):
        start = _proper_start(head, left, lex)
        name = doc[start : head.i + 1]
        relative = _relative_words(head)
        if head.ent_type_ != "ORG" and _describes_person_before(doc, left, start, lex) and "which" not in relative:
            # "the 28-year-old Morientes" tagged as a place (not "net analyst WebSideStory, which ...")
            return Phrase(text, "person", _person_name(name, lex), _role_before(doc, left, start, lex), low)
        who = head.tag_ == "NNP" and "who" in relative
        if who or (
            len(name) >= 2
            and (
                _describes_person_before(doc, left, start, lex)
                or (start > left and doc[start - 1].tag_ == "POS" and head.ent_type_ != "ORG")
                or _appos_role(head, lex)
                or _from_body(head, "from", bodies_only=True)  # "Kei Sato, from Acme's research lab,"
            )
        ):
            # a name the recognizer took for a body or a place: "France captain Fabien Pelous",
            # "Fabian Society's Sundar Katwala", "Nikki Rocco, Universal's head of distribution",
            # "Baros, who is Liverpool's leading scorer"
            return Phrase(text, "person", _person_name(name, lex), _person_role(head, left, name, lex), low)

    plural = head.tag_ in ("NNS", "NNPS")
    det = doc[left].lower_ if left < head.i else ""
    org_words = any(t.tag_ in ("NN", "NNS") and listed(t, lex, "organisation_heads") for t in doc[left : head.i])
    # "growers' cartel Agrivest": a common noun with a body's name set right after it
    named = head.tag_ in ("NN", "NNS") and any(
        c.dep_ == "appos" and c.left_edge.i == head.i + 1 and c.ent_type_ == "ORG" for c in head.rights
    )
    body = (
        head.ent_type_ in ORG_LABELS
        or listed(head, lex, "organisation_heads")
        or (head.tag_ == "NNP" and org_words and head.ent_type_ != "PERSON")
        or named
    )
    proper = _organisation_name(head, left, right, lex) if body else None
    if is_document(head, lex) and not proper:
        # "a survey by the Hospitality Council", "court papers", "the newspaper" (a named one is an organisation)
        owner = _document_owner(head, left, lex)
        name = _description(head, left, (*DESCRIBING_PREPS, "by"), participles=False)
        name = name[0].lower() + name[1:] if name[:1].isupper() and doc[left].lower_ in DETERMINERS else name
        titled = _document_title(head)
        if titled is not None:  # "a new book, Brown's Britain by Robert Preston": its title, described
            title, author = titled
            return Phrase(text, "document", title, strip_determiner(name), low, plural, owner=owner or author)
        return Phrase(text, "document", strip_determiner(name), None, low, plural, owner=owner)
    if body:
        group = _group_text(head, left, right)
        if group != text:  # "Washington and Seoul", "Russia and North Korea"
            name = strip_determiner(group)
            if name.split(" ", 1)[0].casefold() in ("both", "all"):
                name = name.split(" ", 1)[1]
            return Phrase(group, "organisation", name, None, low, True)
        name = strip_determiner(proper or text)
        return Phrase(text, "organisation", name, _body_role(head, left, text, proper, lex), low, plural)

    ent = _person_entity(head, lex)
    if ent is not None:
        return Phrase(text, "person", _person_name(ent, lex), _person_role(head, left, ent, lex), head.lower_)

    # "the 17-year-old qualifier" (not "the 31-year-old admitted interest", a verb the parser took in)
    # (or the age alone: "the 25-year-old said")
    old = next((t.i for t in doc[left : head.i + 1] if an_age(t) or t.lower_ == "year-old"), None)
    aged = old is not None and all(t.tag_ in ("NN", "NNP", "JJ") for t in doc[old + 1 : head.i])
    # "the veteran lock, who is 36,": a relative "who" says a described noun is a person, as an age does
    who = head.tag_ in ("NN", "NNS") and det in DETERMINERS and "who" in _relative_words(head)
    if low in lex.words("anonymous_heads") or describes_person(low, lex) or aged or who:
        if det in ("the", "this", "that", "our") and not plural:  # ("said our correspondent": the outlet's own)
            return Phrase(text, "nominal", None, None, low, person=who or old == head.i)
        desc = _description(head, left)
        desc = (
            desc[0].lower() + desc[1:] if desc[:1].isupper() and doc[left].lower_ in DETERMINERS | QUANTIFIERS else desc
        )
        # (as a role, without what the person did: "a US airline attendant [suspended over ...]")
        role = strip_determiner(_description(head, left, participles=False))
        return Phrase(desc, "anonymous", desc, role, low, plural)
    if listed(head, lex, "referring_org_heads") and det in ("a", "an"):  # "a British charity has warned"
        desc = _description(head, left)
        desc = desc[0].lower() + desc[1:]
        return Phrase(desc, "anonymous", desc, None, low, plural)
    if listed(head, lex, "group_heads") or head.tag_ == "CD":  # "some say", "52 percent said", "two said"
        desc = _description(head, left)
        desc = desc[0].lower() + desc[1:] if desc[:1].isupper() and head.i == left else desc
        return Phrase(desc, "anonymous", desc, None, low, True)
    if head.tag_ in ("NNP", "NNPS") or (head.text[:1].isupper() and not head.is_sent_start):
        # a name the recognizer did not type ("Cepes says"), or tagged as a common noun ("said Dent")
        name = strip_determiner(_proper_run(head, left, lex))
        return Phrase(text, "organisation", name, None, low, plural)
    if head.tag_ == "NNS" and not head.ent_type_:  # a group: "the programme's promoters say", "both countries"
        desc = _description(head, left)
        desc = desc[0].lower() + desc[1:] if desc[:1].isupper() and doc[left].lower_ in DETERMINERS else desc
        return Phrase(desc, "anonymous", desc, None, low, plural)
    return Phrase(text, "other", None, None, low, plural)


def _describes_person_before(doc, left: int, start: int, lex: Lexicon) -> bool:
    """Do the words before a name say it is a person's: a title, or an age?"""
    return any(listed(t, lex, "title_words") for t in doc[left:start]) or "year-old" in doc[left:start].text


def _group_text(head: Token, left: int, right: int) -> str:
    """The phrase with its coordinated parts: ``The United States, South Korea and other countries``."""
    doc = head.doc
    conj = [c for c in head.rights if c.dep_ == "conj"]
    if not conj or (conj[0].tag_ == "NN" and doc[conj[0].left_edge.i - 1].text == ","):
        # (not "China, Pyongyang's only ally and its lifeline", an apposition parsed as a list)
        return doc[left:right].text
    last = max(c.right_edge.i for c in conj)
    end = last + 1
    return doc[left:end].text.strip(" ,")


DESCRIBING_PREPS = ("for", "at", "in", "of", "from", "with", "on", "to")  # "aides to the mayor"


def _description(head: Token, left: int, preps: tuple[str, ...] = DESCRIBING_PREPS, participles: bool = True) -> str:
    """An unnamed source with what qualifies it: ``an official in Vietnam``,
    ``a spokesman for the Trafford Centre``, with ``participles`` also ``an official based
    in Geneva`` (not for documents: ``a study published on Monday`` is the study)."""
    doc = head.doc
    right = head.i
    for child in head.rights:
        if participles and child.dep_ == "acl" and child.tag_ == "VBN" and child.i == right + 1:
            right = child.right_edge.i  # "36 people accused in connection with the blasts"
            continue
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            break
        if child.dep_ == "prep" and child.lower_ not in preps:
            break
        if "\n" in doc[child.left_edge.i : child.right_edge.i + 1].text:
            break
        right = child.right_edge.i
    start = head.left_edge.i if head.left_edge.i >= left - 1 else left
    start = max(start, left) if doc[left].lower_ not in QUANTIFIERS else left
    return doc[start : right + 1].text
