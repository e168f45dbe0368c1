"""Pages a build was going to write and may not have: counted written only once the build ends.

Sphinx saves its environment (with the bib's new fingerprints) after reading
and before writing.  A build killed or failing while it writes would leave the
next build sure that nothing changed, and the old page on disk.  So before
that save, the pages this build will write are listed in a journal in the
doctree folder; the journal is removed when the build ends without an error,
and the next build reads every page still listed in it again, which writes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..fileio import write_atomic

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def _journal_path(doctreedir: str, outdir: str, builder: str) -> str:
    # one journal per output: html and latex builds may share a doctree folder
    which = hashlib.sha1(f"{builder}\0{os.path.realpath(outdir)}".encode()).hexdigest()[:12]
    return os.path.join(doctreedir, f"scholar-unwritten-{which}.json")


def _path_of(app: Sphinx) -> str:
    return _journal_path(str(app.doctreedir), str(app.outdir), app.builder.name)


def unwritten_pages(app: Sphinx) -> set[str]:
    """Pages an earlier build listed and did not finish (a killed or failed build)."""
    try:
        with open(_path_of(app), encoding="utf-8") as handle:
            pages = json.load(handle)
    except (OSError, ValueError):
        return set()
    return {page for page in pages if isinstance(page, str)} if isinstance(pages, list) else set()


def note_pages_to_write(app: Sphinx, env: BuildEnvironment, pages: Iterable[str]) -> None:
    """Before the environment is saved: these pages (and those still listed) are to be written."""
    listed = (unwritten_pages(app) | set(pages)) & set(env.all_docs)
    if listed:
        write_atomic(_path_of(app), json.dumps(sorted(listed)))


def end_of_build(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: every page was written, so none is left to write."""
    if exception is None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(_path_of(app))
