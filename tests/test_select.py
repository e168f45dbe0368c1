"""The filter language, sorting and grouping: unit tests and directive options."""

from __future__ import annotations

import pytest
from conftest import entries

from sphinx_scholar.model import Author, Publication
from sphinx_scholar.select import (
    FilterError,
    ListQuery,
    compile_filter,
    group_publications,
    parse_sort,
    select,
    sort_publications,
)


def pub(key, entry_type="article", year="2020", authors=(), **fields):
    return Publication(
        key=key,
        entry_type=entry_type,
        fields={"year": year, **fields} if year else dict(fields),
        authors=tuple(Author(text=a, given=a.split()[0], family=a.split()[-1]) for a in authors),
        editors=(),
        bibtex="",
        source="x.bib",
        line=1,
    )


class Bib(list):
    def get(self, key):
        return next((p for p in self if p.key.casefold() == key.casefold()), None)


BIB = Bib(
    [
        pub(
            "a",
            "inproceedings",
            "2021",
            ["Qiaozhe Zhang", "Wei Sun"],
            month="mar",
            title="Alpha",
            keywords="graphs, sparsity",
            selected="true",
        ),
        pub("b", "article", "2019", ["Wei Sun"], title="Beta", journal="JMLR"),
        pub("c", "inproceedings", "2021", ["Alice Smith"], month="jul", title="Gamma"),
        pub("d", "misc", "", ["Bob Jones"], title="Delta"),
        pub("e", "inproceedings", "2023", ["Qiaozhe Zhang"], title="Epsilon", hidden="true"),
    ]
)


def keys(publications):
    return [p.key for p in publications]


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("", ["c", "a", "b", "d"]),
        ('year >= 2020 and type == "inproceedings"', ["c", "a"]),
        ("year < 2020", ["b"]),
        ("not selected", ["c", "b", "d"]),
        ("selected", ["a"]),
        ('"Zhang" in author', ["a"]),
        ('"sparsity" in keywords', ["a"]),
        ('type in ["article", "misc"]', ["b", "d"]),
        ('journal == "jmlr"', ["b"]),
        ('key == "c" or key == "b"', ["c", "b"]),
        ("2019 <= year < 2021", ["b"]),
        ('title != "Alpha" and year', ["c", "b"]),
        ("nosuchfield", []),
        ("year == 2021 and month >= 5", ["c"]),
    ],
)
def test_filter_expressions(expression, expected):
    assert keys(select(BIB, ListQuery(filter=expression)).publications) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('true')",
        "year.__class__",
        "len(author)",
        "lambda: 1",
        "[x for x in author]",
        "year + 1 > 2",
        "year ==",
        "a[0]",
        "'\"Zhang\" in author'",
        'year == -"2020"',
        "year > -True",
    ],
)
def test_unsafe_or_invalid_filters_are_refused(expression):
    with pytest.raises(FilterError):
        compile_filter(expression)


def test_filter_reports_the_names_it_reads():
    assert compile_filter('year > 2000 and "x" in author and pfd').names == {"year", "author", "pfd"}


def test_default_order_is_year_month_title_descending():
    publications = [BIB[0], BIB[1], BIB[2], BIB[3]]
    assert keys(sort_publications(publications, parse_sort("-year, -month, title"))) == ["c", "a", "b", "d"]


def test_sort_ascending_and_missing_last():
    assert keys(sort_publications(list(BIB), parse_sort("year, title"))) == ["b", "a", "c", "e", "d"]
    assert keys(sort_publications(list(BIB), parse_sort("title"))) == ["a", "b", "d", "e", "c"]


def test_keys_keep_written_order_unless_sorted():
    assert keys(select(BIB, ListQuery(keys=("b", "A", "zzz"))).publications) == ["b", "a"]
    assert select(BIB, ListQuery(keys=("b", "A", "zzz"))).missing_keys == ["zzz"]
    assert keys(select(BIB, ListQuery(keys=("b", "a"), sort="title")).publications) == ["a", "b"]


def test_hidden_entries_only_when_asked_by_key():
    assert "e" not in keys(select(BIB, ListQuery()).publications)
    assert keys(select(BIB, ListQuery(keys=("e",))).publications) == ["e"]


def test_limit():
    assert keys(select(BIB, ListQuery(limit=2)).publications) == ["c", "a"]


def test_grouping():
    ordered = select(BIB, ListQuery()).publications
    assert [(g, keys(m)) for g, m in group_publications(ordered, "year")] == [
        (2021, ["c", "a"]),
        (2019, ["b"]),
        (None, ["d"]),
    ]
    assert [g for g, _ in group_publications(ordered, "type")] == ["article", "inproceedings", "misc"]
    assert group_publications(ordered, "none") == [(None, ordered)]


BIB_TEXT = """
@inproceedings{p2022, title={P}, author={Zhang, Qiaozhe}, booktitle={ICML}, year={2022}}
@article{j2020, title={J}, author={Zhang, Qiaozhe}, journal={JMLR}, year={2020}}
@inproceedings{p2019, title={Q}, author={Zhang, Qiaozhe}, booktitle={ICML}, year={2019}}
@misc{m2024, title={M}, author={Zhang, Qiaozhe}, year={2024}, eprint={2401.00001}, archiveprefix={arXiv}}
"""


def test_directive_options_together(project):
    build = project(
        BIB_TEXT,
        """
        .. publication::
           :filter: year >= 2020 and type == "inproceedings"
           :group-by: year

        .. publication::
           :group-by: type
           :sort: year
           :limit: 3
        """,
    )
    soup = build.soup()
    first = soup.select('div.scholar-publications[data-scholar-list="scholar-list-0"]')
    assert [e for listing in first for e in entries(listing)] == ["p2022"]
    groups = soup.select("section.scholar-group-type")
    assert [g.find("h2").get_text().rstrip("¶") for g in groups] == ["Journal articles", "Conference papers"]
    assert [entries(g) for g in groups] == [["j2020"], ["p2019", "p2022-2"]]
    assert not build.warning_lines()


def test_invalid_filter_warns_with_location_and_build_goes_on(project):
    build = project(BIB_TEXT, ".. publication::\n   :filter: year >>= 2\n\n.. publication:: j2020\n")
    [warning] = build.warning_lines("filter")
    assert "index.rst:4" in warning and "invalid filter" in warning
    assert entries(build.soup()) == ["j2020"]


def test_unknown_filter_field_warns(project):
    build = project(BIB_TEXT, ".. publication::\n   :filter: pfd\n")
    [warning] = build.warning_lines("filter")
    assert "pfd" in warning and "no entry has" in warning
