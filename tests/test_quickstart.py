"""``sphinx-scholar quickstart``: a new homepage that builds with -W and deploys on Read the Docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_build

from sphinx_scholar.cli import main

FLAGS = [
    "--name",
    "José García-López",
    "--position",
    "Ph.D. student",
    "--affiliation",
    "Universidad de Ejemplo",
    "--email",
    "jose@example.org",
    "--link",
    "github=jgarcia",
    "--link",
    "orcid=0000-0002-1825-0097",
    "--no-input",
]


@pytest.mark.parametrize("markup", ["rst", "myst"])
def test_quickstart_project_builds_cleanly(tmp_path, markup, capsys):
    target = tmp_path / "homepage"
    assert main(["quickstart", str(target), "--format", markup, *FLAGS]) == 0
    out = capsys.readouterr().out
    assert "Wrote 14 files" in out
    assert f"Its PDF CV:  sphinx-scholar cv {target} --out {target / '_build' / 'html'}" in out
    suffix = ".md" if markup == "myst" else ".rst"
    for page in ("index", "publications", "cv", "news"):
        assert (target / f"{page}{suffix}").is_file(), page

    build = run_build(target)
    assert build.warning_lines() == []
    home = build.soup()
    # on the scholar theme: the name is the site title and the page title, and the card does not repeat it
    assert home.select_one("a.scholar-site-title").get_text() == "José García-López"
    assert home.h1.get_text().rstrip("¶") == "José García-López"
    card = home.select_one("div.scholar-researcher")
    assert "scholar-researcher-titled" in card["class"] and not card.select(".scholar-researcher-name")
    [news] = home.select("ul.scholar-news > li.scholar-news-item")
    assert news.select_one(".scholar-news-date").get_text() and "My homepage is online." in news.get_text()
    assert [a.get_text() for a in home.select("nav.scholar-nav a")] == ["About", "Publications", "CV", "News"]
    # the example CV: an entry in every section, the publications from the bib, a selected honour at home
    [honour] = home.select(".scholar-cv-awards .scholar-cv-title")
    assert honour.get_text() == "Best Paper Award, Example Conference"
    cv = build.soup("cv")
    kinds = {c for s in cv.select(".scholar-cv-section") for c in s["class"] if c.startswith("scholar-cv-")}
    for kind in ("experience", "education", "publications", "awards", "grants", "talks", "teaching", "service"):
        assert f"scholar-cv-{kind}" in kinds, kind
    for kind in ("students", "skills", "languages", "custom"):
        assert f"scholar-cv-{kind}" in kinds, kind
    assert len(cv.select(".scholar-cv-publications div.scholar-publication")) == 3
    assert cv.select_one(".scholar-cv-name").get_text() == "José García-López"
    assert card.select_one(".scholar-researcher-affiliation").get_text(strip=True) == "Universidad de Ejemplo"
    assert [a["href"] for a in card.select("a.scholar-profile-github, a.scholar-profile-orcid")] == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://github.com/jgarcia",
    ]
    assert card.select_one(".scholar-stat-works .scholar-stat-value").get_text() == "3"
    selected = home.select("div.scholar-publication")
    assert len(selected) == 2 and all(entry.select_one(".scholar-self") for entry in selected)
    assert json.loads(home.find("script", type="application/ld+json").string)["name"] == "José García-López"
    publications = build.soup("publications")
    assert len(publications.select("section.scholar-group-year")) == 2
    assert len(publications.select("div.scholar-publication")) == 3
    assert publications.select_one(".scholar-title .scholar-math math") is not None


def test_quickstart_read_the_docs_files(tmp_path):
    assert main(["quickstart", str(tmp_path / "site"), "--format", "myst", *FLAGS]) == 0
    config = yaml.safe_load((tmp_path / "site" / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"]["configuration"] == "conf.py"
    assert config["sphinx"]["fail_on_warning"] is True
    assert config["build"]["os"] and config["build"]["tools"]["python"]
    [install] = config["python"]["install"]
    assert (tmp_path / "site" / install["requirements"]).read_text(encoding="utf-8").split() == [
        "sphinx-scholar[pdf]",  # the scholar theme comes with it; [pdf]: RenderCV for the PDF CV
        "myst-parser",
    ]
    # the PDF CV, into what Read the Docs publishes, after the build
    assert config["build"]["jobs"]["post_build"] == ["sphinx-scholar cv . --out $READTHEDOCS_OUTPUT/html"]
    metadata = yaml.safe_load((tmp_path / "site" / "researcher.yaml").read_text(encoding="utf-8"))
    assert metadata["name"] == "José García-López"
    assert metadata["aliases"] == ["García-López, José"]
    assert metadata["links"] == {"github": "jgarcia", "orcid": "0000-0002-1825-0097"}


def test_quickstart_github_pages_workflow_runs_the_readmes_build_command(tmp_path):
    target = tmp_path / "site"
    assert main(["quickstart", str(target), "--name", "Ann O'Neil", "--no-input"]) == 0
    workflow = yaml.safe_load((target / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    # YAML reads the key "on" as True
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build_steps, deploy_steps = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    uses = [step.get("uses", "").split("@")[0] for step in build_steps + deploy_steps]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    [run] = [step["run"] for step in build_steps if "run" in step]
    readme = (target / "README.md").read_text(encoding="utf-8")
    readme_commands = [
        line.strip() for line in readme.splitlines() if line.startswith(("    python ", "    sphinx-scholar "))
    ]
    assert run.split("\n")[:-1] == readme_commands and len(readme_commands) == 3
    [artifact] = [step for step in build_steps if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    # the README's build command (its pip step installs what this test already has) makes what is published
    command = readme_commands[1].split()
    assert command[:3] == ["python", "-m", "sphinx"]
    package_root = str(Path(__file__).resolve().parent.parent)  # importable however the tests were installed
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, *command[1:]], cwd=target, env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (target / artifact["with"]["path"] / "index.html").is_file()
    # the third line writes the PDF CV into what is published
    pdf_command = readme_commands[2].split()
    assert pdf_command[:2] == ["sphinx-scholar", "cv"]
    from sphinx_scholar.cv.pdf import engine_missing

    if engine_missing() is None:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx_scholar.cli.commands", *pdf_command[1:]],
            cwd=target,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert (target / artifact["with"]["path"] / "cv.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("theme", ["furo", "pydata_sphinx_theme"])
def test_quickstart_with_another_theme(tmp_path, theme):
    pytest.importorskip(theme)
    target = tmp_path / "site"
    assert main(["quickstart", str(target), "--name", "Ann O'Neil", "--theme", theme, "--no-input"]) == 0
    assert f"html_theme = {theme!r}" in (target / "conf.py").read_text(encoding="utf-8")
    assert "html_theme_options" not in (target / "conf.py").read_text(encoding="utf-8")
    assert (target / "requirements.txt").read_text(encoding="utf-8").split() == [
        "sphinx-scholar[pdf]",
        theme.replace("_", "-"),
    ]
    build = run_build(target)
    assert build.warning_lines() == []
    assert not build.soup().select(".scholar-header") and build.soup().select(".scholar-researcher-titled")


def test_quickstart_output_passes_sphinx_build_w(tmp_path):
    target = tmp_path / "site"
    assert main(["quickstart", str(target), "--name", "Ann O'Neil", "--no-input"]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(target), str(target / "_build" / "html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (target / "_build" / "html" / "publications.html").is_file()


def test_quickstart_never_overwrites_without_force(tmp_path, capsys):
    target = tmp_path / "site"
    assert main(["quickstart", str(target), "--name", "First Person", "--no-input"]) == 0
    (target / "papers.bib").write_text("% my real bib\n", encoding="utf-8")
    assert main(["quickstart", str(target), "--name", "Second Person", "--no-input"]) == 1
    assert "use --force" in capsys.readouterr().err
    assert (target / "papers.bib").read_text(encoding="utf-8") == "% my real bib\n"
    assert "First Person" in (target / "conf.py").read_text(encoding="utf-8")
    assert main(["quickstart", str(target), "--name", "Second Person", "--no-input", "--force"]) == 0
    assert "Second Person" in (target / "conf.py").read_text(encoding="utf-8")


def test_quickstart_needs_a_name_and_well_formed_links(tmp_path, capsys):
    assert main(["quickstart", str(tmp_path / "a"), "--no-input"]) == 1
    assert "a name is needed" in capsys.readouterr().err
    assert main(["quickstart", str(tmp_path / "b"), "--name", "X Y", "--link", "github", "--no-input"]) == 1
    assert "service=URL-or-id" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_quickstart_asks_when_interactive(tmp_path, monkeypatch, capsys):
    # a wrong format is asked again
    answers = iter(["Grace Hopper", "markdown", "myst", "Rear Admiral", "US Navy", "", "", "", "ghopper", ""])
    prompts: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["quickstart", str(tmp_path / "site")]) == 0
    assert prompts[1] == prompts[2] == "Page format: rst (reStructuredText) or myst (Markdown) [rst]: "
    metadata = yaml.safe_load((tmp_path / "site" / "researcher.yaml").read_text(encoding="utf-8"))
    assert metadata["name"] == "Grace Hopper"
    assert metadata["position"] == "Rear Admiral"
    assert metadata["links"] == {"github": "ghopper"}
    assert (tmp_path / "site" / "index.md").is_file() and not (tmp_path / "site" / "index.rst").exists()
    out = capsys.readouterr().out
    assert "Please answer rst or myst." in out
    # what the Markdown pages need is named, and the build line installs it
    assert "These pages need myst-parser, which requirements.txt lists." in out
    assert f"Build it:  python -m pip install -r {tmp_path / 'site' / 'requirements.txt'} && python -m sphinx" in out
    assert "myst-parser" in (tmp_path / "site" / "requirements.txt").read_text(encoding="utf-8").split()


def test_quickstart_format_defaults_to_rst_without_a_terminal(tmp_path, capsys):
    assert main(["quickstart", str(tmp_path / "site"), "--name", "Ada Lovelace"]) == 0
    assert (tmp_path / "site" / "index.rst").is_file()
    assert "These pages need" not in capsys.readouterr().out
    assert (tmp_path / "site" / "requirements.txt").read_text(encoding="utf-8") == "sphinx-scholar[pdf]\n"


def test_readme_start_line_installs_what_the_pages_need():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    [line] = [line for line in readme.splitlines() if "sphinx-scholar quickstart my-homepage" in line]
    steps = [step.strip() for step in line.split("&&")]
    assert steps[2] == "python -m pip install -r my-homepage/requirements.txt"
    assert steps[3].startswith("python -m sphinx -W -b html my-homepage ")
