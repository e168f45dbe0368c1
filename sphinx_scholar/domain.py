"""Per-document bookkeeping and the Sphinx side of loading.

The environment holds only small facts: each bib file's content hash, and
for each document the queries its lists ran with a digest of what they showed.
The parsed bibliography itself lives in bibdata's memory and disk caches,
never in the pickled environment.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx.errors import SphinxError
from sphinx.util import logging

from . import bibdata, latex
from .latex import latex_to_text
from .names import matcher_for
from .venues import venue_text
from .config import scholar_config
from .select import FilterError, ListQuery, compile_filter, select

logger = logging.getLogger(__name__)


class PublicationReferenceRole(XRefRole):
    """:pub:`key` (or :pub:`text <key>`): a link to the entry where it is listed."""

    def run(self):
        # Also registered as the bare role :pub:, which carries no domain name.
        result, messages = super().run()
        for node in result:
            if isinstance(node, addnodes.pending_xref):
                node["refdomain"], node["reftype"] = "scholar", "pub"
        return result, messages

    def process_link(self, env, refnode, has_explicit_title, title, target):
        publication = bibliography_for(env).get(target.strip())
        if publication is not None and not has_explicit_title:
            title = short_title(publication)
        fingerprint = publication.fingerprint if publication is not None else ""
        env.get_domain("scholar").note_reference(env.docname, target.strip(), fingerprint)
        return title, target.strip()


def short_title(publication) -> str:
    """The title up to its first colon: "Sparse Rényi Attention" of "Sparse Rényi Attention: ..."."""
    title = latex_to_text(publication.get("title")) or publication.key
    return title.split(": ", 1)[0]


def citation_text(publication) -> str:
    """A one-line citation for tooltips: authors, title, venue, year."""
    authors = ", ".join(a.text for a in publication.authors[:6]) + (", et al." if len(publication.authors) > 6 else "")
    parts = [authors, latex_to_text(publication.get("title")), venue_text(publication), str(publication.year or "")]
    return ". ".join(part for part in parts if part)


def warn(message: str, subtype: str, location=None, **kwargs) -> None:
    logger.warning(message, type="scholar", subtype=subtype, location=location, **kwargs)


class ScholarDomain(Domain):
    name = "scholar"
    label = "sphinx-scholar"
    data_version = 5  # bump when the shape of ``data`` changes
    object_types = {"pub": ObjType("publication", "pub")}
    roles = {"pub": PublicationReferenceRole(innernodeclass=nodes.inline)}
    initial_data = {
        "files": {},  # bib path -> sha256 of its bytes
        # docname -> [(ListQuery, digest of what the list showed, digest of the bib then)]
        "lists": {},
        # docname -> {key: (anchor, whether the list is a full, unfiltered list)}
        "entries": {},
        # docname -> {key: fingerprint of the entry when the page was read}, for :pub:
        "refs": {},
    }

    def clear_doc(self, docname: str) -> None:
        for kind in ("lists", "entries", "refs"):
            self.data[kind].pop(docname, None)
        self._places = None

    def merge_domaindata(self, docnames, otherdata) -> None:
        for docname in docnames:
            for kind in ("lists", "entries", "refs"):
                if docname in otherdata[kind]:
                    self.data[kind][docname] = otherdata[kind][docname]
        self._places = None

    def note_reference(self, docname: str, key: str, fingerprint: str) -> None:
        """A :pub: reference; its text comes from the entry, so an edit re-reads the page."""
        self.data["refs"].setdefault(docname, {})[key.casefold()] = fingerprint

    def note_entry(self, docname: str, key: str, anchor: str, full: bool) -> None:
        """The first place a page lists an entry; cross-references point there."""
        self.data["entries"].setdefault(docname, {}).setdefault(key.casefold(), (anchor, full, key))
        self._places = None

    _places: dict[str, tuple[str, str, str]] | None = None  # folded key -> (docname, anchor, key)

    def find_entry(self, key: str) -> tuple[str, str] | None:
        """(docname, anchor) of the page that lists ``key``: a full list wins, then the first page."""
        if self._places is None:
            best: dict[str, tuple[bool, str, str, str]] = {}
            for docname, entries in self.data["entries"].items():
                for folded, (anchor, full, original) in entries.items():
                    candidate = (not full, docname, anchor, original)
                    if folded not in best or candidate < best[folded]:
                        best[folded] = candidate
            self._places = {folded: place[1:] for folded, place in best.items()}
        place = self._places.get(key.casefold())
        return place[:2] if place else None

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ != "pub":
            return None
        place = self.find_entry(target)
        publication = bibliography_for(env).get(target)
        if publication is None:
            logger.warning(f"unknown publication key {target!r}", location=node, type="scholar", subtype="unknown_key")
            return None
        if place is None:
            logger.warning(
                f"publication {target!r} is not listed on any page, so :pub: cannot link to it",
                location=node,
                type="scholar",
                subtype="unlisted",
            )
            return None
        docname, anchor = place
        reference = make_refnode(builder, fromdocname, docname, anchor, contnode, citation_text(publication))
        reference["classes"].append("scholar-pub-ref")
        return reference

    def get_objects(self):
        """Every listed entry, for the inventory (intersphinx)."""
        self.find_entry("")  # builds the index
        for docname, anchor, key in sorted((self._places or {}).values(), key=lambda place: place[2]):
            yield key, key, "pub", docname, anchor, 1

    def note_list(self, docname: str, query: ListQuery, digest: str, bib_digest: str) -> None:
        """What a list (or a pubcount) showed, to tell later whether a bib edit changes it."""
        self.data["lists"].setdefault(docname, []).append((query, digest, bib_digest))

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        place = self.find_entry(target)
        if place is None:
            return []
        resolved = self.resolve_xref(env, fromdocname, builder, "pub", target, node, contnode)
        return [("scholar:pub", resolved)] if resolved is not None else []


def selection_digest(query: ListQuery, selection) -> str:
    """What a list showed: its query, its entries' fingerprints, and missing keys."""
    text = "\n".join(
        [repr(query)] + [f"{p.key}\0{p.fingerprint}" for p in selection.publications] + ["missing:" + ",".join(selection.missing_keys)]
    )
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _bibfiles(config, confdir: str) -> list[str]:
    settings = scholar_config(config)
    paths, unmatched = bibdata.resolve_bibfiles(settings.bibfiles, confdir)
    for pattern in unmatched:
        logger.error(
            f"bib file {pattern!r} from scholar_bibfiles not found (paths are relative to {confdir})",
            type="scholar",
            subtype="bibfile",
        )
    return paths


_LATEX_CACHE = "scholar-latex.pickle"


def _latex_cache_key() -> str:
    import pylatexenc

    return f"{bibdata.LOADER_VERSION}/{getattr(pylatexenc, '__version__', '?')}"


def load_latex_conversions(doctreedir: str) -> None:
    """Reuse the LaTeX conversions of the previous build (pylatexenc is slow)."""
    try:
        with open(os.path.join(doctreedir, _LATEX_CACHE), "rb") as handle:
            key, conversions = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        return
    if key == _latex_cache_key() and isinstance(conversions, dict):
        latex.preload_conversions(conversions)
    _SAVED_CONVERSIONS[0] = len(latex.conversion_cache())


def save_latex_conversions(app, exception) -> None:
    """build-finished: save the LaTeX conversions when there are new ones."""
    conversions = latex.conversion_cache()
    if exception is not None or len(conversions) == _SAVED_CONVERSIONS[0]:
        return
    try:
        temporary = os.path.join(app.doctreedir, f"{_LATEX_CACHE}.{os.getpid()}")
        with open(temporary, "wb") as handle:
            pickle.dump((_latex_cache_key(), dict(conversions)), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, os.path.join(app.doctreedir, _LATEX_CACHE))
        _SAVED_CONVERSIONS[0] = len(conversions)
    except OSError:
        pass  # only costs time on the next build


_SAVED_CONVERSIONS = [0]


def load_for_build(app) -> bibdata.Bibliography:
    """builder-inited: parse (or fetch from cache) and report every problem once."""
    load_latex_conversions(app.doctreedir)
    settings = scholar_config(app.config)
    paths = _bibfiles(app.config, app.confdir)
    started = time.perf_counter()
    if paths:
        logger.info(f"[scholar] reading {len(paths)} bib file(s)... ", nonl=True)
    bibliography = bibdata.load_bibliography(
        paths, settings.bib_encoding, cache_dir=app.doctreedir, exclude=settings.bibtex_exclude
    )
    if paths:
        logger.info(f"{len(bibliography)} entries in {time.perf_counter() - started:.2f} s")
    for problem in bibliography.problems:
        if settings.strict:
            logger.error(problem.message, location=problem.location, type="scholar", subtype=problem.subtype)
        else:
            warn(problem.message, problem.subtype, location=problem.location)
    if settings.strict and bibliography.problems:
        raise SphinxError(f"scholar_strict: {len(bibliography.problems)} problem(s) in the bib files, reported above")
    app.env.get_domain("scholar").data["files"] = dict(bibliography.files)
    _CURRENT[str(app.env.srcdir)] = (
        bibliography.digest,
        (tuple(paths), settings.bib_encoding, app.doctreedir, settings.bibtex_exclude),
    )
    return bibliography


# srcdir -> (digest, how to load it again) for the current build.  Set in the
# main process before reading, so forked parallel workers inherit it.
_CURRENT: dict[str, tuple[str, tuple]] = {}


def bibliography_for(env) -> bibdata.Bibliography:
    digest, load_arguments = _CURRENT.get(str(env.srcdir), ("", ((), "utf-8-sig", None, frozenset())))
    cached = bibdata.memorised(digest) if digest else None
    if cached is not None:
        return cached
    paths, encoding, cache_dir, exclude = load_arguments
    return bibdata.load_bibliography(list(paths), encoding, cache_dir=cache_dir, exclude=exclude)


def outdated_documents(app, env, added, changed, removed) -> list[str]:
    """env-get-outdated: documents whose lists or :pub: texts would now be different."""
    domain = env.get_domain("scholar")
    lists = domain.data["lists"]
    if not lists and not domain.data["refs"]:
        return []
    bibliography = bibliography_for(env)
    stale_refs = [
        docname
        for docname, refs in domain.data["refs"].items()
        if docname not in changed and docname not in removed
        and any((bibliography.get(key).fingerprint if bibliography.get(key) else "") != fingerprint for key, fingerprint in refs.items())
    ]
    researcher = matcher_for(scholar_config(env.config).researcher_spellings)
    cache: dict[ListQuery, str] = {}
    outdated = []
    for docname, recorded in lists.items():
        if docname in changed or docname in removed or docname in added:
            continue
        for query, digest, bib_digest in recorded:
            if bib_digest == bibliography.digest:
                continue  # same bib bytes and settings: the list cannot differ
            if query not in cache:
                try:
                    compiled = compile_filter(query.filter, researcher)
                except FilterError:
                    compiled = None
                cache[query] = selection_digest(query, select(bibliography, query, compiled)) if compiled else ""
            if cache[query] != digest:
                outdated.append(docname)
                break
    outdated += [docname for docname in stale_refs if docname not in outdated]
    if outdated:
        logger.info(f"[scholar] {len(outdated)} document(s) show changed bib entries")
    return outdated


# Documents read in this build (set in the main process before reading).
_READ_NOW: set[str] = set()


def note_documents_to_read(app, env, docnames) -> None:
    """env-before-read-docs: remember which documents this build reads."""
    _READ_NOW.clear()
    _READ_NOW.update(docnames)


def documents_to_rewrite(app, env) -> list[str]:
    """env-get-updated: when a page with lists was read again, entries may have moved
    between pages, so pages with :pub: references are written again (not re-read)."""
    domain = env.get_domain("scholar")
    if not any(docname in domain.data["lists"] or docname not in env.all_docs for docname in _READ_NOW):
        return []
    return [docname for docname in domain.data["refs"] if docname not in _READ_NOW]
