"""The project's own docs build with the extension, warning-free (as with -W)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import run_build

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_docs_build_without_warnings(tmp_path):
    srcdir = tmp_path / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    build = run_build(srcdir, html_theme="alabaster")
    assert build.warning_lines() == []
    assert not (build.outdir / "demo").exists()  # the demo is a project of its own (tests/test_theme.py)
    home = build.soup("index")
    assert home.select_one("div.scholar-publication#marwick2025sparse")
    shots = [img["src"] for img in home.select("table.demo-screenshots img")]
    assert len(shots) == 6 and all((build.outdir / src).is_file() for src in shots), shots
    assert "theme" in {a["href"].split(".")[0].split("/")[-1] for a in home.select("a.reference.internal")}


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
    css += (DOCS / "reference" / "theme.rst").read_text(encoding="utf-8")
    package = Path(__file__).resolve().parent.parent / "sphinx_scholar"
    classes = set()
    for source in package.rglob("*.py"):
        classes |= set(re.findall(r'"(scholar-[a-z\-]+)"', source.read_text(encoding="utf-8")))
    for template in (package / "theme").rglob("*.html"):
        for attribute in re.findall(r'class="([^"{]+)"', template.read_text(encoding="utf-8")):
            classes |= {name for name in attribute.split() if name.startswith("scholar-")}
    assert "scholar-scheme-button" in classes
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


def test_reference_documents_every_theme_option():
    import tomllib

    theme = (DOCS / "reference" / "theme.rst").read_text(encoding="utf-8")
    package = Path(__file__).resolve().parent.parent / "sphinx_scholar"
    options = tomllib.loads((package / "theme" / "scholar" / "theme.toml").read_text(encoding="utf-8"))["options"]
    assert len(options) >= 10
    for name in options:
        assert f"``{name}``" in theme, name


def test_fields_reference_lists_every_field_we_read():
    from sphinx_scholar.bib.identifiers import METRIC_FIELDS
    from sphinx_scholar.model import KNOWN_FIELDS, LINK_FIELDS

    text = (DOCS / "reference" / "fields.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"``([a-z_-]+)``", text)) | set(re.findall(r"^([a-z_]+) +\S", text, re.MULTILINE))
    read = KNOWN_FIELDS | {name for name, _label in LINK_FIELDS} | {name for name, _label in METRIC_FIELDS}
    assert sorted(read - listed) == []


def test_reference_documents_the_cv_and_news_directives():
    from sphinx_scholar.cv.directive import CVDirective
    from sphinx_scholar.news.directive import NewsDirective

    text = (DOCS / "reference" / "cv.rst").read_text(encoding="utf-8")
    documented = set(re.findall(r"rst:directive:option::\s*([a-z\-]+)(?::|\s*$)", text, re.M))
    for option in [*CVDirective.option_spec, *NewsDirective.option_spec]:
        assert option in documented, option
    from sphinx_scholar.cv.model import LINK_FIELDS, SECTION_KINDS

    for kind, names in SECTION_KINDS.items():
        assert f"``{kind}``" in text, kind
        for name in names:
            assert f"``{name}``" in text, name
    for field in LINK_FIELDS:
        assert f"``{field}``" in text, field
