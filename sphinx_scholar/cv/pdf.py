"""The PDF CV: the CV file and the CV page's publication lists, typeset by RenderCV.

RenderCV validates the input, writes Typst from its own templates, and Typst
makes the PDF with the fonts of rendercv-fonts.  Two things are ours:

- RenderCV's Typst imports the ``@preview/fontawesome`` package, which Typst
  would download.  A build never touches the network, so the import is
  replaced by a ``fa-icon`` that draws the same icons from the Font Awesome 7
  fonts rendercv-fonts ships (by their ligature names).
- Text reaches RenderCV as its Markdown, and RenderCV passes ``#...[...]``,
  ``$$...$$`` and link targets to Typst as code.  Text from a bib or a CV file
  is untrusted, so those are neutralised first (``typst_safe``), and Typst's
  root is a folder holding nothing but the source.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..bib.identifiers import arxiv_id, doi_url
from ..bib.latex import plain_text
from ..bib.urls import safe_url
from ..model import Author, Publication
from ..render.parts import venue_spec
from .dates import CVDate
from .model import CV, CVEntry, CVSection

RENDERCV_IMPORT = '#import "@preview/fontawesome:0.5.0": fa-icon'
# RenderCV's icon names -> (Font Awesome 7 font, code point).  Code points, not the fonts'
# ligatures, so that a PDF's text (what an applicant-tracking system reads) holds no icon names.
_ICONS = {
    "location-dot": ("Free Solid", 0xF3C5),
    "envelope": ("Free Solid", 0xF0E0),
    "phone": ("Free Solid", 0xF095),
    "link": ("Free Solid", 0xF0C1),
    "graduation-cap": ("Free Solid", 0xF19D),
    "code": ("Free Solid", 0xF121),
    "external-link": ("Free Solid", 0xF35D),
    "linkedin": ("Brands", 0xF08C),
    "github": ("Brands", 0xF09B),
    "gitlab": ("Brands", 0xF296),
    "imdb": ("Brands", 0xF2D8),
    "instagram": ("Brands", 0xF16D),
    "mastodon": ("Brands", 0xF4F6),
    "orcid": ("Brands", 0xF8D2),
    "stack-overflow": ("Brands", 0xF16C),
    "researchgate": ("Brands", 0xF4F8),
    "youtube": ("Brands", 0xF167),
    "telegram": ("Brands", 0xF2C6),
    "x-twitter": ("Brands", 0xE61B),
}
LOCAL_FA_ICON = (
    "// sphinx-scholar: Font Awesome from the files of rendercv-fonts, not from Typst's package registry\n"
    "#let scholar-icons = ("
    + ", ".join(f'"{name}": ("Font Awesome 7 {font}", {point:#x})' for name, (font, point) in _ICONS.items())
    + ")\n"
    "#let fa-icon(name, size: 1em, ..rest) = if name in scholar-icons {\n"
    "  let (font, point) = scholar-icons.at(name)\n"
    "  box(text(font: font, size: size, str.from-unicode(point)))\n"
    "}"
)


class PDFError(RuntimeError):
    """The PDF could not be made; the message says why (RenderCV's own errors included)."""


def engine_missing() -> str | None:
    """Why the PDF engine cannot run here, or None when RenderCV, Typst and the fonts are installed."""
    for module in ("rendercv", "typst", "rendercv_fonts"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed: pip install 'sphinx-scholar[pdf]'"
    return None


# -- untrusted text as RenderCV Markdown --------------------------------------------------

_MARKDOWN_LINK = re.compile(r"\[([^\]\[]*)\]\((.*?)\)")


def _inert(text: str) -> str:
    """Text RenderCV shows as written: no Typst code, maths or emphasis of its own."""
    text = text.replace("*", "\\*")
    # "#[\#]" (a content block) looks like a Typst command, which RenderCV passes on whole: Typst shows "#"
    return text.replace("#", "#[\\#]").replace("$", "#[\\$]")


def typst_safe(text: str, markdown: bool = True) -> str:
    """A CV file's Markdown (``markdown``) or a bib's plain text, safe to hand to RenderCV.

    Links keep only a vetted http(s)/mailto target without quotes; everything
    else is inert text.
    """
    if not markdown:
        return _inert(text)
    out, position = [], 0
    for match in _MARKDOWN_LINK.finditer(text):
        out.append(_inert_markdown(text[position : match.start()]))
        label, url = match.group(1), match.group(2).strip()
        vetted = safe_url(url)
        label_text = _inert_markdown(label.replace("#", "").replace("$", ""))
        if vetted and vetted.startswith(("http://", "https://", "mailto:")) and not re.search(r'["\\\s)]', vetted):
            out.append(f"[{label_text}]({vetted})")
        else:
            out.append(label_text)
        position = match.end()
    out.append(_inert_markdown(text[position:]))
    return "".join(out)


def _inert_markdown(text: str) -> str:
    """Keeps **bold** and *italic*, the Markdown a CV file means; removes code and maths."""
    return text.replace("#", "#[\\#]").replace("$", "#[\\$]")


# -- the RenderCV input ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationGroup:
    """A heading of the CV page's publications ("" for an ungrouped list) and its entries."""

    heading: str
    entries: tuple[tuple[Publication, int | None], ...]  # (entry, its number or None)


def _date_fields(entry: CVEntry) -> dict[str, str]:
    def usable(when: CVDate | None) -> bool:
        return when is not None and (when.present or (when.year > 0 and not when.text))

    if usable(entry.start):
        fields = {"start_date": entry.start.iso()}  # type: ignore[union-attr]
        if entry.end is not None and usable(entry.end):
            fields["end_date"] = entry.end.iso()
        return fields
    single = entry.date or entry.start or entry.end
    if single is None:
        return {}
    if single.present:
        return {"date": "present"}
    # a year or a date RenderCV reads, else the text as written ("Fall 2023")
    return {"date": typst_safe(single.iso() if not single.text else single.text, markdown=False)}


LinkResolver = Callable[[str], str | None]


def _absolute_only(url: str) -> str | None:
    return url if url.startswith(("http://", "https://", "mailto:")) else None


def _links_line(entry: CVEntry, resolve: LinkResolver) -> str:
    """The entry's links as one line; a relative link only where ``resolve`` knows its address on the site."""
    links = []
    for link in entry.links:
        url = resolve(link.url)
        if url and not re.search(r'["\\\s)]', url):
            links.append(f"[{_inert_markdown(link.label)}]({url})")
    return " · ".join(links)


def _rendercv_entry(entry: CVEntry, resolve: LinkResolver = _absolute_only) -> dict | str:
    safe = typst_safe
    if entry.shape == "text":
        return safe(entry.title)
    if entry.shape == "bullet":
        return {"bullet": safe(entry.title)}
    if entry.shape == "numbered":
        return {"number": safe(entry.title)}
    if entry.shape == "reversed_numbered":
        return {"reversed_number": safe(entry.title)}
    if entry.shape == "one_line":
        return {"label": safe(entry.title), "details": safe(entry.details) or " "}
    fields: dict = {}
    if entry.shape == "education":
        raw = dict(entry.raw)
        fields["institution"] = safe(entry.title)
        fields["area"] = safe(raw.get("area", "") or entry.subtitle) or " "
        if raw.get("degree"):
            fields["degree"] = safe(raw["degree"])
    elif entry.shape == "experience":
        fields["company"] = safe(entry.subtitle) if entry.subtitle else " "
        fields["position"] = safe(entry.title)
    elif entry.shape == "publication":
        fields["title"] = safe(entry.title)
        fields["authors"] = [safe(author) for author in entry.authors] or [" "]
        if entry.subtitle:
            fields["journal"] = safe(entry.subtitle)
    else:
        fields["name"] = safe(entry.title)
    if entry.location:
        fields["location"] = safe(entry.location)
    fields.update(_date_fields(entry))
    # a talk's event, a student's degree: under the name, which stays the bold part
    lead = safe(entry.subtitle) if entry.shape == "normal" and entry.subtitle else ""
    parts = (lead, safe(entry.summary) if entry.summary else "", _links_line(entry, resolve))
    summary = " ".join(_sentence(part) if index < 2 else part for index, part in enumerate(parts) if part)
    if entry.shape != "publication":
        if summary:
            fields["summary"] = summary
        if entry.highlights:
            fields["highlights"] = [safe(h) for h in entry.highlights]
    return fields


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


def _author_name(author: Author, is_researcher: bool) -> str:
    name = _inert(plain_text(author.text)) + author.marks.replace("*", "\\*")
    return f"**{name}**" if is_researcher else name


_YEAR_SEGMENT = re.compile(r"(?:\w+ )?\d{4}")


def _venue_markdown(publication: Publication) -> str:
    """The list's venue line (journal in italics, volume, pages, school, ...) without the year,
    which RenderCV puts in the date column."""
    segments = list(venue_spec(publication, detailed=True))
    if (
        segments
        and len(segments[-1]) == 1
        and segments[-1][0][0] == "text"
        and _YEAR_SEGMENT.fullmatch(segments[-1][0][1])
    ):
        segments.pop()
    shown = []
    for segment in segments:
        pieces = []
        for kind, value in segment:
            text = _inert(value if kind == "text" else plain_text(value))
            pieces.append(f"*{text.strip()}*" if kind == "emphasis" and text.strip() else text)
        if "".join(pieces).strip():
            shown.append("".join(pieces))
    return ", ".join(shown)


def publication_entry(publication: Publication, number: int | None, is_researcher: Callable[[Author], bool]) -> dict:
    """A RenderCV PublicationEntry for a bib entry: the researcher's name in bold."""
    title = _inert(plain_text(publication.get("title")))
    if number is not None:
        title = f"[{number}] {title}"
    people = publication.authors or publication.editors
    authors = [_author_name(a, is_researcher(a)) if not a.is_others else "et al." for a in people]
    entry: dict = {"title": title, "authors": authors or [" "]}
    venue = _venue_markdown(publication)
    if venue:
        entry["journal"] = venue
    doi = doi_url(publication.get("doi")) if publication.get("doi") else None
    if doi:
        entry["doi"] = doi.split("doi.org/", 1)[-1]
    else:
        url = safe_url(publication.get("url")) if publication.get("url") else None
        arxiv = arxiv_id(publication)
        if url is None and arxiv:
            url = f"https://arxiv.org/abs/{arxiv}"
        if url and url.startswith(("http://", "https://")):
            entry["url"] = url
    if publication.year is not None:
        entry["date"] = (
            f"{publication.year:04d}-{publication.month:02d}" if publication.month else str(publication.year)
        )
    return entry


def rendercv_input(
    cv: CV,
    sections: Iterable[CVSection],
    publications: list[PublicationGroup],
    is_researcher: Callable[[Author], bool],
    today: str,
    resolve_link: LinkResolver = _absolute_only,
) -> dict:
    """RenderCV's input: the profile, the chosen sections in order, the bib's groups where "publications" is."""
    profile = cv.profile
    header: dict = {"name": typst_safe(profile.name, markdown=False) or "CV"}
    if profile.location:
        header["location"] = typst_safe(profile.location, markdown=False)
    if profile.email:
        header["email"] = profile.email
    if profile.phone:
        header["phone"] = profile.phone
    if profile.website:
        header["website"] = profile.website
    networks = [
        {"network": link.label, "username": _username(link.url, link.label)}
        for link in profile.links
        if _username(link.url, link.label)
    ]
    if networks:
        header["social_networks"] = networks
    body: dict[str, list] = {}
    if profile.headline or profile.summary:
        body[" "] = [typst_safe(text) for text in (profile.headline, profile.summary) if text]
    for section in sections:
        if section.kind == "publications" and publications:
            for group in publications:
                body[_unique(body, group.heading or section.title)] = [
                    publication_entry(p, number, is_researcher) for p, number in group.entries
                ]
            continue
        entries = [_rendercv_entry(entry, resolve_link) for entry in section.entries]
        if entries:
            body[_unique(body, section.title)] = _one_type(entries)
    header["sections"] = body
    options = dict(cv.rendercv_options)
    design = dict(options.get("design") or {})
    design.setdefault("theme", "classic")
    settings = dict(options.get("rendercv_settings") or {})
    settings["date"] = today
    settings.pop("render_command", None)  # where RenderCV's own CLI writes; ours decides
    settings["sort_entries"] = "none"  # already in the order the page shows
    document = {"cv": header, "design": design, "rendercv_settings": settings}
    if "locale" in options:
        document["locale"] = options["locale"]
    return document


def _one_type(entries: list) -> list:
    """RenderCV wants one entry type per section: texts and bullets mixed with others become bullets' texts."""
    shapes = {_shape_of(e) for e in entries}
    if len(shapes) == 1:
        return entries
    return [_as_normal(e) for e in entries]


def _shape_of(entry: dict | str) -> str:
    if isinstance(entry, str):
        return "text"
    for key, shape in (
        ("institution", "education"),
        ("company", "experience"),
        ("authors", "publication"),
        ("label", "one_line"),
        ("bullet", "bullet"),
        ("number", "numbered"),
        ("reversed_number", "reversed_numbered"),
    ):
        if key in entry:
            return shape
    return "normal"


def _as_normal(entry: dict | str) -> dict:
    if isinstance(entry, str):
        return {"name": entry}
    shape = _shape_of(entry)
    if shape == "normal":
        return entry
    name = next(
        entry[k]
        for k in ("institution", "position", "title", "label", "bullet", "number", "reversed_number")
        if k in entry
    )
    kept = {
        k: v for k, v in entry.items() if k in ("location", "date", "start_date", "end_date", "summary", "highlights")
    }
    return {"name": name, **kept}


def _unique(taken: dict, title: str) -> str:
    candidate, counter = title, 1
    while candidate in taken:
        counter += 1
        candidate = f"{title} ({counter})"
    return candidate


_USERNAME_PATTERNS = {
    "Google Scholar": r"[?&]user=([\w-]+)",
    "ORCID": r"orcid\.org/([\dX-]+)",
}


def _username(url: str, network: str) -> str:
    """The username RenderCV wants back from a profile URL (it rebuilds the URL)."""
    if network in _USERNAME_PATTERNS:
        match = re.search(_USERNAME_PATTERNS[network], url)
        return match.group(1) if match else ""
    if network == "Mastodon":
        match = re.match(r"https?://([^/]+)/@([\w.]+)", url)
        return f"@{match.group(2)}@{match.group(1)}" if match else ""
    from .load import RENDERCV_NETWORK_URLS

    template = RENDERCV_NETWORK_URLS.get(network.lower())
    if template is None:
        return ""
    prefix = template.split("{}", 1)[0]
    if not url.startswith(prefix):
        return ""
    return re.sub(r"[^\w.@+-]", "", url[len(prefix) :].rstrip("/"))


# -- Typst -----------------------------------------------------------------------------


def typst_source(document: dict) -> str:
    """RenderCV's Typst for the input; PDFError with RenderCV's own messages when it rejects it."""
    from rendercv.api import functions

    result = functions.create_contents_of_a_typst_file_from_a_python_dictionary(document)
    if isinstance(result, list):
        problems = "; ".join(f"{'.'.join(map(str, e.get('location', ())))}: {e.get('message', '')}" for e in result)
        raise PDFError(f"RenderCV rejected the CV: {problems}")
    if RENDERCV_IMPORT not in result:
        raise PDFError("RenderCV's Typst no longer imports the icon package this version expects; no PDF made")
    return result.replace(RENDERCV_IMPORT, LOCAL_FA_ICON, 1)


def compile_pdf(source: str, destination: str) -> float:
    """Typst's PDF of ``source`` at ``destination``; returns the seconds it took."""
    import rendercv_fonts
    import typst

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sphinx-scholar-cv.") as root:
        path = os.path.join(root, "cv.typ")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(source)
        output = os.path.join(root, "cv.pdf")
        try:
            typst.compile(
                path, output=output, root=root, font_paths=[str(p) for p in rendercv_fonts.paths_to_font_folders]
            )
        except Exception as error:  # typst raises its own TypstError
            raise PDFError(f"Typst could not typeset the CV: {error}") from None
        os.makedirs(os.path.dirname(os.path.abspath(destination)), exist_ok=True)
        temporary = f"{destination}.scholar-tmp"
        shutil.copyfile(output, temporary)
        os.replace(temporary, destination)
    return time.perf_counter() - started


def replace_profile_name(cv: CV, name: str) -> CV:
    """The CV with a name from the site's researcher when the file gives none."""
    if cv.profile.name or not name:
        return cv
    return dataclasses.replace(cv, profile=dataclasses.replace(cv.profile, name=name))
