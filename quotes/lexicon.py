"""Word lists kept as data files: one entry per line, ``#`` comments.

The quote finder reads its lists through a ``Lexicon`` so a saved spaCy
pipeline can carry its own (``nlp.to_disk`` writes them beside the model);
passes over records read the package's lists through ``package_lexicon()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

import regex

# The lists the spaCy component reads (and saves with a pipeline).
COMPONENT_LISTS = (
    "abbreviations",
    "addressee_verbs",
    "anonymous_heads",
    "appointment_verbs",
    "aspect_verbs",
    "chrome_patterns",
    "courtesy_titles",
    "demonyms",
    "document_heads",
    "document_verbs",
    "female_titles",
    "group_heads",
    "honorifics",
    "inference_verbs",
    "led_body_heads",
    "male_titles",
    "masthead_words",
    "mood_adjectives",
    "not_agent_nouns",
    "object_speech_verbs",
    "organisation_heads",
    "phrasal_speech_verbs",
    "plural_pronouns",
    "postnominals",
    "promise_verbs",
    "quoting_verbs",
    "rank_titles",
    "referring_org_heads",
    "relay_verbs",
    "speech_verbs",
    "spokesperson_heads",
    "stance_verbs",
    "title_words",
)
SUFFIX = ".txt"


def parse_lines(text: str) -> tuple[str, ...]:
    """The entries of a word-list file: comments and blank lines dropped."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


class Lexicon:
    """Named word lists, each the text of one data file."""

    def __init__(self, texts: Mapping[str, str]):
        self.texts = dict(texts)
        self._lines: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._forms: dict[str, frozenset[str]] = {}
        self._patterns: dict[str, list[regex.Pattern]] = {}
        self._pairs: dict[str, dict[str, frozenset[str]]] = {}

    @classmethod
    def from_package(cls, names: Iterable[str] = COMPONENT_LISTS) -> Lexicon:
        data = resources.files("quotes").joinpath("data")
        return cls({name: data.joinpath(name + SUFFIX).read_text(encoding="utf-8") for name in names})

    @classmethod
    def from_dir(cls, path: str | Path, base: Lexicon | None = None) -> Lexicon:
        """Lists from ``path/<name>.txt``; a list the folder lacks comes from ``base`` (the package's)."""
        texts = dict((base or cls.from_package()).texts)
        for file in sorted(Path(path).glob("*" + SUFFIX)):
            texts[file.stem] = file.read_text(encoding="utf-8")
        return cls(texts)

    def to_dir(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(self.texts.items()):
            (path / (name + SUFFIX)).write_text(text, encoding="utf-8")

    def lines(self, name: str) -> tuple[str, ...]:
        if name not in self._lines:
            if name not in self.texts:
                raise KeyError(f"no word list {name!r}")
            self._lines[name] = parse_lines(self.texts[name])
        return self._lines[name]

    def words(self, name: str) -> frozenset[str]:
        """The entries, casefolded."""
        if name not in self._words:
            self._words[name] = frozenset(line.casefold() for line in self.lines(name))
        return self._words[name]

    def forms(self, name: str) -> frozenset[str]:
        """Every word of every line: for lists that give all inflected forms of a word on its line."""
        if name not in self._forms:
            self._forms[name] = frozenset(w.casefold() for line in self.lines(name) for w in line.split())
        return self._forms[name]

    def pairs(self, name: str) -> dict[str, frozenset[str]]:
        """Lines ``forms | word``: each form -> the words it goes with (``pointed`` -> ``{"out"}``)."""
        if name not in self._pairs:
            table: dict[str, set[str]] = {}
            for line in self.lines(name):
                forms, _, word = line.partition("|")
                for form in forms.split():
                    table.setdefault(form.casefold(), set()).add(word.strip().casefold())
            self._pairs[name] = {form: frozenset(words) for form, words in table.items()}
        return self._pairs[name]

    def patterns(self, name: str) -> list[regex.Pattern]:
        """Each line as a case-insensitive regular expression."""
        if name not in self._patterns:
            self._patterns[name] = [regex.compile(p, regex.I) for p in self.lines(name)]
        return self._patterns[name]


@cache
def package_lexicon() -> Lexicon:
    """Every list shipped in ``quotes/data``."""
    names = [
        p.name[: -len(SUFFIX)] for p in resources.files("quotes").joinpath("data").iterdir() if p.name.endswith(SUFFIX)
    ]
    return Lexicon.from_package(sorted(names))
