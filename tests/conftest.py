"""Shared helpers: real Sphinx builds on test roots or on projects written on the fly."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import textwrap
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_scholar.cli.commands import main as cli_main

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
CORPUS = TESTS.parent.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


class Build:
    """A finished build: its app, warnings text and parsed pages."""

    def __init__(self, app: SphinxTestApp, warnings: str, status: str = "") -> None:
        self.app = app
        self.warnings = warnings
        self.status = status
        self.outdir = Path(app.outdir)

    def soup(self, page: str = "index") -> BeautifulSoup:
        return BeautifulSoup((self.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")

    def text(self, name: str) -> str:
        return (self.outdir / name).read_text(encoding="utf-8")

    def warning_lines(self, subtype: str | None = None) -> list[str]:
        lines = [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]
        if subtype is not None:
            lines = [line for line in lines if f"[scholar.{subtype}]" in line]
        return lines


def write_project(srcdir: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return srcdir


def run_build(
    srcdir: Path, buildername: str = "html", freshenv: bool = True, parallel: int = 0, **confoverrides
) -> Build:
    # Sphinx < 8 prints "[type.subtype]" after a warning only when asked to.
    confoverrides.setdefault("show_warning_types", True)
    warnings = io.StringIO()
    status = io.StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        freshenv=freshenv,
        confoverrides=confoverrides,
        status=status,
        warning=warnings,
        parallel=parallel,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(app, warnings.getvalue(), status.getvalue())


CONF = """
extensions = ["sphinx_scholar"]
scholar_bibfiles = ["papers.bib"]
scholar_researcher = {"name": "Qiaozhe Zhang", "aliases": ["Q. Zhang"]}
# Most fixtures are not Qiaozhe Zhang's own papers; test_researcher.py checks this warning.
suppress_warnings = ["scholar.researcher_missing"]
"""


# Debian's Chromium, as this machine runs it: no sandbox as root, no background calls home
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """A built site on a localhost port, for the browser tests; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module; skips without either."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        launched = launch_chromium(playwright, CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def project(tmp_path):
    """project(bib=..., index=..., conf=..., files={...}) -> Build, in a new folder each call."""
    counter = iter(range(1000))

    def make(
        bib: str = "", index: str | None = ".. publication::\n", conf: str = CONF, buildername: str = "html", files=None
    ) -> Build:
        srcdir = tmp_path / f"project{next(counter)}"
        contents = {"conf.py": conf, "papers.bib": bib, **(files or {})}
        if index is not None:
            contents["index.rst"] = "Test\n====\n\n" + textwrap.dedent(index)
        write_project(srcdir, contents)
        return run_build(srcdir, buildername)

    return make


def entries(soup: BeautifulSoup) -> list[str]:
    return [div["id"] for div in soup.select("div.scholar-publication")]


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
        cli_main(["check", "--srcdir", str(srcdir), str(bib)])
    from_check = set()
    for raw in output.getvalue().splitlines():
        match = _CHECK_LINE.match(raw)
        assert match, raw
        from_check.add((int(match["line"]), match["subtype"], match["message"]))
    assert from_check == from_build
