"""``sphinx-scholar cv``'s builder, and the HTML build's check that the PDF is current.

The builder reads the project like any build, then takes the page with the
whole CV (``.. cv::`` without ``:sections:``): its file and the publication
lists of its body, as the page shows them (filter, order, groups, numbers),
and has RenderCV typeset them into the built site.
"""

from __future__ import annotations

import datetime
import os
import time
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging

from ..bib.filecheck import search_folders
from ..bib.localfiles import FileBoundary, LocalFileRefused, find_local_file, link_path
from ..bib.urls import is_relative
from ..config import scholar_config
from ..glue.domain import scholar_domain
from ..glue.state import bibliography_for
from ..people.researchers import write_time_researcher
from ..people.stats import researcher_matcher
from ..render.nodes import publication_list
from ..report import warn
from .directive import PUBLICATIONS, whole_cv_sections
from .load import CVFileError, file_location, read_cv
from .pdf import (
    PDFError,
    PublicationGroup,
    compile_pdf,
    engine_missing,
    rendercv_input,
    replace_profile_name,
    typst_source,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

BUILDER_NAME = "scholar-cv-pdf"


def cv_pages(env) -> list[tuple[str, str]]:
    """(docname, CV file) of the pages with a whole CV, in name order."""
    found: list[tuple[str, str]] = []
    for docname, uses in sorted(scholar_domain(env).data["cvs"].items()):
        found.extend((docname, path) for path, whole in uses if whole)
    return found


def publication_groups(doctree: nodes.document, env) -> list[PublicationGroup]:
    """The lists in the CV's publications section, grouped by their first-level headings."""
    bibliography = bibliography_for(env)
    groups: list[PublicationGroup] = []
    for section in doctree.findall(nodes.section):
        if "scholar-cv-publications" not in section["classes"]:
            continue
        for node in section.findall(publication_list):
            heading = _group_heading(node, section)
            plan: list[tuple[str, str, int | None]] = node.get("scholar_plan", [])
            entries = tuple(
                (publication, number)
                for key, _anchor, number in plan
                if (publication := bibliography.get(key)) is not None
            )
            if groups and groups[-1].heading == heading:
                groups[-1] = PublicationGroup(heading, groups[-1].entries + entries)
            else:
                groups.append(PublicationGroup(heading, entries))
        break  # the first whole CV's
    return groups


def _group_heading(node: nodes.Node, cv_section: nodes.section) -> str:
    """The heading of the group directly under the CV's publications section ("" when none)."""
    child: nodes.Node | None = node
    while child is not None and child.parent is not cv_section:
        child = child.parent
    if isinstance(child, nodes.section) and isinstance(child[0], nodes.title):
        return child[0].astext()
    if isinstance(child, nodes.rubric):
        return child.astext()
    return ""


class CVPDFBuilder(Builder):
    """Writes ``scholar_cv_pdf`` into the output folder; nothing else."""

    name = BUILDER_NAME
    format = "pdf"
    epilog = "The PDF CV is in %(outdir)s."
    allow_parallel = True

    def get_outdated_docs(self) -> Iterator[str]:
        yield from ()  # pages are read, never written

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        settings = scholar_config(self.config)
        pages = cv_pages(self.env)
        if not pages:
            warn("no page has a whole CV (.. cv:: without :sections:); no PDF made", "cv_pdf")
            return
        if len(pages) > 1:
            warn(f"several pages show a whole CV; the PDF is made from {pages[0][0]}", "cv_pdf")
        missing = engine_missing()
        if missing:
            warn(f"the PDF CV needs RenderCV: {missing}", "cv_pdf")
            return
        docname, path = pages[0]
        try:
            cv = read_cv(path)
        except CVFileError as error:
            warn(f"{error}; no PDF made", "cv_pdf", location=file_location(path, error.line))
            return
        doctree = self.env.get_doctree(docname)
        groups = publication_groups(doctree, self.env)
        researcher = write_time_researcher(self.env, docname, None)
        matcher = researcher_matcher(researcher, bibliography_for(self.env))
        cv = replace_profile_name(cv, researcher.name if researcher else "")
        document = rendercv_input(
            cv, whole_cv_sections(cv, bool(groups)), groups, matcher.matches, _today(), self._site_links(cv.source)
        )
        destination = os.path.join(str(self.outdir), settings.cv_pdf or "cv.pdf")
        started = time.perf_counter()
        try:
            source = typst_source(document)
            templated = time.perf_counter() - started
            seconds = compile_pdf(source, destination)
        except PDFError as error:
            warn(f"{error}", "cv_pdf", location=file_location(path, None))
            return
        count = sum(len(group.entries) for group in groups)
        logger.info(
            f"PDF CV: {destination} ({count} publications; RenderCV wrote its Typst in {templated:.2f} s, "
            f"typeset in {seconds:.2f} s)"
        )

    def _site_links(self, cv_file: str):
        """Where a CV's relative link ("files/talk.pdf", "talks.html") is on the published site:
        a file the CV page copied into ``_downloads/``, or a page; None without html_baseurl."""
        base = str(self.config.html_baseurl or "")
        settings = scholar_config(self.config)
        srcdir = os.path.realpath(str(self.srcdir))
        folders = search_folders(cv_file, srcdir, settings.file_dirs, "cv")
        boundary = FileBoundary.of(folders, settings.allow_hidden_files)
        published = {os.path.normpath(str(key)): name for key, (_docs, name) in self.env.dlfiles.items()}

        def resolve(url: str) -> str | None:
            if url.startswith(("http://", "https://", "mailto:")):
                return url
            if not base or not is_relative(url):
                return None
            try:
                found = find_local_file(url, folders, boundary)
            except LocalFileRefused:
                return None
            if found is None:
                return urljoin(base, url) if link_path(url).endswith((".html", ".htm")) else None
            name = published.get(os.path.normpath(os.path.relpath(found, srcdir)))
            return urljoin(base, f"_downloads/{name}") if name else None

        return resolve


def _today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch and epoch.isdigit() else None
    return (moment.date() if moment else datetime.date.today()).isoformat()


def check_pdf_is_current(app: Sphinx, exception: BaseException | None) -> None:
    """After an HTML build: say when the PDF CV is older than its sources, or not made yet."""
    if exception is not None or app.builder.format != "html":
        return
    settings = scholar_config(app.config)
    pages = cv_pages(app.env)
    if not settings.cv_pdf or not pages:
        return
    pdf = os.path.join(str(app.outdir), settings.cv_pdf)
    command = f"sphinx-scholar cv {os.path.relpath(str(app.srcdir))} --out {os.path.relpath(str(app.outdir))}"
    if not os.path.isfile(pdf):
        logger.info(f"the CV page links {settings.cv_pdf}, which is not made yet: run {command}")
        return
    sources = [path for _docname, path in pages] + [path for path, _digest in bibliography_for(app.env).files]
    made = os.path.getmtime(pdf)
    newer = [path for path in sources if os.path.isfile(path) and os.path.getmtime(path) > made]
    if newer:
        names = ", ".join(sorted({os.path.basename(path) for path in newer}))
        age = time.strftime("%Y-%m-%d %H:%M", time.localtime(made))
        warn(
            f"{settings.cv_pdf} (made {age}) is older than {names}; run {command} to remake it",
            "cv_pdf",
            location=pages[0][0],
        )


def register(app: Sphinx) -> None:
    app.add_builder(CVPDFBuilder)
    app.connect("build-finished", check_pdf_is_current)


__all__ = ["BUILDER_NAME", "PUBLICATIONS", "register"]
