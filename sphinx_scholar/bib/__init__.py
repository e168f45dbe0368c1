"""Load stage: bib files read once (pybtex, cached by content hash), and their fields.

May import ``model`` only; never Sphinx's application, environment or builders.
Reads .bib files; hands ``model.Publication`` records and located problems to ``select`` and beyond.
"""
