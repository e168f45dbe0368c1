"""The three layouts and author truncation."""

from __future__ import annotations

import pytest
from conftest import entries

BIB = r"""
@inproceedings{zhang2024sparse,
  title     = {Sparse Models},
  author    = {Zhang, Qiaozhe and Sun, Wei},
  booktitle = {Advances in Neural Information Processing Systems},
  year      = {2024},
  pages     = {1--9},
  abstract  = {An abstract.},
  arxiv     = {2401.00001},
  code      = {https://github.com/example/sparse},
  slides    = {https://example.org/slides.pdf},
}
@article{big2020,
  title   = {A Collaboration},
  author  = {A1, B and A2, B and A3, B and A4, B and A5, B and A6, B and Zhang, Qiaozhe and A8, B},
  journal = {Physical Review Letters},
  volume  = {12},
  number  = {3},
  pages   = {100--110},
  year    = {2020},
}
"""


def test_badges_layout_is_default(project):
    soup = project(BIB).soup()
    item = soup.find(id="zhang2024sparse")
    assert "scholar-layout-badges" in soup.select_one(".scholar-publications")["class"]
    assert item.select_one(".scholar-title > .scholar-venue-badge").get_text() == "NeurIPS 2024"
    actions = item.select_one(".scholar-actions")
    assert [a.get_text() for a in actions.select(".scholar-links a.scholar-link-badge")] == ["arXiv", "Code", "Slides"]
    assert [d.summary.get_text() for d in actions.find_all("details")] == ["Abstract", "BibTeX"]


def test_classic_layout(project):
    soup = project(BIB, ".. publication:: zhang2024sparse big2020\n   :layout: classic\n").soup()
    item = soup.find(id="zhang2024sparse")
    parts = [p["class"][0] for p in item.find_all("p", recursive=False)]
    assert parts == ["scholar-title", "scholar-links", "scholar-authors", "scholar-venue"]
    assert item.select_one(".scholar-links").get_text() == "[arXiv] [Code] [Slides]"
    assert item.select_one("details.scholar-abstract").summary.get_text() == "Brief introduction"
    assert item.select_one(".scholar-venue-badge") is None
    assert (
        item.select_one(".scholar-venue").get_text()
        == "In Advances in Neural Information Processing Systems, pages 1–9, 2024"
    )
    article = soup.find(id="big2020")
    assert article.select_one(".scholar-venue").get_text() == "Physical Review Letters, 12(3):100–110, 2020"


def test_compact_layout(project):
    soup = project(BIB, ".. publication::\n   :layout: compact\n").soup()
    assert entries(soup) == ["zhang2024sparse", "big2020"]
    item = soup.find(id="zhang2024sparse")
    assert item.select_one(".scholar-label").get_text() == "NeurIPS 2024 · Conference paper"
    assert len(item.find_all("p")) == 2
    assert item.find("details") is None
    assert soup.find(id="big2020").select_one(".scholar-label").get_text() == "PRL 2020 · Journal article"


def test_layout_from_config(project):
    conf = 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\nscholar_layout = "compact"\n'
    soup = project(BIB, conf=conf).soup()
    assert "scholar-layout-compact" in soup.select_one(".scholar-publications")["class"]


def test_max_authors_never_hides_the_researcher(project):
    soup = project(BIB, ".. publication:: big2020\n   :max-authors: 3\n").soup()
    item = soup.find(id="big2020")
    visible = item.find("p", class_="scholar-authors", recursive=False)
    names = [a.get_text() for a in visible.select(".scholar-author")]
    assert names == ["B A1", "B A2", "B A3", "Qiaozhe Zhang"]
    assert visible.select_one(".scholar-self")
    assert visible.get_text().count("…") == 2
    full = item.select_one("details.scholar-authors-all")
    assert full.summary.get_text() == "all 8 authors"
    assert len(full.select(".scholar-author")) == 8


def test_no_abstract_and_no_bibtex_options(project):
    soup = project(BIB, ".. publication:: zhang2024sparse\n   :no-abstract:\n   :no-bibtex:\n").soup()
    assert soup.find(id="zhang2024sparse").find("details") is None


def test_note_additional_info_editors_and_identifier_links(project):
    bib = r"""
@inproceedings{n2021, title={Noted}, author={Zhang, Qiaozhe}, booktitle={B}, year={2021}, note={Oral presentation},
  hal={hal-01234567}, supp={https://example.org/supp.zip}, video={https://example.org/v}, blog={https://example.org/b},
  website={https://example.org/w}}
@book{e2020, title={Edited Volume}, editor={Zhang, Qiaozhe and Sun, Wei}, publisher={Springer}, year={2020},
  additional_info={. Invited chapter}}
"""
    soup = project(bib).soup()
    noted = soup.find(id="n2021")
    assert noted.select_one(".scholar-note").get_text() == "Oral presentation"
    links = {a.get_text(): a["href"] for a in noted.select(".scholar-links a")}
    assert links == {
        "Supp": "https://example.org/supp.zip",
        "Video": "https://example.org/v",
        "Blog": "https://example.org/b",
        "Website": "https://example.org/w",
        "HAL": "https://hal.science/hal-01234567",
    }
    edited = soup.find(id="e2020")
    assert edited.select_one(".scholar-authors").get_text() == "Qiaozhe Zhang and Wei Sun (eds.)"
    assert edited.select_one(".scholar-note").get_text() == "Invited chapter"
    assert edited.select_one(".scholar-venue").get_text() == "Springer, 2020"


ET_AL_BIB = r"""
@article{others2021, title={Insertions?}, author={Lee, Ann and Kim, Bo and others}, journal={J. Appl. Phys.}, year={2021}}
"""


def test_et_al_is_followed_by_one_full_stop_in_compact_entries_and_feeds(project):
    conf = (
        'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\n'
        'scholar_feed = "publications.atom"\nhtml_baseurl = "https://example.org/"\n'
    )
    build = project(ET_AL_BIB, ".. publication::\n   :layout: compact\n", conf=conf)
    line = build.soup().find(id="others2021").select_one(".scholar-details-line").get_text()
    assert "Ann Lee, Bo Kim, et al. J. Appl. Phys." in line and ".." not in line
    feed = build.text("publications.atom")
    assert "Ann Lee, Bo Kim, et al. Insertions? J. Appl. Phys. 2021" in feed
    assert ".." not in feed and "?." not in feed


@pytest.mark.parametrize("layout", ["badges", "classic", "compact"])
@pytest.mark.parametrize("grouped", [False, True])
def test_download_this_list_comes_before_the_list_in_every_layout(project, layout, grouped):
    bib = "".join(
        f"@article{{k{year}, title={{T{year}}}, author={{Zhang, Q.}}, journal={{J}}, year={{{year}}}}}\n"
        for year in (2022, 2023, 2024)
    )
    index = f".. publication::\n   :layout: {layout}\n" + ("   :group-by: year\n" if grouped else "")
    soup = project(bib, index=index).soup()
    parts = soup.select("p.scholar-downloads, div.scholar-publication")
    assert parts[0].name == "p" and len(soup.select("p.scholar-downloads")) == 1
