"""The demo homepage: a fictional researcher's site on the scholar theme.

Build it from the repository's root (the README's main command):
python -m sphinx -b html docs/demo _build/demo
"""

project = "Lena Marwick"
author = "Lena Marwick"
copyright = "2026, Lena Marwick"

extensions = ["myst_parser", "sphinx_scholar", "sphinx_design"]  # sphinx_design: the lab page's grid
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]

html_theme = "scholar"
html_title = "Lena Marwick"
html_baseurl = "https://lena-marwick.example.org/"
html_theme_options = {
    "license": "Text and figures licensed under CC BY 4.0",
    "license_url": "https://creativecommons.org/licenses/by/4.0/",
}

scholar_bibfiles = ["papers.bib"]
scholar_researcher = "researcher.yaml"  # name, aliases, photo, links: the card, the footer, highlighting
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
scholar_publication_page_url = "papers/{key}"
scholar_feed = "publications.atom"
# The CV page (cv.rst) and the PDF that `sphinx-scholar cv docs/demo` writes beside it;
# news.yaml feeds the home page, the news page and an Atom feed.
scholar_cv = "cv.yaml"
scholar_news_feed = "news.atom"
