extensions = ["sphinx_scholar", "myst_parser"]
scholar_bibfiles = ["papers.bib"]
scholar_researcher = {"name": "Mira Castellanos", "aliases": ["M. Castellanos"]}
scholar_cv = "cv.yaml"
exclude_patterns = ["_build"]
scholar_news_feed = "news.atom"
html_baseurl = "https://mira.example.org/"
# MyST writes news items in the body as definition lists
myst_enable_extensions = ["deflist"]
