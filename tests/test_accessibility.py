"""axe-core on the demo's list and entry pages in every supported theme.

Each theme frames the same demo (docs/demo with ``html_theme`` overridden), in
light and dark, at 390 and 1280 px.  A violation counts as ours when the
element, or one around it below ``<html>``, carries a ``scholar-*`` class: the themes' own
frames (furo's drawer landmarks, alabaster's footer contrast, rtd's top bar)
are theirs to fix.  The scholar theme's whole page is tested in test_theme.py.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import run_build, serve
from test_theme import DEMO, Visitor, axe_violations

pytest.importorskip("axe_playwright_python")
# the scholar theme is ours and always there; the others skip when not installed
THEMES = ["scholar", "furo", "pydata_sphinx_theme", "sphinx_book_theme", "sphinx_rtd_theme", "alabaster"]
PAGES = ["publications", "papers/marwick2025sparse", "cv", "news"]
# the violations whose element is ours, as [rule, element, axe's message]
OURS = """violations => violations.flatMap(v => v.nodes.map(n => {
  const element = document.querySelector(n.target[0]);
  // not <html>: its scholar-js class (set by our head script in every theme) marks no markup as ours
  if (!element || element.closest('[class*="scholar-"]:not(html)') === null) return null;
  const check = n.any[0] || n.all[0] || n.none[0] || {};
  return [v.id, element.outerHTML.slice(0, 120), check.message || ""];
}).filter(Boolean))"""


@pytest.fixture(scope="module", params=THEMES)
def themed_demo(request, tmp_path_factory):
    if request.param != "scholar":
        pytest.importorskip(request.param)
    srcdir = tmp_path_factory.mktemp(request.param) / "demo"
    shutil.copytree(DEMO, srcdir, ignore=shutil.ignore_patterns("_build"))
    build = run_build(srcdir, html_theme=request.param)
    with serve(build.outdir) as base:
        yield base


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_our_markup_passes_axe_in_every_theme(browser, themed_demo, scheme, width):
    visitor = Visitor(browser, themed_demo, viewport={"width": width, "height": 900}, color_scheme=scheme)
    found = {}
    for name in PAGES:
        page = visitor.open(name)
        found[name] = page.evaluate(OURS, axe_violations(page))
    visitor.close()
    assert found == {name: [] for name in PAGES}


@pytest.mark.parametrize("width", [390, 1280])
def test_link_badges_and_toggles_are_24px_targets_with_legible_text(browser, themed_demo, width):
    """WCAG 2.2's target size (24 x 24 CSS px), in every theme; the text stays at 12 px or more."""
    visitor = Visitor(browser, themed_demo, viewport={"width": width, "height": 900})
    sizes = []
    for name in ("publications", "layouts", "cv"):
        page = visitor.open(name)
        sizes += page.locator(".scholar-link-badge, .scholar-actions > details > summary").evaluate_all(
            """elements => elements.map(e => {
                const box = e.getBoundingClientRect();
                return [e.textContent.trim(), box.width, box.height, parseFloat(getComputedStyle(e).fontSize)];
            })"""
        )
    visitor.close()
    assert len(sizes) > 20
    small = [size for size in sizes if size[1] < 24 or size[2] < 24 or size[3] < 12]
    assert small == []


def test_facet_controls_follow_the_theme_and_fit_two_lines_on_a_phone(browser, themed_demo, request):
    theme = request.node.callspec.params["themed_demo"]
    visitor = Visitor(browser, themed_demo, viewport={"width": 390, "height": 900})
    page = visitor.open("publications")
    read = """() => {
        const select = document.querySelector('.scholar-facet select'), label = select.closest('label');
        const tops = [...document.querySelectorAll('.scholar-facet')].map(e => e.getBoundingClientRect().top);
        const lines = tops.sort((a, b) => a - b).filter((top, i, all) => i === 0 || top - all[i - 1] > 10).length;
        const style = getComputedStyle(select);
        return {color: style.color, label: getComputedStyle(label).color, background: style.backgroundColor,
                scheme: style.colorScheme, lines};
    }"""
    light = page.evaluate(read)
    assert light["color"] == light["label"], light
    # the scholar theme gives them its surface colour; in the others they let the page show through
    assert theme == "scholar" or light["background"] == "rgba(0, 0, 0, 0)", light
    assert light["lines"] <= 2, light
    if theme == "scholar":
        page.evaluate("document.documentElement.dataset.scheme = 'dark'")
        dark = page.evaluate(read)
        assert dark["color"] == dark["label"] != light["color"] and dark["background"] != light["background"], dark
    if theme in ("furo", "pydata_sphinx_theme", "sphinx_book_theme"):
        # the theme's own toggle, not the system's setting: its data-theme attribute
        page.evaluate("document.body.dataset.theme = 'dark'; document.documentElement.dataset.theme = 'dark'")
        dark = page.evaluate(read)
        assert dark["scheme"] == "dark" and dark["color"] == dark["label"] != light["color"], dark
    visitor.close()


def test_open_panels_never_widen_the_page_on_a_phone(browser, themed_demo):
    visitor = Visitor(browser, themed_demo, viewport={"width": 390, "height": 900})
    widths = {}
    for name in ("publications", "layouts", "papers/marwick2025sparse", "lab"):
        page = visitor.open(name)
        page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true; })")
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
    visitor.close()
    assert widths == dict.fromkeys(widths, 390)


# each entry's link badges and toggles as [text, left, top, bottom], and its open panels' tops, in page px
BUTTON_ROW = """() => [...document.querySelectorAll('.scholar-actions')].map(row => {
  const place = e => { const box = e.getBoundingClientRect(); return [box.left, box.top + scrollY, box.bottom + scrollY]; };
  return {
    buttons: [...row.querySelectorAll('.scholar-link-badge, details > summary')].map(e => [e.textContent.trim(), ...place(e)]),
    panels: [...row.querySelectorAll('details[open] > .scholar-panel-body')].map(e => place(e)[1]),
  };
})"""


def _row_shape(row):
    """The buttons' places relative to the row's first one (later entries move down as one opens)."""
    first = row["buttons"][0]
    return [(text, round(left - first[1]), round(top - first[2])) for text, left, top, _ in row["buttons"]]


@pytest.mark.parametrize("width", [390, 1280])
def test_opening_a_panel_moves_no_button_and_opens_below_the_row(browser, themed_demo, width):
    visitor = Visitor(browser, themed_demo, viewport={"width": width, "height": 900})
    page = visitor.open("publications")
    before = page.evaluate(BUTTON_ROW)
    assert sum(len(row["buttons"]) for row in before) > 20 and all(row["panels"] == [] for row in before)
    summaries = page.locator(".scholar-actions details > summary")
    assert summaries.count() > 10
    for summary in summaries.all():
        summary.click()
        after = page.evaluate(BUTTON_ROW)
        assert [_row_shape(row) for row in after] == [_row_shape(row) for row in before], summary.text_content()
        opened = [row for row in after if row["panels"]]
        assert len(opened) == 1
        lowest = max(bottom for *_, bottom in opened[0]["buttons"])
        assert all(top >= lowest for top in opened[0]["panels"]), opened
        summary.click()
    visitor.close()


def test_cite_as_copy_is_a_styled_button_that_announces_copied(browser, themed_demo):
    visitor = Visitor(browser, themed_demo, viewport={"width": 390, "height": 900})
    visitor.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = visitor.open("papers/marwick2025sparse")
    button = page.locator(".scholar-cite-apa > .scholar-copy")
    style = button.evaluate(
        """e => { const s = getComputedStyle(e), box = e.getBoundingClientRect();
                  return [s.borderTopStyle, s.backgroundColor, s.color === s.borderTopColor, box.width >= 24 && box.height >= 24]; }"""
    )
    assert style == ["solid", "rgba(0, 0, 0, 0)", True, True]
    assert button.get_attribute("aria-label") == "Copy APA"
    # the text keeps clear of its border, and the button of the text
    gap = page.locator(".scholar-cite-apa").evaluate(
        """block => { const text = block.querySelector('.scholar-cite-text').getBoundingClientRect();
                      const box = block.getBoundingClientRect(), copy = block.querySelector('.scholar-copy').getBoundingClientRect();
                      return [text.left - box.left, text.top - copy.bottom, box.right - copy.right]; }"""
    )
    assert gap[0] >= 12 and gap[1] >= 0 and gap[2] >= 6, gap
    status = page.locator(".scholar-cite-apa > [role=status]")
    assert status.text_content() == ""
    button.click()
    page.wait_for_function("document.querySelector('.scholar-cite-apa > [role=status]').textContent === 'Copied'")
    assert button.text_content() == "Copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(".scholar-cite-apa .scholar-cite-text").text_content().strip()
    assert copied.startswith("Marwick, L.")
    visitor.close()


def test_lab_cards_fit_their_content_and_start_alike_with_or_without_a_photo(browser, themed_demo):
    visitor = Visitor(browser, themed_demo, viewport={"width": 1280, "height": 900})
    page = visitor.open("lab")
    cards = page.locator(".sd-card:has(.scholar-researcher)").evaluate_all(
        """cards => cards.map(card => {
            const box = card.getBoundingClientRect(), body = card.querySelector('.scholar-researcher').getBoundingClientRect();
            const avatar = card.querySelector('.scholar-researcher-photo').getBoundingClientRect();
            return {name: card.querySelector('.scholar-researcher-name').textContent,
                    photo: !!card.querySelector('.scholar-researcher-photo img'),
                    spare: box.height - body.height, avatar: [Math.round(avatar.left - box.left),
                    Math.round(avatar.top - box.top), Math.round(avatar.width), Math.round(avatar.height)]};
        })"""
    )
    visitor.close()
    assert len(cards) == 4 and {card["photo"] for card in cards} == {True, False}
    # a card is as tall as what it holds (plus its padding), not as the row's tallest
    assert all(card["spare"] < 60 for card in cards), cards
    # the photo, or the initials in its place, has one size and place in every card
    assert len({tuple(card["avatar"]) for card in cards}) == 1, cards
    assert 60 <= cards[0]["avatar"][2] <= 80 and cards[0]["avatar"][2] == cards[0]["avatar"][3]


def test_a_lone_card_in_the_last_row_is_centred(browser, themed_demo):
    visitor = Visitor(browser, themed_demo, viewport={"width": 1280, "height": 900})
    page = visitor.open("lab")
    # the demo's four members fill two rows of two: without the fourth, the third is alone
    page.evaluate("document.querySelectorAll('.sd-row > .sd-col:has(.scholar-researcher)')[3].remove()")
    offset = page.evaluate(
        """() => { const cells = [...document.querySelectorAll('.sd-row > .sd-col:has(.scholar-researcher)')];
                   const row = cells[2].parentElement.getBoundingClientRect(), cell = cells[2].getBoundingClientRect();
                   const first = cells[0].getBoundingClientRect();
                   return [Math.abs((cell.left + cell.right) / 2 - (row.left + row.right) / 2), cell.top > first.top]; }"""
    )
    visitor.close()
    assert offset[1] and offset[0] < 2, offset


def test_profile_icons_are_one_style_in_the_text_colour(browser, themed_demo):
    visitor = Visitor(browser, themed_demo, viewport={"width": 1280, "height": 900})
    page = visitor.open("index")
    colours = page.locator(".scholar-researcher .scholar-profile-link").evaluate_all(
        """links => links.map(link => {
            const colour = getComputedStyle(link).color;
            const painted = [...link.querySelectorAll('svg *')].flatMap(part => {
                const style = getComputedStyle(part);
                return [style.fill, style.stroke].filter(paint => paint !== 'none');
            });
            return [link.textContent.trim(), painted.every(paint => paint === colour)];
        })"""
    )
    visitor.close()
    assert len(colours) >= 8 and [name for name, same in colours if not same] == []


def test_coauthor_columns_start_on_one_line(browser, themed_demo):
    visitor = Visitor(browser, themed_demo, viewport={"width": 1280, "height": 900})
    page = visitor.open("index")
    # as many columns as fit: two here, whatever the theme's text width, to compare their first lines
    page.add_style_tag(content=".scholar-coauthor-list { columns: 2 !important; }")
    tops = page.locator(".scholar-coauthor-list > li").evaluate_all(
        """items => items.map(item => [Math.round(item.getBoundingClientRect().left), item.getBoundingClientRect().top])"""
    )
    visitor.close()
    columns: dict[int, list[float]] = {}
    for left, top in tops:
        columns.setdefault(left, []).append(top)
    assert len(columns) >= 2, tops
    firsts = [min(column) for column in columns.values()]
    assert max(firsts) - min(firsts) < 1, columns


def test_no_theme_adds_its_own_glyph_inside_our_links(browser, themed_demo):
    """pydata-sphinx-theme put a download icon before "PDF" (a local file) and no other badge."""
    visitor = Visitor(browser, themed_demo, viewport={"width": 1280, "height": 900})
    glyphs = []
    for name in ("publications", "index"):
        page = visitor.open(name)
        glyphs += page.locator(".scholar-link-badge, .scholar-profile-link").evaluate_all(
            """links => links.map(link => [link.textContent.trim(), getComputedStyle(link, '::before').content])"""
        )
        if name == "publications":
            # and the researcher's name keeps its underline in every theme
            lines = page.locator(".scholar-self > strong").evaluate_all(
                "names => names.map(name => getComputedStyle(name).textDecorationLine)"
            )
            assert len(lines) > 5 and set(lines) == {"underline"}
    visitor.close()
    assert any(text == "PDF" for text, _ in glyphs) and any(text == "CV" for text, _ in glyphs)
    assert [glyph for glyph in glyphs if glyph[1] not in ("none", "normal")] == []
