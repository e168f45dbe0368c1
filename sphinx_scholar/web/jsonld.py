"""schema.org JSON-LD for pages that declare researchers (HTML only; ``glue.pages`` adds it)."""

from __future__ import annotations

import json

from ..model import Researcher
from ..people.profile import profile_links

# Services whose link is the person's own site rather than a profile elsewhere.
_OWN_SITE = frozenset({"website"})
_NOT_PROFILES = frozenset({"email", "cv"})


def person(researcher: Researcher) -> dict:
    """A schema.org Person: name, job, affiliation, ORCID and every profile link as sameAs."""
    data: dict = {"@type": "Person", "name": researcher.name}
    if researcher.aliases:
        data["alternateName"] = list(researcher.aliases)
    if researcher.position:
        data["jobTitle"] = researcher.position
    if researcher.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": researcher.affiliation}
    if researcher.email:
        data["email"] = researcher.email
    if researcher.orcid:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "ORCID", "value": researcher.orcid}
    same_as = []
    for link in profile_links(researcher):
        if link.local_path or not link.url.startswith(("http://", "https://")):
            continue
        if link.service in _OWN_SITE and "url" not in data:
            data["url"] = link.url
        elif link.service not in _NOT_PROFILES:
            same_as.append(link.url)
    if same_as:
        data["sameAs"] = same_as
    return data


def script_tag(data: dict) -> str:
    """A <script type="application/ld+json"> that no value can close early."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'
