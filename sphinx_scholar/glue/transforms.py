"""Read-time transform: group headings that cannot be sections become rubrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from typing import Any


class GroupHeadingsWhereSectionsCannotBe(SphinxTransform):
    """A list inside a tab, an admonition or a table cell cannot hold sections;
    there its group headings become rubrics (with the same ids) and are left out
    of the table of contents."""

    default_priority = 200  # before Sphinx collects the table of contents

    def apply(self, **kwargs: Any) -> None:
        while True:
            misplaced = [
                section
                for section in self.document.findall(nodes.section)
                if "scholar-group" in section["classes"]
                and not isinstance(section.parent, (nodes.section, nodes.document))
            ]
            if not misplaced:
                return
            for section in misplaced:
                title = section[0]
                rubric = nodes.rubric(
                    title.astext(), "", *title.children, ids=section["ids"], classes=section["classes"]
                )
                section.replace_self([rubric, *section.children[1:]])


class CardUnderItsOwnName(SphinxTransform):
    """A researcher card under a heading that already is the researcher's name
    (a homepage titled "Lena Marwick") does not repeat the name."""

    default_priority = 210

    def apply(self, **kwargs: Any) -> None:
        for card in list(self.document.findall(nodes.container)):
            if "scholar-researcher" not in card["classes"]:
                continue
            names = [p for p in card.findall(nodes.paragraph) if "scholar-researcher-name" in p["classes"]]
            section = card.parent
            while section is not None and not isinstance(section, nodes.section):
                section = section.parent
            if not names or section is None or not isinstance(section[0], nodes.title):
                continue
            if " ".join(section[0].astext().split()) == " ".join(names[0].astext().split()):
                names[0].parent.remove(names[0])
                card["classes"].append("scholar-researcher-titled")
