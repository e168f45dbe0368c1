"""Render stage: our own docutils nodes, the parts of an entry, layouts, the profile card.

May import ``model``, ``bib``, ``select``, ``config`` and ``people``; never a builder.
Takes selected ``Publication`` records; hands node trees to ``writers``.
"""
