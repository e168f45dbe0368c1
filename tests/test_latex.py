"""LaTeX field text -> docutils nodes and -> plain text (pure functions)."""

from __future__ import annotations

import pytest
from docutils import nodes

from sphinx_scholar.bib.latex import latex_to_nodes, latex_to_text


def as_pseudo(text):
    paragraph = nodes.paragraph("", "", *latex_to_nodes(text))
    return paragraph


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"R{\'e}nyi", "Rényi"),
        (r"{\"U}ber die W{\"a}rme", "Über die Wärme"),
        (r"Mart{\'\i}nez", "Martínez"),
        (r"{B}ayesian {Deep} Learning", "Bayesian Deep Learning"),
        ("pages 1--10", "pages 1–10"),
        ("a---b", "a—b"),
        (r"50\% \& more", "50% & more"),
        (r"Metal\textendash Organic", "Metal–Organic"),
        ("Schrödinger", "Schrödinger"),
        ("plain text", "plain text"),
        ("100% sure", "100% sure"),
    ],
)
def test_text(latex, text):
    assert latex_to_text(latex) == text
    assert as_pseudo(latex).astext() == text


def test_emphasis_and_bold_become_nodes():
    paragraph = as_pseudo(r"A \emph{deep} and \textbf{bold} \textit{claim}")
    assert [type(n).__name__ for n in paragraph.children] == ["Text", "emphasis", "Text", "strong", "Text", "emphasis"]
    assert paragraph.children[1].astext() == "deep"


def test_math_becomes_math_nodes_with_source():
    paragraph = as_pseudo(r"Bounds for $\alpha$-divergences and \(\frac{1}{2}\)")
    maths = list(paragraph.findall(nodes.math))
    assert [m.astext() for m in maths] == [r"\alpha", r"\frac{1}{2}"]


def test_dblp_math_and_mbox():
    paragraph = as_pseudo(r"lambda\({}^{\mbox{-2}}\) and {\(\lambda\)}-calculi")
    maths = [m.astext() for m in paragraph.findall(nodes.math)]
    assert maths == [r"{}^{\mbox{-2}}", r"\lambda"]
    assert paragraph.astext().endswith("-calculi")


def test_url_macro_is_a_safe_link_only():
    good = as_pseudo(r"see \url{https://example.org/x}")
    assert [r["refuri"] for r in good.findall(nodes.reference)] == ["https://example.org/x"]
    bad = as_pseudo(r"see \href{javascript:alert(1)}{here}")
    assert not list(bad.findall(nodes.reference))
    assert bad.astext() == "see here"


def test_markup_stays_text():
    paragraph = as_pseudo('<img src=x onerror="alert(1)">')
    assert isinstance(paragraph.children[0], nodes.Text)
    assert paragraph.astext() == '<img src=x onerror="alert(1)">'


def test_unbalanced_input_does_not_crash():
    assert "unbalanced" in latex_to_text("unbalanced {x")
    assert as_pseudo(r"\emph{open").astext()


def test_math_as_plain_text():
    assert latex_to_text(r"$\alpha$-entropy") == "α-entropy"


def test_pylatexenc_reads_only_from_the_first_latex_character(monkeypatch):
    from sphinx_scholar.bib import latex

    walked = []
    walk = latex._walk
    monkeypatch.setattr(latex, "_walk", lambda text: walked.append(text) or walk(text))
    monkeypatch.setattr(latex, "_SPECS", {})
    assert latex_to_text(r"A long plain title about {DNA} and R{\'e}nyi") == "A long plain title about DNA and Rényi"
    assert walked == [r"{DNA} and R{\'e}nyi"]
    assert as_pseudo(r"Plain words, then \emph{this}").astext() == "Plain words, then this"
    assert walked[-1] == r"\emph{this}"
