"""Theme: ``html_theme = "scholar"``, a personal or lab homepage built on Sphinx's basic theme.

The templates and static files are in ``scholar/``; this module registers the
theme and fills each page's context: the top navigation from the root toctree,
the site title, the footer's icon links and the theme options, checked.

May import every stage before ``glue`` (it needs none of the glue); only
``setup()`` imports it.  Reads conf.py, the researcher's metadata and the
environment's titles and toctrees; writes nothing into the environment.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup
from sphinx import addnodes
from sphinx.util.i18n import format_date

from ..bib.localfiles import FileBoundary, LocalFileRefused, link_path
from ..bib.urls import safe_url
from ..config import scholar_config, valid_color
from ..fileio import write_atomic
from ..people.profile import profile_links
from ..people.site import configured_researcher
from ..report import warn

if TYPE_CHECKING:
    from typing import Any

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

THEME_NAME = "scholar"
THEME_DIR = os.path.join(os.path.dirname(__file__), THEME_NAME)
FILES_DIR = "_files"  # in the output folder: local files the navigation or footer link to


@dataclass(frozen=True)
class NavItem:
    title: str
    target: str  # a docname, or a vetted URL when ``external``
    external: bool = False


def uses_theme(app: Sphinx) -> bool:
    theme = getattr(app.builder, "theme", None)
    return app.builder.format == "html" and getattr(theme, "name", None) == THEME_NAME


# id(env) -> the root toctree's entries; the root doctree is read once per process and build
_ROOT_ENTRIES: dict[int, list[NavItem]] = {}


def root_entries(env: BuildEnvironment, root_doc: str) -> list[NavItem]:
    """The root document's toctree entries in order, hidden toctrees included."""
    if id(env) in _ROOT_ENTRIES:
        return _ROOT_ENTRIES[id(env)]
    items: list[NavItem] = []
    if root_doc in env.all_docs:
        for toctree in env.get_doctree(root_doc).findall(addnodes.toctree):
            for title, ref in toctree["entries"]:
                if ref == "self":
                    continue  # the home link comes first anyway
                if ref in env.all_docs:
                    items.append(NavItem(title or _title_of(env, ref), ref))
                elif (url := safe_url(ref)) and not url.startswith(("/", ".")):
                    items.append(NavItem(title or url, url, external=True))
    _ROOT_ENTRIES[id(env)] = items
    return items


def _title_of(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _ancestors(env: BuildEnvironment, docname: str) -> set[str]:
    parents: dict[str, str] = {}
    for parent, children in env.toctree_includes.items():
        for child in children:
            parents.setdefault(child, parent)
    seen = {docname}
    while docname in parents and parents[docname] not in seen:
        docname = parents[docname]
        seen.add(docname)
    return seen


def _option_links(raw: Any) -> list[tuple[str, str]]:
    """``nav_links`` / ``footer_links``: a list of {"name", "url"} or (name, url) pairs."""
    if not raw:
        return []
    pairs: list[tuple[str, str]] = []
    for item in raw if isinstance(raw, (list, tuple)) else [raw]:
        if isinstance(item, dict) and "name" in item and "url" in item:
            pairs.append((str(item["name"]), str(item["url"])))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((str(item[0]), str(item[1])))
        else:
            warn(
                f"html_theme_options: a link must be {{'name': ..., 'url': ...}}, not {item!r}; left out",
                "theme",
                once=True,
            )
    return pairs


class _PageContext:
    """What the templates need for one page, from the app, the page and its context."""

    def __init__(self, app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
        self.app, self.env, self.pagename, self.context = app, app.builder.env, pagename, context
        self.options: dict[str, Any] = app.builder.theme.get_options(app.config.html_theme_options)  # type: ignore[attr-defined]

    def href(self, target: str, external: bool = False) -> str:
        """A docname, a local file (copied into _files/) or a URL, as this page links to it."""
        if external:
            return target
        if target in self.env.all_docs:
            return self.context["pathto"](target)
        page = target.removesuffix(".html")
        if target.endswith(".html") and page in self.env.all_docs:  # "cv.html": the page, from every folder
            return self.context["pathto"](page)
        if target == scholar_config(self.app.config).cv_pdf:  # the PDF CV that `sphinx-scholar cv` writes
            return self.context["pathto"](target, 1)
        url = safe_url(target)
        if url is None:
            warn(f"html_theme_options: {target!r} is not an http, https, mailto or relative URL", "theme", once=True)
            return ""
        if url.startswith(("http://", "https://", "mailto:", "#")):
            return url
        copied = _copy_local_file(self.app, link_path(url))
        return self.context["pathto"](copied, 1) if copied else ""

    def navigation(self) -> list[dict[str, Any]]:
        root = self.app.config.root_doc
        items = []
        home_label = str(self.options.get("nav_home_label") or "")
        if home_label:
            items.append(NavItem(home_label, root))
        items += root_entries(self.env, root)
        items += [NavItem(name, url) for name, url in _option_links(self.options.get("nav_links"))]
        here = _ancestors(self.env, self.pagename)
        nav = []
        for item in items:
            href = self.href(item.target, item.external)
            if not href:
                continue  # href() said why
            # the home page is current only on itself: every page descends from it
            current = item.target == self.pagename or (item.target != root and item.target in here)
            nav.append({"title": item.title, "url": href, "current": current, "external": item.external})
        return nav

    def footer_links(self) -> list[dict[str, Any]]:
        from ..render.icons import icon_svg  # sphinx-design's octicons: only for sites on this theme

        links = []
        researcher = configured_researcher(self.app.config)
        if researcher is not None and self.options.get("footer_icons", True) not in (False, "false", "False"):
            for link in profile_links(researcher):
                target = link.local_path or link.url
                href = self.href(target) if not link.local_path else _copied_href(self, link.local_path)
                if href:
                    links.append({"label": link.label, "url": href, "icon": Markup(icon_svg(link.icon))})
        for name, url in _option_links(self.options.get("footer_links")):
            href = self.href(url)
            if href:
                links.append({"label": name, "url": href, "icon": Markup(icon_svg("link"))})
        return links

    def site_title(self) -> str:
        explicit = str(self.options.get("site_title") or "")
        if explicit:
            return explicit
        researcher = configured_researcher(self.app.config)
        return researcher.name if researcher is not None else str(self.app.config.project)

    def description(self) -> str:
        explicit = str(self.options.get("description") or "")
        if explicit:
            return explicit
        researcher = configured_researcher(self.app.config)
        if researcher is None:
            return self.site_title()
        about = ", ".join(part for part in (researcher.position, researcher.affiliation) if part)
        return f"{researcher.name}: {about}" if about else researcher.name

    def last_updated(self) -> str:
        if self.context.get("last_updated"):
            return str(self.context["last_updated"])
        if self.options.get("last_updated", True) in (False, "false", "False"):
            return ""
        # format_date honours SOURCE_DATE_EPOCH, so reproducible builds stay reproducible
        return format_date("%B %-d, %Y", language=self.app.config.language)


def _copied_href(page: _PageContext, real_path: str) -> str:
    copied = _copy_file_into_site(page.app, real_path)
    return page.context["pathto"](copied, 1) if copied else ""


def _copy_local_file(app: Sphinx, relative: str) -> str:
    """A file of the source folder linked from the theme, copied into _files/; its URL path, or ''."""
    source = os.path.join(str(app.srcdir), *relative.lstrip("/").split("/"))
    if not os.path.isfile(source):
        warn(
            f"html_theme_options: {relative!r} is neither a document nor a file in the source folder",
            "theme",
            once=True,
        )
        return ""
    boundary = FileBoundary.of([str(app.srcdir)], app.config.scholar_allow_hidden_files)
    try:
        real = boundary.check(source)
    except LocalFileRefused as refusal:
        warn(f"html_theme_options: {relative!r} is not published: {refusal}", "theme", once=True)
        return ""
    return _copy_file_into_site(app, real)


def _copy_file_into_site(app: Sphinx, real_path: str) -> str:
    name = posixpath.join(FILES_DIR, os.path.basename(real_path))
    destination = os.path.join(str(app.outdir), FILES_DIR, os.path.basename(real_path))
    if not os.path.exists(destination) or os.path.getmtime(destination) < os.path.getmtime(real_path):
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with open(real_path, "rb") as source:  # parallel writers may copy it at once: whole or not at all
            write_atomic(destination, source.read())
    return name


def add_theme_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """html-page-context: the navigation, title, footer and options of the scholar theme."""
    if not uses_theme(app):
        return
    page = _PageContext(app, pagename, context)
    accent = str(page.options.get("accent_color") or "")
    accent_dark = str(page.options.get("accent_color_dark") or "")
    for name, value in (("accent_color", accent), ("accent_color_dark", accent_dark)):
        if value and not valid_color(value):
            warn(f"html_theme_options: {name} {value!r} is not a CSS colour; the default is used", "theme", once=True)
    context.update(
        scholar_site_title=page.site_title(),
        scholar_description=page.description(),
        scholar_nav=page.navigation(),
        scholar_footer_links=page.footer_links(),
        scholar_icons_brand=scholar_config(app.config).icon_colors == "brand",
        scholar_last_updated=page.last_updated(),
        scholar_accent=valid_color(accent),
        scholar_accent_dark=valid_color(accent_dark),
        scholar_is_home=pagename == app.config.root_doc,
        scholar_show_scheme_toggle=page.options.get("scheme_toggle", True) not in (False, "false", "False"),
        scholar_show_search=page.options.get("search", True) not in (False, "false", "False"),
        scholar_license=str(page.options.get("license") or ""),
        scholar_license_url=safe_url(str(page.options.get("license_url") or "")) or "",
    )


def forget_root_entries(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the root toctree may have changed since the last build in this process."""
    _ROOT_ENTRIES.pop(id(env), None)


def register(app: Sphinx) -> None:
    app.add_html_theme(THEME_NAME, THEME_DIR)
    app.connect("html-page-context", add_theme_context)
    app.connect("env-updated", forget_root_entries)
