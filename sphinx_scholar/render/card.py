"""Render stage for people: the profile card, its stats and its co-author list.

Built from standard docutils nodes in a ``scholar-researcher`` container, so
every builder can write it; icons are raw HTML that other builders skip.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..bib.names import author_from_string
from ..bib.urls import safe_url
from ..locale import _, ngettext
from ..model import Researcher
from ..people.profile import ProfileLink
from ..people.stats import Coauthor, ProfileStats
from .icons import icon_svg

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..bib.names import NameMatcher

STATS = ("works", "first-author", "coauthors", "venues", "years")

# kind -> (singular, plural) as counted in a profile
_KIND_COUNTS = {
    "article": ("{n} journal article", "{n} journal articles"),
    "inproceedings": ("{n} conference paper", "{n} conference papers"),
    "preprint": ("{n} preprint", "{n} preprints"),
    "chapter": ("{n} book chapter", "{n} book chapters"),
    "book": ("{n} book", "{n} books"),
    "thesis": ("{n} thesis", "{n} theses"),
    "report": ("{n} report", "{n} reports"),
    "patent": ("{n} patent", "{n} patents"),
    "unpublished": ("{n} unpublished work", "{n} unpublished works"),
    "misc": ("{n} other work", "{n} other works"),
}


def _paragraph(text: str, css: str) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=[css])


def profile_link_node(link: ProfileLink, download: str | None) -> nodes.Element:
    """One link of the card: icon (HTML only) and label; ``download`` is a local file's target."""
    classes = ["scholar-profile-link", f"scholar-profile-{link.service}"]
    if download:
        # Sphinx's download collector copies the file and fills in its name.
        node: nodes.Element = addnodes.download_reference("", "", reftarget=download, refexplicit=True, classes=classes)
    else:
        node = nodes.reference("", "", refuri=link.url, classes=classes)
    node += nodes.raw("", icon_svg(link.icon), format="html")
    node += nodes.inline(link.label, _(link.label), classes=["scholar-profile-label"])
    return node


def stats_node(stats: ProfileStats, wanted: tuple[str, ...]) -> nodes.paragraph:
    """ "24 works (12 conference papers, ...) · 9 as first author · 31 co-authors · 14 venues · 2017–2026"."""
    paragraph = nodes.paragraph("", "", classes=["scholar-stats"])
    items: list[tuple[str, str, str]] = []  # (stat, value, label)
    for stat in wanted:
        if stat == "works":
            label = ngettext("{n} work", "{n} works", stats.works)
            if stats.by_kind:
                kinds = ", ".join(ngettext(*_KIND_COUNTS[kind], count).format(n=count) for kind, count in stats.by_kind)
                label += f" ({kinds})"
            items.append((stat, str(stats.works), label))
        elif stat == "first-author":
            items.append(
                (
                    stat,
                    str(stats.first_author),
                    ngettext("{n} as first author", "{n} as first author", stats.first_author),
                )
            )
        elif stat == "coauthors":
            items.append((stat, str(stats.coauthors), ngettext("{n} co-author", "{n} co-authors", stats.coauthors)))
        elif stat == "venues":
            items.append((stat, str(stats.venues), ngettext("{n} venue", "{n} venues", stats.venues)))
        elif stat == "years" and stats.first_year is not None:
            span = (
                str(stats.first_year)
                if stats.first_year == stats.last_year
                else f"{stats.first_year}–{stats.last_year}"
            )
            items.append((stat, span, _("active {n}")))
    for index, (stat, value, label) in enumerate(items):
        if index:
            paragraph += nodes.inline(" · ", " · ", classes=["scholar-stat-separator"])
        item = nodes.inline("", "", classes=["scholar-stat", f"scholar-stat-{stat}"])
        before, _marker, after = label.partition("{n}")
        if before:
            item += nodes.Text(before)
        item += nodes.strong(value, value, classes=["scholar-stat-value"])
        if after:
            item += nodes.Text(after)
        paragraph += item
    return paragraph


def coauthors_node(
    coauthors: list[Coauthor], links: tuple[tuple[NameMatcher, str], ...], limit: int
) -> nodes.container:
    """The most frequent collaborators with shared-entry counts; ``links`` is ((matcher, url), ...)."""
    container = nodes.container("", classes=["scholar-coauthors"])
    container += _paragraph(_("Frequent co-authors"), "scholar-coauthors-title")
    items = nodes.bullet_list("", classes=["scholar-coauthor-list"])
    for coauthor in coauthors[:limit]:
        item = nodes.list_item("", classes=["scholar-coauthor-item"])
        line = nodes.paragraph()
        url = next((safe_url(u) for matcher, u in links if matcher.matches(coauthor.author)), None)
        if url:
            line += nodes.reference(coauthor.name, coauthor.name, refuri=url, classes=["scholar-coauthor-link"])
        else:
            line += nodes.inline(coauthor.name, coauthor.name, classes=["scholar-coauthor-name"])
        line += nodes.Text(" ")
        count = f"({coauthor.count})"
        line += nodes.inline(count, count, classes=["scholar-coauthor-count"])
        item += line
        items += item
    container += items
    return container


def card_node(
    researcher: Researcher,
    *,
    photo_uri: str,
    links: list[tuple[ProfileLink, str | None]],
    bio: list[nodes.Node],
    extra: list[nodes.Node],
    classes: list[str],
) -> nodes.container:
    """The card: photo beside (wide screens) or above (phones) name, position, bio and links."""
    card = nodes.container("", classes=["scholar-researcher", *classes])
    if photo_uri:
        card["classes"].append("scholar-researcher-with-photo")
        frame = nodes.container("", classes=["scholar-researcher-photo"])
        frame += nodes.image(uri=photo_uri, alt=researcher.name)
        card += frame
    else:
        # shown only in narrow cards (a lab grid), so cards with and without photos line up
        # raw HTML: hidden from screen readers (the name follows), and no other builder prints it
        letters = html.escape(initials(researcher.name))
        if letters:
            card += nodes.raw(
                "",
                '<div class="scholar-researcher-photo scholar-researcher-initials" aria-hidden="true">'
                f'<span class="scholar-researcher-initials-text">{letters}</span></div>',
                format="html",
            )
    body = nodes.container("", classes=["scholar-researcher-body"])
    name = nodes.paragraph("", "", classes=["scholar-researcher-name"])
    name += nodes.strong(researcher.name, researcher.name)
    body += name
    if researcher.position:
        body += _paragraph(researcher.position, "scholar-researcher-position")
    if researcher.affiliation:
        body += _paragraph(researcher.affiliation, "scholar-researcher-affiliation")
    if bio:
        text = nodes.container("", classes=["scholar-researcher-bio"])
        text.extend(bio)
        body += text
    if links:
        row = nodes.paragraph("", "", classes=["scholar-profile-links"])
        for index, (link, download) in enumerate(links):
            if index:
                row += nodes.inline(" · ", " · ", classes=["scholar-profile-separator"])
            row += profile_link_node(link, download)
        body += row
    body.extend(extra)
    card += body
    return card


def initials(name: str) -> str:
    """ "Jonas Brandt" -> "JB": the given name's and the family name's first letters."""
    author = author_from_string(name)
    given = author.given.split()
    family = author.family.split()
    letters = (given[0][:1] if given else "") + (family[-1][:1] if family else "")
    return letters.upper() if letters.isalpha() else ""


def sanitise_untrusted(content: list[nodes.Node], report: Callable[..., None]) -> list[nodes.Node]:
    """Text parsed from a metadata file: no raw markup, and only safe link targets."""
    for root in content:
        if not isinstance(root, nodes.Element):
            continue
        for raw in list(root.findall(nodes.raw)):
            report("raw markup in a metadata file's bio is not allowed; left out")
            raw.parent.remove(raw)
        for reference in list(root.findall(nodes.reference)):
            if reference.get("refuri") and safe_url(reference["refuri"]) is None:
                report(
                    f"link {reference['refuri']!r} in a metadata file's bio is not http(s), mailto or relative;"
                    " left out"
                )
                reference.replace_self(nodes.inline("", "", *reference.children))
        for image in root.findall(nodes.image):
            if safe_url(image.get("uri", "")) is None:
                image["uri"] = ""
    return [node for node in content if not isinstance(node, nodes.raw)]
