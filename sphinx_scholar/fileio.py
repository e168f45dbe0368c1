"""Files written whole or not at all: a temporary file beside the target, then a rename.

A reader of the site, or the next build after a crash, sees the old file or
the new one, never half of one.  Temporaries carry the writer's pid, so a
build killed mid-write leaves one behind at most, which the next build removes.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections.abc import Iterator
from typing import IO, Any

_TEMPORARY = ".scholar-tmp-"


def _temporary_for(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f"{_TEMPORARY}{os.getpid()}-{name}")


@contextlib.contextmanager
def open_atomic(path: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write that replaces ``path`` when the block ends without an error."""
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    temporary = _temporary_for(path)
    try:
        if binary:
            with open(temporary, "wb") as handle:
                yield handle
        else:
            with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
                yield handle
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def write_atomic(path: str, data: str | bytes) -> None:
    """Replace ``path`` by ``data`` (text is written as UTF-8 with ``\\n`` line ends)."""
    with open_atomic(path, binary=isinstance(data, bytes)) as handle:
        handle.write(data)


def remove_stale_temporaries(folder: str) -> int:
    """Remove temporaries that a killed build left in ``folder`` (not recursive); how many."""
    removed = 0
    for path in glob.glob(os.path.join(glob.escape(folder), _TEMPORARY + "*")):
        with contextlib.suppress(OSError):
            os.remove(path)
            removed += 1
    return removed
