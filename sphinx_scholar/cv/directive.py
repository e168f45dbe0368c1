"""The ``cv`` directive: a CV file's sections, and the page's own publication lists.

``.. cv:: cv.yaml`` shows the whole CV: the profile, then every section in the
file's order.  ``:sections:`` picks and orders sections (by their names in
the file or by kind: ``awards`` finds "Honours"); ``:selected:`` and
``:limit:`` make a short block such as "Selected honours" for a home page.

The directive's body is the CV's publications: ``publication`` directives
with any of their options.  It takes the place of the file's publications
section (or comes last when the file has none), and ``sphinx-scholar cv``
typesets the same lists in the PDF.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..bib.filecheck import search_folders
from ..bib.localfiles import FileBoundary, LocalFileRefused, find_local_file, link_path
from ..bib.urls import is_relative, safe_url
from ..config import confdir_of, scholar_config
from ..glue.directives import locate_section, publish_download, with_smart_quotes
from ..glue.domain import scholar_domain
from ..locale import _
from ..render.nodes import aside
from ..report import warn
from .load import CVFileError, file_location, read_cv
from .model import CV, CVSection, section_kind
from .render import profile_node, section_body

_Read = TypeVar("_Read")

PUBLICATIONS = "publications"
LONE = "scholar-cv-lone"


def _names(argument: str | None) -> list[str]:
    names = [part.strip() for part in (argument or "").split(",") if part.strip()]
    if not names:
        raise ValueError("name at least one section")
    return names


def unique_id(document: nodes.document, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... when the page already uses it."""
    candidate, counter = wanted, 1
    while candidate in document.ids:
        counter += 1
        candidate = f"{wanted}-{counter}"
    return candidate


def read_for_page(
    directive: SphinxDirective, path: str, read: Callable[[str], _Read], subtype: str, left_out: str
) -> _Read | None:
    """``read(path)`` for a directive's data file (a CV, news; an absolute path), which the page
    now depends on; None, and a warning at the file's line ending with ``left_out``, when it
    cannot be read."""
    directive.env.note_dependency(path)
    try:
        return read(path)
    except CVFileError as error:
        warn(f"{error}; {left_out}", subtype, location=file_location(path, error.line))
        return None


def whole_cv_sections(cv: CV, has_publication_lists: bool) -> list[CVSection]:
    """The file's sections in order; the page's publication lists last when the file has no such section."""
    sections = list(cv.sections)
    if has_publication_lists and not any(s.kind == PUBLICATIONS for s in sections):
        sections.append(CVSection(PUBLICATIONS, _("Publications"), PUBLICATIONS, ()))
    return sections


class CVDirective(SphinxDirective):
    """``.. cv:: [file]`` with :sections:, :selected:, :limit:, :title:, :no-profile:, :class:."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "sections": _names,
        "selected": directives.flag,
        "limit": directives.nonnegative_int,
        "title": directives.unchanged_required,
        "no-profile": directives.flag,
        "no-pdf": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        settings = scholar_config(self.config)
        if self.arguments:
            _relative, path = self.env.relfn2path(self.arguments[0].strip())
        elif settings.cv:
            path = os.path.normpath(os.path.join(confdir_of(self.config), settings.cv))
        else:
            warn("cv: name a CV file (.. cv:: cv.yaml) or set scholar_cv", "cv", location=self.get_location())
            return []
        path = os.path.abspath(path)
        cv = read_for_page(self, path, read_cv, "cv", "the CV is left out")
        if cv is None:
            return []
        chosen = self._chosen = self._chosen_sections(cv)
        whole = "sections" not in self.options
        scholar_domain(self.env).note_cv(self.env.docname, path, whole)
        self._report(cv, chosen, whole)

        out: list[nodes.Node] = []
        classes = ["scholar-cv", *self.options.get("class", [])]
        if whole and "no-profile" not in self.options:
            header = nodes.container("", classes=[*classes, "scholar-cv-header"])
            header += profile_node(cv.profile)
            pdf = self._pdf_link(settings.cv_pdf)
            if pdf is not None:
                header += pdf
            out.append(header)
        title = self.options.get("title")
        for section in chosen:
            out.append(self._section(cv, section, classes, title if len(chosen) == 1 else None))
        for node in out:
            self._publish_local_files(node, cv)
        return out

    def _publish_local_files(self, tree: nodes.Node, cv: CV) -> None:
        """Relative links to files (``slides: files/talk.pdf``) become downloads, when the file is
        inside the project; a link to a page of the site ("talks.html") is kept as written."""
        settings = scholar_config(self.config)
        srcdir = str(self.env.srcdir)
        folders = search_folders(cv.source, srcdir, settings.file_dirs, "cv")
        boundary = FileBoundary.of(folders, settings.allow_hidden_files)
        for reference in list(tree.findall(nodes.reference)):
            url = reference.get("refuri", "")
            if "scholar-cv-pdf-link" in reference["classes"]:
                continue  # made by `sphinx-scholar cv` into the built site, not a source file
            if not url or not is_relative(url) or url.startswith(("/", "#")):
                continue
            try:
                found = find_local_file(url, folders, boundary)
            except LocalFileRefused as error:
                warn(
                    f"cv: {url!r} in {os.path.basename(cv.source)} is not published: {error}",
                    "local_file",
                    location=self.get_location(),
                )
                reference.replace_self(nodes.inline("", "", *reference.children, classes=reference["classes"]))
                continue
            if found is None:
                if os.path.splitext(link_path(url))[1].lower() not in ("", ".html", ".htm"):
                    warn(
                        f"cv: no file {url!r} beside {os.path.basename(cv.source)} or in the source folder; "
                        "linked as written",
                        "local_file",
                        location=self.get_location(),
                    )
                continue
            target = "/" + os.path.relpath(found, os.path.realpath(srcdir)).replace(os.sep, "/")
            # registered here: Sphinx's collector never sees the entries, which are set aside
            download = addnodes.download_reference(
                "",
                "",
                *reference.children,
                reftarget=target,
                filename=publish_download(self.env, found),
                refexplicit=True,
                classes=reference["classes"],
            )
            reference.replace_self(download)

    # -- which sections -------------------------------------------------------------

    def _chosen_sections(self, cv: CV) -> list[CVSection]:
        if "sections" not in self.options:
            return whole_cv_sections(cv, bool(self.content))
        chosen = []
        for name in self.options["sections"]:
            section = cv.section(name)
            if section is None and section_kind(name) == PUBLICATIONS and self.content:
                section = CVSection(PUBLICATIONS, _("Publications"), PUBLICATIONS, ())
            if section is None:
                names = ", ".join(s.name for s in cv.sections) or "none"
                warn(
                    f"cv: no section {name!r} in {os.path.basename(cv.source)} (it has: {names}); it is left out",
                    "cv",
                    location=self.get_location(),
                )
                continue
            chosen.append(section)
        return chosen

    def _report(self, cv: CV, chosen: list[CVSection], whole: bool) -> None:
        """The file's problems, each once: those of the shown sections (all of them with the whole CV)."""
        starts = sorted(s.line for s in cv.sections if s.line)
        shown = {s.line for s in chosen}
        for problem in cv.problems:
            if not whole:
                owner = max((start for start in starts if problem.line and start <= problem.line), default=None)
                if owner is None or owner not in shown:
                    continue
            warn(problem.message, "cv", location=file_location(cv.source, problem.line))

    # -- nodes ---------------------------------------------------------------------

    def _section(self, cv: CV, section: CVSection, classes: list[str], title: str | None) -> nodes.Element:
        heading = title or section.title
        kind_classes = [*classes, "scholar-cv-section", f"scholar-cv-{section.kind}"]
        if section.kind == PUBLICATIONS and self.content:
            node = self._titled_section(section, ["scholar-group", *kind_classes, "scholar-cv-publications"], heading)
            self.state.nested_parse(self.content, self.content_offset, node)
            return node
        selected_only = "selected" in self.options
        if selected_only and not any(e.selected for e in section.entries):
            warn(
                f"cv: :selected: but no entry of {section.name!r} has 'selected: true'; the section is empty",
                "cv",
                location=self.get_location(),
            )
        body = section_body(section, limit=self.options.get("limit"), selected_only=selected_only)
        node = self._titled_section(section, ["scholar-group", *kind_classes], heading)
        if len(self._chosen) == 1:
            node["classes"].append(LONE)  # SectionUnderItsOwnHeading may drop the heading
        self._publish_local_files(body, cv)
        with_smart_quotes(self, body)
        node += aside([body])  # put in place when the page is resolved, after the read-time transforms
        return node

    def _titled_section(self, section: CVSection, classes: list[str], heading: str) -> nodes.section:
        node = nodes.section("", classes=classes)
        node["ids"] = [unique_id(self.state.document, nodes.make_id(f"cv-{section.name}") or "cv-section")]
        self.state.document.ids[node["ids"][0]] = node
        node += nodes.title(heading, heading)
        locate_section(self, node)
        return node

    def _pdf_link(self, pdf_name: str) -> nodes.paragraph | None:
        if not pdf_name or "no-pdf" in self.options:
            return None
        depth = self.env.docname.count("/")
        url = safe_url(posixpath.join(*([".."] * depth), pdf_name) if depth else pdf_name)
        if url is None:
            return None
        paragraph = nodes.paragraph("", "", classes=["scholar-cv-pdf"])
        paragraph += nodes.reference(
            "",
            _("Download the CV (PDF)"),
            refuri=url,
            classes=["scholar-link", "scholar-link-badge", "scholar-cv-link", "scholar-cv-pdf-link"],
        )
        return paragraph


class SectionUnderItsOwnHeading(SphinxTransform):
    """A block of one CV section right under a heading of the page gives up its own:
    a "Talks" page that shows the talks, or "Selected honours" written above the awards.

    The heading goes when the page's heading says the same, or when the block is the
    first thing after it (the author wrote the heading for it)."""

    default_priority = 190  # before group headings become rubrics, and before the table of contents

    def apply(self, **kwargs: Any) -> None:
        for section in list(self.document.findall(nodes.section)):
            parent = section.parent
            if LONE not in section["classes"] or not isinstance(parent, nodes.section):
                continue
            own, page = section[0], parent[0]
            if not isinstance(page, nodes.title):
                continue
            same = own.astext().strip().casefold() == page.astext().strip().casefold()
            if same or parent.index(section) == 1:
                classes = [c for c in section["classes"] if c not in (LONE, "scholar-group")]
                block = nodes.container("", *section.children[1:], ids=section["ids"], classes=classes)
                section.replace_self(block)
