"""The publication directive in HTML, on tests/roots/test-basic: parsed output."""

from __future__ import annotations

import pytest
from conftest import CONF, entries

pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)


@pytest.fixture
def page(app):
    app.build()
    from bs4 import BeautifulSoup

    return BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")


def directive_entries(page, number):
    """Entry ids of the number-th publication directive on the page (all its groups)."""
    lists = page.select(f'div.scholar-publications[data-scholar-list="scholar-list-{number}"]')
    return [e["id"] for listing in lists for e in listing.select("div.scholar-publication")]


def entry(page, key):
    found = page.find("div", id=key, class_="scholar-publication")
    assert found is not None, f"entry {key} missing"
    return found


def test_lists_every_visible_entry_newest_first(page):
    assert directive_entries(page, 0) == ["zhang2025preprint", "zhang2024sparse", "li2023graphs", "zhou2019lipschitz"]


def test_hidden_entry_stays_out_of_the_page(page):
    assert page.find(id="zhang2026thesis") is None


def test_year_groups_are_sections_with_anchors(page):
    groups = page.select("section.scholar-group")
    assert [g.find("h2").get_text().rstrip("¶") for g in groups] == ["2025", "2024", "2023", "2019"]
    assert [g["id"] for g in groups] == ["year-2025", "year-2024", "year-2023", "year-2019"]
    assert [e["id"] for e in groups[1].select(".scholar-publication")] == ["zhang2024sparse"]


def test_keys_as_arguments_keep_their_order_and_get_unique_ids(page, app):
    second = page.select_one('div.scholar-publications[data-scholar-list="scholar-list-1"]')
    assert "scholar-layout-classic" in second["class"]
    # the misspelled key is skipped; the others keep the written order
    assert entries(second) == ["zhang2024sparse-2", "li2023graphs-2"]


def test_unknown_key_warns_with_closest_key(page, app):
    warnings = app.warning.getvalue()
    assert (
        "index.rst:10: WARNING: unknown publication key 'zhou2019lipschtz'; did you mean 'zhou2019lipschitz'?"
        in warnings
    )
    assert "[scholar.unknown_key]" in warnings


def test_every_part_has_its_documented_class(page):
    item = entry(page, "zhang2024sparse")
    for css_class in (
        "scholar-badge",
        "scholar-title",
        "scholar-authors",
        "scholar-author",
        "scholar-self",
        "scholar-venue",
        "scholar-links",
        "scholar-abstract",
        "scholar-bibtex",
    ):
        assert item.select(f".{css_class}"), css_class
    assert "scholar-publication" in item["class"]


def test_title_latex_is_rendered(page):
    title = entry(page, "zhang2024sparse").select_one(".scholar-title strong")
    text = title.get_text()
    assert "Sparse Rényi Divergences" in text
    assert "{" not in text and "\\'" not in text
    assert title.find("em").get_text() == "Fast"
    math = title.select_one("span.scholar-math math")
    assert math.get_text() == "α" and "\\" not in title.get_text()


def test_math_is_mathml_with_no_tex_and_no_mathjax(page):
    math = entry(page, "zhang2025preprint").select_one(".scholar-title span.scholar-math math")
    assert math["display"] == "inline" and math.select_one("mi").get_text() == "𝒪"
    assert "\\" not in entry(page, "zhang2025preprint").select_one(".scholar-title").get_text()
    assert not [s for s in page.find_all("script") if "mathjax" in (s.get("src") or "").lower()]


def test_title_links_to_doi_when_no_html_or_url(page):
    link = entry(page, "zhang2024sparse").select_one(".scholar-title a.scholar-title-link")
    assert link["href"] == "https://doi.org/10.1000/spa.2024.7"


def test_researcher_highlighted_in_every_spelling(page):
    for key in ("zhang2024sparse", "zhou2019lipschitz", "li2023graphs", "zhang2025preprint"):
        selves = entry(page, key).select(".scholar-author.scholar-self")
        assert len(selves) == 1, key
        assert selves[0].find("strong") is not None


def test_others_is_et_al_and_marks_are_superscripts(page):
    authors = entry(page, "zhang2024sparse").select(".scholar-author")
    assert authors[-1].get_text() == "et al."
    assert authors[0].select_one("sup.scholar-mark").get_text() == "*"
    assert authors[0].select_one("strong").get_text() == "Qiaozhe Zhang"


def test_dblp_number_never_displayed(page):
    item = entry(page, "li2023graphs")
    assert item.select(".scholar-author")[0].get_text() == "Ping Li"
    assert "0001" not in item.get_text()


def test_coauthor_link_from_config(page):
    link = entry(page, "zhang2024sparse").select_one("a.scholar-coauthor")
    assert link.get_text() == "Wei Sun"
    assert link["href"] == "https://wei-sun.example.org"


def test_venue_badges(page):
    own = entry(page, "zhang2024sparse").select_one(".scholar-badge.scholar-venue-badge")
    assert own.get_text() == "SPA 2024"  # scholar_badge_year = "always": abbr badges get the year too
    assert own["style"] == "--scholar-badge-color: #123456"
    assert own.find("a")["href"] == "https://example.org/spa"
    assert entry(page, "li2023graphs").select_one(".scholar-venue-badge").get_text() == "NeurIPS 2023"
    assert entry(page, "zhou2019lipschitz").select_one(".scholar-venue-badge").get_text() == "JMLR 2019"
    assert entry(page, "zhang2025preprint").select_one(".scholar-venue-badge").get_text() == "Preprint 2025"


def test_venue_line(page):
    assert (
        entry(page, "zhang2024sparse").select_one(".scholar-venue").get_text()
        == "In Symposium on Sparse Algorithms, July 2024"
    )
    assert (
        entry(page, "zhou2019lipschitz").select_one(".scholar-venue").get_text()
        == "Journal of Machine Learning Research, 2019"
    )


def test_link_badges(page, app):
    links = {a.get_text(): a for a in entry(page, "zhang2024sparse").select(".scholar-links a")}
    assert list(links) == ["PDF", "DOI", "Code", "Slides"]
    assert links["DOI"]["href"] == "https://doi.org/10.1000/spa.2024.7"
    assert links["Code"]["href"] == "https://github.com/example/sparse"
    assert "scholar-link-code" in links["Code"]["class"]
    other = {a.get_text(): a["href"] for a in entry(page, "li2023graphs").select(".scholar-links a")}
    assert other == {
        "arXiv": "https://arxiv.org/abs/2301.01234",
        "OpenReview": "https://openreview.net/forum?id=abcXYZ123",
    }
    preprint = {a.get_text(): a["href"] for a in entry(page, "zhang2025preprint").select(".scholar-links a")}
    assert preprint == {"arXiv": "https://arxiv.org/abs/2501.00002"}


def test_local_pdf_is_copied_into_the_site(page, app):
    href = entry(page, "zhang2024sparse").select_one("a.scholar-link-pdf")["href"]
    assert href.startswith("_downloads/") and href.endswith("/sparse.pdf")
    assert (app.outdir / href).read_bytes().startswith(b"%PDF")


def test_unsafe_url_is_dropped_with_a_located_warning(page, app):
    item = entry(page, "zhou2019lipschitz")
    assert all(not a["href"].lower().startswith("javascript") for a in item.find_all("a"))
    # the title falls back to the safe url field
    assert item.select_one("a.scholar-title-link")["href"] == "https://jmlr.example.org/zhou19.html"
    warnings = app.warning.getvalue()
    assert (
        "papers.bib:21: WARNING: html = 'javascript:alert(1)' in entry 'zhou2019lipschitz' is not an http, https, mailto or relative URL"
        in warnings
    )
    assert "[scholar.url]" in warnings


def test_abstract_and_bibtex_are_closed_details(page):
    item = entry(page, "zhang2024sparse")
    abstract = item.select_one("details.scholar-abstract")
    bibtex = item.select_one("details.scholar-bibtex")
    assert abstract.summary.get_text() == "Abstract"
    assert bibtex.summary.get_text() == "BibTeX"
    assert not abstract.has_attr("open") and not bibtex.has_attr("open")
    assert "of order" in abstract.get_text() and "—" in abstract.get_text()


def test_no_abstract_no_panel(page):
    assert entry(page, "li2023graphs").select_one("details.scholar-abstract") is None


def test_shown_bibtex_has_no_private_fields_or_marks(page):
    bibtex = entry(page, "zhang2024sparse").select_one("details.scholar-bibtex").get_text()
    assert "@inproceedings{zhang2024sparse" in bibtex
    for private in ("abbr", "pdf", "code", "slides", "selected", "abstract", "bibtex_show", "award"):
        assert f"{private} =" not in bibtex, private
    assert "doi = " in bibtex and "pages = " in bibtex
    assert "Zhang, Qiaozhe and Sun, Wei" in bibtex and "*" not in bibtex


def test_markup_in_fields_is_text(page):
    item = entry(page, "zhang2025preprint")
    assert item.find("script") is None
    assert '<script>alert("x")</script>' in item.select_one("details.scholar-abstract").get_text().replace(
        "“", '"'
    ).replace("”", '"')


def test_award(page):
    award = entry(page, "zhang2024sparse").select_one(".scholar-award")
    assert award.select_one(".scholar-badge").get_text() == "Award"
    assert "Best Paper Award" in award.get_text()


def test_assets_are_linked_for_html(page, app):
    assert page.find("link", href=lambda h: h and h.split("?")[0].endswith("sphinx-scholar.css"))
    assert (app.outdir / "_static" / "sphinx-scholar.css").exists()
    # sphinx-design is not set up behind the project's back: no stylesheet or script of its own
    assert not page.find("link", href=lambda h: h and "design" in h)
    assert not page.find("script", src=lambda s: s and "design" in s)


def test_shown_bibtex_is_encoded_as_docutils_encodes_text(app):
    """The BibTeX block is written by our own visitor, with the entities docutils uses."""
    import re

    from docutils.writers._html_base import HTMLTranslator

    from sphinx_scholar.bib.bibdata import load_bibliography

    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<pre class="scholar-bibtex-source literal-block">(.*?)</pre>\n', html, re.DOTALL)
    bibliography = load_bibliography([str(app.srcdir / "papers.bib")])
    assert len(blocks) >= 4
    for block in blocks:
        key = re.match(r"&#64;\w+\{([^,]+),", block).group(1)
        assert block == bibliography.get(key).bibtex.translate(HTMLTranslator.special_characters)
    assert any("&quot;" in block for block in blocks)


def test_fast_encoding_equals_the_translators_own():
    from docutils.writers._html_base import HTMLTranslator

    from sphinx_scholar.writers.html import encode

    class Stock(HTMLTranslator):
        def __init__(self):  # no document needed to encode
            pass

    class Theirs(Stock):
        def encode(self, text):
            return "[" + text + "]"

    for text in ("@a{k, t = \"x & <y> &amp; 'z' @ é\"}", '&&&<<>>""@@', "plain", ""):
        assert encode(Stock(), text) == text.translate(HTMLTranslator.special_characters)
    assert encode(Theirs(), "a & b") == "[a & b]"  # a translator's own encode wins


BADGE_MIX = """
@inproceedings{own2024, title={Own}, author={Zhang, Q.}, booktitle={Advances in NeurIPS}, abbr={NeurIPS}, year={2024}}
@inproceedings{derived2024, title={Derived}, author={Zhang, Q.}, booktitle={International Conference on Machine Learning}, year={2024}}
@inproceedings{written2023, title={Written}, author={Zhang, Q.}, booktitle={NeurIPS}, abbr={NeurIPS'23}, year={2023}}
@phdthesis{thesis2019, title={A Thesis}, author={Zhang, Q.}, school={MIT}, year={2019}}
@misc{talk2022, title={A Talk}, author={Zhang, Q.}, howpublished={Invited talk at MIT}, year={2022}}
@software{tool2021, title={A Tool}, author={Zhang, Q.}, version={1.2}, year={2021}}
@inproceedings{mid2020, title={Mid}, author={Zhang, Q.}, booktitle={W}, abbr={NeurIPS 2020 Workshop}, year={2020}}
"""


KEYS = ["own2024", "derived2024", "written2023", "thesis2019", "talk2022", "tool2021", "mid2020"]


@pytest.mark.parametrize(
    "policy, badges",
    [
        (
            None,
            [
                *("NeurIPS 2024", "ICML 2024", "NeurIPS'23", "Thesis 2019", "Talk 2022", "Software 2021"),
                "NeurIPS 2020 Workshop",
            ],
        ),
        ("never", ["NeurIPS", "ICML", "NeurIPS", "Thesis", "Talk", "Software", "NeurIPS Workshop"]),
        ("as-written", ["NeurIPS", "ICML 2024", "NeurIPS'23", "Thesis", "Talk", "Software", "NeurIPS 2020 Workshop"]),
    ],
)
def test_one_badge_year_policy_for_the_whole_list(project, policy, badges):
    conf = CONF + (f"scholar_badge_year = {policy!r}\n" if policy else "")
    soup = project(BADGE_MIX, conf=conf).soup()
    shown = {key: soup.select_one(f"#{key} .scholar-title > .scholar-venue-badge") for key in KEYS}
    assert {key: badge.get_text() for key, badge in shown.items()} == dict(zip(KEYS, badges, strict=True))
    kinds = sorted(key for key, badge in shown.items() if "scholar-kind-badge" in badge["class"])
    assert kinds == ["talk2022", "thesis2019", "tool2021"]


def test_badge_year_policy_is_validated(project):
    build = project(BADGE_MIX, conf=CONF + "scholar_badge_year = 'sometimes'\n")
    [warning] = build.warning_lines("config")
    assert "scholar_badge_year 'sometimes'" in warning and "'always'" in warning
    assert build.soup().select_one("#own2024 .scholar-venue-badge").get_text() == "NeurIPS 2024"


OTHER_TYPES = r"""
@report{rep2020, title={A Report}, author={Zhang, Q.}, type={White paper}, number={7}, publisher={Acme Press}, year={2020}}
@techreport{tech2019, title={Tech}, author={Zhang, Q.}, institution={MIT}, publisher={MIT Press}, year={2019}}
@patent{pat2021, title={A Patent}, author={Zhang, Q.}, type={patentus}, location={US}, number={10,123,456}, holder={Acme Inc.}, year={2021}}
@patent{pat2018, title={Old Patent}, author={Zhang, Q.}, nationality={Germany}, number={DE 123}, assignee={Bosch}, year={2018}}
@masterthesis{mas2017, title={Misspelt}, author={Zhang, Q.}, school={ETH Z{\"u}rich}, year={2017}}
@online{web2022, title={A Post}, author={Zhang, Q.}, organization={The Lab Blog}, url={https://example.org/post}, year={2022}}
@software{sw2023, title={A Tool}, author={Zhang, Q.}, version={2.1.0}, publisher={Zenodo}, url={https://example.org/tool}, year={2023}}
@dataset{data2023, title={Data}, author={Zhang, Q.}, publisher={Dryad}, year={2023}}
@thesis{hab2016, title={Habil}, author={Zhang, Q.}, type={Habilitation thesis}, institution={TU Wien}, year={2016}}
@inproceedings{loc2024, title={Placed}, author={Zhang, Q.}, booktitle={Conf}, location={Vienna, Austria}, month=jul, year={2024}}
@article{iss2024, title={Issued}, author={Zhang, Q.}, journal={J}, volume={3}, issue={2}, pages={1--9}, year={2024}}
"""


@pytest.mark.parametrize(
    "key, venue",
    [
        ("rep2020", "White paper 7, Acme Press, 2020"),
        ("tech2019", "Technical report, MIT, MIT Press, 2019"),
        ("pat2021", "U.S. patent 10,123,456, Acme Inc., 2021"),
        ("pat2018", "Patent Germany DE 123, Bosch, 2018"),
        ("mas2017", "Master's thesis, ETH Zürich, 2017"),
        ("web2022", "The Lab Blog, 2022"),
        ("sw2023", "Zenodo, version 2.1.0, 2023"),
        ("data2023", "Dryad, 2023"),
        ("hab2016", "Habilitation thesis, TU Wien, 2016"),
        ("loc2024", "In Conf, Vienna, Austria, July 2024"),
        ("iss2024", "J, 3(2):1–9, 2024"),
    ],
)
def test_every_type_shows_who_published_it(project, key, venue):
    soup = project(OTHER_TYPES, index=".. publication::\n   :layout: classic\n").soup()
    assert soup.select_one(f"#{key} .scholar-venue").get_text() == venue


def test_urls_of_other_types_are_their_links(project):
    soup = project(OTHER_TYPES).soup()
    for key, url in [("web2022", "https://example.org/post"), ("sw2023", "https://example.org/tool")]:
        assert soup.select_one(f"#{key} .scholar-title a")["href"] == url


ALFOLIO_EXTRAS = r"""
@article{einstein1905, title={Movement}, author={Einstein, A.}, journal={Annalen der Physik}, year={1905},
  doi={10.1002/andp.19053220806}, note={With <a href="https://example.org/sol">solutions</a>},
  additional_info={. **(oral)**}, annotation={Einstein is the <b>first</b> author.<br>See also part II.},
  altmetric={248277}, dimensions={true}, google_scholar_id={qyhmnyLat1gC}, inspirehep_id={3255}}
@article{nodoi2020, title={No DOI}, author={Zhang, Q.}, journal={J}, year={2020}, altmetric={true}, dimensions={true}}
"""


def test_note_additional_info_and_annotation_are_all_shown(project):
    build = project(ALFOLIO_EXTRAS)
    entry = build.soup().select_one("#einstein1905")
    note = entry.select_one(".scholar-note")
    assert note.get_text() == "With solutions (oral)"
    assert note.select_one("a")["href"] == "https://example.org/sol"
    assert note.select_one("strong").get_text() == "(oral)"
    annotation = entry.select_one(".scholar-annotation")
    assert annotation.get_text() == "Einstein is the first author. See also part II."
    assert annotation.select_one(".scholar-line-break") is not None  # the CSS breaks the line there
    assert annotation.select_one("strong").get_text() == "first"
    assert "<" not in annotation.get_text() and "*" not in note.get_text()


def test_metric_fields_are_plain_links(project):
    build = project(ALFOLIO_EXTRAS, conf=CONF + "html_theme = 'alabaster'\n")
    soup = build.soup()
    links = {a.get_text(): a["href"] for a in soup.select("#einstein1905 .scholar-links a")}
    assert links["Altmetric"] == "https://www.altmetric.com/details/248277"
    assert links["Dimensions"] == "https://badge.dimensions.ai/details/doi/10.1002/andp.19053220806"
    assert links["INSPIRE"] == "https://inspirehep.net/literature/3255"
    # no Scholar profile id known: a search for the exact title
    assert links["Google Scholar"] == "https://scholar.google.com/scholar?q=%22Movement%22"
    # no badge script or image from those hosts
    hosts = [tag.get("src", "") for tag in soup.select("script[src], img[src], iframe")]
    assert not [src for src in hosts if "://" in src]
    # "true" without a DOI makes no link, and says so at the entry's line
    assert not soup.select("#nodoi2020 .scholar-links a")
    warnings = build.warning_lines("url")
    assert len(warnings) == 2 and all("papers.bib:5:" in w and "needs a doi" in w for w in warnings)


def test_google_scholar_link_uses_the_researchers_profile(project):
    conf = CONF.replace('"aliases": ["Q. Zhang"]}', '"aliases": ["Q. Zhang"], "scholar": "AbCdEf123"}')
    soup = project(ALFOLIO_EXTRAS, conf=conf).soup()
    link = soup.find("a", string="Google Scholar", class_="scholar-link-google_scholar_id")
    assert link["href"] == (
        "https://scholar.google.com/citations?view_op=view_citation&hl=en"
        "&user=AbCdEf123&citation_for_view=AbCdEf123:qyhmnyLat1gC"
    )
