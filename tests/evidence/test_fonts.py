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
