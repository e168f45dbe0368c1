"""The load stage: locations, the visitor's BibTeX, caches."""

from __future__ import annotations

import pickle

import pybtex.database
import pybtex.database.output.bibtex
from conftest import CORPUS

from sphinx_scholar.bib import bibdata
from sphinx_scholar.bib.bibdata import PRESENTATION_FIELDS, load_bibliography

SOURCE = r"""% a comment line
@string{venue = {Journal of \"Uber Things}}

@article{first2020,
  title    = {50\% of {\"U}ber {Things} \& more --- $\alpha$},
  author   = {M{\"u}ller*, Hans and Ping Li 0001 and others},
  journal  = venue,
  year     = {2020},
  pdf      = {papers/x.pdf},
  abbr     = {JUT},
  selected = {true},
}

@inproceedings{second2021,
  title = {Second},
  crossref = {proc2021},
}

@proceedings{proc2021,
  title = {Proceedings of Things},
  booktitle = {Proceedings of Things},
  year = {2021},
}
"""


def write(tmp_path, text, name="refs.bib"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_entry_lines_and_fields(tmp_path):
    bib = load_bibliography([write(tmp_path, SOURCE)])
    first = bib.get("FIRST2020")
    assert first.key == "first2020" and first.line == 4
    assert bib.get("second2021").line == 14
    assert first.fields["journal"] == r"Journal of \"Uber Things"
    assert [a.text for a in first.authors] == ["Hans Müller", "Ping Li", "et al."]
    assert first.authors[0].marks == "*"


def test_crossref_fills_missing_fields(tmp_path):
    second = load_bibliography([write(tmp_path, SOURCE)]).get("second2021")
    assert second.fields["booktitle"] == "Proceedings of Things" and second.year == 2021


def test_visitor_bibtex_round_trips_without_private_fields(tmp_path):
    first = load_bibliography([write(tmp_path, SOURCE)]).get("first2020")
    shown = pybtex.database.parse_string(first.bibtex, "bibtex").entries["first2020"]
    source = pybtex.database.parse_string(SOURCE, "bibtex").entries["first2020"]
    expected = {k.lower(): v for k, v in source.fields.items() if k.lower() not in PRESENTATION_FIELDS}
    assert {k.lower(): v for k, v in shown.fields.items()} == expected
    assert shown.fields["title"] == r"50\% of {\"U}ber {Things} \& more --- $\alpha$"
    assert [str(p) for p in shown.persons["author"]] == ['M{\\"u}ller, Hans', "Li, Ping", "others"]


class _WriterOfSource(pybtex.database.output.bibtex.Writer):
    """pybtex's own BibTeX writer, told that values are BibTeX source already."""

    def _encode(self, text):
        return text

    def check_braces(self, s):
        pass


def _pybtex_written(key, entry, hidden_fields):
    """What pybtex's writer makes of the entry as a one-entry BibliographyData."""
    shown = pybtex.database.Entry(
        entry.type,
        # a crossref is resolved in what visitors get (test_crossref_is_inlined_in_the_visitors_bibtex)
        fields=[
            (name, value)
            for name, value in entry.fields.items()
            if name.lower() not in hidden_fields and name.lower() != "crossref"
        ],
        persons={role: [bibdata._for_visitors(p) for p in people] for role, people in entry.persons.items()},
    )
    return _WriterOfSource().to_string(pybtex.database.BibliographyData(entries={key: shown})).strip()


def test_visitor_bibtex_is_what_pybtex_writes(tmp_path):
    """visitor_bibtex writes entries without pybtex's writer (and latexcodec's
    tables); the text must be what that writer makes of the entry (on the corpus too)."""
    texts = [SOURCE]
    if CORPUS.is_dir():
        texts += [
            path.read_text(encoding="utf-8", errors="replace")
            for path in sorted((CORPUS / "homepages").glob("*.bib"))[:8]
        ]
    compared = 0
    for text in texts:
        parsed = bibdata._LocatingParser()
        parsed.parse_text(text, "x.bib")
        for key, entry in parsed.data.entries.items():
            assert bibdata.visitor_bibtex(key, entry) == _pybtex_written(key, entry, PRESENTATION_FIELDS), key
            compared += 1
    assert compared >= (3 if not CORPUS.is_dir() else 100)


def test_fingerprint_changes_only_with_the_entry(tmp_path):
    before = load_bibliography([write(tmp_path, SOURCE)])
    after = load_bibliography(
        [write(tmp_path, SOURCE.replace("title = {Second}", "title = {Second, revised}"), "b.bib")]
    )
    assert before.get("first2020").fingerprint == after.get("first2020").fingerprint
    assert before.get("second2021").fingerprint != after.get("second2021").fingerprint


def test_parse_cache_on_disk_is_used(tmp_path, monkeypatch):
    path = write(tmp_path, SOURCE)
    cache = tmp_path / "cache"
    first = load_bibliography([path], cache_dir=str(cache))
    bibdata._MEMORY.clear()
    monkeypatch.setattr(bibdata, "_parse", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    again = load_bibliography([path], cache_dir=str(cache))
    assert again.digest == first.digest and again.keys == first.keys


def test_records_are_small_and_picklable(tmp_path):
    bib = load_bibliography([write(tmp_path, SOURCE)])
    restored = pickle.loads(pickle.dumps(bib))
    assert restored.get("first2020") == bib.get("first2020")


def test_unchanged_entries_are_reused_when_the_bib_changes(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    path = write(tmp_path, SOURCE)
    before = load_bibliography([path], cache_dir=str(cache))
    bibdata._MEMORY.clear()
    edited = "@misc{new2022, title={New}, author={Li, Ping}, year={2022}}\n" + SOURCE.replace(
        "title = {Second}", "title = {Second, revised}"
    )
    write(tmp_path, edited)
    made = []
    original = bibdata._publication
    monkeypatch.setattr(bibdata, "_publication", lambda key, *a, **k: made.append(key) or original(key, *a, **k))
    after = load_bibliography([path], cache_dir=str(cache))
    assert sorted(made) == ["new2022", "second2021"]  # first2020 and proc2021 were reused
    first = after.get("first2020")
    assert first.line == before.get("first2020").line + 1  # located in the new text
    assert first.bibtex == before.get("first2020").bibtex
    assert after.get("second2021").fields["title"] == "Second, revised"


def test_each_spelling_of_a_name_is_parsed_and_decoded_once(tmp_path, monkeypatch):
    """The same author recurs across a bib: one pybtex Person and one decoding
    per spelling, and every entry still gets its own correct names and BibTeX."""
    made, decoded = [], []
    person, author_from_person = bibdata.Person, bibdata.author_from_person

    def counted_person(*args, **kwargs):
        if args:  # parsed from a name string (keywords: a cleaned copy for visitors)
            made.append(args[0])
        return person(*args, **kwargs)

    def counted_author(p):
        decoded.append(str(p))
        return author_from_person(p)

    monkeypatch.setattr(bibdata, "Person", counted_person)
    monkeypatch.setattr(bibdata, "author_from_person", counted_author)
    entries = "".join(
        f"@article{{e{n}, title={{T{n}}}, journal={{J}}, year={{2020}}, author={{Zhang, Qiaozhe and {other}}}}}\n"
        for n, other in enumerate(["Sun, Wei", "Li, Ping", "Sun, Wei", 'M{\\"u}ller*, Hans'])
    )
    bib = load_bibliography([write(tmp_path, entries)])
    assert sorted(made) == ["Li, Ping", 'M{\\"u}ller*, Hans', "Sun, Wei", "Zhang, Qiaozhe"]
    assert len(decoded) == 4
    assert [a.text for a in bib.get("e2").authors] == ["Qiaozhe Zhang", "Wei Sun"]
    assert [a.text for a in bib.get("e3").authors] == ["Qiaozhe Zhang", "Hans Müller"]
    assert 'author = {Zhang, Qiaozhe and M{\\"u}ller, Hans}' in bib.get("e3").bibtex  # the mark stays out
    assert 'author = "Zhang, Qiaozhe and Sun, Wei"' in bib.get("e2").bibtex
