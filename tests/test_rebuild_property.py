"""Property: however an editor changes the content, a cached rebuild writes what a build from nothing writes.

Hypothesis draws sequences of edits to a copy of the minimal fixture site and of the
project's ``templates/`` — a word in a section, a claim's verdict or note, a glossary
definition, an interface string, a chart value, a section pair added or removed, a
template's markup, a static file — and after each edit builds twice: once into the same
output folder with one rebuild cache kept across the whole sequence, once from nothing
(``cache=False``) into a fresh folder, both from the edited templates. The two outputs
must be identical, file for file and byte for byte: whatever the cache kept was still
right.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from conftest import ROOT, SITES, build

pytestmark = pytest.mark.slow  # a hundred small builds or so

VERDICTS = ("accurate", "accurate-with-context", "disputed", "inaccurate", "unsourced")
WORDS = ("breeze", "cloud", "storm", "drizzle", "nuage", "brouillard", "météo", "arc-en-ciel", "天気", "雨雲",
         "Rayleigh", "Überschall")
"""Replacement words: plain YAML scalars in every language the fixture has (never yes/no/null/numbers)."""
NEW_SECTIONS = ("02-sun", "03-wind", "04-snow")
"""Section files a sequence may add and remove, in both languages; the fixture's 01-weather always stays."""
PROSE_WORD = re.compile(r"(?<= )[A-Za-z]{3,}(?=[ .,])")
"""A word in running text: not a footnote label, link target, attribute or front-matter key."""

Edit = Callable[[Path, int, str], str]


def replace_nth(path: Path, pattern: re.Pattern[str], pick: int, new: str, start: int = 0) -> str:
    """Replace the ``pick``-th match (modulo the count) of ``pattern`` after ``start`` with ``new``,
    in which ``\\g<1>`` stands for the match's first group; say what changed, for Hypothesis' report."""
    text = path.read_text(encoding="utf-8")
    matches = list(pattern.finditer(text, start))
    if not matches:
        return f"{path.name}: nothing to change"
    m = matches[pick % len(matches)]
    replacement = m.expand(new)
    path.write_text(text[:m.start()] + replacement + text[m.end():], encoding="utf-8")
    return f"{path.name}: {m.group()!r} -> {replacement!r}"


def sections(content: Path) -> list[Path]:
    return sorted(content.glob("sections/*/*.md"))


def change_a_word_in_a_section(content: Path, pick: int, word: str) -> str:
    path = sections(content)[pick % len(sections(content))]
    body = path.read_text(encoding="utf-8").index("\n---\n") + 5
    return replace_nth(path, PROSE_WORD, pick // 7, word, start=body)


def change_a_verdict(content: Path, pick: int, word: str) -> str:
    return replace_nth(content / "claims.yml", re.compile(r"(?m)^  verdict: .*$"), pick,
                       f"  verdict: {VERDICTS[pick // 3 % len(VERDICTS)]}")


def change_a_claims_note(content: Path, pick: int, word: str) -> str:
    return replace_nth(content / "claims.yml", re.compile(r"(?m)^(  note: \{en: )[^,}]*"), pick, rf"\g<1>{word} note")


def change_a_glossary_definition(content: Path, pick: int, word: str) -> str:
    definition = re.compile(r"(?m)^(  definition: \{en: )([^,}]*)(, fr: )([^}]*)")
    new = rf"\g<1>{word} particles\g<3>\g<4>" if pick % 2 else rf"\g<1>\g<2>\g<3>{word} particules"
    return replace_nth(content / "glossary.yml", definition, 0, new)


def change_an_interface_string(content: Path, pick: int, word: str) -> str:
    plain = re.compile(r"(?m)(?<=\{en: )[A-Za-z ]+(?=,)|(?<=, fr: )[A-Za-zÀ-ÿ' ]+(?=\})")
    return replace_nth(content / "strings.yml", plain, pick, f"{word} label")


def change_a_chart_value(content: Path, pick: int, word: str) -> str:
    return replace_nth(content / "charts.yml", re.compile(r"(?m)(?<=value: )\d+$"), 0, str(pick % 1000))


def add_or_remove_a_section_pair(content: Path, pick: int, word: str) -> str:
    name = NEW_SECTIONS[pick % len(NEW_SECTIONS)]
    pair = [content / "sections" / lang / f"{name}.md" for lang in ("en", "fr")]
    if pair[0].exists():
        for path in pair:
            path.unlink()
        return f"removed the {name} pair"
    for path in pair:
        path.write_text(f"---\ntitle: {word} {name[3:]}\ndescription: About {word}.\n---\n"
                        f"The story says {word} is {name[3:]}.[^sky-blue]\n", encoding="utf-8")
    return f"added the {name} pair about {word}"


def templates_beside(content: Path) -> Path:
    """The test's copy of ``templates/``, next to its copy of the content."""
    return content.parent / "templates"


def change_a_template(content: Path, pick: int, word: str) -> str:
    """A class added to one element of one template, macros and the print templates included."""
    marked = [path for path in sorted(templates_beside(content).glob("*.html")) if 'class="' in path.read_text("utf-8")]
    return replace_nth(marked[pick % len(marked)], re.compile(r'class="'), pick // 11, f'class="edit-{pick % 97} ')


def change_a_static_file(content: Path, pick: int, word: str) -> str:
    """A line added to a stylesheet or script, or to the icon, which the site copies or inlines."""
    ending = {".css": f"\n.edit-{pick % 97} {{ margin: 0 }}\n", ".js": f"\n// {word}\n", ".svg": f"\n<!-- {word} -->\n"}
    static = sorted(path for path in (templates_beside(content) / "static").iterdir() if path.suffix in ending)
    path = static[pick % len(static)]
    path.write_text(path.read_text(encoding="utf-8") + ending[path.suffix], encoding="utf-8")
    return f"{path.name}: appended {ending[path.suffix]!r}"


EDITS: tuple[Edit, ...] = (change_a_word_in_a_section, change_a_verdict, change_a_claims_note,
                           change_a_glossary_definition, change_an_interface_string, change_a_chart_value,
                           add_or_remove_a_section_pair, change_a_template, change_a_static_file)

edits = st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000), st.sampled_from(WORDS)),
                 min_size=1, max_size=6)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def difference(cached: dict[str, bytes], cold: dict[str, bytes]) -> str:
    """The files that differ, named, so a failure says which page the cache got wrong; "" when none."""
    only_cached, only_cold = sorted(cached.keys() - cold.keys()), sorted(cold.keys() - cached.keys())
    different = sorted(path for path in cached.keys() & cold.keys() if cached[path] != cold[path])
    if not (only_cached or only_cold or different):
        return ""
    return f"only in the cached build: {only_cached}; only in the cold one: {only_cold}; different: {different}"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_a_cached_rebuild_after_any_edits_equals_a_build_from_nothing(sequence):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        content, out, cache = root / "content", root / "site", root / "cache"
        shutil.copytree(SITES / "minimal", content)
        templates = shutil.copytree(ROOT / "templates", templates_beside(content))
        build(content, out, cache=cache, templates=templates)
        for edit, pick, word in sequence:
            note(edit(content, pick, word))
            build(content, out, cache=cache, templates=templates)
            build(content, root / "cold", cache=False, templates=templates)
            assert difference(tree(out), tree(root / "cold")) == ""
            shutil.rmtree(root / "cold")
