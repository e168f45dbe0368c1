"""The ``publication`` directive: a list of entries from ``scholar_bibfiles``."""

from __future__ import annotations

import difflib
import os
from urllib.parse import unquote, urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..config import LAYOUTS, scholar_config
from ..domain import bibliography_for, selection_digest, warn
from ..layouts import LAYOUTS as LAYOUT_FUNCTIONS
from ..model import Publication
from ..names import matcher_for
from ..nodes import publication_list
from ..render import KIND_GROUP_LABELS, RenderContext
from ..select import GROUPINGS, FilterError, ListQuery, SortError, compile_filter, group_publications, known_field_names, parse_sort, select
from ..locale import _

logger = logging.getLogger(__name__)


def _choice(values):
    def check(argument):
        return directives.choice(argument.strip(), values)

    return check


class PublicationDirective(SphinxDirective):
    """``.. publication:: [key ...]`` with :filter:, :sort:, :group-by:, :limit:, :layout:."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "filter": directives.unchanged,
        "sort": directives.unchanged,
        "group-by": _choice(GROUPINGS),
        "limit": directives.nonnegative_int,
        "layout": _choice(LAYOUTS),
        "max-authors": directives.nonnegative_int,
        "no-abstract": directives.flag,
        "no-bibtex": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        settings = scholar_config(self.config)
        bibliography = bibliography_for(self.env)
        location = self.get_location()
        query = ListQuery(
            keys=tuple(self.arguments[0].replace(",", " ").split()) if self.arguments else (),
            filter=self.options.get("filter", "").strip(),
            sort=self.options.get("sort", "").strip(),
            group_by=self.options.get("group-by", "none"),
            limit=self.options.get("limit"),
        )
        domain = self.env.get_domain("scholar")
        try:
            compiled = compile_filter(query.filter)
            parse_sort(query.sort)
        except (FilterError, SortError) as error:
            warn(f"{error}; the list is left out", "filter", location=location)
            domain.note_list(self.env.docname, query, "")
            return []
        unknown_names = compiled.names - known_field_names(bibliography)
        if unknown_names:
            warn(
                f"filter uses field(s) {', '.join(sorted(unknown_names))} that no entry has; they compare as empty",
                "filter",
                location=location,
            )

        selection = select(bibliography, query, compiled)
        for key in selection.missing_keys:
            close = difflib.get_close_matches(key, bibliography.keys, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(k) for k in close)}?" if close else ""
            warn(f"unknown publication key {key!r}{hint}", "unknown_key", location=location)
        domain.note_list(self.env.docname, query, selection_digest(query, selection))
        if not bibliography and not query.keys:
            warn("no entries to list: scholar_bibfiles is empty or its files have no entries", "empty", location=location)

        layout = self.options.get("layout", settings.layout)
        context = RenderContext(
            config=settings,
            highlight=matcher_for(settings.researcher_spellings),
            coauthors=tuple((matcher_for(spellings), url) for spellings, url in settings.coauthors),
            find_local_file=self._find_local_file,
            warn=lambda p, message, subtype: warn(f"{message} (entry {p.key!r})", subtype, location=_bib_location(p)),
            show_abstract="no-abstract" not in self.options,
            show_bibtex="no-bibtex" not in self.options,
            max_authors=self.options.get("max-authors", settings.max_authors),
        )
        render_entry = LAYOUT_FUNCTIONS[layout]
        container = publication_list(layout=layout, classes=self.options.get("class", []))
        self.set_source_info(container)
        for group, members in group_publications(selection.publications, query.group_by):
            if group is not None or query.group_by != "none":
                container += self._group_heading(query.group_by, group)
            for publication in members:
                entry = render_entry(publication, context)
                self._set_id(entry, publication.key)
                entry["classes"].append(f"scholar-type-{publication.entry_type}")
                if publication.selected:
                    entry["classes"].append("scholar-selected")
                entry["key"] = publication.key
                self.set_source_info(entry)
                container += entry
        return [container]

    def _group_heading(self, grouping: str, group) -> nodes.rubric:
        if grouping == "year":
            text = str(group) if group is not None else _("Undated")
        else:
            text = _(KIND_GROUP_LABELS.get(group, "Other"))
        heading = nodes.rubric(text, text, classes=["scholar-group"])
        self._set_id(heading, nodes.make_id(f"{grouping}-{group}") or grouping)
        return heading

    def _set_id(self, node: nodes.Element, wanted: str) -> None:
        """Give ``node`` the id ``wanted``, or ``wanted-2``... if the page has it already."""
        document = self.state.document
        candidate, counter = wanted, 1
        while candidate in document.ids:
            counter += 1
            candidate = f"{wanted}-{counter}"
        node["ids"] = [candidate]
        document.ids[candidate] = node

    def _find_local_file(self, publication: Publication, field: str, url: str) -> str | None:
        """A relative file link -> a download target, looked up beside the bib file,
        in the source folder and in scholar_file_dirs."""
        settings = scholar_config(self.config)
        relative = unquote(urlsplit(url).path)
        folders = [os.path.dirname(publication.source), str(self.env.srcdir)]
        folders += [os.path.join(str(self.env.srcdir), d) for d in settings.file_dirs]
        for folder in folders:
            candidate = os.path.normpath(os.path.join(folder, relative.lstrip("/")))
            if os.path.isfile(candidate):
                return "/" + os.path.relpath(candidate, str(self.env.srcdir)).replace(os.sep, "/")
        return None


def _bib_location(publication: Publication) -> str:
    return f"{publication.source}:{publication.line}"
