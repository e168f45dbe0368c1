"""Other builders: LaTeX is clean, text is readable, every builder knows our nodes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CONF, run_build, write_project


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_latex_output(app):
    app.build()
    tex = (app.outdir / "projectnamenotset.tex").read_text(encoding="utf-8")
    # the researcher in bold, badges as bracketed text
    # docutils < 0.22 writes \DUrole{scholar-author,scholar-self}, later versions nest them
    assert re.search(r"scholar-self\}\{\\sphinxstylestrong\{Qiaozhe Zhang\}", tex)
    assert r"\sphinxstyleemphasis{[NeurIPS 2023]}" in tex
    assert r"\sphinxstylestrong{Abstract.}" in tex
    # no empty panel headings and no HTML leaking through
    assert "BibTeX" not in tex and "<details" not in tex and "summary" not in tex
    assert r"Sparse Rényi Divergences for \sphinxstyleemphasis{Fast}" in tex
    assert r"\(\alpha\)" in tex


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_output(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "[NeurIPS 2023] **Graph Transformers at Scale**" in text
    assert "Ping Li, **Qiaozhe Zhang**, and Alice Smith" in text
    assert "Abstract:" in text
    assert "@inproceedings" not in text
    assert "<" not in text.replace('<script>alert("x")</script>', "")


@pytest.mark.parametrize("builder", ["man", "texinfo", "singlehtml", "epub", "xml", "dirhtml"])
def test_every_builder_succeeds(make_app, rootdir, sphinx_test_tempdir, builder):
    import shutil

    srcdir = sphinx_test_tempdir / f"basic-{builder}"
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    assert "unknown node" not in app.warning.getvalue().lower()
    assert any(app.outdir.iterdir())


THEMES = ["alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme"]


@pytest.mark.parametrize("theme", THEMES)
def test_lists_render_in_every_common_theme(project, theme):
    pytest.importorskip(theme)
    bib = "@article{x2020, title={X}, author={Zhang, Qiaozhe}, journal={J}, year={2020}, abstract={A.}, code={https://e.org}}\n"
    from conftest import CONF

    build = project(bib, conf=CONF + f"html_theme = {theme!r}\n")
    soup = build.soup()
    assert soup.select_one("div.scholar-publications div.scholar-publication#x2020 details.scholar-abstract")
    stylesheets = [link["href"].split("?")[0] for link in soup.find_all("link", rel="stylesheet")]
    assert any(href.endswith("sphinx-scholar.css") for href in stylesheets), stylesheets
    assert (build.outdir / "_static" / "sphinx-scholar.css").exists()
    assert not [line for line in build.warning_lines() if "scholar" in line]


def test_static_files_replace_an_older_copy(tmp_path):
    """A rebuild after upgrading the extension must not keep the old stylesheet."""
    from sphinx_scholar import STATIC_DIR

    srcdir = write_project(tmp_path / "site", {"conf.py": CONF, "papers.bib": "", "index.rst": "Home\n====\n"})
    first = run_build(srcdir)
    stale = first.outdir / "_static" / "sphinx-scholar.css"
    stale.write_text("/* an older version */\n", encoding="utf-8")
    again = run_build(srcdir, freshenv=False)
    assert stale.read_bytes() == (Path(STATIC_DIR) / "sphinx-scholar.css").read_bytes()
    assert "copy_overwrite" not in again.warnings


FACETS_BIB = r"""
@article{a2024, title={Alpha}, author={Zhang, Qiaozhe}, journal={JMLR}, year={2024}, keywords={graphs}}
@inproceedings{b2023, title={Beta}, author={Zhang, Qiaozhe}, booktitle={CVPR}, year={2023}}
"""
FACETS_PAGE = "Papers\n======\n\n.. publication::\n   :group-by: year\n   :facets: year, type, tag\n"


def test_the_facet_bar_is_written_with_the_page_in_html_and_nowhere_else(tmp_path):
    files = {"conf.py": CONF, "papers.bib": FACETS_BIB, "index.rst": FACETS_PAGE}
    build = run_build(write_project(tmp_path / "html", files))
    soup = build.soup()
    [form] = soup.select("form.scholar-facets")
    # before the list's first group, tied to the list, one empty menu per facet in the given order
    first_group = soup.select_one("section.scholar-group")
    assert form.find_next("section") is first_group
    list_id = soup.select_one(".scholar-publications")["data-scholar-list"]
    assert form["data-scholar-for"] == list_id and form["role"] == "search"
    assert [select["name"] for select in form.select("select")] == ["year", "type", "tag"]
    assert all([o["value"] for o in select.select("option")] == [""] for select in form.select("select"))
    assert form.select_one(".scholar-facet-status").get_text() == "2 of 2 shown"
    search = form.select_one("input[name=q]")
    assert form.select_one(".scholar-facet-hint")["id"] == search["aria-describedby"]
    assert form.select_one(".scholar-facet-clear").has_attr("hidden")
    # the class that shows it is set before the body, in the head, in every theme
    head_scripts = [script.get_text() for script in soup.head.find_all("script") if not script.get("src")]
    assert any('classList.add("scholar-js")' in text for text in head_scripts)
    for builder, name in (("latex", "projectnamenotset.tex"), ("text", "index.txt")):
        other = run_build(write_project(tmp_path / builder, files), buildername=builder)
        output = (other.outdir / name).read_text(encoding="utf-8")
        assert "Alpha" in output and "Beta" in output
        assert "Filter publications" not in output and "Every word must match" not in output
        assert "of 2 shown" not in output
