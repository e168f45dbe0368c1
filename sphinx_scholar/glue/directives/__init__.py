"""The directives (``publication``, ``researcher``, the entry-page directive): one module each.

Part of ``build``: they parse options, select entries and leave placeholders that
``glue.expand`` fills when pages are written.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def locate_section(directive: SphinxDirective, section: nodes.section) -> None:
    """Give a section a directive made, and its title, the directive's source and line.

    A title without a source makes Sphinx's ApplySourceWorkaround serialise it to
    XML (minidom) for a debug message, once per heading; with one it is left alone.
    """
    directive.set_source_info(section)
    directive.set_source_info(section[0])
