"""After a killed, failed or concurrent build, the next build's output is a fresh build's.

Builds run as ``python -m sphinx`` subprocesses.  A small extension in the test
project (``crash_points``) kills its own process with SIGKILL, raises, or
sleeps at a chosen moment: the Nth time an event is emitted.  After an edit to
one entry, a build is stopped at one such moment, a normal build follows, and
every page, download and feed must equal those of a fresh build of the same
sources, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ENTRIES = 24
CRASH_POINTS = '''
"""Stop the build at SCHOLAR_TEST_CRASH = "event:N:action" (kill, raise or sleep)."""
import os
import signal
import time

def setup(app):
    spec = os.environ.get("SCHOLAR_TEST_CRASH")
    if not spec:
        return {"parallel_read_safe": True}
    event, count, action = spec.split(":")
    seen = [0]

    def handler(app, *args):
        seen[0] += 1
        if seen[0] != int(count):
            return None
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if action == "raise":
            raise RuntimeError("a fault in a theme template")
        time.sleep(4)
        return None

    # priority 850: after the extension's own build-finished work, before it counts pages written
    app.connect(event, handler, priority=850 if event == "build-finished" else 500)
    return {"parallel_read_safe": True}
'''
CONF = """
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions = ["sphinx_scholar", "crash_points"]
scholar_bibfiles = ["papers.bib"]
scholar_publication_pages = True
scholar_feed = "publications.atom"
html_baseurl = "https://example.org/"
suppress_warnings = ["scholar.researcher_missing"]
"""


def _bib(edited: bool) -> str:
    entries = []
    for number in range(ENTRIES):
        title = f"Study {number} of sparse attention"
        if edited and number == 7:
            title = "A quite different title, edited"  # also moves it in the sorted list
        entries.append(
            f"@inproceedings{{entry{number:02d},\n  title = {{{title}}},\n  author = {{Zhang, Qiaozhe and Li, Ping}},\n"
            f"  booktitle = {{Proceedings of ICML}},\n  year = {{{2010 + number % 12}}},\n"
            f"  abstract = {{Abstract {number}.}}\n}}\n"
        )
    return "".join(entries)


PAGES = {
    "index.rst": "Home\n====\n\n.. toctree::\n\n   papers\n   about\n",
    "papers.rst": "Papers\n======\n\n.. publication::\n   :sort: title\n",
    "about.rst": "About\n=====\n\nSee :pub:`entry07`.\n",
}


def _sphinx(srcdir: Path, outdir: Path, *extra: str, crash: str = "", wait: bool = True):
    # one build time for every build: the feed's "updated" times are when a build saw each entry
    environment = {**os.environ, "SCHOLAR_TEST_CRASH": crash, "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-m", "sphinx", "-b", "html", *extra, str(srcdir), str(outdir)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not wait:
        return process
    out, err = process.communicate(timeout=300)
    return process.returncode, out + err


def _output(outdir: Path) -> dict[str, bytes]:
    """What a visitor gets: pages, downloads and the feed (Sphinx's own bookkeeping left out)."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
        and path.suffix in (".html", ".bib", ".ris", ".json", ".atom")
        and ".doctrees" not in path.parts
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project built once with the old title (kept pristine), and the fresh build of the edited one."""
    root = tmp_path_factory.mktemp("crash")
    site = root / "site"
    site.mkdir()
    (site / "conf.py").write_text(textwrap.dedent(CONF), encoding="utf-8")
    (site / "crash_points.py").write_text(CRASH_POINTS, encoding="utf-8")
    for name, text in PAGES.items():
        (site / name).write_text(text, encoding="utf-8")
    (site / "papers.bib").write_text(_bib(edited=False), encoding="utf-8")
    code, log = _sphinx(site, site / "_build")
    assert code == 0, log
    pristine = root / "pristine"
    shutil.copytree(site, pristine, symlinks=True)
    # the reference: the edited sources built from nothing
    (site / "papers.bib").write_text(_bib(edited=True), encoding="utf-8")
    code, log = _sphinx(site, root / "fresh", "-E", "-d", str(root / "fresh-doctrees"))
    assert code == 0, log
    fresh = _output(root / "fresh")
    assert b"A quite different title, edited" in fresh["papers.html"]
    return root, site, pristine, fresh


def _restore(site: Path, pristine: Path) -> None:
    """The project as built before the edit (same path, same time stamps), then the edit."""
    shutil.rmtree(site)
    shutil.copytree(pristine, site, symlinks=True)
    time.sleep(0.01)  # the edit must look newer than the build
    (site / "papers.bib").write_text(_bib(edited=True), encoding="utf-8")


def _differences(got: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    """Files of the fresh build that differ or are missing (a list's old download files may stay)."""
    return sorted(name for name in fresh if got.get(name) != fresh[name])


KILL_POINTS = [
    "env-before-read-docs:1",
    "doctree-read:1",
    "env-updated:1",
    "env-check-consistency:1",
    # the edited build writes six pages: about, index, papers, entry07's page, genindex, search
    *(f"html-page-context:{number}" for number in range(1, 7)),
    "build-finished:1",
]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_at_any_moment_is_made_good_by_the_next(built, point):
    _root, site, pristine, fresh = built
    _restore(site, pristine)
    code, log = _sphinx(site, site / "_build", crash=f"{point}:kill")
    assert code == -signal.SIGKILL, f"the build was not killed at {point}: {log[-2000:]}"
    code, log = _sphinx(site, site / "_build")
    assert code == 0, log
    assert _differences(_output(site / "_build"), fresh) == []
    assert not list((site / "_build").rglob(".scholar-tmp-*"))


def test_a_build_that_fails_while_writing_is_made_good_by_the_next(built):
    _root, site, pristine, fresh = built
    _restore(site, pristine)
    code, log = _sphinx(site, site / "_build", crash="html-page-context:3:raise")
    assert code != 0 and "a fault in a theme template" in log
    code, log = _sphinx(site, site / "_build")
    assert code == 0, log
    assert _differences(_output(site / "_build"), fresh) == []


def test_an_unfinished_page_is_written_again_without_rereading_everything(built):
    """The journal names what the killed build was writing; nothing else is read again."""
    _root, site, pristine, fresh = built
    _restore(site, pristine)
    code, _log = _sphinx(site, site / "_build", crash="html-page-context:2:kill")
    assert code == -signal.SIGKILL
    journals = list((site / "_build" / ".doctrees").glob("scholar-unwritten-*.json"))
    assert len(journals) == 1 and "papers" in journals[0].read_text(encoding="utf-8")
    code, log = _sphinx(site, site / "_build")
    assert code == 0 and "that an interrupted build did not finish are written again" in log, log
    assert not list((site / "_build" / ".doctrees").glob("scholar-unwritten-*.json"))
    assert _differences(_output(site / "_build"), fresh) == []
    # the build after that one has nothing left to do
    code, log = _sphinx(site, site / "_build")
    assert code == 0 and "interrupted" not in log and "reading sources... [" not in log, log


def test_two_builds_at_once_wait_for_each_other(built):
    _root, site, pristine, fresh = built
    _restore(site, pristine)
    first = _sphinx(site, site / "_build", crash="html-page-context:1:sleep", wait=False)
    time.sleep(1.5)  # the first holds the lock and sleeps while it writes
    second = _sphinx(site, site / "_build", wait=False)
    _first_out, first_err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert "waiting for it to finish" in second_out + second_err
    assert _differences(_output(site / "_build"), fresh) == []


def test_half_written_files_of_a_killed_build_are_removed_by_the_next(built):
    """A kill between writing a temporary and renaming it leaves the temporary; the next build removes it."""
    _root, site, pristine, fresh = built
    _restore(site, pristine)
    left = [
        site / "_build" / "_scholar" / ".scholar-tmp-99999-list-0123.bib",
        site / "_build" / ".scholar-tmp-99999-publications.atom",
        site / "_build" / ".doctrees" / ".scholar-tmp-99999-scholar-bibcache.pickle",
    ]
    for path in left:
        path.write_text("half a file", encoding="utf-8")
    code, log = _sphinx(site, site / "_build")
    assert code == 0, log
    assert not [path for path in left if path.exists()]
    assert "left half-written" in log
    assert _differences(_output(site / "_build"), fresh) == []
