"""Two parts of the pages for a reader who has never heard of reedesk.

* :func:`completeness_block` — on the cover: screening status per party (list versions,
  hits and decisions), data completeness, coverage, and any declared reading that
  changes the outcome (read from the determination by :mod:`reedesk.evidence.completeness`).
* :func:`howto_page` — page 2, "How to check this pack": what the signatures mean and
  the signing-time source, the fingerprints to confirm with the exporter, how to run
  ``reedesk verify`` and what its exit codes and checks prove, what a PDF viewer shows
  and does not, and that the rules can be re-run from the embedded files.

Both take the layout builder (``reedesk.evidence.layout._Builder``) for its styles and
texts; all wording is in ``reports/texts/<language>.toml`` sections ``completeness``
and ``howto``.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from reedesk.evidence.completeness import (
    has_readings,
    missing_fields,
    outcome_changing_readings,
    screening_status,
)
from reedesk.evidence.fonts import LATIN, LATIN_BOLD, MONO


def _decision(t: Any, decision: Any) -> str:
    if decision == "confirmed":
        return t.get("completeness", "decision_confirmed")
    if decision == "cleared":
        return t.get("completeness", "decision_cleared")
    return t.get("completeness", "decision_open")


def screening_lines(b: Any) -> list[str]:
    t = b.t
    status = screening_status(b.det)
    if not status["screened"]:
        return [t.get("completeness", "not_screened")]
    zh = t.language != "en"
    colon = "：" if zh else ": "  # Chinese text takes fullwidth marks (the CLI's 、 and ：)
    lists = ("、" if zh else ", ").join(
        f"{b.lang_text(item['name']) or item['id']} {item['version']}" for item in status["lists"]
    ) or t.get("completeness", "no_lists")
    lines = [t.fmt("completeness", "lists", as_of=status.get("as_of") or b.det.get("as_of"), lists=lists)]
    names = {p.get("path"): p["name"] for p in status["parties"]}
    for party in status["parties"]:
        role = t.code("party_role", party["role"])
        who = t.fmt("completeness", "party", role=role, name=party["name"])
        if party.get("owner_of"):
            who += " — " + t.fmt("completeness", "owner_of", share=party.get("share") or "?", of=names.get(party["owner_of"], party["owner_of"]))
        if not party["hits"]:
            lines.append(f"{who}{colon}{t.get('completeness', 'no_hits')}")
            continue
        detail = ("；" if zh else "; ").join(t.fmt("completeness", "hit", entry=h["entry_name"], list=h["list_id"], decision=_decision(t, h["decision"]))
                           for h in party["hits"][:6])
        lines.append(f"{who}{colon}" + t.fmt("completeness", "hits", count=len(party["hits"]), detail=detail))
    return lines


def _unvalued_lines(det: dict[str, Any]) -> list[str]:
    """Counted bill-of-materials lines of the value rule left out of its sum (no rate for their
    currency): the outcome did not need them, but the figures are not the whole content."""
    from reedesk.evidence.contents import value_finding

    finding = value_finding(det)
    figures = (finding or {}).get("figures") or {}
    if figures.get("content_complete") is not False:
        return []
    return [str(c.get("id") or c.get("index")) for c in figures.get("components") or []
            if isinstance(c, dict) and c.get("counted") and c.get("converted") is None]


def completeness_rows(b: Any) -> list[tuple[str, list[str], bool]]:
    """(label, lines, warn) for the cover block; ``warn`` marks what needs the officer's attention."""
    t = b.t
    status = screening_status(b.det)
    open_hits = sum(p["open"] for p in status["parties"])
    rows = [(t.get("completeness", "screening"), screening_lines(b), (not status["screened"]) or open_hits > 0)]
    missing = missing_fields(b.det)
    unvalued = _unvalued_lines(b.det)
    from reedesk.field_labels import label as field_label

    # each field named as the editor shows it (issue 14), not by its JSON path
    named = [field_label(str(m), t.language) for m in missing[:12]]
    sep = "、" if t.language != "en" else ", "
    data_line = (t.fmt("completeness", "data_missing", fields=sep.join(named)) if missing else
                 t.fmt("completeness", "data_unvalued", lines=sep.join(unvalued)) if unvalued else
                 t.get("completeness", "data_complete"))
    rows.append((t.get("completeness", "data"), [data_line], bool(missing or unvalued)))
    # The coverage caveat, when there is one, is the framed box just above: not repeated here.
    if not has_readings(b.det):
        rows.append((t.get("completeness", "readings"), [t.get("completeness", "readings_absent")], False))
    else:
        changing = outcome_changing_readings(b.det)
        lines = [_reading_line(t, r["id"], b.lang_text(r["description"]), t.outcome(r["outcome"]))
                 for r in changing[:6]] or [t.get("completeness", "readings_none")]
        rows.append((t.get("completeness", "readings"), lines, bool(changing)))
    return rows


def _reading_line(t: Any, reading_id: str, description: str, outcome: str) -> str:
    """A reading that changes the outcome: "description → outcome". English gives the pack's reading id first (the
    name ``reedesk evaluate --json`` and the rule pack use); a Chinese pack says the description alone, as the CLI
    does — the id is a code (the zh templates' "（{id}）" is cut out here; with no description the id stands in
    for it, once)."""
    line = t.fmt("completeness", "readings_change", id=reading_id, description=description or reading_id, outcome=outcome)
    if t.language != "en":
        line = line.replace(f"（{reading_id}）", "").replace(f"({reading_id})", "")
    return line


def completeness_block(b: Any) -> list[Flowable]:
    t = b.t
    style = ParagraphStyle("cpl", parent=b.st_small)
    warn_colour = colors.HexColor(b.layout.get("colours", {}).get("caveat", "#b26a00"))
    data = [[b.p(t.get("completeness", "title"), ParagraphStyle("cplt", parent=b.st_small, fontName=LATIN_BOLD)), ""]]
    styles = [("FONTNAME", (0, 0), (-1, -1), LATIN), ("SPAN", (0, 0), (1, 0)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
              ("BOX", (0, 0), (-1, -1), 0.6, b.grid), ("BACKGROUND", (0, 0), (1, 0), b.header_bg),
              ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for label, lines, warn in completeness_rows(b):
        row = len(data)
        data.append([b.p(label, ParagraphStyle("cpll", parent=style, fontName=LATIN_BOLD)), [b.p(line, style) for line in lines]])
        if warn:
            styles.append(("TEXTCOLOR", (0, row), (-1, row), warn_colour))
            styles.append(("LINEBEFORE", (0, row), (0, row), 2, warn_colour))
    table = Table(data, colWidths=[0.16 * b.width, 0.84 * b.width], hAlign="LEFT")
    table.setStyle(TableStyle(styles))
    return [Spacer(1, 2 * mm), table]


def howto_page(b: Any, timestamp_authority: str | None) -> list[Flowable]:
    from reedesk.evidence.keyfmt import short_fingerprint

    t = b.t
    h = lambda key: b.p(t.get("howto", key), b.st_h2)  # noqa: E731
    body = lambda key: b.p(t.get("howto", key), b.st_body)  # noqa: E731
    out: list[Flowable] = [PageBreak(), b.p(t.get("howto", "title"), b.st_h1), body("intro")]
    out += [h("signatures_title"), body("signatures")]
    out.append(b.p(t.fmt("howto", "time_tsa", tsa=timestamp_authority) if timestamp_authority else t.get("howto", "time_own"), b.st_body))
    out += [h("fingerprints_title"), body("fingerprints")]
    seen = set()
    for s in b.c.signatures():
        key = str(s.get("key_id") or "")
        if key in seen:
            continue
        seen.add(key)
        out.append(b.p(t.fmt("howto", "fingerprint_row", name=s.get("name"), role=s.get("role"), organisation=s.get("organisation"),
                             fingerprint=short_fingerprint(key)), ParagraphStyle("fp", parent=b.st_body, fontName=LATIN_BOLD, leftIndent=6 * mm)))
    out += [h("verify_title"), body("verify"),
            b.p(t.get("howto", "verify_command"), ParagraphStyle("cmd", parent=b.st_body, fontName=MONO, leftIndent=6 * mm, wordWrap=None)),
            body("verify_exits")]
    out.append(h("checks_title"))
    checks = t.get("howto", "checks")
    for line in checks if isinstance(checks, list) else []:
        out.append(b.p("• " + str(line), ParagraphStyle("chk", parent=b.st_body, leftIndent=4 * mm)))
    out += [h("viewer_title"), body("viewer"), h("rerun_title"), body("rerun")]
    return out
