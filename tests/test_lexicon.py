"""The word lists are data: each entry once, none that another list makes unreachable."""

from collections import Counter

import pytest

from quotes.lexicon import COMPONENT_LISTS, Lexicon, package_lexicon

LEX = package_lexicon()
NAMES = sorted(LEX.texts)


@pytest.mark.parametrize("name", NAMES)
def test_no_entry_twice(name):
    if name in ("chrome_patterns", "phrasal_speech_verbs"):
        entries = list(LEX.lines(name))  # regular expressions, verb-particle pairs: one entry per line
    else:
        entries = [w.casefold() for line in LEX.lines(name) for w in line.split()]
    twice = [w for w, n in Counter(entries).items() if n > 1]
    assert not twice, f"{name}.txt lists {twice} more than once"


@pytest.mark.parametrize("name", NAMES)
def test_each_list_says_what_it_holds(name):
    assert LEX.texts[name].startswith("#"), f"{name}.txt starts without a comment saying what it holds"


def test_no_list_is_shadowed_by_another():
    speech = LEX.forms("speech_verbs")
    # a verb in both would always be read as a plain speech verb
    assert not LEX.forms("quoting_verbs") & speech
    # speech verbs are read first; a verb in both lists would never be a documents-only cue
    assert not LEX.forms("document_verbs") & speech
    # object verbs are consulted only for speech verbs
    assert LEX.forms("object_speech_verbs") <= speech
    # courtesy titles are the honorifics that are never a role
    assert LEX.words("courtesy_titles") <= LEX.words("honorifics")


def test_every_file_is_a_list_the_code_reads():
    read_elsewhere = {"stopwords", "paraphrases"}  # by the deduplication pass
    assert set(NAMES) == set(COMPONENT_LISTS) | read_elsewhere


def test_a_folder_overrides_only_the_lists_it_holds(tmp_path):
    (tmp_path / "speech_verbs.txt").write_text("# one verb\nchirp chirps chirped\n", encoding="utf-8")
    lex = Lexicon.from_dir(tmp_path)
    assert lex.forms("speech_verbs") == {"chirp", "chirps", "chirped"}
    assert lex.words("title_words") == LEX.words("title_words")
    lex.to_dir(tmp_path / "saved")
    assert Lexicon.from_dir(tmp_path / "saved").texts == lex.texts
