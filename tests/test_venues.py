"""Venue badges: the most specific name wins, the authors' own abbreviation first,
workshops never labelled as their main conference, and a URL is never a venue."""

from __future__ import annotations

import pytest

from sphinx_scholar.bib.venues import _abbreviation_of

# venue strings written as homepages, DBLP, Zotero and ADS exports write them
VENUES = [
    ("Advances in Neural Information Processing Systems", "NeurIPS"),
    ("Advances in Neural Information Processing Systems 36 (NeurIPS 2023)", "NeurIPS"),
    ("Proceedings of the 40th International Conference on Machine Learning", "ICML"),
    ("International Conference on Learning Representations (ICLR'24)", "ICLR"),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
    ("Proceedings of the International AAAI Conference on Web and Social Media", "ICWSM"),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
    ("AAAI Workshop - Technical Report", "AAAI Workshop"),
    ("ICCV Workshops (ICCVW 2017)", "ICCVW"),
    ("NeurIPS Workshop on Optimization for Machine Learning", "NeurIPS Workshop"),
    ("Proceedings of the 25th ACM SIGKDD International Conference on Knowledge Discovery & Data Mining (KDD)", "KDD"),
    ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing (EMNLP)", "EMNLP"),
    ("Findings of the Association for Computational Linguistics: EMNLP 2023", "Findings"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"),
    ("2021 IEEE International Conference on Robotics and Automation (ICRA)", "ICRA"),
    ("Proceedings of the Web Conference 2021", "WWW"),
    ("Physical Review Letters", "PRL"),
    ("Journal of Machine Learning Research", "JMLR"),
    ("Proceedings of the National Academy of Sciences", "PNAS"),
    # a parenthesised publisher or place is not a venue
    ("Proceedings of the International Conference on Computer Vision (IEEE)", "ICCV"),
    ("Some Symposium (USA)", ""),
    # a URL names no venue, even one with "www" in it
    ("https://www.example.org/talks/2025", ""),
    ("\\url{https://www.youtube.com/watch?v=x}", ""),
]


@pytest.mark.parametrize("venue,badge", VENUES, ids=[venue[:40] for venue, _ in VENUES])
def test_venue_badges(venue, badge):
    assert _abbreviation_of(venue) == badge


def test_a_url_in_howpublished_is_the_entry_link_not_a_venue(project):
    bib = r"""
@misc{talk2025, title={A Talk}, author={Zhang, Qiaozhe}, year={2025},
  howpublished={\url{https://www.example.org/talks/2025}}}
@misc{page2024, title={A Page}, author={Zhang, Qiaozhe}, year={2024}, howpublished={https://example.org/page}}
"""
    soup = project(bib).soup()
    for key, url in (("talk2025", "https://www.example.org/talks/2025"), ("page2024", "https://example.org/page")):
        entry = soup.find(id=key)
        assert entry.select_one(".scholar-badge") is None or "WWW" not in entry.select_one(".scholar-badge").get_text()
        assert entry.select_one(".scholar-title a")["href"] == url
