"""The ``researcher`` directive: a profile card, and whose name the page's lists highlight.

Metadata comes from the options, a ``:from:`` file (YAML, TOML or JSON) or
``scholar_researcher``, in the same vocabulary (profile.py); options win.
"""

from __future__ import annotations

import dataclasses
import os
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ...bib.localfiles import FileBoundary, LocalFileRefused
from ...bib.names import author_from_string, matcher_for
from ...config import scholar_config
from ...model import Researcher
from ...people.profile import load_researcher_file, profile_links, researcher_from_mapping
from ...people.researchers import note_on_page
from ...people.site import configured_researcher
from ...people.stats import coauthor_counts, profile_stats, researcher_matcher, works_of
from ...report import warn
from ...select import ListQuery, select
from ..domain import scholar_domain
from ..state import bibliography_for
from ..tracking import selection_digest

DEFAULT_COAUTHORS = 10


def _cards():
    # The card's module, and sphinx-design's icons with it, load only for pages with a card.
    from ...render import card

    return card


def _stats(argument):
    choices = _cards().STATS
    wanted = [part.strip().lower().replace("_", "-") for part in (argument or "").split(",") if part.strip()]
    for stat in wanted:
        directives.choice(stat, choices)
    return tuple(wanted) or choices


def _coauthors(argument):
    return directives.nonnegative_int(argument) if argument and argument.strip() else DEFAULT_COAUTHORS


class ResearcherDirective(SphinxDirective):
    """``.. researcher:: Name`` with :photo:, :position:, :links:, :stats:, ... and a bio as content."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "from": directives.unchanged_required,
        "photo": directives.unchanged,
        "position": directives.unchanged,
        "affiliation": directives.unchanged,
        "aliases": directives.unchanged,
        "email": directives.unchanged,
        "orcid": directives.unchanged,
        "links": directives.unchanged,
        "stats": _stats,
        "coauthors": _coauthors,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()

        def report(message: str) -> None:
            warn(message, "researcher", location=location)

        researcher = self._researcher(report)
        if researcher is None:
            return []
        scholar_domain(self.env).note_researcher(self.env.docname, dataclasses.replace(researcher, bio=""))
        note_on_page(self.env, researcher)

        bibliography = bibliography_for(self.env)
        matcher = researcher_matcher(researcher, bibliography)
        extra: list[nodes.Node] = []
        if "stats" in self.options or "coauthors" in self.options:
            # Stats are a list too: edits to this person's entries re-read the page.
            query = ListQuery(filter="own", researcher=researcher.spellings, orcid=researcher.orcid)
            scholar_domain(self.env).note_list(
                self.env.docname,
                query,
                selection_digest(query, select(bibliography, query, None, matcher)),
                bibliography.digest,
            )
            works = works_of(bibliography, matcher)
            if not works:
                report(f"no entry of the bibliography names {researcher.name!r} (or an alias) among its authors")
            if "stats" in self.options:
                extra.append(_cards().stats_node(profile_stats(works, matcher), self.options["stats"]))
            if self.options.get("coauthors"):
                settings = scholar_config(self.config)
                links = tuple((matcher_for(spellings), url) for spellings, url in settings.coauthors)
                extra.append(_cards().coauthors_node(coauthor_counts(works, matcher), links, self.options["coauthors"]))

        boundary = self._file_boundary(researcher)
        card_links: list = []
        for link in profile_links(researcher, report):
            download = self._download(link.local_path, boundary, f"{link.service} link", location)
            if download is not None or not link.local_path:
                card_links.append((link, download))
        card = _cards().card_node(
            researcher,
            photo_uri=self._photo_uri(researcher.photo, boundary, location),
            links=card_links,
            bio=self._bio(researcher, report),
            extra=extra,
            classes=[*self.options.get("class", []), *_icon_classes(scholar_config(self.config).icon_colors)],
        )
        self.set_source_info(card)
        return [card]

    def _researcher(self, report):
        configured = configured_researcher(self.config)
        base = None
        if "from" in self.options:
            relative, absolute = self.env.relfn2path(self.options["from"], self.env.docname)
            self.env.note_dependency(relative)

            def report_in_file(message: str, line: int | None) -> None:
                warn(message, "researcher", location=f"{absolute}:{line}" if line else absolute)

            base = load_researcher_file(absolute, report_in_file)
            if base is None:
                report(f"no researcher read from {self.options['from']!r}; the profile is left out")
                return None
        elif configured is not None and (
            not self.arguments or matcher_for(configured.spellings).matches(author_from_string(self.arguments[0]))
        ):
            base = configured
        data: dict[str, object] = {
            name: self.options[name]
            for name in ("photo", "position", "affiliation", "email", "orcid", "links")
            if name in self.options
        }
        if "aliases" in self.options:
            data["aliases"] = self.options["aliases"]
        if self.arguments:
            data["name"] = self.arguments[0].strip()
        document_dir = os.path.dirname(self.env.doc2path(self.env.docname))
        return researcher_from_mapping(data, document_dir, "", report, base=base)

    def _file_boundary(self, researcher: Researcher) -> FileBoundary:
        """Where the profile's files may come from: the source folder, scholar_file_dirs,
        the page's folder and the metadata file's folder."""
        settings = scholar_config(self.config)
        srcdir = str(self.env.srcdir)
        folders = [srcdir, *(os.path.join(srcdir, d) for d in settings.file_dirs)]
        folders.append(os.path.dirname(self.env.doc2path(self.env.docname)))
        if researcher.source:
            folders.append(os.path.dirname(os.path.abspath(researcher.source)))
        return FileBoundary.of(folders, settings.allow_hidden_files)

    def _source_relative(self, path: str, boundary: FileBoundary, what: str, location: str) -> str | None:
        """``/path`` from the source folder, for Sphinx to copy, or None when the file may not be published."""
        try:
            real = boundary.check(path)
        except LocalFileRefused as refusal:
            warn(f"{what} {path!r} is not published: {refusal}; left out", "local_file", location=location)
            return None
        # Sphinx reads "/path" as relative to the source folder, and copies the file.
        return "/" + os.path.relpath(real, os.path.realpath(self.env.srcdir)).replace(os.sep, "/")

    def _photo_uri(self, photo: str, boundary: FileBoundary, location: str) -> str:
        if not photo or not os.path.isabs(photo):
            return photo  # a URL, or nothing
        if not os.path.isfile(photo):  # "/images/me.jpg": from the source folder, as Sphinx reads it
            photo = os.path.join(str(self.env.srcdir), photo.lstrip("/"))
        return self._source_relative(photo, boundary, "photo", location) or ""

    def _download(self, local_path: str, boundary: FileBoundary, what: str, location: str) -> str | None:
        """A local file -> its download target; Sphinx copies it into the site."""
        if not local_path:
            return None
        return self._source_relative(local_path, boundary, what, location)

    def _bio(self, researcher, report) -> list[nodes.Node]:
        if self.content:
            return self.parse_content_to_nodes()
        if not researcher.bio:
            return []
        # A bio from a metadata file is untrusted: no file inclusion while it is
        # parsed, and raw markup removed after (sanitise_untrusted says where).
        settings = self.state.document.settings
        saved = settings.file_insertion_enabled
        settings.file_insertion_enabled = False
        # Lines carry the metadata file's name, so problems in the bio point there.
        source = researcher.source or self.get_source_info()[0]
        first = max(researcher.bio_line - 1, 0)
        lines = researcher.bio.splitlines()
        content = StringList(lines, source=source, items=[(source, first + i) for i in range(len(lines))])
        holder = nodes.container()
        try:
            self.state.nested_parse(content, 0, holder)
        finally:
            settings.file_insertion_enabled = saved
        return _cards().sanitise_untrusted(
            list(holder.children), lambda message: report(f"{message} (bio in {source})")
        )


def _icon_classes(icon_colors: str) -> list[str]:
    return ["scholar-icons-brand"] if icon_colors == "brand" else []
