"""Session 6's drawing speed-ups give reportlab's own answers (issue 13, export).

``fonts.install_text_speedups`` replaces ``TTFont.splitString`` (a look-up when every character has
its subset code already) and remembers ``TTFontFile.makeSubset`` (by face and code points);
the Flate stream of a remembered subset is remembered with it; ``layout.qr_matrix`` remembers the QR
modules per value. Each is checked against reportlab's or
qrcode's own code, and the whole pages of real packs are compared byte for byte with the speed-ups
off and on (the pages are drawn in reportlab's invariant mode, so equal input gives equal bytes).
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from reedesk.evidence.rl_patch import original


def _fonts():
    from reportlab.pdfbase import pdfmetrics

    from reedesk.evidence.fonts import CJK, LATIN, register_fonts

    register_fonts()
    return pdfmetrics.getFont(LATIN), pdfmetrics.getFont(CJK)


class _Doc:
    """A stand-in for reportlab's document: splitString keeps its subset state per document object."""


def test_split_string_gives_what_reportlabs_loop_gives_in_the_same_order_of_calls():
    from reportlab.pdfbase.ttfonts import TTFont

    latin, cjk = _fonts()
    fast = TTFont.splitString
    loop = original(fast)
    rng = random.Random(13)
    alphabet = ("abcXYZ 0123—≥×·é\u00a0\u2028" "稀土永磁體判定出口管制许可证條例第三条" + "".join(chr(0x4E00 + i) for i in range(600)))
    texts = ["", " ", "\u00a0", "—", "abc"] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(1500)]
    texts += texts[:400]  # the same runs again: now every character has its code, the look-up path
    for font in (latin, cjk):
        doc_fast, doc_loop = _Doc(), _Doc()
        for text in texts:
            assert fast(font, text, doc_fast) == loop(font, text, doc_loop), repr(text)
        state_fast, state_loop = font.state[doc_fast], font.state[doc_loop]
        assert state_fast.assignments == state_loop.assignments and state_fast.subsets == state_loop.subsets
        assert len(state_fast.subsets) >= (3 if font is cjk else 1)  # the CJK runs spread over several subsets


def test_remembered_subsets_are_the_subsets_reportlab_makes():
    from reportlab.pdfbase.ttfonts import TTFontFile

    from reedesk.evidence import fonts

    latin, cjk = _fonts()
    make = original(TTFontFile.makeSubset)
    for font, codes in ((latin, [0] + list(range(32, 127)) + [0x2014, 0x2265]), (cjk, [0, 32] + list(range(0x4E00, 0x4E80)))):
        first = font.face.makeSubset(codes)
        assert first == make(font.face, codes)
        assert font.face.makeSubset(list(codes)) is first  # remembered
    assert latin.face.makeSubset([0, 32, 65]) != cjk.face.makeSubset([0, 32, 65])  # by face, never confused
    assert len(fonts._SUBSETS) <= fonts._MAX_SUBSETS


def test_a_remembered_subset_is_compressed_as_zlib_compresses_it_and_other_streams_are_not_kept():
    import zlib

    from reportlab.pdfbase import pdfdoc

    from reedesk.evidence import fonts

    latin, _ = _fonts()
    program = latin.face.makeSubset([0, 32, 66, 67])
    assert pdfdoc.PDFZCompress.encode(program) == zlib.compress(program)
    assert pdfdoc.PDFZCompress.encode(program) is pdfdoc.PDFZCompress.encode(program)  # remembered
    other = program[:1] + program[1:]  # equal bytes, another object: compressed, not remembered
    assert other is not program
    assert pdfdoc.PDFZCompress.encode(other) == zlib.compress(program) and id(other) not in fonts._COMPRESSED
    assert pdfdoc.PDFZCompress.encode("BT /F1 9 Tf ET") == zlib.compress(b"BT /F1 9 Tf ET")


def test_qr_modules_are_qrcodes_own():
    import qrcode

    from reedesk.evidence.layout import qr_matrix

    for value in ("-", "0" * 64, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"):
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
        code.add_data(value)
        code.make(fit=True)
        assert [list(row) for row in qr_matrix(value)] == [[bool(x) for x in row] for row in code.get_matrix()]


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_pages_are_byte_identical_with_the_speed_ups_off_and_on(exported, language):
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

    from reedesk.evidence import layout
    from reedesk.evidence.reader import contents_from_pack, open_pack

    from reportlab.pdfbase import pdfdoc

    flate = type(pdfdoc.PDFZCompress)
    contents = dataclasses.replace(contents_from_pack(open_pack(exported["path"])), language=language)
    fast = (TTFont.splitString, TTFontFile.makeSubset, flate.encode)
    on = layout.render_pages(contents)
    try:
        TTFont.splitString, TTFontFile.makeSubset, flate.encode = (original(method) for method in fast)
        layout.qr_matrix.cache_clear()
        off = layout.render_pages(contents)
    finally:
        TTFont.splitString, TTFontFile.makeSubset, flate.encode = fast
    assert on == off
    assert layout.render_pages(contents) == on  # and again with everything remembered


def test_a_cell_whose_whole_text_fits_has_every_token_fitting():
    """``layout._Builder.fit`` now keeps a cell's paragraph when its whole text fits the column, without
    measuring each unbreakable token: that is right only if no token is ever wider than the text it
    comes from. Checked with reportlab's own widths over random cell texts (Latin, digits, ids, CJK, the
    forced line break) in the cell fonts at the sizes the pack uses."""
    from reportlab.platypus import paragraph as rl_paragraph

    from reedesk.evidence.fonts import LATIN, LATIN_BOLD, MONO
    from reedesk.evidence.layout import LINE_BREAK, _TOKEN_RE
    from reedesk.evidence.para_frags import memoise_paragraph_string_widths

    _fonts()
    memoise_paragraph_string_widths()
    width_of = rl_paragraph.stringWidth
    rng = random.Random(6)
    pieces = ["RD-4BBD-81EE", "cn-mofcom-2025-061:I(1)", "0.1400", "—", " ", "  ", LINE_BREAK, "稀土", "（", "Sm2Co17",
              "e3b0c44298fc1c149afbf4c8996fb924", "≥", "×", "a", "W"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        for font in (LATIN, LATIN_BOLD, MONO):
            size = rng.choice([5.0, 6.5, 7.0, 8.0, 9.0])
            whole = width_of(text, font, size)
            for token in _TOKEN_RE.findall(text):
                assert width_of(token, font, size) <= whole, (text, token, font, size)
