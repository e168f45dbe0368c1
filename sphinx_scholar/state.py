"""The Sphinx side of loading: which bibliography this build uses, and the caches.

The parsed bibliography lives in bibdata's memory and disk caches, never in
the pickled environment; the environment only records each file's hash.
"""

from __future__ import annotations

import os
import pickle
import time

from sphinx.errors import SphinxError
from sphinx.util import logging

from . import bibdata, latex
from .config import scholar_config
from .report import warn

logger = logging.getLogger(__name__)


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
    domain = app.env.get_domain("scholar")
    domain.data["files"] = dict(bibliography.files)
    metadata = {}
    if settings.researcher is not None and settings.researcher.source:
        metadata[settings.researcher.source] = bibdata.file_digest(settings.researcher.source)
    _METADATA_CHANGED[str(app.env.srcdir)] = domain.data["metadata"] != metadata
    domain.data["metadata"] = metadata
    _CURRENT[str(app.env.srcdir)] = (
        bibliography.digest,
        (tuple(paths), settings.bib_encoding, app.doctreedir, settings.bibtex_exclude),
    )
    return bibliography


# srcdir -> (digest, how to load it again) for the current build.  Set in the
# main process before reading, so forked parallel workers inherit it.
_CURRENT: dict[str, tuple[str, tuple]] = {}


# srcdir -> whether scholar_researcher's file changed since the last build
_METADATA_CHANGED: dict[str, bool] = {}


def metadata_changed(env) -> bool:
    return _METADATA_CHANGED.get(str(env.srcdir), False)


def bibliography_for(env) -> bibdata.Bibliography:
    digest, load_arguments = _CURRENT.get(str(env.srcdir), ("", ((), "utf-8-sig", None, frozenset())))
    cached = bibdata.memorised(digest) if digest else None
    if cached is not None:
        return cached
    paths, encoding, cache_dir, exclude = load_arguments
    return bibdata.load_bibliography(list(paths), encoding, cache_dir=cache_dir, exclude=exclude)
