"""The URL gate: only http, https, mailto and relative URLs pass."""

from __future__ import annotations

import pytest

from sphinx_scholar.bib.urls import is_relative, safe_url


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("  http://example.org/a  ", "http://example.org/a"),
        ("mailto:me@example.org", "mailto:me@example.org"),
        ("papers/x.pdf", "papers/x.pdf"),
        ("/files/cv.pdf", "/files/cv.pdf"),
        ("#anchor", "#anchor"),
        (r"https://example.org/a\_b\%20c", "https://example.org/a_b%20c"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    ],
)
def test_allowed(value, expected):
    assert safe_url(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "C:/Users/me/paper.pdf",
        "\\\\evil.example.org\\share",
        "",
        "   ",
    ],
)
def test_refused(value):
    assert safe_url(value) is None


def test_relative():
    assert is_relative("papers/x.pdf")
    assert not is_relative("https://example.org/x.pdf")
    assert not is_relative("//example.org/x.pdf")
