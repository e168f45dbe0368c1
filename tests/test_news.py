"""News: dated items from a YAML file and from the page body, newest first, a home page's
newest few with a link to the archive, :pub: links, the Atom feed, and bad input."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOTS, run_build, write_project

pytest.importorskip("myst_parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("news") / "site"
    shutil.copytree(ROOTS / "test-cv", srcdir)
    return run_build(srcdir)


def words(node) -> str:
    return " ".join(node.get_text(" ").replace("¶", "").split())


def items(soup):
    return [
        (words(li.select_one(".scholar-news-date")), words(li.select_one(".scholar-news-text")))
        for li in soup.select("ul.scholar-news > li.scholar-news-item")
    ]


def test_the_archive_shows_every_item_from_the_file_and_the_body_newest_first(site):
    assert site.warning_lines() == []
    assert items(site.soup("news")) == [
        ("Jun 1, 2026", "Our paper Amortised Inference for Ecological Models won a prize."),
        ("May 10, 2026", "Our scaling paper is out. Scaling Probabilistic Programs to Continental Surveys"),
        ("Mar 2, 2026", "Chidi Okafor joined the group as a postdoc."),
        ("Nov 2025", "Talk at the Cambridge ML seminar ."),
    ]
    assert site.soup("news").select(".scholar-news-archive") == []  # the archive links to nothing more


def test_items_link_their_publications_and_keep_their_markdown(site):
    soup = site.soup("news")
    links = {words(a): a["href"] for a in soup.select(".scholar-news-text a.scholar-pub-ref")}
    assert links == {
        "Amortised Inference for Ecological Models": "cv.html#castellanos2024amortised",
        "Scaling Probabilistic Programs to Continental Surveys": "cv.html#castellanos2025scaling",
    }
    assert soup.select_one(".scholar-news-text strong").get_text() == "joined"
    assert soup.select_one('.scholar-news-text a[href="https://example.org/seminar"]') is not None


def test_the_home_page_shows_the_newest_items_and_links_the_archive(site):
    soup = site.soup("index")
    assert [date for date, _text in items(soup)] == ["May 10, 2026", "Mar 2, 2026"]
    archive = soup.select_one(".scholar-news-archive a")
    assert (words(archive), archive["href"]) == ("All news", "news.html")


def test_myst_writes_items_as_a_definition_list(site):
    soup = site.soup("news-myst")
    assert items(soup) == [("Jun 1, 2026", "Our paper Amortised Inference for Ecological Models won a prize.")]
    assert soup.select_one(".scholar-news-archive a")["href"] == "news.html"


def test_the_news_feed_has_each_item_once_linked_to_the_archive(site):
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse(site.text("news.atom"))
    assert not feed.bozo
    assert feed.feed.title == "Mira Castellanos: news"
    assert [entry.link for entry in feed.entries] == [
        "https://mira.example.org/news.html#news-2026-06-01",
        "https://mira.example.org/news.html#news-2026-05-10",
        "https://mira.example.org/news.html#news-2026-03-02",
        "https://mira.example.org/news.html#news-2025-11",
    ]
    assert [entry.published[:10] for entry in feed.entries] == ["2026-06-01", "2026-05-10", "2026-03-02", "2025-11-01"]
    assert feed.entries[2].summary == "Chidi Okafor joined the group as a postdoc."
    assert len({entry.id for entry in feed.entries}) == 4
    head = site.soup("index").select('link[rel="alternate"][type="application/atom+xml"]')
    assert [link["href"] for link in head] == ["news.atom"]


BAD_NEWS = """\
- date: 2026-01-05
  text: A fine item.
- text: An item without a date.
- date: last spring
  text: An item on an odd date.
- date: 2025-02-01
  text: <script>alert(1)</script>A scripted item.
  url: javascript:alert(2)
  colour: red
- date: 2025-03-01
- just text
"""


def test_bad_news_items_are_located_warnings_and_the_rest_is_shown(tmp_path):
    srcdir = write_project(
        tmp_path / "bad",
        {
            "conf.py": 'extensions = ["sphinx_scholar"]\n',
            "news.yaml": BAD_NEWS,
            "index.rst": "News\n====\n\n.. news:: news.yaml\n\n.. news::\n\n   not a dated item\n\n"
            "   2024-05-01\n      A body item.\n\n   sometime soon\n      A body item on an odd date.\n",
        },
    )
    build = run_build(srcdir)
    path = str(srcdir / "news.yaml")
    lines = build.warning_lines()

    def located(needle):
        [line] = [line for line in lines if needle in line]
        return line

    assert f"{path}:3:" in located("news[1].date: no date; the item is listed last")
    assert f"{path}:4:" in located("news[2].date: 'last spring' is not a date")
    assert f"{path}:8:" in located("news[3].url: 'javascript:alert(2)' is not an http(s)")
    assert f"{path}:9:" in located("news[3].colour: unknown field")
    assert f"{path}:10:" in located("news[4].text: an item needs a text; it is left out")
    assert f"{path}:11:" in located("news[5]: expected an item with a date and a text, got text")
    assert "index.rst:6:" in located("news: write each item as its date on one line")
    assert "index.rst:13:" in located("news: 'sometime soon' is not a date")
    soup = build.soup()
    shown = items(soup)
    assert shown == [
        ("Jan 5, 2026", "A fine item."),
        ("Feb 1, 2025", "A scripted item."),
        ("last spring", "An item on an odd date."),
        ("Undated", "An item without a date."),
        ("May 1, 2024", "A body item."),
        ("sometime soon", "A body item on an odd date."),
    ]
    assert soup.find("script", string=lambda s: s and "alert" in s) is None
    assert "not a dated item" in soup.get_text()
