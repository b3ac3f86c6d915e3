"""Liberation Serif embedded in signature appearances, with correct glyph widths.

pyHanko 0.38 writes a CIDFont's /W widths and TJ adjustments in the font's own units, while PDF
means thousandths of an em (signing-notes pitfall 1). Liberation Serif has 2048 units per em, so
its letters would be drawn about twice as far apart. The accumulator below asks HarfBuzz for
positions at 1000 units per em and scales the widths it records, so the shipped font file is
used unmodified (its licence allows that; we only embed a subset in the PDF).
Liberation Serif 2.x is metric-compatible with Times New Roman and has every Vietnamese glyph.
"""

from __future__ import annotations

import functools
import logging
from io import BytesIO
from pathlib import Path
from typing import Any

# Same folder as app/documents/fonts.py; not imported from there to keep app/signing standalone.
FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
FONT_FILES: dict[str, str] = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


def font_file(style: str = "regular") -> Path:
    """Path of the shipped Liberation Serif file for `style` (regular/bold/italic/bolditalic)."""
    return FONT_DIR / FONT_FILES[style]


@functools.cache
def _font_bytes(style: str) -> bytes:
    return font_file(style).read_bytes()


def font_engine_factory(style: str = "regular", size: int = 10) -> Any:
    """A pyHanko `FontEngineFactory` embedding a subset of Liberation Serif at `size` pt.

    Give the same `size` to the `TextBoxStyle` (signing-notes pitfall 3).
    """
    _quiet_font_tools()
    return _factory_class()(style=style, font_size=size)


@functools.cache
def _factory_class() -> Any:
    """Build the pyHanko subclasses on first use, so importing this module stays cheap."""
    from dataclasses import dataclass

    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class Em1000GlyphAccumulator(GlyphAccumulator):
        """A `GlyphAccumulator` that works in thousandths of an em whatever the font's units."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            upem = self.units_per_em
            self._em_scale = 1000 / upem
            if upem != 1000:
                self.hb_font.scale = (1000, 1000)  # HarfBuzz advances and offsets in 1/1000 em
                self.units_per_em = 1000
                descriptor = self.cidfont_obj._font_descriptor
                for key in ("/Ascent", "/Descent", "/CapHeight"):
                    if key in descriptor:
                        descriptor[key] = type(descriptor[key])(
                            round(descriptor[key] * self._em_scale)
                        )
                descriptor["/FontBBox"] = type(descriptor["/FontBBox"])(
                    type(v)(round(v * self._em_scale)) for v in descriptor["/FontBBox"]
                )

        def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
            try:
                return self._glyphs[glyph_id]
            except KeyError:
                pass
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = result = (cid, round(width * self._em_scale))
            return result

    @dataclass(frozen=True)
    class LiberationFactory(FontEngineFactory):
        """Creates `Em1000GlyphAccumulator`s on the shipped font, read once per process."""

        style: str = "regular"
        font_size: int = 10

        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            """A fresh accumulator for one PDF writer (as GlyphAccumulatorFactory does)."""
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return Em1000GlyphAccumulator(
                writer=writer,
                font_handle=BytesIO(_font_bytes(self.style)),
                font_size=self.font_size,
                bcp47_lang_code="vi",
                obj_stream=obj_stream,
            )

    return LiberationFactory


def _quiet_font_tools() -> None:
    """fontTools warns "FFTM NOT subset" on every signature; harmless (signing-notes pitfall 4)."""
    logger = logging.getLogger("fontTools.subset")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
