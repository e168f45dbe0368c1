"""LaTeX visitors: badges become bracketed text, panels a bold run-in heading or nothing."""

from __future__ import annotations

from docutils import nodes

from ..bib.mathml import bib_math
from ..render.nodes import publication_entry, scholar_badge, scholar_details
from .entries import depart_skipped, visit_html_only


def visit_passthrough(self, node: nodes.Element) -> None:
    pass


def depart_passthrough(self, node: nodes.Element) -> None:
    pass


def visit_bib_math(self, node: bib_math) -> None:
    # as Sphinx writes a math node: the TeX as the bib has it
    self.body.append(rf"\({node['latex']}\)")
    raise nodes.SkipNode


def visit_publication_entry(self, node: publication_entry) -> None:
    self.body.append("\n\\par\\medskip\n")


def visit_scholar_badge(self, node: scholar_badge) -> None:
    self.body.append("\\sphinxstyleemphasis{[")


def depart_scholar_badge(self, node: scholar_badge) -> None:
    self.body.append("]}")


def visit_scholar_details(self, node: scholar_details) -> None:
    heading = node.get("print_heading", "")
    if not heading:
        raise nodes.SkipNode
    self.body.append(f"\n\\par\\noindent\\sphinxstylestrong{{{self.encode(heading)}.}}\n")


VISITORS = {
    "facet_bar": (visit_html_only, depart_skipped),
    "scholar_preview": (visit_html_only, depart_skipped),
    "scholar_entry_nav": (visit_html_only, depart_skipped),
    "bib_math": (visit_bib_math, depart_passthrough),
    "publication_list": (visit_passthrough, depart_passthrough),
    "publication_entry": (visit_publication_entry, depart_passthrough),
    "scholar_badge": (visit_scholar_badge, depart_scholar_badge),
    "scholar_details": (visit_scholar_details, depart_passthrough),
}
