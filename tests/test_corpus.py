"""Every real-world bib in ../shared/corpus renders: nothing lost, every problem located.

Skips when the corpus is not beside the project.
"""

from __future__ import annotations

import re

import pybtex.database
import pybtex.database.input.bibtex
import pybtex.errors
import pytest
from conftest import CORPUS, run_build, write_project
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


@pytest.mark.parametrize("bib", BIB_FILES, ids=[p.name for p in BIB_FILES])
def test_real_bib_renders_completely(tmp_path, bib):
    conf = f'extensions = ["sphinx_scholar"]\nscholar_bibfiles = [{str(bib)!r}]\n'
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
