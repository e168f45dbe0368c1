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
    assert kinds == [
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
    ]
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
