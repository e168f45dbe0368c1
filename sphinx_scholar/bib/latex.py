"""LaTeX field text -> docutils inline nodes, and -> plain Unicode text.

pylatexenc does the parsing and the character decoding; this module only maps
the few structural macros homepages use (emphasis, bold, math, links) onto
docutils nodes.  Results are memoised per distinct string because the same
venue names and author names recur across hundreds of entries.
"""

from __future__ import annotations

import functools
import html
import itertools
import re

from docutils import nodes
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latex2text import (
    get_default_latex_context_db as get_latex2text_context_db,
)
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec

from .mathml import math_node, math_text
from .urls import safe_url

# Strings without any of these are plain text already (a lone ' or - is text;
# "--", "''" and "``" are LaTeX ligatures).
_LATEX_TRIGGER = re.compile(r"[\\{}$~%&_^]|--|''|``")

_STYLE_MACROS = {
    "emph": "emphasis",
    "textit": "emphasis",
    "textsl": "emphasis",
    "mathit": "emphasis",
    "it": "emphasis",
    "em": "emphasis",
    "textbf": "strong",
    "bf": "strong",
    "mathbf": "strong",
    "texttt": "literal",
    "tt": "literal",
    "textsuperscript": "superscript",
    "textsubscript": "subscript",
    "textsc": "smallcaps",
    "sc": "smallcaps",
}
# NASA ADS exports name journals with AASTeX macros; the common ones, spelled out.
_AASTEX_JOURNALS = {
    "aj": "Astronomical Journal",
    "apj": "Astrophysical Journal",
    "apjl": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series",
    "aap": "Astronomy & Astrophysics",
    "aaps": "Astronomy & Astrophysics Supplement Series",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "nat": "Nature",
    "prd": "Physical Review D",
    "physrep": "Physics Reports",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "icarus": "Icarus",
    "solphys": "Solar Physics",
    "ssr": "Space Science Reviews",
}
# Text symbols some pylatexenc versions do not know.
_SYMBOLS = {
    "textgreater": ">",
    "textless": "<",
    "textbar": "|",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "/": "",
    "@": "",  # spacing after a capital's full stop
    "xspace": "",
    # biblatex's punctuation commands, which DBLP's and biblatex's exports keep
    "addslash": "/",
    "addperiod": ".",
    "adddot": ".",
    "addbdot": ".",
    "addcomma": ",",
    "addcolon": ":",
    "addsemicolon": ";",
    "addspace": " ",
    "addnbspace": "\u00a0",
    "addthinspace": "\u2009",
    "addabbrvspace": " ",
    "hyphen": "-",
}
# Old-style declarations: "{\em ja}" styles the rest of its group.
_DECLARATIONS = {
    "em": "emphasis",
    "it": "emphasis",
    "sl": "emphasis",
    "itshape": "emphasis",
    "bf": "strong",
    "bfseries": "strong",
    "tt": "literal",
    "ttfamily": "literal",
    "sc": "smallcaps",
    "scshape": "smallcaps",
    "rm": "",
    "sf": "",
    "normalfont": "",
    "upshape": "",
}
# csquotes' quoting macros: the argument between typographic quotes
_QUOTING_MACROS = {"enquote": ("“", "”"), "textquote": ("“", "”"), "mkbibquote": ("“", "”")}
# LaTeX2e text symbols that neither of pylatexenc's tables names
_LATEX2E_SYMBOLS = {"copyright": "©", "S": "§", "P": "¶", "pounds": "£", "textsection": "§", "textparagraph": "¶"}


@functools.cache
def _text_symbols() -> dict[str, str]:
    """Macro name -> character, for text macros latex2text does not know: pylatexenc's
    own Unicode-to-LaTeX table read backwards (\\textcopyright, \\texteuro, ...) and LaTeX2e's."""
    from pylatexenc.latexencode import get_builtin_uni2latex_dict

    symbols: dict[str, str] = {}
    for code, latex in get_builtin_uni2latex_dict().items():
        match = _LONE_MACRO.fullmatch(latex.strip())
        if match:
            symbols.setdefault(match.group(1), chr(code))
    symbols.update(_LATEX2E_SYMBOLS)
    return symbols


_LONE_MACRO = re.compile(r"\{?\\([A-Za-z]+)\}?")
_TRANSPARENT_MACROS = {"textrm", "textnormal", "textup", "mbox", "text", "textsf", "NoCaseChange", "ensuremath"}


@functools.cache
def _walker_context():
    """pylatexenc's parsing table, built for the first string that needs it: a
    rebuild that reuses the saved conversions never does (with the text table,
    about 1 MB and a few hundred Unicode name lookups)."""
    context = get_default_latex_context_db()
    # pylatexenc's default table gives \url and \href no arguments, and knows no csquotes.
    quoting = [MacroSpec(name, "{") for name in _QUOTING_MACROS]
    context.add_context_category(
        "sphinx-scholar", macros=[MacroSpec("href", "{{"), MacroSpec("url", "{"), *quoting], prepend=True
    )
    return context


@functools.cache
def _text_converter() -> LatexNodes2Text:
    """pylatexenc's text converter; its ``latex_context`` is the table of macros it knows."""
    return LatexNodes2Text(latex_context=get_latex2text_context_db(), math_mode="text", strict_latex_spaces=False)


def _walk(text: str):
    try:
        nodelist, _, _ = LatexWalker(text, latex_context=_walker_context(), tolerant_parsing=True).get_latex_nodes()
    except LatexWalkerError:
        return None
    return nodelist


@functools.lru_cache(maxsize=65536)
def latex_to_text(text: str) -> str:
    """Plain Unicode text for sorting, matching, tooltips and exports."""
    if not text:
        return ""
    if not _LATEX_TRIGGER.search(text):
        return text
    if not _MARKUP_TRIGGER.search(text):
        # Only dashes ("45--67", the commonest case): no need for pylatexenc.
        return _collapse_spaces(text.replace("---", "\u2014").replace("--", "\u2013"))
    return _collapse_spaces("".join(_spec_text(spec) for spec in _latex_to_spec(text)))


# an HTML tag of the subset titles may carry (al-folio's "RuO<sub>2</sub>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def plain_text(text: str) -> str:
    """A field as plain text for metadata (``<title>``, Highwire tags, exports, feeds):
    LaTeX decoded, and any HTML tags dropped, their text kept."""
    decoded = latex_to_text(text)
    if "<" not in decoded or not _HTML_TAG.search(decoded):
        return decoded
    import nh3

    return _collapse_spaces(html.unescape(nh3.clean(decoded, tags=set())))


_BARE_PERCENT = re.compile(r"(?<!\\)%")
_MARKUP_TRIGGER = re.compile(r"[\\{}$~%&_^]|''|``")


def _collapse_spaces(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# A "spec" is an immutable description of inline nodes, so it can be cached and
# turned into fresh docutils nodes for every use (nodes must not be shared).
Spec = tuple


# Converted strings (only those that needed pylatexenc).  Conversion is a pure
# function of the string, so the cache can be saved with the build and reused.
_SPECS: dict[str, tuple[Spec, ...]] = {}
_SPECS_LIMIT = 200_000


def _latex_to_spec(text: str) -> tuple[Spec, ...]:
    if not _LATEX_TRIGGER.search(text):
        return (("text", text),)
    cached = _SPECS.get(text)
    if cached is None:
        if len(_SPECS) >= _SPECS_LIMIT:
            _SPECS.clear()  # a long-lived process (a test run) must not grow forever
        cached = _SPECS[text] = _convert(text)
    return cached


def _convert(text: str) -> tuple[Spec, ...]:
    # Plain text before the first LaTeX character is text as it stands (the
    # same rule as a string without any); pylatexenc's cost grows with length.
    trigger = _LATEX_TRIGGER.search(text)
    start = trigger.start() if trigger is not None else len(text)
    if start:
        return tuple(_merge_text([("text", text[:start]), *_convert(text[start:])]))
    # BibTeX has no comments inside a field: "50% Doped" is a percent sign, and
    # what follows it is still read (pylatexenc would take it as a comment).
    nodelist = _walk(_BARE_PERCENT.sub(r"\\%", text))
    if nodelist is None:
        return (("text", text),)
    try:
        return tuple(_merge_text(_specs_of(nodelist)))
    except Exception:  # pylatexenc raises assorted errors on pathological input
        return (("text", text),)


def conversion_cache() -> dict[str, tuple[Spec, ...]]:
    """The conversions made so far, to save with the build."""
    return _SPECS


def conversions_after(count: int) -> dict[str, tuple[Spec, ...]]:
    """The conversions made after the first ``count`` (the memo keeps insertion order)."""
    return dict(itertools.islice(_SPECS.items(), count, None))


def preload_conversions(conversions: dict) -> None:
    """Reuse conversions saved by an earlier build (a plain dict of str -> spec tuples)."""
    for text, spec in conversions.items():
        if isinstance(text, str) and isinstance(spec, tuple):
            _SPECS.setdefault(text, spec)


def _merge_text(specs):
    merged: list[Spec] = []
    for spec in specs:
        if spec[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + spec[1])
        elif spec[0] == "text" and not spec[1]:
            continue
        else:
            merged.append(spec)
    return merged


def _macro_argument_nodes(node: LatexMacroNode):
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    args = [a for a in args if a is not None]
    if not args:
        return None
    last = args[-1]
    return last.nodelist if isinstance(last, LatexGroupNode) else [last]


def _declaration(nodelist) -> tuple[str | None, list]:
    """("emphasis", rest) for a group that starts with ``\\em`` and the like; (None, nodes) otherwise."""
    nodes_ = list(nodelist or ())
    while nodes_ and isinstance(nodes_[0], LatexCharsNode) and not nodes_[0].chars.strip():
        nodes_.pop(0)
    if nodes_ and isinstance(nodes_[0], LatexMacroNode) and nodes_[0].macroname in _DECLARATIONS:
        return _DECLARATIONS[nodes_[0].macroname], nodes_[1:]
    return None, list(nodelist or ())


def _specs_of(nodelist) -> list[Spec]:
    specs: list[Spec] = []
    nodelist = list(nodelist or ())
    for index, node in enumerate(nodelist):
        if isinstance(node, LatexCharsNode):
            specs.append(("text", node.chars))
        elif isinstance(node, LatexGroupNode):
            style, rest = _declaration(node.nodelist)
            if style:
                inner = _merge_text(_specs_of(rest))
                if inner and inner[0][0] == "text":
                    inner[0] = ("text", inner[0][1].lstrip())
                specs.append((style, tuple(inner)))
            else:
                specs.extend(_specs_of(rest))
        elif isinstance(node, LatexMacroNode) and node.macroname in _DECLARATIONS:
            continue  # outside a group it would style the rest of the field: shown plain
        elif isinstance(node, LatexMacroNode) and _is_unknown(node.macroname):
            following = nodelist[index + 1] if index + 1 < len(nodelist) else None
            shown = _unknown_shown(node.macroname, following)
            specs.append(("unknown", "\\" + node.macroname, shown + (node.macro_post_space if shown else "")))
        elif isinstance(node, LatexMathNode):
            inner = "".join(child.latex_verbatim() for child in node.nodelist or ()).strip()
            if inner:
                specs.append(("math", inner))
        elif isinstance(node, LatexCommentNode):
            # BibTeX does not treat % as a comment inside a field; keep the text.
            specs.append(("text", "%" + node.comment + (node.comment_post_space or "")))
        elif isinstance(node, LatexMacroNode):
            specs.extend(_macro_specs(node))
        elif isinstance(node, (LatexSpecialsNode, LatexEnvironmentNode)):
            specs.append(("text", _text_converter().nodelist_to_text([node])))
        else:
            specs.append(("text", _text_converter().nodelist_to_text([node])))
    return specs


def _macro_specs(node: LatexMacroNode) -> list[Spec]:
    name = node.macroname
    argument = _macro_argument_nodes(node)
    if name in _STYLE_MACROS and argument is not None:
        return [(_STYLE_MACROS[name], tuple(_merge_text(_specs_of(argument))))]
    if name in _TRANSPARENT_MACROS and argument is not None:
        return _specs_of(argument)
    if name in ("url", "href"):
        args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
        if args:
            first = args[0]
            target = (
                "".join(n.latex_verbatim() for n in first.nodelist)
                if isinstance(first, LatexGroupNode)
                else first.latex_verbatim()
            ).replace("\\%", "%")  # a URL's % (escaped above, as in a field's text) is its own
            label = tuple(_merge_text(_specs_of(argument))) if name == "href" and len(args) > 1 else (("text", target),)
            url = safe_url(target)
            if url is None:
                return list(label)
            return [("link", url, label)]
    if name in _SYMBOLS:
        return [("text", _SYMBOLS[name])]
    if name in _AASTEX_JOURNALS and argument is None:
        return [("text", _AASTEX_JOURNALS[name])]
    if name in _QUOTING_MACROS and argument is not None:
        opening, closing = _QUOTING_MACROS[name]
        return [("text", opening), *_specs_of(argument), ("text", closing)]
    if _text_converter().latex_context.get_macro_spec(name) is None and name in _text_symbols():
        return [("text", _text_symbols()[name])]
    return [("text", _text_converter().nodelist_to_text([node]))]


def _is_unknown(name: str) -> bool:
    """A macro none of our tables nor pylatexenc's knows (a user's \\rpackage, a typo's \\texit)."""
    return (
        name not in _STYLE_MACROS
        and name not in _TRANSPARENT_MACROS
        and name not in _SYMBOLS
        and name not in _AASTEX_JOURNALS
        and name not in _QUOTING_MACROS
        and name not in ("url", "href")
        and name not in _text_symbols()
        and _text_converter().latex_context.get_macro_spec(name) is None
    )


def _unknown_shown(name: str, following) -> str:
    """What a visitor reads for an unknown macro (the linter reports it): never the
    backslash, and never glued to the next word.

    Its argument is shown without it (``\\rpackage{irace}`` reads "irace"); a
    name that starts with a letter macro is that letter (``\\Lukasz`` reads
    "Łukasz"); any other is read as its name ("\\MaxMinAntSystem" reads
    "MaxMinAntSystem").
    """
    if isinstance(following, LatexGroupNode) and "".join(n.latex_verbatim() for n in following.nodelist).strip():
        return ""
    letters = _text_symbols()  # pylatexenc's own: \\L is Ł, \\ss is ß, \\o is ø
    for size in (2, 1):
        prefix = name[:size]
        if len(name) > size and name[size:].islower() and letters.get(prefix, "").isalpha():
            return letters[prefix] + name[size:]
    return name


def _build(spec: Spec) -> nodes.Node:
    kind = spec[0]
    if kind == "text":
        return nodes.Text(spec[1])
    if kind == "unknown":
        return nodes.Text(spec[2])
    if kind == "math":
        return math_node(spec[1])
    if kind == "link":
        ref = nodes.reference("", "", refuri=spec[1], classes=["scholar-inline-link"])
        ref.extend(_build(child) for child in spec[2])
        return ref
    children = [_build(child) for child in spec[1]]
    if kind == "emphasis":
        return nodes.emphasis("", "", *children)
    if kind == "strong":
        return nodes.strong("", "", *children)
    if kind == "literal":
        return nodes.literal("", "", *children)
    if kind == "superscript":
        return nodes.superscript("", "", *children)
    if kind == "subscript":
        return nodes.subscript("", "", *children)
    if kind == "smallcaps":
        return nodes.inline("", "", *children, classes=["scholar-smallcaps"])
    raise ValueError(f"unknown inline spec {kind!r}")


def latex_to_nodes(text: str) -> list[nodes.Node]:
    """Fresh inline docutils nodes for a LaTeX field value."""
    if not text:
        return []
    specs = _latex_to_spec(text)
    built = [_build(spec) for spec in specs]
    # Leading/trailing whitespace from the source is never meaningful here.
    if built and isinstance(built[0], nodes.Text):
        built[0] = nodes.Text(str(built[0]).lstrip())
    if built and isinstance(built[-1], nodes.Text):
        built[-1] = nodes.Text(str(built[-1]).rstrip())
    return [node for node in built if not (isinstance(node, nodes.Text) and not str(node))]


def _spec_text(spec: Spec) -> str:
    kind = spec[0]
    if kind == "text":
        return spec[1]
    if kind == "unknown":
        return spec[2]
    if kind == "math":
        return math_text(spec[1])
    children = spec[2] if kind == "link" else spec[1]
    return "".join(_spec_text(child) for child in children)


@functools.lru_cache(maxsize=4096)
def math_source_as_text(source: str) -> str:
    """pylatexenc's text for the inside of a math group (mathml.math_text's fallback)."""
    try:
        return _text_converter().latex_to_text(source).strip()
    except Exception:
        return source


def math_sources(text: str) -> list[str]:
    """The TeX of every math group in ``text``, in order."""
    if not text or not ("$" in text or "\\(" in text):
        return []
    found: list[str] = []

    def collect(specs):
        for spec in specs:
            if spec[0] == "math":
                found.append(spec[1])
            elif spec[0] in ("emphasis", "strong", "literal", "superscript", "subscript", "smallcaps"):
                collect(spec[1])
            elif spec[0] == "link":
                collect(spec[2])

    collect(_latex_to_spec(text))
    return found


def unrenderable_commands(text: str) -> list[str]:
    """LaTeX commands in ``text`` that pylatexenc does not know (shown as written)."""
    if not text or "\\" not in text:
        return []
    found: set[str] = set()

    def collect(specs):
        for spec in specs:
            if spec[0] == "unknown":
                found.add(spec[1].lstrip("\\"))
            elif spec[0] in ("emphasis", "strong", "literal", "superscript", "subscript", "smallcaps"):
                collect(spec[1])
            elif spec[0] == "link":
                collect(spec[2])

    collect(_latex_to_spec(text))
    return sorted(found)


# -- exporters' escaping --------------------------------------------------------------
# Mendeley and Zotero store a title's LaTeX as text and escape it on export:
# "{\$}\backslashsigma{\$}", "\$\textbackslash bar\{x\}\$", "{\textless}i{\textgreater}",
# "\ emph{x}".  What can be read back is; the rest is left to the linter.

_ESCAPED_DOLLAR = r"(?:\{\\\$\}|\\\$)"
_ESCAPED_MATH = re.compile(_ESCAPED_DOLLAR + r"(.+?)" + _ESCAPED_DOLLAR, re.S)
_ESCAPED_COMMAND = re.compile(r"\\textbackslash|\\backslash")
_ESCAPE_SIGNS = re.compile(r"\\textbackslash|\\backslash|\{\\_\}|\\_|\\\^\{\}|\\\{")
_ESCAPED_BACKSLASH = re.compile(
    r"\{\\textbackslash\}\s?|\\textbackslash(?![A-Za-z])\s?|\{\\backslash\}\s?|\$\\backslash\$\s?"
    r"|\\backslash(?![A-Za-z])\s?|\\backslash(?=[A-Za-z])"
)
_ESCAPED_CHARS = (("{\\_}", "_"), ("\\_", "_"), ("{\\^{}}", "^"), ("\\^{}", "^"), ("{\\{}", "{"), ("{\\}}", "}"))
_HTML_IN_LATEX = re.compile(
    r"\{?\\textless\}?\s*(i|em|b|strong|sup|sub|inf|scp)\s*\{?\\textgreater\}?(.*?)"
    r"\{?\\textless\}?\s*/\s*\1\s*\{?\\textgreater\}?",
    re.S | re.I,
)
_HTML_MACROS = {
    "i": "textit",
    "em": "emph",
    "b": "textbf",
    "strong": "textbf",
    "sup": "textsuperscript",
    "sub": "textsubscript",
    "inf": "textsubscript",
    "scp": "textsc",
}
_SPACED_MACRO = re.compile(r"\\ (?=(?:emph|textit|textbf|textsc|textsuperscript|textsubscript|mathrm|text)\{)")
_LOST_MATH_BACKSLASH = re.compile(r"(?<![\\A-Za-z])(text|mathrm|mathbf|mathit|mathcal|mathsf|operatorname)\{")
_MATH_SPAN = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_ESCAPED_BRACE_ACCENT = re.compile(r"""\\(["'`^~=.uvHc])\\\{(\w)\}""")


def _unescape(inner: str) -> str:
    inner = _ESCAPED_BACKSLASH.sub(lambda _m: "\\", inner)
    for escaped, plain in _ESCAPED_CHARS:
        inner = inner.replace(escaped, plain)
    return inner.replace("\\{", "{").replace("\\}", "}")


def repair_exported_latex(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with exporters' escaped LaTeX read back, and what was repaired (for a warning)."""
    if "\\" not in text and "$" not in text:
        return text, ()
    repairs: list[str] = []

    def math(match: re.Match[str]) -> str:
        # Mendeley writes "{\$}"; a person writes "\$": then only an escaped backslash says maths
        mendeley = match.group(0).startswith("{\\$}")
        if not (_ESCAPE_SIGNS.search(match.group(1)) if mendeley else _ESCAPED_COMMAND.search(match.group(1))):
            return match.group(0)  # "\$2 million", "\$5\_000 or \$6": dollars as the author wrote them
        repairs.append("escaped maths")
        return "$" + _unescape(match.group(1)) + "$"

    repaired = _ESCAPED_MATH.sub(math, text)
    repaired, count = _HTML_IN_LATEX.subn(lambda m: f"\\{_HTML_MACROS[m.group(1).lower()]}{{{m.group(2)}}}", repaired)
    if count:
        repairs.append("HTML tags written as \\textless...\\textgreater")
    repaired, count = _SPACED_MACRO.subn(lambda _m: "\\", repaired)
    if count:
        repairs.append("'\\ ' before a command")
    repaired, count = _ESCAPED_BRACE_ACCENT.subn(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", repaired)
    if count:
        repairs.append("an accent on an escaped brace")

    def lost_backslash(match: re.Match[str]) -> str:
        inner, count = _LOST_MATH_BACKSLASH.subn(lambda m: f"\\{m.group(1)}{{", match.group(1))
        if count:
            repairs.append("a command that lost its backslash")
        return "$" + inner + "$"

    repaired = _MATH_SPAN.sub(lost_backslash, repaired)
    return repaired, tuple(dict.fromkeys(repairs))
