"""Command-line stage: ``sphinx-scholar check`` and ``quickstart``.

May import every stage below it (bib, model, people); nothing imports it.
Reads bib files and answers from the terminal; writes reports and new projects.
"""

from .commands import main

__all__ = ["main"]
