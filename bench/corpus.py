"""A deterministic synthetic bilingual corpus, written in the project's content format.

Article ``i`` depends only on the seed and ``i``, so the first 7 articles of the
N=500 corpus are the N=7 corpus: sizes nest, and a slow article cannot hide in one
size only. Each article is about 1,500 English words / 3,000 Japanese characters
with 12 claims, 2–3 headings, a glossary link, an external link and a blockquote,
which is the shape of the reference figures in shared/notes/anchor-benchmarks.md.

``python bench/corpus.py N OUT`` writes a content directory that ``build.py`` accepts.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lexicon import (CLAIMS, FIGURES, HEADINGS, NOTES, ORGS, PEOPLE, PLACES, PUBLISHERS, QUOTES, SENTENCES,
                     TERMS, TITLES, TOPICS, Pair)

LANGS = ("ja", "en")
VERDICTS = ("accurate", "accurate-with-context", "disputed", "inaccurate", "unsourced")
CLAIMS_PER_ARTICLE = 12
SENTENCES_PER_ARTICLE = 92
_PROSE = [i for i in range(SENTENCES_PER_ARTICLE) if i not in (1, 4)]
"""Sentence slots free for claims: 1 becomes the glossary link, 4 the external link."""
STRINGS = Path(__file__).resolve().parent.parent / "content" / "strings.yml"
"""The real interface strings, so the corpus needs exactly what the templates need today."""

Text = dict[str, str]


@dataclass
class Claim:
    id: str
    verdict: str
    claim: Text
    correct_figure: Text
    note: Text
    sources: list[dict[str, str | None]]


@dataclass
class Article:
    id: str
    order: int
    title: Text
    description: Text
    body: Text
    """Markdown per language; claims are cited as ``[^claim-id]`` and defined in claims.yml."""
    claims: list[Claim] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


class Filler:
    """Fills bilingual templates with one consistent choice of slot values for both languages."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def slots(self) -> dict[str, Pair]:
        r = self.rng
        org, org2 = r.sample(ORGS, 2)
        topic, topic2 = r.sample(TOPICS, 2)
        billions = r.randint(1, 60) * 5
        gw = r.choice(["1.2", "1.5", "2", "2.2", "3", "5"])
        pct, year = str(r.randint(3, 80)), str(r.randint(2024, 2030))
        return {"org": org, "org2": org2, "topic": topic, "topic2": topic2, "place": r.choice(PLACES),
                "person": r.choice(PEOPLE), "amount": (f"{billions * 10}億ドル", f"US${billions} billion"),
                "gw": (gw, gw), "pct": (pct, pct), "year": (year, year)}

    def fill(self, template: Pair, slots: dict[str, Pair] | None = None) -> Text:
        slots = slots or self.slots()
        ja = template[0].format(**{k: v[0] for k, v in slots.items()})
        en = template[1].format(**{k: v[1] for k, v in slots.items()})
        return {"ja": ja, "en": en[:1].upper() + en[1:]}


def make_article(seed: int, index: int) -> Article:
    rng = random.Random(f"{seed}-{index}")
    filler = Filler(rng)
    aid = f"article-{index:03d}"
    article = Article(id=aid, order=index, title=filler.fill(rng.choice(TITLES)), description={}, body={})
    article.description = filler.fill(rng.choice(SENTENCES))
    article.claims = [make_claim(filler, f"a{index:03d}-c{k + 1:02d}") for k in range(CLAIMS_PER_ARTICLE)]
    sentences = [filler.fill(rng.choice(SENTENCES)) for _ in range(SENTENCES_PER_ARTICLE)]
    for claim, at in zip(article.claims, sorted(rng.sample(_PROSE, CLAIMS_PER_ARTICLE))):
        sentences[at] = {lang: text + f"[^{claim.id}]" for lang, text in sentences[at].items()}
    term_id, term, _ = rng.choice(TERMS)
    article.terms = [term_id]
    sentences[1] = {"ja": f"ここで鍵になるのは[{term[0]}](glossary:{term_id})という考え方だ。",
                    "en": f"The key idea here is the [{term[1]}](glossary:{term_id})."}
    publisher = rng.choice(PUBLISHERS)
    url = f"https://example.org/news/{aid}"
    sentences[4] = {"ja": f"詳しくは[{publisher}の報道]({url})を参照してほしい。",
                    "en": f"See [the report by {publisher}]({url}) for details."}
    quote, person = rng.choice(QUOTES), rng.choice(PEOPLE)
    blocks: list[Text] = [_paragraph(sentences[:6]),
                          {"ja": f"> {quote[0]}\n>\n> ——{person[0]}", "en": f"> {quote[1]}\n>\n> — {person[1]}"}]
    rest = sentences[6:]
    headings = rng.choice([2, 3])
    per_part = len(rest) // headings
    for h in range(headings):
        part = rest[h * per_part:(h + 1) * per_part if h < headings - 1 else len(rest)]
        heading = filler.fill(rng.choice(HEADINGS))
        blocks.append({lang: f"## {text}" for lang, text in heading.items()})
        while part:
            size = rng.randint(4, 7)
            blocks.append(_paragraph(part[:size]))
            part = part[size:]
    article.body = {lang: "\n\n".join(block[lang] for block in blocks) + "\n" for lang in LANGS}
    return article


def _paragraph(sentences: list[Text]) -> Text:
    """One paragraph per language; one that cites no claim ends with ``{.no-cite}``.

    The filler's figures are random, so no claim supports them: without the marker the
    citation lint would warn on them, and the corpus would no longer pass ``check --strict``.
    """
    text = {"ja": "".join(s["ja"] for s in sentences), "en": " ".join(s["en"] for s in sentences)}
    return text if "[^" in text["en"] else {lang: body + " {.no-cite}" for lang, body in text.items()}


def make_claim(filler: Filler, cid: str) -> Claim:
    rng = filler.rng
    slots = filler.slots()
    verdict = rng.choices(VERDICTS, weights=[30, 30, 15, 20, 5])[0]
    sources = [] if verdict == "unsourced" else [
        {"publisher": rng.choice(PUBLISHERS), "title": filler.fill(rng.choice(TITLES))["en"],
         "date": f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
         "url": f"https://example.org/source/{cid}-{n}"} for n in range(rng.randint(1, 3))]
    return Claim(id=cid, verdict=verdict, claim=filler.fill(rng.choice(CLAIMS), slots),
                 correct_figure=filler.fill(rng.choice(FIGURES), slots), note=filler.fill(rng.choice(NOTES), slots),
                 sources=sources)


def make_corpus(n: int, seed: int = 1) -> list[Article]:
    return [make_article(seed, i) for i in range(1, n + 1)]


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)


def _doc(front: dict[str, object], body: str) -> str:
    return f"---\n{_dump(front)}---\n{body}"


SITE = {
    "languages": [{"code": "ja", "name": "日本語"}, {"code": "en", "name": "English"}],
    "default_language": "ja",
    "base_url": "https://example.org/bench/",
    "title": {"ja": "ベンチマーク用の解説サイト", "en": "A benchmark explainer"},
    "description": {"ja": "合成した記事で生成器の速度を測るためのサイト。", "en": "A site of synthetic articles for timing the generator."},
    "author": {"ja": "ベンチマーク編集部", "en": "The benchmark desk"},
    "checked": "2026-11-15",
    "article": {"title": {"ja": "合成記事", "en": "A synthetic article"}, "publisher": "Example Wire",
                "language": "ja", "url": None, "date": None,
                "note": {"ja": "ベンチマーク用に生成した記事。", "en": "Generated for benchmarking."}},
    "disclaimer": {"language": "ja", "text": {"ja": "免責事項: 合成した文章です。", "en": "Disclaimer: synthetic text."},
                   "attribution": {"ja": "生成器による。", "en": "From the generator."},
                   "short": {"ja": "本文は合成したものです。", "en": "The text is synthetic."}},
}


def write_content(articles: list[Article], out: Path) -> None:
    """Write ``articles`` as a content directory (content/README.md) at ``out``, replacing it."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "site.yml").write_text(_dump(SITE), encoding="utf-8")
    shutil.copyfile(STRINGS, out / "strings.yml")
    claims = [{"id": c.id, "section": a.id, "verdict": c.verdict, "claim": c.claim,
               "correct_figure": c.correct_figure, "note": c.note, "sources": c.sources}
              for a in articles for c in a.claims]
    (out / "claims.yml").write_text(_dump(claims), encoding="utf-8")
    terms = [{"id": tid, "term": dict(zip(LANGS, term)), "definition": dict(zip(LANGS, definition))}
             for tid, term, definition in TERMS]
    (out / "glossary.yml").write_text(_dump(terms), encoding="utf-8")
    first = articles[0].claims
    for lang in LANGS:
        sections, pages = out / "sections" / lang, out / "pages" / lang
        sections.mkdir(parents=True)
        pages.mkdir(parents=True)
        for a in articles:
            (sections / f"{a.order:03d}-{a.id}.md").write_text(
                _doc({"title": a.title[lang], "description": a.description[lang]}, a.body[lang]), encoding="utf-8")
        figures = [{"value": f"{k + 1}", "label": c.claim[lang], "claim": c.id} for k, c in enumerate(first[:3])]
        (pages / "home.md").write_text(_doc({"title": SITE["title"][lang], "description": SITE["description"][lang],
                                             "key_figures": figures}, articles[0].description[lang] + "\n"), encoding="utf-8")
        (pages / "about.md").write_text(_doc({"title": {"ja": "このサイトについて", "en": "About"}[lang],
                                              "description": SITE["description"][lang]},
                                             SITE["description"][lang] + "\n"), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print("usage: python bench/corpus.py N OUT   (N articles per language)", file=sys.stderr)
        return 2
    write_content(make_corpus(int(argv[0])), Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
