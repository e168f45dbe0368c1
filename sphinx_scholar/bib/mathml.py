"""Maths from bib fields, rendered when the site is built: MathML, and a Unicode reading.

MathML Core shows in every current browser with no script and no network, so a
page whose only maths comes from the bib loads no MathJax.  latex2mathml makes
the MathML; nh3 keeps only MathML elements and attributes (the TeX is
untrusted: ``\\text{<script>}`` comes through latex2mathml as markup).  The
Unicode reading ("α-Divergences", "#NC¹", "O(n²)") is what titles, the search
index, head tags, feeds and exports get, and what any builder without MathML
shows.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ElementTree

from docutils import nodes

# MathML Core's elements and the attributes latex2mathml writes.
_ELEMENTS = frozenset(
    [
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
    ]
)
_ATTRIBUTES = frozenset(
    [
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
    ]
)
_SUPERSCRIPTS = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()aeoxhijklmnprstuv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕᵢⱼₖₗₘₙₚᵣₛₜᵤᵥ")
_NAMESPACE = "{http://www.w3.org/1998/Math/MathML}"


class bib_math(nodes.inline):
    """Inline maths from a bib field.  ``latex`` holds the TeX; the text is its Unicode reading,
    so ``astext()`` (titles, the search index) never shows TeX.  Builders without a visitor
    write it as the inline it is."""


def math_node(source: str) -> bib_math:
    return bib_math(source, math_text(source), latex=source)


# Publishers' TeX (APS, AIP) wraps symbols for text and maths alike; inside maths
# only the maths branch counts: \ifmmode A\else B\fi is A, \ensuremath{A} is {A}.
_IFMMODE = re.compile(r"\\ifmmode\s*(.*?)\\else\b.*?\\fi\b", re.S)
_ENSUREMATH = re.compile(r"\\ensuremath(?![A-Za-z])\s*")


# braces inside \text{...} group for TeX but are literal text for latex2mathml
_BRACES_IN_TEXT = re.compile(r"(\\text\s*\{[^{}]*)\{([^{}]*)\}")


def _normalised(source: str) -> str:
    source = _ENSUREMATH.sub("", _IFMMODE.sub(r"\1", source))
    while True:
        flattened = _BRACES_IN_TEXT.sub(r"\1\2", source)
        if flattened == source:
            return source
        source = flattened


def _converted(source: str) -> str | None:
    """latex2mathml's MathML for ``source``, or None when it cannot convert it."""
    from latex2mathml.converter import convert  # only for pages with maths

    try:
        return convert(_normalised(source))
    except Exception:  # latex2mathml raises many kinds on malformed TeX
        return None


@functools.lru_cache(maxsize=4096)
def _parsed(source: str) -> tuple[str | None, ElementTree.Element | None]:
    """(latex2mathml's MathML, its parsed tree) for ``source``; parsed once for the
    MathML, the text reading and the build's warning alike."""
    converted = _converted(source)
    if converted is None:
        return None, None
    try:
        return converted, ElementTree.fromstring(converted)
    except ElementTree.ParseError:
        return converted, None


def _leftover_tex(root: ElementTree.Element) -> bool:
    """An unknown macro comes through as text ("\\badmacro"), which must never be shown."""
    return any("\\" in (element.text or "") for element in root.iter())


@functools.lru_cache(maxsize=4096)
def mathml(source: str) -> str | None:
    """Safe MathML for ``source``, or None when it cannot be written as MathML."""
    converted, root = _parsed(source)
    if converted is None or root is None or _leftover_tex(root):
        return None
    import nh3  # only for pages with maths

    attributes = {name: set(_ATTRIBUTES) for name in _ELEMENTS}
    attributes["math"] |= {"xmlns"}
    return nh3.clean(converted, tags=set(_ELEMENTS), attributes=attributes, link_rel=None, strip_comments=True)


def mathml_problem(source: str) -> str | None:
    """Why ``source`` cannot be MathML (for the build's warning), or None."""
    converted, root = _parsed(source)
    if converted is None:
        return "it is not TeX that can be converted"
    if root is None:
        return "its conversion is not well-formed"
    if _leftover_tex(root):
        commands = sorted({word for e in root.iter() for word in (e.text or "").split() if word.startswith("\\")})
        return f"it uses {', '.join(commands)}, which has no MathML form"
    return None


@functools.lru_cache(maxsize=4096)
def math_text(source: str) -> str:
    """A readable Unicode form of ``source`` that keeps every character."""
    _converted_markup, root = _parsed(source)
    if root is None or _leftover_tex(root):
        return _fallback_text(source)
    return " ".join(_text_of(root).split())


def _fallback_text(source: str) -> str:
    from .latex import math_source_as_text  # pylatexenc's reading, for TeX latex2mathml cannot read

    text = math_source_as_text(source)
    return text if "\\" not in text else source.replace("\\", "")


def _script(text: str, table: dict[int, int], mark: str) -> str:
    """``text`` as Unicode super- or subscripts when each character has one, else ``^text`` / ``_(text)``."""
    if text and all(ord(char) in table for char in text):
        return text.translate(table)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _text_of(element: ElementTree.Element) -> str:
    tag = element.tag.removeprefix(_NAMESPACE)
    children = list(element)
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        text = html.unescape(element.text or "")
        # function names (log, sin) read as words
        return f" {text} " if tag == "mi" and len(text) > 1 else text
    parts = [_text_of(child) for child in children]
    if tag == "msup" and len(parts) == 2:
        return parts[0] + _script(parts[1].strip(), _SUPERSCRIPTS, "^")
    if tag == "msub" and len(parts) == 2:
        return parts[0] + _script(parts[1].strip(), _SUBSCRIPTS, "_")
    if tag == "msubsup" and len(parts) == 3:
        return parts[0] + _script(parts[1].strip(), _SUBSCRIPTS, "_") + _script(parts[2].strip(), _SUPERSCRIPTS, "^")
    if tag == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if tag == "msqrt":
        return f"√{_grouped(''.join(parts))}"
    if tag == "mroot" and len(parts) == 2:
        return f"{_script(parts[1].strip(), _SUPERSCRIPTS, '^')}√{_grouped(parts[0])}"
    return "".join(parts)


def _grouped(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 1 or text.isalnum() else f"({text})"
