"""Every kind of bib problem is reported at its entry's line, and nothing is lost."""

from __future__ import annotations

import re

import pytest
from conftest import CONF, assert_check_reports_what_the_build_reports, entries, run_build, write_project

from sphinx_scholar.cli import main as cli

CASES = {
    # (an entry with no title is left out: test_bad_input.py)
    "missing_field": ("@article{x2020, title={X}, journal={J}}", "entry 'x2020' has no year, author"),
    "doi": (
        "@article{x2020, title={X}, author={A, B}, year={2020}, doi={not-a-doi}}",
        "doi = 'not-a-doi' in entry 'x2020' is not a DOI",
    ),
    "arxiv": (
        "@misc{x2020, title={X}, author={A, B}, year={2020}, arxiv={abc}}",
        "arxiv = 'abc' in entry 'x2020' is not an arXiv id",
    ),
    "field_typo": (
        "@article{x2020, title={X}, author={A, B}, year={2020}, pfd={x.pdf}}",
        "unknown field 'pfd' (did you mean 'pdf'?)",
    ),
    "entry_type": (
        "@inproceedigs{x2020, title={X}, author={A, B}, year={2020}}",
        "unknown type @inproceedigs (did you mean @inproceedings?)",
    ),
    "latex": (
        "@article{x2020, title={A \\weirdmacro{} title}, author={A, B}, year={2020}}",
        "LaTeX that cannot be rendered: \\weirdmacro",
    ),
    "url": (
        "@article{x2020, title={X}, author={A, B}, year={2020}, code={data:text/html,hi}}",
        "code = 'data:text/html,hi' in entry 'x2020' is not an http",
    ),
    "crossref": (
        "@article{x2020, title={X}, author={A, B}, year={2020}, crossref={nope}}",
        "crossref to unknown key 'nope'",
    ),
    "macro": (
        "@article{x2020, title={X}, author={A, B}, year={2020}, journal=nomacro}",
        "undefined @string macro 'nomacro'",
    ),
    "duplicate_field": (
        "@article{x2020, title={X}, title={Y}, author={A, B}, year={2020}}",
        "duplicate title field; kept the first",
    ),
}


@pytest.mark.parametrize("subtype", sorted(CASES))
def test_each_problem_is_located_and_the_entry_kept(project, subtype):
    entry, message = CASES[subtype]
    build = project("% first line\n\n" + entry + "\n")
    [warning] = build.warning_lines(subtype)
    assert "papers.bib:3: WARNING:" in warning, warning
    assert message in warning, warning
    assert entries(build.soup()) == ["x2020"]


def test_commented_out_entry_is_listed_and_reported(project):
    bib = "%@article{old2019, title={Old}, author={A, B}, year={2019}}\n@article{new2020, title={New}, author={A, B}, year={2020}}\n"
    build = project(bib)
    [warning] = build.warning_lines("commented_entry")
    assert "papers.bib:1:" in warning and "'old2019'" in warning
    assert entries(build.soup()) == ["new2020", "old2019"]


def test_entry_swallowed_by_an_unclosed_brace_is_reported(project):
    bib = (
        "@article{open2020, title={Unclosed {brace, author={A, B}, year={2020}}\n\n"
        "@article{swallowed2021, title={Swallowed}, author={A, B}, year={2021}}\n"
    )
    build = project(bib)
    assert build.warning_lines("syntax")
    [lost] = build.warning_lines("lost_entry")
    assert "papers.bib:3:" in lost and "'swallowed2021'" in lost


def test_comma_separated_authors_are_read_as_names(project):
    bib = "@article{x2020, title={X}, author={Qiaozhe Zhang, Wei Li, Xin Sun}, year={2020}}\n"
    build = project(bib)
    [warning] = build.warning_lines("names")
    assert "papers.bib:1:" in warning and "read as 3 names" in warning
    soup = build.soup()
    assert [a.get_text() for a in soup.select(".scholar-author")] == ["Qiaozhe Zhang", "Wei Li", "Xin Sun"]
    assert soup.select_one(".scholar-self").get_text() == "Qiaozhe Zhang"


def test_macros_and_crossrefs_span_files_in_order(project):
    conf = CONF.replace('["papers.bib"]', '["strings.bib", "papers.bib", "proceedings.bib"]')
    build = project(
        "@inproceedings{x2020, title={X}, author={A, B}, crossref={proc2020}}\n",
        conf=conf,
        files={
            "strings.bib": "@string{icml = {International Conference on Machine Learning}}\n",
            "proceedings.bib": "@proceedings{proc2020, title={ICML 2020}, booktitle=icml, year={2020}}\n",
        },
    )
    assert not build.warning_lines()
    venue = build.soup().find(id="x2020").select_one(".scholar-venue").get_text()
    assert venue == "In International Conference on Machine Learning, 2020"


def test_strict_mode_stops_the_build(tmp_path):
    from sphinx.errors import SphinxError

    srcdir = write_project(
        tmp_path / "strict",
        {
            "conf.py": CONF + "scholar_strict = True\n",
            "papers.bib": "@article{x2020, title={X}, year={2020}, doi={nope}}\n",
            "index.rst": "T\n=\n\n.. publication::\n",
        },
    )
    with pytest.raises(SphinxError, match="scholar_strict: 2 problem"):
        run_build(srcdir)


def test_check_command(tmp_path, capsys):
    good = tmp_path / "good.bib"
    good.write_text("@article{x2020, title={X}, author={A, B}, journal={J}, year={2020}}\n", encoding="utf-8")
    assert cli(["check", str(good)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "1 entries, 0 errors, 0 warnings" in out.err

    advice = tmp_path / "advice.bib"
    advice.write_text("@article{x2020, title={X}, year={2020}, pdf={papers/x.pdf}}\n", encoding="utf-8")
    assert cli(["check", str(advice)]) == 0
    assert cli(["check", "--strict", str(advice)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(
        re.search(r"advice\.bib:1: warning: entry 'x2020' has no author \[scholar\.missing_field\]", line)
        for line in lines
    )
    assert any("[scholar.local_file]" in line and "papers/x.pdf" in line for line in lines)

    broken = tmp_path / "broken.bib"
    broken.write_text("@article{x2020, title={X} year={2020}}\n@article{x2020, title={Y}}\n", encoding="utf-8")
    assert cli(["check", "-q", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "broken.bib:1: error: BibTeX syntax error in entry 'x2020'" in out
    assert "broken.bib:2: error: duplicate key 'x2020'" in out

    assert cli(["check", str(tmp_path / "missing.bib")]) == 1


def test_check_refuses_files_outside_the_bib_folder_as_the_build_does(tmp_path, capsys):
    (tmp_path / "outside.pdf").write_text("secret", encoding="utf-8")
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "papers").mkdir()
    (folder / "papers" / "paper.pdf").write_text("ours", encoding="utf-8")
    (folder / "papers" / ".draft.pdf").write_text("hidden", encoding="utf-8")
    bib = folder / "papers.bib"
    bib.write_text(
        "@article{a2020, title={A}, author={A, B}, year={2020}, pdf={papers/paper.pdf}}\n"
        "@article{b2020, title={B}, author={A, B}, year={2020}, pdf={../outside.pdf}}\n"
        "@article{c2020, title={C}, author={A, B}, year={2020}, pdf={%2e%2e/outside.pdf}}\n"
        "@article{d2020, title={D}, author={A, B}, year={2020}, pdf={papers/.draft.pdf}}\n",
        encoding="utf-8",
    )
    cli(["check", str(bib)])
    lines = [line for line in capsys.readouterr().out.splitlines() if "[scholar.local_file]" in line]
    assert not any("'a2020'" in line for line in lines)
    for key, line_number, reason in (("b2020", 2, "outside"), ("c2020", 3, "outside"), ("d2020", 4, "hidden")):
        [line] = [line for line in lines if f"'{key}'" in line]
        assert f"papers.bib:{line_number}:" in line and "is not published" in line and reason in line


def test_check_and_the_build_report_the_same_problems(tmp_path, capsys):
    bib = (
        "@article{a2020, title={A}, author={Zhang, Q.}, journal={J}, year={2020}, pdf={papers/none.pdf}}\n"
        "@article{b2020, title={B}, author={Zhang, Q.}, journal={J}, year={2020}, preview={none.png}}\n"
        "@article{c2020, title={C}, author={Zhang, Q.}, journal={J}, year={2020}, code={javascript:alert(1)}}\n"
        "@article{d2020, title={D}, author={Zhang, Q., and Li, W.}, journal={J}, year={2020}, abstrcat={x}}\n"
        "@article{e2020, title={E}, journal={J}, year={2020}, preview={https://example.org/e.png}}\n"
    )
    srcdir = write_project(tmp_path / "site", {"conf.py": CONF, "papers.bib": bib, "index.rst": ".. publication::\n"})
    build = run_build(srcdir)
    assert {"local_file", "url", "names", "field_typo", "missing_field"} <= {
        line.rsplit("[scholar.", 1)[-1].split("]")[0] for line in build.warning_lines()
    }
    assert_check_reports_what_the_build_reports(build, srcdir / "papers.bib", srcdir)
