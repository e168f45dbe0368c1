"""sphinx-scholar's own doctree nodes.  Every builder gets a visitor (writers/)."""

from __future__ import annotations

from docutils import nodes


class publication_list(nodes.General, nodes.Element):
    """A publication list (one per group); ``layout`` names the arrangement,
    ``list_id`` ties the groups of one directive together, ``facets`` names the
    facet bar's menus.

    The directive leaves it empty with a plan of what to show, and the
    ``doctree-resolved`` handler in expand.py fills it when a page is written,
    so pickled doctrees stay small.  Plan attributes (removed on expansion):

    - ``scholar_plan``: ``[(key, entry id, number or None), ...]``
    - ``scholar_options``: ``{"show_abstract": bool, "show_bibtex": bool, "max_authors": int}``
    - ``scholar_files``: ``{"key\0field": download file name}`` for local files
    """


class publication_entry(nodes.General, nodes.Element):
    """One entry; ``ids`` carries the BibTeX key so that page.html#key deep-links."""


class scholar_badge(nodes.Inline, nodes.TextElement):
    """A venue or award badge.  ``color`` (validated) overrides the default tone."""


class scholar_details(nodes.General, nodes.Element):
    """A collapsible panel: ``<details>`` in HTML.

    ``summary`` is the toggle text; ``print_heading`` says what other builders
    show before the content, and an empty value means they leave it out.
    """


class publication_downloads(nodes.General, nodes.Element):
    """Where a list offers its entries as files; ``keys`` lists them.  Replaced
    when the page is written: links for HTML, nothing for other builders."""


ALL_NODES = (publication_list, publication_entry, scholar_badge, scholar_details)
