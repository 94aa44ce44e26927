"""Built-in interface strings (navigation, labels, verdicts) and how ``strings.yml`` overrides them.

A new explainer should not have to translate fifty labels before its first build: the
generator ships them for the languages below, written as a localiser would (idiomatic UI
text, each language's own punctuation), and ``strings.yml`` only changes what a site wants
different or adds a language that is not here.

Counts need plural forms ("1 Ergebnis", "2 Ergebnisse"). A plural string is a mapping of
CLDR plural categories to texts; the browser picks one with ``Intl.PluralRules`` (the
CLDR rules themselves). The build side stores each form as its own key, ``KEY.CATEGORY``
(``search_results.one``), with the ``other`` form under ``KEY`` itself, so every form is an
ordinary complete ``Text`` that tracking, the rebuild cache and the translators' report
already understand; a language without a form (Japanese has no ``one``) gets its
``other`` text there.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem, did_you_mean
from .model import Text
from .yaml_lines import YDict

CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR plural categories, in CLDR's order."""

PLURAL_KEYS = ("search_results",)
"""Strings with a number ``{n}`` whose wording depends on it."""

PLURAL_FORMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ja", "zh", "ko", "th", "vi", "id", "ms", "lo", "km", "my"), ("other",)),
    **dict.fromkeys(("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "et", "el", "hu",
                     "tr", "bg", "ca"), ("one", "other")),
    **dict.fromkeys(("ru", "uk", "pl", "cs", "sk", "lt"), ("one", "few", "many", "other")),
    "ar": ("zero", "one", "two", "few", "many", "other"),
}
"""The categories whole numbers fall into, per language (CLDR): what a plural string must give.

Any other category CLDR knows for a language (French and Spanish ``many``, for exact
millions) falls back to ``other``, which is correct there. Languages not listed are checked
only for ``other``."""

BUILT_IN: dict[str, dict[str, str | dict[str, str]]] = {
    "en": {
        "skip_to_content": "Skip to content",
        "nav_main": "Site navigation",
        "nav_languages": "Language",
        "home": "Home",
        "contents": "Contents",
        "claims": "Claims checked",
        "claims_intro": "Every checkable claim in the article, with its verdict, the correct figure and the sources.",
        "glossary": "Glossary",
        "glossary_intro": "The terms used in the explainer. Terms in the text link here.",
        "about": "About",
        "notes": "Notes",
        "note_ref": "Note {n}",
        "back_to_text": "Back to the text",
        "correct_figure": "What the record shows",
        "context": "Context",
        "sources": "Sources",
        "title_unknown": "title unknown",
        "date_unknown": "date unknown",
        "url_unknown": "no URL known",
        "no_sources": "Unsourced: no source supporting this claim was found.",
        "key_figures": "Key figures",
        "original_article": "Original article",
        "disclaimer": "Disclaimer",
        "disclaimer_original": "Original, quoted verbatim",
        "disclaimer_translation": "Our translation",
        "read_disclaimer": "The original article's full disclaimer",
        "checked_as_of": "Checked as of",
        "cited_in": "Cited in",
        "checked_on": "Checked {date}",
        "first_published": "First published",
        "updated_on": "Updated {date}",
        "permanent_link": "Permanent link",
        "claim_checked": "Claim checked",
        "corrections": "Corrections and updates",
        "corrections_intro": "Every correction and update made to this explainer, newest first.",
        "corrections_feed": "Follow it as an Atom feed",
        "timeline": "Timeline",
        "timeline_intro": "The events behind the claims checked here, in date order. Each links to what was checked about it.",
        "timeline_claims": "Claims about this",
        "download_pdf": "Download the PDF",
        "not_found_title": "Page not found",
        "not_found_body": "The page you are looking for does not exist or has moved.",
        "choose_language": "Choose a language",
        "chart_data": "Data behind the chart",
        "verdict": "Verdict",
        "verdict_accurate": "Accurate",
        "verdict_accurate_with_context": "Accurate, with context",
        "verdict_disputed": "Disputed",
        "verdict_inaccurate": "Inaccurate",
        "verdict_unsourced": "Unsourced",
        "filter_verdict": "Filter by verdict",
        "all_verdicts": "All",
        "term_defined_in_glossary": "Glossary entry",
        "search": "Search",
        "search_needs_js": "Search needs JavaScript and a web server (it does not work on files opened from disk). "
                           "Every page is also reachable from the contents, the claims list and the glossary.",
        "search_results": {"one": "{n} result", "other": "{n} results"},
        "side_by_side": "Side by side",
        "paragraph_mismatch": "The languages have different numbers of paragraphs ({counts}); rows may not line up.",
        "filter_section": "Filter by section",
        "claims_shown": "{n} shown",
        "date_day": "{day} {month_name} {year}",
        "date_month": "{month_name} {year}",
        "month_names": "January February March April May June July August September October November December",
        "context_and_sources": "Context and sources",
        "source_lang_en": "(in English)",
        "source_lang_ja": "(in Japanese)",
        "source_lang_de": "(in German)",
        "source_lang_fr": "(in French)",
        "source_lang_es": "(in Spanish)",
        "source_lang_zh": "(in Chinese)",
        "source_lang_ko": "(in Korean)",
        "source_lang_pt": "(in Portuguese)",
    },
    "ja": {
        "skip_to_content": "本文へ移動",
        "nav_main": "サイト内の移動",
        "nav_languages": "言語",
        "home": "ホーム",
        "contents": "目次",
        "claims": "検証した主張",
        "claims_intro": "記事に含まれる検証可能な主張と、その判定・正しい数字・出典の一覧です。",
        "glossary": "用語集",
        "glossary_intro": "本文で使う用語の解説です。本文中の用語リンクからここに移動できます。",
        "about": "このサイトについて",
        "notes": "注",
        "note_ref": "注{n}",
        "back_to_text": "本文に戻る",
        "correct_figure": "記録が示すこと",
        "context": "補足",
        "sources": "出典",
        "title_unknown": "題名不明",
        "date_unknown": "日付不明",
        "url_unknown": "URL不明",
        "no_sources": "出典なし：この主張を裏付ける資料は見つかっていません。",
        "key_figures": "主な数字",
        "original_article": "元記事",
        "disclaimer": "免責事項",
        "disclaimer_original": "原文（逐語引用）",
        "disclaimer_translation": "当サイトによる訳",
        "read_disclaimer": "元記事の免責事項の全文",
        "checked_as_of": "確認日",
        "cited_in": "本文での言及",
        "checked_on": "{date}確認",
        "first_published": "初出",
        "updated_on": "{date}更新",
        "permanent_link": "この検証の固定リンク",
        "claim_checked": "検証した主張",
        "corrections": "訂正と更新の記録",
        "corrections_intro": "この解説で訂正・更新した内容を、新しいものから順に記録しています。",
        "corrections_feed": "Atomフィードで購読",
        "timeline": "年表",
        "timeline_intro": "検証した主張にかかわる出来事を日付順に並べました。各項目から、関連する主張の検証に移動できます。",
        "timeline_claims": "関連する主張",
        "download_pdf": "PDFをダウンロード",
        "not_found_title": "ページが見つかりません",
        "not_found_body": "お探しのページは存在しないか、移動しました。",
        "choose_language": "言語を選んでください",
        "chart_data": "グラフのデータ",
        "verdict": "判定",
        "verdict_accurate": "正確",
        "verdict_accurate_with_context": "正確（補足あり）",
        "verdict_disputed": "異論あり",
        "verdict_inaccurate": "不正確",
        "verdict_unsourced": "出典なし",
        "filter_verdict": "判定で絞り込む",
        "all_verdicts": "すべて",
        "term_defined_in_glossary": "用語集の解説",
        "search": "検索",
        "search_needs_js": "検索にはJavaScriptとWebサーバーが必要です（ディスク上のファイルを直接開いた場合は使えません）。"
                           "すべてのページには目次・主張の一覧・用語集からも移動できます。",
        "search_results": "{n}件の結果",
        "side_by_side": "対訳で読む",
        "paragraph_mismatch": "段落の数が言語によって異なります（{counts}）。対応がずれている可能性があります。",
        "filter_section": "章で絞り込む",
        "claims_shown": "{n}件を表示中",
        "date_day": "{year}年{month}月{day}日",
        "date_month": "{year}年{month}月",
        "month_names": "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
        "context_and_sources": "補足と出典",
        "source_lang_en": "（英語）",
        "source_lang_ja": "（日本語）",
        "source_lang_de": "（ドイツ語）",
        "source_lang_fr": "（フランス語）",
        "source_lang_es": "（スペイン語）",
        "source_lang_zh": "（中国語）",
        "source_lang_ko": "（韓国語）",
        "source_lang_pt": "（ポルトガル語）",
    },
    "de": {
        "skip_to_content": "Zum Inhalt springen",
        "nav_main": "Navigation der Website",
        "nav_languages": "Sprache",
        "home": "Startseite",
        "contents": "Inhalt",
        "claims": "Geprüfte Aussagen",
        "claims_intro": "Alle überprüfbaren Aussagen des Artikels mit Bewertung, den belegten Zahlen und den Quellen.",
        "glossary": "Glossar",
        "glossary_intro": "Die Begriffe, die in diesem Erklärstück vorkommen. Begriffe im Text verweisen hierher.",
        "about": "Über diese Website",
        "notes": "Anmerkungen",
        "note_ref": "Anmerkung {n}",
        "back_to_text": "Zurück zum Text",
        "correct_figure": "Was belegt ist",
        "context": "Einordnung",
        "sources": "Quellen",
        "title_unknown": "Titel unbekannt",
        "date_unknown": "Datum unbekannt",
        "url_unknown": "keine URL bekannt",
        "no_sources": "Ohne Beleg: Für diese Aussage wurde keine Quelle gefunden.",
        "key_figures": "Die wichtigsten Zahlen",
        "original_article": "Originalartikel",
        "disclaimer": "Haftungsausschluss",
        "disclaimer_original": "Original, wörtlich zitiert",
        "disclaimer_translation": "Unsere Übersetzung",
        "read_disclaimer": "Der vollständige Haftungsausschluss des Originalartikels",
        "checked_as_of": "Geprüft mit Stand vom",
        "cited_in": "Erwähnt in",
        "checked_on": "Geprüft am {date}",
        "first_published": "Erstmals veröffentlicht",
        "updated_on": "Aktualisiert am {date}",
        "permanent_link": "Permalink zu dieser Prüfung",
        "claim_checked": "Geprüfte Behauptung",
        "corrections": "Korrekturen und Aktualisierungen",
        "corrections_intro": "Alle Korrekturen und Aktualisierungen dieser Erläuterung, die neuesten zuerst.",
        "corrections_feed": "Als Atom-Feed abonnieren",
        "timeline": "Zeitleiste",
        "timeline_intro": "Die Ereignisse hinter den geprüften Aussagen, nach Datum geordnet. Jedes verweist auf das, was dazu geprüft wurde.",
        "timeline_claims": "Aussagen dazu",
        "download_pdf": "PDF herunterladen",
        "not_found_title": "Seite nicht gefunden",
        "not_found_body": "Die gesuchte Seite existiert nicht oder wurde verschoben.",
        "choose_language": "Sprache wählen",
        "chart_data": "Daten zur Grafik",
        "verdict": "Bewertung",
        "verdict_accurate": "Zutreffend",
        "verdict_accurate_with_context": "Zutreffend, mit Einordnung",
        "verdict_disputed": "Umstritten",
        "verdict_inaccurate": "Unzutreffend",
        "verdict_unsourced": "Ohne Beleg",
        "filter_verdict": "Nach Bewertung filtern",
        "all_verdicts": "Alle",
        "term_defined_in_glossary": "Zum Glossareintrag",
        "search": "Suche",
        "search_needs_js": "Die Suche braucht JavaScript und einen Webserver (mit direkt von der Festplatte geöffneten "
                           "Dateien funktioniert sie nicht). Alle Seiten sind auch über das Inhaltsverzeichnis, "
                           "die Liste der Aussagen und das Glossar erreichbar.",
        "search_results": {"one": "{n} Ergebnis", "other": "{n} Ergebnisse"},
        "side_by_side": "Nebeneinander lesen",
        "paragraph_mismatch": "Die Sprachfassungen haben unterschiedlich viele Absätze ({counts}); "
                              "die Zeilen stehen womöglich nicht auf gleicher Höhe.",
        "filter_section": "Nach Kapitel filtern",
        "claims_shown": "Angezeigt: {n}",
        "date_day": "{day}. {month_name} {year}",
        "date_month": "{month_name} {year}",
        "month_names": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "context_and_sources": "Einordnung und Quellen",
        "source_lang_en": "(auf Englisch)",
        "source_lang_ja": "(auf Japanisch)",
        "source_lang_de": "(auf Deutsch)",
        "source_lang_fr": "(auf Französisch)",
        "source_lang_es": "(auf Spanisch)",
        "source_lang_zh": "(auf Chinesisch)",
        "source_lang_ko": "(auf Koreanisch)",
        "source_lang_pt": "(auf Portugiesisch)",
    },
    "fr": {
        "skip_to_content": "Aller au contenu",
        "nav_main": "Navigation du site",
        "nav_languages": "Langue",
        "home": "Accueil",
        "contents": "Sommaire",
        "claims": "Affirmations vérifiées",
        "claims_intro": "Toutes les affirmations vérifiables de l’article, avec leur verdict, les chiffres exacts "
                        "et les sources.",
        "glossary": "Glossaire",
        "glossary_intro": "Les termes employés dans ce décryptage. Dans le texte, chaque terme renvoie ici.",
        "about": "À propos",
        "notes": "Notes",
        "note_ref": "Note {n}",
        "back_to_text": "Retour au texte",
        "correct_figure": "Ce que montrent les faits",
        "context": "Contexte",
        "sources": "Sources",
        "title_unknown": "titre inconnu",
        "date_unknown": "date inconnue",
        "url_unknown": "URL inconnue",
        "no_sources": "Sans source\u00a0: aucune source étayant cette affirmation n’a été trouvée.",
        "key_figures": "Chiffres clés",
        "original_article": "Article original",
        "disclaimer": "Avertissement",
        "disclaimer_original": "Texte original, cité intégralement",
        "disclaimer_translation": "Notre traduction",
        "read_disclaimer": "L’avertissement complet de l’article original",
        "checked_as_of": "Vérifié au",
        "cited_in": "Cité dans",
        "checked_on": "Vérifié le {date}",
        "first_published": "Première publication",
        "updated_on": "Mis à jour le {date}",
        "permanent_link": "Lien permanent",
        "claim_checked": "Affirmation vérifiée",
        "corrections": "Corrections et mises à jour",
        "corrections_intro": "Toutes les corrections et mises à jour de ce décryptage, des plus récentes aux plus anciennes.",
        "corrections_feed": "S’abonner au flux Atom",
        "timeline": "Chronologie",
        "timeline_intro": "Les événements derrière les affirmations vérifiées ici, par ordre de date. Chacun renvoie à ce qui a été vérifié à son sujet.",
        "timeline_claims": "Affirmations liées",
        "download_pdf": "Télécharger le PDF",
        "not_found_title": "Page introuvable",
        "not_found_body": "La page que vous cherchez n’existe pas ou a été déplacée.",
        "choose_language": "Choisissez une langue",
        "chart_data": "Données du graphique",
        "verdict": "Verdict",
        "verdict_accurate": "Exact",
        "verdict_accurate_with_context": "Exact, à nuancer",
        "verdict_disputed": "Contesté",
        "verdict_inaccurate": "Inexact",
        "verdict_unsourced": "Sans source",
        "filter_verdict": "Filtrer par verdict",
        "all_verdicts": "Tous",
        "term_defined_in_glossary": "Voir le glossaire",
        "search": "Recherche",
        "search_needs_js": "La recherche nécessite JavaScript et un serveur web (elle ne fonctionne pas sur des "
                           "fichiers ouverts depuis le disque). Toutes les pages restent accessibles depuis le "
                           "sommaire, la liste des affirmations et le glossaire.",
        "search_results": {"one": "{n}\u00a0résultat", "other": "{n}\u00a0résultats"},
        "side_by_side": "Lecture côte à côte",
        "paragraph_mismatch": "Les versions n’ont pas le même nombre de paragraphes ({counts})\u00a0; "
                              "les lignes peuvent être décalées.",
        "filter_section": "Filtrer par partie",
        "claims_shown": "Affichées\u00a0: {n}",
        "date_day": "{day} {month_name} {year}",
        "date_month": "{month_name} {year}",
        "month_names": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "context_and_sources": "Contexte et sources",
        "source_lang_en": "(en anglais)",
        "source_lang_ja": "(en japonais)",
        "source_lang_de": "(en allemand)",
        "source_lang_fr": "(en français)",
        "source_lang_es": "(en espagnol)",
        "source_lang_zh": "(en chinois)",
        "source_lang_ko": "(en coréen)",
        "source_lang_pt": "(en portugais)",
    },
    "es": {
        "skip_to_content": "Saltar al contenido",
        "nav_main": "Navegación del sitio",
        "nav_languages": "Idioma",
        "home": "Inicio",
        "contents": "Índice",
        "claims": "Afirmaciones verificadas",
        "claims_intro": "Todas las afirmaciones verificables del artículo, con su veredicto, el dato correcto y las fuentes.",
        "glossary": "Glosario",
        "glossary_intro": "Los términos que se usan en este explicador. Los términos del texto enlazan aquí.",
        "about": "Acerca de este sitio",
        "notes": "Notas",
        "note_ref": "Nota {n}",
        "back_to_text": "Volver al texto",
        "correct_figure": "Lo que muestran los datos",
        "context": "Contexto",
        "sources": "Fuentes",
        "title_unknown": "título desconocido",
        "date_unknown": "fecha desconocida",
        "url_unknown": "URL desconocida",
        "no_sources": "Sin fuentes: no se encontró ninguna fuente que respalde esta afirmación.",
        "key_figures": "Cifras clave",
        "original_article": "Artículo original",
        "disclaimer": "Aviso legal",
        "disclaimer_original": "Original, citado textualmente",
        "disclaimer_translation": "Nuestra traducción",
        "read_disclaimer": "El aviso legal completo del artículo original",
        "checked_as_of": "Verificado a",
        "cited_in": "Citado en",
        "checked_on": "Verificado el {date}",
        "first_published": "Primera publicación",
        "updated_on": "Actualizado el {date}",
        "permanent_link": "Enlace permanente",
        "claim_checked": "Afirmación verificada",
        "corrections": "Correcciones y actualizaciones",
        "corrections_intro": "Todas las correcciones y actualizaciones de este explicador, de la más reciente a la más antigua.",
        "corrections_feed": "Suscribirse al canal Atom",
        "timeline": "Cronología",
        "timeline_intro": "Los hechos detrás de las afirmaciones verificadas aquí, por orden de fecha. Cada uno enlaza con lo que se verificó sobre él.",
        "timeline_claims": "Afirmaciones relacionadas",
        "download_pdf": "Descargar el PDF",
        "not_found_title": "Página no encontrada",
        "not_found_body": "La página que busca no existe o se ha trasladado.",
        "choose_language": "Elija un idioma",
        "chart_data": "Datos del gráfico",
        "verdict": "Veredicto",
        "verdict_accurate": "Correcto",
        "verdict_accurate_with_context": "Correcto, con matices",
        "verdict_disputed": "Discutido",
        "verdict_inaccurate": "Incorrecto",
        "verdict_unsourced": "Sin fuentes",
        "filter_verdict": "Filtrar por veredicto",
        "all_verdicts": "Todos",
        "term_defined_in_glossary": "Entrada del glosario",
        "search": "Búsqueda",
        "search_needs_js": "La búsqueda necesita JavaScript y un servidor web (no funciona con archivos abiertos "
                           "desde el disco). Todas las páginas son accesibles también desde el índice, la lista "
                           "de afirmaciones y el glosario.",
        "search_results": {"one": "{n} resultado", "other": "{n} resultados"},
        "side_by_side": "Versiones en paralelo",
        "paragraph_mismatch": "Las versiones tienen distinto número de párrafos ({counts}); puede que las filas no coincidan.",
        "filter_section": "Filtrar por sección",
        "claims_shown": "Mostradas: {n}",
        "date_day": "{day} de {month_name} de {year}",
        "date_month": "{month_name} de {year}",
        "month_names": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "context_and_sources": "Contexto y fuentes",
        "source_lang_en": "(en inglés)",
        "source_lang_ja": "(en japonés)",
        "source_lang_de": "(en alemán)",
        "source_lang_fr": "(en francés)",
        "source_lang_es": "(en español)",
        "source_lang_zh": "(en chino)",
        "source_lang_ko": "(en coreano)",
        "source_lang_pt": "(en portugués)",
    },
    "zh": {
        "skip_to_content": "跳到正文",
        "nav_main": "网站导航",
        "nav_languages": "语言",
        "home": "首页",
        "contents": "目录",
        "claims": "核查的说法",
        "claims_intro": "文章中所有可核查的说法，及其判定、正确数据和出处。",
        "glossary": "术语表",
        "glossary_intro": "本文所用术语的释义。点击正文中的术语即可跳转到这里。",
        "about": "关于本站",
        "notes": "注释",
        "note_ref": "注{n}",
        "back_to_text": "返回正文",
        "correct_figure": "记录显示",
        "context": "背景",
        "sources": "出处",
        "title_unknown": "标题不详",
        "date_unknown": "日期不详",
        "url_unknown": "网址不详",
        "no_sources": "无出处：未找到支持这一说法的资料。",
        "key_figures": "关键数字",
        "original_article": "原文",
        "disclaimer": "免责声明",
        "disclaimer_original": "原文（逐字引用）",
        "disclaimer_translation": "本站译文",
        "read_disclaimer": "原文的完整免责声明",
        "checked_as_of": "核查日期",
        "cited_in": "正文提及",
        "checked_on": "{date}核查",
        "first_published": "首次发布",
        "updated_on": "{date}更新",
        "permanent_link": "本条核查的永久链接",
        "claim_checked": "核查的说法",
        "corrections": "更正与更新记录",
        "corrections_intro": "本解说的所有更正与更新，按时间由新到旧排列。",
        "corrections_feed": "通过Atom订阅",
        "timeline": "时间线",
        "timeline_intro": "按日期排列的、与本文核查的说法相关的事件。每一项都链接到相关的核查结果。",
        "timeline_claims": "相关说法",
        "download_pdf": "下载PDF",
        "not_found_title": "找不到页面",
        "not_found_body": "您要找的页面不存在或已移动。",
        "choose_language": "请选择语言",
        "chart_data": "图表数据",
        "verdict": "判定",
        "verdict_accurate": "准确",
        "verdict_accurate_with_context": "准确（需补充背景）",
        "verdict_disputed": "有争议",
        "verdict_inaccurate": "不准确",
        "verdict_unsourced": "无出处",
        "filter_verdict": "按判定筛选",
        "all_verdicts": "全部",
        "term_defined_in_glossary": "术语表释义",
        "search": "搜索",
        "search_needs_js": "搜索需要JavaScript和网页服务器（直接打开本地文件时无法使用）。"
                           "所有页面也都可以从目录、说法列表和术语表进入。",
        "search_results": "{n}条结果",
        "side_by_side": "双语对照",
        "paragraph_mismatch": "各语言版本的段落数不同（{counts}），对照可能错位。",
        "filter_section": "按章节筛选",
        "claims_shown": "已显示{n}条",
        "date_day": "{year}年{month}月{day}日",
        "date_month": "{year}年{month}月",
        "month_names": "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
        "context_and_sources": "背景与出处",
        "source_lang_en": "（英文）",
        "source_lang_ja": "（日文）",
        "source_lang_de": "（德文）",
        "source_lang_fr": "（法文）",
        "source_lang_es": "（西班牙文）",
        "source_lang_zh": "（中文）",
        "source_lang_ko": "（韩文）",
        "source_lang_pt": "（葡萄牙文）",
    },
    "ko": {
        "skip_to_content": "본문 바로가기",
        "nav_main": "사이트 탐색",
        "nav_languages": "언어",
        "home": "홈",
        "contents": "목차",
        "claims": "검증한 주장",
        "claims_intro": "기사에 담긴 검증 가능한 모든 주장과 그 판정, 정확한 수치, 출처입니다.",
        "glossary": "용어 풀이",
        "glossary_intro": "본문에 쓰인 용어를 풀이합니다. 본문의 용어를 누르면 이곳으로 옵니다.",
        "about": "사이트 소개",
        "notes": "주석",
        "note_ref": "주석 {n}",
        "back_to_text": "본문으로 돌아가기",
        "correct_figure": "기록으로 확인된 사실",
        "context": "배경",
        "sources": "출처",
        "title_unknown": "제목 미상",
        "date_unknown": "날짜 미상",
        "url_unknown": "URL 미상",
        "no_sources": "출처 없음: 이 주장을 뒷받침하는 자료를 찾지 못했습니다.",
        "key_figures": "주요 수치",
        "original_article": "원문 기사",
        "disclaimer": "면책 조항",
        "disclaimer_original": "원문 그대로 인용",
        "disclaimer_translation": "이 사이트의 번역",
        "read_disclaimer": "원문 기사의 면책 조항 전문",
        "checked_as_of": "확인 기준일",
        "cited_in": "본문 언급",
        "checked_on": "{date} 확인",
        "first_published": "최초 게시",
        "updated_on": "{date} 업데이트",
        "permanent_link": "이 검증의 고정 링크",
        "claim_checked": "검증한 주장",
        "corrections": "정정 및 업데이트 기록",
        "corrections_intro": "이 해설의 모든 정정과 업데이트를 최신순으로 기록합니다.",
        "corrections_feed": "Atom 피드로 구독",
        "timeline": "연표",
        "timeline_intro": "여기서 검증한 주장과 관련된 사건을 날짜순으로 정리했습니다. 각 항목에서 관련 검증으로 이동할 수 있습니다.",
        "timeline_claims": "관련 주장",
        "download_pdf": "PDF 내려받기",
        "not_found_title": "페이지를 찾을 수 없습니다",
        "not_found_body": "찾으시는 페이지가 없거나 다른 곳으로 옮겨졌습니다.",
        "choose_language": "언어를 선택하세요",
        "chart_data": "그래프 데이터",
        "verdict": "판정",
        "verdict_accurate": "정확",
        "verdict_accurate_with_context": "정확(맥락 보충)",
        "verdict_disputed": "논란 있음",
        "verdict_inaccurate": "부정확",
        "verdict_unsourced": "출처 없음",
        "filter_verdict": "판정별로 보기",
        "all_verdicts": "전체",
        "term_defined_in_glossary": "용어 풀이 보기",
        "search": "검색",
        "search_needs_js": "검색을 쓰려면 JavaScript와 웹 서버가 필요합니다(디스크에서 바로 연 파일에서는 작동하지 "
                           "않습니다). 모든 페이지는 목차, 주장 목록, 용어 풀이에서도 찾아갈 수 있습니다.",
        "search_results": "검색 결과 {n}건",
        "side_by_side": "나란히 보기",
        "paragraph_mismatch": "언어별 문단 수가 다릅니다({counts}). 줄이 서로 맞지 않을 수 있습니다.",
        "filter_section": "장별로 보기",
        "claims_shown": "{n}건 표시",
        "date_day": "{year}년 {month}월 {day}일",
        "date_month": "{year}년 {month}월",
        "month_names": "1월 2월 3월 4월 5월 6월 7월 8월 9월 10월 11월 12월",
        "context_and_sources": "배경과 출처",
        "source_lang_en": "(영어)",
        "source_lang_ja": "(일본어)",
        "source_lang_de": "(독일어)",
        "source_lang_fr": "(프랑스어)",
        "source_lang_es": "(스페인어)",
        "source_lang_zh": "(중국어)",
        "source_lang_ko": "(한국어)",
        "source_lang_pt": "(포르투갈어)",
    },
}
"""Every interface string in every language the generator speaks out of the box, and the names of
the languages sources are most often in (``source_lang_<code>``, shown after a source in another
language than the page's)."""


SIMPLIFIED = ("Hans", "CN", "SG", "MY")
"""Subtags of Chinese written in simplified characters, which the built-in ``zh`` texts use."""


def built_in(lang: str) -> dict[str, str | dict[str, str]] | None:
    """The built-in strings for ``lang``, or those of its base language (``de-CH`` reads ``de``).

    Chinese falls back only where it is written in simplified characters: ``zh-TW`` and
    ``zh-Hant`` readers get no built-in text rather than the wrong script.
    """
    if lang in BUILT_IN:
        return BUILT_IN[lang]
    base, _, rest = lang.partition("-")
    if base == "zh" and rest.split("-")[0] not in SIMPLIFIED:
        return None
    return BUILT_IN.get(base)


def form_key(key: str, category: str) -> str:
    """Where a plural string's form for ``category`` is kept (``other`` is the key itself)."""
    return key if category == "other" else f"{key}.{category}"


def interface_strings(langs: tuple[str, ...], overrides: dict[str, dict[str, str | dict[str, str]]]) -> dict[str, Text]:
    """The strings of a site in ``langs``: built-in texts, replaced per key and language by ``overrides``.

    ``overrides`` is key → language → text (or plural forms), as read from ``strings.yml``.
    A language neither provides is simply absent from a key; ``validate`` names what is missing.
    """
    result: dict[str, Text] = {}
    keys = [*dict.fromkeys([*BUILT_IN["en"], *overrides])]
    for key in keys:
        for lang in langs:
            value = overrides.get(key, {}).get(lang, (built_in(lang) or {}).get(key))
            if value is None:
                continue
            forms = value if isinstance(value, dict) else {"other": value}
            for category in (CATEGORIES if key in PLURAL_KEYS else ("other",)):
                result.setdefault(form_key(key, category), {})[lang] = forms.get(category, forms["other"])
    return result


def read_overrides(data: YDict, path: str, problems: list[Problem],
                   langs: tuple[str, ...]) -> dict[str, dict[str, str | dict[str, str]]]:
    """``strings.yml`` as key → language → text, with a located problem for every bad entry.

    Every language is optional (the built-ins fill the rest); a plural key may give a
    mapping of CLDR categories, which must include ``other`` and, for the languages in
    ``PLURAL_FORMS``, every category whole numbers fall into there.
    """
    result: dict[str, dict[str, str | dict[str, str]]] = {}
    for key, value in data.items():
        line = data.lines.get(key, data.line)
        if not isinstance(value, YDict):
            problems.append(Problem(path, line, f"'{key}' must have one entry per language",
                                    f"write '{key}:' then lines '  {langs[0] if langs else 'en'}: …'"))
            continue
        texts: dict[str, str | dict[str, str]] = {}
        for lang, text in value.items():
            at = value.lines.get(lang, line)
            if langs and lang not in langs:
                problems.append(Problem(path, at, f"'{key}' has a language '{lang}' that site.yml does not list",
                                        did_you_mean(lang, set(langs))))
            elif isinstance(text, YDict) and key in PLURAL_KEYS:
                forms = _plural_forms(key, lang, text, path, at, problems)
                if forms:
                    texts[lang] = forms
            elif isinstance(text, dict):
                problems.append(Problem(path, at, f"'{key}.{lang}' has plural forms, but '{key}' takes one text",
                                        f"plural forms are for {', '.join(PLURAL_KEYS)}; write one text"))
            elif not _is_text(text):
                problems.append(Problem(path, at, f"'{key}.{lang}' must be non-empty text"))
            else:
                texts[lang] = str(text).strip()
        result[key] = texts
    return result


def _plural_forms(key: str, lang: str, forms: YDict, path: str, line: int, problems: list[Problem]) -> dict[str, str]:
    """One language's plural forms of ``key``, checked against CLDR's categories for it."""
    result: dict[str, str] = {}
    for category, text in forms.items():
        at = forms.lines.get(category, line)
        if category not in CATEGORIES:
            problems.append(Problem(path, at, f"'{key}.{lang}' has an unknown plural category '{category}'",
                                    did_you_mean(str(category), set(CATEGORIES)) or
                                    "use CLDR's categories: " + ", ".join(CATEGORIES)))
        elif not _is_text(text):
            problems.append(Problem(path, at, f"'{key}.{lang}.{category}' must be non-empty text"))
        else:
            result[category] = str(text).strip()
    needed = PLURAL_FORMS.get(lang.split("-")[0], ("other",))
    missing = [c for c in needed if c not in forms]
    if missing:
        problems.append(Problem(path, line, f"'{key}.{lang}' lacks the plural form{'s' if len(missing) > 1 else ''} "
                                f"{', '.join(repr(c) for c in missing)}",
                                f"'{lang}' needs {', '.join(needed)}: add "
                                + ", ".join(f"'{c}: …'" for c in missing) + f" under '{lang}'"))
        return {}
    return result


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip() != ""
