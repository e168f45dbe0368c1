"""LaTeX field text -> docutils nodes and -> plain text (pure functions)."""

from __future__ import annotations

import pytest
from docutils import nodes

from sphinx_scholar.bib.latex import latex_to_nodes, latex_to_text
from sphinx_scholar.bib.mathml import bib_math


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


def test_math_becomes_math_nodes_with_source_and_a_unicode_reading():
    paragraph = as_pseudo(r"Bounds for $\alpha$-divergences and \(\frac{1}{2}\)")
    maths = list(paragraph.findall(bib_math))
    assert [m["latex"] for m in maths] == [r"\alpha", r"\frac{1}{2}"]
    assert [m.astext() for m in maths] == ["α", "1/2"]
    assert not list(paragraph.findall(nodes.math))  # nothing for MathJax to pick up


def test_dblp_math_and_mbox():
    paragraph = as_pseudo(r"lambda\({}^{\mbox{-2}}\) and {\(\lambda\)}-calculi")
    maths = [m["latex"] for m in paragraph.findall(bib_math)]
    assert maths == [r"{}^{\mbox{-2}}", r"\lambda"]
    assert paragraph.astext() == "lambda⁻² and λ-calculi"


@pytest.mark.parametrize(
    "source,text",
    [
        (r"#NC\({}^{\mbox{1}}\)", "#NC¹"),
        (r"AC\({}^{\mbox{0}}\) circuits", "AC⁰ circuits"),
        (r"in $O(n^2)$ time", "in O(n²) time"),
        (r"$\mathcal{O}(n \log n)$ sorting", "𝒪(n log n) sorting"),
        (r"$x_i^{k+1}$", "xᵢ^(k+1)"),
        (r"$e^{i\pi}$", "e^(iπ)"),
        (r"$\sqrt{2}$-approximation", "√2-approximation"),
        # APS's TeX: \ensuremath and \ifmmode ... \else ... \fi inside maths, braces inside \text
        (r"$\ensuremath{\beta}\mathrm{\text{\ensuremath{-}}}{\mathrm{Ba}}_{8}$", "β-Ba₈"),
        (r"$3\ifmmode\times\else\texttimes\fi{}{10}^{5}$", "3×10⁵"),
    ],
)
def test_the_plain_text_of_maths_keeps_every_character(source, text):
    assert latex_to_text(source) == text


def test_math_html_is_mathml_and_never_markup_from_the_tex():
    from sphinx_scholar.bib.mathml import mathml, mathml_problem

    assert mathml(r"\alpha").startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    # latex2mathml passes \text's markup through; nh3 keeps only MathML
    hostile = mathml(r"x + \text{<script>alert(1)</script>}")
    assert hostile is not None and "<mi>x</mi>" in hostile and "<script" not in hostile and "alert" not in hostile
    # markup that is not even well-formed gets no MathML at all (the HTML writer escapes the text)
    assert mathml(r"\text{<img src=x onerror=alert(1)>}") is None
    # a macro with no MathML form is not written as TeX text: no MathML, and a reason
    assert mathml(r"\badmacro{x}") is None
    assert "\\badmacro" in mathml_problem(r"\badmacro{x}")


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


@pytest.mark.parametrize(
    "source,text",
    [
        (r"{\copyright} 2024 ACM", "© 2024 ACM"),
        (r"\S 3 and \P 2", "§3 and ¶2"),
        (r"\textcopyright\ \texteuro 5", "© €5"),
        (r"\enquote{divide-and-conquer} sorting", "“divide-and-conquer” sorting"),
        (r"20\textdegree C, \textmu m, it\textquoteright s", "20°C, µm, it’s"),
    ],
)
def test_standard_text_macros_render(source, text):
    assert latex_to_text(source) == text
    assert "\\" not in "".join(node.astext() for node in latex_to_nodes(source))


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


@pytest.mark.parametrize(
    "source, text, unknown",
    [
        # unknown commands: never the backslash, never glued to the next word
        (r"The \rpackage{irace} Package", "The irace Package", ["rpackage"]),
        (r"genus \texit{Cataglyphis} (F.)", "genus Cataglyphis (F.)", ["texit"]),
        (r"\Lukasz Kaiser", "Łukasz Kaiser", ["Lukasz"]),
        (r"A \MaxMin{} System", "A MaxMin System", ["MaxMin"]),
        # old-style declarations style the rest of their group
        (r"Using {\em uh} and {\bf um}", "Using uh and um", []),
        # biblatex's punctuation commands, as DBLP keeps them
        (r"CoRR, abs\addslash 2102\addbdot 01969", "CoRR, abs/2102.01969", []),
        (r"Set\hyphen Theoretic", "Set-Theoretic", []),
        (r"Ji\v{r}\'\i\@ Navr\'atil", "Jiří Navrátil", []),
        # a percent sign is text in BibTeX, and what follows it is still read
        (r"the 50% Doped $x_{2}$ phase", "the 50% Doped x₂ phase", []),
    ],
)
def test_commands_degrade_to_text(source, text, unknown):
    from sphinx_scholar.bib.latex import unrenderable_commands

    assert latex_to_text(source) == text
    assert "".join(node.astext() for node in latex_to_nodes(source)) == text
    assert unrenderable_commands(source) == unknown


def test_old_style_declarations_become_nodes():
    made = latex_to_nodes(r"Using {\em uh} and {\bf um}")
    assert [type(node).__name__ for node in made] == ["Text", "emphasis", "Text", "strong"]


@pytest.mark.parametrize(
    "exported, text, repair",
    [
        (r"a 242-{\$}\backslashsigma{\$} violation", "a 242-σ violation", "escaped maths"),
        (r"in \$\textbackslash alpha\_\{1\}\$ form", "in α₁ form", "escaped maths"),
        (r"Quantum {\textless}i{\textgreater}in situ{\textless}/i{\textgreater}", "Quantum in situ", "HTML tags"),
        (r"An \ emph{entangled} source", "An entangled source", "before a command"),
        (r"Pr$_{text{7}}$ states", "Pr₇ states", "lost its backslash"),
        (r"J{\"\{o}}rg", "Jörg", "escaped brace"),
    ],
)
def test_exporters_escaping_is_read_back(exported, text, repair):
    from sphinx_scholar.bib.latex import repair_exported_latex

    repaired, what = repair_exported_latex(exported)
    assert latex_to_text(repaired) == text
    assert any(repair in item for item in what)


def test_dollars_written_as_text_stay_text():
    from sphinx_scholar.bib.latex import repair_exported_latex

    assert repair_exported_latex(r"from \$2 million to \$3") == (r"from \$2 million to \$3", ())
    assert latex_to_text(r"from \$2 million") == "from $2 million"


def test_preamble_macros_are_expanded():
    from sphinx_scholar.bib.preamble import expand_macros, preamble_macros

    macros = preamble_macros(
        r"\providecommand{\MaxMin}{{$\cal MAX$--$\cal MIN$} {Ant} {System}} \providecommand{\rpackage}[1]{{#1}}"
        r" \newcommand*\pair[2]{(#1, #2)} \def\x{X}"
    )
    assert {name: count for name, (count, _body) in macros.items()} == {"MaxMin": 0, "rpackage": 1, "pair": 2, "x": 0}
    assert latex_to_text(expand_macros(r"A \MaxMin for \rpackage{irace}", macros)) == "A MAX–MIN Ant System for irace"
    assert latex_to_text(expand_macros(r"\pair {a}{b} \x y", macros)) == "(a, b) X y"
    assert expand_macros(r"\rpackage alone", macros) == r"\rpackage alone"  # no argument: as written


def test_a_percent_sign_in_a_url_stays_part_of_it():
    [_see, link, after] = latex_to_nodes(r"See \url{https://example.org/a%20b} now, at 50%")
    assert link["refuri"] == "https://example.org/a%20b" and link.astext() == "https://example.org/a%20b"
    assert after.astext() == " now, at 50%"


def test_escaped_underscores_between_two_dollars_stay_text():
    from sphinx_scholar.bib.latex import repair_exported_latex

    assert repair_exported_latex(r"costs \$5\_000 or \$6")[1] == ()
    assert latex_to_text(repair_exported_latex(r"{\$}x{\_}1{\$} y")[0]) == "x₁ y"  # Mendeley's own escaping
