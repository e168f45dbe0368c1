"""Change tracking: which documents a bib edit or a moved entry affects.

Each list records its query and a digest of what it showed; after a bib edit
the queries run again (cheap: no rendering) and only documents whose digests
differ are read again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..bib.names import matcher_for
from ..people.researchers import people_digest
from ..people.stats import identity_spellings
from ..select import FilterError, ListQuery, compile_filter, select
from .entrynav import pages_with_new_navigation
from .journal import note_pages_to_write, unwritten_pages
from .state import bibliography_for, metadata_changed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..select import Selection

logger = logging.getLogger(__name__)


def selection_digest(query: ListQuery, selection: Selection) -> str:
    """What a list showed: its query, its entries' fingerprints, and missing keys."""
    text = "\n".join(
        [repr(query)]
        + [f"{p.key}\0{p.fingerprint}" for p in selection.publications]
        + ["missing:" + ",".join(selection.missing_keys)]
    )
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _fingerprint(bibliography, key: str) -> str:
    publication = bibliography.get(key)
    return publication.fingerprint if publication is not None else ""


def outdated_documents(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: documents whose lists or :pub: texts would now be different."""
    # pages a killed or failed build did not finish: read (and so written) again
    unfinished = sorted((unwritten_pages(app) & env.found_docs) - added - changed - removed)
    if unfinished:
        logger.info(f"[scholar] {len(unfinished)} page(s) that an interrupted build did not finish are written again")
    return unfinished + [page for page in _outdated_by_the_bib(env, added, changed, removed) if page not in unfinished]


def _outdated_by_the_bib(env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    domain = env.get_domain("scholar")
    lists = domain.data["lists"]
    if not lists and not domain.data["refs"] and not domain.data["researchers"]:
        return []
    if metadata_changed(env) and (lists or domain.data["researchers"]):
        # scholar_researcher's file changed: every page with a profile or a list.
        return sorted((set(lists) | set(domain.data["researchers"])) - set(changed) - set(removed))
    bibliography = bibliography_for(env)
    stale_refs = [
        docname
        for docname, refs in domain.data["refs"].items()
        if docname not in changed
        and docname not in removed
        and any(_fingerprint(bibliography, key) != fingerprint for key, fingerprint in refs.items())
    ]
    cache: dict[ListQuery, str] = {}
    outdated = []
    for docname, recorded in lists.items():
        if docname in changed or docname in removed or docname in added:
            continue
        for query, digest, bib_digest in recorded:
            if bib_digest == bibliography.digest:
                continue  # same bib bytes and settings: the list cannot differ
            if query not in cache:
                researcher = matcher_for(identity_spellings(query.researcher, query.orcid, bibliography))
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


def note_documents_to_read(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """env-before-read-docs: remember which documents this build reads."""
    _READ_NOW.clear()
    _READ_NOW.update(docnames)


def documents_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: pages written again (not re-read) because of other pages.

    When a page with lists was read again, entries may have moved between
    pages, so pages with :pub: references are rewritten.  When the people
    declared in the project changed, lists elsewhere may highlight someone
    else, so every page with a list is rewritten.
    """
    domain = env.get_domain("scholar")
    rewrite: set[str] = set()
    digest = people_digest(env)
    if digest != domain.data["people_digest"]:
        domain.data["people_digest"] = digest
        rewrite.update(domain.data["lists"])
    if any(docname in domain.data["lists"] or docname not in env.all_docs for docname in _READ_NOW):
        rewrite.update(domain.data["refs"])
    # entry pages link to their lists and neighbours: written again when those changed
    rewrite.update(pages_with_new_navigation(env))
    result = sorted(docname for docname in rewrite if docname not in _READ_NOW and docname in env.all_docs)
    # env-get-updated runs before Sphinx saves the environment: list what is to be written first
    note_pages_to_write(app, env, _READ_NOW | set(result))
    return result
