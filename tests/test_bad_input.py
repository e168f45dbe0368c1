"""Broken bibs and configuration: located warnings, and the build goes on."""

from __future__ import annotations

import pytest
from conftest import CONF, entries

GOOD = "@article{good2020, title={Good}, author={Zhang, Qiaozhe}, journal={J}, year={2020}}\n"


def test_syntax_error_is_located_and_the_rest_is_read(project):
    bib = (
        GOOD
        + "\n@article{broken2021, title={Broken}, author={X, Y}, journal={J} year={2021}}\n\n"
        + GOOD.replace("good2020", "after2022").replace("2020", "2022")
    )
    build = project(bib)
    [warning] = build.warning_lines("syntax")
    assert "papers.bib:3:" in warning
    assert "'}' expected" in warning
    assert "after2022" in entries(build.soup())
    assert "good2020" in entries(build.soup())


def test_duplicate_key_keeps_the_first_and_warns(project):
    bib = GOOD + GOOD.replace("Good", "Second") + GOOD.replace("good2020", "GOOD2020").replace("Good", "Third")
    build = project(bib)
    warnings = build.warning_lines("duplicate_key")
    assert len(warnings) == 2
    assert "papers.bib:2:" in warnings[0] and "papers.bib:1" in warnings[0]
    assert "papers.bib:3:" in warnings[1]
    soup = build.soup()
    assert entries(soup) == ["good2020"]
    assert soup.select_one(".scholar-title > strong").get_text() == "Good"


def test_duplicate_key_across_files(project):
    conf = CONF.replace('["papers.bib"]', '["papers.bib", "more.bib"]')
    build = project(GOOD, conf=conf, files={"more.bib": "% more\n" + GOOD.replace("Good", "Other")})
    [warning] = build.warning_lines("duplicate_key")
    assert "more.bib:2:" in warning and "papers.bib:1" in warning


def test_missing_bib_file_is_one_clear_error(project):
    conf = CONF.replace('["papers.bib"]', '["papers.bib", "nope.bib"]')
    build = project(GOOD, conf=conf)
    errors = [line for line in build.warning_lines() if "nope.bib" in line]
    assert len(errors) == 1 and "ERROR" in errors[0] and "not found" in errors[0]
    assert "Traceback" not in build.warnings
    assert entries(build.soup()) == ["good2020"]


def test_undecodable_bytes_name_the_offset_and_setting(project):
    latin1 = "@article{muller2020, title={M\u00fcller}, author={M\u00fcller, Hans}, journal={J}, year={2020}}\n".encode(
        "latin-1"
    )
    build = project(index=".. publication::\n", files={"papers.bib": latin1})
    [warning] = build.warning_lines("encoding")
    assert "papers.bib:1:" in warning and "offset 29" in warning and "scholar_bib_encoding" in warning
    assert entries(build.soup()) == ["muller2020"]


def test_encoding_setting(project):
    latin1 = "@article{muller2020, title={M\u00fcller}, author={M\u00fcller, Hans}, journal={J}, year={2020}}\n".encode(
        "latin-1"
    )
    build = project(conf=CONF + 'scholar_bib_encoding = "latin-1"\n', files={"papers.bib": latin1})
    assert not build.warning_lines()
    assert build.soup().select_one(".scholar-title > strong").get_text() == "Müller"


def test_bom_and_crlf(project):
    bib = (
        "\ufeff"
        + GOOD.replace("\n", "\r\n")
        + "@article{second2021,\r\n  title={Second},\r\n  author={Li, Ping},\r\n  year={2021}\r\n}\r\n"
    )
    build = project(files={"papers.bib": bib.encode("utf-8")})
    assert not build.warning_lines()
    assert entries(build.soup()) == ["second2021", "good2020"]


def test_warnings_can_be_suppressed_by_subtype(project):
    bib = "@article{x2020, title={X}, author={Li, Ping}, url={javascript:alert(1)}, year={2020}}\n"
    assert project(bib).warning_lines("url")
    quiet = project(bib, conf=CONF + 'suppress_warnings += ["scholar.url"]\n')
    assert not quiet.warning_lines()


def test_bad_config_values_warn(project):
    conf = (
        CONF
        + 'scholar_layout = "fancy"\nscholar_max_authors = -1\nscholar_venues = {"X": {"color": "red;background:url(x)"}}\n'
    )
    build = project(GOOD, conf=conf)
    warnings = build.warning_lines("config")
    assert any("scholar_layout 'fancy'" in w for w in warnings)
    assert any("scholar_max_authors" in w for w in warnings)
    assert any("not a CSS colour" in w for w in warnings)
    assert "scholar-layout-badges" in build.soup().select_one(".scholar-publications")["class"]


def test_empty_bibfiles_warns_at_the_directive(project):
    conf = 'extensions = ["sphinx_scholar"]\n'
    build = project(conf=conf)
    [warning] = build.warning_lines("empty")
    assert "index.rst:4" in warning


def test_missing_local_file_warns_and_drops_the_link(project):
    bib = "@article{x2020, title={X}, pdf={papers/missing.pdf}, year={2020}}\n"
    build = project(bib)
    [warning] = build.warning_lines("local_file")
    assert "papers.bib:1:" in warning and "papers/missing.pdf" in warning
    assert build.soup().select_one("a.scholar-link-pdf") is None


def test_malformed_doi_warns(project):
    build = project("@article{x2020, title={X}, doi={not-a-doi}, year={2020}}\n")
    [warning] = build.warning_lines("doi")
    assert "papers.bib:1:" in warning


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "<script>alert(1)</script>"),
        ("title", '"><img src=x onerror=alert(1)>'),
        ("author", "<b>Bold</b>, Evil"),
        ("abstract", "<iframe src=x></iframe>"),
        ("note", "<a href='javascript:x'>y</a>"),
        ("abbr", "<svg onload=alert(1)>"),
    ],
)
def test_markup_in_any_field_is_escaped(project, field, value):
    title = "" if field == "title" else "title = {T}, "  # an entry without a title is not shown at all
    bib = f"@article{{x2020, {title}{field} = {{{value}}}, year={{2020}}}}\n"
    soup = project(bib).soup()
    item = soup.find(id="x2020")
    assert item is not None
    for tag in ("script", "img", "iframe", "svg", "b"):
        assert item.find(tag) is None, tag
    for element in item.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), element


def test_hostile_key_is_escaped_in_the_id(project):
    soup = project('@article{a"b<c, title={T}, year={2020}}\n').soup()
    assert entries(soup) == ['a"b<c']


def test_an_entry_without_a_title_is_left_out_with_a_located_reason(project):
    bib = (
        "@article{good2020, title={Good}, author={Li, Ping}, journal={J}, year={2020}}\n"
        "\n@article{notitle2021, author={Li, Ping}, journal={J}, year={2021}}\n"
        "@article{blank2022, title={ {} }, author={Li, Ping}, journal={J}, year={2022}}\n"
    )
    conf = (
        'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\nscholar_publication_pages = True\n'
        'scholar_feed = "publications.atom"\nhtml_baseurl = "https://example.org/"\n'
    )
    build = project(bib, ".. publication::\n\n.. publication:: notitle2021 good2020\n", conf=conf)
    soup = build.soup()
    assert [e["id"] for e in soup.select(".scholar-publication")] == ["good2020", "good2020-2"]
    assert "untitled" not in soup.get_text().lower()
    warnings = build.warning_lines("missing_field")
    assert warnings, build.warnings
    for key, line in (("notitle2021", 3), ("blank2022", 4)):
        [warning] = [w for w in warnings if f"'{key}'" in w]
        assert f"papers.bib:{line}:" in warning and "has no title" in warning and "left out" in warning
    assert not (build.outdir / "publications" / "notitle2021.html").exists()
    assert "notitle2021" not in build.text("publications.atom")


def test_stray_comma_before_and_is_repaired_located_and_matched(project):
    bib = GOOD + "\n@article{comma2021,\n  title={Comma},\n  author={Qiaozhe Zhang, and Bob Smith},\n  year={2021}}\n"
    build = project(bib)
    [warning] = build.warning_lines("names")
    assert "papers.bib:3:" in warning and "'Qiaozhe Zhang,'" in warning and "read as 'Qiaozhe Zhang'" in warning
    entry = build.soup().select_one("#comma2021")
    assert [a.get_text() for a in entry.select(".scholar-author")] == ["Qiaozhe Zhang", "Bob Smith"]
    assert [a.get_text() for a in entry.select(".scholar-self")] == ["Qiaozhe Zhang"]


def test_exporters_escaping_is_repaired_with_a_located_warning(project):
    bib = (
        '@preamble{"\\providecommand{\\rpackage}[1]{{#1}}"}\n'
        "@article{mendeley2011,\n"
        "  title={Quantum {\\textless}i{\\textgreater}in situ{\\textless}/i{\\textgreater} tomography with \\rpackage{qt}},\n"
        "  author={Du\\ifmmode \\check{s}\\else \\v{s}\\fi{}ek, M. and Zhang, Qiaozhe},\n"
        "  abstract={a 242-{\\$}\\backslashsigma{\\$} violation},\n"
        "  journal={J}, year={2011}}\n"
    )
    build = project(bib)
    warnings = build.warning_lines("latex")
    assert len(warnings) == 2 and all("papers.bib:2:" in w and "escaped by its exporter" in w for w in warnings)
    entry = build.soup().select_one("#mendeley2011")
    title = entry.select_one(".scholar-title-text")
    assert title.get_text() == "Quantum in situ tomography with qt"
    assert title.select_one("em").get_text() == "in situ"
    assert [a.get_text() for a in entry.select(".scholar-author")] == ["M. Dušek", "Qiaozhe Zhang"]
    abstract = entry.select_one(".scholar-abstract")
    assert abstract.select_one("math") is not None and "backslash" not in abstract.get_text()
