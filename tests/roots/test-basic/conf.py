extensions = ["sphinx_scholar"]
scholar_bibfiles = ["papers.bib"]
scholar_researcher = {"name": "Qiaozhe Zhang", "aliases": ["Q. Zhang"]}
scholar_venues = {"SPA": {"color": "#123456", "url": "https://example.org/spa"}}
scholar_coauthors = {"sun": [{"firstname": ["Wei", "W."], "url": "https://wei-sun.example.org"}]}
exclude_patterns = ["_build"]
show_warning_types = True  # Sphinx < 8 needs it for "[scholar.x]" in warnings
