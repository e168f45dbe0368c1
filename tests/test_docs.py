"""The project's own docs build with the extension, warning-free (as with -W)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_build

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_docs_build_without_warnings(tmp_path):
    srcdir = tmp_path / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    build = run_build(srcdir, html_theme="alabaster")
    assert build.warning_lines() == []
    demo = build.soup("demo/publications")
    entries = demo.select("div.scholar-publication")
    assert len(entries) == 9  # ten entries in the demo bib, one hidden
    assert all(e.select_one(".scholar-self") for e in entries)
    layouts = build.soup("demo/layouts")
    for layout in ("badges", "classic", "compact"):
        assert layouts.select(f".scholar-layout-{layout} .scholar-publication"), layout
    home = build.soup("demo/index")
    card = home.select_one("div.scholar-researcher")
    assert card.select_one(".scholar-researcher-photo img")["src"].endswith("marwick.svg")
    assert card.select_one(".scholar-stat-works .scholar-stat-value").get_text() == "9"
    lab = build.soup("demo/lab")
    assert len(lab.select(".sd-card .scholar-researcher")) == 3
    assert lab.select(".scholar-member") and lab.select(".scholar-self")
    preprints = build.soup("demo/preprints")
    assert [e["id"] for e in preprints.select(".scholar-layout-classic .scholar-publication")] == [
        "marwick2025preprint"
    ]


def test_reference_documents_every_setting_and_warning_subtype():
    from sphinx_scholar.config import SETTINGS

    configuration = (DOCS / "reference" / "configuration.rst").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert f".. confval:: {name}" in configuration, name
    warnings = (DOCS / "reference" / "warnings.rst").read_text(encoding="utf-8")
    package = Path(__file__).resolve().parent.parent / "sphinx_scholar"
    import re

    used = set()
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'subtype="(\w+)"', text))
        used |= set(re.findall(r'BibProblem\(\s*"(\w+)"', text))
        used |= set(re.findall(r'found\.append\(\s*\(\s*"(\w+)",', text))
        used |= set(re.findall(r'warn(?:_once)?\([^)]*?"(\w+)",\s*(?:location=|\))', text, re.S))
    assert {"syntax", "duplicate_key", "field_typo", "unknown_key", "url", "local_file", "config", "lost_entry"} <= used
    for subtype in used:
        assert f"``{subtype}``" in warnings, subtype


def test_reference_documents_every_css_class():
    import re

    css = (DOCS / "reference" / "css.rst").read_text(encoding="utf-8")
    package = Path(__file__).resolve().parent.parent / "sphinx_scholar"
    classes = set()
    for source in package.rglob("*.py"):
        classes |= set(re.findall(r'"(scholar-[a-z\-]+)"', source.read_text(encoding="utf-8")))
    classes = {c for c in classes if not c.endswith("-")}
    for css_class in classes:
        assert f"``{css_class}``" in css or css_class.startswith(
            ("scholar-layout-", "scholar-link-", "scholar-tone-", "scholar-type-")
        ), css_class


def test_reference_documents_every_directive_option_and_role():
    import re

    from sphinx_scholar.glue.directives.publication import PublicationDirective

    text = (DOCS / "reference" / "directive.rst").read_text(encoding="utf-8")
    documented = set(re.findall(r"(?:rst:directive:option::|^\s{26})\s*([a-z\-]+)(?::|\s*$)", text, re.M))
    for option in PublicationDirective.option_spec:
        assert option in documented, option
    for role in ("pub", "pubcount"):
        assert f".. rst:role:: {role}" in text, role

    from sphinx_scholar.glue.directives.researcher import ResearcherDirective

    text = (DOCS / "reference" / "researcher.rst").read_text(encoding="utf-8")
    documented = set(re.findall(r"rst:directive:option::\s*([a-z\-]+)(?::|\s*$)", text, re.M))
    for option in ResearcherDirective.option_spec:
        assert option in documented, option
