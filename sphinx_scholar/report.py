"""Warnings with ``type="scholar"`` and a subtype, so users can silence one kind."""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger("sphinx_scholar")


def warn(message: str, subtype: str, location=None, **kwargs) -> None:
    logger.warning(message, type="scholar", subtype=subtype, location=location, **kwargs)
