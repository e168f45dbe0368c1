"""The ``sphinx-scholar`` command.

``sphinx-scholar check papers.bib ...`` prints the problems a build would
report, without a Sphinx project, so a bib can be linted in a pre-commit hook
or CI.  It exits with 1 when a problem loses or garbles data (or, with
``--strict``, on any problem).

``sphinx-scholar quickstart DIR`` writes a new homepage project (quickstart.py).

``sphinx-scholar cv SITE_FOLDER`` reads the project and writes the PDF CV
into the built site (cv/builder.py does the work, through Sphinx).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from ..bib.bibdata import load_bibliography
from ..bib.filecheck import local_file_problems
from . import quickstart

if TYPE_CHECKING:
    import argparse


def check(arguments: argparse.Namespace) -> int:
    missing = [path for path in arguments.files if not os.path.isfile(path)]
    for path in missing:
        print(f"{path}: error: no such file", file=sys.stderr)
    paths = [os.path.abspath(path) for path in arguments.files if path not in missing]
    if not paths:
        return 1
    bibliography = load_bibliography(paths, arguments.encoding)
    problems = list(bibliography.problems)
    if not arguments.no_files:  # the build's own check, with its folders
        problems += local_file_problems(bibliography, os.path.abspath(arguments.srcdir), arguments.file_dir)
    cwd = os.getcwd()
    for problem in sorted(problems, key=lambda p: (p.source, p.line or 0)):
        source = os.path.relpath(problem.source, cwd) if problem.source else "?"
        location = f"{source}:{problem.line}" if problem.line else source
        level = "error" if problem.is_error else "warning"
        print(f"{location}: {level}: {problem.message} [scholar.{problem.subtype}]")
    errors = sum(p.is_error for p in problems)
    if not arguments.quiet:
        print(f"{len(bibliography)} entries, {errors} errors, {len(problems) - errors} warnings", file=sys.stderr)
    return 1 if missing or errors or (arguments.strict and problems) else 0


def cv(arguments: argparse.Namespace) -> int:
    """Build the PDF CV with Sphinx's machinery: a build of the site with the PDF builder."""
    from sphinx.cmd.build import build_main

    from ..cv.builder import BUILDER_NAME

    site = os.path.abspath(arguments.site)
    if not os.path.isfile(os.path.join(site, "conf.py")):
        print(f"{arguments.site}: error: no conf.py there; name the folder of the site's conf.py", file=sys.stderr)
        return 2
    out = os.path.abspath(arguments.out or os.path.join(site, "_build", "html"))
    options = ["-b", BUILDER_NAME, "-d", arguments.doctrees or site_doctrees(site, out), site, out]
    if arguments.warnings_are_errors:
        options.insert(0, "-W")
    if arguments.quiet:
        options.insert(0, "-q")
    return build_main(options)


def site_doctrees(site: str, out: str) -> str:
    """The HTML build's own cache, so that the PDF reads only what changed since.

    ``sphinx-build -b html SITE OUT`` keeps it in ``OUT/.doctrees``, ``make html``,
    ``-M`` and Read the Docs in ``SITE/_build/doctrees``; builders share it (as
    ``-M html`` and ``-M latex`` do).  Without either, the latter is made.
    """
    candidates = (os.path.join(out, ".doctrees"), os.path.join(site, "_build", "doctrees"))
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, "environment.pickle")):
            return folder
    return candidates[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sphinx-scholar", description="sphinx-scholar tools")
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="report problems in bib files, as a build would")
    checker.add_argument("files", nargs="+", help="bib files, read as one bibliography in this order")
    checker.add_argument("--encoding", default="utf-8-sig", help="encoding of the files (default: UTF-8, BOM allowed)")
    checker.add_argument("--strict", action="store_true", help="exit with 1 on warnings too")
    checker.add_argument("--no-files", action="store_true", help="do not check that local pdf/slides/... files exist")
    checker.add_argument(
        "--srcdir",
        default=".",
        help="the Sphinx source folder, where local files are looked for as the build does (default: here)",
    )
    checker.add_argument(
        "--file-dir", action="append", default=[], help="a folder of scholar_file_dirs, relative to --srcdir"
    )
    checker.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    checker.set_defaults(run=check)
    starter = commands.add_parser("quickstart", help="write a new homepage project that builds with sphinx-build -W")
    quickstart.add_arguments(starter)
    starter.set_defaults(run=quickstart.run)
    maker = commands.add_parser("cv", help="write the PDF CV (RenderCV) into the built site")
    maker.add_argument("site", help="the folder of the site's conf.py")
    maker.add_argument("--out", help="the built site, where the PDF goes (default: SITE/_build/html)")
    maker.add_argument(
        "--doctrees",
        help="Sphinx's cache (default: the HTML build's, OUT/.doctrees or SITE/_build/doctrees, when there is one, "
        "else SITE/_build/doctrees)",
    )
    maker.add_argument("-W", dest="warnings_are_errors", action="store_true", help="fail on warnings")
    maker.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    maker.set_defaults(run=cv)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
