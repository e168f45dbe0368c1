"""``sphinx-scholar quickstart DIR``: a complete homepage project in one command.

The project builds with ``sphinx-build -W`` as written and deploys on Read
the Docs unchanged.  Values typed by the user go through ``repr`` (Python),
``yaml.safe_dump`` (metadata) or brace-stripping (BibTeX), never raw into code.
"""

from __future__ import annotations

import datetime
import os
import re
import shlex
import sys
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from ..people.profile import SERVICES, canonical_service

if TYPE_CHECKING:
    import argparse


@dataclass
class Answers:
    name: str
    position: str = ""
    affiliation: str = ""
    email: str = ""
    links: dict[str, str] = field(default_factory=dict)
    markup: str = "rst"  # or "myst"
    theme: str = "scholar"  # the homepage theme shipped with sphinx-scholar, or an installed theme's name


def _bibtex_safe(text: str) -> str:
    """Text that cannot unbalance a BibTeX value."""
    return re.sub(r"[{}\\@]", "", text).strip()


def _family_first(name: str) -> str:
    parts = _bibtex_safe(name).split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else (parts[0] if parts else "Doe")


def _conf_py(answers: Answers) -> str:
    extensions = ["myst_parser", "sphinx_scholar"] if answers.markup == "myst" else ["sphinx_scholar"]
    year = datetime.date.today().year
    return textwrap.dedent(
        f"""\
        # Configuration of {answers.name}'s homepage, built with Sphinx and sphinx-scholar.
        # Reference: https://www.sphinx-doc.org/en/master/usage/configuration.html

        project = {answers.name!r}
        author = {answers.name!r}
        copyright = {f"{year}, {answers.name}"!r}

        extensions = {extensions!r}

        # Your publications, and who you are (name, aliases, links, bio).
        scholar_bibfiles = ["papers.bib"]
        scholar_researcher = "researcher.yaml"
        # Your CV (cv.rst shows it; `sphinx-scholar cv .` writes _build/html/cv.pdf).
        scholar_cv = "cv.yaml"

        html_theme = {answers.theme!r}
        html_title = {answers.name!r}
        exclude_patterns = ["_build", ".venv", "README.md", "requirements.txt"]
        """
    ) + (_SCHOLAR_THEME_OPTIONS if answers.theme == "scholar" else "")


_SCHOLAR_THEME_OPTIONS = textwrap.dedent(
    """
    # The scholar theme's options (all optional): extra links in the top bar,
    # a licence line in the footer, an accent colour.
    html_theme_options = {
        # "nav_links": [{"name": "CV", "url": "files/cv.pdf"}],
        # "license": "Text licensed under CC BY 4.0",
        # "accent_color": "#1f5f99",
    }
    """
)


def _researcher_yaml(answers: Answers) -> str:
    data: dict = {"name": answers.name, "aliases": [_family_first(answers.name)]}
    if answers.position:
        data["position"] = answers.position
    if answers.affiliation:
        data["affiliation"] = answers.affiliation
    if answers.email:
        data["email"] = answers.email
    if answers.links:
        data["links"] = dict(answers.links)
    data["bio"] = (
        f"{answers.name} is a researcher. Replace this paragraph in researcher.yaml "
        "with a short biography; it is written in the same markup as the pages."
    )
    header = (
        "# Who you are. Spellings of your name in papers go under aliases, so your\n"
        "# name is highlighted in every list. A photo: add `photo: images/me.jpg`.\n"
        "# Link services: email, cv, scholar, orcid, github, dblp, semanticscholar,\n"
        "# openreview, linkedin, x, website, ... (an identifier or a full URL).\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def _cv_yaml(answers: Answers) -> str:
    """A RenderCV file with an example entry in every section the CV page shows."""
    header: dict = {"name": answers.name}
    if answers.position or answers.affiliation:
        header["headline"] = ", ".join(part for part in (answers.position, answers.affiliation) if part)
    if answers.email:
        header["email"] = answers.email
    place = answers.affiliation or "Example University"
    year = datetime.date.today().year
    sections = {
        "experience": [
            {
                "company": place,
                "position": answers.position or "Researcher",
                "start_date": f"{year - 2}-09",
                "end_date": "present",
                "location": "City, Country",
                "summary": "What you work on, in a sentence.",
            }
        ],
        "education": [
            {
                "institution": "Example University",
                "area": "Computer Science",
                "degree": "Ph.D.",
                "start_date": f"{year - 7}-10",
                "end_date": f"{year - 2}-07",
                "location": "City, Country",
                "highlights": ["Thesis: *Your thesis title*"],
            }
        ],
        "publications": [],
        "awards": [{"name": "Best Paper Award, Example Conference", "date": f"{year - 1}-06", "selected": True}],
        "grants": [{"name": "Example Research Grant", "start_date": f"{year - 1}-01", "end_date": f"{year + 2}-12"}],
        "talks": [
            {
                "name": "The title of your talk",
                "organization": "Invited talk, Example Seminar",
                "date": f"{year - 1}-11-15",
                "location": "City, Country",
                "slides": "https://example.org/slides.pdf",
            }
        ],
        "teaching": [
            {
                "name": "Introduction to Machine Learning",
                "organization": f"{place}, teaching assistant",
                "start_date": f"{year - 4}-10",
                "end_date": f"{year - 3}-02",
                "course": "https://example.org/course",
            }
        ],
        "service": [{"name": "Reviewer, Example Conference", "start_date": year - 3, "end_date": "present"}],
        "students": [
            {
                "name": "A. Student",
                "organization": "M.Sc. thesis",
                "start_date": f"{year - 1}-03",
                "end_date": "present",
            }
        ],
        "skills": [{"label": "Programming", "details": "Python, R"}],
        "languages": [{"label": "English", "details": "fluent"}],
        "open_source": [{"bullet": "A line about software you wrote or maintain"}],
    }
    intro = (
        "# Your CV in RenderCV's format (https://docs.rendercv.com). cv.rst shows it, with your\n"
        "# publications from papers.bib where `publications` is; `sphinx-scholar cv .` makes the PDF.\n"
        "# The entries below are examples: replace them with yours, or delete a section.\n"
        "# Dates: 2024, 2024-09, 2024-09-15 or present.  Links: url, slides, video, course.\n"
        "# An award with `selected: true` is shown under 'Selected honours' on the home page.\n"
    )
    header["sections"] = sections
    return intro + yaml.safe_dump({"cv": header}, sort_keys=False, allow_unicode=True, width=88)


def _news_yaml() -> str:
    item = {"date": datetime.date.today().isoformat(), "text": "My homepage is online."}
    return (
        "# News, newest first on the home page (its latest three) and on the news page.\n"
        "# Each item: a date, a text in Markdown, and optionally pub (BibTeX keys to link) or url.\n"
        + yaml.safe_dump([item], sort_keys=False, allow_unicode=True)
    )


def _papers_bib(answers: Answers) -> str:
    me = _family_first(answers.name)
    year = datetime.date.today().year
    return textwrap.dedent(
        f"""\
        % Your publications. Export them from Google Scholar, DBLP, Zotero or Mendeley
        % and replace these examples; al-folio's fields (abbr, selected, pdf, code,
        % html, slides, poster, award, abstract) work as they are.

        @inproceedings{{example{year}conference,
          author    = {{{me} and Doe, Jane}},
          title     = {{An Example Conference Paper on {{LaTeX}} Titles: $O(n \\log n)$ Is Enough}},
          booktitle = {{Proceedings of the Example Conference}},
          abbr      = {{EXC}},
          year      = {{{year}}},
          selected  = {{true}},
          abstract  = {{This example shows how an abstract appears: collapsed under the entry.}},
          html      = {{https://example.org/paper}},
          code      = {{https://example.org/code}},
        }}

        @article{{example{year - 1}journal,
          author  = {{Doe, Jane and {me}}},
          title   = {{An Example Journal Article}},
          journal = {{Journal of Examples}},
          volume  = {{12}},
          number  = {{3}},
          pages   = {{45--67}},
          year    = {{{year - 1}}},
          selected = {{true}},
        }}

        @misc{{example{year}preprint,
          author       = {{{me}}},
          title        = {{An Example Preprint}},
          howpublished = {{arXiv preprint}},
          year         = {{{year}}},
        }}
        """
    )


def _pages(answers: Answers) -> dict[str, str]:
    underline = "=" * max(len(answers.name), 4)
    if answers.markup == "myst":
        return {
            "index.md": textwrap.dedent(
                f"""\
                # {answers.name}

                ```{{researcher}}
                :stats: works, first-author, coauthors, venues, years
                ```

                ## News

                ```{{news}} news.yaml
                :limit: 3
                :archive: news
                ```

                ## Selected publications

                ```{{publication}}
                :filter: selected
                ```

                ## Selected honours

                ```{{cv}}
                :sections: awards
                :selected:
                ```

                ```{{toctree}}
                :hidden:

                publications
                cv
                news
                ```
                """
            ),
            "cv.md": textwrap.dedent(
                """\
                # CV

                ````{cv}
                ```{publication}
                :group-by: type
                :no-abstract:
                ```
                ````
                """
            ),
            "news.md": textwrap.dedent(
                """\
                # News

                ```{news} news.yaml
                ```
                """
            ),
            "publications.md": textwrap.dedent(
                """\
                # Publications

                ```{publication}
                :group-by: year
                :facets: year, type
                ```
                """
            ),
        }
    return {
        "index.rst": textwrap.dedent(
            f"""\
            {answers.name}
            {underline}

            .. researcher::
               :stats: works, first-author, coauthors, venues, years

            News
            ----

            .. news:: news.yaml
               :limit: 3
               :archive: news

            Selected publications
            ---------------------

            .. publication::
               :filter: selected

            Selected honours
            ----------------

            .. cv::
               :sections: awards
               :selected:

            .. toctree::
               :hidden:

               publications
               cv
               news
            """
        ),
        "cv.rst": textwrap.dedent(
            """\
            CV
            ==

            .. cv::

               .. publication::
                  :group-by: type
                  :no-abstract:
            """
        ),
        "news.rst": textwrap.dedent(
            """\
            News
            ====

            .. news:: news.yaml
            """
        ),
        "publications.rst": textwrap.dedent(
            """\
            Publications
            ============

            .. publication::
               :group-by: year
               :facets: year, type
            """
        ),
    }


BUILD_COMMANDS = (
    "python -m pip install -r requirements.txt",
    "python -m sphinx -W -b html . _build/html",
    "sphinx-scholar cv . --out _build/html",
)


def _github_pages() -> str:
    install, build, pdf = BUILD_COMMANDS
    return textwrap.dedent(
        f"""\
        # GitHub Pages: build the site on every push to main and publish it.
        # In the repository's Settings > Pages, set "Source" to "GitHub Actions".
        name: Publish the homepage
        on:
          push:
            branches: [main]
          workflow_dispatch:
        permissions:
          contents: read
          pages: write
          id-token: write
        concurrency:
          group: pages
          cancel-in-progress: false
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-python@v5
                with:
                  python-version: "3.12"
                  cache: pip
              - name: Build the site and its PDF CV
                run: |
                  {install}
                  {build}
                  {pdf}
              - uses: actions/upload-pages-artifact@v3
                with:
                  path: _build/html
          deploy:
            needs: build
            runs-on: ubuntu-latest
            environment:
              name: github-pages
              url: ${{{{ steps.deployment.outputs.page_url }}}}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4
        """
    )


def _read_the_docs() -> str:
    return textwrap.dedent(
        """\
        # Read the Docs: https://docs.readthedocs.io/en/stable/config-file/v2.html
        version: 2
        build:
          os: ubuntu-24.04
          tools:
            python: "3.12"
          jobs:
            # the PDF CV, into the built site, after Sphinx has built it
            post_build:
              - sphinx-scholar cv . --out $READTHEDOCS_OUTPUT/html
        sphinx:
          configuration: conf.py
          fail_on_warning: true
        python:
          install:
            - requirements: requirements.txt
        """
    )


def _requirements(answers: Answers) -> str:
    lines = ["sphinx-scholar[pdf]"]  # [pdf]: RenderCV, for the PDF CV
    if answers.theme != "scholar":  # the scholar theme comes with sphinx-scholar
        lines.append(answers.theme.replace("_", "-"))
    if answers.markup == "myst":
        lines.append("myst-parser")
    return "\n".join(lines) + "\n"


def _readme(answers: Answers) -> str:
    return textwrap.dedent(
        f"""\
        # {answers.name}'s homepage

        Built with Sphinx and sphinx-scholar. Preview it locally:

            {BUILD_COMMANDS[0]}
            {BUILD_COMMANDS[1]}
            {BUILD_COMMANDS[2]}

        then open `_build/html/index.html`. The last line writes the PDF CV
        (`_build/html/cv.pdf`) from `cv.yaml` and `papers.bib`; run it again after
        you change either (the build says when the PDF is older than they are).

        To publish it on GitHub Pages, push this folder to a GitHub repository and,
        in its Settings > Pages, set "Source" to "GitHub Actions":
        `.github/workflows/pages.yml` builds the site with the commands above on
        every push to `main` and publishes it. On Read the Docs, import the
        repository instead; `.readthedocs.yaml` has everything it needs.
        """
    )


def project_files(answers: Answers) -> dict[str, str]:
    """Every file of the new project, by path relative to its folder."""
    return {
        "conf.py": _conf_py(answers),
        **_pages(answers),
        "papers.bib": _papers_bib(answers),
        "cv.yaml": _cv_yaml(answers),
        "news.yaml": _news_yaml(),
        "researcher.yaml": _researcher_yaml(answers),
        "requirements.txt": _requirements(answers),
        ".readthedocs.yaml": _read_the_docs(),
        ".github/workflows/pages.yml": _github_pages(),
        ".gitignore": "_build/\n.venv/\n",
        "README.md": _readme(answers),
    }


class QuickstartError(Exception):
    pass


def write_project(directory: str, answers: Answers, force: bool = False) -> list[str]:
    """Write the project; refuse (writing nothing) when a file exists and ``force`` is off."""
    files = project_files(answers)
    existing = sorted(name for name in files if os.path.exists(os.path.join(directory, name)))
    if existing and not force:
        raise QuickstartError(f"{directory} already has {', '.join(existing)}; use --force to overwrite")
    os.makedirs(directory, exist_ok=True)
    for name, content in files.items():
        os.makedirs(os.path.dirname(os.path.join(directory, name)), exist_ok=True)
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
    return list(files)


def _ask(prompt: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    answer = input(f"{prompt}{suffix}: ").strip()
    return answer or default


def _ask_choice(prompt: str, choices: tuple[str, ...], default: str) -> str:
    while True:
        answer = _ask(prompt, default).lower()
        if answer in choices:
            return answer
        print(f"Please answer {' or '.join(choices)}.")


def answers_from(arguments: argparse.Namespace) -> Answers:
    """Flags first; what is missing is asked for when a person is at the terminal."""
    interactive = not arguments.no_input and sys.stdin.isatty()
    name = (arguments.name or "").strip()
    if not name and interactive:
        name = _ask("Your name (as it should appear on the site)")
    if not name:
        raise QuickstartError("a name is needed: pass --name 'Your Name'")
    links: dict[str, str] = {}
    for item in arguments.link or ():
        service, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise QuickstartError(f"--link {item!r}: use service=URL-or-id, for example github=octocat")
        links[canonical_service(service)] = value.strip()
    markup = arguments.format
    if markup is None and interactive:
        markup = _ask_choice("Page format: rst (reStructuredText) or myst (Markdown)", ("rst", "myst"), "rst")
    answers = Answers(
        name=name,
        position=(arguments.position or "").strip(),
        affiliation=(arguments.affiliation or "").strip(),
        email=(arguments.email or "").strip(),
        links=links,
        markup=markup or "rst",
        theme=arguments.theme,
    )
    if interactive:
        answers.position = answers.position or _ask("Position (e.g. Ph.D. student)")
        answers.affiliation = answers.affiliation or _ask("Affiliation")
        answers.email = answers.email or _ask("Email (optional)")
        if not links:
            for service in ("scholar", "orcid", "github", "dblp"):
                value = _ask(f"{SERVICES[service][0]} id or URL (optional)")
                if value:
                    answers.links[service] = value
    return answers


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", help="folder of the new project (created if needed)")
    parser.add_argument("--name", help="your name as it should appear")
    parser.add_argument("--position", help="for example 'Ph.D. student'")
    parser.add_argument("--affiliation", help="university, lab or company")
    parser.add_argument("--email")
    parser.add_argument(
        "--link", action="append", metavar="SERVICE=VALUE", help="a profile link, e.g. github=octocat; repeatable"
    )
    parser.add_argument(
        "--format", choices=("rst", "myst"), help="markup of the pages (default: rst; asked for when not given)"
    )
    parser.add_argument(
        "--theme",
        default="scholar",
        help="HTML theme: scholar, the homepage theme that comes with sphinx-scholar (default),"
        " or another theme's name, such as furo or pydata_sphinx_theme",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    parser.add_argument("--no-input", action="store_true", help="never ask; use flags and defaults")


def run(arguments: argparse.Namespace) -> int:
    try:
        answers = answers_from(arguments)
        written = write_project(arguments.directory, answers, force=arguments.force)
    except QuickstartError as error:
        print(f"sphinx-scholar quickstart: error: {error}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nsphinx-scholar quickstart: cancelled; nothing written", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files to {arguments.directory}: {', '.join(written)}")
    folder = shlex.quote(arguments.directory)
    output = shlex.quote(os.path.join(arguments.directory, "_build", "html"))
    # requirements.txt names what the pages need beyond sphinx-scholar (myst-parser, another theme)
    needs = [line for line in _requirements(answers).splitlines() if not line.startswith("sphinx-scholar")]
    if needs:
        print(f"These pages need {' and '.join(needs)}, which requirements.txt lists.")
    print(
        "Build it:  python -m pip install -r "
        f"{shlex.quote(os.path.join(arguments.directory, 'requirements.txt'))}"
        f" && python -m sphinx -W -b html {folder} {output}"
    )
    print(f"Its PDF CV:  sphinx-scholar cv {folder} --out {output}")
    return 0
