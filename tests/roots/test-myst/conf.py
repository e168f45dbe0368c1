extensions = ["myst_parser", "sphinx_scholar"]
myst_enable_extensions = ["colon_fence"]
scholar_bibfiles = ["refs/*.bib"]
scholar_researcher = "Ada Lovelace"
exclude_patterns = ["_build"]
show_warning_types = True  # Sphinx < 8 needs it for "[scholar.x]" in warnings
suppress_warnings = ["scholar.researcher_missing"]  # the root lists a Babbage paper in Ada Lovelace's lists
