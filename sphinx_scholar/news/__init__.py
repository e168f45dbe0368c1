"""News: dated items from a YAML file or from the page, newest first, with an optional Atom feed.

- ``load``: a news file's items, with located problems;
- ``directive``: the ``news`` directive (``:limit:`` and ``:archive:`` for a home page);
- ``feed``: the Atom feed of every item, written by the publication feed's code.
"""
