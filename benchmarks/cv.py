"""What a CV page costs a build, and how long the PDF CV takes.

    python benchmarks/cv.py                   # 300 publications, 100 other CV entries, 5 runs each
    python benchmarks/cv.py --repeat 3 --publications 1000 --entries 300

Two projects share one synthetic bib (synthetic.py) and a publications page:
"base" has nothing else, "cv" adds a CV page, ``.. cv:: cv.yaml`` with
``--entries`` entries across every kind of section and the whole bib as its
publications (grouped by type, numbered).  Each is built from scratch in a
fresh ``python -m sphinx`` process; the script prints the median of each, the
difference (what the CV page adds to a full build) and its ratio to the
1 s target.  Then it runs ``sphinx-scholar cv`` on the "cv" project, after
its HTML build (reusing that build's cache, as the command does by default)
and cold (a new cache each run), and prints the median of the whole command
and of the engine's two steps as the command reports them (RenderCV writing
the Typst source, Typst typesetting it).  The machine is shared: quote medians.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import bibliography  # noqa: E402

WORK = HERE / "_work" / "cv"
CONF = (
    'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\nscholar_researcher = "Qiaozhe Zhang"\n'
    'suppress_warnings = ["scholar.researcher_missing"]  # a synthetic bib: most entries are not hers\n'
)
KINDS = ("experience", "education", "awards", "grants", "talks", "teaching", "service", "students", "skills")


def cv_file(entries: int, seed: int = 20261202) -> str:
    """A RenderCV file with ``entries`` entries spread over every kind of section."""
    rng = random.Random(seed)
    sections: dict[str, list] = {kind: [] for kind in KINDS}
    sections["publications"] = []
    for index in range(entries):
        kind = KINDS[index % len(KINDS)]
        year = 2000 + rng.randrange(26)
        if kind == "education":
            entry = {"institution": f"University {index}", "area": "Computer Science", "degree": "Ph.D."}
        elif kind == "experience":
            entry = {"company": f"Institute {index}", "position": "Research Scientist"}
        elif kind == "skills":
            sections[kind].append({"label": f"Skill {index}", "details": "Python, JAX, Stan"})
            continue
        else:
            entry = {"name": f"{kind.title()} entry {index}", "organization": f"Organisation {index}"}
        entry.update(
            {
                "start_date": f"{year}-{rng.randrange(1, 13):02d}",
                "end_date": "present" if rng.random() < 0.2 else f"{year + 1}-{rng.randrange(1, 13):02d}",
                "location": "Leiden, The Netherlands",
                "summary": "A sentence with **bold** text and a [link](https://example.org/).",
                "highlights": ["One highlight", "Another highlight"],
                "slides": f"https://example.org/slides/{index}.pdf",
            }
        )
        sections[kind].append(entry)
    return yaml.safe_dump({"cv": {"name": "Qiaozhe Zhang", "sections": sections}}, sort_keys=False)


def write_projects(publications: int, entries: int) -> tuple[Path, Path]:
    shutil.rmtree(WORK, ignore_errors=True)
    bib = bibliography(publications)
    projects = []
    for name in ("base", "cv"):
        source = WORK / name / "src"
        source.mkdir(parents=True)
        (source / "conf.py").write_text(CONF, encoding="utf-8")
        (source / "papers.bib").write_text(bib, encoding="utf-8")
        toctree = "\n.. toctree::\n\n   publications\n" + ("   cv\n" if name == "cv" else "")
        (source / "index.rst").write_text("Home\n====\n" + toctree, encoding="utf-8")
        (source / "publications.rst").write_text("Publications\n============\n\n.. publication::\n", encoding="utf-8")
        if name == "cv":
            (source / "cv.yaml").write_text(cv_file(entries), encoding="utf-8")
            (source / "cv.rst").write_text(
                "CV\n==\n\n.. cv:: cv.yaml\n\n   .. publication::\n      :group-by: type\n      :numbered: reverse\n",
                encoding="utf-8",
            )
        projects.append(WORK / name)
    return projects[0], projects[1]


def full_build(project: Path) -> float:
    for folder in ("html", "doctrees"):
        shutil.rmtree(project / folder, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-d",
            str(project / "doctrees"),
            str(project / "src"),
            str(project / "html"),
        ],
        check=True,
    )
    return time.perf_counter() - started


_ENGINE = re.compile(r"RenderCV wrote its Typst in ([\d.]+) s, typeset in ([\d.]+) s")


def pdf_build(project: Path, doctrees: Path) -> tuple[float, float, float]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx_scholar.cli.commands",
            "cv",
            str(project / "src"),
            "--out",
            str(project / "html"),
            "--doctrees",
            str(doctrees),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    total = time.perf_counter() - started
    match = _ENGINE.search(result.stdout + result.stderr)
    if match is None:
        return total, float("nan"), float("nan")
    return total, float(match.group(1)), float(match.group(2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=300)
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    base, with_cv = write_projects(arguments.publications, arguments.entries)
    times: dict[str, list[float]] = {"base": [], "cv": []}
    for _run in range(arguments.repeat):  # interleaved, so a slow moment of the machine hits both
        times["base"].append(full_build(base))
        times["cv"].append(full_build(with_cv))
    base_median, cv_median = statistics.median(times["base"]), statistics.median(times["cv"])
    added = cv_median - base_median
    print(f"{arguments.publications} publications, {arguments.entries} other CV entries, {arguments.repeat} runs each")
    print(f"full build without a CV page: median {base_median:.2f} s")
    print(f"full build with the CV page:  median {cv_median:.2f} s")
    print(f"the CV page adds {added:.2f} s ({added / 1.0:.2f} of the 1 s target)")
    from sphinx_scholar.cv.pdf import engine_missing

    missing = engine_missing()
    if missing:
        print(f"PDF: not measured ({missing})")
        return 0
    pdf = with_cv / "html" / "cv.pdf"
    # after an HTML build the command reuses its cache (its default); "cold" reads the site anew
    for label, doctrees, cold in (
        ("after the HTML build", with_cv / "doctrees", False),
        ("cold, no cache", WORK / "cold-doctrees", True),
    ):
        runs = []
        for _run in range(arguments.repeat):
            if cold:
                shutil.rmtree(doctrees, ignore_errors=True)
            runs.append(pdf_build(with_cv, doctrees))
        print(
            f"sphinx-scholar cv, {label}: median {statistics.median(r[0] for r in runs):.2f} s, of which "
            f"RenderCV's templating {statistics.median(r[1] for r in runs):.2f} s and "
            f"Typst {statistics.median(r[2] for r in runs):.2f} s; "
            f"{pdf.stat().st_size // 1024} KiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
