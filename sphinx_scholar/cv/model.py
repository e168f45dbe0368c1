"""Picklable records of a CV: the header, its sections and their entries.

Text is untrusted and may hold a little Markdown (RenderCV's ``**bold**`` and
``[text](url)``); links are already vetted URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import CVDate

# section kind -> the file's section names that mean it (lower case, "_" for spaces)
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "education": ("education", "degrees"),
    "experience": (
        "experience",
        "positions",
        "academic_positions",
        "appointments",
        "employment",
        "work",
        "work_experience",
        "professional_experience",
        "research_experience",
    ),
    "awards": ("awards", "honors", "honours", "awards_and_honors", "awards_and_honours", "honors_and_awards", "prizes"),
    "grants": ("grants", "funding", "fellowships", "grants_and_funding", "research_funding"),
    "talks": ("talks", "invited_talks", "presentations", "seminars", "conference_talks"),
    "teaching": ("teaching", "courses", "teaching_experience"),
    "service": ("service", "professional_service", "volunteer", "volunteering", "reviewing", "outreach"),
    "students": ("students", "mentoring", "supervision", "advising", "students_and_mentoring", "supervised_students"),
    "skills": ("skills", "technical_skills"),
    "languages": ("languages",),
    "publications": ("publications", "selected_publications", "papers"),
}
KIND_OF_NAME = {name: kind for kind, names in SECTION_KINDS.items() for name in names}
# the link fields an entry may carry, and their labels
LINK_FIELDS: dict[str, str] = {
    "url": "Link",
    "website": "Website",
    "course": "Course page",
    "course_url": "Course page",
    "slides": "Slides",
    "video": "Video",
    "recording": "Video",
    "poster": "Poster",
    "pdf": "PDF",
    "code": "Code",
    "doi": "DOI",
}


def section_kind(name: str) -> str:
    """The kind of a section from its name in the file: "education", ..., or "custom"."""
    return KIND_OF_NAME.get(name.strip().lower().replace(" ", "_").replace("-", "_"), "custom")


def section_title(name: str) -> str:
    """RenderCV's rule: a snake_case key is shown with spaces, its first letter capitalised."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text[:1].islower() else text


@dataclass(frozen=True, slots=True)
class CVLink:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class CVEntry:
    """One entry.  ``shape`` is RenderCV's entry type: education, experience, normal,
    publication, one_line, bullet, numbered, reversed_numbered or text."""

    shape: str
    title: str = ""  # institution, position, name, label, bullet or the text itself
    subtitle: str = ""  # degree and area, company, awarder, ...
    location: str = ""
    start: CVDate | None = None
    end: CVDate | None = None
    date: CVDate | None = None
    summary: str = ""
    highlights: tuple[str, ...] = ()
    details: str = ""  # a one-line entry's text after its label
    authors: tuple[str, ...] = ()  # a publication entry's
    links: tuple[CVLink, ...] = ()
    selected: bool = False
    line: int = 0
    # the degree, company, ... as the file names them, for the PDF
    raw: tuple[tuple[str, str], ...] = ()

    def sort_key(self) -> tuple[int, int, int]:
        """Newest first by end (or start, or single) date; "present" is newest."""
        for when in (self.end, self.start, self.date):
            if when is not None and when.parsed:
                return when.sort_key()
        return (0, 0, 0)


@dataclass(frozen=True, slots=True)
class CVSection:
    name: str  # as in the file
    title: str
    kind: str
    entries: tuple[CVEntry, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class CVProfile:
    name: str = ""
    headline: str = ""
    location: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    summary: str = ""
    links: tuple[CVLink, ...] = ()


@dataclass(frozen=True, slots=True)
class CVProblem:
    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CV:
    source: str
    format: str  # "rendercv" or "jsonresume"
    profile: CVProfile
    sections: tuple[CVSection, ...]
    problems: tuple[CVProblem, ...] = ()
    # RenderCV's design, locale and settings, passed to the PDF as the file gave them
    rendercv_options: dict = field(default_factory=dict, compare=False)

    def section(self, name: str) -> CVSection | None:
        """A section by its name in the file or by its kind ("awards" finds "honours")."""
        wanted = name.strip().lower().replace(" ", "_").replace("-", "_")
        for section in self.sections:
            if section.name.strip().lower().replace(" ", "_").replace("-", "_") == wanted:
                return section
        kind = KIND_OF_NAME.get(wanted, wanted)
        return next((s for s in self.sections if s.kind == kind), None)
