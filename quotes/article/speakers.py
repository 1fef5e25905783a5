"""Speakers within one article: resolve speaker phrases in reading order.

``Peskov`` -> the ``Dmitry Peskov`` named in the article; ``he`` -> the
person last spoken of before it; ``the official`` -> the last speaker
described as an official; ``WHO`` -> ``World Health Organisation`` when the
article spells it out. Roles given at a first mention (``Kremlin aide Yuri
Ushakov``) carry to later ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import regex
from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon
from ..names import DETERMINERS, name_tokens, strip_determiner, strip_honorifics, strip_possessive
from .nounphrases import (
    COPULAS,
    Phrase,
    another_verb,
    clause_role,
    describes_person,
    entity_of,
    epithet,
    is_document,
    listed,
    predicated,
    read_phrase,
    singular,
    with_others,
)
from .ranges import Ranges

NAME_LINKS = {"of", "the", "for", "and", "on", "in", "de", "&"}  # small words inside a body's name
PUBLICATION_HEADS = {"newspaper", "paper", "magazine", "tabloid", "daily", "weekly", "publication"}


POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she"}


@dataclass
class Speaker:
    name: str | None
    kind: str | None  # person | organisation | anonymous | document
    role: str | None
    mention: str | None
    plural: bool = False
    owner: str | None = None  # whose document


def acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in NAME_LINKS and w[:1].isupper())


def _named_by_copula(subject: Token) -> Span | None:
    """``The director is Matthew Warchus``: the person a description is said to be."""
    verb = subject.head
    if verb.lower_ not in COPULAS:
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr"), None)
    ent = entity_of(attr) if attr is not None else None
    return ent if ent is not None and ent.label_ == "PERSON" else None


def _viewpoint(tok: Token) -> bool:
    """``For Allen Ruiz, a director at Acme, the future is ...``: a sentence opening with
    whose view it gives speaks of them."""
    prep = tok.head
    if tok.dep_ != "pobj" or tok.ent_type_ != "PERSON" or prep.lower_ != "for" or prep.head.dep_ != "ROOT":
        return False
    doc = tok.doc
    start = prep.i - 1 if prep.i > 0 and doc[prep.i - 1].dep_ == "cc" else prep.i  # "But for"
    after = tok.right_edge.i + 1
    return (start == 0 or doc[start].is_sent_start) and after < len(doc) and doc[after].text == ","


def _subject_owner(tok: Token, lex: Lexicon) -> bool:
    """Whose thing a subject is: ``Shares in Dunmore Group slid``, ``Acme's profits rose``
    (not ``Acme's chief executive``, someone else, nor ``costs at the stadium``, a place); news
    writing speaks of the body as it does of a subject."""
    subject = tok.head if tok.dep_ == "poss" else tok.head.head if tok.dep_ == "pobj" else None
    if tok.dep_ == "pobj" and tok.head.lower_ != "in":
        return False
    return (
        subject is not None
        and subject.dep_ in ("nsubj", "nsubjpass")
        and subject.head.dep_ in ("ROOT", "conj")
        and not describes_person(subject.lower_, lex)
    )


def _unnamed(phrase: Phrase) -> Speaker:
    """An unnamed speaker as the article writes them (``the spokesman``)."""
    return Speaker(phrase.text[0].lower() + phrase.text[1:], "anonymous", None, phrase.text)


class ArticleSpeakers:
    """The people and organisations an article names, and who has spoken so far."""

    def __init__(self, doc: Doc, lex: Lexicon, reported: list[tuple[int, int]] = ()):
        """``reported``: character spans of reported words; people named in them are
        what speakers talk about, not antecedents for ``he``."""
        self.lex = lex
        self.history: list[tuple[int, Speaker]] = []  # (offset, Speaker) of those resolved so far
        self.text = doc.text
        # where a headline ends: a first line without a full stop ("Marsh backs ferry subsidy")
        first = doc.text.split("\n", 1)[0].rstrip()
        self.headline_end = len(first) if "\n" in doc.text and first[-1:] not in '.!?"”' else 0
        self.titles = lex.words("honorifics")
        # surnames the article gives a courtesy title ("Mr Panke"): whatever the recognizer
        # typed "Helmut Panke", a person
        courtesy = lex.words("courtesy_titles")
        self.courtesy_surnames = {
            tok.nbor().text
            for tok in doc[:-1]
            if tok.lower_.rstrip(".") in courtesy and tok.nbor().tag_ == "NNP" and tok.nbor().is_title
        }
        self.full_names: Counter[str] = Counter()
        self.first_seen: dict[str, int] = {}
        self.roles: dict[str, str] = {}
        self.body_roles: dict[str, str] = {}  # an organisation's: "Dutch firm" Heineken
        self.acronyms: dict[str, str] = {}
        # runs of capitalised words the recognizer did not take for anything ("claims against Marion
        # Jones"): a full name for "Jones" when the article gives no other
        self.untyped_names: Counter[str] = Counter()
        not_names = lex.words("title_words") | lex.words("honorifics") | lex.words("organisation_heads")
        for tok in doc:
            # (the recognizer types some full names as places: "a coach in Jose Moreira")
            if tok.tag_ != "NNP" or tok.ent_type_ not in ("", "PERSON", "ORG", "GPE") or tok.dep_ == "compound":
                continue
            run = [tok]
            while run[0].i > 0 and doc[run[0].i - 1].tag_ == "NNP" and doc[run[0].i - 1].dep_ == "compound":
                run.insert(0, doc[run[0].i - 1])
            place = next((entity_of(t) for t in run if t.ent_type_ == "GPE"), None)
            if place is not None and (place.start, place.end) != (run[0].i, run[-1].i + 1):
                continue  # a place and a name ("After the defeat in Qatar Navarro admitted")
            if 2 <= len(run) <= 3 and all(
                t.is_title and t.is_alpha and t.lower_ not in not_names and t.ent_type_ in ("", "PERSON", "ORG", "GPE")
                for t in run
            ):
                self.untyped_names[" ".join(t.text for t in run)] += 1
        # (offset, Speaker) of people spoken of as the subject of a clause: antecedents for "he"
        self.subjects: list[tuple[int, Speaker]] = []
        # offsets of the subjects of main clauses: what a description ("the defender") refers back to
        self.main_subjects: set[int] = set()
        # (offset, Speaker) of people whose thing a main clause is about ("Mr Hale's seat is
        # set to disappear"): spoken of, as its subjects are, for "he" and "the MP"
        self.owners: list[tuple[int, Speaker]] = []
        # (offset, Speaker) of people described as a group in a clause's subject ("economic leaders")
        self.groups: list[tuple[int, Speaker]] = []
        # (offset, Speaker) of those named as the subject of what they think or want ("X believes")
        self.stances: list[tuple[int, Speaker]] = []
        # (offset, full name) of every person named outside reported words: the last resort for "he"
        self.people: list[tuple[int, str]] = []
        # (offset, Speaker) of every person named with a role, wherever in a clause ("He was
        # replaced by former world number one Ferrero"): the latest role given before a quote
        self.titled: list[tuple[int, Speaker]] = []
        inside = self.inside = Ranges(reported)
        # (offset, Speaker) of organisations a clause speaks of as its subject: what "the company" is
        self.organisations: list[tuple[int, Speaker]] = []
        # those in reported words: "WPP has posted larger profits, it said" is WPP
        self.reported_organisations: list[tuple[int, Speaker]] = []
        # (offset, name) of every body the article names: what "the committee" refers back to
        self.named_bodies: list[tuple[int, str, str]] = []  # (offset, name, its head word)
        for tok in doc:
            if tok.tag_ == "NN" and tok.is_lower and listed(tok, lex, "organisation_heads") and tok.idx not in inside:
                # "the Holyrood rail and bus committee": a body named by its capitalised words
                first = next((t for t in tok.lefts if t.dep_ in ("compound", "nmod", "amod") and t.tag_ == "NNP"), None)
                # (not "the UK firm", a nationality)
                if first is not None and not (first.i == tok.i - 1 and first.ent_type_ in ("GPE", "NORP")):
                    self.named_bodies.append((tok.idx, doc[first.i : tok.i + 1].text, tok.lower_))
        # (offset, name) of the newspapers and magazines named: what "the newspaper" refers back to
        self.mastheads: list[tuple[int, str]] = [
            (ent.start_char, strip_possessive(strip_determiner(ent.text)))
            for ent in doc.ents
            if ent.label_ in ("ORG", "WORK_OF_ART", "PRODUCT")
            and ent.start_char not in inside
            and any(t.lower_ in lex.words("masthead_words") for t in ent if t.text[:1].isupper())
        ]
        for tok in doc:  # and "the Music Herald", which the recognizer did not take for a name
            if tok.tag_ == "NNP" and tok.lower_ in lex.words("masthead_words") and not tok.ent_type_:
                start = tok.i
                while start > 0 and doc[start - 1].tag_ == "NNP":
                    start -= 1
                if start > 0 and doc[start - 1].lower_ == "the" and tok.idx not in inside:
                    self.mastheads.append((doc[start].idx, doc[start : tok.i + 1].text))
        self.mastheads.sort()
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            phrase = read_phrase(ent.root, lex, together=False)  # "Dutch firm Heineken": what the body is
            named = ent.label_ == "ORG" and self.typed(phrase) is not phrase
            phrase = self.typed(phrase)
            if ent.label_ == "ORG" and not named:
                full = strip_possessive(strip_determiner(ent.text))  # "the European Union's ban"
                rest = full[len(phrase.name or "") :].strip()
                if phrase.kind == "organisation" and full.startswith(phrase.name or "\0") and rest.islower():
                    full = phrase.name  # "the Northern Press news agency": its name, and what it is
                if ent.start_char not in inside:
                    self.named_bodies.append((ent.start_char, full, ent.root.lower_))  # "Federal Court of Appeal"
                short = acronym(full)
                if len(full.split()) > 1 and len(short) >= 2:
                    self.acronyms.setdefault(short, full)
                first, _, rest = full.partition(" ")
                if first.isupper() and len(first) <= 3 and len(acronym(rest)) >= 3:
                    # "the US Securities and Exchange Commission ... the SEC said": initials
                    # without the country's
                    self.acronyms.setdefault(acronym(rest), full)
                role = phrase.role if phrase.kind == "organisation" and phrase.name == full else None
                if role and ent.start_char not in inside:
                    self.body_roles.setdefault(full, role)
                if ent.root.dep_ in ("nsubj", "nsubjpass") or _subject_owner(ent.root, lex):
                    body = (ent.start_char, Speaker(self.acronyms.get(full, full), "organisation", role, ent.text))
                    (self.reported_organisations if ent.start_char in inside else self.organisations).append(body)
            # (a person's name the recognizer took for a body, a title right before it: "Former
            # Acme chairman Lou Kemp", not "software giant Acme Systems", "analysts Korva Research")
            titled = (
                ent.start > 0 and doc[ent.start - 1].tag_ == "NN" and listed(doc[ent.start - 1], lex, "title_words")
            )
            if ent.label_ != "PERSON" and not (ent.label_ == "ORG" and phrase.kind == "person" and (titled or named)):
                continue
            name = strip_possessive(
                strip_honorifics(phrase.name if phrase.kind == "person" and phrase.name else ent.text, self.titles)
            )
            full = self.full_name(name, ent.start_char)
            carried = (
                ent.start_char not in inside and phrase.kind == "person" and self._new_role(full, phrase.role, ent.root)
            )
            if carried:
                self.titled.append((ent.start_char, Speaker(full, "person", phrase.role, ent.text)))
            whole = len(self.parts(name)) >= 2
            if whole:
                self.full_names[name] += 1
                self.first_seen.setdefault(name, ent.start_char)
            if phrase.role and phrase.kind == "person" and (whole or carried):
                self.roles.setdefault(full, phrase.role)
            if ent.start_char not in inside:
                self.people.append((ent.start_char, name))
        # (offset, Phrase) of descriptions a main clause speaks of before anyone is named ("The Transport
        # Secretary has backed ..."): whom the next sentence names
        leads: list[tuple[int, Phrase]] = []
        for tok in doc:
            # (a subject in quotation marks whose verb is not is the writer's: 'Actor Ben Cole's
            # "exceptional career" has been honoured')
            if tok.dep_ not in ("nsubj", "nsubjpass") or (tok.idx in inside and tok.head.idx in inside):
                continue
            relative = tok.lower_ == "who" and tok.head.dep_ == "relcl"
            if relative:
                tok = tok.head.head  # "Henson, who can now expect ...": Henson is a subject too
            if tok.tag_ not in ("NNP", "NN", "NNS"):
                continue
            phrase = self.typed(read_phrase(tok, lex, together=False))
            if phrase.kind == "organisation" and phrase.name and len(phrase.name.split()) > 1 and phrase.name.istitle():
                # "The Rugby Football Union has fined ... the RFU stressed", a name the recognizer missed
                self.acronyms.setdefault(acronym(phrase.name), phrase.name)
            if tok.head.dep_ == "ROOT" and self._a_description(phrase) and not self._spoken_of(tok.idx):
                leads.append((tok.idx, phrase))
            if phrase.kind == "person":
                role = phrase.role or (clause_role(tok.head, lex) if tok.head.i != tok.i else None)
                bare = strip_honorifics(phrase.name, self.titles)
                if len(self.parts(bare)) >= 2 and self.full_name(bare) == bare and bare not in self.full_names:
                    # a name the recognizer missed ("Cardinal Cormac Murphy O'Connor")
                    self.full_names[bare] += 1
                    self.first_seen[bare] = tok.idx
                name = self.full_name(phrase.name, tok.idx)
                if self._in_passing(name, role, tok):
                    role = None
                if role:
                    self.roles.setdefault(name, role)
                group = with_others(phrase, tok, lex)  # "X and Y launched ... They say": what "they" can be
                for member in group.members[1:] if role and group.plural and self._plural_title(role) else ():
                    self.roles.setdefault(self.full_name(member, tok.idx), role)  # "champions X and Y": each
                if group.plural:
                    self.subjects.append(
                        (tok.idx, Speaker(self.name_of(group, tok.idx), "person", None, group.text, True))
                    )
                else:
                    self.subjects.append((tok.idx, Speaker(name, "person", role, phrase.text)))
                if tok.head.dep_ in ("ROOT", "conj") and tok.dep_ == "nsubj":  # not one something befell
                    self.main_subjects.add(tok.idx)
                moved = tok.head.lower_ in COPULAS and any(  # "Roth was delighted with the result. "My serve ...""
                    c.dep_ == "acomp" and c.lower_ in lex.words("mood_adjectives") for c in tok.head.children
                )
                if tok.head.lower_ in lex.forms("stance_verbs") or moved:
                    self.stances.append((tok.idx, self.subjects[-1][1]))
            elif phrase.kind == "nominal" and (named := _named_by_copula(tok)) is not None:
                # "The musical's director is Matthew Warchus": the description is his, and he is spoken of
                name = self.full_name(strip_honorifics(named.text, self.titles), tok.idx)
                role = strip_determiner(phrase.text)
                self.roles.setdefault(name, role)
                self.subjects.append((named.start_char, Speaker(name, "person", role, named.text)))
            elif (
                phrase.kind == "nominal"
                and not relative  # "he has found the player who can change a game": someone else
                # not "The prisoner escaped"
                and (
                    self.describes_known(phrase.head, occupations=False)
                    or "-year-old " in phrase.text
                    # "The veteran producer": an occupation described, not just named ("the prisoner")
                    or (self.describes_known(phrase.head) and len(phrase.text.split()) > 2)
                )
                and (self.subjects or self.owners)
                and (tok.head.lower_ not in lex.forms("speech_verbs") or another_verb(tok.head))
                and tok.head.dep_ in ("ROOT", "conj")  # not "calls for the mayor to apologise"
            ):  # speakers are resolved in reading order
                # "The head of Lionhead Studios was granted the honour": a new description
                # of the person last spoken of
                person = max(self.subjects[-1:] + self.owners[-1:], key=lambda s: s[0])[1]
                self.subjects.append(
                    (tok.idx, Speaker(person.name, "person", strip_determiner(phrase.text), phrase.text))
                )
            elif phrase.kind == "anonymous" and phrase.plural and describes_person(singular(phrase.head), lex):
                # "Turkey's economic leaders have been banging the drum ... they insist": whom a
                # "they" right after can be
                self.groups.append((tok.idx, Speaker(phrase.name, "anonymous", None, phrase.text, True)))
            elif phrase.kind == "organisation" and (body := self.body_named(phrase, tok.idx)) is not None:
                # "The committee reached its conclusions ... It warned": what "it" can be
                self.organisations.append((tok.idx, Speaker(body, "organisation", None, phrase.text)))
            elif tok.tag_ == "NN" and not describes_person(tok.lower_, lex):
                # "Mr Hale's seat is set to disappear": whose seat it is is spoken of (not
                # "Mr Hale's spokesman", someone else)
                owner = next((c for c in tok.children if c.dep_ == "poss" and c.ent_type_ == "PERSON"), None)
                mentioned = read_phrase(owner, lex, together=False) if owner is not None else None
                if tok.head.dep_ in ("ROOT", "conj") and mentioned is not None and mentioned.kind == "person":
                    name = self.full_name(strip_possessive(mentioned.name), owner.idx)
                    self.owners.append((owner.idx, Speaker(name, "person", None, mentioned.text)))
        for tok in doc:
            if _viewpoint(tok) and tok.idx not in inside:
                mentioned = read_phrase(tok, lex, together=False)
                if mentioned.kind == "person":
                    name = self.full_name(mentioned.name, tok.idx)
                    self.owners.append((tok.idx, Speaker(name, "person", mentioned.role, mentioned.text)))
        self.owners.sort(key=lambda s: s[0])
        self.subjects.sort(key=lambda s: s[0])
        # "m" or "f" for people a courtesy title names ("Ms Everett"): whom "he" and "she" can be
        self.genders: dict[str, str] = {}
        for tok in doc[:-1]:
            title = tok.lower_.rstrip(".")
            gender = "m" if title in lex.words("male_titles") else "f" if title in lex.words("female_titles") else None
            if gender and doc[tok.i + 1].tag_ == "NNP":
                end = tok.i + 1
                while end + 1 < len(doc) and doc[end + 1].tag_ == "NNP":
                    end += 1
                self.genders.setdefault(self.full_name(doc[tok.i + 1 : end + 1].text), gender)
        self.sentence_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else []
        # the organisations "it" can be, the names known once every person is: not a person's
        # name the recognizer took for a body
        self.bodies = [o for o in self.organisations if self.is_body(o[1].name)]
        self.reported_bodies = [o for o in self.reported_organisations if self.is_body(o[1].name)]
        for at, phrase in leads:
            named = self._introduced(phrase, at, definite=True)
            if named is not None:
                pool = self.organisations if named.kind == "organisation" else self.subjects
                pool.append((at, named))
                pool.sort(key=lambda s: s[0])
        # (offset, Speaker) of documents the article names with their owner: what "the report" refers to
        self.documents: list[tuple[int, Speaker]] = []
        # those a clause speaks of as its subject: what "it" can be ("The letter ... It said"), not
        # every document named ("... before its release. It said")
        self.subject_documents: list[tuple[int, Speaker]] = []
        for tok in doc:
            if is_document(tok, lex) and tok.idx not in inside:
                phrase = read_phrase(tok, lex)
                if phrase.kind == "document":
                    self.documents.append((tok.idx, self._document(phrase, tok.idx)))
                    if tok.dep_ in ("nsubj", "nsubjpass"):
                        self.subject_documents.append(self.documents[-1])

    def _role_at(self, given: str | None, name: str, pos: int, kind: str = "person") -> str | None:
        """The role a mention at ``pos`` gives, else the one the article gave before; a rank
        alone (``Professor Etzioni said``) only when the article said nothing more."""
        own = given if not self._rank_only(given) else None
        return own or self.role_of(name, pos, kind) or given

    def _rank_only(self, role: str | None) -> bool:
        """``Professor``: a rank worn like a courtesy title, all a mention says."""
        return role is not None and role.casefold().rstrip(".") in self.lex.words("rank_titles")

    def _one_word_body(self, sp: Speaker) -> bool:
        """``Diageo said it expects``: a one-word name typed a person's that the article never
        gives a first name, a courtesy title or a pronoun of a person is what ``it`` can mean."""
        name = sp.name
        return (
            sp.kind == "person"
            and " " not in name
            and name not in self.courtesy_surnames
            and name not in self.genders
            and self.full_name(name) == name
        )

    def typed(self, phrase: Phrase) -> Phrase:
        """A person's name read as a body's (``Helmut Panke``, typed one by the recognizer) is a
        person's when the article also gives it a courtesy title (``Mr Panke``)."""
        words = (phrase.name or "").split() if phrase.kind == "organisation" else []
        if (
            2 <= len(words) <= 3
            and all(w.istitle() and w.isalpha() for w in words)
            and words[-1] in self.courtesy_surnames
            and not any(w.casefold() in self.lex.words("organisation_heads") for w in words)
        ):
            return replace(phrase, kind="person")
        return phrase

    def parts(self, name: str) -> tuple[str, ...]:
        return name_tokens(name, "person", self.titles)

    def is_body(self, name: str) -> bool:
        """Not a person's name the recognizer took for a body ("Clarke defends detentions")."""
        return self.full_name(name) not in self.full_names

    def describes_known(self, head: str, occupations: bool = True) -> bool:
        """A description news writing gives someone already named (``the Two Ronnies star``,
        ``the 25-year-old``, with ``occupations`` also ``the veteran game maker``), not one
        that brings in a new person speaking for a body (``the spokeswoman``, ``an official``)."""
        lex = self.lex
        known = (
            describes_person(head, lex)
            if occupations
            else head in lex.words("title_words") or head.endswith("-year-old")
        )
        return known and head not in lex.words("spokesperson_heads")

    def name_of(self, phrase: Phrase, pos: int) -> str:
        """The full name of the person a phrase names; of each, for people who speak together."""
        return " and ".join(self.full_name(m, pos) for m in phrase.members or (phrase.name,))

    def full_name(self, name: str, pos: int | None = None) -> str:
        """``Peskov``/``Mr Blair``/``Kim`` -> the full name the article gives, if one fits.

        Several fit (``Kim``: Kim Jong-un, Kim Hong-kyun): the one named most often.
        """
        bare = strip_honorifics(name, self.titles)
        parts = self.parts(bare)
        if len(parts) == 1:
            candidates = [n for n in self.full_names if parts[0] in (self.parts(n)[0], self.parts(n)[-1])]
        else:  # "Le Bon" -> "Simon Le Bon"
            candidates = [n for n in self.full_names if self.parts(n)[-len(parts) :] == parts]
        if not candidates:
            runs = [n for n in self.untyped_names if len(parts) == 1 and self.parts(n)[-1] == parts[0]]
            return runs[0] if len(runs) == 1 else bare
        return min(candidates, key=lambda n: (-self.full_names[n], self.first_seen[n]))

    def _last(self, pos: int, want, pool) -> Speaker | None:
        for at, sp in reversed(pool):
            if at < pos and want(sp):
                return sp
        return None

    def resolve(self, phrase: Phrase, pos: int, sentence: int | None = None) -> Speaker | None:
        """The speaker a phrase at offset ``pos`` (in the sentence starting at
        ``sentence``) refers to; phrases come in reading order."""
        sp = self._resolve(phrase, pos, pos if sentence is None else sentence)
        if sp is not None and pos not in self.inside:
            # (one quoted inside another's words, "Ray told the court that Yukos had claimed ...",
            # is part of what was said: not whom a later "he" means)
            self.history.append((pos, sp))
        return sp

    def _resolve(self, phrase: Phrase, pos: int, sentence: int) -> Speaker | None:
        phrase = self.typed(phrase)
        if phrase.kind == "person":
            name = self.name_of(phrase, pos)
            # "Korva said" after "Korva Interactive Entertainment" (no one of that name): the body
            body = None if phrase.members or name != phrase.text or name in self.full_names else self.body_in_full(name)
            if body is not None:
                return Speaker(body, "organisation", self.role_of(body, pos, "organisation"), phrase.text)
            return Speaker(name, "person", self._role_at(phrase.role, name, pos), phrase.text, phrase.plural)
        if phrase.kind == "other" and phrase.text[:1].isupper() and " " not in phrase.text:
            phrase = replace(phrase, name=phrase.text)  # "Grump at the time said", tagged a common noun
        if (
            phrase.kind in ("organisation", "anonymous", "other")
            and phrase.name
            and phrase.text[:1].isupper()
            and len(phrase.text.split()) <= 2
        ):
            # a surname the recognizer took for an organisation ("Le Bon also said") or the tagger
            # for a plural ("Hanks said") or a common noun, or one tagged or read as a person elsewhere
            name = self.full_name(phrase.name, pos)
            if (
                name in self.full_names
                or any(name == person for _, person in self.people)
                or any(s.name == name and s.kind == "person" for _, s in self.history)
            ):
                return Speaker(name, "person", self.role_of(name, pos), phrase.text)
        if phrase.kind == "organisation":
            if self._a_description(phrase) and (named := self._introduced(phrase, pos)) is not None:
                return named
            name = self.acronyms.get(phrase.name, phrase.name)
            name = self.body_named(phrase, pos) or self.body_in_full(name) or name
            role = phrase.role or self.role_of(name, pos, "organisation")
            return Speaker(name, "organisation", role, phrase.text, phrase.plural)
        if phrase.kind == "anonymous":
            return self._introduced(phrase, pos) or Speaker(phrase.name, "anonymous", None, phrase.text, phrase.plural)
        if phrase.kind == "document":
            return self._document(phrase, pos)
        if phrase.kind == "pronoun":
            return self._pronoun(phrase, pos, sentence)
        if phrase.kind == "nominal":
            return self._nominal(phrase, pos, sentence)
        return None

    def body_named(self, phrase: Phrase, pos: int) -> str | None:
        """``the committee`` (no more than its head): the body the article last named with
        that head before ``pos`` (``the Holyrood rail and bus committee``)."""
        words = phrase.text.casefold().split()
        if words != ["the", phrase.head] or phrase.name.casefold() != phrase.head:  # (not "the OSE", "its Court")
            return None
        named = [name for name in self._bodies_headed(phrase.head, pos) if name.casefold() != phrase.head]
        return named[-1] if named else None  # (not "the Bank" itself)

    def _bodies_headed(self, head: str, pos: int) -> list[str]:
        """The bodies named before ``pos`` whose name ends in ``head`` (``committee``), in order."""
        return [name for at, name, word in sorted(self.named_bodies) if at < pos and word == head]

    def body_in_full(self, name: str) -> str | None:
        """``Korva`` -> the ``Korva Interactive Entertainment`` the article names, when it
        names just one body that starts so."""
        if (
            " " in name
            or name.isupper()
            or any(full == name and at >= self.headline_end for at, full, _ in self.named_bodies)
        ):
            return None  # (not a body named on its own too, outside a headline's short form, nor initials: "US")
        longer = {
            full
            for _, full, _ in self.named_bodies
            if full.split(" ", 1)[0] == name
            and " " in full
            # a name, not a body with what it is: "the Northern Press news agency", "the Acme group"
            and all(w[:1].isupper() or w in NAME_LINKS for w in full.split()[1:])
        }
        return longer.pop() if len(longer) == 1 else None

    def _person_before(
        self, pos: int, sentence: int, want, same_sentence: bool = True, main: bool = False
    ) -> Speaker | None:
        """The last speaker or subject ``want`` accepts (a subject earlier in the same
        sentence counts: ``Murphy lamented his tasks: "...," he said``; names inside reported
        words never are subjects; with ``main``, only subjects of main clauses); failing that,
        the last person the article named before ``sentence`` (one named in the same sentence
        is what is reported: ``"...," he said``)."""
        subjects = [s for s in self.subjects if s[0] < pos and (not main or s[0] in self.main_subjects)]
        subjects += [s for s in self.owners if s[0] < pos]
        pool = sorted(self.history + subjects, key=lambda s: s[0])
        prev = self._last(pos if same_sentence else sentence, want, pool)
        if prev is None:
            named = [
                Speaker(n, "person", self.roles.get(n), n)
                for n in (self.full_name(name) for at, name in self.people if at < sentence)
            ]
            prev = next((s for s in reversed(named) if want(s)), None)
        return prev

    def _pronoun(self, phrase: Phrase, pos: int, sentence: int) -> Speaker | None:
        if phrase.head in ("he", "she", "him", "her", "i"):
            unlike = {"he": "f", "him": "f", "she": "m", "her": "m"}.get(phrase.head)
            prev = self._person_before(
                pos,
                sentence,
                lambda s: (
                    s.kind in ("person", "anonymous")
                    and not s.plural
                    and (unlike is None or self.genders.get(s.name) != unlike)
                ),
            )
            if prev is None:  # "While he acknowledged ..., Ham noted": no one before, the one named after
                end = next((start for start in self.sentence_starts if start > pos), None)
                prev = next((sp for at, sp in self.subjects if pos < at and (end is None or at < end)), None)
        elif phrase.head == "it":  # an organisation that spoke or is spoken of, or a document: "The letter ... it said"
            pool = sorted(
                self.history
                + [d for d in self.subject_documents if d[0] < sentence]
                + [o for o in self.bodies if o[0] < pos]
                + [o for o in self.reported_bodies if sentence <= o[0] < pos],
                key=lambda s: s[0],
            )
            prev = self._last(
                pos,
                lambda s: not s.plural and (s.kind in ("organisation", "document") or self._one_word_body(s)),
                pool,
            )
            if prev is not None and prev.kind == "person":
                prev = replace(prev, kind="organisation", role=None)
        else:  # "they": a body, or people who spoke or were spoken of together ("X and Y launched ...")
            groups = [s for s in self.subjects if s[1].plural]
            # (a group described, only from the sentence before: "Some delegates spoke of ... They all insisted")
            before = max([start for start in self.sentence_starts if start < sentence] or [0])
            groups += [g for g in self.groups if before <= g[0]]
            pool = sorted(self.history + groups, key=lambda s: s[0])
            prev = self._last(pos, lambda s: s.plural or s.kind == "organisation", pool)
        if prev is None:
            return None
        role = self._role_at(prev.role, prev.name, pos, prev.kind) if prev.kind != "document" else prev.role
        return Speaker(prev.name, prev.kind, role, phrase.text, prev.plural)

    def _document(self, phrase: Phrase, pos: int) -> Speaker:
        """A document; ``the report`` with no owner of its own is the report the article
        named before (``the subsequent report`` at least has its owner); ``its report``
        is the report of the organisation last spoken of."""
        if phrase.owner and phrase.owner.casefold() in POSSESSIVE_PRONOUNS:
            owner = self._pronoun(
                Phrase(phrase.owner, "pronoun", None, None, POSSESSIVE_PRONOUNS[phrase.owner.casefold()]), pos, pos
            )
            phrase = replace(phrase, owner=owner.name if owner else None)
        the = phrase.text.split(" ", 1)[0].casefold() in ("the", "this", "that", "its")
        if phrase.owner is None and the and phrase.head in PUBLICATION_HEADS:
            # "suing the Daily Clarion ... The newspaper said": the paper named before
            named = [name for at, name in self.mastheads if at < pos]
            if named:
                return Speaker(named[-1], "document", strip_determiner(phrase.text), phrase.text)
        if phrase.owner is None and the:
            pool = sorted(self.history + self.documents, key=lambda s: s[0])
            prev = self._last(
                pos,
                lambda s: (
                    s.kind == "document"
                    and (s.owner or s.role)
                    and phrase.head in f"{s.name} {s.role or ''}".casefold().split()
                ),
                pool,
            )
            if prev is not None:  # "The book claims": the book named before, with its title
                same = phrase.name.casefold() == phrase.head
                return Speaker(
                    prev.name if same else phrase.name, "document", prev.role, phrase.text, phrase.plural, prev.owner
                )
        return Speaker(phrase.name, "document", phrase.role, phrase.text, phrase.plural, phrase.owner)

    def _nominal(self, phrase: Phrase, pos: int, sentence: int) -> Speaker | None:
        """``the official``, ``the Tory leader``: the last speaker so described, or a named one."""
        if phrase.head in self.lex.words("referring_org_heads"):
            pool = sorted(self.history + [o for o in self.organisations if o[0] < sentence], key=lambda s: s[0])
            heads = self.lex.words("referring_org_heads")
            bodies = self.lex.words("organisation_heads")

            def named_body(name: str) -> bool:
                # a named body ("Dunmore Group", not the "Irish construction firm" of a description), and
                # not one of another sort: "the company" is not "the SEC" (a commission)
                last = self.acronyms.get(name, name).split()[-1]
                low = last.casefold()
                return not (last.islower() and low in heads) and (
                    low not in bodies or low in heads or low == phrase.head
                )

            prev = self._last(pos, lambda s: s.kind == "organisation" and not s.plural and named_body(s.name), pool)
            if prev is not None:  # "The UK's biggest mortgage lender said": a description, not just "the company"
                own = strip_determiner(phrase.text) if len(phrase.text.split()) > 2 else None
                role = own or self.role_of(prev.name, pos, "organisation")
                return Speaker(prev.name, "organisation", role, phrase.text)
            if len(phrase.text.split()) > 2:  # "The Australian firm said": a body, if not one named
                return Speaker(strip_determiner(phrase.text), "organisation", None, phrase.text)
            return _unnamed(phrase)
        described = [w.casefold() for w in phrase.text.split() if w.casefold() not in DETERMINERS]

        def fits(description: str | None) -> bool:
            have = set((description or "").casefold().replace("’", "'").split())
            return all(w in have for w in described)

        prev = self._last(pos, lambda s: fits(s.role) or (s.kind == "anonymous" and fits(s.name)), self.history)
        own = strip_determiner(phrase.text) if prev is None or prev.kind == "person" else None
        if prev is not None:
            return Speaker(prev.name, prev.kind, own or prev.role, phrase.text, prev.plural)
        named = [n for n, r in self.roles.items() if fits(r) and self.first_seen.get(n, pos) < pos]
        if len(named) == 1:
            return Speaker(named[0], "person", own, phrase.text)
        if phrase.text.split(" ", 1)[0].casefold() == "our":  # the outlet's own, not one the story is about
            return _unnamed(phrase)
        # (an acronym is capitalised whatever it names: "the Glasgow Kelvin MP")
        capitalised = any(
            w[:1].isupper() and not w.isupper() and w.casefold() == phrase.head for w in phrase.text.split()
        )
        # (but a title alone is its holder's, as British writing capitalises it: "The Chancellor
        # said", unless a body named before goes by that word: "the Scottish Executive")
        if capitalised and len(described) == 1 and phrase.head in self.lex.words("title_words"):
            bodies = self._bodies_headed(phrase.head, pos)
            if bodies:
                return Speaker(bodies[-1], "organisation", None, phrase.text)
            capitalised = False
        # "the chairman of the Police Federation" names a post at a body: not the person last
        # spoken of, though the next sentence may name its holder
        of_a_body = regex.search(r"\b(?:of|at|for) (?:the )?\p{Lu}", phrase.text) is not None
        if phrase.demonym or phrase.person or (self.describes_known(phrase.head) and not capitalised):
            # "Ronnie Corbett has joined ... the Two Ronnies star said": the person last
            # spoken of as the subject of a main clause (news writing varies how it names one
            # person), unless capitals make it the name of a body ("The Scottish Executive
            # said"); a nationality is not one named earlier in its own sentence ("Kessler is
            # fit again, but the Scot admitted")
            person = None
            if not of_a_body:
                person = self._person_before(
                    pos, sentence, lambda s: s.kind == "person" and not s.plural, not phrase.demonym, main=True
                )
            person = person or self._named_next(pos)
            if person is not None:
                return Speaker(person.name, "person", strip_determiner(phrase.text), phrase.text)
        return _unnamed(phrase)

    def _plural_title(self, role: str) -> bool:
        """``World champions`` (of everyone named after it), not ``Tory leader``."""
        last = role.rsplit(" ", 1)[-1].casefold()
        titles = self.lex.words("title_words")
        return last not in titles and singular(last) in titles

    def _new_role(self, name: str, role: str | None, tok: Token) -> bool:
        """Does a mention give this person a role to carry: one that says what a person is,
        not a description in passing over their post (``Ms Boyd, a fierce opponent of rent
        controls,``), nor their known role shortened (``President Putin``)?"""
        if not role or not any(describes_person(singular(w.casefold()), self.lex) for w in role.split()):
            return False  # (not "No offence Robbie")
        if self._in_passing(name, role, tok):
            return False
        known = self.role_of(name, tok.idx)
        return known is None or not set(role.casefold().split()) <= set(known.casefold().split())

    def _in_passing(self, name: str, role: str | None, tok: Token) -> bool:
        """``Ms Boyd, a fierce opponent of rent controls, stayed silent``, ``Ms Boyd was a
        fierce opponent of ...``: a description given in passing, not over a post given before."""
        return role is not None and role in (epithet(tok), predicated(tok)) and self._has_role(name, tok.idx)

    def _has_role(self, name: str, pos: int) -> bool:
        """Was this person given a role before ``pos``?"""
        earlier = any(sp.name == name and sp.role for at, sp in self.subjects + self.titled if at < pos)
        return earlier or (name in self.roles and self.first_seen.get(name, pos) < pos)

    def _a_description(self, phrase: Phrase) -> bool:
        """A person or body described, not named: ``the Transport Secretary``, ``a British charity``."""
        if phrase.kind == "nominal":
            return self.describes_known(phrase.head, occupations=False)
        # (a body's description says more than what it is: not "the government")
        words = strip_determiner(phrase.text).split()
        return phrase.kind == "organisation" and len(words) > 1 and words[-1].islower()

    def _spoken_of(self, pos: int) -> bool:
        """Was anyone spoken of before ``pos`` (in the story: a headline's subject is not)?"""
        return any(self.headline_end <= at < pos for at, _ in self.subjects + self.history + self.organisations)

    def _introduced(self, phrase: Phrase, pos: int, definite: bool = False) -> Speaker | None:
        """A lead that speaks of someone before naming them (``a leading industry figure has
        said``, ``a British charity has warned``, with ``definite`` also ``the Transport
        Secretary has backed``): the person or body the next sentence names as its subject, described
        by the lead."""
        articles = ("a", "an", "the") if definite else ("a", "an")
        if phrase.plural or phrase.text.split(" ", 1)[0].casefold() not in articles:
            return None
        if self._spoken_of(pos):
            return None  # (someone was spoken of before: not a lead)
        following = self._next_sentence(pos)
        if following is None:
            return None
        start, end = following
        body = phrase.head in self.lex.words("organisation_heads") | self.lex.words("referring_org_heads")
        pool = self.organisations if body else self.subjects
        named = next((sp for at, sp in pool if start <= at < end and not sp.plural), None)
        # (not one the lead itself speaks of: "Kemp knew of the losses, a former aide has told a jury",
        # "A US firm is in talks with Acme Group")
        if named is None or self.first_seen.get(named.name, start) < start:
            return None
        if body and regex.search(rf"\b{regex.escape(named.name)}\b", self.text[:start]):
            return None
        own = phrase.role if phrase.kind == "anonymous" else None  # (without what they did)
        return Speaker(named.name, named.kind, own or strip_determiner(phrase.text), phrase.text)

    def _named_next(self, pos: int) -> Speaker | None:
        """With no one named before it, ``the trade secretary has said`` is the person the
        next sentence names as its subject (``Patricia Hewitt is expected to ...``)."""
        following = self._next_sentence(pos)
        if following is None:
            return None
        start, end = following
        return next((sp for at, sp in self.subjects if start <= at < end), None)

    def _next_sentence(self, pos: int) -> tuple[int, int] | None:
        """Where the sentence after the one at ``pos`` starts and ends."""
        ends = [start for start in self.sentence_starts if start > pos][:2]
        if not ends:
            return None
        return ends[0], ends[1] if len(ends) > 1 else len(self.text)

    def holder(self, lo: int, hi: int, stance: bool = True, main: bool = False) -> tuple[int, Speaker] | None:
        """The last person said to think or want something (with ``stance`` false: the last
        person a clause, with ``main`` a main clause, speaks of) between offsets ``lo`` and ``hi``."""
        pool = (
            self.stances
            if stance
            else [
                (at, sp)
                for at, sp in self.subjects
                if sp.kind == "person" and not sp.plural and (not main or at in self.main_subjects)
            ]
        )
        found = [(at, sp) for at, sp in pool if lo <= at < hi]
        if not found:
            return None
        at, sp = found[-1]
        return at, Speaker(sp.name, "person", sp.role or self.role_of(sp.name, at), sp.mention)

    def role_of(self, name: str, pos: int, kind: str = "person") -> str | None:
        """The role the article last gave this person (or organisation) before ``pos`` (else its first)."""
        pool = sorted(self.history + self.subjects + self.titled + self.organisations, key=lambda s: s[0])
        # (a rank alone, "Professor Etzioni", is not over what the article said of them before)
        prev = self._last(
            pos, lambda s: s.name == name and s.role and s.kind == kind and not self._rank_only(s.role), pool
        )
        prev = prev or self._last(pos, lambda s: s.name == name and s.role and s.kind == kind, pool)
        if prev is not None:
            return prev.role
        if kind == "person":
            return self.roles.get(name)
        # (a body described under its initials: "The OSE, the country's largest share market,")
        return self.body_roles.get(name) or self.body_roles.get(acronym(name))
