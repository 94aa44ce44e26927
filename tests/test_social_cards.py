"""Social cards: every language page gets a 1200×630 PNG with its own title, drawn at build time.

The card is referenced by ``og:image`` and ``twitter:image`` with an absolute URL when
the site has a base URL; the same input draws the same bytes; a content folder may
supply its own image (``social_card`` in site.yml) instead.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import SITES, run_build, write_site
from explainer.content.model import VERDICTS
from explainer.site import social_cards

BASE = "https://cards.example.net/x/"


def _build(content: Path, out: Path, *args: str) -> None:
    result = run_build("build", "--content", str(content), "--out", str(out), "--base-url", BASE, *args)
    assert result.returncode == 0, result.stderr


def _images(page: Path) -> dict[str, str]:
    html = page.read_text(encoding="utf-8")
    return {"og": re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1),
            "twitter": re.search(r'<meta name="twitter:image" content="([^"]+)"', html).group(1)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cards") / "site"
    _build(SITES / "minimal", out)
    return out


def test_every_language_page_points_to_its_card_by_absolute_url(built):
    """Each page has a card of its own, but for two kinds that show another's: the side-by-side view
    shows its section's, and a claim's page the card of its verdict (the claim is the preview's title)."""
    verdicts = {c["id"]: c["verdict"] for c in yaml.safe_load((SITES / "minimal/claims.yml").read_text(encoding="utf-8"))}
    pages = sorted(p.relative_to(built).as_posix() for p in built.glob("*/**/*.html"))
    assert len(pages) == 16 + 2 * len(verdicts)  # with the timeline and a page per claim
    cards = {}
    for page in pages:
        lang, name = page[:-len(".html")].split("/", 1)
        if name.startswith("parallel-"):
            name = name[len("parallel-"):]
        elif name.startswith("claims/"):
            name = "verdicts/" + verdicts[name[len("claims/"):]]
        images = _images(built / page)
        assert images["og"] == images["twitter"] == f"{BASE}assets/cards/{lang}/{name}.png", page
        card = built / images["og"][len(BASE):]
        assert card.is_file(), page
        cards[card] = card.read_bytes()
    assert len(set(cards.values())) == len(cards) == 2 * (7 + len(set(verdicts.values()))), "every card differs"
    verdict_cards = {f"assets/cards/{lang}/verdicts/{verdict}.png" for lang in ("en", "fr") for verdict in VERDICTS}
    assert {p.relative_to(built).as_posix() for p in (built / "assets/cards").rglob("*.png")} == \
        {c.relative_to(built).as_posix() for c in cards} | verdict_cards, "a card for every verdict, and none else unshown"


def test_a_claims_page_shows_the_card_of_its_verdict_described_by_its_text(built):
    page = (built / "en/claims/rain-daily.html").read_text(encoding="utf-8")
    assert '<meta property="og:image:alt" content="Claim checked: Inaccurate">' in page
    assert social_cards.render("Claim checked: Inaccurate", "Mini explainer", "en") == \
        (built / "assets/cards/en/verdicts/inaccurate.png").read_bytes()


def test_a_card_is_a_1200_by_630_png_with_the_pages_title(built):
    with Image.open(built / "assets/cards/fr/weather.png") as card:
        assert card.format == "PNG" and card.size == (1200, 630)
    title = re.search(r'<h1 id="page-title">([^<]+)</h1>', (built / "fr/weather.html").read_text(encoding="utf-8")).group(1)
    assert f'<meta property="og:image:alt" content="{title}">' in (built / "fr/weather.html").read_text(encoding="utf-8")
    # The card shows the title: the same page with another title draws another card.
    assert social_cards.render(title, "Mini explicateur", "fr") == (built / "assets/cards/fr/weather.png").read_bytes()
    assert social_cards.render("La pluie", "Mini explicateur", "fr") != (built / "assets/cards/fr/weather.png").read_bytes()


def test_without_a_base_url_no_card_is_drawn_and_no_page_names_one(tmp_path):
    """A link preview needs the image's absolute URL; without a base URL no page could name a
    card, so none is drawn (each costs a cold build ~10 ms)."""
    out = tmp_path / "site"
    result = run_build("build", "--content", str(SITES / "minimal"), "--out", str(out), "--base-url", "")
    assert result.returncode == 0, result.stderr
    assert not (out / "assets" / "cards").exists()
    assert not any('property="og:image"' in page.read_text(encoding="utf-8") for page in out.rglob("*.html"))


def test_cards_are_byte_identical_across_builds(built, tmp_path):
    again = tmp_path / "again"
    _build(SITES / "minimal", again, "--no-cache")
    for card in sorted((built / "assets/cards").rglob("*.png")):
        assert (again / card.relative_to(built)).read_bytes() == card.read_bytes(), card


def test_japanese_chinese_and_korean_titles_are_set_in_their_noto_cjk_face():
    faces = {lang: social_cards.font_file(lang) for lang in ("ja", "zh", "ko", "zh-Hant", "de", "en")}
    for lang in ("ja", "zh", "ko", "zh-Hant"):
        assert faces[lang] is not None and "NotoSansCJK" in faces[lang][0], lang
    assert len({faces[lang] for lang in ("ja", "zh", "ko", "zh-Hant")}) == 4, "each its own face of the collection"
    assert "CJK" not in faces["de"][0] and faces["de"] == faces["en"]


def test_a_japanese_card_draws_its_title_not_missing_glyph_boxes():
    """The CJK face has the characters: each title draws differently (missing glyphs would all be one box)."""
    first = social_cards.render("電力", "サイト", "ja")
    second = social_cards.render("規制", "サイト", "ja")
    assert first != second
    with Image.open(io.BytesIO(first)) as card:
        assert card.size == (1200, 630)


def test_a_long_title_stays_inside_the_card():
    card = social_cards.render("Gigawatt " * 60, "Site", "en")
    with Image.open(io.BytesIO(card)) as image:
        rgb = image.convert("RGB")
        right = rgb.crop((1200 - 40, 0, 1200, 630))
        bottom = rgb.crop((0, 630 - 20, 1200, 630))
        paper = rgb.getpixel((0, 0))
        assert right.getcolors() == [(40 * 630, paper)], "nothing drawn in the right margin"
        assert bottom.getcolors() == [(1200 * 20, paper)], "nothing drawn in the bottom margin"


def test_the_contents_own_image_replaces_the_cards(tmp_path):
    own = io.BytesIO()
    Image.new("RGB", (1200, 630), (200, 30, 30)).save(own, "PNG")
    site = (SITES / "minimal/site.yml").read_text(encoding="utf-8") + "social_card: images/card.png\n"
    content = write_site(tmp_path / "content", {"site.yml": site})
    (content / "images").mkdir()
    (content / "images/card.png").write_bytes(own.getvalue())
    out = tmp_path / "site"
    _build(content, out)
    assert not (out / "assets/cards").exists()
    assert (out / "assets/social-card.png").read_bytes() == own.getvalue()
    for page in ("en/index.html", "fr/weather.html"):
        assert _images(out / page) == {"og": BASE + "assets/social-card.png", "twitter": BASE + "assets/social-card.png"}
    # A new image is picked up by an incremental rebuild, though site.yml did not change.
    newer = io.BytesIO()
    Image.new("RGB", (1200, 630), (30, 30, 200)).save(newer, "PNG")
    (content / "images/card.png").write_bytes(newer.getvalue())
    _build(content, out)
    assert (out / "assets/social-card.png").read_bytes() == newer.getvalue()


@pytest.mark.parametrize("value, message", [
    ("images/missing.png", "is not a file in the content folder"),
    ("../outside.png", "is not a file in the content folder"),
    ("images/card.gif", "is not a .png or .jpg file in the content folder"),
])
def test_a_bad_social_card_is_a_located_error(tmp_path, value, message):
    site = (SITES / "minimal/site.yml").read_text(encoding="utf-8")
    line = site.count("\n") + 1
    content = write_site(tmp_path / "content", {"site.yml": site + f"social_card: {value}\n",
                                                "images/card.gif": "GIF89a"})
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    result = run_build("check", "--content", str(content))
    assert result.returncode == 1
    assert f"site.yml:{line}: social_card {value!r} {message}" in result.stderr
    assert "hint:" in result.stderr


def test_a_changed_title_redraws_its_cards_and_keeps_the_others(tmp_path):
    content = write_site(tmp_path / "content", {})
    out = tmp_path / "site"
    _build(content, out)
    before = {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in (out / "assets/cards").rglob("*.png")}
    section = content / "sections/en/01-weather.md"
    section.write_text(section.read_text(encoding="utf-8").replace("title: The weather", "title: The stormy weather"),
                       encoding="utf-8")
    _build(content, out)
    after = {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in (out / "assets/cards").rglob("*.png")}
    redrawn = {rel for rel in before if after[rel][0] != before[rel][0]}
    assert redrawn == {"assets/cards/en/weather.png"}
    assert all(after[rel][1] == before[rel][1] for rel in before if rel.startswith("assets/cards/fr/"))
