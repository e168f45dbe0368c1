"""The scholar theme: its frame in the HTML, and a visitor's experience in a real browser.

Browser tests drive Debian's Chromium through Playwright (never a downloaded
browser) and skip without it; every request to another host is aborted and
recorded.  The demo homepage (docs/demo) is the site under test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONF, run_build, serve, write_project

DEMO = Path(__file__).resolve().parent.parent / "docs" / "demo"
DEMO_PAGES = ["index", "publications", "lab", "layouts", "preprints", "papers/marwick2025sparse", "search"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(DEMO, srcdir, ignore=shutil.ignore_patterns("_build"))
    return run_build(srcdir)


def test_the_demo_builds_cleanly_and_leaves_its_sources_alone(demo):
    assert demo.warning_lines() == []
    assert sorted(p.name for p in Path(demo.app.srcdir).iterdir()) == sorted(
        [p.name for p in DEMO.iterdir() if p.name != "_build"] + ["_build"]
    )


def test_the_demo_shows_every_kind_of_list(demo):
    entries = demo.soup("publications").select("div.scholar-publication")
    assert len(entries) == 9  # ten entries in the demo bib, one hidden
    assert all(e.select_one(".scholar-self") for e in entries)
    layouts = demo.soup("layouts")
    for layout in ("badges", "classic", "compact"):
        assert layouts.select(f".scholar-layout-{layout} .scholar-publication"), layout
    card = demo.soup("index").select_one("div.scholar-researcher")
    assert card.select_one(".scholar-researcher-photo img")["src"].endswith("marwick.svg")
    assert card.select_one(".scholar-stat-works .scholar-stat-value").get_text() == "9"
    lab = demo.soup("lab")
    assert len(lab.select(".sd-card .scholar-researcher")) == 4
    assert lab.select(".scholar-member") and lab.select(".scholar-self")
    preprints = demo.soup("preprints")
    assert [e["id"] for e in preprints.select(".scholar-layout-classic .scholar-publication")] == [
        "marwick2025preprint"
    ]


def test_top_bar_lists_the_root_toctree_and_marks_the_current_page(demo):
    home = demo.soup("index")
    nav = [(a.get_text(), a["href"]) for a in home.select("nav.scholar-nav a")]
    assert nav == [
        ("About", "#"),
        ("Publications", "publications.html"),
        ("CV", "cv.html"),
        ("Talks", "talks.html"),
        ("Teaching", "teaching.html"),
        ("News", "news.html"),
        ("The Marwick Lab", "lab.html"),
    ]
    assert [a.get_text() for a in home.select("nav.scholar-nav a[aria-current=page]")] == ["About"]
    lab = demo.soup("lab")
    assert [a.get_text() for a in lab.select("nav.scholar-nav a[aria-current=page]")] == ["The Marwick Lab"]
    assert lab.select_one("nav.scholar-nav a")["href"] == "index.html"


def test_a_homepage_frame_not_a_docs_site(demo):
    home = demo.soup("index")
    assert home.select_one("a.scholar-site-title").get_text() == "Lena Marwick"
    assert home.title.get_text() == "Lena Marwick"
    assert demo.soup("publications").title.get_text() == "Publications · Lena Marwick"
    assert not home.select(".sphinxsidebar, .related, div.footer")
    # the card sits under the page's title, which is her name: it does not repeat it
    card = home.select_one(".scholar-researcher")
    assert "scholar-researcher-titled" in card["class"] and not card.select(".scholar-researcher-name")
    assert "Lena Marwick" not in card.get_text()
    lab_cards = demo.soup("lab").select(".scholar-researcher-name")
    assert [c.get_text() for c in lab_cards] == [
        "Lena Marwick",
        "Jonas Brandt",
        "Chidi Okafor",
        "Sofía Fernández-García",
    ]
    assert home.select_one("meta[name=description]")["content"] == (
        "Lena Marwick: Research scientist, Example Institute for Machine Learning"
    )
    assert home.select_one("form.scholar-search")["action"] == "search.html"
    # the news directive: the newest three of news.yaml, and a link to the rest
    assert [p.get_text() for p in home.select("ul.scholar-news > li > p.scholar-news-date")] == [
        "Feb 16, 2026",
        "Dec 4, 2025",
        "Jan 10, 2025",
    ]
    assert home.select_one(".scholar-news-archive a")["href"] == "news.html"


def test_footer_has_the_researchers_icon_links_date_and_licence(demo):
    footer = demo.soup("publications").select_one("footer.scholar-footer")
    labels = [span.get_text() for span in footer.select(".scholar-footer-links a > .scholar-visually-hidden")]
    assert labels[:4] == ["Email", "CV", "ORCID", "Google Scholar"] and "GitHub" in labels
    assert all(a.select_one("svg[aria-hidden=true]") for a in footer.select(".scholar-footer-links a"))
    hrefs = [a["href"] for a in footer.select(".scholar-footer-links a")]
    assert "https://orcid.org/0000-0002-1825-0097" in hrefs and "cv.html" in hrefs
    assert footer.select_one(".scholar-last-updated").get_text().startswith("Last updated on ")
    licence = footer.select_one(".scholar-license a")
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/" and licence["rel"] == ["license"]


def test_the_theme_loads_nothing_from_another_host_and_stays_small(demo):
    for name in DEMO_PAGES:
        soup = demo.soup(name)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and element.get("rel") in (["canonical"], ["license"]):
                    continue
                assert "://" not in url and not url.startswith("//"), (name, url)
    own = sum((demo.outdir / "_static" / name).stat().st_size for name in ("scholar-theme.css", "scholar-theme.js"))
    assert own < 40_000, own


def test_theme_options_are_checked_and_other_projects_get_their_name(tmp_path):
    conf = (
        CONF.replace('scholar_researcher = {"name": "Qiaozhe Zhang", "aliases": ["Q. Zhang"]}', "")
        + 'project = "The Graph Lab"\nhtml_theme = "scholar"\n'
        + "html_theme_options = {'accent_color': 'red;}body{display:none', 'nav_links': [{'name': 'Gone', 'url': 'missing.pdf'},"
        " {'name': 'GitHub', 'url': 'https://github.com/example'}, 'oops'], 'nav_home_label': 'Home',"
        " 'scheme_toggle': False, 'accent_color_dark': '#ffcc00'}\n"
    )
    srcdir = write_project(
        tmp_path / "lab",
        {
            "conf.py": conf,
            "papers.bib": "@article{a2024, title={A}, author={Zhang, Q.}, journal={J}, year={2024}}\n",
            "index.rst": "Welcome\n=======\n\n.. toctree::\n   :hidden:\n\n   people\n   GitHub org <https://github.com/graphlab>\n",
            "people.rst": "People\n======\n\n.. publication::\n",
        },
    )
    build = run_build(srcdir)
    theme_warnings = build.warning_lines("theme")
    assert any("accent_color 'red;}body{display:none' is not a CSS colour" in w for w in theme_warnings)
    assert any("'missing.pdf' is neither a document nor a file" in w for w in theme_warnings)
    assert any("a link must be" in w and "'oops'" in w for w in theme_warnings)
    assert len(theme_warnings) == 3  # each once, not once per page
    home = build.soup("index")
    assert home.select_one("a.scholar-site-title").get_text() == "The Graph Lab"
    assert [a.get_text() for a in home.select("nav.scholar-nav a")] == ["Home", "People", "GitHub org", "GitHub"]
    assert home.select_one("nav.scholar-nav a[href='https://github.com/graphlab']")
    assert not home.select(".scholar-scheme-button")
    style = "".join(s.get_text() for s in home.find_all("style"))
    assert "display:none" not in style and "--scholar-theme-accent-dark:#ffcc00" in style
    assert not home.select(".scholar-footer-links")  # no researcher, no footer links


@pytest.mark.parametrize("colours", ["monochrome", "brand"])
def test_footer_icons_follow_scholar_icon_colors(tmp_path, colours):
    conf = (
        CONF.replace(
            '{"name": "Qiaozhe Zhang", "aliases": ["Q. Zhang"]}',
            '{"name": "Qiaozhe Zhang", "links": {"orcid": "0000-0002-1825-0097", "github": "qz"}}',
        )
        + f'html_theme = "scholar"\nscholar_icon_colors = "{colours}"\n'
    )
    srcdir = write_project(tmp_path / "site", {"conf.py": conf, "papers.bib": "", "index.rst": "Home\n====\n"})
    footer = run_build(srcdir).soup("index").select_one("ul.scholar-footer-links")
    assert ("scholar-icons-brand" in footer["class"]) == (colours == "brand")
    assert footer.select_one("svg.scholar-icon-orcid.scholar-icon-monogram")


def test_other_themes_are_untouched(tmp_path):
    srcdir = write_project(
        tmp_path / "furo",
        {"conf.py": CONF + 'html_theme = "alabaster"\n', "papers.bib": "", "index.rst": "Home\n====\n"},
    )
    home = run_build(srcdir).soup("index")
    assert not home.select(".scholar-header, .scholar-footer") and home.select(".sphinxsidebar")


# ---- In a real browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def server(demo):
    with serve(demo.outdir) as base:
        yield base


class Visitor:
    """A browser context that aborts and records every request to another host."""

    def __init__(self, browser, base: str, **options) -> None:
        self.base, self.elsewhere = base, []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def open(self, name: str):
        self.page.goto(f"{self.base}/{name}.html")
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()
        assert self.elsewhere == [], self.elsewhere


def test_menu_opens_and_closes_with_the_keyboard_at_phone_width(browser, server):
    visitor = Visitor(browser, server, viewport={"width": 390, "height": 800})
    page = visitor.open("publications")
    menu, nav = page.locator(".scholar-menu-button"), page.locator("#scholar-nav")
    assert menu.is_visible() and nav.is_hidden()
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Tab")  # the skip link first
    page.keyboard.press("Tab")  # the site title
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "scholar-menu-button"
    page.keyboard.press("Enter")
    assert nav.is_visible() and menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "About"  # the menu's first link is next
    page.keyboard.press("Escape")
    assert nav.is_hidden() and menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.className") == "scholar-menu-button"
    page.keyboard.press("Space")
    assert nav.is_visible()
    page.keyboard.press("Space")
    assert nav.is_hidden()
    visitor.close()


def test_without_javascript_the_menu_is_open_and_the_buttons_are_gone(browser, server):
    visitor = Visitor(browser, server, viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = visitor.open("index")
    assert page.locator("#scholar-nav a", has_text="Publications").is_visible()
    assert page.locator(".scholar-menu-button").is_hidden() and page.locator(".scholar-scheme-button").is_hidden()
    visitor.close()


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_scheme_follows_the_system_and_a_choice_persists_across_pages(browser, server):
    dark_system = Visitor(browser, server, color_scheme="dark")
    assert _background(dark_system.open("index")) == "rgb(20, 23, 27)"
    dark_system.close()
    visitor = Visitor(browser, server, color_scheme="light")
    page = visitor.open("index")
    light = _background(page)
    assert light == "rgb(253, 253, 252)"
    button = page.locator(".scholar-scheme-button")
    assert button.get_attribute("aria-label").startswith("Colour scheme: automatic")
    button.click()  # auto -> light
    button.click()  # light -> dark
    assert button.get_attribute("aria-label") == "Colour scheme: dark"
    assert _background(page) == "rgb(20, 23, 27)"
    page = visitor.open("publications")
    # the remembered scheme is set before the first paint: the page never shows light first
    assert page.evaluate("document.documentElement.dataset.scheme") == "dark"
    assert _background(page) == "rgb(20, 23, 27)"
    assert page.locator(".scholar-scheme-button").get_attribute("aria-label") == "Colour scheme: dark"
    page.locator(".scholar-scheme-button").click()  # dark -> auto: the system's light again
    page = visitor.open("index")
    assert _background(page) == light and page.evaluate("document.documentElement.dataset.scheme") is None
    visitor.close()


def test_nothing_scrolls_sideways_at_320_pixels(browser, server):
    visitor = Visitor(browser, server, viewport={"width": 320, "height": 700})
    for name in DEMO_PAGES:
        page = visitor.open(name)
        for details in page.locator("details").all():
            details.evaluate("element => element.open = true")
        page.locator(".scholar-menu-button").click()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, overflow)
    visitor.close()


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_top_bar_is_one_row_on_a_laptop_whichever_page_is_current(browser, server, width):
    # the current page's link is bold and wider: Talks and Teaching once pushed the colour button to a row of its own
    visitor = Visitor(browser, server, viewport={"width": width, "height": 800})
    for name in ("index", "publications", "cv", "talks", "teaching", "news", "lab"):
        page = visitor.open(name)
        rows = page.evaluate(
            """() => [".scholar-site-title", ".scholar-nav li:first-child", ".scholar-nav li:last-child",
                     ".scholar-search input", ".scholar-scheme-button"].map(selector => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return [box.top, box.bottom];
            })"""
        )
        middles = [(top + bottom) / 2 for top, bottom in rows]
        assert max(middles) - min(middles) < 12, (name, rows)
    visitor.close()


def test_search_works_through_sphinx_search_page(browser, server):
    visitor = Visitor(browser, server, viewport={"width": 1280, "height": 900})
    page = visitor.open("index")
    page.get_by_label("Search this site").fill("hypergraphs")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    titles = page.locator("#search-results ul.search li a").all_text_contents()
    assert any("Hypergraphs" in title for title in titles), titles
    visitor.close()


AXE_PAGES = ["index", "publications", "lab", "papers/marwick2025sparse", "search"]


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the open page (axe-playwright-python bundles the script)."""
    axe = pytest.importorskip("axe_playwright_python")
    page.add_script_tag(path=str(Path(axe.__file__).with_name("axe.min.js")))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, server, scheme, width):
    visitor = Visitor(browser, server, viewport={"width": width, "height": 900}, color_scheme=scheme)
    found = {}
    for name in AXE_PAGES:
        violations = axe_violations(visitor.open(name))
        found[name] = [
            (violation["id"], [node["target"] for node in violation["nodes"]][:3]) for violation in violations
        ]
    visitor.close()
    assert all(not violations for violations in found.values()), found


def test_nav_links_copy_a_local_file_and_know_the_pdf_cv_and_pages(tmp_path):
    conf = (
        CONF
        + 'html_theme = "scholar"\n'
        + "html_theme_options = {'nav_links': [{'name': 'Poster', 'url': 'files/poster.pdf'},"
        " {'name': 'CV (PDF)', 'url': 'cv.pdf'}, {'name': 'People', 'url': 'sub/people.html'}]}\n"
    )
    srcdir = write_project(
        tmp_path / "links",
        {
            "conf.py": conf,
            "papers.bib": "",
            "files/poster.pdf": b"%PDF-1.4 poster",
            "index.rst": "Welcome\n=======\n\n.. toctree::\n   :hidden:\n\n   sub/people\n",
            "sub/people.rst": "People\n======\n",
        },
    )
    build = run_build(srcdir)
    assert build.warning_lines("theme") == []
    nav = {a.get_text(): a["href"] for a in build.soup("sub/people").select("nav.scholar-nav a")}
    assert nav["Poster"] == "../_files/poster.pdf"
    assert (build.outdir / "_files" / "poster.pdf").read_bytes() == b"%PDF-1.4 poster"
    # the PDF that `sphinx-scholar cv` writes into the site is not a source file
    assert nav["CV (PDF)"] == "../cv.pdf"
    home = {a.get_text(): a["href"] for a in build.soup("index").select("nav.scholar-nav a")}
    assert (home["Poster"], home["CV (PDF)"], home["People"]) == ("_files/poster.pdf", "cv.pdf", "sub/people.html")
