"""The flagship explainer: complete in both languages, every claim sourced as the dossier records it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from explainer.content.load import load_content
from explainer.content.validate import validate
from conftest import ROOT

DOSSIER = ROOT.parent / "shared" / "research" / "claims.yml"
SEED = ROOT.parent / "shared" / "seed"


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


def test_every_dossier_claim_is_in_the_registry_with_its_verdict(content, dossier):
    assert [c["id"] for c in dossier["claims"]] == list(content.claims)
    for record in dossier["claims"]:
        claim = content.claims[record["id"]]
        assert (claim.verdict, claim.section) == (record["verdict"], record["section"]), record["id"]
        assert claim.correct_figure["en"] == record["correct_figure"].strip(), record["id"]


def test_every_claims_sources_match_the_dossier(content, dossier):
    for record in dossier["claims"]:
        claim = content.claims[record["id"]]
        expected = [(s["publisher"], s["title"], s["date"], s["url"]) for s in record["sources"]]
        actual = [(s.publisher, s.title, s.date, s.url) for s in claim.sources]
        assert actual == expected, record["id"]


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
            text = path.read_text(encoding="utf-8")
            for word in ("TODO", "TBD", "XXX", "lorem", "FIXME", "placeholder"):
                assert word.lower() not in text.lower(), f"{path}: {word}"


def test_the_disclaimer_is_the_seeds_verbatim(content, dossier):
    assert content.site.disclaimer.text["ja"] == dossier["disclaimer_ja"]
    seed = "".join(p.read_text(encoding="utf-8") for p in SEED.glob("*.txt"))
    assert content.site.disclaimer.text["ja"] in seed


def test_the_about_page_shows_the_full_disclaimer_in_both_languages(flagship, content):
    for lang in ("ja", "en"):
        html = (flagship / lang / "about.html").read_text()
        assert content.site.disclaimer.text["ja"] in html
        assert content.site.disclaimer.text["en"].replace("'", "&#39;") in html or content.site.disclaimer.text["en"] in html
        assert 'id="disclaimer"' in html
