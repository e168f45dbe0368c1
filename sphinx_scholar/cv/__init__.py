"""The CV: sections from a RenderCV YAML or JSON Resume file, in HTML, LaTeX, text and PDF.

Its own small pipeline, in the order data flows:

- ``dates``: CV dates ("2023-09", "present", "Fall 2023") parsed and shown;
- ``model``: picklable records of a CV, its sections and entries;
- ``load``: either file format read into the model, with located problems;
- ``render``: docutils nodes for a section (standard nodes, so every builder writes them);
- ``directive``: the ``cv`` directive;
- ``pdf``: the same CV and the CV page's publication lists, typeset by RenderCV's Typst pipeline;
- ``builder``: ``sphinx-scholar cv``'s Sphinx builder, and the HTML build's check that the PDF is current.

May import every stage up to ``glue`` (the domain, the bibliography of a build); the
theme, the command line and ``news`` import it, never the reverse.
"""
