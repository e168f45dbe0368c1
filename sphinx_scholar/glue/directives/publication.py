"""The ``publication`` directive: a list of entries from ``scholar_bibfiles``.

At read time it selects, validates and plans: group headings become real
sections (so they appear in the page's table of contents), and each group
gets a ``publication_list`` placeholder that expand.py fills at write time.
"""

from __future__ import annotations

import difflib
from typing import ClassVar

import imagesize
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ...bib.filecheck import search_folders
from ...bib.localfiles import FileBoundary, find_local_file
from ...config import LAYOUTS, scholar_config
from ...locale import _
from ...model import Publication
from ...people.researchers import read_time_researcher
from ...people.stats import researcher_matcher
from ...render.nodes import facet_bar, publication_downloads, publication_list
from ...render.parts import kind_group_label, local_file_links
from ...report import warn
from ...select import (
    CORRESPONDING_MARKS,
    EQUAL_MARKS,
    ROLE_FIELDS,
    FilterError,
    GroupingError,
    ListQuery,
    SortError,
    compile_filter,
    group_publications,
    known_field_names,
    parse_grouping,
    parse_sort,
    select,
)
from ..domain import scholar_domain
from ..expand import render_context
from ..state import bibliography_for
from ..tracking import selection_digest
from . import locate_section, publish_download


def _choice(values):
    def check(argument):
        return directives.choice(argument.strip(), values)

    return check


def _numbering(argument):
    value = (argument or "").strip().lower()
    return directives.choice(value or "ascending", ("ascending", "reverse"))


def _facets(argument):
    facets = [part.strip().lower() for part in (argument or "year, type, tag").split(",") if part.strip()]
    for facet in facets:
        directives.choice(facet, ("year", "type", "tag", "venue"))
    return facets


class PublicationDirective(SphinxDirective):
    """``.. publication:: [key ...]`` with :filter:, :sort:, :group-by:, :limit:, :layout: and more."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "filter": directives.unchanged,
        "sort": directives.unchanged,
        "group-by": directives.unchanged,
        "limit": directives.nonnegative_int,
        "offset": directives.nonnegative_int,
        "numbered": _numbering,
        "count": directives.flag,
        "facets": _facets,
        "layout": _choice(LAYOUTS),
        "max-authors": directives.nonnegative_int,
        "no-abstract": directives.flag,
        "no-bibtex": directives.flag,
        "class": directives.class_option,
        "researcher": directives.unchanged_required,
        "members": directives.flag,
        "no-download": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        settings = scholar_config(self.config)
        bibliography = bibliography_for(self.env)
        location = self.get_location()
        domain = scholar_domain(self.env)
        whose = read_time_researcher(self.env, self.options.get("researcher"))
        researcher = researcher_matcher(whose, bibliography)
        try:
            query = ListQuery(
                keys=tuple(self.arguments[0].replace(",", " ").split()) if self.arguments else (),
                filter=self.options.get("filter", "").strip(),
                sort=self.options.get("sort", "").strip(),
                group_by=parse_grouping(self.options.get("group-by", "")),
                limit=self.options.get("limit"),
                offset=self.options.get("offset", 0),
                researcher=whose.spellings if whose else (),
                orcid=whose.orcid if whose else "",
            )
            compiled = compile_filter(query.filter, researcher)
            parse_sort(query.sort)
        except (FilterError, SortError, GroupingError) as error:
            warn(f"{error}; the list is left out", "filter", location=location)
            return []
        if compiled.names & set(ROLE_FIELDS) and whose is None:
            warn(
                f"filter uses {', '.join(sorted(compiled.names & set(ROLE_FIELDS)))}, which needs a researcher: "
                "declare one above on this page, name one with :researcher:, or set scholar_researcher",
                "filter",
                location=location,
            )
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
            warn(
                "no entries to list: scholar_bibfiles is empty or its files have no entries", "empty", location=location
            )

        self.layout = self.options.get("layout", settings.layout)
        self.list_id = f"scholar-list-{self.env.new_serialno('scholar-list')}"
        self.list_options = {
            "show_abstract": "no-abstract" not in self.options,
            "show_bibtex": "no-bibtex" not in self.options,
            "max_authors": self.options.get("max-authors", settings.max_authors),
            # whose name to highlight is settled when the page is written (researchers.py)
            "researcher": self.options.get("researcher"),
            "members": "members" in self.options or settings.highlight_members,
        }
        self.files = self._validate_links(settings, selection.publications)
        self.numbers = self._numbers(selection.publications)
        self.used_ids: set[str] = set()
        self.full_list = not query.keys and not query.filter

        groups = group_publications(selection.publications, query.group_by, settings.type_order)
        self.shown: list[str] = []
        result = self._render_groups(groups, query.group_by, prefix="")
        if self.options.get("facets") and selection.publications:
            count = len(selection.publications)
            result.insert(0, facet_bar(list_id=self.list_id, facets=self.options["facets"], count=count))
        if self.shown:
            domain.note_sequence(self.env.docname, self.full_list, tuple(self.shown))
        if "count" in self.options and not query.group_by:
            count = len(selection.publications)
            text = _("1 publication") if count == 1 else _("{count} publications").format(count=count)
            result.insert(0, nodes.paragraph(text, text, classes=["scholar-count"]))
        legend = self._legend(selection.publications)
        if legend is not None:
            result.append(legend)
        if settings.list_downloads and "no-download" not in self.options and selection.publications:
            downloads = publication_downloads(keys=[p.key for p in selection.publications])
            self.set_source_info(downloads)
            # One place in every layout: before the list (after group sections it would
            # land in the last group).
            result.insert(0, downloads)
        return result

    # -- read-time checks ---------------------------------------------------------

    def _validate_links(self, settings, publications) -> dict[str, str]:
        """Register the entries' local files for copying (their problems were reported at load)."""
        lookup = render_context(settings, self.list_options, find_local_file=self._find_local_file)
        files: dict[str, str] = {}
        for publication in publications:
            for link in local_file_links(publication, lookup):
                files[f"{publication.key}\0{link.kind}"] = link.download
        return files

    def _numbers(self, publications) -> dict[str, int]:
        numbering = self.options.get("numbered")
        if numbering is None:
            return {}
        total = len(publications)
        return {p.key: (total - index if numbering == "reverse" else index + 1) for index, p in enumerate(publications)}

    # -- the planned structure ---------------------------------------------------------

    def _render_groups(self, groups, levels: tuple[str, ...], prefix: str) -> list[nodes.Node]:
        if not levels:
            [(_none, members)] = groups
            return [self._list_node(members)]
        level, rest = levels[0], levels[1:]
        out: list[nodes.Node] = []
        for key, members in groups:
            heading = self._heading(level, key)
            if "count" in self.options:
                heading += f" ({_count(members)})"
            section = nodes.section("", classes=["scholar-group", f"scholar-group-{level}"])
            section_id = self._unique_id(
                nodes.make_id(f"{prefix}{level}-{key if key is not None else 'none'}") or level
            )
            section["ids"] = [section_id]
            self.state.document.ids[section_id] = section
            section += nodes.title(heading, heading)
            locate_section(self, section)
            if rest:
                section.extend(self._render_groups(members, rest, prefix=f"{section_id}-"))
            else:
                section += self._list_node(members)
            out.append(section)
        return out

    def _heading(self, level: str, key) -> str:
        settings = scholar_config(self.config)
        if level == "year":
            return str(key) if key is not None else _("Undated")
        if level == "type":
            return kind_group_label(key, settings.type_names)
        if level == "venue":
            return str(key) if key is not None else _("Other venues")
        return str(key) if key is not None else _("Untagged")

    def _list_node(self, members: list[Publication]) -> publication_list:
        plan = []
        for publication in members:
            entry_id = self._unique_id(publication.key)
            scholar_domain(self.env).note_entry(self.env.docname, publication.key, entry_id, self.full_list)
            plan.append((publication.key, entry_id, self.numbers.get(publication.key)))
            self.shown.append(publication.key)
        node = publication_list(
            layout=self.layout,
            classes=self.options.get("class", []),
            list_id=self.list_id,
            facets=self.options.get("facets", []),
            scholar_plan=plan,
            scholar_options=self.list_options,
            scholar_files=self.files,
        )
        self.set_source_info(node)
        for _key, entry_id, _number in plan:
            self.state.document.ids[entry_id] = node
        return node

    def _legend(self, publications) -> nodes.paragraph | None:
        """One legend per list for the contribution marks its entries show."""
        marks = {mark for p in publications for author in p.authors for mark in author.marks}
        parts = []
        equal = sorted(marks & EQUAL_MARKS)
        corresponding = sorted(marks & CORRESPONDING_MARKS)
        if equal:
            parts.append(f"{', '.join(equal)} {_('equal contribution')}")
        if corresponding:
            parts.append(f"{', '.join(corresponding)} {_('corresponding author')}")
        if not parts:
            return None
        text = "; ".join(parts)
        return nodes.paragraph(text, text, classes=["scholar-legend"])

    def _unique_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3``... when the page or this list uses it."""
        taken = self.state.document.ids
        candidate, counter = wanted, 1
        while candidate in taken or candidate in self.used_ids:
            counter += 1
            candidate = f"{wanted}-{counter}"
        self.used_ids.add(candidate)
        return candidate

    def _find_local_file(self, publication: Publication, field: str, url: str) -> str | None:
        """A relative file link -> its download file name, once registered with Sphinx.

        Looked up beside the bib file, in the source folder and in scholar_file_dirs.
        """
        settings = scholar_config(self.config)
        srcdir = str(self.env.srcdir)
        folders = search_folders(publication.source, srcdir, settings.file_dirs, field)
        # raises LocalFileRefused for a file outside the boundary (reported when the bib was loaded)
        found = find_local_file(url, folders, FileBoundary.of(folders, settings.allow_hidden_files))
        if found is None:
            return None
        name = publish_download(self.env, found)
        if field == "preview":  # its own size, so the page keeps the image's place while it loads
            width, height = imagesize.get(found)
            return f"{name}\0{max(width, 0)}x{max(height, 0)}"
        return name


def _count(members) -> int:
    """Entries in a group, whether it holds entries or subgroups."""
    if members and isinstance(members[0], tuple):
        return len({p.key for _key, sub in members for p in _flatten(sub)})
    return len(members)


def _flatten(members):
    if members and isinstance(members[0], tuple):
        return [p for _key, sub in members for p in _flatten(sub)]
    return members
