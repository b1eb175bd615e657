"""What the verifier's reasons print: figures as the pack displays them, not raw 34-digit Decimals."""

from __future__ import annotations

from pathlib import Path

from reedesk.evidence.contents import key_figures
from reedesk.evidence.reader import open_pack
from reedesk.evidence.verifier import verify_path

FIXTURES = Path(__file__).parent / "fixtures"


def test_cover_reason_prints_the_ratio_at_the_packs_display_precision():
    """The 0.1.0 fixture's ratio is 65/480 = 0.1354166…67 to 34 significant digits (the engine's
    Decimal precision); the cover shows it as 13.5417 % (percentage rounded ROUND_HALF_EVEN to the
    pack's 4 display places), and so must the verifier's sentence, in every language."""
    pack = FIXTURES / "pack-0.1.0-en.pdf"
    key_id = (FIXTURES / "pack-0.1.0-en.keyid").read_text().split()[0]
    raw = key_figures(open_pack(pack).json_file("determination.json"))["ratio"]
    assert len(raw.replace("0.", "", 1)) == 34  # the case this test is about
    report = verify_path(pack, trusted_key_ids=[key_id])
    assert report.exit_code == 0
    check = report.check("cover_matches_data")
    for language in ("en", "zh-Hant", "zh-Hans"):
        text = check.reason_text(language)
        assert "13.5417 %" in text, text
        assert raw not in text and "1354166666" not in text, text
    assert report.summary["ratio"] == raw  # the report's data keeps the exact figure (JSON readers compare it)
