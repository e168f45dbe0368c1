"""Property-based tests: random and mutated BibTeX never crashes a build and never
puts an element, attribute or URL scheme on the page that the extension did not make."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

hypothesis = pytest.importorskip("hypothesis")
from conftest import run_build, write_project  # noqa: E402
from docutils import nodes  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sphinx_scholar.bib.bibdata import load_bibliography  # noqa: E402
from sphinx_scholar.bib.latex import latex_to_nodes, latex_to_text  # noqa: E402
from sphinx_scholar.bib.mathml import bib_math  # noqa: E402
from sphinx_scholar.bib.urls import safe_url  # noqa: E402

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:x",
    "<iframe src=//evil>",
    "<a href='javascript:x'>y</a>",
    "\\href{javascript:alert(1)}{x}",
    "\\url{data:x}",
    "{",
    "}",
    "$",
    "\\",
    "%",
    "&amp;",
    "\x00",
    "\x1b",
    "\u202e",
    "@article{",
    '"',
    "'",
    "<style>*{}</style>",
    "<svg onload=alert(1)>",
    "java\tscript:x",
    "//evil.example",
]
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE),
    st.lists(
        st.one_of(st.sampled_from(HOSTILE), st.text(alphabet="{}\\$<>\"'&%#_^~ -aZ0é", max_size=8)), max_size=5
    ).map("".join),
)
FIELDS = [
    "title",
    "author",
    "abstract",
    "note",
    "journal",
    "booktitle",
    "abbr",
    "award",
    "url",
    "html",
    "pdf",
    "code",
    "slides",
    "doi",
    "arxiv",
    "openreview",
    "hal",
    "keywords",
    "year",
    "month",
    "howpublished",
]


def field_value(value: str) -> str:
    # Keep the value inside one pair of braces most of the time; sometimes let
    # unbalanced braces through, as broken real files do.
    return "{" + value + "}"


entry = st.builds(
    lambda entry_type, key, fields: (
        "@"
        + entry_type
        + "{"
        + key
        + ",\n"
        + ",\n".join(f"  {k} = {field_value(v)}" for k, v in fields.items())
        + "\n}\n"
    ),
    st.sampled_from(["article", "inproceedings", "misc", "phdthesis", "book", "weird"]),
    st.from_regex(r"[A-Za-z][A-Za-z0-9:_\-]{0,12}", fullmatch=True),
    st.dictionaries(st.sampled_from(FIELDS), text, max_size=8),
)
ALLOWED_TAGS = {"div", "p", "span", "strong", "em", "a", "sup", "sub", "details", "summary", "pre", "code"}
ALLOWED_ATTRIBUTES = {"class", "id", "href", "download", "style", "title"}
# maths from the bib is MathML Core: presentation elements only (no annotation-xml, no links)
MATHML_TAGS = {
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
    "semantics",
}
MATHML_ATTRIBUTES = {
    "xmlns",
    "display",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "displaystyle",
    "scriptlevel",
    "columnalign",
    "rowspacing",
    "columnspacing",
    "width",
    "height",
    "depth",
    "linethickness",
    "minsize",
    "maxsize",
    "movablelimits",
    "form",
    "largeop",
    "symmetric",
}


def assert_only_our_markup(container) -> None:
    for element in container.find_all(True):
        in_math = element.name == "math" or element.find_parent("math") is not None
        assert element.name in (MATHML_TAGS if in_math else ALLOWED_TAGS), element.name
        for name, value in element.attrs.items():
            assert name in (MATHML_ATTRIBUTES if in_math else ALLOWED_ATTRIBUTES), (name, element)
            if name == "href":
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in ("", "http", "https", "mailto"), value
                assert not re.match(r"\s*[a-z][a-z0-9+.\-]*:", value, re.I) or scheme in ("http", "https", "mailto"), (
                    value
                )
            if name == "style":
                assert re.fullmatch(r"--scholar-badge-color: #[0-9a-fA-F]{3,8}", value), value


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(entries=st.lists(entry, min_size=1, max_size=4))
def test_random_bibs_build_safely(tmp_path_factory, entries):
    srcdir = write_project(
        tmp_path_factory.mktemp("random"),
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\n'
            'scholar_researcher = "Qiaozhe Zhang"\nscholar_max_authors = 2\n',
            "papers.bib": "\n".join(entries).encode("utf-8", "surrogatepass"),
            "index.rst": "T\n=\n\n.. publication::\n\n.. publication::\n   :layout: classic\n\n.. publication::\n   :layout: compact\n",
        },
    )
    build = run_build(srcdir)
    assert "Traceback" not in build.warnings and "Exception occurred" not in build.warnings
    soup = build.soup()
    lists = soup.select("div.scholar-publications")
    assert len(lists) == 3
    # nothing dropped silently: every entry the loader read (and did not hide) is listed,
    # but one without a title, which is left out with a warning
    loaded = load_bibliography([str(srcdir / "papers.bib")])
    visible = [p.key for p in loaded if p.listed]
    untitled = [p.key for p in loaded if not p.hidden and not p.has_title]
    reasons = [w for w in build.warning_lines("missing_field") if "has no title" in w]
    assert all(any(repr(key) in w for w in reasons) for key in untitled), (untitled, reasons)
    hypothesis.event(f"entries listed: {min(len(visible), 3)}+")
    assert len(lists[0].select("div.scholar-publication")) == len(visible)
    for container in lists:
        assert_only_our_markup(container)


@settings(max_examples=400, deadline=None)
@given(value=text)
def test_latex_conversion_never_fails_and_yields_only_inline_nodes(value):
    allowed = (
        nodes.Text,
        nodes.emphasis,
        nodes.strong,
        nodes.literal,
        nodes.superscript,
        nodes.subscript,
        nodes.inline,
        bib_math,
        nodes.reference,
    )
    paragraph = nodes.paragraph("", "", *latex_to_nodes(value))
    for node in paragraph.findall(include_self=False):
        assert isinstance(node, allowed), type(node)
        if isinstance(node, nodes.reference):
            assert safe_url(node["refuri"]) is not None
    assert isinstance(latex_to_text(value), str)


@settings(max_examples=400, deadline=None)
@given(value=text)
def test_safe_url_output_is_always_allowed(value):
    url = safe_url(value)
    if url is not None:
        compact = re.sub(r"[\x00-\x20\x7f]", "", url)
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", compact)
        assert scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")
        assert not any(c in url for c in "\x00\n\r\t")
