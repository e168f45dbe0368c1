"""The site's researcher: ``scholar_researcher`` as a name, a mapping or a metadata file.

Resolved once per configuration, when it is read (``config-inited``), and kept
beside Sphinx's Config like the validated settings, so nothing is pickled.
"""

from __future__ import annotations

import os
import weakref
from typing import TYPE_CHECKING

from ..config import confdir_of
from ..model import Researcher
from ..report import warn
from .profile import METADATA_SUFFIXES, load_researcher_file, researcher_from_mapping

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_RESOLVED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _researcher(raw, confdir: str) -> Researcher | None:
    """scholar_researcher: a name, a dict of profile fields, or a metadata file."""
    if not raw:
        return None
    if isinstance(raw, str) and raw.strip().lower().endswith(METADATA_SUFFIXES):
        path = os.path.join(confdir, raw.strip())

        def report(message: str, line: int | None) -> None:
            location = f"{path}:{line}" if line else path
            warn(f"scholar_researcher: {message}", "researcher", location=location)

        return load_researcher_file(path, report)
    if isinstance(raw, str):
        return Researcher(name=raw.strip())
    if not isinstance(raw, dict):
        warn("scholar_researcher must be a name, a dict with a 'name', or a .yaml/.toml/.json file; ignored", "config")
        return None
    return researcher_from_mapping(raw, confdir, "", lambda message: warn(f"scholar_researcher: {message}", "config"))


def configured_researcher(config: Config) -> Researcher | None:
    """The researcher ``scholar_researcher`` declares, or None."""
    if config not in _RESOLVED:
        _RESOLVED[config] = _researcher(config.scholar_researcher, confdir_of(config))
    return _RESOLVED[config]


def register(app: Sphinx) -> None:
    # after config.register's handler (priority 500), which records conf.py's folder
    app.connect("config-inited", lambda app, config: configured_researcher(config), priority=600)
