"""The flagship as a reader meets it: dates, chart units, the disclaimer, cited figures, the timeline.

A bilingual fact-checking editor read the flagship end to end; each test here pins one
of the things they found, on the built pages where a reader sees it, or on the content
an editor writes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from explainer.errors import ContentError
from explainer.content.load import load_content
from explainer.pipeline import check
from conftest import ROOT, write_site

CONTENT = ROOT / "content"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
URL = re.compile(r"https?://\S+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "template"}


class _Text(HTMLParser):
    """Visible text of a page, each run with the language it is in, and ``class`` → element texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[str] = []
        self.hidden = 0
        self.runs: list[tuple[str, str]] = []
        self.open: list[tuple[str, set[str], str, list[str]]] = []  # tag, classes, lang, text parts
        self.by_class: dict[str, list[tuple[str, str, list[str]]]] = {}
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") and self.open:
            self.open[-1][3].append(f"<a href={a['href']}>")
        if tag in VOID:
            return
        self.hidden += tag in HIDDEN
        self.langs.append(a.get("lang") or (self.langs[-1] if self.langs else ""))
        self.open.append((tag, set((a.get("class") or "").split()), self.langs[-1], []))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open:
            return
        self.hidden -= tag in HIDDEN
        _, classes, lang, parts = self.open.pop()
        self.langs.pop()
        for name in classes:
            self.by_class.setdefault(name, []).append((lang, "".join(p for p in parts if not p.startswith("<a ")),
                                                       [p[8:-1] for p in parts if p.startswith("<a ")]))
        if self.open:
            self.open[-1][3].extend(parts)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.runs.append((self.langs[-1] if self.langs else "", data))
        if self.open:
            self.open[-1][3].append(data)


def read(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def load(name: str):
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_settings() -> dict:
    return load("site.yml")


@pytest.fixture(scope="module")
def strings() -> dict:
    """The interface strings the flagship shows: the built-in ones with content/strings.yml's changes."""
    return load_content(CONTENT)[0].strings


def test_japanese_text_on_every_built_page_has_no_iso_dates(flagship):
    pages = sorted((flagship / "ja").glob("*.html")) + [flagship / "index.html", flagship / "404.html"]
    found = {page.relative_to(flagship).as_posix(): ISO_DATE.findall(prose)
             for page in pages for lang, text in read(page).runs
             if lang == "ja" and ISO_DATE.search(prose := URL.sub("", text))}  # a source's address is not a date
    assert found == {}
    footer = read(flagship / "ja/index.html").by_class["site-footer"][0][1]
    assert "確認日 2026年12月2日" in footer


def test_english_pages_write_the_as_of_date_in_words(flagship, site_settings):
    assert str(site_settings["checked"]) == "2026-12-02"
    footer = read(flagship / "en/index.html").by_class["site-footer"][0][1]
    assert "Checked on 2 December 2026" in footer  # the day the claims were checked, not "as of"


def test_the_about_pages_say_as_of_when_honestly():
    ja = (CONTENT / "pages/ja/about.md").read_text(encoding="utf-8")
    en = (CONTENT / "pages/en/about.md").read_text(encoding="utf-8")
    assert "2026年12月2日" in ja and "2026年半ば" in ja and "2026年11月15日" not in ja
    assert "2 December 2026" in en and "mid-2026" in en and "15 November 2026" not in en


# -- charts ------------------------------------------------------------------------------

def chart_table(page: Path, chart_id: str) -> list[tuple[str, str]]:
    """The (label, value) rows of a chart's data table, and its unit as the first row."""
    html = page.read_text(encoding="utf-8")
    figure = html[html.index(f'id="chart-{chart_id}"'):]
    figure = figure[: figure.index("</figure>")]
    unit = re.search(r'<th scope="col">[^<]*</th><th scope="col">([^<]*)</th>', figure).group(1)
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>', figure)
    return [("unit", unit)] + rows


def test_japanese_charts_count_in_oku_and_man(flagship):
    capex = chart_table(flagship / "ja/data-center-power-play.html", "capex-2025-guidance")
    homes = chart_table(flagship / "ja/data-center-power-play.html", "campus-power-homes")
    hires = chart_table(flagship / "ja/brain-trust.html", "msl-hires")
    assert capex[0] == ("unit", "億ドル") and capex[-1][1] == "722.2" and capex[1][1] == "600–650"
    assert homes[0] == ("unit", "万戸") and [v for _, v in homes[1:]] == ["82", "160", "410"]
    assert hires[0] == ("unit", "億ドル") and [v for _, v in hires[1:]] == ["143", "2"]
    charts = (CONTENT / "charts.yml").read_text(encoding="utf-8")
    assert "十億ドル" not in charts and "百万戸" not in charts


def test_english_charts_keep_their_own_units(flagship):
    capex = chart_table(flagship / "en/data-center-power-play.html", "capex-2025-guidance")
    homes = chart_table(flagship / "en/data-center-power-play.html", "campus-power-homes")
    assert capex[0] == ("unit", "US$ billion") and capex[-1][1] == "72.22"
    assert homes[0] == ("unit", "million homes") and [v for _, v in homes[1:]] == ["0.82", "1.6", "4.1"]


def test_the_hires_chart_never_sets_a_valuation_beside_pay_and_keeps_more_than():
    chart = next(c for c in load("charts.yml") if c["id"] == "msl-hires")
    labels = [p["label"]["en"] + " " + p["label"]["ja"] for p in chart["points"]]
    assert not any("valu" in label.lower() or "評価額" in label for label in labels)
    pang = next(p for p in chart["points"] if "Pang" in p["label"]["en"])
    assert "over" in pang["label"]["en"] and "超" in pang["label"]["ja"]
    assert "more than $200 million" in chart["caption"]["en"] and "2億ドル超" in chart["caption"]["ja"]


def test_a_chart_scale_must_be_a_positive_number_for_a_listed_language(tmp_path):
    charts = (ROOT / "tests/sites/minimal/charts.yml").read_text()
    bad = charts.replace("  unit: {en: days, fr: jours}\n", "  unit: {en: days, fr: jours}\n  scale: {fr: 0, de: 2}\n")
    root = write_site(tmp_path / "c", {"charts.yml": bad})
    with pytest.raises(ContentError) as caught:
        check(root, "content")
    assert sorted(str(p) for p in caught.value.problems) == [
        "content/charts.yml:5: 'scale' has a language 'de' that site.yml does not list (hint: known: en, fr)",
        "content/charts.yml:5: 'scale.fr' must be a number above zero, not 0 "
        "(hint: write how many of this language's units make one of the data's, e.g. 10)",
    ]


def test_a_chart_scale_converts_only_its_language(tmp_path):
    charts = (ROOT / "tests/sites/minimal/charts.yml").read_text()
    scaled = charts.replace("  unit: {en: days, fr: jours}\n", "  unit: {en: days, fr: dizaines}\n  scale: {fr: 0.1}\n")
    root = write_site(tmp_path / "c", {"charts.yml": scaled})
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "-q", "--content", str(root),
                             "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert [v for _, v in chart_table(out / "fr/weather.html", "rain-days")[1:]] == ["36.5", "14–16"]
    assert [v for _, v in chart_table(out / "en/weather.html", "rain-days")[1:]] == ["365", "140–160"]


# -- the disclaimer ----------------------------------------------------------------------

def test_every_page_shows_the_original_disclaimer_verbatim_and_who_wrote_it(flagship, site_settings):
    """The article's own words, in its language (marked as such on an English page), then where they come from."""
    disclaimer = site_settings["disclaimer"]
    pages = sorted(flagship.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        notice = read(page)
        [(_, text, _)] = notice.by_class["site-disclaimer"]
        assert text.count(disclaimer["text"]["ja"]) == 1, page
        lang = "en" if page.relative_to(flagship).parts[0] == "en" else "ja"
        assert disclaimer["attribution"][lang] in " ".join(t for _, t, _ in notice.by_class["attribution"]), page
        runs = "".join(t for l, t in notice.runs if l == "ja")
        assert disclaimer["text"]["ja"] in runs, f"{page}: the original is not marked as Japanese"


def test_a_language_page_adds_only_its_own_translation_and_the_root_and_404_every_one(flagship, site_settings, strings):
    english = site_settings["disclaimer"]["text"]["en"]
    label = strings["disclaimer_translation"]["en"]
    for page in ("en/index.html", "en/brain-trust.html", "en/claims/threads-announcement.html", "index.html", "404.html"):
        notice = read(flagship / page)
        [(_, text, _)] = notice.by_class["site-disclaimer"]
        assert f"{label}: {english}" in text, page
        assert english in "".join(t for l, t in notice.runs if l == "en"), page
    for page in ("ja/index.html", "ja/brain-trust.html"):
        [(_, text, _)] = read(flagship / page).by_class["site-disclaimer"]
        assert english not in text and label not in text, page
    [(_, text, _)] = read(flagship / "index.html").by_class["site-disclaimer"]
    assert all(site_settings["disclaimer"]["attribution"][lang] in text for lang in ("ja", "en"))


def test_each_about_page_shows_the_japanese_original_and_only_its_own_languages_translation(flagship):
    japanese, english = read(flagship / "ja/about.html"), read(flagship / "en/about.html")
    assert "disclaimer-translation" not in japanese.by_class  # the original is Japanese: nothing to translate
    captions = " ".join(text for _, text, _ in english.by_class["disclaimer-translation"])
    assert "English translation" in captions and "(en)" not in captions


# -- the prose ---------------------------------------------------------------------------

def paragraphs(doc: Path) -> list[tuple[int, str]]:
    """The body paragraphs of a Markdown file (no front matter, headings or lone images) with their lines."""
    text = doc.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("---", 1) + 1 if lines[0] == "---" else 0
    out, block, first = [], [], 0
    for number, line in enumerate(lines[start:] + [""], start + 1):
        if line.strip():
            first = first or number
            block.append(line)
            continue
        if block and not block[0].startswith(("#", "![")):
            out.append((first, " ".join(block)))
        block, first = [], 0
    return out


SECTIONS = sorted((CONTENT / "sections").glob("*/*.md"))


@pytest.mark.parametrize("doc", SECTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_paragraph_that_states_a_figure_cites_a_claim(doc):
    uncited = [f"{doc.relative_to(ROOT)}:{line}" for line, text in paragraphs(doc)
               if re.search(r"\d", text) and "[^" not in text]
    assert uncited == []


def test_both_languages_carry_the_same_figures():
    """Every number in an English paragraph appears in its Japanese counterpart (in 億/万 where Japanese counts so)."""
    for en_doc in sorted((CONTENT / "sections/en").glob("*.md")):
        ja_doc = CONTENT / "sections/ja" / en_doc.name
        en, ja = paragraphs(en_doc), paragraphs(ja_doc)
        assert len(en) == len(ja), en_doc.name
        for (line, en_text), (_, ja_text) in zip(en, ja):
            years = set(re.findall(r"\b(?:19|20)\d\d\b", en_text))
            missing = sorted(y for y in years if y not in ja_text)
            assert missing == [], f"{en_doc.relative_to(ROOT)}:{line}: years {missing} only in English"
            percents = set(re.findall(r"(\d+(?:–\d+)?)%", en_text))
            missing = sorted(p for p in percents if p.replace("–", "〜") + "%" not in ja_text and p + "%" not in ja_text)
            assert missing == [], f"{en_doc.relative_to(ROOT)}:{line}: {missing}% only in English"


def test_details_once_only_in_english_are_in_japanese_too():
    ja = {doc.name[:2]: doc.read_text(encoding="utf-8") for doc in (CONTENT / "sections/ja").glob("*.md")}
    assert "「マルチギワットクラスタ」" in ja["01"]  # how the article garbles "multi-GW clusters"
    assert "約1,400エーカー" in ja["01"]  # the land Meta reportedly added in Louisiana
    assert "契約者500人" in ja["02"]  # Scale's cuts, as the English tells them


def test_the_japanese_text_quotes_the_article_exactly_where_it_quotes_it():
    """The article says 「年間 90 万戸近くの家庭」; 「約90万戸」 put words in its mouth."""
    home = (CONTENT / "pages/ja/home.md").read_text(encoding="utf-8")
    section = (CONTENT / "sections/ja/01-data-center-power-play.md").read_text(encoding="utf-8")
    assert "「約90万戸」" not in home + section
    assert "記事の「90 万戸近く」" in home and "記事の「90 万戸近く」" in section


def test_a_signing_bonus_is_called_what_japanese_readers_call_it():
    """「契約ボーナス」 is a calque; the sections say 入社一時金, and so must the claims' notes and figures."""
    texts = [(CONTENT / "claims.yml").read_text(encoding="utf-8"),
             *(doc.read_text(encoding="utf-8") for doc in (CONTENT / "sections/ja").glob("*.md"))]
    assert not [text for text in texts if "契約ボーナス" in text]
    assert any("入社一時金" in text for text in texts)


def test_japanese_prose_has_no_quotes_left_in_english():
    for doc in sorted((CONTENT / "sections/ja").glob("*.md")):
        english_quotes = re.findall(r"\[“[^”]*”\]\{lang=en\}", doc.read_text(encoding="utf-8"))
        assert english_quotes == [], doc.name


# -- the timeline ------------------------------------------------------------------------

def test_the_timeline_is_dated_in_order_bilingual_and_names_real_claims(site_settings):
    events = load("timeline.yml")
    claim_ids = {c["id"] for c in load("claims.yml")}
    langs = {l["code"] for l in site_settings["languages"]}
    assert len(events) >= 8
    days = []
    for event in events:
        date = str(event["date"])
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", date), date
        parts = [int(p) for p in date.split("-")]
        days.append(tuple(parts + [1] * (3 - len(parts))))
        assert event["claims"] and set(event["claims"]) <= claim_ids, (date, set(event["claims"]) - claim_ids)
        assert set(event["text"]) == langs and all(event["text"][lang].strip() for lang in langs)
        assert not ISO_DATE.search(event["text"]["ja"])
    assert days == sorted(days)
