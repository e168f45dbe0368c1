"""Check that a change leaves the built output byte-identical.

Builds every .bib file of ../shared/corpus (each as a one-page project with
``.. publication::`` and a page per entry) and the docs, then records a digest
of every output file, or compares with a recorded one::

    python benchmarks/identical_output.py record before.json
    # ... change the code ...
    python benchmarks/identical_output.py compare before.json

``compare`` prints each file that differs, is missing or is new, and exits 1
if there is any.  Left out: Sphinx's ``.buildinfo`` (a hash of the
configuration object) and the doctree folder ``.doctrees/`` (pickles, which
name the modules of the classes they hold: a moved module changes them, but
not the site).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SKIPPED_FILES = {".buildinfo", ".buildinfo.bak"}

CONF = """\
extensions = ["sphinx_scholar"]
scholar_bibfiles = {bibs!r}
scholar_publication_pages = True
html_baseurl = "https://example.org/"
scholar_feed = "publications.atom"
"""


def _projects(workdir: Path) -> dict[str, Path]:
    """name -> source folder of every project to build."""
    projects = {"docs": ROOT / "docs"}
    if not CORPUS.is_dir():
        print(f"{CORPUS} is not there: only the docs are checked", file=sys.stderr)
        return projects
    for bib in sorted(CORPUS.rglob("*.bib")):
        name = str(bib.relative_to(CORPUS))
        srcdir = workdir / name.replace("/", "__")
        srcdir.mkdir(parents=True)
        (srcdir / "conf.py").write_text(CONF.format(bibs=[str(bib)]), encoding="utf-8")
        (srcdir / "index.rst").write_text("Papers\n======\n\n.. publication::\n", encoding="utf-8")
        projects[name] = srcdir
    return projects


def _build(srcdir: Path, outdir: Path) -> None:
    shutil.rmtree(outdir, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(srcdir), str(outdir)]
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def _digests(outdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(outdir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name not in SKIPPED_FILES and ".doctrees" not in path.relative_to(outdir).parts
    }


def digest_all(jobs: int) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        projects = _projects(workdir / "src")

        def one(item: tuple[str, Path]) -> tuple[str, dict[str, str]]:
            name, srcdir = item
            outdir = workdir / "out" / name.replace("/", "__")
            _build(srcdir, outdir)
            return name, _digests(outdir)

        with ThreadPoolExecutor(jobs) as pool:
            return dict(pool.map(one, projects.items()))


def compare(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> list[str]:
    problems = []
    for project in sorted(before.keys() | after.keys()):
        old, new = before.get(project, {}), after.get(project, {})
        for name in sorted(old.keys() | new.keys()):
            if name not in new:
                problems.append(f"{project}: {name} is missing")
            elif name not in old:
                problems.append(f"{project}: {name} is new")
            elif old[name] != new[name]:
                problems.append(f"{project}: {name} differs")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    digests = digest_all(args.jobs)
    files = sum(map(len, digests.values()))
    if args.action == "record":
        args.manifest.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
        print(f"recorded {files} files of {len(digests)} projects in {args.manifest}")
        return 0
    problems = compare(json.loads(args.manifest.read_text(encoding="utf-8")), digests)
    for line in problems:
        print(line)
    print(f"{files} files of {len(digests)} projects compared: {len(problems)} differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
