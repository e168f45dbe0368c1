"""Markdown and a little HTML in the fields whose authors write them (al-folio's
``additional_info`` and ``award``, links in notes) render as meant; nothing else
of the markup reaches the page, and every link passes the URL gate."""

from __future__ import annotations

BIB = r"""
@inproceedings{oral2024, title={Oral Paper}, author={Zhang, Qiaozhe}, booktitle={NeurIPS}, year={2024},
  additional_info={**(oral)** and *spotlight*, see [the talk](https://example.org/talk)}}
@article{solutions2023, title={With Solutions}, author={Zhang, Qiaozhe}, journal={J}, year={2023},
  note={<a href="https://example.org/solutions">Solutions</a>, <b>errata</b><br>and x<sup>2</sup>}}
@article{hostile2022, title={Hostile Note}, author={Zhang, Qiaozhe}, journal={J}, year={2022},
  note={<a href="javascript:alert(1)">click</a><script>alert(2)</script><img src=x onerror=alert(3)> done}}
@article{award2021, title={Awarded}, author={Zhang, Qiaozhe}, journal={J}, year={2021},
  award={**Best Paper** of the year}, award_name={Best Paper}}
@article{mathnote2020, title={Math Note}, author={Zhang, Qiaozhe}, journal={J}, year={2020},
  additional_info={Bounds for $x_i$ and $y_i$}}
"""


def test_al_folio_markdown_and_note_html_render_as_meant(project):
    soup = project(BIB).soup()
    oral = soup.find(id="oral2024").select_one(".scholar-note")
    assert oral.find("strong").get_text() == "(oral)" and oral.find("em").get_text() == "spotlight"
    assert oral.find("a")["href"] == "https://example.org/talk"
    assert "*" not in oral.get_text() and "[" not in oral.get_text()
    assert " ".join(oral.get_text().split()) == "(oral) and spotlight, see the talk"

    solutions = soup.find(id="solutions2023").select_one(".scholar-note")
    assert solutions.find("a")["href"] == "https://example.org/solutions"
    assert solutions.find("strong").get_text() == "errata" and solutions.find("sup").get_text() == "2"
    assert "<" not in solutions.get_text() and solutions.get_text().strip() == "Solutions, errata and x2"

    award = soup.find(id="award2021").select_one(".scholar-award")
    assert "**" not in award.get_text() and award.find("strong").get_text() == "Best Paper"

    # maths is not read as Markdown emphasis
    note = soup.find(id="mathnote2020").select_one(".scholar-note")
    assert not note.find("em") and len(note.select(".scholar-math")) == 2


def test_other_markup_is_dropped_and_links_are_gated(project):
    soup = project(BIB).soup()
    hostile = soup.find(id="hostile2022").select_one(".scholar-note")
    assert hostile.get_text().strip() == "click done"
    assert not hostile.select("script, img, a[href^='javascript']")
    assert "alert" not in str(hostile)
