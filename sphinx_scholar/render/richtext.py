"""Fields whose authors write a little Markdown or HTML: al-folio's ``additional_info``
and ``award`` are Markdown (``**(oral)**``), and notes carry links (``<a href=...>``).

markdown-it-py reads the Markdown, nh3 keeps a small safe subset of the HTML
(links, emphasis, bold, superscript, subscript, code, line breaks), and the
result becomes our own docutils nodes: text still goes through the LaTeX reader,
and every link through the URL gate.  Nothing is passed on as raw markup.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from docutils import nodes

from ..bib.latex import latex_to_nodes, latex_to_text
from ..bib.urls import safe_url

# fields in which al-folio's templates render Markdown
MARKDOWN_FIELDS = frozenset({"additional_info", "award", "award_name", "annotation"})
_TAGS = {"a", "em", "i", "strong", "b", "sup", "sub", "code", "br"}
_NODE_OF_TAG = {
    "em": nodes.emphasis,
    "i": nodes.emphasis,
    "strong": nodes.strong,
    "b": nodes.strong,
    "sup": nodes.superscript,
    "sub": nodes.subscript,
    "code": nodes.literal,
}
_MARKDOWN_MARKS = re.compile(r"[*_`\[]|<[A-Za-z/]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MATH = re.compile(r"(?<!\\)\$|\\\(")


@functools.cache
def _markdown():
    from markdown_it import MarkdownIt  # only for entries that need it

    return MarkdownIt("commonmark", {"html": True})


def _safe_html(markup: str) -> str:
    import nh3  # only for entries that need it

    return nh3.clean(
        markup, tags=_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None
    )


class _NodeBuilder(HTMLParser):
    """nh3's output (a known, small set of tags) as docutils nodes."""

    def __init__(self, latex: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.latex = latex
        self.root = nodes.inline()
        self.stack: list[nodes.Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            # a space in one-line fields (a note); the marker lets a block (the annotation) break there
            self.stack[-1] += [nodes.Text(" "), nodes.inline("", "", classes=["scholar-line-break"])]
            return
        if tag == "a":
            url = safe_url(dict(attrs).get("href") or "")
            element: nodes.Element = (
                nodes.reference("", "", refuri=url, classes=["scholar-inline-link"]) if url else nodes.inline()
            )
        else:
            element = _NODE_OF_TAG.get(tag, nodes.inline)()
        self.stack[-1] += element
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag != "br" and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        # the LaTeX reader trims its text; the spaces between tags are the author's
        core = data.strip()
        if not core or not self.latex:
            self.stack[-1] += nodes.Text(data)
            return
        start = data.index(core[0])
        leading, trailing = data[:start], data[start + len(core) :]
        self.stack[-1].extend([nodes.Text(leading), *latex_to_nodes(core), nodes.Text(trailing)])


def _wants_markdown(text: str, markdown: bool) -> bool:
    # TeX maths is left to the LaTeX reader: Markdown would take its _ and * for emphasis
    return markdown and bool(_MARKDOWN_MARKS.search(text)) and not _MATH.search(text)


def _is_plain(text: str, markdown: bool) -> bool:
    """Text for the LaTeX reader alone: no Markdown to read and no HTML tag."""
    return not _wants_markdown(text, markdown) and not _HTML_TAG.search(text)


def rich_text_nodes(text: str, markdown: bool) -> list[nodes.Node]:
    """Inline nodes for a field that may hold Markdown (``markdown``) or a little HTML."""
    if not text:
        return []
    if _is_plain(text, markdown):
        return latex_to_nodes(text)  # the common case: plain text with LaTeX
    wants_markdown = _wants_markdown(text, markdown)
    markup = _markdown().renderInline(text) if wants_markdown else text
    builder = _NodeBuilder()
    builder.feed(_safe_html(markup))
    builder.close()
    children = list(builder.root.children)
    if children and isinstance(children[0], nodes.Text):
        children[0] = nodes.Text(str(children[0]).lstrip())
    if children and isinstance(children[-1], nodes.Text):
        children[-1] = nodes.Text(str(children[-1]).rstrip())
    for child in children:
        child.parent = None
    return [child for child in children if not (isinstance(child, nodes.Text) and not str(child))]


def markdown_nodes(text: str) -> list[nodes.Node]:
    """Inline nodes for a text that is Markdown and not LaTeX (a CV file's: "15%" stays "15%")."""
    if not text:
        return []
    if not _MARKDOWN_MARKS.search(text):
        return [nodes.Text(text)]
    builder = _NodeBuilder(latex=False)
    builder.feed(_safe_html(_markdown().renderInline(text)))
    builder.close()
    children = list(builder.root.children)
    for child in children:
        child.parent = None
    return children


def rich_text(text: str, markdown: bool) -> str:
    """The text a visitor reads in such a field (for search and feeds)."""
    if not text:
        return ""
    if _is_plain(text, markdown):
        return latex_to_text(text)  # the common case, from the saved conversions: no nodes made
    return "".join(node.astext() for node in rich_text_nodes(text, markdown))
