"""Export the benchmark corpus as a minimal two-language Hugo site.

The same article text, with each cited claim's verdict, figures, note and sources
written as an ordinary Markdown footnote, the glossary as one page per language
and a language switcher per page (``translationKey``). The layouts are deliberately
minimal, so Hugo's row measures the engine; a real Hugo theme would weigh more.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from corpus import LANGS, SITE, TERMS, Article, Claim

CONFIG = """\
baseURL = "https://example.org/bench/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
[languages.ja]
  weight = 1
  languageName = "日本語"
  contentDir = "content/ja"
  title = "ベンチマーク用の解説サイト"
[languages.en]
  weight = 2
  languageName = "English"
  contentDir = "content/en"
  title = "A benchmark explainer"
"""

BASEOF = """\
<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="{{ "site.css" | absURL }}">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .AllTranslations }}{{ if ne .Language.Lang $.Language.Lang }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}{{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

PAGE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>{{ end }}
"""

HOME = """\
{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ol>{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
"""

CSS = """\
body{max-width:42rem;margin:0 auto;padding:1rem;font:1rem/1.7 system-ui,sans-serif;color:#222;background:#fff}
header{display:flex;justify-content:space-between;gap:1rem;border-bottom:1px solid #ddd;padding-bottom:.5rem}
a{color:#0645ad}h1,h2{line-height:1.3}blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #ccc}
.footnotes{font-size:.9rem;border-top:1px solid #ddd;margin-top:2rem}sup{line-height:0}
@media (prefers-color-scheme:dark){body{color:#eee;background:#111}a{color:#8ab4f8}}
"""

VERDICT_NAMES = {
    "ja": {"accurate": "正確", "accurate-with-context": "正確だが補足あり", "disputed": "異論あり",
           "inaccurate": "不正確", "unsourced": "出典なし"},
    "en": {"accurate": "Accurate", "accurate-with-context": "Accurate, with context", "disputed": "Disputed",
           "inaccurate": "Inaccurate", "unsourced": "Unsourced"},
}


def _front(data: dict[str, object]) -> str:
    return "---\n" + yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def footnote(claim: Claim, lang: str) -> str:
    """A claim's registry entry as one Markdown footnote definition."""
    sources = "; ".join(f"[{s['publisher']}: {s['title']}]({s['url']}), {s['date']}" for s in claim.sources)
    return (f"[^{claim.id}]: **{VERDICT_NAMES[lang][claim.verdict]}** — {claim.claim[lang]} "
            f"{claim.correct_figure[lang]} {claim.note[lang]} {sources}".rstrip())


def body(article: Article, lang: str) -> str:
    text = re.sub(r"\(glossary:([a-z0-9-]+)\)", r"(../glossary/#\1)", article.body[lang])
    text = text.replace(" {.no-cite}", "")  # the citation lint's marker, which our dialect strips and Hugo's would show
    return text + "\n" + "\n".join(footnote(c, lang) for c in article.claims) + "\n"


def write_hugo(articles: list[Article], out: Path) -> None:
    """Write a Hugo project at ``out`` (replacing it); build it with ``hugo -s out``."""
    if out.exists():
        shutil.rmtree(out)
    layouts, static = out / "layouts", out / "static"
    layouts.mkdir(parents=True)
    static.mkdir()
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in (("baseof.html", BASEOF), ("page.html", PAGE), ("home.html", HOME)):
        (layouts / name).write_text(text, encoding="utf-8")
    (static / "site.css").write_text(CSS, encoding="utf-8")
    for lang in LANGS:
        folder = out / "content" / lang
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(_front({"title": SITE["title"][lang]}), encoding="utf-8")
        glossary = "\n\n".join(f"<a id=\"{tid}\"></a>**{term[LANGS.index(lang)]}**: {definition[LANGS.index(lang)]}"
                               for tid, term, definition in TERMS)
        (folder / "glossary.md").write_text(_front({"title": {"ja": "用語集", "en": "Glossary"}[lang],
                                                    "translationKey": "glossary"}) + glossary + "\n", encoding="utf-8")
        for a in articles:
            front = {"title": a.title[lang], "description": a.description[lang], "translationKey": a.id,
                     "weight": a.order}
            (folder / f"{a.id}.md").write_text(_front(front) + body(a, lang), encoding="utf-8")
