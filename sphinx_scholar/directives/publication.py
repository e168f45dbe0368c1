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
from ..expand import render_context
from ..locale import _
from ..model import Publication
from ..nodes import publication_list
from ..render import KIND_GROUP_LABELS, has_math, link_items
from ..select import (
    GROUPINGS,
    FilterError,
    ListQuery,
    SortError,
    compile_filter,
    group_publications,
    known_field_names,
    parse_sort,
    select,
)

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
            domain.note_list(self.env.docname, query, "", bibliography.digest)
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
        domain.note_list(self.env.docname, query, selection_digest(query, selection), bibliography.digest)
        if not bibliography and not query.keys:
            warn("no entries to list: scholar_bibfiles is empty or its files have no entries", "empty", location=location)

        layout = self.options.get("layout", settings.layout)
        options = {
            "show_abstract": "no-abstract" not in self.options,
            "show_bibtex": "no-bibtex" not in self.options,
            "max_authors": self.options.get("max-authors", settings.max_authors),
        }
        # Validate links now, so problems are reported while the page is read,
        # and register local files for copying; entries are rendered at write time.
        lint = render_context(
            settings,
            options,
            find_local_file=self._find_local_file,
            warn=lambda p, message, subtype: warn(f"{message} (entry {p.key!r})", subtype, location=_bib_location(p)),
        )
        files: dict[str, str] = {}
        any_math = False
        for publication in selection.publications:
            for link in link_items(publication, lint):
                if link.download:
                    files[f"{publication.key}\0{link.kind}"] = link.download
            any_math = any_math or has_math(publication)

        plan = []
        used_ids: set[str] = set()
        for group, members in group_publications(selection.publications, query.group_by):
            heading = heading_id = None
            if query.group_by != "none":
                heading = self._group_heading(query.group_by, group)
                heading_id = self._unique_id(nodes.make_id(f"{query.group_by}-{group}") or query.group_by, used_ids)
            plan.append((heading, heading_id, [(p.key, self._unique_id(p.key, used_ids)) for p in members]))

        container = publication_list(
            layout=layout,
            classes=self.options.get("class", []),
            scholar_plan=plan,
            scholar_options=options,
            scholar_files=files,
        )
        if any_math:
            # Lets Sphinx's math domain see that this page needs math support.
            container += nodes.math("", "")
        self.set_source_info(container)
        for _heading, heading_id, members in plan:
            for node_id in ([heading_id] if heading_id else []) + [entry_id for _key, entry_id in members]:
                self.state.document.ids[node_id] = container
        return [container]

    def _group_heading(self, grouping: str, group) -> str:
        if grouping == "year":
            return str(group) if group is not None else _("Undated")
        return _(KIND_GROUP_LABELS.get(group, "Other"))

    def _unique_id(self, wanted: str, used: set[str]) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3``... when the page or this list uses it."""
        taken = self.state.document.ids
        candidate, counter = wanted, 1
        while candidate in taken or candidate in used:
            counter += 1
            candidate = f"{wanted}-{counter}"
        used.add(candidate)
        return candidate

    def _find_local_file(self, publication: Publication, field: str, url: str) -> str | None:
        """A relative file link -> its download file name, once registered with Sphinx.

        Looked up beside the bib file, in the source folder and in scholar_file_dirs.
        """
        settings = scholar_config(self.config)
        relative = unquote(urlsplit(url).path)
        folders = [os.path.dirname(publication.source), str(self.env.srcdir)]
        folders += [os.path.join(str(self.env.srcdir), d) for d in settings.file_dirs]
        for folder in folders:
            candidate = os.path.normpath(os.path.join(folder, relative.lstrip("/")))
            if os.path.isfile(candidate):
                relative_to_source = os.path.relpath(candidate, str(self.env.srcdir))
                self.env.note_dependency(relative_to_source)
                download = self.env.dlfiles.add_file(self.env.docname, relative_to_source)
                return download.as_posix() if hasattr(download, "as_posix") else str(download)
        return None


def _bib_location(publication: Publication) -> str:
    return f"{publication.source}:{publication.line}"
