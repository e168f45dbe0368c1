"""The directives (``publication``, ``researcher``, the entry-page directive): one module each.

Part of ``build``: they parse options, select entries and leave placeholders that
``glue.expand`` fills when pages are written.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def locate_section(directive: SphinxDirective, section: nodes.section) -> None:
    """Give a section a directive made, and its title, the directive's source and line.

    A title without a source makes Sphinx's ApplySourceWorkaround serialise it to
    XML (minidom) for a debug message, once per heading; with one it is left alone.
    """
    directive.set_source_info(section)
    directive.set_source_info(section[0])


def publish_download(env: BuildEnvironment, found: str) -> str:
    """Register a project file (an absolute path inside the source folder) as a download
    of the page being read; its name under ``_downloads/``.  What Sphinx's download
    collector does for a ``:download:`` it sees, for links made outside its view."""
    relative_to_source = os.path.relpath(found, os.path.realpath(str(env.srcdir)))
    env.note_dependency(relative_to_source)
    download = env.dlfiles.add_file(env.docname, relative_to_source)
    return download.as_posix() if hasattr(download, "as_posix") else str(download)  # a str in older Sphinx


def with_smart_quotes(directive: SphinxDirective, tree: nodes.Element) -> None:
    """Sphinx's smart quotes in ``tree`` (not in the page yet), as the page's own text gets
    them: the same transform and settings, over a document that holds only ``tree``."""
    page = directive.state.document
    holder = nodes.document(page.settings, page.reporter)
    holder += tree
    SphinxSmartQuotes(holder, startnode=None).apply()
    holder.remove(tree)
    # else the page's pickle would hold the holder too
    tree.parent = None
    tree.document = None  # type: ignore[assignment]
