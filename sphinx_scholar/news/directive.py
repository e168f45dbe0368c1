"""The ``news`` directive: dated items, newest first.

From a file (``.. news:: news.yaml``) or from the body, where each item is a
date line with its text indented below (a definition list), so reST and
MyST roles such as ``:pub:`` work inside it::

    .. news::
       :limit: 3
       :archive: news

       2026-05-01
          Our paper :pub:`marwick2025sparse` is a NeurIPS spotlight.
"""

from __future__ import annotations

import os
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..cv.dates import CVDate, DateProblem, parse_date
from ..cv.directive import read_for_page, unique_id
from ..cv.load import file_location
from ..glue.domain import scholar_domain, short_title
from ..glue.state import bibliography_for
from ..locale import _
from ..render.richtext import markdown_nodes
from ..report import warn
from .load import NewsItem, read_news


class NewsDirective(SphinxDirective):
    """``.. news:: [file]`` with :limit:, :archive: and :class:; items in the body or the file."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "limit": directives.nonnegative_int,
        "archive": directives.unchanged_required,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        items: list[tuple[CVDate | None, list[nodes.Node], int]] = []  # (date, body, order)
        leftovers: list[nodes.Node] = []
        if self.arguments:
            items.extend(self._file_items(self.arguments[0].strip()))
        if self.content:
            body_items, leftovers = self._body_items()
            items.extend(body_items)
        if not items and not leftovers:
            warn(
                "news: no items (name a news file, or write dated items in the body)",
                "news",
                location=self.get_location(),
            )
            return []
        # newest first; a date that is not one (shown as written) before no date at all
        items.sort(key=lambda item: (item[0].sort_key() if item[0] is not None else (-1, 0, 0), -item[2]), reverse=True)
        limit = self.options.get("limit")
        full = limit is None or limit >= len(items)
        shown = items if limit is None else items[:limit]
        listing = nodes.bullet_list("", classes=["scholar-news", *self.options.get("class", [])])
        noted = []
        for date, body, _order in shown:
            anchor = unique_id(
                self.state.document, f"news-{date.iso() if date is not None and date.year else 'undated'}"
            )
            item = nodes.list_item("", ids=[anchor], classes=["scholar-news-item"])
            self.state.document.ids[anchor] = item
            when = date.shown(day=True) if date is not None else _("Undated")
            item += nodes.paragraph(when, when, classes=["scholar-news-date"])
            item.extend(body)
            listing += item
            iso = date.iso() if date is not None and date.year and not date.text else ""
            noted.append((iso, " ".join(" ".join(node.astext() for node in body).split()), anchor, full))
        scholar_domain(self.env).note_news(self.env.docname, noted)
        out: list[nodes.Node] = [listing, *leftovers]
        archive = self.options.get("archive")
        if archive and not full:
            out.append(self._archive_link(archive))
        return out

    # -- items ----------------------------------------------------------------------

    def _file_items(self, argument: str) -> list[tuple[CVDate | None, list[nodes.Node], int]]:
        _relative, path = self.env.relfn2path(argument)
        path = os.path.abspath(path)
        news = read_for_page(self, path, read_news, "news", "the news are left out")
        if news is None:
            return []
        for message, line in news.problems:
            warn(message, "news", location=file_location(path, line))
        return [(item.date, self._item_body(item), order) for order, item in enumerate(news.items)]

    def _item_body(self, item: NewsItem) -> list[nodes.Node]:
        paragraph = nodes.paragraph("", "", classes=["scholar-news-text"])
        paragraph.extend(markdown_nodes(item.text))
        bibliography = bibliography_for(self.env)
        for key in item.pubs:
            publication = bibliography.get(key)
            if publication is None:
                warn(f"news: unknown publication key {key!r}", "unknown_key", location=self.get_location())
                continue
            title = short_title(publication)
            scholar_domain(self.env).note_reference(self.env.docname, key, publication.fingerprint)
            reference = addnodes.pending_xref(
                "", refdomain="scholar", reftype="pub", reftarget=key, refexplicit=False, refwarn=True
            )
            reference["refdoc"] = self.env.docname
            reference += nodes.inline(title, title, classes=["xref", "pub"])
            paragraph += [nodes.Text(" "), reference]
        if item.url:
            paragraph += [
                nodes.Text(" "),
                nodes.reference("", _("More"), refuri=item.url, classes=["scholar-news-link"]),
            ]
        return [paragraph]

    def _body_items(self) -> tuple[list[tuple[CVDate | None, list[nodes.Node], int]], list[nodes.Node]]:
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        items: list[tuple[CVDate | None, list[nodes.Node], int]] = []
        leftovers: list[nodes.Node] = []
        order = 10_000  # after a file's items, in the order written
        for child in holder.children:
            if not isinstance(child, nodes.definition_list):
                leftovers.append(child)
                continue
            for entry in child.findall(nodes.definition_list_item):
                term = entry.next_node(nodes.term)
                definition = entry.next_node(nodes.definition)
                written = term.astext().strip() if term is not None else ""
                try:
                    date: CVDate | None = parse_date(written)
                except DateProblem as problem:
                    message, kept = problem.args
                    warn(f"news: {message}; it is shown as written", "news", location=entry)
                    date = kept
                body = list(definition.children) if definition is not None else []
                for node in body:
                    node.parent = None
                if body and isinstance(body[0], nodes.paragraph):
                    body[0]["classes"].append("scholar-news-text")
                items.append((date, body, order))
                order += 1
        if leftovers:
            warn(
                "news: write each item as its date on one line and its text indented below; "
                "the rest of the body is shown after the items",
                "news",
                location=self.get_location(),
            )
        return items, leftovers

    def _archive_link(self, archive: str) -> nodes.paragraph:
        paragraph = nodes.paragraph("", "", classes=["scholar-news-archive"])
        reference = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget=archive, refexplicit=True, refwarn=True
        )
        reference["refdoc"] = self.env.docname
        text = _("All news")
        reference += nodes.inline(text, text)
        paragraph += reference
        return paragraph
