"""Paragraph fragments without html.parser (``reedesk.evidence.para_frags``) are reportlab's own.

The fast path replaces reportlab's ``ParaParser`` for the markup reedesk writes (issue 13,
export speed). It must give the same fragments — so the same PDF — and hand anything else
back to the parser.
"""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from reedesk.evidence.fonts import CJK, LATIN, MONO, mixed, register_fonts
from reedesk.evidence.para_frags import fast_frags

TEXTS = [
    "",
    "Sm2Co17 magnet, 20-line BOM",
    "A & B < C > D",
    "&&<<>>",
    "  leading   and trailing  spaces \n and a second line ",
    "稀土永磁體 (Sm-Co) 出口管制",
    "含中國原產 Sm 0.12 USD — ≥ 0.1% 門檻",
    "中 文 a\u3000b",
    "line one\u2028line two\u2028\u2028中文\u2028",
]


def _styles() -> list[ParagraphStyle]:
    register_fonts()
    return [
        ParagraphStyle("body", fontName=LATIN, fontSize=9, leading=12),
        ParagraphStyle("cjk", fontName=LATIN, fontSize=8, leading=11, wordWrap="CJK", textColor=colors.HexColor("#555555")),
        ParagraphStyle("mono", fontName=MONO, fontSize=7, leading=9),
        ParagraphStyle("cjkfont", fontName=CJK, fontSize=10, leading=13),
    ]


def _parsed(text: str, style: ParagraphStyle) -> list[dict]:
    _style, frags, _bullets = ParaParser().parse(text, style)
    assert frags is not None
    return [dict(vars(f)) for f in frags]


@pytest.mark.parametrize("plain", TEXTS)
def test_fast_fragments_equal_the_parsers(plain):
    """Every attribute of every fragment, for reedesk's markup (entities, CJK font runs, line breaks, bold)."""
    for style in _styles():
        for markup in (mixed(plain).replace("\u2028", "<br/>"), f"<b>{mixed(plain)}</b> tail &amp; <b>x</b>"):
            cleaned = cleanBlockQuotedText(markup)
            fast = fast_frags(cleaned, style)
            assert fast is not None, cleaned
            assert [dict(vars(f)) for f in fast] == _parsed(cleaned, style), cleaned


@pytest.mark.parametrize("markup", [
    '<font color="red">x</font>', "<i>x</i>", "a &nbsp; b", "a &#169; b", "<b>unclosed", "x</b>", "<para leading=3>x</para>",
    '<font name="NoSuchFont">x</font>', "a < b",
])
def test_anything_else_goes_to_reportlabs_parser(markup):
    assert fast_frags(markup, _styles()[0]) is None


def test_pages_are_byte_for_byte_those_of_the_parser(exported, monkeypatch):
    """The Sm-Co pack's pages drawn with the fast path and with reportlab's parser alone are the
    same bytes (reportlab's invariant mode: no dates or random ids)."""
    from reedesk.evidence import layout
    from reedesk.evidence.reader import contents_from_pack, open_pack

    contents = contents_from_pack(open_pack(exported["path"]))
    for language in ("en", "zh-Hant"):
        contents.language = language
        fast = layout.render_pages(contents)
        with monkeypatch.context() as patch:
            patch.setattr(layout, "fast_frags", lambda text, style: None)
            parsed = layout.render_pages(contents)
        assert fast == parsed, language


def test_remembered_string_widths_are_reportlabs():
    """The paragraph module's remembering stringWidth gives reportlab's own width, asked once or many times."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph

    from reedesk.evidence.para_frags import memoise_paragraph_string_widths
    from reedesk.evidence.rl_patch import original

    register_fonts()
    memoise_paragraph_string_widths()
    assert original(paragraph.stringWidth) is not paragraph.stringWidth  # reedesk's remembering one is installed
    for text in ["Sm2Co17", "稀", "土", " ", "—", "0.1000 %", "許可證"]:
        for font, size in ((LATIN, 9), (CJK, 9), (CJK, 7.5), (MONO, 7)):
            for _ in range(2):
                assert paragraph.stringWidth(text, font, size) == pdfmetrics.stringWidth(text, font, size)
