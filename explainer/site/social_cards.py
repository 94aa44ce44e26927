"""Social cards: the 1200×630 PNG a link preview shows, one per page, made at build time.

A card shows the page's title in the page's own language and script, large, under the
site's title, like Material for MkDocs' social plugin. Japanese, Chinese and Korean are
set in Noto Sans CJK (the face for that language: Japanese and Chinese forms of the same
character differ); any other language in the sans-serif fontconfig picks for it, a Latin
face where nothing closer is installed. Pillow lays the text out (with HarfBuzz through
libraqm where Pillow has it, so joined and reordered scripts are shaped).

The bytes depend only on the text, the language and the fonts installed: PNG carries no
date, and nothing here reads the clock.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (253, 253, 251)
"""The site's paper colour (``--bg`` in site.css)."""
INK = (27, 27, 31)
"""``--fg``."""
INK_LEVEL = 254
"""Full ink in the card's coverage image; 255 is the accent's palette index."""
ACCENT_INDEX = 255
MUTED_LEVEL = round(INK_LEVEL * (BACKGROUND[0] - 85) / (BACKGROUND[0] - INK[0]))
"""The site's title: as dark as ``--muted`` (#55555f) on the paper-to-ink scale."""
ACCENT = (29, 78, 216)
"""``--accent``: the rule between the site's title and the page's."""
CJK_FAMILIES = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR", "zh": "Noto Sans CJK SC",
                "zh-hant": "Noto Sans CJK TC", "zh-tw": "Noto Sans CJK TC", "zh-hk": "Noto Sans CJK HK"}
"""The Noto Sans CJK face for each CJK language (``fonts-noto-cjk``, which set-up installs)."""
TITLE_SIZES = (72, 64, 56, 48, 42)
"""Title sizes tried, largest first, until the title fits in ``MAX_LINES`` lines."""
MAX_LINES = 4
NO_LINE_START = "、。，．,.!?！？:;：；)]）」』】〕〉》・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ々"
"""Characters that never begin a line (a light form of Japanese and Chinese line-breaking rules)."""


def render(title: str, site_title: str, lang: str) -> bytes:
    """The card of a page called ``title`` in ``lang``, on a site called ``site_title``: PNG bytes."""
    # Drawn as ink coverage (0 paper … INK_LEVEL ink) and shown through a palette of the blends from paper to
    # ink, plus the accent: no colour quantizing, and a third of the bytes of an RGB card.
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    head = _font(lang, 34)
    y = MARGIN
    for line in _wrap(draw, site_title, head, width, lang)[:2]:
        draw.text((MARGIN, y), line, font=head, fill=MUTED_LEVEL, **_layout(lang))
        y += 46
    top = y + 70
    for size in TITLE_SIZES:
        font = _font(lang, size)
        lines = _wrap(draw, title, font, width, lang)
        if len(lines) <= MAX_LINES:
            break
    else:
        lines = lines[:MAX_LINES]
        lines[-1] = _shortened(draw, lines[-1], font, width, lang)
    step = round(size * 1.3)
    for i, line in enumerate(lines):
        draw.text((MARGIN, top + i * step), line, font=font, fill=INK_LEVEL, **_layout(lang))
    image.putpalette(_palette())
    ImageDraw.Draw(image).rectangle((MARGIN, y + 18, MARGIN + 120, y + 26), fill=ACCENT_INDEX)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)  # zlib's fastest level: 1.5 ms a card instead of 3.4, for 35% more bytes
    return out.getvalue()


@functools.cache
def _palette() -> bytes:
    """Index i ≤ ``INK_LEVEL``: paper blended with ink by i/INK_LEVEL; ``ACCENT_INDEX``: the accent."""
    ramp = [tuple(round(p + (i - p) * level / INK_LEVEL) for p, i in zip(BACKGROUND, INK))
            for level in range(INK_LEVEL + 1)]
    return bytes(channel for colour in [*ramp, ACCENT] for channel in colour)


def font_file(lang: str) -> tuple[str, int] | None:
    """(font file, face index) for ``lang``'s bold sans-serif, as fontconfig resolves it; None without fontconfig."""
    return _font_file(lang.lower())


@functools.cache
def _font_file(lang: str) -> tuple[str, int] | None:
    family = CJK_FAMILIES.get(lang) or CJK_FAMILIES.get(lang.split("-")[0])
    pattern = f"{family}:weight=bold" if family else f"sans-serif:weight=bold:lang={lang.split('-')[0]}"
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "--format=%{file}\n%{index}", pattern],
                           capture_output=True, text=True, check=False).stdout.split("\n")
    if len(found) < 2 or not found[0]:
        return None
    return found[0], int(found[1] or 0)


@functools.cache
def _font(lang: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = font_file(lang)
    if found is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(found[0], size, index=found[1])


def _layout(lang: str) -> dict[str, str]:
    """Pillow's shaping hints: the language, where libraqm is there to use it."""
    from PIL import features
    return {"language": lang} if features.check("raqm") else {}


_UNIT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u0e00-\u0eff\u1000-\u109f"
                   r"\u1780-\u17ff]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
                   r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+|\s+")
"""Where a line may break: between words, and between any two characters of the scripts written without
spaces (CJK, Hangul, Thai, Lao, Myanmar, Khmer)."""


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
          width: int, lang: str) -> list[str]:
    """``text`` in lines no wider than ``width``; a word wider than a line is cut where it must be.

    Greedy, like a browser: each line takes as many units as fit. The units' widths, measured once each
    and remembered across cards, find where a line ends; the line itself is then measured once, and
    shortened in the rare case shaping across units made it wider than their sum. Measuring every longer
    candidate instead cost some 170 shapings of a Japanese title (one unit a character), most of a card.
    """
    units = _UNIT.findall(" ".join(unicodedata.normalize("NFC", text).split()))
    lines: list[str] = []
    start = 0
    while start < len(units):
        if units[start].isspace():
            start += 1
            continue
        end, used = start + 1, _unit_width(units[start], font, lang)
        while end < len(units):
            unit = units[end]
            if not (unit.isspace() or unit[0] in NO_LINE_START):  # spaces end a line; closing marks never start one
                if used + _unit_width(unit, font, lang) > width:
                    break
            used += _unit_width(unit, font, lang)
            end += 1
        while end - start > 1 and _width(draw, "".join(units[start:end]).rstrip(), font, lang) > width:
            end -= 1
        lines.append("".join(units[start:end]).rstrip())
        start = end
    out: list[str] = []
    for line in lines:  # one word wider than the card: cut it by characters
        while len(line) > 1 and _width(draw, line, font, lang) > width:
            cut = len(line) - 1
            while cut > 1 and _width(draw, line[:cut], font, lang) > width:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


@functools.lru_cache(maxsize=1 << 16)
def _unit_width(unit: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, lang: str) -> float:
    return font.getlength(unit, **_layout(lang))


def _shortened(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
               width: int, lang: str) -> str:
    """The last line of a title too long for the card, cut to end with an ellipsis."""
    while line and _width(draw, line + "…", font, lang) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
           lang: str) -> float:
    return draw.textlength(text, font=font, **_layout(lang))
