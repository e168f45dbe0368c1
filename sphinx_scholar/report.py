"""Warnings with ``type="scholar"`` and a subtype, so users can silence one kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from typing import Any

    from docutils.nodes import Node

from docutils.nodes import Node

logger = logging.getLogger("sphinx_scholar")


def warn(message: str, subtype: str, location: str | tuple[str, int] | Node | None = None, **kwargs: Any) -> None:
    logger.warning(message, type="scholar", subtype=subtype, location=location, **kwargs)
