"""Author display and matching (pure functions; no Sphinx build)."""

from __future__ import annotations

import pytest

from sphinx_scholar.bib.names import NameMatcher, author_from_string, given_names_compatible


@pytest.mark.parametrize(
    "written, text, marks",
    [
        ("Zhang, Qiaozhe", "Qiaozhe Zhang", ""),
        ("Qiaozhe Zhang", "Qiaozhe Zhang", ""),
        ("Zhang*, Qiaozhe", "Qiaozhe Zhang", "*"),
        ("Einstein*†, A.", "A. Einstein", "*†"),
        ("Jiayu Peng†*", "Jiayu Peng", "†*"),
        ('M{\\"u}ller, Hans', "Hans Müller", ""),
        ("{\\L}ukasz Kaiser", "Łukasz Kaiser", ""),
        ("Ping Li 0001", "Ping Li", ""),
        ("Li 0002, Ping", "Ping Li", ""),
        ("{Google DeepMind}", "Google DeepMind", ""),
        ("von Neumann, John", "John von Neumann", ""),
        ("King, Jr., Martin Luther", "Martin Luther King, Jr.", ""),
        ("Qian{-}Yuan Li", "Qian-Yuan Li", ""),
    ],
)
def test_display_form(written, text, marks):
    author = author_from_string(written)
    assert author.text == text
    assert author.marks == marks


def test_others():
    author = author_from_string("others")
    assert author.is_others and author.text == "et al."


def test_unsplittable_name_is_kept_as_written():
    # pybtex refuses "Too many commas"; the loader reports it, and here the
    # spelling is kept whole rather than dropped
    author = author_from_string("Zhang, Q., Li, W., Sun, X.")
    assert author.text == "Zhang, Q., Li, W., Sun, X."


@pytest.mark.parametrize(
    "spelling",
    [
        "Zhang, Qiaozhe",
        "Qiaozhe Zhang",
        "Q. Zhang",
        "Zhang, Q.",
        "ZHANG, QIAOZHE",
        "zhang, qiaozhe",
        "Zhang*, Qiaozhe",
        "Qiaozhe Zhang†",
        "Zhang, Q",
        "Qiaozhe Zhang 0001",
    ],
)
def test_researcher_found_however_spelled(spelling):
    matcher = NameMatcher(["Qiaozhe Zhang"])
    assert matcher.matches(author_from_string(spelling))


@pytest.mark.parametrize("spelling", ["Wei Zhang", "Zhang, W.", "Qiaozhe Zhou", "Zhang", "others"])
def test_other_people_are_not_the_researcher(spelling):
    matcher = NameMatcher(["Qiaozhe Zhang"])
    assert not matcher.matches(author_from_string(spelling))


@pytest.mark.parametrize(
    "researcher, spelling",
    [
        ("Qian-Yuan Li", "Qian{-}Yuan Li"),
        ("Qian-Yuan Li", "Qianyuan Li"),
        ("Qian-Yuan Li", "Li, Q.-Y."),
        ("Qian-Yuan Li", "Li, Qian Yuan"),
        ("José Müller", "M{\\\"u}ller, Jos{\\'e}"),
        ("José Müller", "Jose Muller"),
        ("Łukasz Kaiser", "{\\L}ukasz Kaiser"),
        ("Ping Li", "Ping Li 0001"),
    ],
)
def test_hyphens_accents_and_dblp_numbers(researcher, spelling):
    assert NameMatcher([researcher]).matches(author_from_string(spelling))


def test_aliases_cover_other_orders():
    matcher = NameMatcher(["Qiaozhe Zhang", "Zhang Qiaozhe"])
    assert matcher.matches(author_from_string("Zhang Qiaozhe"))


def test_given_name_rules():
    assert given_names_compatible("Qiaozhe", "Q.")
    assert given_names_compatible("Q.-Y.", "Qian-Yuan")
    assert given_names_compatible("Albert", "Albert B.")
    assert not given_names_compatible("Albert", "Alfred")
    assert not given_names_compatible("Q.", "W.")


@pytest.mark.parametrize("spelling", ["Trevail, AM", "Trevail, Am", "AM Trevail", "Trevail, A.M.", "Trevail, A"])
def test_initials_run_together(spelling):
    assert NameMatcher(["A. M. Trevail"]).matches(author_from_string(spelling))
    assert NameMatcher(["Alice M. Trevail"]).matches(author_from_string(spelling))


@pytest.mark.parametrize("spelling", ["Trevail, AB", "Trevail, MA", "Trevail, Al", "Trevail, B"])
def test_initials_run_together_that_differ(spelling):
    assert not NameMatcher(["Alice M. Trevail"]).matches(author_from_string(spelling))


def test_a_short_first_name_stays_a_name():
    # "Ed" is a name in the nicknames dataset, so it is not read as the initials E. D.
    assert not NameMatcher(["E. D. Smith"]).matches(author_from_string("Smith, Ed J."))
    assert NameMatcher(["Ed Smith"]).matches(author_from_string("SMITH, ED"))


def test_braced_single_letters_are_not_a_von_part():
    author = author_from_string("{J}ohn {A}. {Z}u{H}one")
    assert (author.given, author.family, author.text) == ("John A.", "ZuHone", "John A. ZuHone")
    assert NameMatcher(["John A. ZuHone"]).matches(author)
    # a macro's argument keeps its braces
    assert author_from_string("{\\c{C}}elik, Ay{\\c{s}}e").text == "Ayşe Çelik"
    assert author_from_string("von {N}eumann, John").family == "von Neumann"


@pytest.mark.parametrize("spelling", ["Chris Smith", "Smith, Chris", "Chris J. Smith", "Kit Smith", "C. Smith"])
def test_nicknames_name_the_researcher(spelling):
    assert NameMatcher(["Christopher J. Smith"]).matches(author_from_string(spelling))


@pytest.mark.parametrize(
    "spelling", ["Steve Smith", "S. J. Smith", "Robin S. Smith", "Ela Smith", "Christian Smith", "Chris K. Smith"]
)
def test_nicknames_never_name_another_person(spelling):
    assert not NameMatcher(["Christopher J. Smith"]).matches(author_from_string(spelling))


def test_nicknames_work_both_ways():
    assert NameMatcher(["Bob Jones"]).matches(author_from_string("Jones, Robert"))
    assert NameMatcher(["Robert Jones"]).matches(author_from_string("Bob Jones"))
    assert not NameMatcher(["Robert Jones"]).matches(author_from_string("Roberta Jones"))
