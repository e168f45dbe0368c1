"""How Zotero reads the metadata we write, as test oracles (and for benchmarks/metadata_check.py).

``zotero_reads`` follows ``parseContextObject`` in zotero/utilities' openurl.js,
the parser behind Zotero's COinS translator: which format and genre give
which item type, and which keys become the title, the venue and the creators.
"""

from __future__ import annotations

from urllib.parse import parse_qsl


def zotero_reads(coins: str) -> dict:
    """The item Zotero's COinS translator makes of a ContextObject: the rules of
    parseContextObject (zotero/utilities, openurl.js) for type, title, venue and creators."""
    pairs = parse_qsl(coins)
    raw = coins.split("&")
    formats = [value for key, value in pairs if key == "rft_val_fmt"]
    item: dict = {"creators": []}
    if not formats:
        return {}
    fmt = formats[0]
    if fmt == "info:ofi/fmt:kev:mtx:journal":
        item["itemType"] = "journalArticle"
    elif fmt == "info:ofi/fmt:kev:mtx:book":
        genres = {part for part in raw if part.startswith("rft.genre=")}
        item["itemType"] = (
            "bookSection"
            if "rft.genre=bookitem" in genres
            else "conferencePaper"
            if genres & {"rft.genre=conference", "rft.genre=proceeding"}
            else "report"
            if "rft.genre=report" in genres
            else "document"
            if "rft.genre=document" in genres
            else "book"
        )
    elif fmt == "info:ofi/fmt:kev:mtx:dissertation":
        item["itemType"] = "thesis"
    elif fmt == "info:ofi/fmt:kev:mtx:patent":
        item["itemType"] = "patent"
    elif fmt == "info:ofi/fmt:kev:mtx:dc":
        item["itemType"] = "webpage"
    else:
        return {}
    article_like = ("journalArticle", "bookSection", "conferencePaper")
    for key, value in pairs:
        if key == "rft.btitle":
            if item["itemType"] in ("book", "report"):
                item["title"] = value
            elif item["itemType"] in ("bookSection", "conferencePaper"):
                item["publicationTitle"] = value
        elif key == "rft.atitle" and item["itemType"] in article_like:
            item["title"] = value
        elif key == "rft.jtitle" and item["itemType"] == "journalArticle":
            item["publicationTitle"] = value
        elif key == "rft.title":
            item["publicationTitle" if item["itemType"] in article_like else "title"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key in ("rft.au", "rft.inventor"):
            item["creators"].append(value)
        elif key in ("rft.pub", "rft.publisher") or (key == "rft.inst" and item["itemType"] == "thesis"):
            item["publisher"] = value
        elif key == "rft.type" and fmt == "info:ofi/fmt:kev:mtx:dc":
            item["itemType"] = value  # Zotero keeps it when it names an item type
        elif key == "rft.source" and fmt == "info:ofi/fmt:kev:mtx:dc":
            item["publicationTitle"] = value
    return item


# Highwire tags that decide the type in Zotero's Embedded Metadata translator (init())
_HIGHWIRE_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
# DC.type values that RDF.js's detectType maps (besides the names of Zotero's item types)
_DC_TYPES = {"book": "book", "patent": "patent", "report": "report", "thesis": "thesis", "bookitem": "bookSection"}
ZOTERO_ITEM_TYPES = {
    "journalArticle", "conferencePaper", "book", "bookSection", "report", "thesis", "patent", "preprint",
    "computerProgram", "dataset", "webpage", "manuscript", "presentation", "document",
}  # fmt: skip


def embedded_metadata_type(tags: list[tuple[str, str]]) -> str:
    """The item type Zotero's Embedded Metadata translator gives a page with these meta tags:
    og:type "book" and a DC.type naming an item type come first (RDF.js detectType), then the
    Highwire tags, then the guesses (citation_isbn: book; citation_title: journalArticle)."""
    hw_type = hw_guess = og_type = og_guess = dc_type = dc_guess = ""
    for name, value in tags:
        if name in _HIGHWIRE_TYPES:
            hw_type = _HIGHWIRE_TYPES[name]
        elif name == "citation_title":
            hw_guess = hw_guess or "journalArticle"
        elif name == "citation_isbn":
            hw_guess = "book"
        elif name == "og:type":
            og_type = {"book": "book", "website": "webpage"}.get(value, "")
            og_guess = "journalArticle" if value == "article" else og_guess
        elif name == "DC.type":
            if value in ZOTERO_ITEM_TYPES:
                dc_type = value
            elif value.lower() in _DC_TYPES:
                dc_type = _DC_TYPES[value.lower()]
            elif value.lower() == "text":
                dc_guess = "journalArticle"
    return og_type or dc_type or hw_type or hw_guess or og_guess or dc_guess
