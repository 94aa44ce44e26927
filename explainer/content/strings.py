"""The interface strings every template needs, so a missing one is found before rendering."""

REQUIRED_STRINGS = (
    "skip_to_content", "nav_main", "nav_languages", "home", "contents",
    "claims", "claims_intro", "glossary", "glossary_intro", "about", "notes", "note_ref", "back_to_text",
    "correct_figure", "context", "sources", "title_unknown", "date_unknown", "url_unknown",
    "no_sources", "key_figures", "original_article", "disclaimer", "disclaimer_original",
    "disclaimer_translation", "read_disclaimer", "checked_as_of", "cited_in", "download_pdf",
    "not_found_title", "not_found_body", "choose_language", "chart_data", "verdict_accurate", "verdict_accurate_with_context", "verdict_disputed", "verdict_inaccurate",
    "verdict_unsourced", "verdict", "filter_verdict", "all_verdicts", "term_defined_in_glossary",
    "search", "search_needs_js", "search_results", "side_by_side", "paragraph_mismatch", "filter_section",
    "claims_shown", "date_day", "date_month", "month_names", "context_and_sources",
    "checked_on", "first_published", "updated_on", "permanent_link", "claim_checked",
    "corrections", "corrections_intro", "corrections_feed",
)
"""Keys templates look up with ``t('key')``: each needs a text in every language, built in
(``interface_strings.BUILT_IN``) or given in ``strings.yml``."""


def verdict_key(verdict: str) -> str:
    return "verdict_" + verdict.replace("-", "_")


def source_language(code: str | None) -> str:
    """The primary language of a source (``pt-BR`` → ``pt``); a source without ``lang`` is in English."""
    return (code or "en").split("-")[0].lower()


def source_language_key(code: str | None) -> str:
    """The interface string that names a source's language for readers ("in Japanese", 「英語」)."""
    return "source_lang_" + source_language(code)
