"""People: researcher metadata (options, files, conf.py), statistics, and whose list is whose.

May import ``model``, ``bib``, ``select`` and ``config``.
Reads researcher.yaml and directive options into ``model.Researcher``; hands
matchers and statistics to ``render`` (the card) and ``glue`` (highlighting).
"""
