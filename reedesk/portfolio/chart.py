"""The headroom bar chart as a reportlab drawing, for an optional evidence-pack page.

The same picture as the GUI's (reedesk/gui/whatif.py ``HeadroomChart``): each counted
line's share of the item value as a bar, the sum of the lines, and the threshold as a
dashed vertical line, on a logarithmic axis (0.1 % and 13 % both readable). Built from a
``reedesk.headroom/1`` document only, so the page shows exactly the determination's figures.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from reedesk.evidence.fonts import CJK, LATIN, LATIN_BOLD, needs_cjk, register_fonts

TITLE = {
    "en": "Share of the item value by line, against the {t} % threshold (logarithmic scale)",
    "zh-Hans": "各行占物项价值的份额与 {t}% 门槛（对数刻度）",
    "zh-Hant": "各行佔物項價值的份額與 {t}% 門檻（對數刻度）",
}
TOTAL = {"en": "All counted lines", "zh-Hans": "全部计入行", "zh-Hant": "全部計入行"}
THRESHOLD = {"en": "threshold", "zh-Hans": "门槛", "zh-Hant": "門檻"}


def chart_rows(headroom: dict[str, Any], lang: str = "en") -> list[tuple[str, Decimal]]:
    """(label, percent of the item value) of each bar: the lines, then their sum."""
    rows = [(str(x["id"] or f"components[{x['index']}]"), Decimal(x["ratio_contribution"]) * 100) for x in headroom.get("lines", [])]
    rows.append((TOTAL[lang], Decimal(headroom["ratio"]) * 100))
    return rows


def _scale(values: list[float], threshold: float) -> tuple[float, float]:
    positive = [v for v in values if v > 0] + [threshold]
    lo = 10 ** math.floor(math.log10(min(positive) / 2))
    hi = 10 ** math.ceil(math.log10(max(positive) * 1.05))
    return lo, max(hi, lo * 10)


def _text(d: Any, x: float, y: float, text: str, size: float, *, bold: bool = False, anchor: str = "start") -> None:
    """Draw ``text`` at (x, y) in runs: DejaVu for what it has glyphs for, the CJK font for the rest."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs: list[tuple[str, str]] = []
    for char in text:
        font = CJK if needs_cjk(char) else (LATIN_BOLD if bold else LATIN)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    total = sum(stringWidth(t, f, size) for f, t in runs)
    left = x - total if anchor == "end" else (x - total / 2 if anchor == "middle" else x)
    for font, chunk in runs:
        d.add(String(left, y, chunk, fontName=font, fontSize=size))
        left += stringWidth(chunk, font, size)


def headroom_chart_flowable(headroom: dict[str, Any], lang: str = "en", width: float = 460.0):
    """A reportlab ``Drawing`` (a flowable) of the headroom document's lines against the threshold."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    register_fonts()
    rows = chart_rows(headroom, lang)
    threshold = float(Decimal(headroom["threshold"]) * 100)
    row_h, label_w, value_w, top_pad, axis_h = 16.0, 110.0, 60.0, 30.0, 22.0  # top: title, then the threshold label
    height = top_pad + row_h * len(rows) + axis_h
    d = Drawing(width, height)
    _text(d, 0, height - 12, TITLE[lang].format(t=headroom["threshold_percent_display"]), 9, bold=True)
    lo, hi = _scale([float(v) for _, v in rows], threshold)
    plot_w = width - label_w - value_w - 8

    def x_of(percent: float) -> float:
        v = max(percent, lo)
        return label_w + plot_w * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    for n, (label, percent) in enumerate(rows):
        y = height - top_pad - (n + 1) * row_h
        total = n == len(rows) - 1
        _text(d, 0, y + 4, label[:22], 8)
        if percent > 0:
            above = float(percent) >= threshold
            fill = colors.HexColor("#b71c1c" if above else "#2e7d32")
            if not total:
                fill = colors.HexColor("#e57373" if above else "#66bb6a")
            d.add(Rect(label_w, y + 2, max(0.5, x_of(float(percent)) - label_w), row_h - 5, fillColor=fill, strokeColor=None))
        d.add(String(width - 2, y + 4, f"{percent.quantize(Decimal('0.0001'))} %", fontName=LATIN, fontSize=8, textAnchor="end"))
    base = height - top_pad - len(rows) * row_h
    tx = x_of(threshold)
    d.add(Line(tx, base - 2, tx, height - top_pad + 2, strokeColor=colors.black, strokeWidth=1.2, strokeDashArray=[3, 2]))
    _text(d, tx + 2, height - top_pad + 3, f"{THRESHOLD[lang]} {headroom['threshold_percent_display']} %", 7)
    tick = lo
    while tick <= hi * 1.0001:
        x = x_of(tick)
        d.add(Line(x, base - 2, x, base - 5, strokeColor=colors.black, strokeWidth=0.5))
        d.add(String(x, base - 14, f"{tick:g} %", fontName=LATIN, fontSize=7, textAnchor="middle"))
        tick *= 10
    return d
