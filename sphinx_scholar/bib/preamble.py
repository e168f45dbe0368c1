"""Load stage: the macros a bib defines for itself in ``@preamble``.

``@preamble{"\\providecommand{\\rpackage}[1]{{#1}}"}`` is how a shared bib (the
IRIDIA references, DBLP exports read by biblatex) names its own commands; BibTeX
hands the definitions to LaTeX.  pylatexenc does not run them, so the fields a
visitor reads get them expanded first: ``\\rpackage{irace}`` reads "irace",
``\\MaxMinAntSystem`` its words.  Only definitions with a body in braces and at
most nine arguments are read; anything else stays an unknown command, which the
linter reports.
"""

from __future__ import annotations

import functools
import re

_DEFINITION = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|providerobustcmd|DeclareRobustCommand|newrobustcmd)\*?\s*"
    r"(?:\{\s*\\(?P<braced>[A-Za-z@]+)\s*\}|\\(?P<bare>[A-Za-z@]+))\s*(?:\[(?P<count>\d)\])?\s*(?=\{)"
    r"|\\def\s*\\(?P<plain>[A-Za-z@]+)\s*(?=\{)"
)
_MAX_ROUNDS = 4  # a macro may use another; a definition that uses itself stops here


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The contents of the balanced ``{...}`` at ``start``, and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for index in range(start, len(text)):
        character = text[index]
        if character == "\\":
            continue
        if character == "{" and text[index - 1 : index] != "\\":
            depth += 1
        elif character == "}" and text[index - 1 : index] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    return None


def preamble_macros(preamble: str) -> dict[str, tuple[int, str]]:
    """name -> (number of arguments, body) for each definition in ``preamble``."""
    macros: dict[str, tuple[int, str]] = {}
    for match in _DEFINITION.finditer(preamble):
        name = match["braced"] or match["bare"] or match["plain"]
        body = _group(preamble, match.end())
        if body is not None:
            macros.setdefault(name, (int(match["count"] or 0), body[0]))
    return macros


@functools.lru_cache(maxsize=64)
def _uses(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\\(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z@])\s*")


def expand_macros(text: str, macros: dict[str, tuple[int, str]]) -> str:
    """``text`` with every use of ``macros`` replaced by its body, arguments filled in."""
    if not macros or "\\" not in text:
        return text
    pattern = re.compile(
        r"\\(" + "|".join(re.escape(name) for name in sorted(macros, key=len, reverse=True)) + r")(?![A-Za-z@])\s*"
    )
    for _round in range(_MAX_ROUNDS):
        out, position, changed = [], 0, False
        for match in pattern.finditer(text):
            if match.start() < position:
                continue
            count, body = macros[match.group(1)]
            arguments, end = [], match.end()
            for _index in range(count):
                while end < len(text) and text[end] in " \t\n":  # TeX skips spaces before an argument
                    end += 1
                group = _group(text, end)
                if group is None:
                    break
                arguments.append(group[0])
                end = group[1]
            if len(arguments) < count:
                continue  # used without its arguments: left as written
            expansion = body
            for number, argument in enumerate(arguments, start=1):
                expansion = expansion.replace(f"#{number}", argument)
            out.append(text[position : match.start()])
            # a trailing space ended the command's name; a word after it keeps its own space
            out.append("{" + expansion + "}" + (" " if count == 0 and match.group(0)[-1:].isspace() else ""))
            position, changed = end, True
        if not changed:
            break
        text = "".join(out) + text[position:]
    return text
