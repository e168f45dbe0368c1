"""Publication lists that scale: grouping, filters, numbering, counts, roles and
cross-references, on a fixture bib with known answers."""

from __future__ import annotations

import io

import pytest
from conftest import CONF, entries

BIB = r"""
@article{a2024, title={Alpha: A Study of Graphs}, author={Zhang*, Qiaozhe and Sun*, Wei}, journal={Journal of Machine Learning Research},
  year={2024}, month={mar}, keywords={graphs, sparsity}, code={https://example.org/a}}
@inproceedings{b2023, title={Beta}, author={Sun, Wei and Zhang†, Qiaozhe}, booktitle={Advances in Neural Information Processing Systems},
  year={2023}, month={dec}, keywords={graphs}}
@inproceedings{c2023, title={Gamma}, author={Li, Ping and Zhang, Qiaozhe and Sun, Wei}, booktitle={International Conference on Machine Learning},
  year={2023}, month={jul}}
@article{d2020, title={Delta}, author={Zhang, Qiaozhe}, journal={IEEE Transactions on Pattern Analysis and Machine Intelligence}, year={2020},
  keywords={vision}}
@misc{e2025, title={Epsilon}, author={Sun, Wei and Li, Ping}, year={2025}, eprint={2501.00001}, archiveprefix={arXiv}}
"""


def ids(soup):
    return entries(soup)


def heading(section):
    return section.find(["h2", "h3", "h4", "h5"]).get_text().rstrip("¶")


def test_two_level_groups_are_sections_in_the_table_of_contents(project):
    build = project(BIB, "Publications\n------------\n\n.. publication::\n   :group-by: type, year\n")
    soup = build.soup()
    outer = soup.select("section.scholar-group-type")
    assert [heading(s) for s in outer] == ["Journal articles", "Conference papers", "Preprints"]
    assert [s["id"] for s in outer] == ["type-article", "type-inproceedings", "type-preprint"]
    inner = outer[1].select("section.scholar-group-year")
    assert [s["id"] for s in inner] == ["type-inproceedings-year-2023"]
    assert ids(outer[1]) == ["b2023", "c2023"]
    toc = build.app.env.tocs["index"].astext()
    assert "Journal articles" in toc and "2024" in toc and "Preprints" in toc


def test_group_by_venue_and_tag(project):
    soup = project(BIB, ".. publication::\n   :group-by: tag\n").soup()
    groups = soup.select("section.scholar-group-tag")
    assert [heading(g) for g in groups] == ["graphs", "sparsity", "vision", "Untagged"]
    assert ids(groups[0]) == ["a2024", "b2023"]
    assert ids(groups[1]) == ["a2024-2"]  # in every group of its tags
    venues = project(BIB, ".. publication::\n   :group-by: venue\n").soup().select("section.scholar-group-venue")
    assert [heading(g) for g in venues] == ["Preprint", "JMLR", "NeurIPS", "ICML", "TPAMI"]


def test_type_names_and_order_from_config(project):
    conf = (
        CONF
        + 'scholar_type_names = {"inproceedings": "Refereed conference papers"}\nscholar_type_order = ["preprint", "inproceedings"]\n'
    )
    soup = project(BIB, ".. publication::\n   :group-by: type\n", conf=conf).soup()
    headings = [heading(s) for s in soup.select("section.scholar-group-type")]
    assert headings == ["Preprints", "Refereed conference papers", "Journal articles"]


def test_groups_inside_a_body_element_become_rubrics(project):
    soup = project(BIB, ".. note::\n\n   .. publication::\n      :group-by: year\n").soup()
    assert not soup.select("section.scholar-group")
    assert [r.get_text() for r in soup.select("p.rubric.scholar-group")] == ["2025", "2024", "2023", "2020"]
    assert soup.select_one("p.rubric#year-2024")


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("first_author", ["a2024", "d2020"]),  # a2024: sharing first authorship (*)
        ("last_author", ["b2023"]),
        ("equal_contribution", ["a2024"]),
        ("corresponding", ["b2023"]),
        ("has_code", ["a2024"]),
        ('tag in ["vision", "sparsity"]', ["a2024", "d2020"]),
        ('matches(title, "^(alpha|gamma)")', ["a2024", "c2023"]),
        ('venue == "NeurIPS"', ["b2023"]),
        ('kind == "preprint" or year < 2021', ["e2025", "d2020"]),
        ("not first_author and year >= 2023", ["e2025", "b2023", "c2023"]),
    ],
)
def test_filters(project, expression, expected):
    build = project(BIB, f".. publication::\n   :filter: {expression}\n")
    assert ids(build.soup()) == expected
    assert not build.warning_lines()


def test_numbering_offset_limit_and_count(project):
    soup = project(
        BIB,
        ".. publication::\n   :numbered: reverse\n   :count:\n\n"
        ".. publication::\n   :numbered:\n   :offset: 1\n   :limit: 2\n",
    ).soup()
    first, second = soup.select("div.scholar-publications")
    assert [n.get_text() for n in first.select(".scholar-number")] == ["[5]", "[4]", "[3]", "[2]", "[1]"]
    assert soup.select_one("p.scholar-count").get_text() == "5 publications"
    assert [e["id"] for e in second.select(".scholar-publication")] == ["a2024-2", "b2023-2"]
    assert [n.get_text() for n in second.select(".scholar-number")] == ["[1]", "[2]"]


def test_counts_in_group_headings(project):
    soup = project(BIB, ".. publication::\n   :group-by: year\n   :count:\n").soup()
    assert [heading(s) for s in soup.select("section.scholar-group")] == [
        "2025 (1)",
        "2024 (1)",
        "2023 (2)",
        "2020 (1)",
    ]


def test_legend_for_contribution_marks(project):
    soup = project(BIB, ".. publication:: a2024 b2023\n\n.. publication:: c2023\n").soup()
    legends = soup.select("p.scholar-legend")
    assert [legend.get_text() for legend in legends] == ["* equal contribution; † corresponding author"]


def test_pubcount_role(project):
    build = project(
        BIB,
        "I wrote :pubcount:`all` papers, :pubcount:`first_author` as first author,"
        " :pubcount:`year >= 2023` recently.\n",
    )
    counts = [c.get_text() for c in build.soup().select("span.scholar-pubcount")]
    assert counts == ["5", "2", "4"]


def test_pub_role_links_to_the_full_list_with_a_tooltip(project):
    files = {
        "selected.rst": "Selected\n========\n\n.. publication:: a2024\n",
        "all.rst": "All\n===\n\n.. publication::\n",
        "news.rst": "News\n====\n\nRead :pub:`a2024`, or :pub:`the beta paper <b2023>`; :pub:`nosuchkey`.\n",
    }
    index = ".. toctree::\n\n   selected\n   all\n   news\n"
    build = project(BIB, index, files=files)
    soup = build.soup("news")
    links = soup.select("a.scholar-pub-ref")
    assert [a.get_text() for a in links] == ["Alpha", "the beta paper"]
    assert [a["href"] for a in links] == ["all.html#a2024", "all.html#b2023"]
    assert (
        links[0]["title"]
        == "Qiaozhe Zhang, Wei Sun. Alpha: A Study of Graphs. Journal of Machine Learning Research. 2024"
    )
    [warning] = build.warning_lines("unknown_key")
    assert "news.rst:4" in warning and "'nosuchkey'" in warning


def test_listed_entries_are_in_the_inventory(project):
    from sphinx.util.inventory import InventoryFile

    build = project(BIB.replace("d2020", "D2020"), ".. publication:: a2024 D2020\n")
    with open(build.outdir / "objects.inv", "rb") as handle:
        inventory = InventoryFile.load(io.BytesIO(handle.read()), "https://example.org", lambda *a: "/".join(a))
    data = inventory.data if hasattr(inventory, "data") else inventory
    objects = data["scholar:pub"]
    assert set(objects) == {"a2024", "D2020"}  # keys as written
    item = objects["a2024"]
    location = item.uri if hasattr(item, "uri") else item[2]
    assert location.endswith("index.html#a2024")


def test_unknown_filter_field_with_roles_warns(project):
    build = project(BIB, ".. publication::\n   :filter: first_autor\n")
    [warning] = build.warning_lines("filter")
    assert "first_autor" in warning


def test_grouping_errors_warn(project):
    build = project(BIB, ".. publication::\n   :group-by: year, type, tag\n")
    [warning] = build.warning_lines("filter")
    assert "at most two levels" in warning


def test_labels_go_through_sphinx_translations(project):
    soup = project(BIB, ".. publication::\n   :group-by: type\n   :count:\n", conf=CONF + 'language = "de"\n').soup()
    headings = [heading(s) for s in soup.select("section.scholar-group-type")]
    assert headings == ["Zeitschriftenartikel (2)", "Konferenzbeiträge (2)", "Preprints (1)"]
    assert soup.select_one("details.scholar-bibtex summary").get_text() == "BibTeX"
    assert soup.select_one("p.scholar-legend").get_text() == "* gleicher Beitrag; † korrespondierende Autorschaft"


def test_long_steps_report_progress(project):
    entries_text = "\n".join(
        f"@article{{k{i:04d}, title={{T{i}}}, author={{Zhang, Qiaozhe}}, journal={{J}}, year={{2000}}}}"
        for i in range(600)
    )
    build = project(entries_text)
    assert "[scholar] reading 1 bib file(s)... 600 entries in" in build.status
    assert "[scholar] rendering 600 entries for index" in build.status
