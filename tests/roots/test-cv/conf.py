extensions = ["sphinx_scholar", "myst_parser"]
scholar_bibfiles = ["papers.bib"]
scholar_researcher = {"name": "Mira Castellanos", "aliases": ["M. Castellanos"]}
scholar_cv = "cv.yaml"
exclude_patterns = ["_build"]
