"""Load stage for people: researcher metadata from a directive, a file or conf.py.

One vocabulary serves all three sources, so ``scholar_researcher``, a
``researcher.yaml`` and the directive's options agree.  Values are untrusted:
links are resolved here to vetted URLs (or dropped with a reason), and
everything else is plain text that rendering escapes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..bib.urls import is_relative, safe_url
from ..model import Researcher

if TYPE_CHECKING:
    from collections.abc import Callable


class ProfileError(ValueError):
    """A metadata file cannot be read; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


# service -> (label, URL template for a bare identifier or None, icon name in icons.py)
SERVICES = {
    "email": ("Email", "mailto:{}", "email"),
    "cv": ("CV", None, "cv"),
    "scholar": ("Google Scholar", "https://scholar.google.com/citations?user={}", "scholar"),
    "orcid": ("ORCID", "https://orcid.org/{}", "orcid"),
    "github": ("GitHub", "https://github.com/{}", "github"),
    "gitlab": ("GitLab", "https://gitlab.com/{}", "gitlab"),
    "dblp": ("DBLP", "https://dblp.org/pid/{}.html", "dblp"),
    "semanticscholar": ("Semantic Scholar", "https://www.semanticscholar.org/author/{}", "semanticscholar"),
    "openreview": ("OpenReview", "https://openreview.net/profile?id={}", "openreview"),
    "researchgate": ("ResearchGate", "https://www.researchgate.net/profile/{}", "researchgate"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/{}", "linkedin"),
    "x": ("X", "https://x.com/{}", "x"),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}", "bluesky"),
    "mastodon": ("Mastodon", None, "mastodon"),
    "website": ("Website", None, "website"),
}
# Other spellings of a service, including al-folio's socials.yml keys.
SERVICE_ALIASES = {
    "mail": "email",
    "e-mail": "email",
    "resume": "cv",
    "cv_pdf": "cv",
    "google_scholar": "scholar",
    "googlescholar": "scholar",
    "scholar_userid": "scholar",
    "orcid_id": "orcid",
    "github_username": "github",
    "gitlab_username": "gitlab",
    "dblp_url": "dblp",
    "semanticscholar_id": "semanticscholar",
    "semantic_scholar": "semanticscholar",
    "s2": "semanticscholar",
    "openreview_id": "openreview",
    "research_gate_profile": "researchgate",
    "linkedin_username": "linkedin",
    "twitter": "x",
    "twitter_username": "x",
    "x_username": "x",
    "bluesky_url": "bluesky",
    "mastodon_username": "mastodon",
    "homepage": "website",
    "web": "website",
    "personal": "website",
    "site": "website",
}
# Keys of the metadata vocabulary (besides links and link services at top level).
FIELDS = ("name", "aliases", "orcid", "position", "affiliation", "email", "photo", "links", "bio")
METADATA_SUFFIXES = (".yaml", ".yml", ".toml", ".json")

_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_IDENTIFIER = re.compile(r"[\w.\-~@:/+]+")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")


def canonical_service(name: str) -> str:
    key = str(name).strip().lower().replace(" ", "_")
    return SERVICE_ALIASES.get(key, key)


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, the check digit every ORCID iD carries."""
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def parse_orcid(value: str) -> str | None:
    """ "0000-0002-1825-0097" or "https://orcid.org/0000-..." -> the bare iD, when valid."""
    match = _ORCID.search(str(value).strip())
    if not match or not orcid_checksum_ok(match.group(1)):
        return None
    return match.group(1)


def read_metadata_file(path: str) -> dict:
    """A YAML, TOML or JSON file as a mapping; ProfileError with the line when it is invalid."""
    suffix = os.path.splitext(path)[1].lower()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError as error:
        raise ProfileError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ProfileError(f"{path} is not UTF-8 (byte {error.start})") from None
    if suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line = re.search(r"line (\d+)", str(error))
            raise ProfileError(f"invalid TOML: {error}", int(line.group(1)) if line else None) from None
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ProfileError(f"invalid JSON: {error.msg}", error.lineno) from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or str(error)
            raise ProfileError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError("the file must hold a mapping of fields (name, position, links, ...)", 1)
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


def _aliases(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(a for a in (str(v).strip() for v in value) if a)


def parse_links(value: object, report: Callable[..., None]) -> tuple[tuple[str, str], ...]:
    """``{"cv": "cv.pdf"}``, ``"cv=cv.pdf, github=me"`` or a list of either -> ((service, value), ...)."""
    pairs: list[tuple[str, str]] = []
    if isinstance(value, dict):
        pairs = [(str(k), _text(v)) for k, v in value.items()]
    elif isinstance(value, str):
        for part in re.split(r",\s*(?=[\w\-]+\s*=)", value):
            if not part.strip():
                continue
            service, sep, target = part.partition("=")
            if not sep:
                report(f"link {part.strip()!r} needs the form service=URL")
                continue
            pairs.append((service.strip(), target.strip()))
    elif isinstance(value, (list, tuple)):
        for item in value:
            pairs.extend(parse_links(item, report))
    elif value is not None:
        report("links must be a mapping of service -> URL or identifier")
    return tuple((canonical_service(service), target) for service, target in pairs if target)


def _local_or_url(value: str, base_dir: str, what: str, report, must_exist: bool) -> str:
    """A vetted URL, or the absolute path of a local file relative to ``base_dir``."""
    url = safe_url(value)
    if url is None:
        report(f"{what} {value!r} is not an http(s), mailto or relative URL; left out")
        return ""
    if not is_relative(url) or url.startswith("/"):
        return url
    candidate = os.path.normpath(os.path.join(base_dir, url.split("#")[0].split("?")[0]))
    if os.path.isfile(candidate):
        return candidate
    if must_exist:
        report(f"{what} {value!r} does not exist (looked in {base_dir}); left out")
        return ""
    if os.path.splitext(url.split("#")[0].split("?")[0])[1].lower() not in ("", ".html", ".htm"):
        report(f"{what} {value!r} is not a file in {base_dir}; linked as written")
    return url  # a page of the site, such as cv.html


def researcher_from_mapping(
    data: dict, base_dir: str, source: str, report: Callable[..., None], base: Researcher | None = None
) -> Researcher | None:
    """A Researcher from the metadata vocabulary, over ``base`` when given.

    Relative paths are relative to ``base_dir`` (the file that declares them);
    ``report(message)`` hears every problem.
    """
    unknown = [key for key in data if key not in FIELDS and canonical_service(key) not in SERVICES and key != "socials"]
    if unknown:
        report(
            f"unknown researcher field(s) {', '.join(map(str, unknown))}; known: {', '.join(FIELDS)} and link services"
        )
    name = _text(data.get("name")) or (base.name if base else "")
    if not name:
        report("researcher metadata needs a 'name'")
        return None
    # Link services may also stand at the top level, as in al-folio's socials.yml.
    written = parse_links(data.get("links"), report) + parse_links(data.get("socials"), report)
    written += tuple(
        (canonical_service(key), _text(value))
        for key, value in data.items()
        if key not in FIELDS and canonical_service(key) in SERVICES and _text(value)
    )
    orcid = base.orcid if base else ""
    orcid_text = _text(data.get("orcid")) or next((v for s, v in written if s == "orcid"), "")
    if orcid_text:
        orcid = parse_orcid(orcid_text) or ""
        if not orcid:
            report(f"{orcid_text!r} is not a valid ORCID iD (form 0000-0000-0000-0000 with a matching check digit)")
    email = _text(data.get("email")) or next((v for s, v in written if s == "email"), "")
    if email.lower().startswith("mailto:"):
        email = email[7:]
    if email and not _EMAIL.fullmatch(email):
        report(f"{email!r} is not an email address; left out")
        email = ""
    links = dict(base.links) if base else {}
    for service, raw_value in written:
        if service in ("orcid", "email"):
            continue
        value = raw_value
        template = SERVICES.get(service, ("", None, ""))[1]
        if template is None or "://" in value or value.startswith((".", "/")):
            value = _local_or_url(value, base_dir, f"{service} link", report, must_exist=False)
        if value:
            links[service] = value
    photo = base.photo if base else ""
    if _text(data.get("photo")):
        photo = _local_or_url(_text(data["photo"]), base_dir, "photo", report, must_exist=True)
    aliases = _aliases(data["aliases"]) if "aliases" in data else (base.aliases if base else ())
    return Researcher(
        name=name,
        aliases=aliases,
        orcid=orcid,
        position=_text(data.get("position")) or (base.position if base else ""),
        affiliation=_text(data.get("affiliation")) or (base.affiliation if base else ""),
        email=email or (base.email if base else ""),
        photo=photo,
        links=tuple(links.items()),
        bio=str(data.get("bio") or "").strip() or (base.bio if base else ""),
        source=source or (base.source if base else ""),
    )


def load_researcher_file(path: str, report: Callable[..., None]) -> Researcher | None:
    """A Researcher from a metadata file; problems go to ``report(message, line)``."""
    try:
        data = read_metadata_file(path)
    except ProfileError as error:
        report(str(error), error.line)
        return None
    researcher = researcher_from_mapping(
        data, os.path.dirname(os.path.abspath(path)), path, lambda message: report(message, None)
    )
    if researcher is not None and researcher.bio:
        researcher = dataclasses.replace(researcher, bio_line=_line_of_key(path, "bio"))
    return researcher


_BLOCK_STARTS = ("", "|", ">", "|-", ">-", '"' * 3, "'" * 3)


def _line_of_key(path: str, key: str) -> int:
    """The line where a top-level key's text starts (block text starts one line below)."""
    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    pattern = re.compile(rf'^\s*"?{key}"?\s*[:=]\s*(.*)$')
    for number, line in enumerate(lines, start=1):
        match = pattern.match(line)
        if match:
            return number + 1 if match.group(1).strip() in _BLOCK_STARTS else number
    return 0


@dataclass(frozen=True)
class ProfileLink:
    service: str
    label: str
    url: str  # vetted: http(s), mailto or relative
    icon: str
    local_path: str = ""  # an existing file to copy into the site (relative links only)


def profile_links(researcher: Researcher, report: Callable[..., None] = lambda message: None) -> list[ProfileLink]:
    """The links a card shows, in a fixed order: email, CV, ORCID, then as written."""
    links: list[ProfileLink] = []
    if researcher.email:
        links.append(ProfileLink("email", "Email", "mailto:" + quote(researcher.email, safe="@.+-_"), "email"))
    ordered = [(s, v) for s, v in researcher.links if s == "cv"]
    if researcher.orcid:
        ordered.append(("orcid", researcher.orcid))
    ordered += [(s, v) for s, v in researcher.links if s != "cv"]
    for service, value in ordered:
        link = _resolve_link(service, value, report)
        if link is not None:
            links.append(link)
    return links


def _resolve_link(service: str, value: str, report) -> ProfileLink | None:
    label, template, icon = SERVICES.get(service, (service.replace("_", " ").title(), None, "link"))
    if service == "orcid":
        return ProfileLink(service, label, f"https://orcid.org/{value}", icon)
    if os.path.isabs(value) and os.path.isfile(value):
        return ProfileLink(service, label, os.path.basename(value), icon, local_path=value)
    if template is None or "://" in value or value.startswith((".", "/", "mailto:")):
        url = safe_url(value)
        return ProfileLink(service, label, url, icon) if url else None
    if not _IDENTIFIER.fullmatch(value):
        report(f"{service} identifier {value!r} has characters no profile id has; left out")
        return None
    return ProfileLink(service, label, template.format(quote(value, safe="/~:@.-_")), icon)
