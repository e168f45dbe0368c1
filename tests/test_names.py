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
