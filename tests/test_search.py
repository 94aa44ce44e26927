"""Search: one segmenter on both sides, the page text, and a deterministic chunked index.

``explainer/search.py`` cuts text into terms at build time and ``site.js`` cuts the
reader's query the same way (words; scripts written without spaces as character
bigrams), for every writing system; the browser tests below
holds the JavaScript to the Python on the same strings. The index is split into
chunks whose files depend only on their own pages, so a build can keep them.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter

import pytest

from explainer.site import search
from explainer.site.search import CHUNK, SHARDS, UNSPACED, PageText, chunk_files, chunks, index_files, index_terms, page_text, tokens

# -- The tokenizer -----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("データセンターの電力", ["デー", "ータ", "タセ", "セン", "ンタ", "ター", "ーの", "の電", "電力"]),
    ("Metaの電力 AI", ["meta", "の電", "電力", "ai"]),
    ("ＡＩ　ｄａｔａ１２３", ["ai", "data123"]),                  # NFKC: fullwidth → ASCII
    ("ﾃﾞｰﾀ", ["デー", "ータ"]),                                   # NFKC: halfwidth katakana
    ("電", ["電"]),                                                # a run of one is itself
    ("電 力。", ["電", "力"]),
    ("データ・センター", tokens("データセンター")),                # ・ joins a run
    ("a・b", ["a", "b"]),                                          # …but nothing else
    ("1.5 GW, 1,000 homes in the U.S.", ["1.5", "gw", "1,000", "homes", "in", "the", "u", "s"]),
    ("Meta's plan", ["meta", "s", "plan"]),
    ("Überschall STRASSE Straße", ["überschall", "strasse", "straße"]),
    ("인공지능", ["인공", "공지", "지능"]),
    ("𠮷野家", ["𠮷野", "野家"]),                                  # a character beyond the BMP
    ("— … !?", []),
    ("Москва ёж", ["москва", "ёж"]),                               # Cyrillic
    ("مركز البيانات، الكبير", ["مركز", "البيانات", "الكبير"]),     # Arabic: ، is not a letter
    ("מרכז נתונים", ["מרכז", "נתונים"]),                           # Hebrew
    ("डेटा सेंटर की बिजली।", ["डेटा", "सेंटर", "की", "बिजली"]),    # Devanagari: vowel signs stay, the danda goes
    ("ডেটা সেন্টার", ["ডেটা", "সেন্টার"]),                         # Bengali, with a virama
    ("دیتا\u200cسنتر", ["دیتا\u200cسنتر"]),                        # Persian: a zero-width non-joiner inside a word
    ("Trung tâm dữ liệu", ["trung", "tâm", "dữ", "liệu"]),         # Vietnamese
    ("ไฟฟ้า", ["ไฟ", "ฟฟ", "ฟ้", "้า"]),                           # Thai: no spaces, so bigrams
    ("ລາວ", ["ລາ", "າວ"]),                                         # Lao
    ("ဒေတာ။", ["ဒေ", "ေတ", "တာ"]),                                 # Myanmar: ။ ends a sentence
    ("ទិន្នន័យ។", ["ទិ", "ិន", "ន្", "្ន", "នន", "ន័", "័យ"]),    # Khmer: ។ ends a sentence
])
def test_tokens(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize("word, sentence", [
    ("ไฟฟ้า", "ประเทศไทยต้องการไฟฟ้ามากขึ้น"),
    ("ទិន្នន័យ", "មជ្ឈមណ្ឌលទិន្នន័យធំ"),
    ("ဒေတာ", "ဒေတာစင်တာအသစ်"),
])
def test_a_word_of_an_unspaced_script_is_found_inside_running_text(word, sentence):
    assert set(tokens(word)) <= set(tokens(sentence))


def test_a_japanese_word_is_found_inside_running_text():
    assert set(tokens("電力")) <= set(tokens("データセンターの電力が足りない"))
    assert set(tokens("データセンター")) <= set(tokens("巨大なデータセンターを建てる"))


RUNS = re.compile(f"[{UNSPACED}]+")
"""A run of characters of the scripts written without spaces, from the public class ``tokens`` cuts bigrams from."""


def reference_index_terms(text: str) -> Counter:
    """``tokens`` plus the last character of every unspaced run of two or more (・ joins a run), counted."""
    terms = Counter(tokens(text))
    for run in RUNS.findall(unicodedata.normalize("NFKC", text).lower()):
        run = run.replace("・", "")
        if len(run) > 1:
            terms[run[-1]] += 1
    return terms


def test_the_fast_index_terms_are_the_tokens_plus_run_tails():
    rng = random.Random(7)
    pool = "aZ9.,' ーデータ・センター電力超知能𠮷ｶﾞＡ。、々\u3000\n인éไฟ้مرכזडे।ទ្"
    samples = ["", "x", "電", "データ・センター a・b", "ＡＩの電力 1,000 GW"]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 24))) for _ in range(2000)]
    for text in samples:
        terms, n = index_terms(text)
        assert Counter(terms) == reference_index_terms(text), text
        assert n == len(tokens(text)), text


# -- Page text ---------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="ja">
<head><title>タイトル | サイト</title></head>
<body>
<nav><a href="x.html">ナビ</a></nav>
<main id="main" tabindex="-1" data-search-body>
<h1 id="page-title">見出し</h1>
<!-- a comment -->
<p>本文&amp;<strong>強調</strong>です。<sup class="note-ref"><a href="#fn-1">1</a></sup></p>
<svg class="chart"><text>0</text><text>2</text></svg>
<div class="filter" hidden><select><option>All</option></select><div>隠し</div></div>
<p aria-hidden="true">見える</p>
<h2 id="電力">節<em>一</em></h2>
<p>Note<sup>2</sup> text and more</p>
<h3>no id</h3>
<script src="x.js"></script>
</main>
<footer>フッター</footer>
</body>
</html>"""


def test_page_text_is_the_plain_text_of_main():
    page = page_text("ja/x.html", PAGE.encode("utf-8"))
    assert page == PageText(lang="ja", url="ja/x.html", title="見出し",
                            text="見出し 本文&強調です。 1 見える 節一 Note 2 text and more no id",
                            anchors=((page.text.index("節一"), "電力", "節一"),))


def test_page_text_title_falls_back_to_the_title_element():
    page = page_text("en/x.html", b'<html lang="en"><title>Only &amp; title</title><main data-search-body><p>x</p></main>')
    assert (page.lang, page.title, page.text) == ("en", "Only & title", "x")


def test_pages_without_the_attribute_are_not_indexed():
    assert page_text("index.html", b'<html lang="en"><main id="main"><h1>Choose</h1></main></html>') is None
    assert page_text("en/search.html", PAGE.replace(" data-search-body", "").encode()) is None


def test_the_flagship_pages_give_their_text_and_anchors(flagship):
    page = page_text("ja/data-center-power-play.html", (flagship / "ja/data-center-power-play.html").read_bytes())
    assert page.lang == "ja" and page.title == "データセンターの電力勝負"
    assert "電力" in page.text and "<" not in page.text and "  " not in page.text
    assert page.anchors and all(page.text.startswith(heading, offset) for offset, _, heading in page.anchors)
    assert page_text("ja/search.html", (flagship / "ja/search.html").read_bytes()) is None


# -- The index ---------------------------------------------------------------------


def _page(lang: str, n: int, words: str = "") -> PageText:
    body = f"Page {n} about gigawatt data centres. {words}" if lang == "en" else f"ページ{n}はデータセンターの電力について。{words}"
    return PageText(lang=lang, url=f"{lang}/p{n:03}.html", title=f"T{n}", text=body, anchors=((0, "top", "Top"),))


def _corpus(n: int = CHUNK + 5) -> list[PageText]:
    return [_page("en", i) for i in range(n)] + [_page("ja", i) for i in range(3)]


def test_the_index_is_deterministic_and_compact():
    pages = _corpus()
    files = index_files(pages)
    assert files == index_files(reversed(pages))
    for path, data in files.items():
        assert path.startswith("search/") and path.endswith(".json")
        assert data == json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")).encode("utf-8"), path


def test_the_layout_chunks_and_manifest():
    files = index_files(_corpus())
    assert json.loads(files["search/en/manifest.json"])["pages"] == CHUNK + 5
    manifest = json.loads(files["search/en/manifest.json"])
    assert manifest["v"] == search.FORMAT and manifest["shards"] == SHARDS and len(manifest["chunks"]) == 2
    assert len(json.loads(files["search/ja/manifest.json"])["chunks"]) == 1
    for k in (0, 1):
        assert all(f"search/en/{k}/{s}.json" in files for s in range(SHARDS))
    rows = json.loads(files["search/en/0/pages.json"])
    assert len(rows) == CHUNK and rows[0][:2] == ["en/p000.html", "T0"]
    assert [k for _, k, _ in chunks(_corpus())] == [0, 1, 0]
    # 電力: page, term frequency, first block, in the shard of its first character
    shard = json.loads(files[f"search/ja/0/{ord('電') % SHARDS}.json"])
    assert shard["電力"] == [0, 1, 0, 1, 1, 0, 2, 1, 0]
    assert "電" not in shard  # inside a run, a character is only the start of its bigram
    tail = json.loads(files[f"search/ja/0/{ord('て') % SHARDS}.json"])
    assert tail["て"] == [0, 1, 0, 1, 1, 0, 2, 1, 0]  # the last character of a run, for prefix search


def test_a_chunk_depends_only_on_its_own_pages():
    before = index_files(_corpus())
    after = index_files(_corpus() + [_page("en", 999), _page("ja", 5), _page("fr", 1)])
    chunk0 = {p: d for p, d in before.items() if p.startswith("search/en/0/")}
    assert chunk0 and all(after[p] == d for p, d in chunk0.items())
    assert before["search/en/1/pages.json"] != after["search/en/1/pages.json"]
    assert before["search/en/manifest.json"] != after["search/en/manifest.json"]
    for lang, k, pages in chunks(_corpus()):
        own = chunk_files(lang, k, pages)
        assert own == {p: d for p, d in before.items() if p.startswith(f"search/{lang}/{k}/")}
    assert set(before) == {p for lang, k, pages in chunks(_corpus()) for p in chunk_files(lang, k, pages)} \
        | {"search/en/manifest.json", "search/ja/manifest.json"}


def test_long_pages_are_cut_into_blocks_for_excerpts():
    sentence = "Meta builds a gigawatt data centre in Ohio. "
    text = "Intro. " + sentence * 80 + "Prometheus 𠮷 " + sentence * 80 + "Hyperion ends it."
    heading = text.index("Prometheus")
    page = PageText("en", "en/long.html", "Long", text, ((heading, "prometheus", "Prometheus 𠮷"),))
    files = chunk_files("en", 0, (page,))
    blocks = [json.loads(files[p]) for p in sorted((p for p in files if re.search(r"/t0-\d+\.json$", p)),
                                                    key=lambda p: int(p.rsplit("-", 1)[1][:-5]))]
    assert len(blocks) > 3 and all(len(b["text"]) <= search.BLOCK + 40 for b in blocks)
    assert "".join(b["text"] for b in blocks) == text
    assert [b["more"] for b in blocks] == [True] * (len(blocks) - 1) + [False]
    postings = json.loads(files[f"search/en/0/{ord('h') % SHARDS}.json"])
    last = postings["hyperion"][2]
    assert last == len(blocks) - 1 and "Hyperion" in blocks[last]["text"]
    # the heading is in its block at a JavaScript (UTF-16) offset; later blocks start under it
    at = next(i for i, b in enumerate(blocks) if "Prometheus" in b["text"])
    [[offset, ident, title]] = blocks[at]["anchors"]
    assert (ident, title) == ("prometheus", "Prometheus 𠮷") and blocks[at]["text"][offset:].startswith("Prometheus")
    assert blocks[at + 1]["anchors"][0][0] < 0 and blocks[0]["anchors"] == []
    after = blocks[at + 1]["text"]
    assert len(after.encode("utf-16-le")) // 2 == len(after) + after.count("𠮷")


# -- The same tokenizer in the browser ---------------------------------------------

PARITY = [
    "データセンターの電力", "Metaの電力 AI", "ＡＩ　ｄａｔａ１２３", "ﾃﾞｰﾀ", "電", "電 力。", "データ・センター",
    "a・b", "・", "・データ・", "1.5 GW, 1,000 homes in the U.S.", "Meta's plan", "Überschall STRASSE Straße",
    "ΑΘΗΝΑ Ὀδυσσεύς", "МОСКВА ёж", "인공지능 데이터 센터", "𠮷野家 𩸽", "々〆〇", "ゔぁ ヴァ ㋿ ㍿ ①②", "ﬁ ﬂ Ⅻ ½",
    "İstanbul ΣΟΦΟΣ", "emoji 🙂 mid🙂dle", "tab\tnew\nline\u3000ideographic", "ｶﾞｷﾞｸﾞ ﾊﾟ", "x.y.z 3.14.15 1,2,3",
    "超知能・AI・GPU", "Ｍｅｔａの「超知能」は？", "中文的数据中心 電力", "", "   ",
    "مركز البيانات، الكبير؟", "ﻣﺮﻛﺰ", "מרכז נתונים", "डेटा सेंटर की बिजली।", "ডেটা সেন্টার", "தரவு மையம்",
    "دیتا\u200cسنتر", "ประเทศไทยต้องการไฟฟ้า ๒๕๖๘", "ລາວ", "ဒေတာစင်တာ။", "ទិន្នន័យ។", "Ὀδυσσεύς ᾠδή",
    "Trung tâm dữ liệu", "Երևան", "თბილისი", "አዲስ አበባ", "Ѕѓ Ԁ",
]


@pytest.mark.slow
def test_the_browser_cuts_text_exactly_as_the_build(page, flagship_url):
    rng = random.Random(1237)
    pool = "aZé9.,'・ー データセンター電力超知能𠮷ｶﾞＡ。、々\u3000\n인Σ🙂ไฟ้ممرכזडेिं।ទ្ឈ\u200c"
    strings = PARITY + ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(500)]
    page.goto(f"{flagship_url}/en/index.html")
    got = page.evaluate("strings => strings.map((s) => window.explainerSearch.tokens(s))", strings)
    assert got == [tokens(s) for s in strings]


@pytest.mark.slow
def test_a_query_fetches_only_small_files(page, flagship_url):
    """The manifest, each chunk's page list and the shards of the query's terms, then one
    block of text per shown result: a few kilobytes, not the whole site's text."""
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/search/" in r.url else None)
    page.goto(f"{flagship_url}/ja/search.html")
    assert sizes == {}
    page.fill("#search-input", "電力")
    page.wait_for_selector(".search-results mark")
    page.wait_for_load_state("networkidle")
    names = [re.sub(r"\?v=\w+$", "", url.split("/search/ja/", 1)[1]) for url in sizes]
    texts = [name for name in names if re.fullmatch(r"0/t\d+-\d+\.json", name)]
    assert set(names) - set(texts) == {"manifest.json", "0/pages.json", f"0/{ord('電') % SHARDS}.json"}
    assert len(texts) == page.locator(".search-results li").count()
    assert sum(sizes.values()) < 64 * 1024, sizes


@pytest.mark.slow
@pytest.mark.parametrize("lang, typed, expect", [("en", "gigawat", "gigawatt"), ("ja", "超", "超知能")])
def test_the_last_word_matches_as_a_prefix(page, flagship_url, lang, typed, expect):
    page.goto(f"{flagship_url}/{lang}/search.html")
    page.fill("#search-input", typed)
    page.wait_for_selector(".search-results mark")
    assert page.locator(".search-results li").count() > 0
    assert any(expect in text for text in page.locator(".search-results li").all_inner_texts())


WORLD = {
    "ar": ("مركز البيانات يحتاج إلى الكهرباء.", "الكهرباء"),
    "he": ("מרכז הנתונים צריך חשמל.", "חשמל"),
    "hi": ("डेटा सेंटर को बिजली चाहिए।", "बिजली"),
    "ru": ("Центру обработки данных нужно электричество.", "электричество"),
    "th": ("ศูนย์ข้อมูลต้องการไฟฟ้ามากขึ้น", "ไฟฟ้า"),
    "km": ("មជ្ឈមណ្ឌលទិន្នន័យត្រូវការអគ្គិសនី។", "អគ្គិសនី"),
    "my": ("ဒေတာစင်တာသည်လျှပ်စစ်လိုအပ်သည်။", "လျှပ်စစ်"),
}


@pytest.fixture(scope="module")
def world_site(tmp_path_factory):
    """The minimal site, its English section carrying a sentence in each of seven scripts."""
    from conftest import SITES, run_build, serve, write_site
    root = tmp_path_factory.mktemp("world")
    section = (SITES / "minimal" / "sections" / "en" / "01-weather.md").read_text(encoding="utf-8")
    passages = "\n\n".join(f"[{sentence}]{{lang={lang}}}" for lang, (sentence, _) in WORLD.items())
    content = write_site(root / "content", {"sections/en/01-weather.md": f"{section}\n{passages}\n"})
    result = run_build("build", "--content", str(content), "--out", str(root / "site"), "--no-cache")
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield url
    server.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(WORLD))
def test_the_browser_finds_a_word_of_every_writing_system(page, world_site, lang):
    """Words of scripts with spaces (Arabic, Hebrew, Devanagari, Cyrillic) and without (Thai,
    Khmer, Myanmar) are indexed at build time and found as the reader types them."""
    word = WORLD[lang][1]
    page.goto(f"{world_site}/en/search.html")
    page.fill("#search-input", word)
    page.wait_for_selector(".search-results li")
    assert any(word in text for text in page.locator(".search-results li").all_inner_texts())
