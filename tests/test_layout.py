"""The package's shape: each stage imports only the stages before it.

Read from the source with ``ast``, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_scholar"

# The stages in the order data flows; a module may import its own stage and earlier ones.
STAGES = [
    ("model", "locale", "report", "fileio"),  # shared records, messages, atomic writes
    ("bib",),  # load: bib files and their fields
    ("select",),  # filter, sort, group
    ("config",),  # the scholar_* settings
    ("people",),  # researcher metadata and statistics
    ("render",),  # our docutils nodes and the parts of an entry
    ("writers",),  # visitors per builder
    ("web",),  # exports, head metadata, JSON-LD
    ("glue",),  # the Sphinx glue: state, change tracking, directives, entry pages
    ("cv",),  # the CV: its file, directive and PDF
    ("news",),  # news items and their directive
    ("theme",),  # the scholar HTML theme: templates, static files, page context
    ("cli",),  # command-line tools
    ("__init__",),  # setup(): wiring only
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}
# Stages that must not know Sphinx's application, environment or builders.
SPHINX_FREE = ("model", "bib", "select")
SPHINX_MACHINERY = ("sphinx.application", "sphinx.environment", "sphinx.builders")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, path.relative_to(PACKAGE).with_suffix("").parts


def _imports(path: Path, parts: tuple[str, ...]):
    """(line, absolute dotted name) of every module the file imports, or may import by ``from . import x``."""
    package = ["sphinx_scholar", *parts[:-1]]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield node.lineno, module
            for alias in node.names:  # "from . import x" may import the module x
                yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _stage_of(module: str) -> str | None:
    names = module.split(".")
    if names[0] != "sphinx_scholar":
        return None
    return names[1] if len(names) > 1 and names[1] in RANK else "__init__" if len(names) == 1 else None


def test_the_layout_is_a_handful_of_stage_folders():
    entries = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert len(entries) <= 19, entries  # stage folders, capability folders (theme, cv, news) and a few modules
    for folder in ("bib", "people", "render", "writers", "web", "glue", "cv", "news", "theme", "cli"):
        docstring = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and "import" in docstring, f"{folder}/__init__.py must say what it may import"


@pytest.mark.parametrize("path,parts", list(_modules()), ids=lambda v: "/".join(v) if isinstance(v, tuple) else "")
def test_no_import_runs_back_up(path, parts):
    own = parts[0] if len(parts) > 1 or parts[0] != "__init__" else "__init__"
    where = path.relative_to(PACKAGE)
    for line, module in _imports(path, parts):
        stage = _stage_of(module)
        if stage is not None:
            assert RANK[stage] <= RANK[own], f"{where}:{line} imports {module}, a later stage"
        if own in SPHINX_FREE:
            assert not module.startswith(SPHINX_MACHINERY), f"{where}:{line} imports {module}"
