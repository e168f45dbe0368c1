"""sphinx-scholar's documentation, built with sphinx-scholar itself."""

import importlib.util

project = "sphinx-scholar"
author = "The sphinx-scholar developers"
copyright = "2026, The sphinx-scholar developers"

extensions = ["myst_parser", "sphinx_scholar", "sphinx_design"]  # sphinx_design: the lab page's grid
myst_enable_extensions = ["colon_fence"]

html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = "sphinx-scholar"
exclude_patterns = ["_build"]

# The demo homepage's settings (docs/demo/).
scholar_bibfiles = ["demo/papers.bib"]
scholar_researcher = "demo/researcher.yaml"  # name, aliases, photo, links
scholar_venues = {
    "NeurIPS": {"color": "#6f42c1", "url": "https://neurips.cc"},
    "ICML": {"color": "#2e6b30"},
    "JMLR": {"color": "#8a3b12"},
    "Workshop": {"color": "#5a5a1e"},
}
scholar_coauthors = {
    "brandt": [{"firstname": ["Jonas", "J."], "url": "https://example.org/~brandt"}],
    "okafor": [{"firstname": ["Chidi", "C."], "url": "https://example.org/~okafor"}],
}
scholar_max_authors = 6
# A page per entry with Google Scholar metadata, and an Atom feed.
scholar_publication_pages = True
scholar_publication_page_url = "demo/papers/{key}"
scholar_feed = "demo/publications.atom"
