"""Links between pages are relative, so the site works under any sub-path and from file://."""

import pytest

from explainer.site.urls import absolute, relative


@pytest.mark.parametrize("here, there, link", [
    ("ja/a.html", "index.html", "../index.html"),
    ("index.html", "ja/index.html", "ja/index.html"),
    ("ja/a.html", "ja/b.html#x", "b.html#x"),
    ("ja/a.html", "#x", "a.html#x"),
    ("ja/a.html", "ja/a.html#fn-1", "a.html#fn-1"),
    ("ja/a.html", "en/a.html", "../en/a.html"),
    ("ja/a.html", "pdf/explainer-ja.pdf", "../pdf/explainer-ja.pdf"),
    ("a/b/c.html", "a/d/e.html", "../d/e.html"),
])
def test_relative_links(here, there, link):
    assert relative(here, there) == link


def test_absolute_urls_only_with_a_base():
    assert absolute("https://example.org/x/", "ja/a.html") == "https://example.org/x/ja/a.html"
    assert absolute("", "ja/a.html") == "ja/a.html"
