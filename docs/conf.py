"""sphinx-scholar's documentation, built with sphinx-scholar itself."""

import importlib.util

project = "sphinx-scholar"
author = "The sphinx-scholar developers"
copyright = "2026, The sphinx-scholar developers"

extensions = ["myst_parser", "sphinx_scholar", "sphinx_design"]  # sphinx_design: the lab page's grid
myst_enable_extensions = ["colon_fence"]

html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = "sphinx-scholar"
html_static_path = ["_static"]  # the demo's screenshots
# The demo homepage is a project of its own (docs/demo/conf.py, on the scholar theme).
exclude_patterns = ["_build", "demo", "tools"]

# The examples in these pages list the demo's bib.
scholar_bibfiles = ["demo/papers.bib"]
scholar_researcher = "demo/researcher.yaml"
scholar_max_authors = 6
