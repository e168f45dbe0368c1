"""sphinx-scholar: an academic homepage as an ordinary Sphinx project."""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

from . import config as _config
from .cv import builder as cv_builder
from .cv.directive import CVDirective, SectionUnderItsOwnHeading
from .glue import buildlock, journal
from .glue.directives.page import PublicationPageDirective
from .glue.directives.publication import PublicationDirective
from .glue.directives.researcher import ResearcherDirective
from .glue.domain import ScholarDomain
from .glue.expand import ExpandForLinkcheck, on_doctree_resolved, release_expanded_lists
from .glue.pages import (
    add_page_metadata,
    add_person_jsonld,
    remove_temporaries_of_killed_builds,
    write_feed,
    write_list_exports,
    write_news_feed,
    write_page_sources,
)
from .glue.roles import PublicationCountRole
from .glue.state import load_for_build, note_reader_conversions, save_memos
from .glue.tracking import documents_to_rewrite, note_documents_to_read, outdated_documents
from .glue.transforms import CardUnderItsOwnName, GroupHeadingsWhereSectionsCannotBe
from .locale import MESSAGE_CATALOG_NAME
from .news.directive import NewsDirective
from .people import site as _site
from .render.nodes import ALL_NODES
from .theme import register as register_theme
from .writers import VISITORS, stop_helpers, use_processes

__version__ = "0.1.0"

STATIC_DIR = os.path.join(os.path.dirname(__file__), "static")


STATIC_FILES = ("sphinx-scholar.css", "sphinx-scholar.js")


def _on_builder_inited(app: Sphinx) -> None:
    use_processes(app.parallel)
    remove_temporaries_of_killed_builds(app)
    bibliography = load_for_build(app)
    write_page_sources(app, bibliography)
    if app.builder.format == "html":
        app.add_css_file("sphinx-scholar.css")
        # before the first paint, so what scripts fill (the facet bar) has its room from the start
        app.add_js_file(None, body='document.documentElement.classList.add("scholar-js")')
        app.add_js_file("sphinx-scholar.js", loading_method="defer")
        _copy_static_files(app)


def _copy_static_files(app: Sphinx) -> None:
    # Copied here rather than through html_static_path, so conf.py's settings
    # are never changed behind the user's back; before pages are written, so that
    # a fresh build's links carry the files' checksums (?v=...) as a rebuild's do.
    if app.builder.format == "html":
        for name in STATIC_FILES:
            source, destination = os.path.join(STATIC_DIR, name), os.path.join(app.outdir, "_static")
            os.makedirs(destination, exist_ok=True)  # else a first build would copy the file *as* _static
            try:
                # An upgraded extension must replace the copy a previous build left.
                copy_asset_file(source, destination, force=True)
            except TypeError:  # Sphinx without ``force`` overwrites anyway
                copy_asset_file(source, destination)


def setup(app: Sphinx) -> dict:
    _config.register(app)
    _site.register(app)
    register_theme(app)
    app.add_message_catalog(MESSAGE_CATALOG_NAME, os.path.join(os.path.dirname(__file__), "locale"))
    app.add_domain(ScholarDomain)
    for node in ALL_NODES:
        # a builder without a visitor for a node writes it as its docutils base class (bibtex_source)
        app.add_node(
            node,
            **{builder: handlers[node.__name__] for builder, handlers in VISITORS.items() if node.__name__ in handlers},
        )
    app.add_directive("publication", PublicationDirective)
    app.add_directive("researcher", ResearcherDirective)
    app.add_directive("publication-page", PublicationPageDirective)
    app.add_directive("cv", CVDirective)
    app.add_directive("news", NewsDirective)
    cv_builder.register(app)
    app.add_role("pubcount", PublicationCountRole())
    app.add_role("pub", ScholarDomain.roles["pub"])
    app.add_transform(GroupHeadingsWhereSectionsCannotBe)
    app.add_transform(CardUnderItsOwnName)
    app.add_transform(SectionUnderItsOwnHeading)
    app.add_post_transform(ExpandForLinkcheck)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-read", note_reader_conversions)
    app.connect("html-page-context", add_person_jsonld)
    app.connect("html-page-context", add_page_metadata)
    app.connect("build-finished", release_expanded_lists)
    app.connect("build-finished", stop_helpers)
    app.connect("build-finished", write_feed)
    app.connect("build-finished", write_news_feed)
    app.connect("build-finished", write_list_exports)  # before save_memos: it fills the export memo
    app.connect("build-finished", save_memos)
    app.connect("env-get-outdated", outdated_documents)
    app.connect("env-before-read-docs", note_documents_to_read)
    app.connect("env-get-updated", documents_to_rewrite)
    # one build at a time per doctree folder; pages counted written only when a build ends
    app.connect("config-inited", buildlock.on_config_inited)
    app.connect("build-finished", journal.end_of_build, priority=900)
    app.connect("build-finished", buildlock.on_build_finished, priority=1000)
    return {
        "version": __version__,
        "env_version": 7,  # bump when rendering changes, so that every page is read again
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
