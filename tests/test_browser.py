"""The facet bar in a real browser: Debian's Chromium driven by Playwright.

Skips when Playwright or /usr/bin/chromium is not installed (``apt-get install
chromium``); Playwright's own browser download is never used.
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import CHROMIUM, CONF, run_build, serve, write_project

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

BIB = r"""
@article{a2024, title={Alpha Graphs}, author={Zhang, Qiaozhe}, journal={JMLR}, year={2024}, keywords={graphs},
  abstract={An abstract about graphs.}}
@inproceedings{b2023, title={Beta Vision}, author={Zhang, Qiaozhe}, booktitle={CVPR}, year={2023}, keywords={vision}}
@inproceedings{c2023, title={Gamma Graphs}, author={Zhang, Qiaozhe}, booktitle={ICML}, year={2023}, keywords={graphs, theory}}
@article{d2021, title={Delta}, author={Zhang, Qiaozhe}, journal={TPAMI}, year={2021}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = write_project(
        tmp_path_factory.mktemp("browser"),
        {
            "conf.py": CONF,
            "papers.bib": BIB,
            "index.rst": "Papers\n======\n\n.. publication::\n   :group-by: year\n   :count:\n   :facets: year, type, tag\n",
        },
    )
    build = run_build(srcdir)
    with serve(build.outdir) as base:
        yield f"{base}/index.html"


def visible_entries(page):
    return [element.get_attribute("id") for element in page.locator(".scholar-publication:visible").all()]


def test_typing_filters_entries_and_hides_empty_groups(browser, site):
    page = browser.new_page()
    page.goto(site)
    assert page.locator(".scholar-facet-status").text_content() == "4 of 4 shown"
    page.get_by_label("Search publications").fill("graphs")
    assert visible_entries(page) == ["a2024", "c2023"]
    assert page.locator("section#year-2021").is_hidden()
    assert page.locator("section#year-2024").is_visible()
    assert page.locator(".scholar-facet-status").text_content() == "2 of 4 shown"
    assert page.locator("section#year-2023 h2").text_content().rstrip("¶") == "2023 (1)"  # was (2)
    assert parse_qs(urlsplit(page.url).query) == {"scholar-list-0-q": ["graphs"]}
    page.get_by_label("Search publications").fill("")
    assert page.locator("section#year-2023 h2").text_content().rstrip("¶") == "2023 (2)"
    assert parse_qs(urlsplit(page.url).query) == {}
    page.close()


def test_facets_combine_and_the_url_restores_the_view(browser, site):
    page = browser.new_page()
    page.goto(site)
    page.get_by_label("Year").select_option("2023")
    page.get_by_label("Tag").select_option("graphs")
    assert visible_entries(page) == ["c2023"]
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"scholar-list-0-year": ["2023"], "scholar-list-0-tag": ["graphs"]}
    other = browser.new_page()
    other.goto(shared)
    assert visible_entries(other) == ["c2023"]
    assert other.get_by_label("Year").input_value() == "2023"
    other.close()
    page.close()


def test_keyboard_only(browser, site):
    page = browser.new_page()
    page.goto(site)
    page.get_by_label("Type").focus()
    page.keyboard.press("ArrowDown")  # first option after "All"
    assert page.get_by_label("Type").input_value() in ("article", "inproceedings")
    assert len(visible_entries(page)) == 2
    page.close()


def test_without_javascript_every_entry_is_there(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site)
    assert visible_entries(page) == ["a2024", "b2023", "c2023", "d2021"]
    assert page.locator(".scholar-facets").is_hidden()  # in the page, and not shown: it would do nothing
    context.close()


SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const shift of list.getEntries()) window.__shifts.push(shift.value); })
  .observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_bar_has_its_room_from_the_first_paint(browser, site, width):
    # the script fills the bar after the page is shown; nothing below it may move then
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(SHIFTS)
    page = context.new_page()
    page.goto(site)
    page.wait_for_function("document.querySelector('.scholar-facet select').options.length > 1")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shifts") == []
    first = page.locator("#a2024").bounding_box()
    context.close()
    # where the first entry is before the script runs at all: the same place
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route("**/sphinx-scholar.js*", lambda route: route.abort())
    page = context.new_page()
    page.goto(site)
    assert page.locator(".scholar-facets").is_visible()
    assert page.locator("#a2024").bounding_box()["y"] == first["y"]
    context.close()


def test_abstracts_are_closed_on_screen_and_open_in_print(browser, site):
    page = browser.new_page()
    page.goto(site)
    body = page.locator("#a2024 details.scholar-abstract .scholar-panel-body")
    assert body.is_hidden()
    page.locator("#a2024 details.scholar-abstract summary").press("Enter")  # keyboard opens it
    assert body.is_visible()
    page.locator("#a2024 details.scholar-abstract summary").press("Enter")
    assert body.is_hidden()
    page.emulate_media(media="print")
    assert body.is_visible()
    assert page.locator("#a2024 details.scholar-bibtex").is_hidden()
    page.close()


def test_the_optional_script_keeps_one_panel_open_per_entry(browser, site):
    page = browser.new_page()
    page.goto(site)
    abstract = page.locator("#a2024 details.scholar-abstract")
    bibtex = page.locator("#a2024 details.scholar-bibtex")
    abstract.locator("summary").click()
    assert abstract.get_attribute("open") is not None
    bibtex.locator("summary").click()
    page.wait_for_function("!document.querySelector('#a2024 details.scholar-abstract').open")
    assert bibtex.get_attribute("open") is not None and abstract.get_attribute("open") is None
    page.close()


MATH_BIB = r"""
@inproceedings{m2024, title={Learning via $\alpha$-Divergences in $O(n^2)$ Time}, author={Zhang, Qiaozhe},
  booktitle={NeurIPS}, year={2024}, abstract={We bound $\sum_{i=1}^n x_i^2$ by \(\frac{1}{2}\sqrt{n}\).}}
@article{m2023, title={{#NC}\({}^{\mbox{1}}\) Circuits and $\mathcal{L}_\infty$ Norms}, author={Zhang, Qiaozhe},
  journal={JMLR}, year={2023}}
"""


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_maths_from_the_bib_shows_as_mathml_with_no_network(browser, tmp_path, theme):
    """Every request to another host is aborted: the maths must still show, as MathML with a size,
    and no TeX may be left in the visible text; no MathJax is asked for."""
    pytest.importorskip(theme)
    conf = CONF + f'html_theme = "{theme}"\nscholar_publication_pages = True\n'
    build = run_build(
        write_project(tmp_path / theme, {"conf.py": conf, "papers.bib": MATH_BIB, "index.rst": ".. publication::\n"})
    )
    served = contextlib.ExitStack()
    base = served.enter_context(serve(build.outdir))
    elsewhere: list[str] = []
    page = browser.new_page()

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    try:
        for path in ("/index.html", "/publications/m2024.html"):
            page.goto(base + path)
            for details in page.locator("details").all():
                details.evaluate("element => element.open = true")
            sizes = page.locator("h1 math, .scholar-title math").evaluate_all(
                "elements => elements.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
            )
            assert sizes and all(width > 0 and height > 0 for width, height in sizes), (path, sizes)
            visible = page.locator(".scholar-publication, h1").evaluate_all(
                "elements => elements.map(e => e.innerText).join(' ')"
            )
            visible = visible.split("@inproceedings")[0].split("@article")[0]  # the BibTeX panel is source
            assert "\\" not in visible and "$" not in visible, visible
            displays = page.locator("h1 math, .scholar-title math").evaluate_all(
                "elements => elements.map(e => getComputedStyle(e).display)"
            )
            assert all(display in ("math", "inline", "inline math") for display in displays), displays  # inline
        assert page.title().startswith("Learning via α-Divergences in O(n²) Time")
    finally:
        page.close()
        served.close()
    assert not [url for url in elsewhere if "mathjax" in url.lower()], elsewhere


@pytest.mark.parametrize("theme", ["scholar", "furo"])
def test_previews_keep_one_box_whatever_the_image(browser, tmp_path, theme):
    """Images of any shape sit in the same box, which holds its place before they load."""
    from test_local_files import _png

    if theme != "scholar":
        pytest.importorskip(theme)
    bib = (
        "@article{wide2024, title={Wide}, author={Zhang, Q.}, journal={J}, year={2024}, preview={wide.png}}\n"
        "@article{tall2023, title={Tall}, author={Zhang, Q.}, journal={J}, year={2023}, preview={tall.png}}\n"
    )
    files = {
        "conf.py": CONF + f'html_theme = "{theme}"\n',
        "papers.bib": bib,
        "index.rst": ".. publication::\n",
        "wide.png": _png(400, 100),
        "tall.png": _png(100, 400),
    }
    build = run_build(write_project(tmp_path / theme, files))
    with serve(build.outdir) as base:
        page = browser.new_page()
        # the images never arrive: the boxes must already have their size
        page.route("**/*.png", lambda request_route: request_route.abort())
        try:
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base + "/index.html")
                boxes = page.locator(".scholar-preview").evaluate_all(
                    "elements => elements.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
                )
                assert len(boxes) == 2 and boxes[0] == boxes[1] and boxes[0][0] > 50 and boxes[0][1] > 40, boxes
                # the box stays inside its entry and the page does not scroll sideways
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        finally:
            page.close()


SEARCH_BIB = r"""
@inproceedings{renyi2024, title={Sparse {R}{\'e}nyi Attention}, author={Brandt, Jonas and Nguy{\~{\^e}}n, Th{\`i} Lan},
  booktitle={Advances in Neural Information Processing Systems}, year={2024}, keywords={attention},
  abstract={Hidden words: zeppelin.}}
@article{brandt2023, title={Graphs at Scale}, author={Brandt, Jonas and S{\o}rensen, Mads}, journal={JMLR}, year={2023},
  keywords={graphs}}
@article{other2024, title={Vision Things}, author={Okafor, Chidi}, journal={TPAMI}, year={2024}, keywords={vision},
  note={Brandt's favourite}}
@inproceedings{many2022, title={Team Science}, author={A, One and B, Two and C, Three and D, Four and E, Five and
  F, Six and G, Seven and H, Eight and I, Nine and Wojcik, Ewa}, booktitle={ICML}, year={2022}}
"""


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    index = (
        "Papers\n======\n\n.. contents:: On this page\n   :local:\n\n"
        ".. publication::\n   :group-by: year\n   :count:\n   :facets: year, type, tag\n   :max-authors: 3\n"
    )
    srcdir = write_project(
        tmp_path_factory.mktemp("search"), {"conf.py": CONF, "papers.bib": SEARCH_BIB, "index.rst": index}
    )
    build = run_build(srcdir)
    with serve(build.outdir) as base:
        yield f"{base}/index.html"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Brandt 2024", ["renyi2024"]),  # every word, in any order
        ("2024 brandt", ["renyi2024"]),
        ("Renyi", ["renyi2024"]),  # accents and case are ignored
        ("nguyen", ["renyi2024"]),
        ("SORENSEN", ["brandt2023"]),  # ø is folded too
        ("neural information", ["renyi2024"]),  # the venue
        ("vision", ["other2024"]),  # a tag and a title
        ("wojcik", ["many2022"]),  # an author behind "et al."
        ("booktitle", []),  # the hidden BibTeX source is not searched
        ("zeppelin", []),  # nor the abstract behind its toggle
        ("brandt graphs", ["brandt2023"]),
    ],
)
def test_search_matches_every_word_of_what_the_visitor_sees(browser, search_site, query, found):
    page = browser.new_page()
    page.goto(search_site)
    page.get_by_label("Search publications").fill(query)
    assert visible_entries(page) == found
    page.close()


def test_no_results_says_so_and_one_control_clears_every_filter(browser, search_site):
    page = browser.new_page()
    page.goto(search_site)
    clear = page.get_by_role("button", name="Clear filters")
    assert clear.is_hidden()  # nothing to clear yet
    page.get_by_label("Year").select_option("2023")
    page.get_by_label("Search publications").fill("renyi")
    assert visible_entries(page) == []
    assert page.locator(".scholar-facet-status").text_content() == "No publications match these filters."
    assert page.locator(".scholar-facet-status").get_attribute("aria-live") == "polite"
    clear.click()
    assert len(visible_entries(page)) == 4
    assert (
        page.get_by_label("Year").input_value() == "" and page.get_by_label("Search publications").input_value() == ""
    )
    assert clear.is_hidden()
    assert parse_qs(urlsplit(page.url).query) == {}
    page.close()


def test_the_table_of_contents_hides_groups_the_filter_emptied(browser, search_site):
    page = browser.new_page()
    page.goto(search_site)
    toc = page.locator("nav.contents, div.contents, .contents").first

    def toc_groups():
        return [link.text_content().rstrip("¶").strip() for link in toc.locator("a:visible").all()]

    assert toc_groups() == ["2024 (2)", "2023 (1)", "2022 (1)"]
    page.get_by_label("Search publications").fill("graphs")
    assert toc_groups() == ["2023 (1)"]
    page.get_by_label("Search publications").fill("")
    assert len(toc_groups()) == 3
    page.close()


def test_without_javascript_no_text_mentions_the_bar(browser, search_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_site)
    # the page's own text (the theme's sidebar has its own search form)
    text = page.locator("[role=main]").inner_text().lower()
    assert "team science" in text and "search" not in text and "filter" not in text
    assert page.locator(".scholar-facet-hint").is_hidden()
    context.close()
    # with it, the bar explains itself, and the search box points at that line
    page = browser.new_page()
    page.goto(search_site)
    hint = page.locator(".scholar-facet-hint")
    assert "every word must match" in hint.text_content().lower()
    assert page.get_by_label("Search publications").get_attribute("aria-describedby") == hint.get_attribute("id")
    page.close()
