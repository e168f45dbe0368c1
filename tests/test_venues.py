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
    # real strings from the corpus's homepage, DBLP and lab bibs (../shared/corpus)
    ("POPL '99, Proceedings of the 26th ACM SIGPLAN-SIGACT Symposium on Principles of Programming Languages", "POPL"),
    ("Proceedings of the 44th ACM SIGPLAN Symposium on Principles of Programming Languages, POPL 2017", "POPL"),
    ("Proceedings of the Sixth Annual Symposium on Logic in Computer Science (LICS '91), Amsterdam", "LICS"),
    ("22nd IEEE Symposium on Logic in Computer Science (LICS 2007), 10-12 July 2007, Wroclaw, Poland", "LICS"),
    ("Proceedings of the 13th Workshop on Programming Languages and Analysis for Security, PLAS@CCS 2018", "PLAS@CCS"),
    ("Proceedings of the 2nd Workshop on System Software for Trusted Execution, SysTEX@SOSP 2017", "SysTEX@SOSP"),
    ("Proceedings of the 2018 ACM SIGSAC Conference on Computer and Communications Security, CCS 2018", "CCS"),
    ("2013 IEEE Symposium on Security and Privacy, SP 2013, Berkeley, CA, USA, May 19-22, 2013", "S&P"),
    ("Proceedings of the ACM SIGPLAN 2004 Conference on Programming Language Design and Implementation", "PLDI"),
    ("11th USENIX Symposium on Operating Systems Design and Implementation, OSDI '14, Broomfield, CO", "OSDI"),
    ("Proceedings of the 25th Symposium on Operating Systems Principles, SOSP 2015, Monterey, CA, USA", "SOSP"),
    ("Proceedings of the 1995 ACM SIGMOD International Conference on Management of Data, San Jose", "SIGMOD"),
    ("Proc. VLDB Endow.", "VLDB"),
    ("Proceedings of the 16th International Conference on Data Engineering, San Diego, California", "ICDE"),
    ("Typed Lambda Calculi and Applications, 8th International Conference, TLCA 2007, Paris, France", "TLCA"),
    ("Trends in Functional Programming - 18th International Symposium, TFP 2017, Canterbury, UK", "TFP"),
    ("1st IEEE/ACM Workshop on AI Engineering - Software Engineering for AI, WAIN@ICSE 2021, Madrid", "WAIN@ICSE"),
    ("Proceedings of the 48th IEEE/ACM International Conference on Software Engineering", "ICSE"),
    ("European Symposium on Research in Computer Security (ESORICS)", "ESORICS"),
    ("2020 57th ACM/IEEE Design Automation Conference (DAC)", "DAC"),
    ("Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics", "ACL"),
    ("Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021", "Findings"),
    ("The 63rd Annual Meeting of the Association for Computational Linguistics (ACL) Findings", "ACL Findings"),
    ("Proceedings of the 2022 Conference on Empirical Methods in Natural Language Processing", "EMNLP"),
    ("INTERSPEECH", "Interspeech"),
    ("Proc. Interspeech 2004", "Interspeech"),
    (
        "INTERSPEECH Satellite Workshop on Second Language Studies: Acquisition, Learning, Education",
        "Interspeech Workshop",
    ),
    ("International Federation of Automatic Control (IFAC) World Congress 2023", "IFAC"),
    ("2019 16th IEEE Annual Consumer Communications & Networking Conference (CCNC) (CCNC 2019)", "CCNC"),
    ("2020 IEEE International Conference on Communications (ICC)", "ICC"),
    (
        "2020 IEEE Globecom Workshops (GC Wkshps): IEEE GLOBECOM 2020 Workshop on Future of Wireless Access"
        " for Industrial IoT (FutureIIoT)",
        "FutureIIoT",
    ),
    ("Physical Review Letters", "PRL"),
    ("PHYSICAL REVIEW LETTERS", "PRL"),
    ("Nature Communications", "Nat. Commun."),
    ("Nature", "Nature"),
    ("Science", "Science"),
    ("European Conference on Computer Vision (ECCV)", "ECCV"),
    ("Conference on Language Modeling (COLM)", "COLM"),
    ("International Conference on Learning Representation (ICLR)", "ICLR"),
    ("The 32rd ACM SIGKDD Conference on Knowledge Discovery and Data Mining (KDD)", "KDD"),
    ("The Web Conference (WWW) workshop on Federated Learning", "WWW Workshop"),
    ("ICLR workshop on Real-World Constrained and Preference-Aligned Flow and Diffusion-Based Models", "ICLR Workshop"),
    ("AAAI 2025 Preparing Good Data for Generative AI Workshop", "AAAI Workshop"),
    ("CVPR 2025 workshop on VLMs4ALL", "CVPR Workshop"),
    ("NeurIPS 2024 workshop on Federated Foundation Model", "NeurIPS Workshop"),
    (
        "ACM Conference on Computer and Communications Security (CCS) workshop on privacy and security (Lamp)",
        "CCS Workshop",
    ),
    ("Thirty-Ninth Annual Conference on Neural Information Processing Systems (NeurIPS)", "NeurIPS"),
    ("NIPS", "NeurIPS"),
    ("NIPS Workshop on Visual Analytics", "NeurIPS Workshop"),
    ("IEEE transactions on neural networks and learning systems", "TNNLS"),
    ("IEEE transactions on image processing", "TIP"),
    ("ACM Transactions on Intelligent Systems and Technology (TIST)", "TIST"),
    ("Transactions on Machine Learning Research (TMLR)", "TMLR"),
    ("SIAM Conference on Data Mining (SDM)", "SDM"),
    ("IEEE international conference on data mining (ICDM)", "ICDM"),
    ("Proceedings of the ACM on Interactive, Mobile, Wearable and Ubiquitous Technologies (IMWUT)", "IMWUT"),
    ("IEEE Robotics and Automation Letters (RA-L)", "RA-L"),
    ("IEEE/RSJ International Conference on Intelligent Robots and Systems (IROS)", "IROS"),
    ("Computer Vision–ECCV 2022: 17th European Conference, Tel Aviv, Israel, October 23–27, 2022", "ECCV"),
    ("Proceedings of the IEEE/CVF International Conference on Computer Vision", "ICCV"),
    ("Proceedings of the 22th International Conference on Autonomous Agents and MultiAgent Systems (AAMAS)", "AAMAS"),
    ("Proc. 6th International Conference on Spoken Language Processing (ICSLP 2000)", "ICSLP"),
    ("International Conference on Multimedia & Expo (ICME'09)", "ICME"),
    ("WACV Winter Conference on Applications of Computer Vision", "WACV"),
    ("Proceedings of the 2009 Workshop on Programming Languages and Analysis for Security, PLAS 2009, Dublin", "PLAS"),
    ("Computer Science Logic, 15th International Workshop, CSL 2001. 10th Annual Conference of the EACSL", "CSL"),
    ("Monthly Notices of the Royal Astronomical Society", "MNRAS"),
    ("eurospeech", "Eurospeech"),
    # a venue the table does not know, and that names no abbreviation, has no badge
    ("Zoological Journal of the Linnean Society", ""),
    ("npj Computational Materials", ""),
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
