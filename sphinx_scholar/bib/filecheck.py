"""Load stage: the local files an entry names (``pdf = {papers/x.pdf}``, ``preview``), checked once.

The build (at load, beside every other bib problem) and ``sphinx-scholar check``
call the same function, so both report the same missing or refused files, with
the same words and the ``local_file`` subtype.  The pages later look the found
files up again to copy them, silently.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..model import LOCAL_FILE_FIELDS
from .bibdata import BibProblem
from .localfiles import FileBoundary, LocalFileRefused, find_local_file
from .urls import is_relative, safe_url

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model import Publication
    from .bibdata import Bibliography

# al-folio keeps preview images here and writes only their file names in the bib.
PREVIEW_FOLDER = os.path.join("assets", "img", "publication_preview")
CHECKED_FIELDS = tuple(sorted(LOCAL_FILE_FIELDS | {"preview"}))


def search_folders(bib_path: str, srcdir: str, file_dirs: Iterable[str], field: str) -> list[str]:
    """Where a relative file of ``field`` is looked for: beside the bib, the source folder, scholar_file_dirs."""
    folders = [os.path.dirname(bib_path), srcdir, *(os.path.join(srcdir, d) for d in file_dirs)]
    if field == "preview":
        folders.append(os.path.join(srcdir, PREVIEW_FOLDER))
    return folders


def local_url(publication: Publication, field: str) -> str | None:
    """The field's value when it names a file of the project (a safe relative URL), else None."""
    value = publication.get(field)
    url = safe_url(value) if value else None
    return url if url is not None and is_relative(url) else None


def local_file_problems(
    bibliography: Bibliography, srcdir: str, file_dirs: Iterable[str] = (), allow_hidden: bool = False
) -> list[BibProblem]:
    """A ``local_file`` problem for every listed entry's file that is missing or may not be published."""
    file_dirs = tuple(file_dirs)
    problems = []
    for publication in bibliography:
        if not publication.listed:
            continue
        for field in CHECKED_FIELDS:
            url = local_url(publication, field)
            if url is None:
                continue
            folders = search_folders(publication.source, srcdir, file_dirs, field)
            outcome = "no preview" if field == "preview" else "link dropped"
            try:
                found = find_local_file(url, folders, FileBoundary.of(folders, allow_hidden))
            except LocalFileRefused as refusal:
                message = f"{field} file {url!r} of entry {publication.key!r} is not published: {refusal}; {outcome}"
            else:
                if found is not None:
                    continue
                places = ["beside the bib file", "in the source folder"]
                places += ["in scholar_file_dirs"] if file_dirs else []
                places += [f"in {PREVIEW_FOLDER}"] if field == "preview" else []
                where = ", ".join(places[:-1]) + " or " + places[-1]
                message = f"{field} file {url!r} of entry {publication.key!r} was not found {where}; {outcome}"
            problems.append(BibProblem("local_file", message, publication.source, publication.line))
    return problems
