"""The print PDFs, read back: footnotes where cited, short, and pointing to each chapter's
numbered notes; no page left a quarter blank mid-chapter; the disclaimer in every page's
footer; Japanese line breaking (kinsoku), text and font; bookmarks, links, metadata,
reproducible bytes, and a clear error when no Japanese font exists.

Runs on two sites: a Japanese/English variant of the minimal fixture, and the flagship.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, SITES, run_build
from explainer.site.dates import written_date

pytestmark = pytest.mark.slow  # PDFs built and read back


FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
PUNCTUATED = "記事は「空は青い」、「雨が降る」と書きます。" + "「空」、「雨」、「雲」。" * 40
"""A paragraph where, without kinsoku, some line would surely start with 、。 or 」."""
JA_SECTION = f"""---
title: 天気の話
description: 記事が天気について述べていることを検証します。
---
記事は空が青いと書いています。[^sky-blue]また、毎日雨が降るとも書いています。[^rain-daily]
青い色は[散乱](glossary:scattering)によるものです。[^mine]

## 雨と晴れ

![年間の雨の日数](chart:rain-days)

もう一度言えば、毎日雨が降るという主張は誤りです。[^rain-daily]

{PUNCTUATED}

[^mine]: 著者自身による注です。
"""


def japanese_minimal(root: Path) -> Path:
    """The minimal fixture with Japanese in place of French, and a Japanese section."""
    shutil.copytree(SITES / "minimal", root)
    for lang_dir in ("pages", "sections"):
        (root / lang_dir / "fr").rename(root / lang_dir / "ja")
    for yml in root.glob("*.yml"):
        text = re.sub(r"\bfr:", "ja:", yml.read_text(encoding="utf-8"))
        yml.write_text(text.replace("{code: fr, name: Français}", "{code: ja, name: 日本語}"), encoding="utf-8")
    (root / "sections/ja/01-weather.md").write_text(JA_SECTION, encoding="utf-8")
    return root


def text_of(page) -> str:
    """A page's text, NFKC-normalised and without whitespace (Japanese lines break anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", page.extract_text()))


@functools.cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    """``text_of`` each page of ``pdf``, extracted once for all the tests that read it."""
    return tuple(text_of(page) for page in PdfReader(pdf).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def calls_and_markers(page) -> tuple[list[int], list[int]]:
    """Footnote calls (small superscript digits) and footnote-body markers (bold "12. ") on a page."""
    calls: list[int] = []
    markers: list[int] = []

    def visit(text: str, cm, tm, font, size: float) -> None:
        if re.fullmatch(r"\d+", text.strip()) and size < 8:
            calls.append(int(text))
        elif re.fullmatch(r"\d+\. ", text) and font and "Bold" in str(font.get("/BaseFont")):
            markers.append(int(text.strip(". ")))
    page.extract_text(visitor_text=visit)
    return calls, markers


def load(content: Path):
    from explainer.content.load import load_content
    loaded, problems = load_content(content, str(content))
    assert not [p for p in problems if p.level == "error"], problems
    return loaded


def expected_notes(content, lang: str) -> list[tuple[str, str]]:
    """Each footnote the PDF must carry, in reading order: (kind, text its body starts with)."""
    docs = ([content.pages[(lang, "home")]] + [content.sections[(lang, sid)] for sid in content.section_ids()]
            + [content.pages[(lang, "about")]])
    notes = []
    for doc in docs:
        for label in FOOTNOTE_REF.findall(doc.body):
            if label in content.claims:
                verdict = content.claims[label].verdict
                notes.append(("claim", content.strings["verdict_" + verdict.replace("-", "_")][lang]))
            else:
                definition = re.search(rf"^\[\^{re.escape(label)}\]:\s*(.+)$", doc.body, re.M)
                assert definition, label
                notes.append(("author", definition.group(1)[:12]))
    return notes


@pytest.fixture(scope="module", params=["minimal-ja", "flagship"])
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(content directory, output directory) after ``build.py pdf``; the flagship's is the session's."""
    if request.param == "flagship":
        return ROOT / "content", request.getfixturevalue("flagship_with_pdfs")
    tmp = tmp_path_factory.mktemp(request.param)
    content, out = japanese_minimal(tmp / "content"), tmp / "site"
    result = run_build("pdf", "--content", str(content), "--out", str(out), "--strict")
    assert result.returncode == 0, result.stderr
    return content, out


def test_one_pdf_per_language_linked_from_every_page(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        assert (out / "pdf" / f"explainer-{lang}.pdf").read_bytes().startswith(b"%PDF-")
        for page in (out / lang).glob("*.html"):
            assert f'pdf/explainer-{lang}.pdf"' in page.read_text(encoding="utf-8"), page


def test_every_footnote_sits_on_the_page_that_cites_it(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        expected = expected_notes(loaded, lang)
        pdf = out / "pdf" / f"explainer-{lang}.pdf"
        seen: list[int] = []
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            calls, markers = calls_and_markers(page)
            assert sorted(calls) == sorted(markers), f"{lang} p.{number}: calls {calls} but notes {markers}"
            text = page_texts(pdf)[number - 1]
            for marker in markers:
                kind, start = expected[marker - 1]
                assert squash(start) in text, f"{lang} p.{number}: note {marker} should show {start!r}"
            seen += markers
        assert seen == list(range(1, len(expected) + 1)), f"{lang}: {len(seen)} footnote bodies for {len(expected)} references"


def test_bookmarks_are_the_chapters(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        reader = PdfReader(out / "pdf" / f"explainer-{lang}.pdf")
        top = [item.title for item in reader.outline if not isinstance(item, list)]
        t = {key: value[lang] for key, value in loaded.strings.items()}
        assert top == ([loaded.pages[(lang, "home")].title]
                       + [loaded.sections[(lang, sid)].title for sid in loaded.section_ids()]
                       + [t["timeline"]] * bool(loaded.timeline)
                       + [t["glossary"], loaded.pages[(lang, "about")].title])


def test_the_timeline_is_a_chapter_with_every_event(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        text = squash("".join(page.extract_text() for page in PdfReader(out / "pdf" / f"explainer-{lang}.pdf").pages))
        if not loaded.timeline:  # an optional file: without it, no chapter
            assert squash(loaded.strings["timeline_intro"][lang]) not in text
            continue
        chapter = text.split(squash(loaded.strings["timeline_intro"][lang]), 1)[1]
        for event in loaded.timeline:
            date = written_date(event.date, lambda key: loaded.strings[key][lang])
            assert squash(date) in chapter and squash(event.text[lang].split("(")[0].replace("*", "")) in chapter


def test_metadata_language_and_tags(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        reader = PdfReader(out / "pdf" / f"explainer-{lang}.pdf")
        assert reader.metadata.title == loaded.site.title[lang]
        assert reader.metadata.author == loaded.site.author[lang]
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert "/StructTreeRoot" in reader.trailer["/Root"], "not a tagged PDF"
        assert "/CreationDate" not in reader.metadata, "a creation date makes the bytes differ per run"


def test_text_glossary_sources_and_disclaimer(built):
    content, out = built
    loaded = load(content)
    site = loaded.site
    for lang in site.codes:
        pdf = out / "pdf" / f"explainer-{lang}.pdf"
        reader = PdfReader(pdf)
        text = "".join(page_texts(pdf))
        assert squash(site.title[lang]) in text
        written = written_date(site.checked, lambda key: loaded.strings[key][lang])
        assert squash(written) in text, "the checked date, as the language writes it"
        assert squash(site.article.title[site.article.language]) in text, "cover: attribution to the original"
        for sid in loaded.section_ids():
            assert squash(loaded.sections[(lang, sid)].title) in text
        for term in loaded.terms.values():
            assert squash(term.term[lang]) in text, f"glossary term {term.id}"
        assert squash(site.disclaimer.text[site.disclaimer.language]) in text, "disclaimer, verbatim"
        assert squash(site.disclaimer.text[lang]) in text, "the disclaimer in the PDF's own language"
        for code in set(site.codes) - {lang, site.disclaimer.language}:
            assert squash(site.disclaimer.text[code]) not in text, f"no disclaimer in {code} in the {lang} PDF"
        uris = {annot.get_object()["/A"].get("/URI") for page in reader.pages
                for annot in page.get("/Annots") or [] if "/A" in annot.get_object()}
        urls = {s.url for claim in loaded.claims.values() for s in claim.sources if s.url}
        assert urls <= uris, f"sources without a working link: {sorted(urls - uris)[:5]}"
        for url in urls:
            assert squash(url) in text, f"paper cannot be clicked: the URL {url} must be written out"


def test_table_of_contents_links_inside_the_document(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        reader = PdfReader(out / "pdf" / f"explainer-{lang}.pdf")
        toc = reader.pages[1]
        internal = [a.get_object() for a in toc.get("/Annots") or []
                    if "/Dest" in a.get_object() or a.get_object().get("/A", {}).get("/S") == "/GoTo"]
        entries = len(loaded.section_ids()) + 3 + bool(loaded.timeline)  # home, sections, timeline, glossary, about
        assert len(internal) >= entries
        lines = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(out / "pdf" / f"explainer-{lang}.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
        numbers = [int(m) for m in re.findall(r"\.{3,}\s*(\d+)\s*$", lines, re.M)]
        assert len(numbers) == entries and numbers == sorted(numbers) and numbers[0] >= 3, lines


def test_links_are_internal_or_web_urls_never_files_of_the_build(built):
    content, out = built
    for pdf in sorted((out / "pdf").glob("*.pdf")):
        uris = [str(annot.get_object()["/A"]["/URI"]) for page in PdfReader(pdf).pages
                for annot in page.get("/Annots") or [] if "/URI" in annot.get_object().get("/A", {})]
        assert uris, pdf.name
        assert [u for u in uris if not u.startswith(("https://", "http://", "mailto:"))] == [], pdf.name
        assert [u for u in uris if str(ROOT) in u or str(out) in u] == [], pdf.name
        assert b"file:" not in pdf.read_bytes(), pdf.name


def test_japanese_is_set_in_an_embedded_japanese_font(built):
    content, out = built
    loaded = load(content)
    pdf = out / "pdf" / "explainer-ja.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if re.search(r"CJK|IPAex|Gothic|Mincho", line)]
    assert cjk and all(" yes " in line for line in cjk), fonts
    text = "".join(page_texts(pdf))
    first = next(iter(loaded.section_ids()))
    body = loaded.sections[("ja", first)].body
    sentence = re.split(r"[。\[]", body.strip().splitlines()[0])[0]
    assert squash(sentence) in text, sentence
    assert squash(loaded.strings["contents"]["ja"]) in text


MM = 72 / 25.4
PAGE_MARGINS = re.search(r"@page \{[^}]*?margin: ([\d.]+)mm [\d.]+mm ([\d.]+)mm;",
                         (ROOT / "templates/static/pdf.css").read_text(encoding="utf-8"))
"""The top and bottom margins of pdf.css's ``@page``: what is between them is the page body."""
KINSOKU_START = "。、，．・：；？！」』）〕］｝〉》】”’ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.:;?!"
"""Characters that Japanese typesetting (JIS X 4051) never puts at the start of a line."""


@functools.cache
def layouts(pdf: Path) -> tuple[tuple[float, float], ...]:
    """``body_layout`` of each page of ``pdf``, measured once for all the tests that read it."""
    return tuple(body_layout(page) for page in PdfReader(pdf).pages)


def body_layout(page) -> tuple[float, float]:
    """(height of the body text, height of the footnote area), as fractions of the page body.

    Footnote bodies start with a bold marker ("12. "); everything above the topmost marker
    and inside the margins is the body text (charts' labels and tables included).
    """
    height = float(page.mediabox.height)
    top, bottom = height - float(PAGE_MARGINS.group(1)) * MM, float(PAGE_MARGINS.group(2)) * MM
    texts: list[float] = []
    markers: list[float] = []

    def visit(text: str, cm, tm, font, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if not text.strip() or not bottom < y < top:
            return
        if re.fullmatch(r"\d+\. ", text) and font and "Bold" in str(font.get("/BaseFont")):
            markers.append(y)
        texts.append(y)
    page.extract_text(visitor_text=visit)
    floor = max(markers) + 8 if markers else bottom  # the footnote area's top: its first line's cap height
    body = [y for y in texts if y > floor]
    lowest = min(body) if body else top
    return (top - lowest) / (top - bottom), (floor - bottom) / (top - bottom)


def chapter_last_pages(reader) -> set[int]:
    """1-based numbers of the pages a chapter ends on: before each bookmarked chapter, and the last."""
    starts = {reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)}
    return {start - 1 for start in starts} | {len(reader.pages)}


def test_no_page_is_left_a_quarter_blank_mid_chapter(built):
    content, out = built
    for lang in load(content).site.codes:
        pdf = out / "pdf" / f"explainer-{lang}.pdf"
        last = chapter_last_pages(PdfReader(pdf))
        holes = []
        for number, (text, notes) in enumerate(layouts(pdf), start=1):
            if number <= 2 or number in last:  # the cover, the contents, and where a chapter ends
                continue
            if 1 - text - notes >= 0.25:
                holes.append(f"p.{number}: {1 - text - notes:.0%} blank")
        assert not holes, f"{lang}: {holes}"


def test_every_page_after_the_cover_has_the_disclaimer_and_its_number_in_the_footer(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        texts = page_texts(out / "pdf" / f"explainer-{lang}.pdf")
        footer = squash(f"{loaded.strings['disclaimer'][lang]}: {loaded.site.disclaimer.short[lang]}")
        total = len(texts)
        for number, text in enumerate(texts[1:], start=2):
            assert footer in text, f"{lang} p.{number}: no running disclaimer {footer!r}"
            assert f"{number}/{total}" in text, f"{lang} p.{number}: no page number"


def test_footnotes_are_short_and_the_chapter_notes_keep_context_and_sources(built):
    content, out = built
    loaded = load(content)
    for lang in loaded.site.codes:
        pdf = out / "pdf" / f"explainer-{lang}.pdf"
        for number, (_, notes) in enumerate(layouts(pdf), start=1):
            assert notes < 0.4, f"{lang} p.{number}: footnotes fill {notes:.0%} of the page"
        text = "".join(page_texts(pdf))
        note_ref = loaded.strings["note_ref"][lang]
        sources = squash(loaded.strings["sources"][lang])
        assert re.search(re.escape(sources) + ":" + re.escape(squash(note_ref)).replace(r"\{n\}", r"\d+"), text), \
            "a footnote points to its chapter's note"
        for claim in loaded.claims.values():
            plain = re.split(r"[\[\]*_`(){}<>〜~]", claim.note[lang])[0][:24]
            if len(plain) >= 8:
                assert squash(plain) in text, f"the context of {claim.id} is missing"


def test_the_chapter_notes_cite_sources_as_the_screen_does_with_dates_in_the_pdfs_language(flagship_with_pdfs):
    """Publisher, title, date written the language's way, the source's language if another; then the URL.
    No ISO date is left outside a URL (a URL broken over lines is joined up first)."""
    text = subprocess.run(["pdftotext", str(flagship_with_pdfs / "pdf" / "explainer-ja.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日（英語）", text), "a dated English source, as Japanese writes it"
    assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", re.sub(r"https?://\S+", "", text.replace("\n", "")))


def test_japanese_lines_never_start_with_closing_punctuation(built):
    content, out = built
    pdf = out / "pdf" / "explainer-ja.pdf"
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert sum(bool(re.search(r"[\u3000-\u9fff]", line)) for line in lines) > 20, "Japanese text was extracted"
    broken = [line.strip() for line in lines if line.strip() and line.strip()[0] in KINSOKU_START]
    assert not broken, broken[:5]


def test_the_flagship_is_laid_out_once_per_language():
    """pdf.css's orphans and widows keep WeasyPrint from sending a note ahead of its call, so the
    export never has to lay the book out a second time (each layout takes seconds)."""
    from explainer.site.pdf import lay_out, pdf_path, print_documents
    from explainer.site.render import Options

    content = load(ROOT / "content")
    options = Options(pdf_names=tuple((code, pdf_path(code)) for code in content.site.codes),
                      build_date=content.site.checked)
    static = options.templates / "static"
    passes = {lang: lay_out(html, static).passes for lang, html in print_documents(content, options)}
    assert passes == {lang: 1 for lang in content.site.codes}


def test_laying_out_a_pdf_runs_no_other_program():
    """Loading WeasyPrint asks for no library search (``ctypes.util.find_library`` runs ``ldconfig``
    and ``gcc`` for each of 22 names: half of the import's time)."""
    code = ("import subprocess; from pathlib import Path\n"
            "ran = []\n"
            "real = subprocess.Popen.__init__\n"
            "def spy(self, args, *rest, **options):\n"
            "    ran.append(args)\n"
            "    real(self, args, *rest, **options)\n"
            "subprocess.Popen.__init__ = spy\n"
            "from explainer.site.pdf import lay_out\n"
            "layout = lay_out('<!doctype html><html lang=en><title>t</title><p>Hello</p>', "
            f"Path({str(ROOT / 'templates' / 'static')!r}))\n"
            "assert layout.pdf.startswith(b'%PDF-'), layout.warnings\n"
            "assert not ran, ran\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


LONG_PARAGRAPH = " ".join(["A sentence that fills the line with words of ordinary length."] * 14)


def test_a_note_that_the_first_layout_strands_is_brought_back_to_its_call(tmp_path):
    """A paragraph of a dozen lines starts below a note's call near the foot of a page; for some
    heights of what comes before, WeasyPrint's first layout sends the note to the next page to
    fit the paragraph's fourth line. The export then lays the document out again, letting that
    paragraph leave fewer lines behind: every note ends on its call's page."""
    from explainer.site.pdf import lay_out

    static = ROOT / "templates" / "static"
    passes = []
    for height in range(200, 222, 2):
        html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notes</title>'
                f'<link rel="stylesheet" href="pdf.css"></head><body><div class="prose">'
                f'<div style="height: {height}mm"></div>'
                f'<p>A paragraph that cites a note.<span class="fn" id="fn-1">The note, at the foot of the page.</span></p>'
                f"<p>{LONG_PARAGRAPH}</p></div></body></html>")
        layout = lay_out(html, static)
        assert layout.warnings == []
        passes.append(layout.passes)
        pdf = tmp_path / f"{height}.pdf"
        pdf.write_bytes(layout.pdf)
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            calls, markers = calls_and_markers(page)
            assert calls == markers, f"{height} mm: p.{number} has calls {calls} but notes {markers}"
    assert 2 in passes, "no height made the first layout strand the note: the test no longer tests the fix"
    assert set(passes) <= {1, 2}


def test_the_same_input_gives_byte_identical_pdfs(built, tmp_path):
    content, out = built
    again = tmp_path / "again"
    result = run_build("pdf", "--content", str(content), "--out", str(again))
    assert result.returncode == 0, result.stderr
    for pdf in sorted((out / "pdf").glob("*.pdf")):
        assert (again / "pdf" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def no_cjk_fonts(tmp_path: Path) -> dict[str, str]:
    """An environment in which fontconfig sees only DejaVu, as on a machine without fonts-noto-cjk."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f"<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/cache</cachedir>"
                    "</fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def test_without_a_japanese_font_the_build_stops_and_keeps_the_old_site(tmp_path):
    env = no_cjk_fonts(tmp_path)
    probe = subprocess.run(["fc-list", ":lang=ja", "family"], env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "", "the simulation must hide every Japanese font"
    assert subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout.strip(), \
        "outside the simulation a Japanese font is installed"
    content, out = japanese_minimal(tmp_path / "content"), tmp_path / "site"
    assert run_build("build", "--content", str(content), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "pdf", "--content", str(content), "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert ("error: no Japanese font found: install one with `apt-get install fonts-noto-cjk` "
            "(or fonts-ipaexfont)") in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    html_only = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                                "--out", str(tmp_path / "html")], env=env, capture_output=True, text=True, timeout=300)
    assert html_only.returncode == 0, "the HTML build must not need a Japanese font"


def test_the_html_build_never_imports_weasyprint(tmp_path):
    code = ("import sys; from pathlib import Path; from explainer.pipeline import build_site; "
            f"build_site(Path({str(SITES / 'minimal')!r}), Path({str(tmp_path / 'site')!r})); "
            "assert 'weasyprint' not in sys.modules, 'weasyprint imported'")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
