"""The Sphinx side of loading: which bibliography this build uses, and the caches.

The parsed bibliography lives in bibdata's memory and disk caches, never in
the pickled environment; the environment only records each file's hash.
"""

from __future__ import annotations

import functools
import os
import pickle
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sphinx.errors import SphinxError
from sphinx.util import logging

from ..bib import bibdata, latex
from ..bib.filecheck import local_file_problems
from ..config import scholar_config
from ..fileio import open_atomic
from ..people.site import configured_researcher
from ..report import warn
from ..web import export

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

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


# Memos saved with the build: pure functions of their input strings, so the
# next build (and -E) reuses them.  name -> (file, module's memo, module's loader)
# name -> (file name, the memo, a function that fills it from a saved one)
_MEMOS: dict[str, tuple[str, Callable[[], dict], Callable[[dict], None]]] = {
    "latex": ("scholar-latex.pickle", latex.conversion_cache, latex.preload_conversions),
    "exports": ("scholar-exports.pickle", export.export_cache, export.preload_exports),
}
_LAZY = {"exports": export.load_saved_exports_when_needed}  # loaded on first use


def _memo_key() -> str:
    import pylatexenc
    import rispy

    return f"{bibdata.LOADER_VERSION}/{getattr(pylatexenc, '__version__', '?')}/{getattr(rispy, '__version__', '?')}"


def load_saved_memos(doctreedir: str) -> None:
    """Reuse the LaTeX conversions and export texts of the previous build."""
    for name in _MEMOS:
        _SAVED_SIZES.pop((doctreedir, name), None)
        if name in _LAZY:
            _LAZY[name](functools.partial(_load_memo, doctreedir, name))
        else:
            _load_memo(doctreedir, name)


def _load_memo(doctreedir: str, name: str) -> None:
    file_name, memo, preload = _MEMOS[name]
    try:
        with open(os.path.join(doctreedir, file_name), "rb") as handle:
            key, saved = pickle.load(handle)
        if key == _memo_key() and isinstance(saved, dict):
            preload(saved)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        pass
    # Saved again only when this build adds to it; a lazy memo never loaded was not used.
    _SAVED_SIZES[(doctreedir, name)] = len(memo())


def save_memos(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: save the memos that grew."""
    if exception is not None:
        return
    for name, (file_name, memo, _preload) in _MEMOS.items():
        current = memo()
        saved = _SAVED_SIZES.get((str(app.doctreedir), name))
        if saved is None or len(current) == saved:
            continue
        try:
            with open_atomic(os.path.join(app.doctreedir, file_name), binary=True) as handle:
                pickle.dump((_memo_key(), dict(current)), handle, protocol=pickle.HIGHEST_PROTOCOL)
            _SAVED_SIZES[(str(app.doctreedir), name)] = len(current)
        except OSError:
            pass  # only costs time on the next build


_SAVED_SIZES: dict[tuple[str, str], int] = {}  # (doctree folder, memo) -> entries in its file


def load_for_build(app: Sphinx) -> bibdata.Bibliography:
    """builder-inited: parse (or fetch from cache) and report every problem once."""
    load_saved_memos(str(app.doctreedir))
    settings = scholar_config(app.config)
    paths = _bibfiles(app.config, str(app.confdir))
    started = time.perf_counter()
    if paths:
        logger.info(f"[scholar] reading {len(paths)} bib file(s)... ", nonl=True)
    bibliography = bibdata.load_bibliography(
        paths, settings.bib_encoding, cache_dir=str(app.doctreedir), exclude=settings.bibtex_exclude
    )
    if paths:
        logger.info(f"{len(bibliography)} entries in {time.perf_counter() - started:.2f} s")
    # the same problems, in the same words, as `sphinx-scholar check --srcdir SRCDIR` reports
    problems = [
        *bibliography.problems,
        *local_file_problems(bibliography, str(app.srcdir), settings.file_dirs, settings.allow_hidden_files),
    ]
    for problem in problems:
        if settings.strict:
            logger.error(problem.message, location=problem.location, type="scholar", subtype=problem.subtype)
        else:
            warn(problem.message, problem.subtype, location=problem.location)
    if settings.strict and problems:
        raise SphinxError(f"scholar_strict: {len(problems)} problem(s) in the bib files, reported above")
    domain = app.env.get_domain("scholar")
    domain.data["files"] = dict(bibliography.files)
    metadata = {}
    configured = configured_researcher(app.config)
    if configured is not None and configured.source:
        metadata[configured.source] = bibdata.file_digest(configured.source)
    _METADATA_CHANGED[str(app.env.srcdir)] = domain.data["metadata"] != metadata
    domain.data["metadata"] = metadata
    _LOADER[:] = [os.getpid(), len(latex.conversion_cache())]
    _CURRENT[str(app.env.srcdir)] = (
        bibliography.digest,
        (tuple(paths), settings.bib_encoding, app.doctreedir, settings.bibtex_exclude),
    )
    return bibliography


# (process that loaded the bibliography, conversions made before): a forked
# parallel reader sends the LaTeX it converts after that back to the loader.
_LOADER = [0, 0]


def note_reader_conversions(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: in a forked reader, hand this process's new LaTeX
    conversions to the main process (with the environment it sends back), so
    that the main process does not convert the same titles again."""
    if os.getpid() == _LOADER[0]:
        return
    made = latex.conversions_after(_LOADER[1])
    _LOADER[1] = len(latex.conversion_cache())  # this reader's copy: each document sends only its own
    if made:
        app.env.get_domain("scholar").data.setdefault(READER_CONVERSIONS, {}).update(made)


READER_CONVERSIONS = "latex made by a parallel reader"  # never in the main process's data


# srcdir -> (digest, how to load it again) for the current build.  Set in the
# main process before reading, so forked parallel workers inherit it.
_CURRENT: dict[str, tuple[str, tuple]] = {}


# srcdir -> whether scholar_researcher's file changed since the last build
_METADATA_CHANGED: dict[str, bool] = {}


def metadata_changed(env: BuildEnvironment) -> bool:
    return _METADATA_CHANGED.get(str(env.srcdir), False)


def bibliography_for(env: BuildEnvironment) -> bibdata.Bibliography:
    digest, load_arguments = _CURRENT.get(str(env.srcdir), ("", ((), "utf-8-sig", None, frozenset())))
    cached = bibdata.memorised(digest) if digest else None
    if cached is not None:
        return cached
    paths, encoding, cache_dir, exclude = load_arguments
    return bibdata.load_bibliography(list(paths), encoding, cache_dir=cache_dir, exclude=exclude)
