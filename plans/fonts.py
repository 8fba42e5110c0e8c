"""The fonts of the plan PDF and the wallet card, so that any name prints as written.

Every font comes from a pinned Python package (nothing is fetched at run time):
- Noto Sans (`fontpkg-noto-sans`): Latin, Greek, Cyrillic, typographic punctuation;
- Noto Sans Arabic (`fontpkg-noto-sans-arabic`), shaped and laid right to left by HarfBuzz;
- Noto Sans CJK (`cvttf-notosanscjk-regular`): Chinese, Japanese, Korean.

The fallbacks are added to a document only when its text needs them: the CJK font is 16 MB,
and most plans never need it. Bold is drawn by stroking the letters' outlines (fill and
stroke), which works for every font; instancing the variable font's bold weight takes seconds.
A character no shipped font has (an emoji, a rarer script) prints as "?"; the web page and
the print page show the exact text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cvttf_NotoSansCJK_Regular
import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from fontTools.ttLib import TTFont

MAIN_FAMILY = "noto"


@dataclass(frozen=True)
class Fallback:
    family: str
    path: Path
    shaped: bool  # needs HarfBuzz shaping (joined letters, right to left)


MAIN_PATH = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
FALLBACKS = (
    Fallback(
        "arabic", fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf", True
    ),
    Fallback("cjk", Path(cvttf_NotoSansCJK_Regular.get_TTF_path()), False),
)


@cache
def coverage(path: Path) -> frozenset[int]:
    """The code points the font has a glyph for."""
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def printable(text: str) -> str:
    """The text with each character no shipped font can draw replaced by "?"."""
    return "".join(char if char.isspace() or drawable(char) else "?" for char in text)


def drawable(char: str) -> bool:
    code = ord(char)
    return code in coverage(MAIN_PATH) or any(code in coverage(f.path) for f in FALLBACKS)


def fallbacks_for(text: str) -> list[Fallback]:
    """The fallback fonts that draw some of the characters the main font lacks."""
    main = coverage(MAIN_PATH)
    missing = {ord(char) for char in text if ord(char) not in main and not char.isspace()}
    if not missing:
        return []
    return [f for f in FALLBACKS if missing & coverage(f.path)]
