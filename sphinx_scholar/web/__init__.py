"""Web stage: what makes a site findable and citable (BibTeX/RIS/CSL-JSON, COinS, Atom, head tags, JSON-LD).

May import ``model``, ``bib``, ``select``, ``config`` and ``people``; never Sphinx's environment.
Takes ``Publication`` and ``Researcher`` records; hands text (files, tags) to ``glue.pages``.
"""
