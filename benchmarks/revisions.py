"""Time the same build with two revisions of sphinx-scholar, alternating runs.

    python benchmarks/revisions.py BASE [NEW]     # NEW defaults to the working tree
    python benchmarks/revisions.py 3e51fe4 --entries 5000 --repeat 5 --feed

Each revision's ``sphinx_scholar`` package is exported (``git archive``) to a
temporary folder and put first on ``PYTHONPATH`` for its builds; the working
tree is used as it is.  The project is the synthetic bib of ``synthetic.py``
on one page, with the list's download files (and, with ``--feed``, an Atom
feed and a page per entry), built from nothing each run.  Runs alternate
between the revisions so that the shared machine's drift hits both; the
script prints each revision's median and the ratio NEW / BASE.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import bibliography  # noqa: E402

CONF = """\
extensions = ["sphinx_scholar"]
scholar_bibfiles = ["papers.bib"]
suppress_warnings = ["scholar"]
"""
CONF_PAGES = """\
scholar_publication_pages = True
scholar_feed = "publications.atom"
html_baseurl = "https://example.org/"
"""


def export(revision: str, into: Path) -> Path:
    """The package at ``revision`` in a folder of its own (the working tree for "")."""
    if not revision:
        return ROOT
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision, "sphinx_scholar"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def make_project(folder: Path, entries: int, pages: bool) -> None:
    folder.mkdir(parents=True)
    (folder / "papers.bib").write_text(bibliography(entries), encoding="utf-8")
    (folder / "conf.py").write_text(CONF + (CONF_PAGES if pages else ""), encoding="utf-8")
    (folder / "index.rst").write_text("Papers\n======\n\n.. publication::\n", encoding="utf-8")


def build(package_root: Path, project: Path) -> float:
    shutil.rmtree(project / "_build", ignore_errors=True)
    environment = {**os.environ, "PYTHONPATH": str(package_root)}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(project), str(project / "_build")]
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("new", nargs="?", default="")
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--feed", action="store_true", help="also a feed and a page per entry")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        roots = {"base": export(args.base, work / "base"), "new": export(args.new, work / "new")}
        make_project(work / "project", args.entries, args.feed)
        build(roots["new"], work / "project")  # warm the file cache and the interpreter's bytecode
        times: dict[str, list[float]] = {"base": [], "new": []}
        for _round in range(args.repeat):
            for name in ("base", "new"):
                times[name].append(build(roots[name], work / "project"))
    base, new = statistics.median(times["base"]), statistics.median(times["new"])
    print(f"{args.entries} entries, full build, median of {args.repeat} (runs alternate)")
    print(f"  base {args.base or 'working tree'}: {base:.2f} s   {' '.join(f'{t:.2f}' for t in times['base'])}")
    print(f"  new  {args.new or 'working tree'}: {new:.2f} s   {' '.join(f'{t:.2f}' for t in times['new'])}")
    print(f"  ratio new / base: {new / base:.3f}")


if __name__ == "__main__":
    main()
