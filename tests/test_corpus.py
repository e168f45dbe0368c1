"""Every real-world bib in ../shared/corpus renders: nothing lost, every problem located.

Skips when the corpus is not beside the project.
"""

from __future__ import annotations

import contextlib
import io
import os
import re

import pybtex.database
import pybtex.database.input.bibtex
import pybtex.errors
import pytest
from conftest import CORPUS, run_build, write_project
from pybtex.exceptions import PybtexError

from sphinx_scholar.cli.commands import main as cli

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
    assert_check_reports_what_the_build_reports(build, bib, srcdir)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_BUILD_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+): (?:WARNING|ERROR): (?P<message>.*) \[scholar\.(?P<subtype>\w+)\]$"
)
_CHECK_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+): (?:warning|error): (?P<message>.*) \[scholar\.(?P<subtype>\w+)\]$"
)


def assert_check_reports_what_the_build_reports(build, bib, srcdir):
    """`sphinx-scholar check --srcdir` and the build: the same problems, same words, same subtypes."""
    from_build = set()
    for raw in build.warnings.splitlines():
        match = _BUILD_LINE.match(_ANSI.sub("", raw))
        if match and os.path.samefile(match["file"], bib):
            from_build.add((int(match["line"]), match["subtype"], match["message"]))
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
        cli(["check", "--srcdir", str(srcdir), str(bib)])
    from_check = set()
    for raw in output.getvalue().splitlines():
        match = _CHECK_LINE.match(raw)
        assert match, raw
        from_check.add((int(match["line"]), match["subtype"], match["message"]))
    assert from_check == from_build


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
