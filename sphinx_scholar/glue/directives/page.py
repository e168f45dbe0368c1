"""``publication-page``: the body of a generated entry page (pages.py writes its source).

The heading is the entry's title; the entry itself is planned like a
one-entry list (layout ``page``) and rendered when the page is written,
with "Cite as", downloads and COinS after it.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes

from ...bib.latex import latex_to_nodes, latex_to_text
from ...config import scholar_config
from ...render.nodes import publication_list
from ...report import warn
from ...select import ListQuery, select
from ..domain import scholar_domain
from ..state import bibliography_for
from ..tracking import selection_digest
from .publication import PublicationDirective


class PublicationPageDirective(PublicationDirective):
    """Shares the list directive's link checks and local-file handling."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0].strip()
        bibliography = bibliography_for(self.env)
        domain = scholar_domain(self.env)
        # Like a list of one: an edit to the entry re-reads this page only.
        query = ListQuery(keys=(key,))
        domain.note_list(
            self.env.docname, query, selection_digest(query, select(bibliography, query)), bibliography.digest
        )
        publication = bibliography.get(key)
        if publication is None:
            warn(f"unknown publication key {key!r}", "unknown_key", location=self.get_location())
            return []
        domain.note_page(self.env.docname, publication.key)
        settings = scholar_config(self.config)

        section = nodes.section("", classes=["scholar-entry-page"])
        section["ids"] = [nodes.make_id(f"publication-{publication.key}") or "publication"]
        self.state.document.ids[section["ids"][0]] = section
        title = latex_to_nodes(publication.get("title")) or [nodes.Text(publication.key)]
        section += nodes.title(latex_to_text(publication.get("title")) or publication.key, "", *title)
        self.list_options = {
            "show_abstract": True,
            "show_bibtex": True,
            "max_authors": 0,  # a page names every author
            "researcher": None,
            "members": settings.highlight_members,
            "page": True,
        }
        files = self._validate_links(settings, [publication])
        entry = publication_list(
            layout="page",
            classes=[],
            list_id=f"scholar-page-{publication.key}",
            facets=[],
            scholar_plan=[(publication.key, nodes.make_id(publication.key) or "entry", None)],
            scholar_options=self.list_options,
            scholar_files=files,
        )
        self.set_source_info(entry)
        section += entry
        return [section]
