"""The headroom chart flowable for the evidence pack, drawn into a real PDF and read back.

Legal basis: MOFCOM Announcement No. 61 of 2025, Art. I(1): China-origin Part 1 content of 0.1 %
or more of the Part 2 item's value; the chart draws each line's share against that line.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from reedesk.portfolio.chart import chart_rows, headroom_chart_flowable
from reedesk.portfolio.headroom import headroom
from tests.rules.builders import component, magnet, run


def test_chart_page_in_a_pdf_names_lines_and_threshold(tmp_path) -> None:
    """Two lines (0.60 and 0.20 USD in a 100.00 USD item): 0.6 % and 0.2 %, sum 0.8 %, threshold 0.1 %."""
    h = headroom(run(magnet(component("A", "0.60"), component("B", "0.20"), value="100.00")))
    rows = chart_rows(h)
    assert [(label, value.quantize(Decimal("0.01"))) for label, value in rows] == [
        ("A", Decimal("0.60")), ("B", Decimal("0.20")), ("All counted lines", Decimal("0.80"))]
    out = tmp_path / "chart.pdf"
    for lang in ("en", "zh-Hant"):
        SimpleDocTemplate(str(out), pagesize=A4).build([headroom_chart_flowable(h, lang)])
        from pypdf import PdfReader

        text = PdfReader(str(out)).pages[0].extract_text()
        assert "0.6000 %" in text and "0.8000 %" in text
        assert ("threshold 0.1000 %" if lang == "en" else "門檻") in text
