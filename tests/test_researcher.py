"""The researcher directive: card, metadata sources, stats, JSON-LD, whose lists highlight whom."""

from __future__ import annotations

import base64
import json
import re

import pytest
from conftest import entries, run_build, write_project

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

# Hand-counted: 5 works (3 conference papers, 1 journal article, 1 preprint);
# first author of p1, p3 (equal first, marked) and p4; co-authors John Smith
# (p1, p2 as "J. Smith", p5), Ann Lee, Bo Wu, Jane Smith (not John); venues
# Nature, NeurIPS (p2 and p5), ICML; 2019-2023.  "other" is not theirs and
# "hid" is hidden.
STATS_BIB = r"""
@article{p1, author={Zhang, Qiaozhe and Smith, John and Lee, Ann}, title={P1}, journal={Nature}, year={2019}}
@inproceedings{p2, author={Smith, J. and Zhang, Q.}, title={P2},
  booktitle={Advances in Neural Information Processing Systems}, year={2021}}
@inproceedings{p3, author={Wu, Bo* and Zhang, Qiaozhe* and Smith, Jane}, title={P3},
  booktitle={Proceedings of the International Conference on Machine Learning}, year={2022}}
@misc{p4, author={Zhang, Q.}, title={P4}, howpublished={arXiv preprint}, year={2023}}
@inproceedings{p5, author={Smith, John and Zhang, Qiaozhe}, title={P5},
  booktitle={Advances in Neural Information Processing Systems}, year={2023}}
@article{other, author={Lee, Ann}, title={Not mine}, journal={Science}, year={2020}}
@article{hid, author={Zhang, Qiaozhe}, title={Hidden}, journal={Cell}, year={2018}, hidden={true}}
"""

CONF = 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\n'

CARD = """
Home
====

.. researcher:: Qiaozhe Zhang
   :photo: images/me.png
   :position: Ph.D. student
   :affiliation: Huazhong University of Science and Technology
   :aliases: Q. Zhang
   :email: qz@example.org
   :links: cv=files/cv.pdf, scholar=AbC123xyz, github=qzhang, dblp=12/3456, orcid=0000-0002-1825-0097,
           linkedin=qzhang, x=qzhang, website=https://qz.example.org, evil=javascript:alert(1)
   :stats: works, first-author, coauthors, venues, years
   :coauthors: 3

   I study *sparse* attention.

.. publication::
"""


def build(tmp_path, files, name="site", buildername="html", **overrides):
    srcdir = write_project(tmp_path / name, {"conf.py": CONF, "papers.bib": STATS_BIB, **files})
    return run_build(srcdir, buildername, **overrides)


@pytest.fixture(scope="module")
def card_site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("card")
    files = {"index.rst": CARD, "images/me.png": PNG, "files/cv.pdf": b"%PDF-1.4 cv"}
    return build(
        tmp_path, {**files, "conf.py": CONF + 'scholar_coauthors = {"Ann Lee": "https://annlee.example.org"}\n'}
    )


def test_card_html_parts(card_site):
    card = card_site.soup().select_one("div.scholar-researcher")
    assert "scholar-researcher-with-photo" in card["class"]
    photo = card.select_one(".scholar-researcher-photo img")
    assert photo["alt"] == "Qiaozhe Zhang"
    assert (card_site.outdir / photo["src"]).is_file()
    assert card.select_one(".scholar-researcher-name").get_text(strip=True) == "Qiaozhe Zhang"
    assert card.select_one(".scholar-researcher-position").get_text(strip=True) == "Ph.D. student"
    assert "Huazhong" in card.select_one(".scholar-researcher-affiliation").get_text()
    assert card.select_one(".scholar-researcher-bio em").get_text() == "sparse"


def test_a_card_without_a_photo_has_initials_in_its_place(tmp_path):
    site = build(tmp_path, {"index.rst": "Home\n====\n\n.. researcher:: Thì Lan Nguyễn\n"})
    card = site.soup().select_one("div.scholar-researcher")
    assert "scholar-researcher-with-photo" not in card["class"] and not card.select("img")
    initials = card.select_one(".scholar-researcher-photo.scholar-researcher-initials")
    # a screen reader hears the name that follows, not the letters
    assert initials.get_text(strip=True) == "TN" and initials["aria-hidden"] == "true"
    text = build(tmp_path, {"index.rst": "Home\n====\n\n.. researcher:: Thì Lan Nguyễn\n"}, "text", "text")
    assert "TN" not in (text.outdir / "index.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("colours", ["monochrome", "brand"])
def test_icon_colours_setting(tmp_path, colours):
    site = build(
        tmp_path,
        {"index.rst": "Home\n====\n\n.. researcher:: Ann Lee\n   :links: orcid=0000-0002-1825-0097, github=alee\n"},
        scholar_icon_colors=colours,
    )
    card = site.soup().select_one("div.scholar-researcher")
    assert ("scholar-icons-brand" in card["class"]) == (colours == "brand")
    # the monogram is drawn in currentColor; its brand colour waits in --scholar-brand for the brand class
    monogram = card.select_one("a.scholar-profile-orcid svg.scholar-icon-monogram")
    assert monogram.select_one("rect")["stroke"] == "currentColor" and monogram.select_one("rect")["fill"] == "none"
    assert monogram.select_one("text")["fill"] == "currentColor" and monogram.select_one("text").get_text() == "iD"
    assert monogram["style"] == "--scholar-brand: #a6ce39"
    assert site.warning_lines() == []


def test_an_unknown_icon_colours_value_warns(tmp_path):
    site = build(tmp_path, {"index.rst": "Home\n====\n\n.. researcher:: Ann Lee\n"}, scholar_icon_colors="rainbow")
    assert any("scholar_icon_colors 'rainbow' is not one of monochrome, brand" in line for line in site.warning_lines())
    assert "scholar-icons-brand" not in site.soup().select_one("div.scholar-researcher")["class"]


def test_card_links_icons_and_unsafe_link(card_site):
    card = card_site.soup().select_one("div.scholar-researcher")
    links = {
        next(c for c in a["class"] if c.startswith("scholar-profile-") and c != "scholar-profile-link"): a
        for a in card.select("a.scholar-profile-link")
    }
    assert list(links) == [
        "scholar-profile-email",
        "scholar-profile-cv",
        "scholar-profile-orcid",
        "scholar-profile-scholar",
        "scholar-profile-github",
        "scholar-profile-dblp",
        "scholar-profile-linkedin",
        "scholar-profile-x",
        "scholar-profile-website",
    ]
    assert links["scholar-profile-orcid"]["href"] == "https://orcid.org/0000-0002-1825-0097"
    assert links["scholar-profile-scholar"]["href"] == "https://scholar.google.com/citations?user=AbC123xyz"
    assert links["scholar-profile-github"]["href"] == "https://github.com/qzhang"
    assert links["scholar-profile-dblp"]["href"] == "https://dblp.org/pid/12/3456.html"
    assert links["scholar-profile-website"]["href"] == "https://qz.example.org"
    cv = links["scholar-profile-cv"]["href"]
    assert cv.startswith("_downloads/") and (card_site.outdir / cv).read_bytes() == b"%PDF-1.4 cv"
    for service, anchor in links.items():
        svg = anchor.find("svg")
        assert svg is not None and svg.get("aria-hidden") == "true", service
        assert anchor.select_one(".scholar-profile-label").get_text(strip=True)
    assert "javascript" not in str(card)
    assert any("evil link 'javascript:alert(1)'" in w for w in card_site.warning_lines("researcher"))


def test_stats_match_the_hand_count(card_site):
    stats = card_site.soup().select_one(".scholar-stats")
    values = {
        next(c for c in item["class"] if c != "scholar-stat"): item.select_one(".scholar-stat-value").get_text()
        for item in stats.select(".scholar-stat")
    }
    assert values == {
        "scholar-stat-works": "5",
        "scholar-stat-first-author": "3",
        "scholar-stat-coauthors": "4",
        "scholar-stat-venues": "3",
        "scholar-stat-years": "2019–2023",
    }
    works = stats.select_one(".scholar-stat-works").get_text()
    assert "(3 conference papers, 1 journal article, 1 preprint)" in works


def test_coauthors_most_frequent_first_with_links(card_site):
    items = card_site.soup().select(".scholar-coauthors li")
    assert [li.get_text(" ", strip=True) for li in items] == ["John Smith (3)", "Ann Lee (1)", "Jane Smith (1)"]
    assert items[1].find("a")["href"] == "https://annlee.example.org"
    assert items[0].find("a") is None


def test_person_json_ld(card_site):
    scripts = card_site.soup().find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["name"] == "Qiaozhe Zhang"
    assert data["jobTitle"] == "Ph.D. student"
    assert data["affiliation"] == {"@type": "Organization", "name": "Huazhong University of Science and Technology"}
    assert data["identifier"]["value"] == "0000-0002-1825-0097"
    assert data["url"] == "https://qz.example.org"
    assert data["sameAs"] == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://scholar.google.com/citations?user=AbC123xyz",
        "https://github.com/qzhang",
        "https://dblp.org/pid/12/3456.html",
        "https://www.linkedin.com/in/qzhang",
        "https://x.com/qzhang",
    ]
    assert card_site.soup().find("script", type="application/ld+json").parent.name == "head"


def test_page_researcher_is_highlighted_and_missing_entries_are_named(card_site):
    soup = card_site.soup()
    selves = {span.find_parent("div", class_="scholar-publication")["id"] for span in soup.select(".scholar-self")}
    assert selves == {"p1", "p2", "p3", "p4", "p5"}
    [miss] = card_site.warning_lines("researcher_missing")
    assert "index.rst:" in miss and "'Qiaozhe Zhang'" in miss and ": other " in miss


def test_card_in_latex_and_text(tmp_path):
    files = {"index.rst": CARD, "images/me.png": PNG, "files/cv.pdf": b"%PDF-1.4 cv"}
    latex = build(tmp_path, files, name="latex", buildername="latex")
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstylestrong{Qiaozhe Zhang}" in tex
    assert r"\sphinxhref{https://orcid.org/0000-0002-1825-0097}{\DUrole{scholar-profile-label}{ORCID}}" in tex
    assert r"\sphinxstylestrong{5} works" in tex
    assert r"\sphinxincludegraphics{{me}.png}" in tex
    assert "<svg" not in tex
    text = build(tmp_path, files, name="text", buildername="text").text("index.txt")
    assert "**Qiaozhe Zhang**" in text
    assert "Ph.D. student" in text
    assert "Email · CV · ORCID · Google Scholar" in text
    assert re.search(r"\*\*5\*\* works \(3 conference papers", text)
    assert "<svg" not in text


YAML = """
name: Qiaozhe Zhang
aliases: [Q. Zhang]
position: Ph.D. student
affiliation: HUST
orcid: https://orcid.org/0000-0002-1825-0097
photo: me.png
links:
  github: qzhang
  cv: cv.pdf
bio: |
  Works on *attention*. <script>alert(1)</script>

  .. raw:: html

     <script>alert(2)</script>

  `click <javascript:alert(3)>`_
"""

TOML = """
name = "Qiaozhe Zhang"
aliases = ["Q. Zhang"]
position = "Ph.D. student"
affiliation = "HUST"
orcid = "https://orcid.org/0000-0002-1825-0097"
photo = "me.png"
bio = "Works on *attention*."

[links]
github = "qzhang"
cv = "cv.pdf"
"""


def _profile(soup):
    card = soup.select_one("div.scholar-researcher")
    return {
        "name": card.select_one(".scholar-researcher-name").get_text(strip=True),
        "position": card.select_one(".scholar-researcher-position").get_text(strip=True),
        "links": [
            a["href"].split("/")[-1] if a["href"].startswith("_downloads") else a["href"] for a in card.select("a")
        ],
        "photo": card.select_one("img")["src"],
        "bio": card.select_one(".scholar-researcher-bio em").get_text(),
    }


def test_yaml_toml_and_config_agree_and_untrusted_bio_is_sanitised(tmp_path):
    shared = {"people/me.png": PNG, "people/cv.pdf": b"%PDF cv"}
    from_yaml = build(
        tmp_path,
        {**shared, "people/me.yaml": YAML, "index.rst": "Home\n====\n\n.. researcher::\n   :from: people/me.yaml\n"},
        name="yaml",
    )
    from_toml = build(
        tmp_path,
        {**shared, "people/me.toml": TOML, "index.rst": "Home\n====\n\n.. researcher::\n   :from: people/me.toml\n"},
        name="toml",
    )
    from_conf = build(
        tmp_path,
        {
            **shared,
            "people/me.yaml": YAML,
            "index.rst": "Home\n====\n\n.. researcher::\n\n.. publication::\n",
            "conf.py": CONF + 'scholar_researcher = "people/me.yaml"\n',
        },
        name="conf",
    )
    profiles = [_profile(b.soup()) for b in (from_yaml, from_toml, from_conf)]
    assert profiles[0] == profiles[1] == profiles[2]
    assert profiles[0]["links"] == ["cv.pdf", "https://orcid.org/0000-0002-1825-0097", "https://github.com/qzhang"]
    page = str(from_yaml.soup())
    assert "<script>alert" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(1)" in page  # shown as text, not run
    warnings = " ".join(from_yaml.warning_lines("researcher"))
    assert "raw markup" in warnings and "javascript:alert(3)" in warnings
    # One source of truth: the site-wide list highlights the file's aliases too.
    assert {
        s.find_parent("div", class_="scholar-publication")["id"] for s in from_conf.soup().select(".scholar-self")
    } == {"p1", "p2", "p3", "p4", "p5"}
    [miss] = from_conf.warning_lines("researcher_missing")
    assert ": other (" in miss
    assert from_toml.warning_lines() == []


def test_options_override_the_file(tmp_path):
    index = "Home\n====\n\n.. researcher::\n   :from: me.yaml\n   :position: Postdoc\n   :links: github=other\n"
    site = build(
        tmp_path,
        {
            "me.yaml": "name: Qiaozhe Zhang\nposition: Ph.D. student\nlinks:\n  github: qzhang\n  dblp: 1/2\n",
            "index.rst": index,
        },
    )
    card = site.soup().select_one("div.scholar-researcher")
    assert card.select_one(".scholar-researcher-position").get_text(strip=True) == "Postdoc"
    assert [a["href"] for a in card.select("a")] == ["https://github.com/other", "https://dblp.org/pid/1/2.html"]


def test_bad_metadata_warns_with_file_and_line(tmp_path):
    bad_yaml = "name: Qiaozhe Zhang\nposition: [unclosed\n"
    site = build(
        tmp_path,
        {"me.yaml": bad_yaml, "index.rst": "Home\n====\n\n.. researcher::\n   :from: me.yaml\n\nText after.\n"},
    )
    warnings = site.warning_lines("researcher")
    assert any(re.search(r"me\.yaml:\d+: WARNING: invalid YAML", w) for w in warnings)
    assert any("index.rst:4" in w and "left out" in w for w in warnings)
    assert "Text after." in site.soup().get_text()
    odd = build(
        tmp_path,
        {
            "index.rst": "Home\n====\n\n.. researcher:: Q Z\n   :orcid: 0000-0002-1825-0098\n   :email: not-an-email\n   :photo: missing.jpg\n"
        },
        name="odd",
    )
    text = " ".join(odd.warning_lines("researcher"))
    assert "not a valid ORCID" in text and "not an email address" in text and "'missing.jpg' does not exist" in text
    assert odd.soup().select_one(".scholar-researcher-name").get_text(strip=True) == "Q Z"


def test_json_ld_cannot_be_closed_by_a_value(tmp_path):
    index = "Home\n====\n\n.. researcher:: Eve </script><script>alert(1)</script>\n"
    site = build(tmp_path, {"index.rst": index, "papers.bib": ""})
    scripts = site.soup().find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string)["name"] == "Eve </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in site.text("index.html")


LAB_BIB = r"""
@article{ada1, author={Lovelace, Ada and Babbage, Charles}, title={Notes}, journal={J}, year={2020}}
@article{ada2, author={A. Lovelace}, title={More notes}, journal={J}, year={2021}}
@article{bab1, author={Babbage, Charles and Somerville, Mary}, title={Engines}, journal={J}, year={2019}}
@article{out1, author={Herschel, John}, title={Stars}, journal={J}, year={2018}}
"""

LAB_PAGE = """
People
======

.. grid:: 2

   .. grid-item::

      .. researcher:: Ada Lovelace
         :aliases: A. Lovelace
         :position: PI

   .. grid-item::

      .. researcher:: Charles Babbage
         :position: Postdoc

Ada's papers
------------

.. publication::
   :filter: own
   :researcher: Ada Lovelace

All lab papers
--------------

.. publication::
   :researcher: none
   :members:
"""


def test_lab_page_members_and_per_member_lists(tmp_path):
    conf = CONF.replace('"sphinx_scholar"', '"sphinx_scholar", "sphinx_design"')  # the grid is sphinx-design's
    site = build(tmp_path, {"conf.py": conf, "papers.bib": LAB_BIB, "index.rst": LAB_PAGE})
    soup = site.soup()
    assert len(soup.select(".sd-row .scholar-researcher")) == 2
    ada_list, lab_list = soup.select("div.scholar-publications")
    assert entries(ada_list) == ["ada2", "ada1"]
    assert [s.get_text() for s in ada_list.select(".scholar-self")] == ["A. Lovelace", "Ada Lovelace"]
    assert not lab_list.select(".scholar-self")
    members = {span.get_text() for span in lab_list.select(".scholar-member")}
    assert members == {"Ada Lovelace", "A. Lovelace", "Charles Babbage"}
    assert "John Herschel" not in members
    assert site.warning_lines("researcher_missing") == []
    graph = json.loads(soup.find("script", type="application/ld+json").string)["@graph"]
    assert [person["name"] for person in graph] == ["Ada Lovelace", "Charles Babbage"]


def test_the_only_researcher_is_highlighted_site_wide(tmp_path):
    files = {
        "index.rst": "Home\n====\n\n.. researcher:: Charles Babbage\n\n.. toctree::\n\n   papers\n",
        "papers.rst": "Papers\n======\n\n.. publication::\n",
        "papers.bib": LAB_BIB,
    }
    site = build(tmp_path, files)
    selves = site.soup("papers").select(".scholar-self")
    assert [s.get_text() for s in selves] == ["Charles Babbage", "Charles Babbage"]
    [miss] = site.warning_lines("researcher_missing")
    assert "papers.rst:4" in miss and "ada2, out1" in miss
    assert site.soup("papers").find("script", type="application/ld+json") is None


def test_role_filter_without_a_researcher_warns(tmp_path):
    site = build(
        tmp_path, {"papers.bib": LAB_BIB, "index.rst": "Home\n====\n\n.. publication::\n   :filter: first_author\n"}
    )
    assert any("needs a researcher" in w for w in site.warning_lines("filter"))


def test_orcid_in_the_bib_finds_other_spellings(tmp_path):
    bib = r"""
@article{wos1, author={Zhang, Q.-Z. and Li, Ping}, title={W}, journal={J}, year={2020},
  orcid-numbers={Zhang, Q.-Z./0000-0002-1825-0097 Li, Ping/0000-0001-5109-3700}}
@article{own1, author={Zhang, Qiaozhe}, title={O}, journal={J}, year={2021}}
"""
    index = "Home\n====\n\n.. researcher:: Qiaozhe Zhang\n   :orcid: 0000-0002-1825-0097\n   :stats: works\n\n.. publication::\n"
    site = build(tmp_path, {"papers.bib": bib, "index.rst": index})
    assert {s.get_text() for s in site.soup().select(".scholar-self")} == {"Q.-Z. Zhang", "Qiaozhe Zhang"}
    assert site.soup().select_one(".scholar-stat-works .scholar-stat-value").get_text() == "2"
    assert site.warning_lines("researcher_missing") == []


# -- rebuilds -------------------------------------------------------------------------


def _site(tmp_path, files):
    from test_incremental import Site

    site = Site(write_project(tmp_path / "site", {"conf.py": CONF, "papers.bib": STATS_BIB, **files}))
    site.build()
    return site


def test_stats_are_reread_when_their_entries_change(tmp_path):
    site = _site(
        tmp_path,
        {
            "index.rst": "Home\n====\n\n.. researcher:: Qiaozhe Zhang\n   :aliases: Q. Zhang\n   :stats: works\n\n.. toctree::\n\n   other\n",
            "other.rst": "Other\n=====\n\nNo profile.\n",
        },
    )
    site.edit("papers.bib", "title={Not mine}", "title={Still not mine}")
    assert site.build() == set()
    site.edit("papers.bib", "@article{other, author={Lee, Ann}", "@article{other, author={Lee, Ann and Zhang, Qiaozhe}")
    assert site.build() == {"index"}
    assert '<strong class="scholar-stat-value">6</strong>' in site.page("index")


def test_metadata_file_and_people_changes_reach_every_list(tmp_path):
    site = _site(
        tmp_path,
        {
            "conf.py": CONF + 'scholar_researcher = "me.yaml"\n',
            "me.yaml": "name: Ann Lee\n",
            "index.rst": "Home\n====\n\n.. toctree::\n\n   papers\n   people\n",
            "papers.rst": "Papers\n======\n\n.. publication::\n   :researcher: none\n   :members:\n",
            "people.rst": "People\n======\n\nNobody yet.\n",
        },
    )
    assert _members(site.page("papers")) == {"Ann Lee"}
    # The metadata file is content, not a config value: its hash decides.
    (site.srcdir / "me.yaml").write_text("name: Ann Lee\naliases: [A. Lee]\nposition: Professor\n", encoding="utf-8")
    assert "papers" in site.build()
    # A researcher declared on another page joins the members: the list is written again.
    site.edit("people.rst", "Nobody yet.", ".. researcher:: Qiaozhe Zhang\n   :aliases: Q. Zhang\n")
    assert site.build() == {"people"}
    assert _members(site.page("papers")) == {"Qiaozhe Zhang", "Qiaozhe Zhang*", "Q. Zhang", "Ann Lee"}  # * is p3's mark


def _members(html: str) -> set[str]:
    from bs4 import BeautifulSoup

    return {span.get_text() for span in BeautifulSoup(html, "html.parser").select(".scholar-member")}


def test_myst_card_equals_rest_card(tmp_path):
    rest = "Home\n====\n\n.. researcher:: Qiaozhe Zhang\n   :position: Ph.D. student\n   :links: github=qzhang\n   :stats: works\n\n   I study *sparse* attention.\n"
    myst = "# Home\n\n```{researcher} Qiaozhe Zhang\n:position: Ph.D. student\n:links: github=qzhang\n:stats: works\n\nI study *sparse* attention.\n```\n"
    conf = 'extensions = ["myst_parser", "sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\n'
    site = build(tmp_path, {"conf.py": conf, "index.rst": rest + "\n.. toctree::\n\n   md\n", "md.md": myst})
    assert site.warning_lines() == []
    assert str(site.soup().select_one("div.scholar-researcher")) == str(
        site.soup("md").select_one("div.scholar-researcher")
    )


def test_highlight_members_setting_marks_every_list(tmp_path):
    conf = CONF + "scholar_highlight_members = True\n"
    index = "Home\n====\n\n.. researcher:: Ada Lovelace\n   :aliases: A. Lovelace\n\n.. researcher:: Charles Babbage\n\n.. publication::\n   :researcher: none\n"
    site = build(tmp_path, {"conf.py": conf, "papers.bib": LAB_BIB, "index.rst": index})
    assert {s.get_text() for s in site.soup().select(".scholar-member")} == {
        "Ada Lovelace",
        "A. Lovelace",
        "Charles Babbage",
    }
    off = build(tmp_path, {"papers.bib": LAB_BIB, "index.rst": index}, name="off")
    assert not off.soup().select(".scholar-member")
