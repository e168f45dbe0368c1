"""Layouts: how the parts of an entry (render.py) are arranged.

- ``badges``: venue badge before the bold title; authors; venue; a row of
  link badges with Abstract and BibTeX toggles.
- ``classic``: bold title; bracketed text links; authors; venue (with volume
  and pages); a collapsible "brief introduction".
- ``compact``: one line "NeurIPS 2024 · Conference paper — Title", then
  authors, venue and links on a second line.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..bib.venues import badge_label
from ..locale import _
from ..model import Publication
from .nodes import publication_entry
from .parts import (
    RenderContext,
    abstract_panel,
    annotation_nodes,
    authors_parts,
    award_nodes,
    bibtex_panel,
    kind_label,
    link_items,
    link_node,
    note_nodes,
    preview_node,
    sentence_separator,
    title_nodes,
    venue_badge,
    venue_nodes,
)


def _paragraph(css_class: str, children: list[nodes.Node]) -> nodes.paragraph | None:
    if not children:
        return None
    return nodes.paragraph("", "", *children, classes=[css_class])


def _authors(entry: nodes.Element, publication: Publication, context: RenderContext) -> None:
    names, all_authors = authors_parts(publication, context)
    _append(
        entry,
        _paragraph("scholar-authors", names),
        all_authors,
        _paragraph("scholar-annotation", annotation_nodes(publication)),
    )


def _append(parent: nodes.Element, *children) -> None:
    parent.extend(child for child in children if child is not None)


def _venue_award_note(entry: nodes.Element, publication: Publication, context: RenderContext, detailed: bool) -> None:
    _append(
        entry,
        _paragraph("scholar-venue", venue_nodes(publication, detailed=detailed, context=context)),
        _paragraph("scholar-award", award_nodes(publication)),
        _paragraph("scholar-note", note_nodes(publication)),
    )


def _panels(publication: Publication, context: RenderContext, abstract_summary: str) -> list[nodes.Node]:
    panels = []
    if context.show_abstract:
        panels.append(abstract_panel(publication, abstract_summary, _("Abstract")))
    if context.show_bibtex:
        panels.append(bibtex_panel(publication))
    return [panel for panel in panels if panel is not None]


def badges_entry(publication: Publication, context: RenderContext) -> publication_entry:
    entry = publication_entry()
    _append(entry, preview_node(publication, context))
    title = nodes.paragraph("", "", classes=["scholar-title"])
    badge = venue_badge(publication, context, kind_fallback=True)
    if badge is not None:
        title += badge
        title += nodes.Text(" ")
    title += title_nodes(publication, context)
    entry += title
    _authors(entry, publication, context)
    _venue_award_note(entry, publication, context, detailed=False)
    links = [link_node(link, link.label, ["scholar-link-badge"]) for link in link_items(publication, context)]
    panels = _panels(publication, context, _("Abstract"))
    if links or panels:
        actions = nodes.container("", classes=["scholar-actions"])
        if links:
            actions += nodes.paragraph("", "", *_spaced(links), classes=["scholar-links"])
        actions.extend(panels)
        entry += actions
    return entry


def _spaced(items: Sequence[nodes.Node], separator: str = " ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for item in items:
        if out:
            out.append(nodes.Text(separator))
        out.append(item)
    return out


def _bracketed(links) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for link in links:
        if out:
            out.append(nodes.Text(" "))
        out += [nodes.Text("["), link_node(link, link.label, ["scholar-link-text"]), nodes.Text("]")]
    return out


def classic_entry(publication: Publication, context: RenderContext) -> publication_entry:
    entry = publication_entry()
    _append(entry, preview_node(publication, context))
    entry += nodes.paragraph("", "", title_nodes(publication, context), classes=["scholar-title"])
    _append(entry, _paragraph("scholar-links", _bracketed(link_items(publication, context))))
    _authors(entry, publication, context)
    _venue_award_note(entry, publication, context, detailed=True)
    entry.extend(_panels(publication, context, _("Brief introduction")))
    return entry


def compact_label(publication: Publication, year_policy: str = "always") -> str:
    """ "NeurIPS 2024 · Conference paper"; "Preprint 2024"."""
    text, _abbreviation = badge_label(publication, year_policy)
    year = str(publication.year) if publication.year else ""
    if year and year not in text:
        text = f"{text} {year}".strip()
    kind = kind_label(publication)
    parts = [text] if text else []
    if kind not in text:
        parts.append(kind)
    return " · ".join(parts)


def compact_entry(publication: Publication, context: RenderContext) -> publication_entry:
    entry = publication_entry()
    label = nodes.inline("", compact_label(publication, context.config.badge_year), classes=["scholar-label"])
    entry += nodes.paragraph(
        "", "", label, nodes.Text(" "), title_nodes(publication, context), classes=["scholar-title"]
    )
    names, _all = authors_parts(publication, context)
    second: list[nodes.Node] = []
    if names:
        second.append(nodes.inline("", "", *names, classes=["scholar-authors"]))
    venue = venue_nodes(publication)
    if venue:
        # "et al." already ends the sentence
        stop = sentence_separator(second[-1].astext()) if second else ". "
        second += [nodes.Text(stop), nodes.inline("", "", *venue, classes=["scholar-venue"])]
    links = [link_node(link, link.label, ["scholar-link-text"]) for link in link_items(publication, context)]
    if links:
        second += [nodes.Text(" "), nodes.inline("", "", *_spaced(links, " · "), classes=["scholar-links"])]
    _append(entry, _paragraph("scholar-details-line", second))
    return entry


def page_entry(publication: Publication, context: RenderContext) -> publication_entry:
    """The whole entry on its own page, whose heading is the title: badge and
    kind, every author, the venue in detail, links, the abstract open, BibTeX."""
    entry = publication_entry(classes=["scholar-entry-full"])
    label = nodes.inline("", kind_label(publication), classes=["scholar-label"])
    badge = venue_badge(publication, context)
    _append(
        entry,
        nodes.paragraph(
            "", "", *([badge, nodes.Text(" ")] if badge is not None else []), label, classes=["scholar-title"]
        ),
    )
    _append(entry, preview_node(publication, context))
    _authors(entry, publication, context)
    _venue_award_note(entry, publication, context, detailed=True)
    links = [link_node(link, link.label, ["scholar-link-badge"]) for link in link_items(publication, context)]
    _append(entry, _paragraph("scholar-links", _spaced(links)))
    abstract = abstract_panel(publication, _("Abstract"), _("Abstract"))
    if abstract is not None:
        text = nodes.container("", classes=["scholar-page-abstract"])
        text += nodes.rubric(_("Abstract"), _("Abstract"))
        text.extend(abstract.children)
        entry += text
    _append(entry, bibtex_panel(publication) if context.show_bibtex else None)
    return entry


LAYOUTS = {"badges": badges_entry, "classic": classic_entry, "compact": compact_entry, "page": page_entry}
