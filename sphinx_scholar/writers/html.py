"""HTML visitors: plain elements with stable ``scholar-*`` classes; no JavaScript needed."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator

from ..bib.mathml import bib_math, mathml
from ..locale import _
from ..render.nodes import (
    bibtex_source,
    facet_bar,
    publication_entry,
    publication_list,
    scholar_badge,
    scholar_details,
    scholar_entry_nav,
    scholar_preview,
)
from .entries import depart_skipped

if TYPE_CHECKING:
    from typing import Any


def visit_publication_list(self, node: publication_list) -> None:
    attributes = {}
    if node.get("list_id"):
        attributes["data-scholar-list"] = node["list_id"]
    if node.get("facets"):
        attributes["data-scholar-facets"] = " ".join(node["facets"])
    self.body.append(
        self.starttag(node, "div", CLASS=f"scholar-publications scholar-layout-{node['layout']}", **attributes)
    )


def visit_publication_entry(self, node: publication_entry) -> None:
    # The facet bar (sphinx-scholar.js) filters on these; starttag escapes them.
    facet_values: dict[str, str] = node.get("facet_values", {})
    attributes = {f"data-{name}": value for name, value in facet_values.items()}
    self.body.append(self.starttag(node, "div", CLASS="scholar-publication", **attributes))


def depart_div(self, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_scholar_badge(self, node: scholar_badge) -> None:
    attributes = {}
    if node.get("color"):
        attributes["style"] = f"--scholar-badge-color: {node['color']}"
    self.body.append(self.starttag(node, "span", "", CLASS="scholar-badge", **attributes))


def depart_scholar_badge(self, node: scholar_badge) -> None:
    self.body.append("</span>")


def visit_scholar_details(self, node: scholar_details) -> None:
    self.body.append(self.starttag(node, "details", CLASS="scholar-panel"))
    self.body.append(f'<summary class="scholar-toggle">{self.encode(node["summary"])}</summary>\n')
    self.body.append('<div class="scholar-panel-body">\n')


def depart_scholar_details(self, node: scholar_details) -> None:
    self.body.append("</div>\n</details>\n")


def visit_bibtex_source(self, node: bibtex_source) -> None:
    # what docutils writes for a literal block, encoded faster (see encode)
    self.body.append(self.starttag(node, "pre", "", CLASS="literal-block") + encode(self, node.astext()) + "</pre>\n")
    raise nodes.SkipNode


def encode(translator: Any, text: str) -> str:
    """``translator.encode(text)``, with ``str.replace`` where that is docutils' own.

    ``str.translate`` turns slow at the first character it replaces, and an
    entry's BibTeX starts with "@" and quotes its values: 22 µs a block, against
    1 µs for these replacements.
    """
    if type(translator).encode is not HTMLTranslator.encode or translator.special_characters is not _DOCUTILS_TABLE:
        return translator.encode(text)
    for character, entity in _DOCUTILS_ENTITIES:
        if character in text:
            text = text.replace(character, entity)
    return text


_DOCUTILS_TABLE = HTMLTranslator.special_characters
# "&" first, so that the entities put in after it stay whole
_DOCUTILS_ENTITIES = sorted(
    ((chr(code), entity) for code, entity in _DOCUTILS_TABLE.items()), key=lambda pair: pair[0] != "&"
)


def visit_bib_math(self, node: bib_math) -> None:
    # MathML, shown by every current browser with no script; the Unicode reading where there is none
    markup = mathml(node["latex"])
    text = markup if markup is not None else encode(self, node.astext())
    self.body.append(f'<span class="scholar-math">{text}</span>')
    raise nodes.SkipNode


def visit_scholar_preview(self, node: scholar_preview) -> None:
    # decorative beside the entry's own title, so alt=""; lazy, and sized so nothing shifts
    src = self.attval(posixpath.join(self.builder.dlpath, node["filename"]))
    if node["media"] == "video":
        self.body.append(
            f'<video class="scholar-preview scholar-preview-video" src="{src}" controls muted loop playsinline'
            ' preload="metadata" width="160" height="120"></video>'
        )
    else:
        width, height = int(node["width"]), int(node["height"])
        size = f' width="{width}" height="{height}"' if width and height else ""  # an SVG may not say
        self.body.append(f'<img class="scholar-preview" src="{src}" alt="" loading="lazy" decoding="async"{size}>')
    raise nodes.SkipNode


def visit_scholar_entry_nav(self, node: scholar_entry_nav) -> None:
    self.body.append(self.starttag(node, "nav", CLASS="scholar-entry-nav", **{"aria-label": node["label"]}))


def depart_scholar_entry_nav(self, node: scholar_entry_nav) -> None:
    self.body.append("</nav>\n")


FACET_LABELS = {"year": "Year", "type": "Type", "tag": "Tag", "venue": "Venue"}


def visit_facet_bar(self, node: facet_bar) -> None:
    """The bar's controls, empty: sphinx-scholar.js fills the menus from the entries and
    shows it (the stylesheet hides it without scripts), with no shift of the page below."""
    list_id = node["list_id"]
    hint_id = f"{list_id}-facet-hint"
    parts = [
        f'<form class="scholar-facets" role="search" aria-label="{self.attval(_("Filter publications"))}" '
        f'data-scholar-for="{self.attval(list_id)}">'
    ]
    for facet in node["facets"]:
        label = _(FACET_LABELS.get(facet, facet.title()))
        parts.append(
            f'<label class="scholar-facet">{self.encode(label)} <select name="{self.attval(facet)}">'
            f'<option value="">{self.encode(_("All"))}</option></select></label>'
        )
    # a short visible label keeps the bar to two lines on a phone; the name says what is searched
    parts.append(
        f'<label class="scholar-facet scholar-facet-search">{self.encode(_("Search"))} '
        f'<input type="search" name="q" aria-label="{self.attval(_("Search publications"))}" '
        f'aria-describedby="{self.attval(hint_id)}"></label>'
        f'<button type="button" class="scholar-facet-clear" hidden>{self.encode(_("Clear filters"))}</button>'
        # what the script says before any filter, so the line is there from the first paint
        f'<p class="scholar-facet-status" aria-live="polite">{node["count"]} of {node["count"]} shown</p>'
        f'<p class="scholar-facet-hint" id="{self.attval(hint_id)}">'
        + self.encode(
            _(
                "Every word must match the title, authors, venue, year or tags; "
                "accents and case are ignored, and the address keeps your choice."
            )
        )
        + "</p></form>\n"
    )
    self.body.append("".join(parts))
    raise nodes.SkipNode


VISITORS = {
    "facet_bar": (visit_facet_bar, depart_skipped),
    "bib_math": (visit_bib_math, depart_skipped),
    "publication_list": (visit_publication_list, depart_div),
    "publication_entry": (visit_publication_entry, depart_div),
    "scholar_badge": (visit_scholar_badge, depart_scholar_badge),
    "scholar_details": (visit_scholar_details, depart_scholar_details),
    "bibtex_source": (visit_bibtex_source, depart_skipped),
    "scholar_preview": (visit_scholar_preview, depart_skipped),
    "scholar_entry_nav": (visit_scholar_entry_nav, depart_scholar_entry_nav),
}
