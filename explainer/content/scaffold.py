"""``build.py new DIR``: the smallest content folder that is a whole, valid explainer.

A new user should start from something that already passes ``check --strict``, builds,
exports PDFs and previews, in their languages, and that shows each kind of file once
with a comment saying what it is for — not from a copy of the flagship to be emptied.
The example text is written in each language the generator has interface strings for
(English elsewhere, to be translated); ``strings.yml`` is written only for languages
without built-in strings, pre-filled with the English texts to translate.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .interface_strings import BUILT_IN, PLURAL_FORMS, PLURAL_KEYS, built_in
from .load import load_content
from ..translation_status import stamp
from .strings import REQUIRED_STRINGS

CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A BCP 47 language code as ``site.yml`` accepts it."""

NAMES = {"en": "English", "ja": "日本語", "de": "Deutsch", "fr": "Français", "es": "Español", "zh": "中文",
         "ko": "한국어"}
"""Each built-in language's name in itself, for the language switcher."""

SECTION = "01-first-section.md"
CLAIM = "sky-is-blue"

EXAMPLE: dict[str, dict[str, str]] = {
    "en": {
        "title": "My explainer", "description": "An explainer that checks, one by one, the claims of an article.",
        "author": "The editors",
        "home_title": "What this explainer checks",
        "home_description": "The article, the claims checked and what we found.",
        "home_body": "Say here, in two or three sentences, which article this explainer checks and what readers will find.",
        "figure_label": "example claim checked",
        "section_title": "First section", "section_description": "The first part of the article, checked.",
        "section_body": "Write the section here, in Markdown. The article says the sky is blue.[^sky-is-blue] "
                        "Each claim you cite gets a numbered note with its verdict and sources.",
        "about_title": "About this explainer",
        "about_description": "Who made this explainer and how the claims were checked.",
        "about_body": "Say who wrote this explainer, how the claims were checked and how readers can reach you.",
        "claim": "The sky is blue.",
        "correct_figure": "On a clear day, yes: air scatters blue light more than red.",
        "note": "An example claim: replace it with the first claim you check.",
    },
    "de": {
        "title": "Mein Erklärstück", "description": "Ein Erklärstück, das die Aussagen eines Artikels einzeln überprüft.",
        "author": "Die Redaktion",
        "home_title": "Was dieses Erklärstück prüft",
        "home_description": "Der Artikel, die geprüften Aussagen und was wir herausgefunden haben.",
        "home_body": "Beschreiben Sie hier in zwei, drei Sätzen, welchen Artikel dieses Erklärstück prüft "
                     "und was die Leserinnen und Leser erwartet.",
        "figure_label": "geprüfte Beispielaussage",
        "section_title": "Erster Abschnitt", "section_description": "Der erste Teil des Artikels, geprüft.",
        "section_body": "Schreiben Sie den Abschnitt hier, in Markdown. Der Artikel behauptet, der Himmel sei "
                        "blau.[^sky-is-blue] Jede zitierte Aussage erhält eine nummerierte Anmerkung mit Bewertung "
                        "und Quellen.",
        "about_title": "Über dieses Erklärstück",
        "about_description": "Wer dieses Erklärstück gemacht hat und wie die Aussagen geprüft wurden.",
        "about_body": "Schreiben Sie hier, wer dieses Erklärstück verfasst hat, wie die Aussagen geprüft wurden "
                      "und wie man die Redaktion erreicht.",
        "claim": "Der Himmel ist blau.",
        "correct_figure": "An klaren Tagen ja: Die Luft streut blaues Licht stärker als rotes.",
        "note": "Eine Beispielaussage: Ersetzen Sie sie durch die erste Aussage, die Sie prüfen.",
    },
    "fr": {
        "title": "Mon décryptage", "description": "Un décryptage qui vérifie une à une les affirmations d’un article.",
        "author": "La rédaction",
        "home_title": "Ce que vérifie ce décryptage",
        "home_description": "L’article, les affirmations vérifiées et nos conclusions.",
        "home_body": "Indiquez ici, en deux ou trois phrases, quel article ce décryptage vérifie et ce que le "
                     "lecteur y trouvera.",
        "figure_label": "affirmation d’exemple vérifiée",
        "section_title": "Première partie", "section_description": "La première partie de l’article, vérifiée.",
        "section_body": "Rédigez cette partie ici, en Markdown. L’article affirme que le ciel est bleu.[^sky-is-blue] "
                        "Chaque affirmation citée reçoit une note numérotée avec son verdict et ses sources.",
        "about_title": "À propos de ce décryptage",
        "about_description": "Qui a réalisé ce décryptage et comment les affirmations ont été vérifiées.",
        "about_body": "Indiquez ici qui a écrit ce décryptage, comment les affirmations ont été vérifiées et "
                      "comment joindre la rédaction.",
        "claim": "Le ciel est bleu.",
        "correct_figure": "Par temps clair, oui\u00a0: l’air diffuse davantage la lumière bleue que la rouge.",
        "note": "Une affirmation d’exemple\u00a0: remplacez-la par la première affirmation que vous vérifiez.",
    },
    "es": {
        "title": "Mi explicador", "description": "Un explicador que verifica, una a una, las afirmaciones de un artículo.",
        "author": "La redacción",
        "home_title": "Qué verifica este explicador",
        "home_description": "El artículo, las afirmaciones verificadas y lo que encontramos.",
        "home_body": "Explique aquí, en dos o tres frases, qué artículo verifica este explicador y qué "
                     "encontrarán los lectores.",
        "figure_label": "afirmación de ejemplo verificada",
        "section_title": "Primera sección", "section_description": "La primera parte del artículo, verificada.",
        "section_body": "Escriba aquí la sección, en Markdown. El artículo dice que el cielo es azul.[^sky-is-blue] "
                        "Cada afirmación citada recibe una nota numerada con su veredicto y sus fuentes.",
        "about_title": "Acerca de este explicador",
        "about_description": "Quién hizo este explicador y cómo se verificaron las afirmaciones.",
        "about_body": "Explique aquí quién escribió este explicador, cómo se verificaron las afirmaciones y cómo "
                      "contactar con la redacción.",
        "claim": "El cielo es azul.",
        "correct_figure": "En un día despejado, sí: el aire dispersa más la luz azul que la roja.",
        "note": "Una afirmación de ejemplo: sustitúyala por la primera afirmación que verifique.",
    },
    "ja": {
        "title": "記事の検証", "description": "ある記事の主張を一つずつ検証する解説です。", "author": "編集部",
        "home_title": "この解説で検証すること", "home_description": "対象の記事、検証した主張、その結果。",
        "home_body": "この解説がどの記事を検証し、読者が何を知ることができるのかを、ここに2〜3文で書きます。",
        "figure_label": "検証した例の主張",
        "section_title": "最初の章", "section_description": "記事の最初の部分の検証。",
        "section_body": "この章の本文をMarkdownで書きます。記事は、空は青いと述べています。[^sky-is-blue]"
                        "引用した主張には、判定と出典を示す番号付きの注が付きます。",
        "about_title": "この解説について", "about_description": "この解説の作り手と、主張の検証方法。",
        "about_body": "この解説を書いた人、主張を検証した方法、編集部への連絡先をここに書きます。",
        "claim": "空は青い。",
        "correct_figure": "晴れた日にはその通りです。空気は赤い光より青い光を強く散乱させます。",
        "note": "例として入れた主張です。最初に検証する主張に置き換えてください。",
    },
    "zh": {
        "title": "文章核查", "description": "逐条核查一篇文章中各项说法的解读。", "author": "编辑部",
        "home_title": "本解读核查的内容", "home_description": "所核查的文章、核查的说法和结论。",
        "home_body": "请在这里用两三句话说明本解读核查哪篇文章，以及读者能从中了解什么。",
        "figure_label": "已核查的示例说法",
        "section_title": "第一部分", "section_description": "文章第一部分的核查。",
        "section_body": "请在这里用Markdown撰写本部分。文章称天空是蓝色的。[^sky-is-blue]"
                        "每条引用的说法都会附上带编号的注释，列出判定和出处。",
        "about_title": "关于本解读", "about_description": "本解读的作者，以及核查说法的方法。",
        "about_body": "请在这里说明本解读的作者、核查说法的方法以及联系编辑部的方式。",
        "claim": "天空是蓝色的。",
        "correct_figure": "晴天时确实如此：空气对蓝光的散射强于红光。",
        "note": "这是一条示例说法，请替换为您要核查的第一条说法。",
    },
    "ko": {
        "title": "기사 검증", "description": "한 기사의 주장을 하나씩 검증하는 해설입니다.", "author": "편집부",
        "home_title": "이 해설이 검증하는 것", "home_description": "대상 기사, 검증한 주장, 그리고 그 결과.",
        "home_body": "이 해설이 어떤 기사를 검증하는지, 독자가 무엇을 알 수 있는지 여기에 두세 문장으로 적습니다.",
        "figure_label": "검증한 예시 주장",
        "section_title": "첫 번째 장", "section_description": "기사 첫 부분에 대한 검증.",
        "section_body": "이 장의 본문을 여기에 Markdown으로 씁니다. 기사는 하늘이 파랗다고 말합니다.[^sky-is-blue] "
                        "인용한 주장마다 판정과 출처를 담은 번호 붙은 주석이 달립니다.",
        "about_title": "이 해설에 대하여", "about_description": "이 해설을 만든 사람과 주장을 검증한 방법.",
        "about_body": "이 해설을 쓴 사람, 주장을 검증한 방법, 편집부 연락처를 여기에 적습니다.",
        "claim": "하늘은 파랗다.",
        "correct_figure": "맑은 날에는 그렇습니다. 공기는 붉은빛보다 푸른빛을 더 많이 산란합니다.",
        "note": "예시로 넣은 주장입니다. 처음 검증할 주장으로 바꾸세요.",
    },
}
"""The example content in each language with built-in interface strings."""


class ScaffoldError(Exception):
    """The folder or the languages asked for cannot make a site; the message says why."""


def languages_of(spec: str, default: str | None) -> tuple[list[str], str]:
    """``en,de,fr`` and an optional default → (codes in switcher order, default)."""
    codes = [code.strip() for code in spec.split(",") if code.strip()]
    for code in codes:
        if not CODE.match(code):
            raise ScaffoldError(f"{code!r} is not a language code (use codes such as en, de, pt-BR)")
    if len(set(codes)) != len(codes):
        raise ScaffoldError("each language may be listed only once")
    if len(codes) < 2:
        raise ScaffoldError("an explainer needs at least two languages, e.g. --languages en,de")
    default = default or codes[0]
    if default not in codes:
        raise ScaffoldError(f"--default {default!r} is not one of --languages {','.join(codes)}")
    return codes, default


def new_site(target: Path, codes: list[str], default: str, today: dt.date) -> list[str]:
    """Write the example content folder for ``codes`` into ``target``; return the files written.

    Refuses a ``target`` that is a file or a folder with anything in it: ``new`` must
    never overwrite someone's work.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not an empty folder; "
                            "choose a new folder name (nothing was written)")
    files = {"site.yml": site_yml(codes, default, today), "claims.yml": claims_yml(codes),
             **{f"sections/{code}/{SECTION}": section_md(code) for code in codes},
             **{f"pages/{code}/home.md": home_md(code) for code in codes},
             **{f"pages/{code}/about.md": about_md(code) for code in codes}}
    untranslated = [code for code in codes if built_in(code) is None]
    if untranslated:
        files["strings.yml"] = strings_yml(untranslated)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _stamp_translations(target)
    return sorted(files)


def _stamp_translations(target: Path) -> None:
    """Record in each translation the source it matches, so ``build.py status`` starts out complete."""
    content, _ = load_content(target)
    source = content.site.default_language
    for registry in (content.sections, content.pages):
        for (lang, ident), doc in registry.items():
            if lang != source:
                stamp(Path(doc.path), registry[(source, ident)].digest)


def _example(code: str) -> dict[str, str]:
    """The example text in ``code``'s language wherever it has built-in interface strings, else English."""
    if built_in(code) is None:
        return EXAMPLE["en"]
    return EXAMPLE.get(code) or EXAMPLE[code.partition("-")[0]]


def _q(text: str) -> str:
    """``text`` as a YAML scalar (a JSON string is one), so no text can change the file's structure."""
    return json.dumps(text, ensure_ascii=False)


def _texts(codes: list[str], key: str, indent: str = "  ") -> str:
    return "".join(f"{indent}{code}: {_q(_example(code)[key])}\n" for code in codes)


def site_yml(codes: list[str], default: str, today: dt.date) -> str:
    languages = "".join(f"  - {{code: {code}, name: {_q(NAMES.get(code, code))}}}\n" for code in codes)
    return (
        "# Site settings. Every key and what it does: content/README.md in the explainer generator.\n"
        "languages:                # the language switcher's order; two or more\n" + languages +
        f"default_language: {default}     # the root page's language and the one translators work from\n"
        'base_url: ""              # e.g. https://example.org/explainer/ for absolute links; "" keeps them relative\n'
        "title:\n" + _texts(codes, "title") +
        "description:              # one sentence for search engines and link previews\n" + _texts(codes, "description") +
        "author:\n" + _texts(codes, "author") +
        f"checked: {today.isoformat()}        # the date as of which the claims were checked\n"
        "# Optional: the article this site explains, and its disclaimer (see content/README.md):\n"
        "# article:\n"
        "#   title: {" + ", ".join(f"{code}: …" for code in codes) + "}\n"
        "#   publisher: …\n"
        f"#   language: {default}\n"
        "#   url: null\n"
        "#   date: null\n"
        "#   note: {" + ", ".join(f"{code}: …" for code in codes) + "}\n"
        "# disclaimer:\n"
        f"#   language: {default}\n"
        "#   text: {" + ", ".join(f"{code}: …" for code in codes) + "}\n"
        "#   attribution: {" + ", ".join(f"{code}: …" for code in codes) + "}\n"
        "#   short: {" + ", ".join(f"{code}: …" for code in codes) + "}\n"
    )


def claims_yml(codes: list[str]) -> str:
    return (
        "# The claims registry: cite a claim in a section as [^id]. Format: content/README.md.\n"
        f"- id: {CLAIM}\n"
        "  section: first-section            # the id of the section it belongs to (its file name without NN-)\n"
        "  verdict: accurate                 # accurate | accurate-with-context | disputed | inaccurate | unsourced\n"
        "  claim:                            # what the article claims, in plain words\n" + _texts(codes, "claim", "    ") +
        "  correct_figure:                   # what the record shows\n" + _texts(codes, "correct_figure", "    ") +
        "  note:                             # the context readers need\n" + _texts(codes, "note", "    ") +
        "  sources:                          # best first; any field may be null\n"
        "    - publisher: Wikipedia\n"
        "      title: Rayleigh scattering\n"
        '      date: null                    # "YYYY-MM-DD", "YYYY-MM" or "YYYY"\n'
        "      url: https://en.wikipedia.org/wiki/Rayleigh_scattering\n"
    )


def _doc(title: str, description: str, body: str, extra: str = "") -> str:
    return (f"---\n# The title is the page's only top heading: the body starts with text; sub-headings are ##.\n"
            f"title: {_q(title)}\ndescription: {_q(description)}\n{extra}---\n{body}\n")


def section_md(code: str) -> str:
    text = _example(code)
    return _doc(text["section_title"], text["section_description"], text["section_body"])


def home_md(code: str) -> str:
    text = _example(code)
    figures = f'key_figures:\n  - {{value: "1", label: {_q(text["figure_label"])}, claim: {CLAIM}}}\n'
    return _doc(text["home_title"], text["home_description"], text["home_body"], figures)


def about_md(code: str) -> str:
    text = _example(code)
    return _doc(text["about_title"], text["about_description"], text["about_body"])


def strings_yml(codes: list[str]) -> str:
    """Every interface string for the languages without built-in ones, in English, to be translated."""
    lines = ["# Interface strings for languages the generator has none for: translate each English text.",
             "# Keys with built-in texts elsewhere need listing only where you want other wording.",
             "# Format: content/README.md."]
    for key in (*REQUIRED_STRINGS, "source_lang_en"):  # the example claim's source is in English
        value = BUILT_IN["en"][key]
        lines.append(f"{key}:")
        for code in codes:
            if key in PLURAL_KEYS and isinstance(value, dict):
                needed = PLURAL_FORMS.get(code.split("-")[0], ("other",))
                forms = ", ".join(f"{category}: {_q(value.get(category, value['other']))}" for category in needed)
                lines.append(f"  {code}: {{{forms}}}")
            else:
                lines.append(f"  {code}: {_q(str(value))}")
    return "\n".join(lines) + "\n"
