"""Text, man and Texinfo visitors: plain readable text."""

from __future__ import annotations

from docutils import nodes

from ..render.nodes import scholar_badge, scholar_details
from .entries import depart_skipped, visit_html_only


def visit_passthrough(self, node: nodes.Element) -> None:
    pass


def depart_passthrough(self, node: nodes.Element) -> None:
    pass


def visit_text_badge(self, node: scholar_badge) -> None:
    self.add_text("[")


def depart_text_badge(self, node: scholar_badge) -> None:
    self.add_text("]")


def visit_text_details(self, node: scholar_details) -> None:
    heading = node.get("print_heading", "")
    if not heading:
        raise nodes.SkipNode
    self.new_state(0)
    self.add_text(heading + ":")
    self.end_state(wrap=False)


def visit_body_badge(self, node: scholar_badge) -> None:
    self.body.append("[")


def depart_body_badge(self, node: scholar_badge) -> None:
    self.body.append("]")


def skip_unless_print_heading(self, node: scholar_details) -> None:
    if not node.get("print_heading"):
        raise nodes.SkipNode


VISITORS = {
    "facet_bar": (visit_html_only, depart_skipped),
    "scholar_preview": (visit_html_only, depart_skipped),
    "scholar_entry_nav": (visit_html_only, depart_skipped),
    "publication_list": (visit_passthrough, depart_passthrough),
    "publication_entry": (visit_passthrough, depart_passthrough),
    "scholar_badge": (visit_text_badge, depart_text_badge),
    "scholar_details": (visit_text_details, depart_passthrough),
}

# man and Texinfo writers come from docutils/Sphinx and know paragraphs; our
# wrappers add nothing there beyond what their children say.
VISITORS_DOCUTILS = {
    "facet_bar": (visit_html_only, depart_skipped),
    "scholar_preview": (visit_html_only, depart_skipped),
    "scholar_entry_nav": (visit_html_only, depart_skipped),
    "publication_list": (visit_passthrough, depart_passthrough),
    "publication_entry": (visit_passthrough, depart_passthrough),
    "scholar_badge": (visit_body_badge, depart_body_badge),
    "scholar_details": (skip_unless_print_heading, depart_passthrough),
}
