"""Every real-world bib in ../shared/corpus renders: nothing lost, every problem located.

Skips when the corpus is not beside the project.
"""

from __future__ import annotations

import copy
import re
import unicodedata

import pybtex.database
import pybtex.database.input.bibtex
import pybtex.errors
import pytest
from conftest import CORPUS, assert_check_reports_what_the_build_reports, run_build, write_project
from pybtex.exceptions import PybtexError

BIB_FILES = sorted(CORPUS.rglob("*.bib")) if CORPUS.is_dir() else []
IRIDIA = CORPUS / "large" / "iridia-ulb__references"
IRIDIA_ORDER = ["abbrev.bib", "journals.bib", "authors.bib", "articles.bib", "biblio.bib", "crossref.bib"]
# what pybtex itself reports; "names" here are its "Too many commas" errors
LOCATED_SUBTYPES = ("syntax", "macro", "duplicate_key", "duplicate_field")

pytestmark = pytest.mark.skipif(not BIB_FILES, reason="../shared/corpus is not present")


def pybtex_view(path):
    """What pybtex alone yields: (keys, hidden keys, number of problems, number of name problems), or None."""
    with pybtex.errors.capture() as errors:
        try:
            data = pybtex.database.parse_file(str(path))
        except PybtexError:
            return None
    hidden = {k for k, e in data.entries.items() if e.fields.get("hidden", "").strip().lower() == "true"}
    # an entry without a title is left out, with a warning, rather than shown as "(untitled)"
    hidden |= {k for k, e in data.entries.items() if not e.fields.get("title", "").strip(" {}\t\n")}
    name_errors = sum(type(e).__name__ == "InvalidNameString" for e in errors)
    return list(data.entries), hidden, len(errors) - name_errors, name_errors


# Whose bib each file is, as its repository says (SOURCES.md): the researcher
# every entry they wrote must highlight.  Lab sites name the PI; reference
# libraries their keeper, who is an author of a few entries.  Files of many
# people's papers (the PRL volume, the IRIDIA set, crafted files) have none.
OWNERS = {
    "alshedivat__al-folio.bib": "Albert Einstein",
    "jindongwang__jindongwang.github.io.bib": "Jindong Wang",
    "maximelucas__maximelucas.github.io.bib": "Maxime Lucas",
    "jypeng95__jypeng95.github.io.bib": "Jiayu Peng",
    "201younghanlee__taislab.github.io.bib": "Younghan Lee",
    "594zyc__594zyc.github.io.bib": "Yichi Zhang",
    "AlecThomson__alecthomson.github.io.bib": "Alec J. M. Thomson",
    "pauliacomi__pauliacomi.github.com.bib": "Paul Iacomi",
    "pauliacomi__pauliacomi.github.com__patents.bib": "Paul Iacomi",
    "HuanzhuoWu__huanzhuowu.github.io.bib": "Huanzhuo Wu",
    "HuanzhuoWu__huanzhuowu.github.io__patents.bib": "Huanzhuo Wu",
    "KwiatLab__group-website-jekyll.bib": "Paul G. Kwiat",
    "rcanzanese__canzanese.com__patents.bib": "Raymond Canzanese",
    "rcanzanese__canzanese.com__thesis.bib": "Raymond Canzanese",
    "carlostome__latex-biblio__dblp.bib": "Carlos Tomé Cortiñas",
    "rnbguy__thesis2021__dblp.bib": "Ranadeep Biswas",
    "sa4s-serc__sa4s-serc.github.io__karthik.bib": "Karthik Vaidhyanathan",
    "ContextLab__CDL-bibliography__cdl.bib": "Jeremy R. Manning",
    "25sal__25sal__papers.bib": "Salvatore Venticinque",
    "ChenZhu-Xie__CV_xcz__papers.bib": "Chenzhu Xie",
    "jhasegaw__ref__isle_pubs.bib": "Mark Hasegawa-Johnson",
    "jhasegaw__ref__references.bib": "Mark Hasegawa-Johnson",
    "2lambda123__PJLab-ADG-pjlab-adg.github.io__papers.bib": "Yikang Li",
}


@pytest.mark.parametrize("bib", BIB_FILES, ids=[p.name for p in BIB_FILES])
def test_real_bib_renders_completely(tmp_path, bib):
    conf = f'extensions = ["sphinx_scholar"]\nscholar_bibfiles = [{str(bib)!r}]\n'
    if bib.name in OWNERS:
        conf += f"scholar_researcher = {OWNERS[bib.name]!r}\n"
    srcdir = write_project(tmp_path / "site", {"conf.py": conf, "index.rst": "Papers\n======\n\n.. publication::\n"})
    build = run_build(srcdir)
    assert "Traceback" not in build.warnings and "Exception occurred" not in build.warnings

    soup = build.soup()
    shown = [div["id"] for div in soup.select("div.scholar-publication")]
    assert len(shown) == len(set(shown))
    assert not soup.select(".scholar-publications script, .scholar-publications iframe, .scholar-publications object")

    expected = pybtex_view(bib)
    if expected is None:  # pybtex itself cannot decode the file
        assert build.warning_lines("encoding")
        assert shown
        return
    keys, hidden, problem_count, name_problem_count = expected
    assert set(shown) == set(keys) - hidden

    located = [line for subtype in LOCATED_SUBTYPES for line in build.warning_lines(subtype)]
    assert len(located) == problem_count
    # every name list pybtex cannot split is reported (and some it reads silently wrong)
    names = build.warning_lines("names")
    assert len(names) >= name_problem_count
    located += names
    assert not build.warning_lines("lost_entry")
    pattern = re.compile(re.escape(str(bib)) + r":\d+: ")
    assert all(pattern.search(line) for line in located), located[:3]
    assert_check_reports_what_the_build_reports(build, bib, srcdir)
    assert_no_markup_leaks(soup, bib)
    if bib.name in OWNERS:
        assert_owner_highlighted(soup, OWNERS[bib.name])


@pytest.mark.skipif(not all((IRIDIA / name).exists() for name in IRIDIA_ORDER), reason="iridia set not present")
def test_bibliography_spread_over_files_renders_as_one(tmp_path):
    """Macros in three files, entries in two, crossrefs into a sixth: read together, in order."""
    files = [str(IRIDIA / name) for name in IRIDIA_ORDER]
    conf = f'extensions = ["sphinx_scholar"]\nscholar_bibfiles = {files!r}\nscholar_max_authors = 10\n'
    srcdir = write_project(tmp_path / "site", {"conf.py": conf, "index.rst": "Papers\n======\n\n.. publication::\n"})
    build = run_build(srcdir)
    assert not build.warning_lines("macro") and not build.warning_lines("syntax")
    assert not build.warning_lines("crossref")
    with pybtex.errors.capture():
        parser = pybtex.database.input.bibtex.Parser()
        for path in files:
            parser.parse_file(path)
    shown = {div["id"] for div in build.soup().select("div.scholar-publication")}
    assert shown == set(parser.data.entries)


# What must never reach the visible text of an entry: LaTeX commands and groups,
# a maths delimiter, Markdown marks, HTML tags.
_LEAK = re.compile(r"\\[A-Za-z]+|\\.|[{}$~]|\*\*|__|\]\((?:https?|mailto):|</?[a-zA-Z][a-zA-Z0-9]*[ />]")
_VISIBLE_PARTS = (
    ".scholar-title-text, .scholar-authors, .scholar-venue, .scholar-note, .scholar-award, .scholar-annotation,"
    " .scholar-abstract .scholar-panel-body"
)
# (file, key) -> why what the scan finds there is what the source says as text
LEAK_EXCEPTIONS = {
    ("articles.bib", "StoAlb2014"): "the abstract writes \\{V2I\\} and \\{SUMO\\}: braces escaped as text",
    ("articles.bib", "Beasley1990orlib"): "a ~ inside a URL (people.brunel.ac.uk/~mastjjb) in the note",
    ("biblio.bib", "Wau2017eternity"): "'\\$2 million': a dollar sign escaped as text",
    ("jhasegaw__ref__references.bib", "Ladner08"): "'for \\$1600': a dollar sign escaped as text",
}


def assert_no_markup_leaks(soup, bib):
    found = {}
    for entry in soup.select("div.scholar-publication"):
        for shown in entry.select(_VISIBLE_PARTS):
            part = copy.copy(shown)
            for maths in part.select("math"):
                maths.decompose()  # MathML's own text is the rendered maths
            for hit in _LEAK.finditer(part.get_text()):
                found.setdefault((bib.name, entry["id"]), set()).add(hit.group())
    unexpected = {place: hits for place, hits in found.items() if place not in LEAK_EXCEPTIONS}
    assert unexpected == {}
    # every exception still happens: the list says why, and stays true
    assert {place for place in LEAK_EXCEPTIONS if place[0] == bib.name} <= set(found)


def _words(text):
    """Folded words; a capitalised run of two or three letters ("JR") is its initials."""
    words = []
    for word in unicodedata.normalize("NFKD", text).replace("-", "").replace(".", " ").split():
        letters = "".join(c for c in word if c.isalpha())
        if 2 <= len(letters) <= 3 and letters.isupper():
            words.extend(letters.casefold())
        elif letters:
            words.append(letters.casefold())
    return words


def _prefix(a, b):
    shorter, longer = sorted((a, b), key=len)
    return longer[: len(shorter)] == shorter


def _is_owner(author_text, owner):
    """An independent, simpler judge than the extension's matcher: the same family
    name, and given names that agree in full or as initials."""
    words, owner_words = _words(author_text), _words(owner)
    if len(words) < 2 or words[-1] != owner_words[-1]:
        return False
    given, owner_given = words[:-1], owner_words[:-1]
    if "".join(given) == "".join(owner_given):
        return True
    initials, owner_initials = [w[0] for w in given], [w[0] for w in owner_given]
    if all(len(w) == 1 for w in given) or all(len(w) == 1 for w in owner_given):
        return _prefix(initials, owner_initials)
    return given[0] == owner_given[0] and _prefix(initials[1:], owner_initials[1:])


def assert_owner_highlighted(soup, owner):
    wrong = []
    for entry in soup.select("div.scholar-publication"):
        for author in entry.select(".scholar-authors .scholar-author"):
            text = author.get_text().rstrip("*†‡§¶#")
            if ("scholar-self" in author["class"]) != _is_owner(text, owner):
                wrong.append((entry["id"], text, "scholar-self" in author["class"]))
    assert wrong == []
