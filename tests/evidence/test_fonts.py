"""The shipped fonts: present, licensed, TrueType, covering every character of the pack texts."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from reedesk.evidence import fonts
from reedesk.resources import data_folder, resource


def test_cjk_font_is_a_truetype_file_with_its_licence():
    path = fonts.cjk_font_path()
    assert path.is_file()
    assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType (glyf), which reportlab can embed
    assert "Apache License" in (resource("fonts") / "LICENSE-DroidSansFallback-Apache-2.0.txt").read_text()
    assert "Bitstream" in (resource("fonts") / "LICENSE-DejaVu.txt").read_text()


def test_font_helper_does_not_import_reportlab():
    """The GUI calls cjk_font_path(); it must stay cheap (no reportlab import)."""
    code = "import sys, reedesk.evidence.fonts as f; f.cjk_font_path(); print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_every_character_of_every_language_has_a_glyph():
    from reportlab.pdfbase import pdfmetrics

    fonts.register_fonts()
    cjk = set(pdfmetrics.getFont(fonts.CJK).face.charToGlyph)
    latin = set(pdfmetrics.getFont(fonts.LATIN).face.charToGlyph)
    for path in (data_folder("reports") / "texts").glob("*.toml"):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        missing = {ch for s in _strings(table) for ch in s if not ch.isspace() and ord(ch) not in cjk | latin}
        assert not missing, f"{path.name}: no glyph for {sorted(missing)}"


def test_mixed_puts_chinese_runs_in_the_cjk_font_and_escapes_markup():
    text = fonts.mixed("Ratio ≥ 0.1 % 「附件1」 <b>&")
    assert f'<font name="{fonts.CJK}">「附件</font>1<font name="{fonts.CJK}">」</font>' in text
    assert "≥" in text and "&lt;b&gt;&amp;" in text
    assert fonts.mixed("plain") == "plain"


def test_mixed_by_regex_equals_the_character_loop():
    """``mixed`` splits runs with one regex over the Latin font's code points; on every kind of
    text a pack holds (and on random code points from every plane reedesk's fonts touch) it gives
    exactly the markup of the per-character definition."""
    import random

    from reedesk.evidence.fonts import mixed, mixed_by_character

    texts = ["", "plain ASCII & <markup>", "稀土 永磁體\u3000(Sm-Co) ≥ 0.1% × 2 — “quoted”", "中 文", " 中文 ", "a\u2028中\u00a0b",
             "許可證\t號碼\n第二行", "Ünïcödé ø ß ĳ ǅ ∑ ∞ ≈ ☃ 🀄 𠀋", "\x00\x1f\x7f"]
    rng = random.Random(13)
    blocks = [(0x20, 0x2FF), (0x2000, 0x2BFF), (0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xF900, 0xFFEF), (0x1F000, 0x1F9FF)]
    for _ in range(400):
        texts.append("".join(chr(rng.randint(*rng.choice(blocks))) for _ in range(rng.randint(1, 40))))
    for text in texts:
        assert mixed(text) == mixed_by_character(text), repr(text)
