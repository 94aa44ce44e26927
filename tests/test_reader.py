"""What a reader gets without a browser: page weight, the parallel view, search index, metadata."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, SITES, run_build, write_site

BUDGET = 30 * 1024
"""Each page's HTML + CSS + JS, gzipped, before the reader opens search."""
ASSETS = ("assets/site.css", "assets/site.js", "assets/print.css")
"""Every page loads all three (print.css too: browsers fetch it, at low priority)."""


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def test_every_page_fits_the_weight_budget(flagship):
    assets = sum(gz((flagship / a).read_bytes()) for a in ASSETS)
    weights = {p: gz((flagship / p).read_bytes()) + assets for p in html_pages(flagship)}
    over = {p: w for p, w in weights.items() if w > BUDGET}
    assert not over, f"over {BUDGET} bytes gzipped: {over}"


def test_two_builds_with_the_search_index_are_byte_identical(tmp_path):
    trees = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert {"search/en/manifest.json", "search/fr/manifest.json", "search/fr/0/pages.json"} <= set(trees[0])
    assert trees[0] == trees[1]


def test_only_the_article_text_is_indexed(flagship):
    """Navigation, the parallel view, the claims list and each claim's own page (their claims are in the
    sections' notes), the search page and the root chooser carry no data-search-body."""
    for page in html_pages(flagship):
        text = (flagship / page).read_text(encoding="utf-8")
        indexed = "data-search-body" in text
        name = page.rsplit("/", 1)[-1]
        expected = ("/" in page and name not in ("search.html", "claims.html") and not name.startswith("parallel-")
                    and "/claims/" not in page)
        assert indexed == expected, page


class Blocks(HTMLParser):
    """Counts the parallel view's rows and each row's cells by language."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, bool]]] = []
        self.mismatch = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "parallel-row" in classes:
            self.rows.append([])
        if "parallel-cell" in classes:
            self.rows[-1].append((a.get("lang") or "", False))
        if "parallel-missing" in classes:
            self.rows[-1][-1] = (self.rows[-1][-1][0], True)
        if "parallel-mismatch" in classes:
            self.mismatch = True


def parallel(site: Path, page: str) -> Blocks:
    parser = Blocks()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def top_level_blocks(md_body: str) -> int:
    from explainer.markdown.dialect import SafeMarkdown
    tokens = SafeMarkdown().parse(md_body)
    depth = count = 0
    for tok in tokens:
        if tok.type == "footnote_block_open":
            break
        depth += tok.nesting
        count += depth == 0
    return count


def test_the_parallel_view_aligns_every_block_of_the_flagship(flagship):
    from explainer.content.load import load_content
    content, _ = load_content(ROOT / "content", "content")
    for (lang, sid), doc in content.sections.items():
        view = parallel(flagship, f"{lang}/parallel-{sid}.html")
        counts = {code: top_level_blocks(content.sections[(code, sid)].body) for code in content.site.codes}
        assert len(view.rows) == max(counts.values()), (lang, sid, counts)
        for row in view.rows:
            assert [code for code, _ in row] == list(content.site.codes)
        assert view.mismatch == (len(set(counts.values())) > 1)


def test_a_translation_with_a_missing_paragraph_still_renders_and_says_so(tmp_path):
    fr = (SITES / "minimal" / "sections" / "fr" / "01-weather.md").read_text(encoding="utf-8")
    shorter = fr.replace("Les Anglais disent [it rains]{lang=en}.\n", "")
    assert shorter != fr
    root = write_site(tmp_path / "content", {"sections/fr/01-weather.md": shorter})
    out = tmp_path / "site"
    result = run_build("build", "-q", "--content", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    view = parallel(out, "en/parallel-weather.html")
    assert view.mismatch
    assert len(view.rows) == 4
    assert view.rows[-1] == [("en", False), ("fr", True)]
    page = (out / "en" / "parallel-weather.html").read_text(encoding="utf-8")
    assert "English 4, Français 3" in page


def test_each_section_links_to_its_parallel_view(flagship):
    for page in html_pages(flagship):
        name = page.rsplit("/", 1)[-1]
        if (flagship / page.replace(name, "parallel-" + name)).exists():
            assert f'href="parallel-{name}"' in (flagship / page).read_text(encoding="utf-8"), page


def json_ld(text: str) -> list[dict]:
    out: list[dict] = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
        data = json.loads(block)
        out += data if isinstance(data, list) else [data]
    return out


def test_structured_data_is_complete_claim_reviews_and_an_article(flagship):
    claims = json_ld((flagship / "en" / "claims.html").read_text(encoding="utf-8"))
    assert len(claims) == 39
    for review in claims:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["datePublished"] and review["author"]["name"]
        assert review["reviewRating"]["alternateName"]
        assert review["itemReviewed"]["@type"] == "Claim"
        if "ratingValue" in review["reviewRating"]:
            assert 1 <= review["reviewRating"]["ratingValue"] <= review["reviewRating"]["bestRating"] == 4
    [article] = json_ld((flagship / "ja" / "index.html").read_text(encoding="utf-8"))
    assert article["@type"] == "Article" and article["inLanguage"] == "ja" and article["headline"]


def test_social_card_only_with_an_absolute_base_url(tmp_path, flagship):
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    page = (out / "en" / "weather.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://example.org/mini/assets/cards/en/weather.png">' in page
    assert (out / "assets" / "cards" / "en" / "weather.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for page in html_pages(flagship):  # the flagship's base_url is "": no relative og:image
        assert "og:image" not in (flagship / page).read_text(encoding="utf-8"), page


def test_the_parallel_view_leaves_the_section_pages_heading_ids_alone(tmp_path):
    """Its language prefix applies to its own copies only, however often it renders."""
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    assert 'id="pluie-et-soleil"' in (out / "fr" / "weather.html").read_text(encoding="utf-8")
    assert 'id="rain-and-shine"' in (out / "en" / "weather.html").read_text(encoding="utf-8")
    for lang in ("en", "fr"):
        page = (out / lang / "parallel-weather.html").read_text(encoding="utf-8")
        assert 'id="en-rain-and-shine"' in page and 'id="fr-pluie-et-soleil"' in page and "fr-fr-" not in page
