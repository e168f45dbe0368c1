"""Inline SVG icons for profile links; nothing is fetched from a CDN.

Services that GitHub's octicons cover come from sphinx-design's bundled copy;
the rest are small monograms drawn here (a brand-coloured shape and the
service's usual letters), which stay legible in light and dark themes.
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

# icon -> (shape colour, letters); drawn as a rounded square with white letters
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
        size = "7.5" if len(letters) > 1 else "9"
        return (
            f'<svg class="scholar-icon scholar-icon-{icon}" width="1em" height="1em" viewBox="0 0 16 16"'
            ' aria-hidden="true">'
            f'<rect width="16" height="16" rx="{8 if icon == "orcid" else 3}" fill="{colour}"/>'
            f'<text x="8" y="11.2" text-anchor="middle" font-family="Arial,Helvetica,sans-serif" font-weight="700" '
            f'font-size="{size}" fill="#fff">{letters}</text></svg>'
        )
    return get_octicon(_OCTICONS.get(icon, "link"), height="1em", classes=["scholar-icon", f"scholar-icon-{icon}"])
