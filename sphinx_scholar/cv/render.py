"""CV sections as docutils nodes.

Only standard nodes (section, container, paragraph, lists, references) with
our classes, so every builder writes a CV: HTML gets a two-column entry (what,
and when and where), LaTeX and text the same content in reading order.
"""

from __future__ import annotations

from docutils import nodes

from ..locale import _
from ..render.richtext import markdown_nodes
from .dates import date_range
from .model import CVEntry, CVLink, CVProfile, CVSection


def _text(text: str, classes: list[str], element: type[nodes.TextElement] = nodes.inline) -> nodes.TextElement:
    node = element("", "", classes=classes)
    node.extend(markdown_nodes(text))
    return node


def links_paragraph(links: tuple[CVLink, ...]) -> nodes.paragraph:
    paragraph = nodes.paragraph("", "", classes=["scholar-cv-links"])
    for index, link in enumerate(links):
        if index:
            paragraph += nodes.Text(" ")
        paragraph += nodes.reference(
            "", _(link.label), refuri=link.url, classes=["scholar-link", "scholar-link-badge", "scholar-cv-link"]
        )
    return paragraph


def entry_node(entry: CVEntry, kind: str) -> nodes.Element:
    """One entry; its shape decides the layout (RenderCV's entry types)."""
    if entry.shape == "text":
        return _text(entry.title, ["scholar-cv-text"], nodes.paragraph)
    if entry.shape == "one_line":
        paragraph = nodes.paragraph("", "", classes=["scholar-cv-one-line"])
        label = _text(entry.title, ["scholar-cv-label"], nodes.strong)
        paragraph += label
        if entry.details:
            paragraph += nodes.Text(": ")
            paragraph += _text(entry.details, ["scholar-cv-details"])
        return paragraph
    # head, then date and place, then the rest: the reading order of text and LaTeX;
    # the stylesheet puts the date column at the right of the head in HTML
    box = nodes.container("", classes=["scholar-cv-entry", f"scholar-cv-entry-{entry.shape.replace('_', '-')}"])
    head = nodes.paragraph("", "", classes=["scholar-cv-head"])
    head += _text(entry.title, ["scholar-cv-title"], nodes.strong)
    if entry.subtitle:
        head += nodes.Text(", ")
        head += _text(entry.subtitle, ["scholar-cv-subtitle"])
    box += head
    when_text = date_range(entry.start, entry.end, entry.date)
    if when_text or entry.location:
        when = nodes.paragraph("", "", classes=["scholar-cv-when"])
        if when_text:
            when += nodes.inline(when_text, when_text, classes=["scholar-cv-date"])
        if when_text and entry.location:
            when += nodes.inline(" · ", " · ", classes=["scholar-cv-separator"])
        if entry.location:
            when += _text(entry.location, ["scholar-cv-location"])
        box += when
    if entry.authors:
        box += _text(", ".join(entry.authors), ["scholar-cv-authors"], nodes.paragraph)
    if entry.summary:
        box += _text(entry.summary, ["scholar-cv-summary"], nodes.paragraph)
    if entry.highlights:
        items = nodes.bullet_list("", classes=["scholar-cv-highlights"])
        for highlight in entry.highlights:
            items += nodes.list_item("", _text(highlight, [], nodes.paragraph))
        box += items
    if entry.links:
        box += links_paragraph(entry.links)
    return box


def entries_nodes(entries: tuple[CVEntry, ...], kind: str) -> list[nodes.Node]:
    """The entries of a section: bullets and numbered entries as lists, others one by one."""
    out: list[nodes.Node] = []
    run: nodes.Element | None = None
    countdown = sum(entry.shape == "reversed_numbered" for entry in entries)
    for entry in entries:
        if entry.shape == "reversed_numbered":  # RenderCV counts these down to 1; HTML's list cannot everywhere
            run = None
            paragraph = nodes.paragraph("", "", classes=["scholar-cv-countdown"])
            paragraph += nodes.inline(f"{countdown}.", f"{countdown}.", classes=["scholar-cv-number"])
            paragraph += nodes.Text(" ")
            paragraph.extend(markdown_nodes(entry.title))
            out.append(paragraph)
            countdown -= 1
            continue
        if entry.shape in ("bullet", "numbered"):
            wanted = nodes.bullet_list if entry.shape == "bullet" else nodes.enumerated_list
            if not isinstance(run, wanted):
                run = wanted("", classes=["scholar-cv-bullets" if entry.shape == "bullet" else "scholar-cv-numbered"])
                if entry.shape == "numbered":
                    run["enumtype"], run["prefix"], run["suffix"] = "arabic", "", "."
                out.append(run)
            run.append(nodes.list_item("", _text(entry.title, [], nodes.paragraph)))
            continue
        run = None
        out.append(entry_node(entry, kind))
    return out


def section_body(section: CVSection, limit: int | None = None, selected_only: bool = False) -> nodes.container:
    entries = section.entries
    if selected_only:
        entries = tuple(entry for entry in entries if entry.selected)
    if limit is not None:
        entries = entries[:limit]
    body = nodes.container("", classes=["scholar-cv-entries"])
    body.extend(entries_nodes(entries, section.kind))
    return body


def profile_node(profile: CVProfile) -> nodes.container:
    """The CV's header: headline, contact details and profiles."""
    box = nodes.container("", classes=["scholar-cv-profile"])
    if profile.name:
        box += _text(profile.name, ["scholar-cv-name"], nodes.paragraph)
    if profile.headline:
        box += _text(profile.headline, ["scholar-cv-headline"], nodes.paragraph)
    contact = nodes.paragraph("", "", classes=["scholar-cv-contact"])
    parts: list[nodes.Node] = []
    if profile.location:
        parts.append(_text(profile.location, ["scholar-cv-location"]))
    if profile.email:
        parts.append(nodes.reference("", profile.email, refuri=f"mailto:{profile.email}", classes=["scholar-cv-email"]))
    if profile.phone:
        parts.append(nodes.inline(profile.phone, profile.phone, classes=["scholar-cv-phone"]))
    if profile.website:
        shown = profile.website.split("://", 1)[-1].rstrip("/")
        parts.append(nodes.reference("", shown, refuri=profile.website, classes=["scholar-cv-website"]))
    for link in profile.links:
        parts.append(nodes.reference("", link.label, refuri=link.url, classes=["scholar-cv-profile-link"]))
    for index, part in enumerate(parts):
        if index:
            contact += nodes.inline(" · ", " · ", classes=["scholar-cv-separator"])
        contact += part
    if parts:
        box += contact
    if profile.summary:
        box += _text(profile.summary, ["scholar-cv-summary"], nodes.paragraph)
    return box
