"""Per-publication pages, exports and the feed (Sphinx glue).

Entry pages are real documents, so they are searched, listed in sitemaps,
read in parallel and rebuilt with their entry: at ``builder-inited`` a
one-line source per visible entry is written under the source folder (as
autosummary does), each holding a ``publication-page`` directive.  Files are
rewritten only when their text changes, and generated files that no entry
needs any more are removed; files without our marker are never touched.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..bib.latex import latex_to_text
from ..bib.names import matcher_for
from ..config import scholar_config
from ..fileio import remove_stale_temporaries, write_atomic
from ..locale import _
from ..people.researchers import declared
from ..people.site import configured_researcher
from ..people.stats import orcid_pairs, researcher_matcher
from ..render.nodes import publication_downloads
from ..report import warn
from ..web import export, jsonld
from .state import bibliography_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..bib.bibdata import Bibliography
    from ..config import ScholarConfig
    from ..model import Publication

logger = logging.getLogger(__name__)

MARKER = "sphinx-scholar: generated page, rewritten on every build"
EXPORT_DIR = "_scholar"  # in the output folder: .bib, .ris and CSL-JSON files
EXPORT_FORMAT = "1"  # part of content-hashed file names: bump when export.py's output changes


def slug(key: str) -> str:
    """A file-name-safe form of a BibTeX key ("DBLP:conf/nips/Zhang21" -> "DBLP-conf-nips-Zhang21")."""
    return re.sub(r"[^A-Za-z0-9_.\-]+", "-", key).strip("-.") or "entry"


def page_docnames(settings: ScholarConfig, bibliography: Bibliography) -> dict[str, str]:
    """Key -> document name of its page, for every visible entry; distinct even when slugs collide."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for publication in bibliography:
        if not publication.listed:
            continue
        docname = settings.publication_page_url.replace("{key}", slug(publication.key))
        if docname.casefold() in taken:
            docname += "-" + hashlib.sha1(publication.key.encode()).hexdigest()[:6]
        taken.add(docname.casefold())
        result[publication.key] = docname
    return result


def _stub(key: str, markdown: bool) -> str:
    if markdown:
        return f"---\norphan: true\n---\n\n<!-- {MARKER} -->\n\n```{{publication-page}} {key}\n```\n"
    return f":orphan:\n\n.. {MARKER}\n\n.. publication-page:: {key}\n"


def _read(path: str) -> str | None:
    """A file's text; None when it does not exist; "" when it cannot be read as text."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""


def _write_if_changed(path: str, text: str) -> None:
    """Leave a file that already holds ``text`` alone (its time stamp too, for deploys)."""
    if _read(path) != text:
        write_atomic(path, text)


def _is_ours(path: str) -> bool:
    return MARKER in (_read(path) or "")[:300]


def write_page_sources(app: Sphinx, bibliography: Bibliography) -> None:
    """builder-inited: one source per entry page; stale generated ones removed."""
    settings = scholar_config(app.config)
    srcdir = str(app.srcdir)
    suffixes = list(app.config.source_suffix)
    suffix = ".rst" if ".rst" in suffixes or not suffixes else suffixes[0]
    markdown = suffix == ".md"
    wanted = page_docnames(settings, bibliography) if settings.publication_pages else {}
    _PAGES[srcdir] = wanted
    paths = {os.path.join(srcdir, *docname.split("/")) + suffix: key for key, docname in wanted.items()}
    folder = os.path.join(srcdir, *settings.publication_page_url.split("/")[:-1])
    # Remove what earlier builds generated and no entry needs now (nothing to
    # look for when neither this build nor the last one has pages).
    had_pages = bool(app.env.get_domain("scholar").data["pages"]) or _is_ours(os.path.join(folder, ".gitignore"))
    if (wanted or had_pages) and os.path.isdir(folder):
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            if path not in paths and name.endswith((".rst", ".md")) and _is_ours(path):
                os.remove(path)
    if not wanted:
        return
    created_folder = not os.path.isdir(folder)
    written = 0
    for path, key in paths.items():
        content = _stub(key, markdown)
        existing = _read(path)
        if existing == content:
            continue  # unchanged: Sphinx will not read it again
        if existing is not None and MARKER not in existing[:300]:
            warn(f"{path} exists and was not generated by sphinx-scholar; the page of {key!r} is not written", "page")
            _PAGES[srcdir].pop(key, None)
            continue
        write_atomic(path, content)
        written += 1
    if created_folder and folder != srcdir:
        write_atomic(os.path.join(folder, ".gitignore"), f"# {MARKER}\n*\n")
    if written:
        logger.info(f"[scholar] wrote {written} publication page source(s)")


def remove_temporaries_of_killed_builds(app: Sphinx) -> None:
    """builder-inited (with the build lock held): files a killed build was writing."""
    settings = scholar_config(app.config)
    outdir, srcdir = str(app.outdir), str(app.srcdir)
    folders = {str(app.doctreedir), os.path.join(outdir, EXPORT_DIR), srcdir}
    if settings.feed:
        folders.add(os.path.dirname(os.path.join(outdir, *settings.feed.split("/"))))
    if settings.publication_pages:
        folders.add(os.path.join(srcdir, *settings.publication_page_url.split("/")[:-1]))
    removed = sum(remove_stale_temporaries(folder) for folder in folders)
    if removed:
        logger.info(f"[scholar] removed {removed} file(s) that an interrupted build left half-written")


# srcdir -> {key: docname of its page}, set in the main process before reading
_PAGES: dict[str, dict[str, str]] = {}


def page_of(env: BuildEnvironment, key: str) -> str | None:
    return _PAGES.get(str(env.srcdir), {}).get(key)


def page_uri_function(builder: Builder | None, docname: str) -> Callable[[Publication], str | None]:
    """publication -> URI of its page relative to ``docname`` (None without pages)."""
    # Entry pages are orphans: only builders that write a file per document
    # have them (LaTeX has no URI for them, singlehtml leaves them out).
    html = builder is not None and builder.format == "html" and builder.name != "singlehtml"
    pages = _PAGES.get(str(builder.env.srcdir), {}) if builder is not None and html else {}
    if builder is None or not pages:
        return lambda publication: None

    def page_uri(publication):
        target = pages.get(publication.key)
        if target is None or target == docname:
            return None
        try:
            return builder.get_relative_uri(docname, target)
        except NoUri:
            return None

    return page_uri


# -- export files --------------------------------------------------------------------

_FORMATS = (
    ("bib", "BibTeX", export.to_bibtex),
    ("ris", "RIS", export.to_ris),
    ("json", "CSL-JSON", export.to_csl_json),
)


def write_exports(
    builder: Builder, name: str, publications: Iterable[Publication], content_named: bool = False
) -> dict[str, str]:
    """Write name.bib/.ris/.json into the site; ext -> path relative to the output folder.

    ``content_named``: the name is a hash of what the files hold, so files that
    exist are already right and are neither made nor read again.
    """
    written = export_files(name)
    for extension, _label, make in _FORMATS:
        path = os.path.join(builder.outdir, *written[extension].split("/"))
        if content_named and os.path.exists(path):
            continue
        _write_if_changed(path, make(publications))
    return written


def export_files(name: str) -> dict[str, str]:
    """ext -> path of the name.bib/.ris/.json files, relative to the output folder."""
    return {extension: f"{EXPORT_DIR}/{name}.{extension}" for extension, _label, _make in _FORMATS}


# output folder -> {file name: entries} of lists' download files, written when
# the build ends: made while pages are written, the entries' BibTeX, RIS and
# CSL-JSON text (some 3 kB an entry) would add to the largest page's memory.
_LIST_EXPORTS: dict[str, dict[str, list]] = {}


def write_list_exports(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: the "Download this list" files that pages link to."""
    pending = _LIST_EXPORTS.pop(str(app.outdir), {})
    if exception is not None:
        return
    for name, publications in pending.items():
        write_exports(app.builder, name, publications, content_named=True)


def downloads_paragraph(builder: Builder, docname: str, files: dict[str, str], label: str) -> nodes.paragraph:
    base = builder.get_target_uri(docname)
    paragraph = nodes.paragraph("", "", classes=["scholar-downloads"])
    paragraph += nodes.inline(label, label, classes=["scholar-downloads-label"])
    for index, (extension, title, _make) in enumerate(_FORMATS):
        paragraph += nodes.Text(" " if index == 0 else " · ")
        reference = nodes.reference(
            title,
            title,
            refuri=relative_uri(base, files[extension]),
            classes=["scholar-download", f"scholar-download-{extension}"],
        )
        paragraph += reference
    return paragraph


def expand_downloads(
    node: publication_downloads, bibliography: Bibliography, builder: Builder | None, docname: str
) -> None:
    """Replace a list's downloads placeholder with links (HTML), or nothing (other builders)."""
    if builder is None or builder.format != "html":
        node.parent.remove(node)
        return
    publications = [p for p in (bibliography.get(key) for key in node["keys"]) if p is not None]
    if not publications:
        node.parent.remove(node)
        return
    material = "\n".join([EXPORT_FORMAT] + [p.key + p.fingerprint for p in publications])
    name = "list-" + hashlib.sha1(material.encode()).hexdigest()[:16]
    _LIST_EXPORTS.setdefault(str(builder.outdir), {})[name] = publications
    node.replace_self(downloads_paragraph(builder, docname, export_files(name), _("Download this list:")))


def page_extras(
    publication: Publication, builder: Builder | None, docname: str, settings: ScholarConfig
) -> list[nodes.Node]:
    """Cite as, per-entry downloads and COinS, after the entry on its page."""
    extras: list[nodes.Node] = []
    if settings.cite_styles:
        cite = nodes.container("", classes=["scholar-cite-as"])
        cite += nodes.rubric(_("Cite as"), _("Cite as"))
        for style in settings.cite_styles:
            try:
                text = export.cite_as(publication, style)
            except Exception as error:  # citeproc-py raises assorted errors on odd entries
                warn(
                    f"'Cite as' in style {style!r} failed for entry {publication.key!r}: {error}",
                    "page",
                    location=f"{publication.source}:{publication.line}",
                )
                continue
            block = nodes.container("", classes=["scholar-cite", f"scholar-cite-{style}"])
            label = export.CITE_STYLES.get(style, style)
            block += nodes.paragraph(label, label, classes=["scholar-cite-label"])
            block += nodes.paragraph(text, text, classes=["scholar-cite-text"])
            cite += block
        extras.append(cite)
    if builder is not None and builder.format == "html":
        files = write_exports(builder, slug(publication.key), [publication])
        extras.append(downloads_paragraph(builder, docname, files, _("Download:")))
        # COinS: an empty span whose title reference managers (Zotero) read.
        coins = html.escape(export.coins_title(publication), quote=True)
        extras.append(nodes.raw("", f'<span class="Z3988" title="{coins}"></span>', format="html"))
    return extras


# -- head metadata ---------------------------------------------------------------------


def _absolute(config, relative: str) -> str:
    base = (config.html_baseurl or "").rstrip("/")
    return f"{base}/{relative}" if base else ""


def _local_pdf(publication, env, docname: str) -> str:
    """The site's own copy of the entry's PDF, if it serves one (a relative pdf field)."""
    from ..bib.urls import is_relative, safe_url

    url = safe_url(publication.get("pdf"))
    if not url or not is_relative(url):
        return ""
    for relative, (docnames, download_name) in env.dlfiles.items():
        if docname in docnames and posixpath.basename(relative) == posixpath.basename(url.split("?")[0]):
            return f"_downloads/{download_name}"  # relative to the site's root
    return ""


def add_page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """html-page-context: Highwire, Dublin Core, Open Graph and JSON-LD on an entry page,
    and the feed's discovery link on every page."""
    settings = scholar_config(app.config)
    extra = ""
    if settings.feed:
        feed_uri = relative_uri(app.builder.get_target_uri(pagename), settings.feed)
        title, href = html.escape(_feed_title(app)), html.escape(feed_uri)
        extra += f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}" />\n'
    key = app.env.get_domain("scholar").data["pages"].get(pagename)
    publication = bibliography_for(app.env).get(key) if key and doctree is not None else None
    if publication is not None:
        from ..web import metadata  # entry pages only

        # Sphinx makes <title> by stripping the tags of the rendered heading, which
        # would run MathML's pieces together ("O(n2)"): give it the entry's text.
        context["title"] = html.escape(latex_to_text(publication.get("title")))

        page_url = _absolute(app.config, app.builder.get_target_uri(pagename))
        pdf = _local_pdf(publication, app.env, pagename)
        pdf_url = _absolute(app.config, pdf) if pdf else ""
        if pdf and not pdf_url:
            pdf_url = relative_uri(app.builder.get_target_uri(pagename), pdf)
        extra += metadata.meta_tags(metadata.highwire(publication, pdf_url=pdf_url, page_url=page_url))
        extra += metadata.meta_tags(metadata.dublin_core(publication))
        extra += metadata.meta_tags(
            metadata.open_graph(publication, page_url, app.config.project), attribute="property"
        )
        doi = export.doi_of(publication)
        if doi:
            # The version of record is canonical; Sphinx writes the tag from pageurl.
            if context.get("pageurl"):
                context["pageurl"] = f"https://doi.org/{doi}"
            else:
                extra += f'<link rel="canonical" href="{html.escape("https://doi.org/" + doi)}" />\n'
        orcids = _orcids(app.env, publication)
        data = metadata.scholarly_article(publication, orcids, page_url=page_url, pdf_url=pdf_url)
        extra += jsonld.script_tag(data)
    if extra:
        context["metatags"] = context.get("metatags", "") + extra


def _orcids(env, publication):
    """author -> ORCID iD of a declared researcher, or from the entry's ORCID fields."""
    bibliography = bibliography_for(env)
    known = [(researcher_matcher(person, bibliography), person.orcid) for person in declared(env) if person.orcid]
    listed = [(matcher_for((name,)), orcid) for name, orcid in orcid_pairs(publication)]

    def orcid_of(author) -> str:
        for matcher, orcid in known + listed:
            if matcher.matches(author):
                return orcid
        return ""

    return orcid_of


# -- the feed --------------------------------------------------------------------------


def _feed_title(app) -> str:
    researcher = configured_researcher(app.config)
    person = researcher.name if researcher is not None else app.config.project
    return f"{person}: publications"


def write_feed(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: the Atom feed, newest first, when scholar_feed names a file."""
    settings = scholar_config(app.config)
    if exception is not None or not settings.feed or app.builder.format != "html":
        return
    env = app.env
    bibliography = bibliography_for(env)
    from .domain import scholar_domain

    domain = scholar_domain(env)
    feed_id = _absolute(app.config, settings.feed) or f"urn:sphinx-scholar:{slug(app.config.project).lower()}"

    def entry_url(publication) -> str:
        target = page_of(env, publication.key)
        if target is not None:
            uri = app.builder.get_target_uri(target)
        else:
            place = domain.find_entry(publication.key)
            if place is None:
                return ""
            uri = f"{app.builder.get_target_uri(place[0])}#{place[1]}"
        return _absolute(app.config, uri) or relative_uri(settings.feed, uri)

    def summary(publication) -> str:
        from .domain import citation_text

        abstract = latex_to_text(publication.get("abstract")).strip()
        return citation_text(publication) + (f"\n\n{abstract}" if abstract else "")

    publications = [p for p in bibliography if p.listed]
    text = export.atom_feed(
        publications,
        title=_feed_title(app),
        feed_id=feed_id,
        self_url=_absolute(app.config, settings.feed),
        site_url=_absolute(app.config, app.builder.get_target_uri(app.config.root_doc)),
        entry_url=entry_url,
        summary_of=summary,
    )
    _write_if_changed(os.path.join(app.outdir, *settings.feed.split("/")), text)
    logger.info(f"[scholar] Atom feed of {len(publications)} entries: {settings.feed}")


# -- researchers' JSON-LD ------------------------------------------------------------


def add_person_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """html-page-context: one Person (or a @graph of them) in the head of a page with researchers."""
    people = app.env.get_domain("scholar").data["researchers"].get(pagename)
    if not people or doctree is None:
        return
    records = [jsonld.person(researcher) for researcher in people]
    if len(records) == 1:
        data = {"@context": "https://schema.org", **records[0]}
    else:
        data = {"@context": "https://schema.org", "@graph": records}
    context["metatags"] = context.get("metatags", "") + jsonld.script_tag(data)
