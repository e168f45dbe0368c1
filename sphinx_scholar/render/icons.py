"""Inline SVG icons for profile links; nothing is fetched from a CDN.

Services that GitHub's octicons cover come from sphinx-design's bundled copy;
the rest are small monograms drawn here (the service's usual letters in a
frame).  Every icon is drawn in ``currentColor``, so a row of them is one
style and follows the theme; ``scholar_icon_colors = "brand"`` (the class
``scholar-icons-brand``) fills the monograms with their brand colours.
"""

from __future__ import annotations

import functools

from sphinx_design.icons import get_octicon

_OCTICONS = {
    "email": "mail",
    "cv": "file",
    "github": "mark-github",
    "scholar": "mortar-board",
    "website": "globe",
    "link": "link",
}

# icon -> (brand colour, letters): a framed monogram, filled with the colour only in brand mode
_MONOGRAMS = {
    "orcid": ("#a6ce39", "iD"),
    "dblp": ("#004f9f", "db"),
    "semanticscholar": ("#1857b6", "S2"),
    "openreview": ("#8c1b13", "OR"),
    "researchgate": ("#00a797", "RG"),
    "linkedin": ("#0a66c2", "in"),
    "gitlab": ("#e24329", "GL"),
    "bluesky": ("#1185fe", "bs"),
    "mastodon": ("#6364ff", "M"),
}

# X's mark: two strokes in the text colour, so it follows the theme.
_X = (
    '<svg class="scholar-icon scholar-icon-x" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">'
    '<path d="M2.5 2h3.2l8 12h-3.2z" fill="currentColor"/>'
    '<path d="M12.8 2h1.4L3.4 14H2z" fill="currentColor"/></svg>'
)


@functools.cache
def icon_svg(icon: str) -> str:
    """Markup of one icon; ``aria-hidden`` because the link's label says what it is."""
    if icon == "x":
        return _X
    if icon in _MONOGRAMS:
        colour, letters = _MONOGRAMS[icon]
        size = "7" if len(letters) > 1 else "8.5"
        radius = "7.25" if icon == "orcid" else "3"
        return (
            f'<svg class="scholar-icon scholar-icon-monogram scholar-icon-{icon}" width="1em" height="1em"'
            f' viewBox="0 0 16 16" aria-hidden="true" style="--scholar-brand: {colour}">'
            f'<rect class="scholar-icon-frame" x="0.75" y="0.75" width="14.5" height="14.5" rx="{radius}"'
            ' fill="none" stroke="currentColor" stroke-width="1.5"/>'
            f'<text class="scholar-icon-letters" x="8" y="10.9" text-anchor="middle"'
            f' font-family="Arial,Helvetica,sans-serif" font-weight="700" font-size="{size}"'
            f' fill="currentColor">{letters}</text></svg>'
        )
    return get_octicon(_OCTICONS.get(icon, "link"), height="1em", classes=["scholar-icon", f"scholar-icon-{icon}"])
