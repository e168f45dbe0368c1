"""One build at a time per doctree folder: a second build waits for the first.

An auto-rebuilder and a manual ``make html`` can start builds into the same
folders at once; interleaved, they could save an environment that describes
neither output.  The lock is an ``flock`` on a file in the doctree folder,
taken when the configuration is read (before Sphinx loads its environment) and
released when the build ends; the system releases it when its process dies,
so a killed build never leaves the folder locked.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import IO, TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

try:
    import fcntl
except ImportError:  # Windows: no flock; builds are not serialised there
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

LOCK_NAME = "scholar-build.lock"
# doctree folder -> the open lock file of this process
_HELD: dict[str, IO[str]] = {}


def acquire(doctreedir: str) -> None:
    """Take the folder's lock, waiting (and saying so) while another process holds it."""
    folder = os.path.realpath(doctreedir)
    if fcntl is None or folder in _HELD:
        return  # this process holds it already (a second app in the same process)
    os.makedirs(folder, exist_ok=True)
    handle = open(os.path.join(folder, LOCK_NAME), "a+", encoding="utf-8")  # noqa: SIM115  # held across the build
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        # not a warning: waiting is no fault, and must not fail a -W build
        logger.info(f"[scholar] another build is using {folder} ({holder}); waiting for it to finish")
        started = time.monotonic()
        fcntl.flock(handle, fcntl.LOCK_EX)
        logger.info(f"[scholar] the other build finished; went on after {time.monotonic() - started:.1f} s")
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    _HELD[folder] = handle


def release(doctreedir: str) -> None:
    handle = _HELD.pop(os.path.realpath(doctreedir), None)
    if handle is not None:
        with contextlib.suppress(OSError):
            handle.truncate(0)
        handle.close()  # closing the file releases the flock


def on_config_inited(app: Sphinx, config: Config) -> None:
    acquire(str(app.doctreedir))


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    release(str(app.doctreedir))
