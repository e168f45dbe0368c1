"""The directives (``publication``, ``researcher``, the entry-page directive): one module each.

Part of ``build``: they parse options, select entries and leave placeholders that
``glue.expand`` fills when pages are written.
"""
