"""What metadata consumers read (#18): Highwire tags, JSON-LD, COinS as Zotero parses it,
RIS as Zotero maps it, CSL-JSON, per-entry BibTeX and the Atom feed; from small fixtures."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import rispy
from conftest import run_build, write_project
from zotero_rules import embedded_metadata_type, zotero_reads

BIB = r"""
@article{aps2019, author = {Rasthofer U., Wall W.A., Gravemeier V.}, title = {Turbulence in
  \enquote{divide-and-conquer} form}, journal = {Physical Review E}, volume = {99}, issue = {6},
  pages = {066704-1-066704-12}, year = {2019}, month = jun}
@article{dblp2020, author = {Ann Lee}, title = {On \#NC\({}^{\mbox{1}}\) and AC\({}^{\mbox{0}}\) circuits},
  journal = {J. Complexity}, year = {2020}}
@article{html2021, author = {Lee, Ann}, title = {RuO<sub>2</sub> thin films}, journal = {Nature}, year = {2021},
  pages = {e1002}}
@inproceedings{conf2022, author = {Lee, Ann and Wu, Bo}, title = {Sparse Things}, booktitle = {Proceedings of the
  Conference on Things}, eventtitle = {ThingsConf 2022}, organization = {Things Society}, year = {2022},
  month = {7}, day = {15}, eprint = {2205.01234}, archiveprefix = {arXiv}}
@proceedings{vol2022, editor = {Wu, Bo and Ng, Carol}, title = {Proceedings of the Conference on Things},
  publisher = {Things Press}, isbn = {978-3-16-148410-0}, year = {2022}}
@proceedings{vol2021, editor = {Ng, Carol}, title = {Workshop on Things}, year = {2021}}
@incollection{chap2023, author = {Lee, Ann}, title = {A Chapter}, booktitle = {The Book of Things},
  publisher = {Things Press}, year = {2023}}
@techreport{tr2023, author = {Lee, Ann}, title = {A Report}, institution = {Things Lab}, number = {TR-7},
  year = {2023}}
@phdthesis{thesis2018, author = {Lee, Ann}, title = {My Thesis}, school = {Things University}, year = {2018}}
@misc{pre2024, author = {Lee, Ann}, title = {A Preprint}, howpublished = {arXiv preprint arXiv:2401.00001},
  year = {2024}}
@misc{corr2024, author = {Lee, Ann}, title = {A CoRR Paper}, journal = {CoRR}, volume = {abs/2402.00002},
  year = {2024}, eprint = {2402.00002}, archiveprefix = {arXiv}}
@misc{talk2024, author = {Lee, Ann}, title = {A Talk on Things}, howpublished = {Invited talk, Things Workshop},
  year = {2024}}
@software{soft2024, author = {Lee, Ann}, title = {thingkit}, version = {1.2}, year = {2024},
  url = {https://example.org/thingkit}}
@inproceedings{cats2009, author = {Lee, Ann}, title = {Crossed}, crossref = {DBLP:conf/cats/2009}, year = {2009}}
@inproceedings{child2010, author = {Lee, Ann}, title = {A Child Paper}, crossref = {parent2010}, pages = {1--9}}
@proceedings{parent2010, editor = {Ng, Carol}, title = {Parent Proceedings}, booktitle = {Parent Proceedings},
  publisher = {Springer}, series = {LNCS}, volume = {42}, year = {2010}}
@article{Köglmeier2026, author = {Köglmeier, Max}, title = {Umlauts}, journal = {J}, year = {2026}}
"""

CONF = """
extensions = ["sphinx_scholar"]
project = "AL"
scholar_bibfiles = ["papers.bib"]
scholar_researcher = "Ann Lee"
scholar_publication_pages = True
scholar_feed = "publications.atom"
html_baseurl = "https://al.example.org/"
"""


def project(folder: Path, bib: str = BIB, conf: str = CONF) -> Path:
    """A site of one list of every entry of ``bib``."""
    return write_project(folder, {"conf.py": conf, "papers.bib": bib, "index.rst": "Home\n====\n\n.. publication::\n"})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return run_build(project(tmp_path_factory.mktemp("metadata")))


def page(site, key):
    return site.soup(f"publications/{key}")


def metas(soup, prefix):
    return [(m["name"], m["content"]) for m in soup.find_all("meta") if m.get("name", "").startswith(prefix)]


def jsonld(site, key) -> dict:
    return json.loads(page(site, key).find("script", type="application/ld+json").string)


def download(site, key, extension) -> str:
    soup = page(site, key)
    link = soup.select_one(f"a.scholar-download-{extension}")
    return (site.outdir / "publications" / link["href"]).resolve().read_text(encoding="utf-8")


# -- text that reaches metadata ------------------------------------------------------------


def test_known_macros_maths_and_html_reach_metadata_as_text(site):
    assert dict(metas(page(site, "aps2019"), "citation_title"))["citation_title"] == (
        "Turbulence in “divide-and-conquer” form"
    )
    # DBLP's maths keeps every character
    assert dict(metas(page(site, "dblp2020"), "citation_title"))["citation_title"] == ("On #NC¹ and AC⁰ circuits")
    html_title = page(site, "html2021")
    assert dict(metas(html_title, "citation_title"))["citation_title"] == "RuO2 thin films"
    assert html_title.title.get_text().startswith("RuO2 thin films")
    assert jsonld(site, "html2021")["name"] == "RuO2 thin films"
    [ris] = rispy.loads(download(site, "html2021", "ris"))
    assert ris["title"] == "RuO2 thin films"
    assert json.loads(download(site, "html2021", "json"))[0]["title"] == "RuO2 thin films"


# -- structured fields --------------------------------------------------------------------


def test_article_numbers_issue_and_organization(site):
    tags = metas(page(site, "aps2019"), "citation_")
    assert ("citation_firstpage", "066704") in tags and not [t for t in tags if t[0] == "citation_lastpage"]
    assert ("citation_issue", "6") in tags
    [item] = json.loads(download(site, "aps2019", "json"))
    # citeproc would print "066704-12" as "066704–066712": the article number alone, and its length
    assert (item["page"], item["number-of-pages"], item["issue"]) == ("066704", "12", "6")
    [html_item] = json.loads(download(site, "html2021", "json"))
    assert html_item["page"] == "e1002"
    [conference] = json.loads(download(site, "conf2022", "json"))
    assert conference["publisher"] == "Things Society"


def test_comma_separated_family_first_authors_are_repaired_everywhere(site):
    expected = ["Rasthofer, U.", "Wall, W.A.", "Gravemeier, V."]
    assert [v for n, v in metas(page(site, "aps2019"), "citation_author")] == expected
    assert [(a["familyName"], a["givenName"]) for a in jsonld(site, "aps2019")["author"]] == [
        ("Rasthofer", "U."),
        ("Wall", "W.A."),
        ("Gravemeier", "V."),
    ]
    [ris] = rispy.loads(download(site, "aps2019", "ris"))
    assert ris["authors"] == expected
    [warning] = [line for line in site.warning_lines() if "aps2019" in line and "commas" in line]
    assert "papers.bib:1:" in warning and "'Rasthofer, U.'" in warning and "in every output" in warning


# -- JSON-LD -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "schema_type"),
    [
        ("aps2019", "ScholarlyArticle"),
        ("conf2022", "ScholarlyArticle"),
        ("vol2022", "Book"),
        ("chap2023", "Chapter"),
        ("tr2023", "Report"),
        ("thesis2018", "Thesis"),
        ("pre2024", "ScholarlyArticle"),
        ("talk2024", "CreativeWork"),
        ("soft2024", "SoftwareSourceCode"),
    ],
)
def test_json_ld_uses_the_closest_schema_org_type(site, key, schema_type):
    assert jsonld(site, key)["@type"] == schema_type


def test_json_ld_carries_arxiv_ids_and_editors(site):
    data = jsonld(site, "conf2022")
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "arXiv", "value": "arXiv:2205.01234"}
    assert data["sameAs"] == "https://arxiv.org/abs/2205.01234"
    assert data["isPartOf"] == {"@type": "Book", "name": "Proceedings of the Conference on Things"}
    corr = jsonld(site, "corr2024")
    assert corr["sameAs"] == "https://arxiv.org/abs/2402.00002"
    volume = jsonld(site, "vol2022")
    assert [e["name"] for e in volume["editor"]] == ["Bo Wu", "Carol Ng"] and "author" not in volume
    assert volume["isbn"] == "978-3-16-148410-0"


# -- Google Scholar ------------------------------------------------------------------------


def test_scholar_dates_and_edited_volumes(site):
    assert ("citation_publication_date", "2019/06") in metas(page(site, "aps2019"), "citation_")
    assert ("citation_publication_date", "2022/07/15") in metas(page(site, "conf2022"), "citation_")
    assert ("citation_publication_date", "2018") in metas(page(site, "thesis2018"), "citation_")
    # an edited volume is indexed under its editors (Scholar needs a citation_author)
    assert [v for n, v in metas(page(site, "vol2022"), "citation_author")] == ["Wu, Bo", "Ng, Carol"]


# -- COinS, read as Zotero's parseContextObject reads it -------------------------------------


def coins(site, key) -> str:
    return page(site, key).select_one("span.Z3988")["title"]


@pytest.mark.parametrize(
    ("key", "item_type", "venue"),
    [
        ("aps2019", "journalArticle", ("publicationTitle", "Physical Review E")),
        ("conf2022", "conferencePaper", ("publicationTitle", "Proceedings of the Conference on Things")),
        ("vol2022", "book", ("publisher", "Things Press")),
        ("chap2023", "bookSection", ("publicationTitle", "The Book of Things")),
        ("tr2023", "report", ("publisher", "Things Lab")),
        ("thesis2018", "thesis", ("publisher", "Things University")),
        ("pre2024", "preprint", ("publisher", "arXiv")),
        ("corr2024", "preprint", ("publisher", "arXiv")),
        ("talk2024", "presentation", ("publisher", "Invited talk, Things Workshop")),
        ("soft2024", "computerProgram", None),
    ],
)
def test_every_page_imports_into_zotero_with_type_title_authors_date_and_venue(site, key, item_type, venue):
    item = zotero_reads(coins(site, key))
    assert item["itemType"] == item_type
    title = dict(metas(page(site, key), "citation_title"))["citation_title"]
    assert item["title"] == title
    authors = [value for name, value in metas(page(site, key), "citation_author")]
    assert item["creators"] == authors and authors
    assert item["date"] == dict(metas(page(site, key), "citation_publication_date"))[
        "citation_publication_date"
    ].replace("/", "-")
    if venue:
        assert item[venue[0]] == venue[1]


@pytest.mark.parametrize(
    ("key", "item_type"),
    [
        ("aps2019", "journalArticle"),
        ("conf2022", "conferencePaper"),
        ("vol2022", "book"),
        ("vol2021", "book"),  # no ISBN to guess from: citation_title alone would make it a journal article
        ("chap2023", "bookSection"),
        ("tr2023", "report"),
        ("thesis2018", "thesis"),
        ("pre2024", "preprint"),
        ("talk2024", "presentation"),
        ("soft2024", "computerProgram"),
    ],
)
def test_zoteros_embedded_metadata_translator_types_every_page_right(site, key, item_type):
    soup = page(site, key)
    tags = [(m.get("name") or m.get("property"), m["content"]) for m in soup.find_all("meta") if m.get("content")]
    assert embedded_metadata_type(tags) == item_type


def test_coins_keeps_book_keys_out_of_journal_spans(site):
    keys = [key for key, _value in parse_qsl(coins(site, "aps2019"))]
    assert "rft.pub" not in keys and "rft.btitle" not in keys and "rft.jtitle" in keys


# -- RIS, read as Zotero's RIS translator maps it ---------------------------------------------


def test_ris_conference_paper_has_proceedings_title_in_c3_and_the_event_in_t2(site):
    [record] = rispy.loads(download(site, "conf2022", "ris"))
    text = download(site, "conf2022", "ris")
    assert record["type_of_reference"] == "CPAPER"
    # Zotero: C3 -> proceedingsTitle, T2 -> conferenceName (EndNote and Mendeley read T2 as the venue)
    assert "C3  - Proceedings of the Conference on Things" in text
    assert "T2  - ThingsConf 2022" in text
    [report] = rispy.loads(download(site, "tr2023", "ris"))
    assert report.get("issn") == "TR-7" and "number" not in report  # SN: a report's number


# -- per-entry BibTeX downloads ---------------------------------------------------------------


def test_crossref_is_inlined_or_dropped_so_each_download_stands_alone(site):
    child = download(site, "child2010", "bib")
    assert "crossref" not in child.lower()
    for expected in ('publisher = "Springer"', 'series = "LNCS"', 'volume = "42"', 'booktitle = "Parent Proceedings"'):
        assert expected in child, child
    orphan = download(site, "cats2009", "bib")
    assert "crossref" not in orphan.lower() and 'title = "Crossed"' in orphan
    [warning] = [line for line in site.warning_lines() if "cats2009" in line]
    assert "crossref to unknown key 'DBLP:conf/cats/2009'" in warning


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_each_download_reads_cleanly_with_biber(site, tmp_path):
    for key in ("child2010", "cats2009", "conf2022"):
        (tmp_path / "refs.bib").write_text(download(site, key, "bib"), encoding="utf-8")
        result = subprocess.run(
            ["biber", "--tool", "--output-file=out.bib", "refs.bib"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        log = result.stdout + result.stderr
        assert result.returncode == 0 and "ERROR" not in log and "didn't find a database entry" not in log, log


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="BibTeX is not installed")
def test_each_download_compiles_with_bibtex(site, tmp_path):
    for key in ("child2010", "cats2009", "conf2022"):
        (tmp_path / "refs.bib").write_text(download(site, key, "bib"), encoding="utf-8")
        (tmp_path / "doc.aux").write_text(f"\\citation{{{key}}}\n\\bibdata{{refs}}\n\\bibstyle{{plain}}\n")
        result = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert "error" not in result.stdout.lower() and "doesn't exist" not in result.stdout, result.stdout


# -- the Atom feed ------------------------------------------------------------------------


def test_feed_ids_are_uris_and_the_author_is_a_person(site):
    import feedparser

    feed = feedparser.parse((site.outdir / "publications.atom").read_bytes())
    assert feed.feed.author == "Ann Lee"
    ids = {entry.title: entry.id for entry in feed.entries}
    assert ids["Umlauts"] == "https://al.example.org/publications.atom#K%C3%B6glmeier2026"
    assert all(entry_id.isascii() for entry_id in ids.values())


def test_feed_entries_say_when_they_were_first_seen_and_last_changed(tmp_path, monkeypatch):
    import feedparser
    from test_incremental import Site

    site = Site(project(tmp_path / "site"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    site.build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # a day later
    site.edit("papers.bib", "title = {A Report}", "title = {A Revised Report}")
    site.build()

    def entries():
        feed = feedparser.parse((site.outdir / "publications.atom").read_bytes())
        return feed, {entry.title: (entry.updated, entry.published) for entry in feed.entries}

    feed, dates = entries()
    assert dates["A Revised Report"] == ("2026-01-02T00:00:00Z", "2023-01-01T00:00:00Z")
    assert dates["My Thesis"] == ("2026-01-01T00:00:00Z", "2018-01-01T00:00:00Z")
    assert feed.feed.updated == "2026-01-02T00:00:00Z"
    # a build with nothing changed keeps every date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767398400")
    site.edit("index.rst", "Home", "Home page")
    site.build()
    assert entries()[1] == dates


def test_a_feed_without_html_baseurl_says_what_to_set_once(tmp_path):
    build = run_build(project(tmp_path / "site", conf=CONF.replace('html_baseurl = "https://al.example.org/"', "")))
    warnings = [line for line in build.warning_lines() if "html_baseurl" in line]
    assert len(warnings) == 1 and "set html_baseurl to the site's address" in warnings[0]
    assert "[scholar.feed]" in warnings[0]


# -- "Cite as" as the reference processor (citeproc-js) writes it -------------------------------

CITE_BIB = r"""
@inproceedings{eds2023, author = {Lee, Ann}, title = {Do Models Perceive Illusions?}, editor = {Wu, Bo and
  Ng, Carol}, booktitle = {Proceedings of Things}, pages = {12--19}, publisher = {ACL}, year = {2023}}
@article{quote2011, author = {Katsumata, Shin-ya}, title = {Beyond the "Migdall effect": Bob's view},
  journal = {J. Mod. Opt.}, volume = {58}, number = {3-4}, pages = {1844-53}, year = {2011}}
@article{acm2020, author = {Abel, Andreas}, title = {Types}, journal = {Proc. ACM Program. Lang.}, volume = {4},
  number = {ICFP}, pages = {90:1--90:28}, year = {2020}}
"""


@pytest.fixture(scope="module")
def cite_site(tmp_path_factory):
    return run_build(project(tmp_path_factory.mktemp("cite"), CITE_BIB))


def cited(site, key, style):
    return page(site, key).select_one(f".scholar-cite-{style} .scholar-cite-text").get_text()


def test_cite_as_apa_matches_the_reference_processor(cite_site):
    # "(Eds.)" capitalised, no full stop after "?"
    assert cited(cite_site, "eds2023", "apa") == (
        "Lee, A. (2023). Do Models Perceive Illusions? In B. Wu & C. Ng (Eds.), Proceedings of Things (pp. 12–19). ACL."
    )
    # typographic quotes and apostrophes, "Shin-ya" as "S.", an issue range, "1844-53" read as 1844–1853
    assert cited(cite_site, "quote2011", "apa") == (
        "Katsumata, S. (2011). Beyond the “Migdall effect”: Bob’s view. J. Mod. Opt., 58(3–4), 1844–1853."
    )
    # ACM's "90:1--90:28" is article 90
    assert (
        cited(cite_site, "acm2020", "apa") == "Abel, A. (2020). Types. Proc. ACM Program. Lang., 4(ICFP), Article 90."
    )


def test_cite_as_ieee_matches_the_reference_processor(cite_site):
    # the comma inside the closing quotation mark (en-US), a quotation inside a quotation in single marks
    assert cited(cite_site, "quote2011", "ieee") == (
        "S. Katsumata, “Beyond the ‘Migdall effect’: Bob’s view,” J. Mod. Opt., vol. 58, no. 3–4, pp. 1844–1853, 2011."
    )
    assert cited(cite_site, "acm2020", "ieee") == (
        "A. Abel, “Types,” Proc. ACM Program. Lang., vol. 4, no. ICFP, Art. no. 90, 2020."
    )
    [item] = json.loads(download(cite_site, "acm2020", "json"))
    assert (item["number"], item["number-of-pages"], "page" not in item) == ("90", "28", True)
    # the exports keep the pages
    [record] = rispy.loads(download(cite_site, "acm2020", "ris"))
    assert (record["start_page"], record["end_page"]) == ("90:1", "90:28")


def test_a_damaged_feed_dates_file_is_read_as_no_dates(tmp_path, monkeypatch):
    import feedparser

    from sphinx_scholar.glue.pages import FEED_DATES_FILE

    srcdir = project(tmp_path / "site")
    doctrees = srcdir / "_build" / "doctrees"
    doctrees.mkdir(parents=True)
    (doctrees / FEED_DATES_FILE).write_text('{"aps2019": 7, "tr2023": ["x"]}', encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build = run_build(srcdir)
    feed = feedparser.parse((build.outdir / "publications.atom").read_bytes())
    assert {entry.updated for entry in feed.entries} == {"2026-01-01T00:00:00Z"}
    assert json.loads((build.app.doctreedir / FEED_DATES_FILE).read_text(encoding="utf-8"))["tr2023"][1:] == [
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    ]
