"""The CV: every section from a RenderCV file and a JSON Resume, in HTML (reST and MyST), LaTeX and text."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, run_build, write_project

CV_ROOT = ROOTS / "test-cv"
SECTIONS = (
    "education",
    "experience",
    "publications",
    "awards",
    "grants",
    "talks",
    "teaching",
    "service",
    "students",
    "skills",
    "languages",
    "custom",
)


def copy_root(tmp_path_factory, name: str):
    srcdir = tmp_path_factory.mktemp(name) / "site"
    shutil.copytree(CV_ROOT, srcdir)
    return srcdir


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("myst_parser")
    return run_build(copy_root(tmp_path_factory, "cv-html"))


def words(node) -> str:
    """The node's text, spaces collapsed, without Sphinx's "¶" heading links."""
    return " ".join(node.get_text(" ").replace("¶", "").split())


def section(soup: BeautifulSoup, kind: str):
    found = soup.select(f"section.scholar-cv-{kind}")
    assert len(found) == 1, kind
    return found[0]


def entry_titles(node) -> list[str]:
    return [words(title) for title in node.select(".scholar-cv-entry .scholar-cv-title")]


def test_the_whole_cv_builds_without_a_warning(site):
    assert site.warning_lines() == []


def test_every_section_is_a_titled_section_in_the_files_order(site):
    soup = site.soup("cv")
    kinds = [
        next(
            c.removeprefix("scholar-cv-")
            for c in s["class"]
            if c.startswith("scholar-cv-") and c != "scholar-cv-section"
        )
        for s in soup.select("section.scholar-cv-section")
    ]
    assert kinds == list(SECTIONS)  # the test file has one of every kind, in this order
    headings = [words(s.find(["h2"])) for s in soup.select("section.scholar-cv-section")]
    assert headings[:3] == ["Education", "Experience", "Publications"]
    assert headings[-1] == "Open source"  # a custom section keeps its title, written RenderCV's way


def test_the_profile_heads_the_cv(site):
    header = site.soup("cv").select_one(".scholar-cv-header")
    assert words(header.select_one(".scholar-cv-name")) == "Mira Castellanos"
    assert words(header.select_one(".scholar-cv-headline")) == "Assistant Professor of Computer Science"
    # Sphinx cloaks e-mail addresses (mira%40example.org)
    links = {a.get_text(): urllib.parse.unquote(a["href"]) for a in header.select(".scholar-cv-contact a")}
    assert links == {
        "mira@example.org": "mailto:mira@example.org",
        "mira.example.org": "https://mira.example.org/",
        "GitHub": "https://github.com/miracast",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
    }
    pdf = header.select_one(".scholar-cv-pdf a")
    assert pdf["href"] == "cv.pdf"


def test_education_is_newest_first_with_degree_dates_place_and_highlights(site):
    education = section(site.soup("cv"), "education")
    assert entry_titles(education) == ["University of Edinburgh", "Universidad de Chile"]
    first = education.select_one(".scholar-cv-entry")
    assert words(first.select_one(".scholar-cv-subtitle")) == "PhD, Informatics"
    assert words(first.select_one(".scholar-cv-date")) == "Sep 2014 – Jun 2018"
    assert words(first.select_one(".scholar-cv-location")) == "Edinburgh, UK"
    assert [words(li) for li in first.select(".scholar-cv-highlights li")] == [
        "Thesis: Probabilistic Programs for Ecology"
    ]
    assert first.select_one(".scholar-cv-highlights em").get_text() == "Probabilistic Programs for Ecology"


def test_experience_understands_present(site):
    experience = section(site.soup("cv"), "experience")
    assert entry_titles(experience) == ["Assistant Professor", "Postdoctoral Researcher"]
    current = experience.select_one(".scholar-cv-entry")
    assert words(current.select_one(".scholar-cv-date")) == "Sep 2021 – present"
    assert words(current.select_one(".scholar-cv-subtitle")) == "Leiden University"
    assert "4 PhD students" in words(current.select_one(".scholar-cv-summary"))


def test_publications_come_from_the_bib_with_every_publication_option(site):
    publications = section(site.soup("cv"), "publications")
    # the bib's lists replace the file's inline entry
    assert "inline entry" not in words(publications)
    groups = [words(h) for h in publications.select("section.scholar-group-type > h3")]
    assert groups == ["Journal articles", "Conference papers", "Preprints", "Theses"]
    numbers = [words(n) for n in publications.select(".scholar-number")]
    assert numbers == ["[3]", "[2]", "[4]", "[1]"]
    highlighted = {words(s) for s in publications.select(".scholar-self")}
    assert highlighted == {"Mira Castellanos", "M. Castellanos"}


def test_awards_grants_service_and_students(site):
    soup = site.soup("cv")
    awards = section(soup, "awards")
    assert entry_titles(awards) == [
        "Best Paper Award, UAI",
        "Outstanding Reviewer, NeurIPS",
        "Distinguished Dissertation Award",
    ]
    assert [words(d) for d in awards.select(".scholar-cv-date")] == ["Aug 2022", "Dec 2020", "Jun 2019"]
    grant = section(soup, "grants").select_one(".scholar-cv-entry")
    # a CV file is Markdown, not LaTeX: "%" is a per cent sign (and Sphinx's smart quotes apply)
    assert words(grant.select_one(".scholar-cv-summary")) == "€280,000 for 2023–2026; 100% of the PI’s salary"
    service = section(soup, "service")
    assert [words(d) for d in service.select(".scholar-cv-date")] == ["2019 – present", "2024"]
    students = section(soup, "students")
    assert entry_titles(students) == ["Jonas Vermeer", "Ana Ruiz"]
    assert words(students.select_one(".scholar-cv-subtitle")) == "PhD student, co-supervised with P. de Vries"


def test_talks_have_their_slides_and_video_and_a_term_as_written(site):
    talks = section(site.soup("cv"), "talks")
    assert entry_titles(talks) == ["Probabilistic programs that scale", "Inference for ecologists"]
    links = {a.get_text(): a["href"] for a in talks.select(".scholar-cv-links a")}
    assert links == {
        "Slides": "https://mira.example.org/slides/scale.pdf",
        "Video": "https://video.example.org/watch?v=scale",
    }
    assert all("scholar-link-badge" in a["class"] for a in talks.select(".scholar-cv-links a"))
    assert [words(d) for d in talks.select(".scholar-cv-date")] == ["May 2024", "Fall 2023"]


def test_teaching_links_its_course_page(site):
    teaching = section(site.soup("cv"), "teaching")
    assert entry_titles(teaching) == [
        "Probabilistic Machine Learning",
        "Introduction to Statistics (teaching assistant)",
    ]
    course = teaching.select_one(".scholar-cv-links a")
    assert (course.get_text(), course["href"]) == ("Course page", "https://courses.example.org/pml")
    assert words(teaching.select_one(".scholar-cv-date")) == "Feb 2022 – present"


def test_skills_languages_and_a_custom_list(site):
    soup = site.soup("cv")
    skills = [words(p) for p in section(soup, "skills").select(".scholar-cv-one-line")]
    assert skills == ["Programming : Python, JAX, Stan, R", "Methods : Bayesian inference, probabilistic programming"]
    assert [words(s) for s in section(soup, "skills").select(".scholar-cv-label")] == ["Programming", "Methods"]
    languages = [words(p) for p in section(soup, "languages").select(".scholar-cv-one-line")]
    assert languages == ["Spanish : native", "English : fluent"]
    custom = section(soup, "custom")
    assert [words(li) for li in custom.select("ul.scholar-cv-bullets > li")] == [
        "Maintainer of ecoppl , a probabilistic language for ecologists",
        "Contributor to NumPyro",
    ]
    assert custom.select_one("ul.scholar-cv-bullets a")["href"] == "https://github.com/miracast/ecoppl"


def test_talks_and_teaching_pages_show_their_section_under_the_pages_own_heading(site):
    for page, kind, first in (
        ("talks", "talks", "Probabilistic programs that scale"),
        ("teaching", "teaching", "Probabilistic Machine Learning"),
    ):
        soup = site.soup(page)
        block = soup.select_one(f".scholar-cv-{kind}")
        assert block.name == "div"  # no second "Talks" heading under the page's "Talks"
        assert [words(h) for h in soup.select("h1, h2")][:1] == [page.capitalize()]
        assert entry_titles(block)[0] == first
        assert soup.select(".scholar-cv-header") == []  # a part of the CV has no profile


def test_selected_honours_on_the_home_page(site):
    soup = site.soup("index")
    block = soup.select_one("section.scholar-cv-awards")
    assert words(block.find("h2")) == "Selected honours"
    assert entry_titles(block) == ["Best Paper Award, UAI", "Distinguished Dissertation Award"]


def test_myst_renders_the_same_sections_as_rest(site):
    def blocks(page):
        soup = site.soup(page)
        return [re.sub(r'id="[^"]*"', "", " ".join(str(s).split())) for s in soup.select(".scholar-cv-section")]

    rest, myst = blocks("short"), blocks("myst")
    assert len(rest) == 3  # teaching, education, publications
    assert myst == rest
    publications = site.soup("myst").select_one("section.scholar-cv-publications")
    assert "scholar-cv-short" in publications["class"]
    assert [d["id"] for d in publications.select("div.scholar-publication")] == [
        "castellanos2025scaling",
        "castellanos2024amortised",
        "ruiz2022occupancy",
    ]


@pytest.mark.parametrize("buildername", ["latex", "text"])
def test_other_builders_write_the_cv_cleanly(tmp_path_factory, buildername):
    pytest.importorskip("myst_parser")
    build = run_build(copy_root(tmp_path_factory, f"cv-{buildername}"), buildername)
    assert build.warning_lines() == []
    if buildername == "text":
        text = build.text("cv.txt")
        for expected in (
            "Education",
            "**University of Edinburgh**, PhD, Informatics",
            "Sep 2014 – Jun 2018 · Edinburgh, UK",
            "Sep 2021 – present",
            "Amortised Inference for Ecological Models",
            "Best Paper Award, UAI",
            "**Programming**: Python, JAX, Stan, R",
            "Open source",
        ):
            assert expected in text, expected
    else:
        tex = next(build.outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert "\\section{Education}" in tex or "\\chapter{Education}" in tex or "{Education}" in tex
        for expected in (
            "University of Edinburgh",
            "Sep 2021 \\textendash{} present",
            "Amortised Inference for Ecological Models",
            "Open source",
        ):
            assert expected in tex, expected


# -- JSON Resume ---------------------------------------------------------------------------

RESUME = {
    "basics": {
        "name": "Mira Castellanos",
        "label": "Assistant Professor",
        "email": "mira@example.org",
        "url": "https://mira.example.org",
        "location": {"city": "Leiden", "countryCode": "NL"},
        "profiles": [{"network": "GitHub", "username": "miracast", "url": "https://github.com/miracast"}],
    },
    "work": [
        {"name": "ETH Zürich", "position": "Postdoc", "startDate": "2018-07", "endDate": "2021-08"},
        {"name": "Leiden University", "position": "Assistant Professor", "startDate": "2021-09"},
    ],
    "education": [
        {
            "institution": "University of Edinburgh",
            "area": "Informatics",
            "studyType": "PhD",
            "startDate": "2014-09",
            "endDate": "2018-06",
        }
    ],
    "awards": [{"title": "Best Paper Award", "date": "2022-08-01", "awarder": "UAI", "selected": True}],
    "volunteer": [{"organization": "NeurIPS", "position": "Area Chair", "startDate": "2024-01"}],
    "skills": [{"name": "Programming", "keywords": ["Python", "JAX"]}],
    "languages": [{"language": "Spanish", "fluency": "Native"}],
    "talks": [
        {"name": "Probabilistic programs that scale", "date": "2024-05-14", "slides": "https://mira.example.org/s.pdf"}
    ],
}


def test_a_json_resume_gives_the_same_sections(tmp_path):
    srcdir = write_project(
        tmp_path / "resume",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\nscholar_cv = "resume.json"\n',
            "resume.json": json.dumps(RESUME, indent=2),
            "index.rst": "CV\n==\n\n.. cv::\n",
        },
    )
    build = run_build(srcdir)
    assert build.warning_lines() == []
    soup = build.soup()
    assert words(soup.select_one(".scholar-cv-name")) == "Mira Castellanos"
    assert words(soup.select_one(".scholar-cv-contact")).startswith("Leiden, NL")
    experience = section(soup, "experience")
    assert entry_titles(experience) == ["Assistant Professor", "Postdoc"]  # newest first
    assert words(experience.select_one(".scholar-cv-date")) == "Sep 2021 – present"  # no endDate: current
    assert words(section(soup, "education").select_one(".scholar-cv-subtitle")) == "PhD, Informatics"
    award = section(soup, "awards").select_one(".scholar-cv-entry")
    assert (words(award.select_one(".scholar-cv-title")), words(award.select_one(".scholar-cv-subtitle"))) == (
        "Best Paper Award",
        "UAI",
    )
    assert entry_titles(section(soup, "service")) == ["Area Chair"]
    assert words(section(soup, "skills")).endswith("Programming : Python, JAX")
    assert words(section(soup, "languages")).endswith("Spanish : Native")
    assert section(soup, "talks").select_one(".scholar-cv-links a")["href"] == "https://mira.example.org/s.pdf"


# -- the PDF ---------------------------------------------------------------------------------


def pdf_runs(path) -> list[tuple[str, str]]:
    """(text, font name) of every run of text in the PDF, in reading order."""
    pypdf = pytest.importorskip("pypdf")
    runs: list[tuple[str, str]] = []
    for page in pypdf.PdfReader(str(path)).pages:

        def collect(text, _cm, _tm, font, _size):
            if text.strip():
                runs.append((text, str((font or {}).get("/BaseFont", ""))))

        page.extract_text(visitor_text=collect)
    return runs


def pdf_links(path) -> set[str]:
    pypdf = pytest.importorskip("pypdf")
    found = set()
    for page in pypdf.PdfReader(str(path)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/URI"):
                found.add(str(action["/URI"]))
    return found


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory):
    from sphinx_scholar.cv.pdf import engine_missing

    pytest.importorskip("myst_parser")
    if engine_missing():
        pytest.skip(engine_missing())
    srcdir = copy_root(tmp_path_factory, "cv-pdf")
    html = run_build(srcdir)
    pdf = run_build(srcdir, "scholar-cv-pdf")
    return html, pdf, srcdir


def test_the_pdf_holds_the_profile_every_section_and_every_publication(pdf_site):
    html, pdf, _srcdir = pdf_site
    assert pdf.warning_lines() == []
    path = pdf.outdir / "cv.pdf"
    text = " ".join(" ".join(run for run, _font in pdf_runs(path)).split())
    assert "Mira Castellanos" in text
    for heading in (
        "Education",
        "Experience",
        "Journal Articles",
        "Conference Papers",
        "Preprints",
        "Theses",
        "Awards",
        "Grants",
        "Talks",
        "Teaching",
        "Service",
        "Students",
        "Skills",
        "Languages",
        "Open Source",
    ):
        assert heading in text, heading
    for entry in html.soup("cv").select("section.scholar-cv-publications div.scholar-publication"):
        title = words(entry.select_one(".scholar-title-text"))
        number = words(entry.select_one(".scholar-number"))
        assert f"{number} {title}" in text, title
    for expected in (
        "University of Edinburgh",
        "Assistant Professor",
        "present",
        "Best Paper Award, UAI",
        "Probabilistic programs that scale",
        "Python, JAX, Stan, R",
        "Contributor to NumPyro",
        "100% of the PI",
    ):
        assert expected in text, expected
    assert "inline entry" not in text  # the bib's lists, as on the page


def test_the_pdf_sets_the_researchers_name_in_bold_and_no_one_elses(pdf_site):
    _html, pdf, _srcdir = pdf_site
    runs = [(text.strip(), font) for text, font in pdf_runs(pdf.outdir / "cv.pdf")]
    # the header, then the three entries that spell her name in full, all in bold (the page footers are italic)
    named = [font for text, font in runs if text == "Mira Castellanos" and not font.endswith("-Italic")]
    assert [font.endswith("-Bold") for font in named] == [True] * 4
    assert [font.endswith("-Bold") for text, font in runs if text == "M. Castellanos"] == [True]
    texts = [text for text, _font in runs]
    publications = runs[texts.index("Journal Articles") : texts.index("Awards")]
    coauthors = [font for text, font in publications if re.search(r"Vermeer|Okafor|Ruiz|de Vries", text)]
    assert len(coauthors) == 3  # one run per entry with co-authors
    assert not any(font.endswith("-Bold") for font in coauthors)


def test_the_pdfs_links_work(pdf_site):
    _html, pdf, _srcdir = pdf_site
    links = pdf_links(pdf.outdir / "cv.pdf")
    assert {
        "mailto:mira@example.org",
        "https://mira.example.org/",
        "https://github.com/miracast",
        "https://doi.org/10.5555/jmlr.2024.0001",
        "https://proceedings.example.org/uai2022/ruiz22a.html",
        "https://arxiv.org/abs/2503.01234",
        "https://mira.example.org/slides/scale.pdf",
        "https://courses.example.org/pml",
        "https://github.com/miracast/ecoppl",
    } <= links


def test_the_pdf_is_a_cv_not_a_manual(pdf_site):
    pypdf = pytest.importorskip("pypdf")
    _html, pdf, _srcdir = pdf_site
    reader = pypdf.PdfReader(str(pdf.outdir / "cv.pdf"))
    assert 1 <= len(reader.pages) <= 3
    first = reader.pages[0].extract_text()
    assert first.lstrip().splitlines()[0:3] and "Mira Castellanos" in first.split("Education")[0]
    assert "Contents" not in first and "Chapter" not in first


def test_the_html_build_says_when_the_pdf_is_older_than_its_sources(pdf_site):
    import os
    import time

    html, pdf, srcdir = pdf_site
    made = html.outdir / "cv.pdf"
    shutil.copy2(pdf.outdir / "cv.pdf", made)  # where `sphinx-scholar cv` puts it
    fresh = run_build(srcdir, freshenv=False)
    assert fresh.warning_lines("cv_pdf") == []
    later = time.time() + 5
    os.utime(srcdir / "cv.yaml", (later, later))
    stale = run_build(srcdir, freshenv=False)
    [line] = stale.warning_lines("cv_pdf")
    assert "cv.pdf" in line and "older than cv.yaml" in line and "sphinx-scholar cv" in line
    assert made.exists()


def test_without_the_pdf_the_build_says_how_to_make_it(tmp_path_factory):
    pytest.importorskip("myst_parser")
    build = run_build(copy_root(tmp_path_factory, "cv-nopdf"))
    assert "which is not made yet: run sphinx-scholar cv" in build.status
    assert build.warning_lines("cv_pdf") == []


def test_the_command_writes_the_pdf_into_the_built_site(tmp_path_factory, capsys):
    from sphinx_scholar.cli.commands import main
    from sphinx_scholar.cv.pdf import engine_missing

    pytest.importorskip("myst_parser")
    if engine_missing():
        pytest.skip(engine_missing())
    srcdir = copy_root(tmp_path_factory, "cv-command")
    out = srcdir / "_build" / "html"
    assert main(["cv", str(srcdir), "--out", str(out), "-q"]) == 0
    runs = pdf_runs(out / "cv.pdf")
    assert any("Mira Castellanos" in text for text, _font in runs)
    # no HTML build yet: the cache is made where `make html` keeps it, and reused
    assert (srcdir / "_build" / "doctrees" / "environment.pickle").is_file()
    assert main(["cv", str(srcdir / "nowhere")]) == 2
    assert "no conf.py" in capsys.readouterr().err


def test_after_an_html_build_the_command_reads_only_what_changed(tmp_path_factory, capsys):
    from sphinx.cmd.build import build_main

    from sphinx_scholar.cli.commands import main
    from sphinx_scholar.cv.pdf import engine_missing

    pytest.importorskip("myst_parser")
    if engine_missing():
        pytest.skip(engine_missing())
    srcdir = copy_root(tmp_path_factory, "cv-cache")
    out = tmp_path_factory.mktemp("cv-cache-out") / "html"
    assert build_main(["-q", "-b", "html", str(srcdir), str(out)]) == 0  # its cache: OUT/.doctrees
    capsys.readouterr()
    assert main(["cv", str(srcdir), "--out", str(out)]) == 0
    status = capsys.readouterr().out
    assert "0 added, 0 changed, 0 removed" in status
    assert (out / "cv.pdf").is_file()
    assert not (srcdir / "_build").exists()


# -- bad input -------------------------------------------------------------------------------

BAD_CV = """\
cv:
  name: Mira Castellanos
  website: javascript:alert(1)
  sections:
    talks:
      - name: A talk without a date
        location: Leiden
      - name: A talk on an odd date
        date: sometime in spring
      - name: <script>alert(1)</script>Scripted **talk**
        date: 2024-02
        slides: javascript:alert(2)
        highlights: only one highlight, not a list
      - name: A talk with a listed date
        date: [2024]
      - 42
      - [not, an, entry]
      - nothing: recognisable
    teaching: not a list
"""


LOCAL_LINKS_CV = """\
cv:
  name: Mira Castellanos
  sections:
    talks:
      - name: A talk with its slides
        date: 2025-05
        slides: files/talk.pdf
      - name: A talk whose slides are outside the project
        date: 2024-05
        slides: ../outside.pdf
      - name: A talk whose slides are missing
        date: 2023-05
        slides: files/missing.pdf
    teaching:
      - name: A course with its page on the site
        date: 2022
        course: teaching.html
"""


def test_a_cv_files_relative_links_are_published_refused_or_kept(tmp_path):
    srcdir = write_project(
        tmp_path / "links" / "site",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\n',
            "cv.yaml": LOCAL_LINKS_CV,
            "files/talk.pdf": b"%PDF-1.4 slides",
            "index.rst": "CV\n==\n\n.. cv:: cv.yaml\n\n.. toctree::\n\n   teaching\n",
            "teaching.rst": "Teaching\n========\n",
        },
    )
    (tmp_path / "links" / "outside.pdf").write_bytes(b"%PDF-1.4 secret")
    build = run_build(srcdir)
    local = build.warning_lines("local_file")
    assert any("'../outside.pdf' in cv.yaml is not published" in line for line in local), local
    assert any("no file 'files/missing.pdf' beside cv.yaml" in line for line in local), local
    soup = build.soup()

    def link_of(title: str):
        [entry] = [e for e in soup.select(".scholar-cv-entry") if title in words(e.select_one(".scholar-cv-title"))]
        return entry.select_one(".scholar-cv-link")

    published = link_of("with its slides")
    assert published.name == "a" and published["href"].startswith("_downloads/")
    assert published["href"].endswith("/talk.pdf")
    assert (build.outdir / urllib.parse.unquote(published["href"])).read_bytes() == b"%PDF-1.4 slides"
    refused = link_of("outside the project")
    assert refused.name != "a" and words(refused) == "Slides"  # its label, not linked
    assert not list((build.outdir / "_downloads").rglob("outside.pdf"))
    assert link_of("are missing")["href"] == "files/missing.pdf"  # linked as written, with the warning
    assert link_of("its page on the site")["href"] == "teaching.html"


def located(build, needle: str) -> str:
    [line] = [line for line in build.warning_lines("cv") if needle in line]
    return line


def test_a_malformed_cv_file_gives_located_warnings_and_the_rest_is_shown(tmp_path):
    srcdir = write_project(
        tmp_path / "bad",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\n',
            "cv.yaml": BAD_CV,
            "index.rst": "CV\n==\n\n.. cv:: cv.yaml\n   :sections: talks, teaching, awards\n\nAfter the CV.\n",
        },
    )
    build = run_build(srcdir)
    cv = str(srcdir / "cv.yaml")
    assert f"{cv}:6: WARNING: cv.sections.talks[0]: no date" in located(build, "talks[0]: no date")
    assert f"{cv}:9:" in located(build, "talks[1].date: 'sometime in spring' is not a date")
    assert "it is shown as written" in located(build, "talks[1].date")
    assert f"{cv}:12:" in located(build, "talks[2].slides: 'javascript:alert(2)' is not an http(s)")
    assert f"{cv}:13:" in located(build, "talks[2].highlights: expected a list, got text")
    assert f"{cv}:15:" in located(build, "talks[3].date: expected a date such as 2023-09, got a list; it is left out")
    assert f"{cv}:17:" in located(build, "talks[5]: expected an entry or a text, got a list")
    assert f"{cv}:18:" in located(build, "talks[6]: an entry needs the keys of one of RenderCV's entry types")
    assert f"{cv}:19:" in located(build, "cv.sections.teaching: expected a list of entries, got text")
    index = str(srcdir / "index.rst")
    assert f"{index}:4:" in located(build, "cv: no section 'teaching' in cv.yaml")
    assert "no section 'awards'" in located(build, "no section 'awards'")
    # the header is not shown for chosen sections, so its bad website is not reported here
    assert not [line for line in build.warning_lines() if "website" in line]

    soup = build.soup()
    talks = soup.select_one(".scholar-cv-talks")
    titles = entry_titles(talks)
    # the dated first, then the others in the file's order; nothing broken is dropped without a word
    assert titles == [
        "Scripted talk",
        "A talk without a date",
        "A talk on an odd date",
        "A talk with a listed date",
    ]
    scripted = talks.select(".scholar-cv-entry")[0]
    assert scripted.find("script") is None and "alert(1)" not in str(scripted)
    assert scripted.select_one(".scholar-cv-title strong") is not None  # its Markdown is kept
    assert scripted.select(".scholar-cv-links a") == []  # the javascript: link is not linked
    assert [words(li) for li in scripted.select(".scholar-cv-highlights li")] == ["only one highlight, not a list"]
    odd = talks.select(".scholar-cv-entry")[2]
    assert words(odd.select_one(".scholar-cv-date")) == "sometime in spring"
    assert talks.select(".scholar-cv-text") and words(talks.select_one(".scholar-cv-text")) == "42"
    assert "After the CV." in soup.get_text()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("cv:\n  name: Mira\n  email: a: b\n", ":3: WARNING: invalid YAML: mapping values are not allowed"),
        ("just: a mapping\n", ":1: WARNING: neither a RenderCV file"),
        ("- a list\n", ":1: WARNING: a CV file holds a mapping"),
        (b"cv:\n  name: \xff\n", "WARNING: the CV file is not UTF-8"),
    ],
)
def test_an_unreadable_cv_file_is_one_located_warning_and_the_page_builds(tmp_path, content, expected):
    srcdir = write_project(
        tmp_path / "unreadable",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\n',
            "cv.yaml": content,
            "index.rst": "CV\n==\n\n.. cv:: cv.yaml\n\nStill here.\n",
        },
    )
    build = run_build(srcdir)
    [line] = build.warning_lines("cv")
    assert expected in line and "the CV is left out" in line
    assert str(srcdir / "cv.yaml") in line
    assert "Still here." in build.soup().get_text()


def test_a_json_resume_with_an_unknown_section_and_a_missing_date(tmp_path):
    resume = '{\n  "basics": {"name": "M. C."},\n  "hobbies": [{"name": "Birding"}],\n  "work": [{"name": "X", "position": "Y"}]\n}\n'
    srcdir = write_project(
        tmp_path / "resume",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\n',
            "resume.json": resume,
            "index.rst": "CV\n==\n\n.. cv:: resume.json\n",
        },
    )
    build = run_build(srcdir)
    path = str(srcdir / "resume.json")
    assert f"{path}:3:" in located(build, "hobbies: unknown section")
    assert "it is shown as a custom section" in located(build, "hobbies")
    assert f"{path}:4:" in located(build, "work[0]: no date (startDate and endDate, or date)")
    soup = build.soup()
    assert words(soup.select_one(".scholar-cv-custom h2")) == "Hobbies"
    assert words(soup.select_one(".scholar-cv-custom")).endswith("Birding")


def test_typst_code_in_a_bib_or_a_cv_file_is_shown_as_text_in_the_pdf(tmp_path):
    from sphinx_scholar.cv.pdf import engine_missing

    if engine_missing():
        pytest.skip(engine_missing())
    hostile_cv = """\
cv:
  name: Mira Castellanos
  sections:
    talks:
      - name: 'Costs #panic("typst code")[x] and $$ sum(x) $$ dollars'
        date: 2024-01
        summary: '[a link](https://example.org/"); #panic("out"); ("") and [bad](javascript:alert(1))'
"""
    bib = """\
@article{hostile2024,
  author = {Castellanos, Mira},
  title = {Reading {\\#}read("/etc/passwd") and \\$5 prices},
  journal = {J. #panic("x")[y]},
  year = {2024},
}
"""
    srcdir = write_project(
        tmp_path / "hostile",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\nscholar_bibfiles = ["papers.bib"]\n'
            'scholar_researcher = "Mira Castellanos"\n',
            "cv.yaml": hostile_cv,
            "papers.bib": bib,
            "index.rst": "CV\n==\n\n.. cv:: cv.yaml\n\n   .. publication::\n",
        },
    )
    build = run_build(srcdir, "scholar-cv-pdf")
    assert build.warning_lines("cv_pdf") == []
    text = " ".join(" ".join(run for run, _font in pdf_runs(build.outdir / "cv.pdf")).split())
    assert 'Costs #panic("typst code")[x] and $$ sum(x) $$ dollars' in text
    assert 'Reading #read("/etc/passwd") and $5 prices' in text
    assert 'J. #panic("x")[y]' in text
    links = pdf_links(build.outdir / "cv.pdf")
    assert not any("javascript" in link or '"' in link for link in links)


# -- in a browser ----------------------------------------------------------------------------

ENTRY_BOXES = """() => [...document.querySelectorAll('div.scholar-cv-entry')].map(entry => {
  const box = e => { const r = entry.querySelector(e).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return [box('.scholar-cv-head'), entry.querySelector('.scholar-cv-when') ? box('.scholar-cv-when') : null];
})"""


@pytest.fixture(scope="module", params=["scholar", "furo"])
def served_cv(request, tmp_path_factory):
    from conftest import serve

    pytest.importorskip("myst_parser")
    if request.param != "scholar":
        pytest.importorskip(request.param)
    build = run_build(copy_root(tmp_path_factory, f"cv-browser-{request.param}"), html_theme=request.param)
    with serve(build.outdir) as base:
        yield base


def test_an_entrys_date_stands_at_the_right_of_its_head_and_under_it_on_a_phone(browser, served_cv):
    from test_theme import Visitor

    wide = Visitor(browser, served_cv, viewport={"width": 1280, "height": 900})
    boxes = wide.open("cv").evaluate(ENTRY_BOXES)
    wide.close()
    dated = [(head, when) for head, when in boxes if when]
    assert len(dated) >= 15
    for head, when in dated:
        assert when[0] >= head[2] - 1, (head, when)  # at the right of the head
        assert abs(when[1] - head[1]) < 6, (head, when)  # on its first line
    phone = Visitor(browser, served_cv, viewport={"width": 390, "height": 900})
    boxes = phone.open("cv").evaluate(ENTRY_BOXES)
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    phone.close()
    for head, when in (pair for pair in boxes if pair[1]):
        assert when[1] >= head[3] - 1, (head, when)  # under the head
    assert width <= 390  # nothing wider than the phone
