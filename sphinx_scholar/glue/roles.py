"""Roles: ``:pubcount:`` counts entries; ``:pub:`` (domain.py) links to one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from ..people.researchers import read_time_researcher
from ..people.stats import researcher_matcher
from ..report import warn
from ..select import FilterError, ListQuery, compile_filter, known_field_names, select
from .domain import scholar_domain
from .state import bibliography_for
from .tracking import selection_digest

if TYPE_CHECKING:
    from docutils import nodes


class PublicationCountRole(SphinxRole):
    """:pubcount:`` `` for every entry, :pubcount:`year >= 2020 and first_author` for some."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        bibliography = bibliography_for(self.env)
        text = self.text.strip()
        whose = read_time_researcher(self.env, None)
        query = ListQuery(
            filter="" if text in ("", "*", "all") else text,
            researcher=whose.spellings if whose else (),
            orcid=whose.orcid if whose else "",
        )
        try:
            compiled = compile_filter(query.filter, researcher_matcher(whose, bibliography))
        except FilterError as error:
            warn(f"{error}; the count is left out", "filter", location=self.get_location())
            return [nodes.inline("", "?", classes=["scholar-pubcount"])], []
        unknown = compiled.names - known_field_names(bibliography)
        if unknown:
            warn(
                f"pubcount filter uses field(s) {', '.join(sorted(unknown))} that no entry has",
                "filter",
                location=self.get_location(),
            )
        selection = select(bibliography, query, compiled)
        # A count is a list too: a bib edit that changes it re-reads the page.
        scholar_domain(self.env).note_list(
            self.env.docname, query, selection_digest(query, selection), bibliography.digest
        )
        count = str(len(selection.publications))
        return [nodes.inline(count, count, classes=["scholar-pubcount"])], []
