"""The citation lint: a section paragraph that states a figure cites the claim that supports it.

Figures are amounts of money, percentages, counts with units, years and dates, in any of
the site's languages; a paragraph that needs no citation ends with ``{.no-cite}``, which
never reaches a page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer.errors import ContentError
from explainer.markdown.citations import figures
from explainer.markdown.dialect import SafeMarkdown
from explainer.pipeline import check
from conftest import ROOT, SITES, run_build, write_site

SECTION_EN = (SITES / "minimal/sections/en/01-weather.md").read_text()
FLAGSHIP_JA = "sections/ja/01-data-center-power-play.md"
FLAGSHIP_EN = "sections/en/01-data-center-power-play.md"
HINT = ("cite the claim that supports it, e.g. [^claim-id], or mark the {what} as needing no citation "
        "with {{.no-cite}} at its end")


def warnings(root: Path, strict: bool = False) -> list[str]:
    try:
        result = check(root, "content", strict=strict)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in result.warnings]


def minimal(tmp_path: Path, appended: str) -> Path:
    """The minimal site with ``appended`` as the last paragraphs of its English section (line 16 on)."""
    return write_site(tmp_path / "c", {"sections/en/01-weather.md": SECTION_EN + "\n" + appended})


def flagship_with(tmp_path: Path, path: str, line: int, paragraph: str) -> Path:
    """A copy of the flagship with ``paragraph`` on line ``line`` of ``path``, before the paragraph there."""
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    assert lines[line - 2] == "" and lines[line - 1], "the paragraph goes between a blank line and a paragraph"
    lines[line - 1:line - 1] = [paragraph, ""]
    (root / path).write_text("\n".join(lines), encoding="utf-8")
    return root


def test_an_uncited_figure_in_english_is_a_warning_at_its_paragraphs_first_line(tmp_path):
    root = flagship_with(tmp_path, FLAGSHIP_EN, 7, "Meta also said it would hire more people.\n"
                         "The budget grew to $14.3 billion, or 49% more.")
    assert warnings(root) == [
        "content/sections/en/01-data-center-power-play.md:7: warning: paragraph states a figure ('$14.3 billion') "
        "without citing a claim or footnote (hint: " + HINT.format(what="paragraph") + ")"]


def test_an_uncited_figure_in_japanese_is_a_warning_with_full_width_digits_and_man_oku(tmp_path):
    root = flagship_with(tmp_path, FLAGSHIP_JA, 6, "この電力は約９０万戸分、投資は143億ドルにのぼります。")
    assert warnings(root) == [
        "content/sections/ja/01-data-center-power-play.md:6: warning: paragraph states a figure ('９０万戸') "
        "without citing a claim or footnote (hint: " + HINT.format(what="paragraph") + ")"]


@pytest.mark.parametrize("text, found", [
    ("Prometheus is about 1 GW.", ["1 GW"]),
    ("It could light nearly 900,000 homes.", ["900,000 homes"]),
    ("Meta paid $14.3 billion for a 49% stake.", ["$14.3 billion", "49%"]),
    ("Capex reached US$72.22bn.", ["US$72.22bn"]),
    ("記事は約90万戸と書いています。", ["90万戸"]),
    ("出資額は143億ドルでした。", ["143億ドル"]),
    ("当初は2GWの計画です。", ["2GW"]),
    ("ＭｅｔａはScale AIの株式の４９％を取得しました。", ["４９％"]),
    ("出資は＄１４．３ billion。", ["＄１４．３ billion"]),
    ("Meta expects to spend more in 2026.", ["2026"]),
    ("The post went up on 14 July.", ["14 July"]),
    ("投稿は2025年7月14日でした。", ["2025年", "7月14日"]),
    ("The site covers 2,250 acres.", ["2,250 acres"]),
    ("Llama 4 and GPT-4 disappointed; H100 chips are scarce; Colossus 2 runs.", []),
    ("Five sections follow the article's order.", []),
])
def test_what_counts_as_a_figure(text, found):
    assert figures(text) == found


def test_a_cited_paragraph_passes_and_a_year_alone_in_it_too(tmp_path):
    root = minimal(tmp_path, "In 2024 it rained on 200 days, or 55% of the year.[^rain-daily]\n\n"
                             "The rain of 2024 was the story's own example.[^mine]\n")
    assert warnings(root) == []


def test_numbers_in_link_urls_code_spans_images_and_claim_ids_do_not_count(tmp_path):
    root = minimal(tmp_path, "See [the report](https://example.org/2025/report-49-percent), "
                             "the setting `retries=2025` and ![a 1 GW plant](chart:rain-days).\n")
    assert warnings(root) == []
    root = write_site(tmp_path / "d", {"sections/en/01-weather.md": SECTION_EN.replace(
        "[^rain-daily]", "[^rain-2025-49pct]")})
    assert [w for w in warnings(root) if "figure" in w] == []


def test_list_items_quotes_and_table_rows_are_checked_but_headings_and_footnotes_are_not(tmp_path):
    root = minimal(tmp_path, "## Rain in 2024, on 200 days\n\n"
                             "- It rained on 200 days.\n"
                             "- It rained often.[^rain-daily]\n\n"
                             "> The story: \"rain on 365 days\".\n\n"
                             "| Year | Days |\n"
                             "| ---- | ---- |\n"
                             "| 2023 | 180[^rain-daily] |\n"
                             "| 2024 | 200 |\n\n"
                             "Rain is common.[^own]\n\n"
                             "[^own]: Measured on 300 days of 2024.\n")
    path = "content/sections/en/01-weather.md"
    assert warnings(root) == [
        f"{path}:18: warning: list item states a figure ('200 days') without citing a claim or footnote "
        f"(hint: {HINT.format(what='list item')})",
        f"{path}:21: warning: quoted paragraph states a figure ('365 days') without citing a claim or footnote "
        f"(hint: {HINT.format(what='quoted paragraph')})",
        f"{path}:26: warning: table row states a figure ('2024') without citing a claim or footnote "
        f"(hint: {HINT.format(what='table row')})",
    ]


def test_the_no_cite_marker_silences_the_lint(tmp_path):
    root = minimal(tmp_path, "This explainer was written in 2026 and has 1 section. {.no-cite}\n\n"
                             "The story appeared on 14 July 2025, see [the story](https://example.org/story){.no-cite}\n")
    assert warnings(root) == []


def test_a_marker_standing_alone_marks_nothing(tmp_path):
    root = minimal(tmp_path, "It rained on 200 days.\n\n{.no-cite}\n")
    path = "content/sections/en/01-weather.md"
    assert warnings(root) == [
        f"{path}:16: warning: paragraph states a figure ('200 days') without citing a claim or footnote "
        f"(hint: {HINT.format(what='paragraph')})",
        f"{path}:18: warning: {{.no-cite}} stands alone and marks nothing "
        "(hint: put it at the end of the paragraph it marks, on its last line)",
    ]


def test_the_marker_may_end_the_last_line_or_stand_on_its_own_line_and_escaped_it_is_text():
    md = SafeMarkdown()
    assert md.render("Written in 2026.\n{.no-cite}\n") == "<p>Written in 2026.</p>\n"
    assert md.render("Written in 2026. {.no-cite}\n") == "<p>Written in 2026.</p>\n"
    assert md.render("Write \\{.no-cite}\n") == "<p>Write {.no-cite}</p>\n"
    assert md.render("The marker is `{.no-cite}`\n") == "<p>The marker is <code>{.no-cite}</code></p>\n"


def test_the_marker_never_reaches_the_site(tmp_path):
    root = minimal(tmp_path, "This explainer was written in 2026. {.no-cite}\n\n"
                             "The story is [here](https://example.org/story){.no-cite}\n\n"
                             "| Year | Note |\n| --- | --- |\n| 2026 | written {.no-cite} |\n\n{.no-cite}\n")
    out = tmp_path / "site"
    result = run_build("build", "--content", str(root), "--out", str(out), "--strict")
    assert result.returncode == 1 and "stands alone" in result.stderr
    (root / "sections/en/01-weather.md").write_text(SECTION_EN + "\nThis explainer was written in 2026. {.no-cite}\n\n"
                                                    "The story is [here](https://example.org/story){.no-cite}\n\n"
                                                    "| Year | Note |\n| --- | --- |\n| 2026 | written {.no-cite} |\n")
    result = run_build("build", "--content", str(root), "--out", str(out), "--strict")
    assert result.returncode == 0, result.stderr
    page = (out / "en/weather.html").read_text()
    assert "This explainer was written in 2026.</p>" in page
    assert '<a href="https://example.org/story">here</a></p>' in page
    assert "<td>written</td>" in page
    leaks = [p for p in out.rglob("*") if p.is_file() and b"no-cite" in p.read_bytes()]
    assert leaks == []


def test_strict_makes_the_warning_an_error_and_keeps_the_previous_site(tmp_path):
    root = write_site(tmp_path / "c", {})
    out = tmp_path / "site"
    assert run_build("build", "--content", str(root), "--out", str(out)).returncode == 0
    (root / "sections/en/01-weather.md").write_text(SECTION_EN + "\nIt rained on 200 days in 2024.\n")
    warned = run_build("build", "--content", str(root), "--out", str(out))
    assert warned.returncode == 0
    assert f"{root}/sections/en/01-weather.md:16: warning: paragraph states a figure ('200 days')" in warned.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    strict = run_build("build", "--content", str(root), "--out", str(out), "--strict")  # the load cache answers now
    assert strict.returncode == 1
    assert f"{root}/sections/en/01-weather.md:16: warning: paragraph states a figure ('200 days')" in strict.stderr
    assert "1 problem found; nothing was written." in strict.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_key_figure_of_the_home_page_names_its_claim(tmp_path):
    home = (SITES / "minimal/pages/en/home.md").read_text().replace(", claim: rain-daily}", "}")
    root = write_site(tmp_path / "c", {"pages/en/home.md": home})
    assert warnings(root) == [
        "content/pages/en/home.md:5: warning: key figure '365' names no claim "
        "(hint: add 'claim: claim-id', the claim whose correct figure it shows)"]


def test_the_flagship_passes_check_strict():
    assert warnings(ROOT / "content", strict=True) == []
