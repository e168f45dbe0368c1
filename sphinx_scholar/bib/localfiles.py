"""The local-file boundary: which files a bib or metadata field may publish.

A relative link (``pdf = {papers/x.pdf}``, a researcher's photo) names a file
that the build copies into the site.  The text is untrusted, so the file must
resolve, after decoding ``%2e%2e`` and following symlinks, inside one of the
allowed folders (the source folder, the folder of the file that names it, and
``scholar_file_dirs``), and must not be hidden unless hidden files are allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


class LocalFileRefused(Exception):
    """The file exists but may not be published; ``str(error)`` says by which rule."""


@dataclass(frozen=True)
class FileBoundary:
    """Folders (real paths) whose files may be published, and whether dotfiles may be."""

    allowed: tuple[str, ...]
    allow_hidden: bool = False

    @classmethod
    def of(cls, folders: list[str] | tuple[str, ...], allow_hidden: bool = False) -> FileBoundary:
        unique = dict.fromkeys(os.path.realpath(folder) for folder in folders if folder)
        return cls(tuple(unique), allow_hidden)

    def rule(self) -> str:
        hidden = "" if self.allow_hidden else ", and not hidden (no part of its path starts with '.')"
        return (
            "a local file must be inside the source folder, the folder of the file that names it,"
            f" or a folder in scholar_file_dirs{hidden}"
        )

    def check(self, path: str) -> str:
        """The real path of ``path``, or LocalFileRefused when it is outside or hidden."""
        real = os.path.realpath(path)
        roots = [root for root in self.allowed if _inside(real, root)]
        if not roots:
            raise LocalFileRefused(f"it resolves to {real}, outside the allowed folders; {self.rule()}")
        if not self.allow_hidden:
            # measured from the innermost allowed folder that holds it
            inner = max(roots, key=len)
            hidden = [part for part in os.path.relpath(real, inner).split(os.sep) if part.startswith(".")]
            if hidden or os.path.basename(path).startswith("."):
                raise LocalFileRefused(
                    f"{(hidden or [os.path.basename(path)])[0]!r} is hidden; hidden files are published only with"
                    " scholar_allow_hidden_files = True"
                )
        return real


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def link_path(url: str) -> str:
    """The file path a relative link names: decoded, with either kind of slash as a separator."""
    return unquote(urlsplit(url).path).replace("\\", "/")


def find_local_file(url: str, folders: list[str] | tuple[str, ...], boundary: FileBoundary) -> str | None:
    """The real path of the first file ``url`` names under ``folders``; None when there is none.

    Raises LocalFileRefused when the only files it names break the boundary, so
    that a refused file is reported as refused, never as missing.
    """
    relative = link_path(url).lstrip("/")
    refusal: LocalFileRefused | None = None
    for folder in folders:
        # dot segments collapse as in a URL; symlinks are then followed by check()
        candidate = os.path.normpath(os.path.join(folder, relative))
        if not os.path.isfile(candidate):
            continue
        try:
            return boundary.check(candidate)
        except LocalFileRefused as error:
            refusal = refusal or error
    if refusal is not None:
        raise refusal
    return None
