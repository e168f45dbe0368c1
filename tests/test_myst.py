"""The same directive in reST, MyST backtick fences and MyST colon fences gives the same lists."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytest.importorskip("myst_parser")


def lists_html(app, page):
    soup = BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return [re.sub(r"\s+", " ", str(div)) for div in soup.select("div.scholar-publications")]


@pytest.mark.sphinx("html", testroot="myst", freshenv=True)
def test_rst_and_myst_render_identically(app):
    app.build()
    rst = lists_html(app, "rst")
    assert len(rst) == 2
    assert lists_html(app, "md") == rst
    assert lists_html(app, "colon") == rst
    assert "WARNING" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="myst", freshenv=True)
def test_macros_span_files_and_globs_are_expanded(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "rst.html").read_text(encoding="utf-8"), "html.parser")
    first, second = soup.select("div.scholar-publications")
    assert [d["id"] for d in first.select("div.scholar-publication")] == ["lovelace1843notes", "lovelace1842sketch"]
    # @string defined in a.bib is used by b.bib
    passages = second.find(id="babbage1864passages")
    assert "Journal of Computing Machinery" in passages.select_one(".scholar-venue").get_text()
    assert [d["id"] for d in second.select("div.scholar-publication")] == [
        "lovelace1842sketch-2",
        "babbage1864passages",
    ]


@pytest.mark.sphinx("pseudoxml", testroot="myst", freshenv=True)
def test_doctree_is_the_same_from_both_parsers(app):
    app.build()

    def body(page):
        text = (app.outdir / f"{page}.pseudoxml").read_text(encoding="utf-8")
        start = text.index("<publication_list")
        # source lines differ between the files; everything else must match
        return re.sub(r"(?m)^\s*$", "", text[start:])

    assert body("md") == body("rst")
    assert body("colon") == body("rst")
