"""News: dated items from a YAML file or from the page, newest first, with an optional Atom feed.

- ``load``: a news file's items, with located problems;
- ``directive``: the ``news`` directive (``:limit:`` and ``:archive:`` for a home page);
The Atom feed of every item is written by ``glue.pages`` with the publication feed's code.

May import every stage up to ``cv`` (its dates and file reading); only ``setup()`` imports it.
"""
