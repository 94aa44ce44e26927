"""The flagship explainer: complete in both languages, every claim sourced as the dossier records it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from explainer.content.load import load_content
from explainer.content.validate import validate
from conftest import ROOT, SITES, run_build, write_site
from mkdocs_support import mkdocs

DOSSIER = ROOT.parent / "shared" / "research" / "claims.yml"
SEED = ROOT.parent / "shared" / "seed"

CHANGED = {
    "free-ai-era-ending": ((" One report puts Llama downloads at 1.2 billion by early 2026.", ""),),
    "funded-by-ad-revenue": ((", with debt placed with PIMCO and other investors", ""),),
    "prometheus-ohio-2026": (("on 9 June and 18 September 2025.", "in 2025, the first on 9 June."),),
    "multi-gigawatt-clusters": (('Quote: "We\'re actually building several multi-GW clusters."',
                                 "Reuters and Bloomberg reported him as saying that Meta was building several multi-gigawatt "
                                 "clusters."),),
    "spending-exceeds-past": (("about $28B (2023), ", ""),),
    "semianalysis-first-gw-cluster": (('on 17 Jan 2026 Elon Musk announced xAI\'s Colossus 2 as operational and "the first '
                                       'gigawatt training cluster in the world"',
                                       "as of June 2026 Epoch AI, which compares sites by computing capacity rather than power, "
                                       "treats xAI's Colossus 2 as the record holder"),),
    "openai-nonprofit-to-closed": (("about $13.75B in total by 2025, per TechRepublic", "more than $13B in total by 2025"),),
    "free-then-monetize-playbook": (("replaced 25,000 free map loads per day", "replaced its free allowance (25,000 map loads "
                                     "a day, as developers reported it)"), ("some users", "some developers")),
    "whatsapp-19b-decade": (("; often put at about $22B by completion", ""),
                            ("click-to-WhatsApp ads hit a $1.5B annual run rate by Q3 2022, and ", "")),
}
"""Where a claim's correct figure departs from the dossier's words, with what the site says instead ("": left
out): passages the dossier itself says to drop, re-source, paraphrase or attribute (``update_since_first_check``,
``research_remarks``) because only tier-3 pages carry them. Each claim's note says what could not be confirmed."""

PAGE_LANGUAGES = {"newsdig.tbs.co.jp": "ja", "cloud.watch.impress.co.jp": "ja", "gigazine.net": "ja",
                  "news.livedoor.com": "ja", "business.nikkei.com": "ja", "exame.com": "pt-BR"}
"""The cited pages not in English, by host, and their language."""

WRITER_FACING = [
    r"\bthe explainer (should|could|must)\b", r"\bpresent (it|them|this) as\b", r"\btreat (it|them|this) as\b",
    r"\bnot verified here\b", r"\bbackground knowledge\b", r"\b(an|the) editor (should|could|can)\b",
    r"\bbefore (publishing|quoting|citing)\b", r"\bif verified live\b", r"\bresearch remarks?\b",
    r"解説では[^。]*べき", r"明記すべき", r"として示すべき", r"ここでは検証していません", r"背景知識",
]
"""Phrases that address the writer or an editor rather than the reader, in both languages; none may
reach any output. (Readers may be told what they "should" know; the writer may not be told what to write.)"""

WRITER_WORDS = {"en": r"\bshould\b|\bexplainer\b|\beditors?\b|\bverif(y|ied) (here|live)\b|\btier[- ]?[123]\b",
                "ja": r"べき(?!道)|解説|編集者|検証していません"}
"""Stricter, for the reader-facing texts of the claims registry: no advice at all, no tiers, no talk of the explainer.
(「進むべき道」 is the Japanese title of Zuckerberg's letter, not advice.)"""


@pytest.fixture(scope="module")
def content():
    loaded, problems = load_content(ROOT / "content", "content")
    problems += validate(loaded)
    assert [str(p) for p in problems] == []
    return loaded


@pytest.fixture(scope="module")
def dossier() -> dict:
    if not DOSSIER.exists():
        pytest.skip(f"the fact-check dossier is not beside the repository ({DOSSIER})")
    return yaml.safe_load(DOSSIER.read_text(encoding="utf-8"))


def test_every_section_exists_in_both_languages(content):
    ids = content.section_ids()
    assert ids == ["data-center-power-play", "brain-trust", "open-source-curveball", "wall-street", "whats-at-stake"]
    for ident in ids:
        assert ("ja", ident) in content.sections and ("en", ident) in content.sections


def test_the_dossier_is_version_2(dossier):
    assert dossier["dossier"]["version"] == 2


def test_every_dossier_claim_is_in_the_registry_with_its_verdict(content, dossier):
    assert [c["id"] for c in dossier["claims"]] == list(content.claims)
    for record in dossier["claims"]:
        claim = content.claims[record["id"]]
        assert (claim.verdict, claim.section) == (record["verdict"], record["section"]), record["id"]
        assert (claim.claim["en"], claim.claim["ja"]) == (record["claim_en"], record["claim_ja"]), record["id"]
        expected = record["correct_figure"].strip()
        for dossier_words, site_words in CHANGED.get(record["id"], ()):
            assert expected.count(dossier_words) == 1, (record["id"], dossier_words)
            expected = expected.replace(dossier_words, site_words).strip()
        assert claim.correct_figure["en"] == expected, record["id"]


def test_what_the_site_leaves_out_of_a_correct_figure_is_gone_in_both_languages(content):
    assert "1.2 billion" not in content.claims["free-ai-era-ending"].correct_figure["en"]
    assert "12億" not in content.claims["free-ai-era-ending"].correct_figure["ja"]
    assert all("PIMCO" not in text for text in content.claims["funded-by-ad-revenue"].correct_figure.values())
    gone = {"prometheus-ohio-2026": ("18 September", "9月18日"), "spending-exceeds-past": ("$28B", "280億"),
            "multi-gigawatt-clusters": ("multi-GW clusters.", "multi-GW clusters."),
            "semianalysis-first-gw-cluster": ("Musk", "マスク"), "openai-nonprofit-to-closed": ("13.75", "137.5"),
            "whatsapp-19b-decade": ("$22B", "220億"), "free-then-monetize-playbook": ("some users", "利用者もいました")}
    for cid, (english, japanese) in gone.items():
        figure = content.claims[cid].correct_figure
        assert english not in figure["en"] and japanese not in figure["ja"], cid
    assert "15億" not in content.claims["whatsapp-19b-decade"].correct_figure["ja"]


def test_every_claim_cites_the_dossiers_sources_best_tier_first(content, dossier):
    """Same sources, fields and tiers as the dossier; ordered by tier, the dossier's order within a tier."""
    for record in dossier["claims"]:
        claim = content.claims[record["id"]]
        expected = [(s["url"], s["publisher"], s["title"], s["date"], s["tier"])
                    for s in sorted(record["sources"], key=lambda s: s["tier"])]
        actual = [(s.url, s.publisher, s.title, s.date, s.tier) for s in claim.sources]
        assert actual == expected, record["id"]


def dropped_urls(record: dict) -> set[str]:
    """A claim's ``dropped_sources``: each a URL, optionally followed by ': why'."""
    return {entry.split()[0].rstrip(":") for entry in record.get("dropped_sources", [])}


def test_no_claim_cites_a_source_the_dossier_dropped_for_it(content, dossier):
    for record in dossier["claims"]:
        dropped = dropped_urls(record)
        assert dropped, record["id"]
        assert not dropped & {s.url for s in content.claims[record["id"]].sources}, record["id"]


def test_pages_not_in_english_carry_their_language(content):
    for claim in content.claims.values():
        for source in claim.sources:
            assert source.lang == PAGE_LANGUAGES.get(urlsplit(source.url).hostname), (claim.id, source.url)


def test_reader_facing_claim_texts_never_address_the_writer(content):
    for claim in content.claims.values():
        for lang, pattern in WRITER_WORDS.items():
            for field in ("claim", "correct_figure", "note"):
                text = getattr(claim, field)[lang]
                assert not re.search(pattern, text, re.IGNORECASE), (claim.id, field, lang, text)


def test_every_claim_has_a_note_for_editors_apart_from_the_readers_note(content, dossier):
    for record in dossier["claims"]:
        claim = content.claims[record["id"]]
        assert claim.editor_note and record["research_remarks"].strip() in claim.editor_note, claim.id
        assert claim.editor_note not in claim.note.values()


def test_every_claim_is_cited_in_its_section_in_both_languages(content):
    for claim in content.claims.values():
        for lang in ("ja", "en"):
            doc = content.sections[(lang, claim.section)]
            assert claim.id in {r.target for r in doc.refs if r.kind == "claim"}, (lang, claim.id)


def _visible_text(doc) -> str:
    text = re.sub(r"\[\^[^\]]+\]|\]\([^)]*\)|\{lang=[a-z-]+\}|[#*>\[\]!`|-]", "", doc.body)
    return unicodedata.normalize("NFKC", text)


def test_japanese_pages_are_predominantly_japanese(content):
    for (lang, ident), doc in {**content.sections, **content.pages}.items():
        if lang != "ja":
            continue
        letters = [ch for ch in _visible_text(doc) if ch.isalpha()]
        japanese = [ch for ch in letters if re.match(r"[\u3040-\u30ff\u4e00-\u9fff]", ch)]
        assert len(japanese) / len(letters) > 0.6, (ident, len(japanese) / len(letters))


def test_no_placeholder_text_anywhere():
    for path in sorted((ROOT / "content").rglob("*")):
        if path.is_file() and path.name != "README.md":
            text = path.read_text(encoding="utf-8").replace("TBD Lab", "")  # Meta's lab of that name
            for word in ("TODO", "TBD", "XXX", "lorem", "FIXME", "placeholder"):
                assert word.lower() not in text.lower(), f"{path}: {word}"


def test_the_disclaimer_is_the_seeds_verbatim(content, dossier):
    assert content.site.disclaimer.text["ja"] == dossier["disclaimer_ja"]
    seed = "".join(p.read_text(encoding="utf-8") for p in SEED.glob("*.txt"))
    assert content.site.disclaimer.text["ja"] in seed


def test_the_about_page_shows_the_full_original_disclaimer_and_its_own_languages_translation(flagship, content):
    english = content.site.disclaimer.text["en"].replace("'", "&#39;")
    for lang in ("ja", "en"):
        html = (flagship / lang / "about.html").read_text()
        assert content.site.disclaimer.text["ja"] in html
        assert (english in html) == (lang == "en")
        assert 'id="disclaimer"' in html


# What readers get: every output of the flagship.

def json_strings(value) -> list[str]:
    """Every key and string value in parsed JSON: what a search index or a manifest could show."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in (k, *json_strings(v))]
    if isinstance(value, list):
        return [text for v in value for text in json_strings(v)]
    return []


def output_texts(site: Path) -> dict[str, str]:
    """The text of every output of a built site: pages with their JSON-LD, search index, sitemap, PDFs."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".pdf":
            texts[rel] = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                        capture_output=True, text=True, check=True).stdout
        elif path.suffix == ".json":
            texts[rel] = "\n".join(json_strings(json.loads(path.read_text(encoding="utf-8"))))
        elif path.suffix in (".html", ".xml", ".txt"):
            texts[rel] = html.unescape(path.read_text(encoding="utf-8"))
    return {rel: unicodedata.normalize("NFKC", text) for rel, text in texts.items()}


def squashed(text: str) -> str:
    """Without any whitespace: a PDF breaks lines (and Japanese has no spaces) anywhere in a phrase."""
    return "".join(text.split())


def assert_no_writer_facing_phrase_or_editor_note(texts: dict[str, str], content) -> None:
    notes = [squashed(c.editor_note)[:80] for c in content.claims.values() if c.editor_note]
    assert len(notes) == len(content.claims)
    for rel, text in texts.items():
        spaced, joined = " ".join(text.split()), squashed(text)
        for pattern in WRITER_FACING:
            found = re.search(pattern, joined if pattern.isascii() is False else spaced, re.IGNORECASE)
            assert not found, (rel, found and found.group(0))
        leaked = [note for note in notes if note in joined]
        assert not leaked, (rel, leaked)


def test_no_page_search_index_or_json_ld_addresses_the_writer_or_shows_an_editor_note(flagship, content):
    texts = output_texts(flagship)
    assert any(rel.startswith("search/") for rel in texts) and any("application/ld+json" in t for t in texts.values())
    assert_no_writer_facing_phrase_or_editor_note(texts, content)


@pytest.mark.slow
def test_no_pdf_addresses_the_writer_or_shows_an_editor_note(flagship_with_pdfs, content):
    texts = {rel: text for rel, text in output_texts(flagship_with_pdfs).items() if rel.endswith(".pdf")}
    assert sorted(texts) == ["pdf/explainer-en.pdf", "pdf/explainer-ja.pdf"] and all(content.claims["threads-announcement"].note["en"][:30] in " ".join(t.split())
                                   for rel, t in texts.items() if rel.endswith("-en.pdf"))
    assert_no_writer_facing_phrase_or_editor_note(texts, content)


@pytest.mark.slow
def test_the_mkdocs_preview_never_shows_an_editor_note(tmp_path, content):
    out = tmp_path / "preview"
    result = mkdocs("build", "--strict", "--site-dir", str(out), env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    texts = output_texts(out)
    assert any("threads-announcement" in text for text in texts.values())
    assert_no_writer_facing_phrase_or_editor_note(texts, content)


def linked_urls(site: Path, lang: str) -> set[str]:
    return {html.unescape(href) for page in (site / lang).glob("*.html")
            for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))}


def test_each_language_links_the_dossiers_sources(flagship, dossier):
    wanted = {s["url"] for record in dossier["claims"] for s in record["sources"]}
    for lang in ("ja", "en"):
        linked = wanted & linked_urls(flagship, lang)
        assert len(linked) >= 0.9 * len(wanted), (lang, sorted(wanted - linked))


def test_a_link_to_a_page_in_another_language_says_which(flagship):
    page = (flagship / "en" / "data-center-power-play.html").read_text(encoding="utf-8")
    assert 'href="https://newsdig.tbs.co.jp/articles/withbloomberg/2045580?display=1" rel="noreferrer" hreflang="ja"' in page


# The schema of a source's tier and language and of a claim's editor note.

def claims_yml(source_extra: str = "", claim_extra: str = "") -> str:
    return f"""- id: sky-blue
  section: weather
  verdict: accurate
  claim: {{en: The sky is blue., fr: Le ciel est bleu.}}
  correct_figure: {{en: Blue on clear days., fr: Bleu par temps clair.}}
  note: {{en: Rayleigh scattering., fr: Diffusion Rayleigh.}}
{claim_extra}  sources:
    - publisher: Example Science
      title: Why the sky is blue
      date: "2024-03-01"
      url: https://example.org/sky
{source_extra}- id: rain-daily
  section: weather
  verdict: inaccurate
  claim: {{en: It rains every day., fr: Il pleut tous les jours.}}
  correct_figure: {{en: About 150 days a year., fr: Environ 150 jours par an.}}
  note: {{en: Not every day., fr: Pas tous les jours.}}
  sources:
    - {{publisher: Example Met Office, title: null, date: null, url: null}}
"""


def test_tier_lang_and_editor_note_are_read_into_the_model(tmp_path):
    site = write_site(tmp_path / "site", {"claims.yml": claims_yml("      tier: 1\n      lang: pt-BR\n",
                                                                   "  editor_note: Check the 2024 figure.\n")})
    loaded, problems = load_content(site, "content")
    assert problems == []
    claim = loaded.claims["sky-blue"]
    assert (claim.sources[0].tier, claim.sources[0].lang, claim.editor_note) == (1, "pt-BR", "Check the 2024 figure.")
    other = loaded.claims["rain-daily"]
    assert (other.sources[0].tier, other.sources[0].lang, other.editor_note) == (None, None, None)


@pytest.mark.parametrize("source_extra, claim_extra, line, message", [
    ("      tier: 4\n", "", 12, "'tier' 4 is not 1, 2 or 3"),
    ("      tier: primary\n", "", 12, "'tier' must be number, not text"),
    ("      lang: Japanese\n", "", 12, "'lang' 'Japanese' is not a BCP 47 code"),
    ("", "  editor_note: [check, this]\n", 7, "'editor_note' must be text"),
])
def test_a_bad_tier_lang_or_editor_note_is_reported_at_its_line(tmp_path, source_extra, claim_extra, line, message):
    site = write_site(tmp_path / "site", {"claims.yml": claims_yml(source_extra, claim_extra)})
    result = run_build("check", "--content", str(site))
    assert result.returncode == 1
    located = [l for l in result.stderr.splitlines() + result.stdout.splitlines() if message in l]
    assert located and located[0].startswith(f"{site / 'claims.yml'}:{line}: "), result.stderr
