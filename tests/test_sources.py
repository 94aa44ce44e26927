"""Sources as people cite them: publisher, the title as the link, the date as the page's
language writes it, and the source's language where it differs from the page's."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import SITES, run_build, write_site

from explainer.site.dates import written_date

ENGLISH = {"month_names": "January February March April May June July August September October November December",
           "date_day": "{day} {month_name} {year}", "date_month": "{month_name} {year}"}
JAPANESE = {"month_names": " ".join(f"{m}月" for m in range(1, 13)),
            "date_day": "{year}年{month}月{day}日", "date_month": "{year}年{month}月"}


def test_dates_are_written_as_the_page_language_writes_them():
    assert written_date("2025-07-14", ENGLISH.__getitem__) == "14 July 2025"
    assert written_date("2025-07-14", JAPANESE.__getitem__) == "2025年7月14日"
    assert written_date("2025-07", ENGLISH.__getitem__) == "July 2025"
    assert written_date("2025-07", JAPANESE.__getitem__) == "2025年7月"
    assert written_date("2025", JAPANESE.__getitem__) == "2025"


class Links(HTMLParser):
    """The text of every link inside the notes' source lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.link: list[str] | None = None
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "ul" and ("class", "sources") in attrs:
            self.depth += 1
        elif tag == "a" and self.depth:
            self.link = []

    def handle_endtag(self, tag):
        if tag == "ul" and self.depth:
            self.depth -= 1
        elif tag == "a" and self.link is not None:
            self.texts.append("".join(self.link).strip())
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link.append(data)


def source_link_texts(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.texts


def test_the_flagship_cites_its_sources_by_title_never_by_url(flagship):
    texts = []
    for page in sorted(flagship.glob("*/*.html")):
        texts += source_link_texts(page.read_text(encoding="utf-8"))
    assert len(texts) > 100
    assert not [t for t in texts if re.match(r"(https?://|www\.)", t)]


def test_a_japanese_page_writes_dates_its_way_and_says_which_sources_are_in_english(flagship):
    page = (flagship / "ja" / "data-center-power-play.html").read_text(encoding="utf-8")
    assert ('<a class="source-url" href="https://www.spokesman.com/stories/2025/jul/14/zuckerberg-says-meta-to-build-several-gigawatt-siz/"'
            ' rel="noreferrer"><cite lang="en">Zuckerberg Says Meta to Build Several Gigawatt-Size Data Centers</cite></a>,'
            ' <time datetime="2025-07-14">2025年7月14日</time><span class="source-lang">（英語）</span>.') in page


def test_an_english_page_says_which_sources_are_in_japanese_and_marks_their_titles(flagship):
    page = (flagship / "en" / "brain-trust.html").read_text(encoding="utf-8")
    assert ('hreflang="ja"><cite lang="ja">「スーパーインテリジェンス」の実現を目指す Metaの新しい賭け</cite></a>'
            ' <span class="source-lang">(in Japanese)</span>.') in page
    assert "(in English)" not in page


def test_a_sources_publisher_and_title_are_marked_with_its_language_even_in_the_pages_script(tmp_path):
    """English and French share a script, so only the source's declared language (English by default) can
    say that "Example Science" is English on the French page; on the English page nothing is marked."""
    root = write_site(tmp_path / "content", {})
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(root), "--out", str(out)).returncode == 0
    fr = (out / "fr" / "weather.html").read_text(encoding="utf-8")
    en = (out / "en" / "weather.html").read_text(encoding="utf-8")
    assert '<span lang="en">Example Science</span>, <a class="source-url"' in fr
    assert '<cite lang="en">Why the sky is blue</cite>' in fr
    assert "Example Science</span>" not in en and '<cite lang="en">' not in en


def test_a_source_without_a_title_links_its_publisher_or_else_its_host(tmp_path):
    claims = (SITES / "minimal" / "claims.yml").read_text(encoding="utf-8")
    claims = claims.replace("""      title: Why the sky is blue
      date: "2024-03-01"
""", """      title: null
      date: "2024-03"
""").replace("""    - publisher: Example Met Office
      title: null
      date: null
      url: null""", """    - publisher: null
      title: null
      date: null
      url: https://weather.example.net/rain/daily""")
    root = write_site(tmp_path / "content", {"claims.yml": claims})
    out = tmp_path / "site"
    result = run_build("build", "-q", "--content", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    en = (out / "en" / "weather.html").read_text(encoding="utf-8")
    fr = (out / "fr" / "weather.html").read_text(encoding="utf-8")
    assert source_link_texts(en) == ["Example Science", "weather.example.net"]
    assert '<time datetime="2024-03">March 2024</time>.' in en
    assert '<time datetime="2024-03">mars 2024</time> <span class="source-lang">(en anglais)</span>.' in fr


def test_a_source_language_without_a_name_for_readers_is_an_error(tmp_path):
    claims = (SITES / "minimal" / "claims.yml").read_text(encoding="utf-8")
    claims = claims.replace("      url: https://example.org/sky\n", "      url: https://example.org/sky\n      lang: it\n")
    root = write_site(tmp_path / "content", {"claims.yml": claims})
    result = run_build("build", "-q", "--content", str(root), "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    line = claims.splitlines().index("    - publisher: Example Science") + 1
    assert (f"{root}/claims.yml:{line}: no interface string names the source language 'it' "
            "(hint: add 'source_lang_it:' to strings.yml with one text per language, such as '(in English)')") in result.stderr


def test_removing_a_source_languages_name_is_caught_by_a_cached_rebuild(tmp_path):
    """The check reads every source's language even when claims.yml comes from the rebuild cache."""
    claims = (SITES / "minimal" / "claims.yml").read_text(encoding="utf-8")
    claims = claims.replace("      url: https://example.org/sky\n", "      url: https://example.org/sky\n      lang: it\n")
    strings = (SITES / "minimal" / "strings.yml").read_text(encoding="utf-8")
    named = strings + "source_lang_it: {en: (in Italian), fr: (en italien)}\n"
    root = write_site(tmp_path / "content", {"claims.yml": claims, "strings.yml": named})
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(root), "--out", str(out)).returncode == 0
    (root / "strings.yml").write_text(strings, encoding="utf-8")
    result = run_build("build", "-q", "--content", str(root), "--out", str(out))
    assert result.returncode == 1
    assert "no interface string names the source language 'it'" in result.stderr
