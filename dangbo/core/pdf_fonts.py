"""The serif face of every PDF the app makes (reports, statistics forms): Liberation Serif (metric-compatible with
Times New Roman, with every Vietnamese glyph), bundled in ``dangbo/reports/fonts/`` and embedded in the file —
nothing is read from the machine's fonts, nothing downloaded."""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).resolve().parent.parent / "reports" / "fonts"
FAMILY = "DangboSerif"
FACES = {FAMILY: "Regular", f"{FAMILY}-Bold": "Bold", f"{FAMILY}-Italic": "Italic",
         f"{FAMILY}-BoldItalic": "BoldItalic"}


def register() -> None:
    """Register the four faces once, as the family ``FAMILY`` (``<b>``/``<i>`` in paragraphs pick the faces)."""
    if FAMILY in pdfmetrics.getRegisteredFontNames():
        return
    for name, face in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"LiberationSerif-{face}.ttf")))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=f"{FAMILY}-Bold", italic=f"{FAMILY}-Italic",
                                  boldItalic=f"{FAMILY}-BoldItalic")


def face(*, bold=False, italic=False) -> str:
    return FAMILY + ("-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else "")
