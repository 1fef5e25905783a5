"""Speaker identity: one row per real speaker, with the roles articles give them."""

import sqlite_utils
from conftest import record

from quotes.corpus.identity import canonical_speakers, name_aliases
from quotes.publish.store import write_database


def ids(records):
    canonical_speakers(records)
    return [r["speaker_id"] for r in records]


def test_spellings_of_one_name_are_one_speaker():
    records = [
        record("a", "Something was said here.", "Kim Jong Un"),
        record("b", "Something was said here.", "Kim Jong-un"),
        record("c", "Something was said here.", "Lim Soo-suk"),
        record("d", "Something was said here.", "Lim Soo Suk"),
        record("e", "Something was said here.", "President Marta Ruiz"),
        record("f", "Something was said here.", "Marta Ruiz"),
    ]
    got = ids(records)
    assert got[0] == got[1]
    assert got[2] == got[3]
    assert got[4] == got[5]
    assert records[4]["speaker"] == "Marta Ruiz"  # honorifics are not part of the name


def test_people_sharing_a_name_part_stay_apart():
    records = [
        record("a", "Something was said here.", "Kim Jong Un"),
        record("b", "Something was said here.", "Kim Jong Il"),
        record("c", "Something was said here.", "Kim Hong-kyun"),
        record("d", "Something was said here.", "Kim Keon Hee"),
        record("e", "Something was said here.", "Kim"),
    ]
    assert len(set(ids(records))) == 5


def test_a_lone_surname_joins_the_only_full_name_it_fits():
    records = [
        record("a", "Something was said here.", "Helena Novak"),
        record("b", "Something was said here.", "Novak"),
        record("c", "Something was said here.", "Peter Novak"),
        record("d", "Something was said here.", "Quist"),
        record("e", "Something was said here.", "Anders Quist"),
    ]
    got = ids(records)
    assert got[3] == got[4]  # one Quist
    assert len({got[0], got[1], got[2]}) == 3  # two Novaks: the lone surname is not guessed


def test_anonymous_sources_are_never_merged_across_articles():
    records = [
        record("a", "Something was said here.", "a senior official", speaker_kind="anonymous"),
        record("b", "Something was said here.", "a senior official", speaker_kind="anonymous"),
        record("a", "Something was said here.", "Ministry of Health", speaker_kind="organisation"),
        record("b", "Something was said here.", "the Ministry of Health", speaker_kind="organisation"),
    ]
    got = ids(records)
    assert got[0] != got[1]
    assert got[2] == got[3]


def test_aliases_are_names_not_pronouns():
    kim = record("a", "Something was said here.", "Kim Jong Un", mention="he", speaker_extracted="Kim Jong-un")
    assert name_aliases(kim) == {"Kim Jong Un", "Kim Jong-un"}
    peskov = record(
        "a", "Something was said here.", "Dmitry Peskov", mention="Mr Peskov’s", speaker_extracted="Dmitry Peskov"
    )
    assert name_aliases(peskov) == {"Dmitry Peskov", "Mr Peskov"}


def test_kinds_from_text(quotes_of):
    text = (
        "The Kremlin said the talks would resume.\n\n"
        "A senior diplomat told reporters that no date had been set.\n\n"
        "Harbour master Ellen Fisk said the port would reopen."
    )
    kinds = {r["speaker"]: r["speaker_kind"] for r in quotes_of(text)}
    assert kinds == {"Kremlin": "organisation", "a senior diplomat": "anonymous", "Ellen Fisk": "person"}


def test_roles_from_every_construction(quotes_of):
    text = (
        "Transport Secretary Alan Brooks said the line would open in May.\n\n"
        "Nadia Kovacs, a professor of economics at the University of Leeds, said fares were too high.\n\n"
        "The mayor was joined by her deputy Tom Reyes, who said the budget was ready.\n\n"
        "Later, Brooks added that trains would run every ten minutes."
    )
    roles = {r["speaker"]: r["role"] for r in quotes_of(text)}
    assert roles["Alan Brooks"] == "Transport Secretary"
    assert roles["Nadia Kovacs"] == "a professor of economics at the University of Leeds"
    assert roles["Tom Reyes"] == "deputy"
    later = [r for r in quotes_of(text) if "every ten minutes" in r["text"]][0]
    assert (later["speaker"], later["role"]) == ("Alan Brooks", "Transport Secretary")


def test_speakers_table_has_aliases_and_roles_by_outlet(tmp_path, nlp):
    from quotes.ingest import Article
    from quotes.pipeline import article_records

    a1 = Article("one.txt", "North Korean leader Kim Jong Un said the alliance was “invincible”.", outlet="Daily A")
    a2 = Article(
        "two.txt", "Kim Jong-un, the North Korean leader, said ties had “never been stronger”.", outlet="Paper B"
    )
    records = article_records(nlp, a1) + article_records(nlp, a2)
    db_path = tmp_path / "quotes.db"
    write_database(db_path, [a1, a2], records)
    db = sqlite_utils.Database(db_path)
    speakers = list(db["speakers"].rows)
    assert len(speakers) == 1
    aliases = {r["alias"] for r in db["speaker_aliases"].rows}
    assert {"Kim Jong Un", "Kim Jong-un"} <= aliases
    roles = {(r["role"], r["outlet_id"]) for r in db["speaker_roles"].rows}
    assert roles == {("North Korean leader", "daily-a"), ("the North Korean leader", "paper-b")}


def test_later_descriptions_update_the_role(quotes_of):
    text = (
        "Veteran broadcaster Jane Holt has been knighted.\n\n"
        "The 68-year-old presenter said the honour was “a complete surprise”.\n\n"
        "“I thought they had the wrong number,” she added.\n\n"
        "“We won because we never stopped believing,” said a jubilant captain Owen Price."
    )
    records = quotes_of(text)
    assert [(r["speaker"], r["role"]) for r in records] == [
        ("Jane Holt", "68-year-old presenter"),
        ("Jane Holt", "68-year-old presenter"),
        ("Owen Price", "captain"),
    ]


def test_descriptions_and_documents_are_one_speaker_only_within_their_article():
    records = [
        record("a", "It was said.", "the report", speaker_kind="document"),
        record("b", "It was said.", "the report", speaker_kind="document"),
        record("a", "It was said.", "the ministry", speaker_kind="organisation"),
        record("b", "It was said.", "the ministry", speaker_kind="organisation"),
        record("a", "It was said.", "annual report", speaker_kind="document", owner="Fenwick Trust"),
        record("b", "It was said.", "annual report", speaker_kind="document", owner="the Fenwick Trust"),
        record("a", "It was said.", "Ministry of Health", speaker_kind="organisation"),
        record("b", "It was said.", "the Ministry of Health", speaker_kind="organisation"),
    ]
    got = ids(records)
    assert got[0] != got[1]  # two reports, one per article
    assert got[2] != got[3]  # "the ministry" is whichever ministry each article means
    assert got[4] == got[5]  # the same owner's annual report
    assert got[6] == got[7]
