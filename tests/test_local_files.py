"""The local-file boundary: a bib or a profile publishes only files from inside the project.

Each test plants a file with a unique marker outside the allowed folders, names
it in every form a bib can (``..``, absolute, symlink, ``%2e%2e``, backslashes),
and checks that no built file holds the marker and that each refusal is a
``local_file`` warning naming the field, the path and the rule.
"""

from __future__ import annotations

import os
from urllib.parse import unquote

import pytest
from conftest import run_build, write_project

MARKER = b"SECRET-OUTSIDE-THE-PROJECT-7f3a"
CONF = """
extensions = ["sphinx_scholar"]
scholar_bibfiles = ["papers.bib"]
suppress_warnings = ["scholar.researcher_missing"]
"""


def _entry(key: str, **fields: str) -> str:
    extra = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return (
        f"@article{{{key},\n  title = {{Paper {key}}},\n  author = {{Zhang, Qiaozhe}},\n  year = {{2024}},\n{extra}}}\n"
    )


@pytest.fixture
def outside(tmp_path):
    """A folder beside the project with a secret file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.pdf").write_bytes(MARKER)
    return folder


def _published(build) -> list[str]:
    """Every output file that holds the marker."""
    return [
        str(path.relative_to(build.outdir))
        for path in build.outdir.rglob("*")
        if path.is_file() and MARKER in path.read_bytes()
    ]


def _links(build, key: str) -> list[str]:
    entry = build.soup().select_one(f"div#{key}")
    assert entry is not None, key
    return [a.get("href", "") for a in entry.select(".scholar-links a")]


def test_paths_that_climb_out_are_refused_in_every_form(tmp_path, outside):
    depth = "../" * (len((tmp_path / "site").parts) + 2)
    bib = "".join(
        [
            _entry("dotdot", supp="../outside/secret.pdf", slides="papers/../../outside/secret.pdf"),
            _entry("deep", poster=depth + str(outside / "secret.pdf").lstrip("/")),
            _entry("absolute", pdf=str(outside / "secret.pdf")),
            _entry("encoded", pdf="%2e%2e/outside/secret.pdf", slides="%2E%2E%2Foutside%2Fsecret.pdf"),
            _entry("backslash", pdf="..%5coutside%5csecret.pdf"),
            _entry("windows", poster="..\\\\outside\\\\secret.pdf"),
        ]
    )
    site = write_project(tmp_path / "site", {"conf.py": CONF, "papers.bib": bib, "index.rst": ".. publication::\n"})
    build = run_build(site)
    assert _published(build) == []
    assert not (build.outdir / "_downloads").exists() or not any((build.outdir / "_downloads").rglob("*.pdf"))
    refused = build.warning_lines("local_file")
    for field, key in [("supp", "dotdot"), ("slides", "dotdot"), ("poster", "deep"), ("pdf", "encoded")]:
        [line] = [w for w in refused if f"of entry {key!r}" in w and w.split("[scholar")[0].count(f"{field} file")]
        assert "is not published" in line and str(outside) in line, line
        assert "outside the allowed folders" in line and "scholar_file_dirs" in line, line
        assert "papers.bib:" in line  # located at the entry's line
    # the encoded slash is decoded before the check, too
    assert any("'encoded'" in w and "slides file" in w and "not published" in w for w in refused)
    assert any("'backslash'" in w and "not published" in w for w in refused)
    # an absolute path is read from the source folder, where there is no such file
    assert any("'absolute'" in w and "not found" in w for w in refused)
    # a backslash is not a URL character: the link is refused by the URL gate
    assert build.warning_lines("url") and all(not _links(build, key) for key in ("dotdot", "encoded", "windows"))


def test_a_symlink_that_points_out_of_the_project_is_refused(tmp_path, outside):
    bib = _entry("linked", pdf="papers/linked.pdf") + _entry("folder", pdf="shared/secret.pdf")
    site = write_project(tmp_path / "site", {"conf.py": CONF, "papers.bib": bib, "index.rst": ".. publication::\n"})
    (site / "papers").mkdir()
    os.symlink(outside / "secret.pdf", site / "papers" / "linked.pdf")
    os.symlink(outside, site / "shared")  # a linked folder
    build = run_build(site)
    assert _published(build) == []
    refused = build.warning_lines("local_file")
    assert any("'linked'" in w and str(outside / "secret.pdf") in w for w in refused), refused
    assert any("'folder'" in w and "not published" in w for w in refused), refused
    assert not _links(build, "linked") and not _links(build, "folder")


def test_hidden_files_are_refused_unless_allowed(tmp_path):
    files = {
        "conf.py": CONF,
        "papers.bib": _entry("dotfile", pdf="papers/.draft.pdf") + _entry("dotdir", pdf=".private/paper.pdf"),
        "index.rst": ".. publication::\n",
        "papers/.draft.pdf": "draft " + MARKER.decode(),
        ".private/paper.pdf": "private " + MARKER.decode(),
    }
    build = run_build(write_project(tmp_path / "site", files))
    assert _published(build) == []
    refused = build.warning_lines("local_file")
    assert any("'dotfile'" in w and "'.draft.pdf' is hidden" in w for w in refused), refused
    assert any("'dotdir'" in w and "'.private' is hidden" in w and "scholar_allow_hidden_files" in w for w in refused)

    allowed = run_build(write_project(tmp_path / "allowed", files), scholar_allow_hidden_files=True)
    assert not allowed.warning_lines("local_file")
    assert sorted(_published(allowed)) == sorted(
        str(p.relative_to(allowed.outdir)) for p in (allowed.outdir / "_downloads").rglob("*.pdf")
    )
    assert len(_published(allowed)) == 2


def test_files_inside_the_allowed_folders_are_published(tmp_path):
    """Beside the bib (even outside the source folder), in the source folder, in scholar_file_dirs."""
    bibdir = tmp_path / "bibs"
    bibdir.mkdir()
    (bibdir / "beside.pdf").write_bytes(b"beside the bib")
    bib = (
        _entry("beside", pdf="beside.pdf")
        + _entry("source", pdf="papers/in-source.pdf")
        + _entry("extra", pdf="paper.pdf")
        + _entry("spaced", pdf="papers/with space.pdf")
    )
    (bibdir / "papers.bib").write_text(bib, encoding="utf-8")
    conf = f'extensions = ["sphinx_scholar"]\nscholar_bibfiles = [{str(bibdir / "papers.bib")!r}]\n'
    conf += 'scholar_file_dirs = ["assets/pdf"]\nsuppress_warnings = ["scholar.researcher_missing"]\n'
    files = {
        "conf.py": conf,
        "index.rst": ".. publication::\n",
        "papers/in-source.pdf": "in the source folder",
        "assets/pdf/paper.pdf": "in scholar_file_dirs",
        "papers/with space.pdf": "a name with a space",
    }
    build = run_build(write_project(tmp_path / "site", files))
    assert not build.warning_lines("local_file")
    for key, text in [
        ("beside", "beside the bib"),
        ("source", "in the source folder"),
        ("extra", "in scholar_file_dirs"),
        ("spaced", "a name with a space"),
    ]:
        [href] = [h for h in _links(build, key) if "_downloads" in h]
        assert (build.outdir / unquote(href)).read_text(encoding="utf-8") == text


def test_a_profile_publishes_no_photo_or_file_from_outside(tmp_path, outside):
    (outside / "me.png").write_bytes(MARKER)
    conf = CONF + f"scholar_researcher = {{'name': 'Qiaozhe Zhang', 'photo': {str(outside / 'me.png')!r}}}\n"
    page = (
        ".. researcher:: Qiaozhe Zhang\n"
        "   :links: cv=../outside/secret.pdf, website=https://example.org\n\n"
        ".. researcher:: Ana Lee\n"
        "   :photo: ../outside/me.png\n"
        f"   :links: cv={outside / 'secret.pdf'}\n"
    )
    build = run_build(write_project(tmp_path / "site", {"conf.py": conf, "papers.bib": "", "index.rst": page}))
    assert _published(build) == []
    refused = build.warning_lines("local_file")
    assert any("photo" in w and str(outside / "me.png") in w and "not published" in w for w in refused), refused
    assert sum("cv link" in w and "not published" in w for w in refused) >= 1, refused
    soup = build.soup()
    assert not soup.select(".scholar-researcher-photo img")
    assert [a["href"] for a in soup.select(".scholar-researcher a[href*='example.org']")]


def _png(width: int, height: int) -> bytes:
    """A real PNG of that size (one grey pixel row repeated), for imagesize to read."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PREVIEWS = (
    _entry("beside", preview="figs/beside.png")
    + _entry("alfolio", preview="wave.png")
    + _entry("moving", preview="figs/clip.mp4")
    + _entry("remote", preview="https://example.org/x.png")
    + _entry("missing", preview="figs/none.png")
    + _entry("notimage", preview="figs/paper.pdf")
)


@pytest.mark.parametrize("layout", ["badges", "classic"])
def test_preview_is_copied_sized_and_lazy(tmp_path, layout):
    files = {
        "conf.py": CONF,
        "papers.bib": PREVIEWS,
        "index.rst": f".. publication::\n   :layout: {layout}\n",
        "figs/beside.png": _png(40, 30),
        "figs/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
        "figs/paper.pdf": b"%PDF-1.4",
        "assets/img/publication_preview/wave.png": _png(64, 48),
    }
    build = run_build(write_project(tmp_path / "site", files))
    soup = build.soup()
    for key, size in [("beside", ("40", "30")), ("alfolio", ("64", "48"))]:
        image = soup.select_one(f"#{key} > img.scholar-preview")
        assert (image["width"], image["height"]) == size
        assert image["loading"] == "lazy" and image["alt"] == ""
        assert (build.outdir / image["src"]).read_bytes()[:4] == b"\x89PNG"
    video = soup.select_one("#moving > video.scholar-preview-video")
    assert (build.outdir / video["src"]).is_file() and video.has_attr("controls") and not video.has_attr("autoplay")
    assert not soup.select("#remote .scholar-preview, #missing .scholar-preview, #notimage .scholar-preview")
    [remote] = [w for w in build.warning_lines("url") if "'remote'" in w]
    assert "on another host" in remote and "papers.bib:19:" in remote
    [missing] = build.warning_lines("local_file")
    assert "preview file 'figs/none.png' of entry 'missing' was not found" in missing and "papers.bib:25:" in missing
    [notimage] = [w for w in build.warning_lines("url") if "'notimage'" in w]
    assert "not an image" in notimage


def test_preview_on_the_entry_page_and_in_other_builders(tmp_path):
    files = {
        "conf.py": CONF + "scholar_publication_pages = True\n",
        "papers.bib": _entry("beside", preview="figs/beside.png"),
        "index.rst": ".. publication::\n",
        "figs/beside.png": _png(40, 30),
    }
    site = write_project(tmp_path / "site", files)
    build = run_build(site)
    page = build.soup("publications/beside")
    image = page.select_one(".scholar-entry-full img.scholar-preview")
    assert (build.outdir / "publications" / image["src"]).is_file()
    text = run_build(site, "text")
    assert "Paper beside" in text.text("index.txt") and "beside.png" not in text.text("index.txt")
    latex = run_build(site, "latex")
    assert "beside.png" not in "".join(p.read_text() for p in latex.outdir.glob("*.tex"))
