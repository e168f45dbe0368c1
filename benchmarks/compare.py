"""Build the same bib with sphinx-scholar and with sphinxcontrib-bibtex, in one run.

    python benchmarks/compare.py                      # 100, 1000, 5000 synthetic + real large files
    python benchmarks/compare.py --sizes 1000 --repeat 1 --no-real

For each input and tool it times five scenarios (each build a fresh
``python -m sphinx`` process) and reports medians, the ratio
sphinx-scholar / sphinxcontrib-bibtex, and peak resident memory:

- full: a fresh build;
- nochange: a rebuild with nothing changed;
- unrelated: a rebuild after editing a page without a list;
- entry: a rebuild after editing one entry's title in the bib;
- j2: a fresh build with ``-j 2``.

With ``--pages`` it also builds sphinx-scholar with a generated page per
entry (``scholar_publication_pages``), which has no counterpart in
sphinxcontrib-bibtex; the ratio shows what the pages cost.

sphinx-scholar lists everything with ``.. publication::`` (default layout,
abstract and BibTeX panels included); sphinxcontrib-bibtex with
``.. bibliography:: :all:``.  Both lists are on the same non-root page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import bibliography  # noqa: E402

CORPUS_LARGE = HERE.parent.parent / "shared" / "corpus" / "large"
WORK = HERE / "_work"
SCENARIOS = ("full", "nochange", "unrelated", "entry", "j2")
TARGETS = {"full": 0.20, "nochange": 0.05, "unrelated": 0.10, "entry": 0.25}

TOOLS = {
    "scholar": {
        "conf": 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = {files!r}\nscholar_researcher = "Qiaozhe Zhang"\n',
        "page": "Publications\n============\n\n.. publication::\n",
    },
    # Only with --pages: the same list plus one generated page per entry.
    "pages": {
        "conf": 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = {files!r}\nscholar_researcher = "Qiaozhe Zhang"\n'
        "scholar_publication_pages = True\n",
        "page": "Publications\n============\n\n.. publication::\n",
    },
    "bibtex": {
        "conf": 'extensions = ["sphinxcontrib.bibtex"]\nbibtex_bibfiles = {files!r}\n',
        "page": "Publications\n============\n\n.. bibliography::\n   :all:\n",
    },
}


def run_sphinx(project: Path, jobs: int = 1) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one sphinx-build process (and its workers)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(project), str(project / "_build")]
    if jobs > 1:
        command[4:4] = ["-j", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise BuildFailed(f"sphinx-build failed in {project}")
    return elapsed, usage.ru_maxrss / 1024


class BuildFailed(Exception):
    pass


def make_project(folder: Path, tool: str, bib_files: list[Path]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    names = []
    for path in bib_files:
        shutil.copy(path, folder / path.name)
        names.append(path.name)
    spec = TOOLS[tool]
    (folder / "conf.py").write_text(spec["conf"].format(files=names), encoding="utf-8")
    (folder / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   publications\n   about\n", encoding="utf-8")
    (folder / "publications.rst").write_text(spec["page"], encoding="utf-8")
    (folder / "about.rst").write_text("About\n=====\n\nA page without a list.\n", encoding="utf-8")
    return folder


_TITLE = re.compile(r"(title\s*=\s*[{\"])", re.I)


def edit_one_entry(bib: Path, round_number: int) -> None:
    """Change the title of an entry in the middle of the file."""
    text = bib.read_text(encoding="utf-8", errors="surrogateescape")
    middle = text.find("@", len(text) // 2)
    match = _TITLE.search(text, middle)
    text = text[: match.end()] + f"Edited{round_number} " + text[match.end() :]
    bib.write_text(text, encoding="utf-8", errors="surrogateescape")


def measure(project: Path, repeat: int) -> dict[str, dict[str, float] | None]:
    """Medians per scenario; None for every scenario when the tool cannot build the input."""
    try:
        return _measure(project, repeat)
    except BuildFailed as error:
        print(f"  {error}", file=sys.stderr)
        return dict.fromkeys(SCENARIOS)


def _measure(project: Path, repeat: int) -> dict[str, dict[str, float]]:
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in SCENARIOS}
    bib = max(
        project.glob("*.bib"), key=lambda path: len(_TITLE.findall(path.read_text(encoding="utf-8", errors="replace")))
    )
    for round_number in range(repeat):
        shutil.rmtree(project / "_build", ignore_errors=True)
        results["full"].append(run_sphinx(project))
        results["nochange"].append(run_sphinx(project))
        with open(project / "about.rst", "a", encoding="utf-8") as page:
            page.write(f"\nEdit {round_number}.\n")
        results["unrelated"].append(run_sphinx(project))
        edit_one_entry(bib, round_number)
        results["entry"].append(run_sphinx(project))
        shutil.rmtree(project / "_build", ignore_errors=True)
        results["j2"].append(run_sphinx(project, jobs=2))
    return {
        name: {"seconds": statistics.median(t for t, _ in runs), "peak_mb": max(m for _, m in runs)}
        for name, runs in results.items()
    }


def inputs(sizes: list[int], real: bool) -> list[tuple[str, list[Path]]]:
    found = []
    WORK.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        path = WORK / f"synthetic-{size}.bib"
        path.write_text(bibliography(size), encoding="utf-8")
        found.append((f"synthetic {size:,}", [path]))
    if real and CORPUS_LARGE.is_dir():
        for path in sorted(CORPUS_LARGE.glob("*.bib")):
            found.append((path.name, [path]))
        iridia = CORPUS_LARGE / "iridia-ulb__references"
        order = ["abbrev.bib", "journals.bib", "authors.bib", "articles.bib", "biblio.bib", "crossref.bib"]
        if all((iridia / name).exists() for name in order):
            found.append(("iridia-ulb (6 files)", [iridia / name for name in order]))
    return found


def entry_count(paths: list[Path]) -> int:
    # In a child process: a child's peak RSS counts from its parent's size at
    # fork, so this process must stay small for the memory figures to be right.
    code = (
        "import sys; from sphinx_scholar.bib.bibdata import load_bibliography;"
        " print(len(load_bibliography(sys.argv[1:])))"
    )
    result = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (median reported)")
    parser.add_argument("--repeat-real", type=int, default=1, help="runs per scenario on the real files")
    parser.add_argument("--no-real", dest="real", action="store_false", help="skip ../shared/corpus/large")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--only", help="run only the inputs whose name contains this text")
    parser.add_argument("--pages", action="store_true", help="also measure scholar_publication_pages = True")
    arguments = parser.parse_args()
    try:
        import sphinxcontrib.bibtex  # noqa: F401
    except ImportError:
        raise SystemExit('sphinxcontrib-bibtex is missing: python -m pip install -e ".[bench]"') from None

    report = []
    for label, paths in inputs(arguments.sizes, arguments.real):
        if arguments.only and arguments.only not in label:
            continue
        repeat = arguments.repeat if label.startswith("synthetic") else arguments.repeat_real
        row = {"input": label, "entries": entry_count(paths), "repeat": repeat}
        for tool in TOOLS:
            if tool == "pages" and not arguments.pages:
                continue
            project = make_project(WORK / re.sub(r"\W+", "-", label) / tool, tool, paths)
            row[tool] = measure(project, repeat)
        report.append(row)
        print_row(row)
    if arguments.json:
        arguments.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    by_input = {row["input"]: row for row in report}
    if "synthetic 1,000" in by_input and "synthetic 5,000" in by_input:
        small = by_input["synthetic 1,000"]["scholar"]["full"]["seconds"]
        large = by_input["synthetic 5,000"]["scholar"]["full"]["seconds"]
        print(f"\ngrowth: 5,000-entry full build / 1,000-entry full build = {large / small:.2f} (target <= 6)")


def _cells(ours, theirs) -> list[str]:
    """Time of each tool, their ratio, and both peak memories (``None``: the build failed)."""
    ratio = f"{ours['seconds'] / theirs['seconds']:.2f}" if ours and theirs else "-"
    times = [f"{r['seconds']:.2f} s" if r else "failed" for r in (ours, theirs)]
    memory = " / ".join(f"{r['peak_mb']:.0f} MB" if r else "-" for r in (ours, theirs))
    return [*times, ratio, memory]


def print_row(row: dict) -> None:
    print(f"\n### {row['input']} ({row['entries']:,} entries, median of {row['repeat']})\n")
    print("| scenario | sphinx-scholar | sphinxcontrib-bibtex | ratio | peak RSS scholar / bibtex | target |")
    print("|---|---|---|---|---|---|")
    for name in SCENARIOS:
        target = f"<= {TARGETS[name]:.2f}" if name in TARGETS else "not slower than serial"
        print(f"| {name} | {' | '.join(_cells(row['scholar'][name], row['bibtex'][name]))} | {target} |")
    if "pages" in row:
        print("\nWith a page per entry (scholar_publication_pages = True):\n")
        print("| scenario | sphinx-scholar with pages | sphinxcontrib-bibtex | ratio | peak RSS with pages / bibtex |")
        print("|---|---|---|---|---|")
        for name in SCENARIOS:
            print(f"| {name} | {' | '.join(_cells(row['pages'][name], row['bibtex'][name]))} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
