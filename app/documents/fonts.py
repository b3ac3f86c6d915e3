"""The fonts shipped in `resources/fonts` (Liberation Serif 2.1, metric-compatible with Times).

Liberation Serif 2.x covers every Vietnamese letter; 1.07 does not, so the app ships its own copy
instead of relying on whatever the machine has. Licence: `resources/fonts/LICENSE-Liberation.txt`.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"

_FILES: dict[str, str] = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}

STYLES: tuple[str, ...] = tuple(_FILES)


def font_path(style: str = "regular") -> Path:
    """Path of the shipped Liberation Serif file for `style` (regular/bold/italic/bolditalic)."""
    try:
        name = _FILES[style.lower().replace("-", "").replace("_", "")]
    except KeyError:
        raise ValueError(f"unknown font style {style!r}; expected one of {STYLES}") from None
    return FONT_DIR / name
