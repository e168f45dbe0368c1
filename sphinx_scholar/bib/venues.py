"""Venue abbreviations: the badge shown before a title when the entry has no ``abbr``."""

from __future__ import annotations

import functools
import re

from ..model import Publication, publication_kind
from .latex import latex_to_text

# (pattern over the venue text, abbreviation).  The longest match wins, so a
# specific name beats a general one it contains ("AAAI ... Web and Social Media").
_VENUE_TABLE: list[tuple[str, str]] = [
    (r"web and social media|\bicwsm\b", "ICWSM"),
    (r"neural information processing systems|\bneurips\b|\bnips\b", "NeurIPS"),
    (r"international conference on machine learning|\bicml\b", "ICML"),
    (r"international conference on learning representations|\biclr\b", "ICLR"),
    (r"computer vision and pattern recognition|\bcvpr\b", "CVPR"),
    (r"international conference on computer vision|\biccv\b", "ICCV"),
    (r"european conference on computer vision|\beccv\b", "ECCV"),
    (r"findings of the association for computational linguistics", "Findings"),
    (r"north american chapter of the association for computational linguistics|\bnaacl\b", "NAACL"),
    (r"empirical methods in natural language processing|\bemnlp\b", "EMNLP"),
    (r"annual meeting of the association for computational linguistics|\bacl\b", "ACL"),
    (r"transactions of the association for computational linguistics|\btacl\b", "TACL"),
    (r"knowledge discovery and data mining|\bkdd\b", "KDD"),
    (r"the web conference|world wide web conference|\bwww\b", "WWW"),
    (r"acm transactions on graphics|\btog\b", "TOG"),
    (r"\bsiggraph asia\b", "SIGGRAPH Asia"),
    (r"\bsiggraph\b", "SIGGRAPH"),
    (r"aaai conference on artificial intelligence|\baaai\b", "AAAI"),
    (r"international joint conference on artificial intelligence|\bijcai\b", "IJCAI"),
    (r"journal of machine learning research|\bjmlr\b", "JMLR"),
    (r"transactions on machine learning research|\btmlr\b", "TMLR"),
    (r"pattern analysis and machine intelligence|\btpami\b|\bpami\b", "TPAMI"),
    (r"international journal of computer vision|\bijcv\b", "IJCV"),
    (r"transactions on neural networks and learning systems|\btnnls\b", "TNNLS"),
    (r"transactions on image processing|\btip\b", "TIP"),
    (r"artificial intelligence and statistics|\baistats\b", "AISTATS"),
    (r"uncertainty in artificial intelligence|\buai\b", "UAI"),
    (r"conference on learning theory|\bcolt\b", "COLT"),
    (r"conference on robot learning|\bcorl\b", "CoRL"),
    (r"robotics: science and systems|\brss\b", "RSS"),
    (r"international conference on robotics and automation|\bicra\b", "ICRA"),
    (r"intelligent robots and systems|\biros\b", "IROS"),
    (r"human factors in computing systems|\bchi\b", "CHI"),
    (r"sigir conference on research and development in information retrieval|\bsigir\b", "SIGIR"),
    (r"web search and data mining|\bwsdm\b", "WSDM"),
    (r"information and knowledge management|\bcikm\b", "CIKM"),
    (r"international conference on data engineering|\bicde\b", "ICDE"),
    (r"very large data bases|\bvldb\b|\bpvldb\b", "VLDB"),
    (r"\bsigmod\b", "SIGMOD"),
    (r"operating systems design and implementation|\bosdi\b", "OSDI"),
    (r"symposium on operating systems principles|\bsosp\b", "SOSP"),
    (r"networked systems design and implementation|\bnsdi\b", "NSDI"),
    (r"\busenix security\b", "USENIX Security"),
    (r"computer and communications security|\bccs\b", "CCS"),
    (r"symposium on security and privacy", "S&P"),
    (r"programming language design and implementation|\bpldi\b", "PLDI"),
    (r"principles of programming languages|\bpopl\b", "POPL"),
    (r"international conference on software engineering|\bicse\b", "ICSE"),
    (r"interspeech", "Interspeech"),
    (r"acoustics,? speech,? and signal processing|\bicassp\b", "ICASSP"),
    (r"acm computing surveys|\bcsur\b", "CSUR"),
    (r"communications of the acm", "CACM"),
    (r"^nature$", "Nature"),
    (r"^science$", "Science"),
    (r"nature communications", "Nat. Commun."),
    (r"proceedings of the national academy of sciences|\bpnas\b", "PNAS"),
    (r"physical review letters", "PRL"),
    (r"physical review a\b", "PRA"),
    (r"physical review b\b", "PRB"),
    (r"physical review x\b", "PRX"),
    (r"physical review applied", "PR Applied"),
    (r"reviews of modern physics", "RMP"),
    (r"^nature physics$", "Nat. Phys."),
    (r"^nature photonics$", "Nat. Photon."),
    (r"^science advances$", "Sci. Adv."),
    (r"^optica$", "Optica"),
    (r"^optics express$", "Opt. Express"),
    (r"^optics letters$", "Opt. Lett."),
    (r"monthly notices of the royal astronomical society|\bmnras\b", "MNRAS"),
    (r"^(the )?astrophysical journal$|\bapj\b", "ApJ"),
    (r"^astronomy (and|&) astrophysics$", "A&A"),
    (r"^elife$", "eLife"),
    (r"winter conference on applications of computer vision|\bwacv\b", "WACV"),
    (r"british machine vision conference|\bbmvc\b", "BMVC"),
    (r"medical image computing and computer[- ]assisted intervention|\bmiccai\b", "MICCAI"),
    (r"international conference on data mining|\bicdm\b", "ICDM"),
    (r"siam (international )?conference on data mining", "SDM"),
    (r"conference on recommender systems|\brecsys\b", "RecSys"),
    (r"acm (international conference on )?multimedia$|\bacm mm\b", "ACM MM"),
    (r"computational natural language learning|\bconll\b", "CoNLL"),
    (r"european chapter of the association for computational linguistics|\beacl\b", "EACL"),
    (r"international conference on computational linguistics|\bcoling\b", "COLING"),
    (r"language resources and evaluation conference|\blrec\b", "LREC"),
    (r"international conference on functional programming|\bicfp\b", "ICFP"),
    (r"object-oriented programming,? systems,? languages,? and applications|\boopsla\b", "OOPSLA"),
    (r"european symposium on programming|\besop\b", "ESOP"),
    (r"computer aided verification|\bcav\b", "CAV"),
    (r"logic in computer science|\blics\b", "LICS"),
    (r"symposium on theory of computing|\bstoc\b", "STOC"),
    (r"foundations of computer science|\bfocs\b", "FOCS"),
    (r"symposium on discrete algorithms|\bsoda\b", "SODA"),
    (r"network and distributed system security|\bndss\b", "NDSS"),
    (r"architectural support for programming languages and operating systems|\basplos\b", "ASPLOS"),
    (r"international symposium on computer architecture|\bisca\b", "ISCA"),
    (r"\beurosys\b", "EuroSys"),
    (r"\bsigcomm\b", "SIGCOMM"),
    (r"\binfocom\b", "INFOCOM"),
    (r"mobile computing and networking|\bmobicom\b", "MobiCom"),
    (r"computer-supported cooperative work|\bcscw\b", "CSCW"),
    (r"user interface software and technology|\buist\b", "UIST"),
    (r"interactive, mobile, wearable and ubiquitous technologies|\bimwut\b", "IMWUT"),
    (r"design automation conference", "DAC"),
    (r"international conference on communications", "ICC"),
    (r"\bglobecom\b", "GLOBECOM"),
    (r"\beurospeech\b", "Eurospeech"),
]
_COMPILED = [(re.compile(pattern, re.IGNORECASE), abbreviation) for pattern, abbreviation in _VENUE_TABLE]

_VENUE_FIELDS = ("journal", "booktitle", "series", "howpublished", "organization")


def venue_text(publication: Publication) -> str:
    for name in _VENUE_FIELDS:
        if publication.get(name):
            return latex_to_text(publication.get(name))
    return ""


def derived_abbreviation(publication: Publication) -> str:
    """The venue's common abbreviation, "Preprint" for preprints, or "" when unknown."""
    if publication_kind(publication) == "preprint":
        return "Preprint"
    venue = venue_text(publication)
    return _abbreviation_of(venue) if venue else ""


# "(ICWSM)", "(KDD)", "(ICCVW 2017)", "(NeurIPS'23)": the authors' own abbreviation
_WRITTEN_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z&-]*[A-Z])(?:\s*['’]?\s*\d{2,4})?\)")
# publishers, series and places written in parentheses the same way
_NOT_VENUES = frozenset(
    {"IEEE", "ACM", "USA", "UK", "EU", "SIAM", "LNCS", "LNAI", "LIPIcs", "CEUR", "AIP", "APS", "IOP"}
)
_URL = re.compile(r"\S+://\S+|\bwww\.\S+", re.IGNORECASE)
_WORKSHOP = re.compile(r"\bworkshops?\b|\bwkshps?\b", re.IGNORECASE)
_FINDINGS = re.compile(r"\bfindings\b", re.IGNORECASE)
_DATED_ABBREVIATION = re.compile(r"\b([A-Z][A-Za-z&@-]*[A-Z])\s?(?:'\s?\d{2}|\d{4})\b")


@functools.lru_cache(maxsize=8192)
def _abbreviation_of(venue: str) -> str:
    # Venues recur across a bib, and each entry's badge is asked for several times.
    venue = _URL.sub(" ", venue)  # a URL (howpublished = {\url{...}}) names no venue
    written = [m for m in _WRITTEN_ABBREVIATION.finditer(venue) if m.group(1) not in _NOT_VENUES]
    best = written[-1].group(1) if written else ""
    # "IEEE GLOBECOM 2020 Workshop on Future ... (FutureIIoT)": the workshop's own name
    names_a_workshop = bool(written) and bool(_WORKSHOP.search(re.split(r"[(:,]", venue[: written[-1].start()])[-1]))
    dated = [m.group(1) for m in _DATED_ABBREVIATION.finditer(venue) if m.group(1) not in _NOT_VENUES]
    if not best:
        # DBLP names a workshop by its conference: "PLAS@CCS 2018"
        best = next((name for name in dated if "@" in name), "")
        names_a_workshop = bool(best)
    if not best:
        longest = 0
        for pattern, abbreviation in _COMPILED:
            match = pattern.search(venue)
            if match and len(match.group(0)) > longest:
                best, longest = abbreviation, len(match.group(0))
    if not best:
        # DBLP's "..., 8th International Conference, TLCA 2007, Paris": the event's own name,
        # a workshop's too ("Workshop on ... Security, PLAS 2009")
        best = dated[0] if dated else ""
        names_a_workshop = bool(best)
    if not best:
        return ""
    # "ICCVW" and "PLAS@CCS" already say they are workshops
    says_workshop = "@" in best or (best.endswith("W") and re.search(rf"\b{re.escape(best[:-1])}\b", venue) is not None)
    if _WORKSHOP.search(venue) and not (names_a_workshop or says_workshop):
        return f"{best} Workshop"  # never the main conference's badge
    if _FINDINGS.search(venue) and best != "Findings":
        return f"{best} Findings"
    return best


BADGE_YEAR_POLICIES = ("always", "never", "as-written")
# "ICML 2024", "NeurIPS'23", "CVPR24": a badge that ends with its year ...
_TRAILING_YEAR = re.compile(r"\s*['’]?(?<!\d)(?:\d{4}|\d{2})$")
# ... or has one inside ("NeurIPS 2024 Workshop")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|['’]\d{2}\b")


def badge_label(publication: Publication, year_policy: str = "always") -> tuple[str, str]:
    """(text shown on the badge, abbreviation used to look up colour and link).

    ``year_policy`` keeps one style across a list: "always" gives every badge
    its year (an ``abbr`` without one too), "never" none, and "as-written"
    keeps ``abbr`` as the bib has it and gives derived badges the year.
    """
    year = publication.year
    own = latex_to_text(publication.get("abbr")).strip()
    if own:
        if year_policy == "never":
            bare = " ".join(_ANY_YEAR.sub(" ", _TRAILING_YEAR.sub("", own)).split())
            return (bare if len(bare) >= 2 else own), own
        if year_policy == "always" and year is not None and not (_TRAILING_YEAR.search(own) or _ANY_YEAR.search(own)):
            return f"{own} {year}", own
        return own, own
    abbreviation = derived_abbreviation(publication)
    if not abbreviation:
        return "", ""
    if year is None or year_policy == "never" or (abbreviation == "Preprint" and year_policy == "as-written"):
        return abbreviation, abbreviation
    return f"{abbreviation} {year}", abbreviation
