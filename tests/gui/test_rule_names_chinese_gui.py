"""The determinations panel names rules in Chinese by their citation — the announcement in Chinese and the article,
「商务部公告2025年第61号第一条第（一）项」, as the CLI memo does (``citation.text``) — never by the rule id
(``cn-mofcom-2025-061:I(1)``); English keeps the id heading and the citation under it, as before and as the English
evidence pages. The browser's Outcome column shows a stored outcome the catalogue does not know as "Outcome cannot
be read" in the window's language, not the stored code (PANEL9, from ROBUST9's note). Real widgets offscreen over a
real SQLite desk with the samples evaluated by the real engine.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

import reedesk.gui  # noqa: F401 — installs the refcount guard (PySide6 6.12 on CPython 3.11) before any widget
from reedesk.gui.refcount_guard import guard_needed, guard_on
from tests.cli.strict_chinese import strict_problems

AS_OF = date(2026, 11, 25)
SAMPLES = ("LM-2026-0042", "TK-NDFEB-7", "CN-TB-880", "TW-TGT-19")  # every bundled sample dossier
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # an ASCII snake_case word (a code)
RULE_ID = re.compile(r"\bcn-[a-z0-9-]+:|\bcn-mofcom|\bcn-export-control|deminimis")


def _evaluated(desk) -> dict[str, str]:
    from reedesk.services.evaluation import evaluate_reference

    return {reference: evaluate_reference(desk, reference, AS_OF).outcome for reference in SAMPLES}


def _body(window, reference: str) -> str:
    window.open_dossier(reference)
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    return window.determinations.panel.body.toPlainText()


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_chinese_panel_names_rules_by_citation_without_ids(make_window, desk, qtbot, language):
    from reedesk.gui.i18n import set_language
    from reedesk.gui.models import outcome_label

    assert not guard_needed() or guard_on()  # the guard is on, as for every GUI test
    outcomes = _evaluated(desk)
    window = make_window(desk)
    set_language(language)
    try:
        for reference in SAMPLES:
            body = _body(window, reference)
            document = window.determinations.panel.document
            # The engine's coverage note (reedesk-texts-3 engine._notes.1, TEXTS9b) names the packs by the announcement
            # each encodes (「所用规则包（「商务部公告2024年第46号」、…）审阅至…」), not by id: checked like the rest of the
            # panel — readings, figures, the rule trace, the rule-packs line. As of 2026-11-25 every sample has it.
            coverage = [line for line in body.splitlines() if line.startswith(("覆盖范围：", "覆蓋範圍："))]
            assert len(coverage) == 1, coverage
            assert ("「商务部公告2025年第61号」" if language == "zh-Hans" else "「商務部公告2025年第61號」") in coverage[0], coverage
            assert "cn-" not in coverage[0] and strict_problems(coverage[0], language, set()) == [], coverage
            assert window.determinations.panel.badge.text() == outcome_label(outcomes[reference])
            assert RULE_ID.search(body) is None, (reference, RULE_ID.search(body), body)
            assert SNAKE.search(body) is None, (reference, SNAKE.search(body))
            for finding in document["findings"]:  # each rule of the trace, named by its citation in this script
                from reedesk.rules.render import expand

                cited = next(f for f in expand(document)["findings"] if f["rule"] == finding["rule"])["citation"]["text"][language]
                assert cited in body, (reference, finding["rule"], cited)
                # the heading line: the citation, the result and the outcome in this script, nothing else
                heading = next(line for line in body.splitlines() if line.startswith(cited))
                assert strict_problems(heading, language, _quoted_names(document)) == [], (heading, strict_problems(heading, language, _quoted_names(document)))
        # The value rule of the Vietnamese Sm-Co magnet: its figures' heading and its trace line by the citation,
        # once (the citation line under it is not said twice).
        body = _body(window, "LM-2026-0042")
        i1 = {"zh-Hans": "商务部公告2025年第61号第一条第（一）项", "zh-Hant": "商務部公告2025年第61號第一條第（一）項"}[language]
        heading = [line for line in body.splitlines() if line.endswith(f"— {i1}")]
        assert len(heading) == 1, [line for line in body.splitlines() if i1 in line]
        # named as the evidence pack's Chinese section 「物料清单及价值比例计算」, no Latin "de minimis" in Chinese
        assert heading[0] == {"zh-Hans": "价值比例计算", "zh-Hant": "價值比例計算"}[language] + f" — {i1}", heading
        trace = [line for line in body.splitlines() if line.startswith(f"{i1} [")]
        assert len(trace) == 1 and outcome_label("license_required") in trace[0], trace
        assert i1 not in [line.strip() for line in body.splitlines()]  # the citation is not repeated on a line of its own
        window.grab().save(f"/tmp/panel9-rules-{language}.png")
    finally:
        set_language("en")


def _quoted_names(document) -> list[str]:
    """Names the dossier itself holds (the user's product and party names), which Chinese output quotes as typed."""
    from reedesk.rules.render import expand

    doc = expand(document)
    names = [str(doc["dossier"].get("reference"))]
    for finding in doc["findings"]:
        for value in (finding.get("citation") or {}).values():
            if isinstance(value, str):
                names += re.findall(r"[0-9A-Z][0-9A-Z.–-]{3,}", value)  # control codes cited by the pack (1C902.a)
    return names


def test_english_panel_keeps_rule_ids_and_citations(make_window, desk, qtbot):
    from reedesk.gui.i18n import set_language

    _evaluated(desk)
    window = make_window(desk)
    set_language("en")
    body = _body(window, "LM-2026-0042")
    lines = body.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("cn-mofcom-2025-061:I(1) "))
    assert lines[at + 1].startswith("MOFCOM Announcement No. 61 of 2025, Art. I(1)"), lines[at:at + 2]
    assert any(line.startswith("De minimis figures") and line.endswith("— cn-mofcom-2025-061:I(1)") for line in lines)
    assert "cn-export-control-law-012:12" in body  # every rule by its id, as the English evidence pages
    window.grab().save("/tmp/panel9-rules-en.png")


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_a_rule_named_by_no_readable_citation(qtbot, language):
    """A stored finding whose citation is not reedesk's form: a rule id of a bundled pack is still named by that pack's
    citation in Chinese; an id no pack has is marked "cannot be read", with the stored id quoted as every stored part
    not in reedesk's form is (the citation's own marker counts the part)."""
    from reedesk.gui.app import application
    from reedesk.gui.determination_panel import DeterminationPanel
    from reedesk.gui.i18n import set_language, tr

    application()
    set_language(language)
    try:
        document = {"schema": "reedesk.determination/1", "outcome": "license_required", "as_of": "2026-11-25",
                    "dossier": {"reference": "LM-2026-0042"}, "packs": [],
                    "findings": [{"rule": "cn-mofcom-2025-061:I(1)", "citation": "Art. I(1)", "result": "applies"},
                                 {"rule": "made-up-rule", "citation": "Art. 9", "result": "applies"}]}
        panel = DeterminationPanel()
        qtbot.addWidget(panel)
        panel.show_document(document)
        body = panel.body.toPlainText()
        assert panel.unread == ["citation", "citation"], panel.unread
        if language == "en":
            assert "cn-mofcom-2025-061:I(1) " in body and "made-up-rule " in body
        else:
            cited = {"zh-Hans": "商务部公告2025年第61号第一条第（一）项", "zh-Hant": "商務部公告2025年第61號第一條第（一）項"}[language]
            assert cited in body and "cn-mofcom" not in body, body
            assert f"[{tr('cannot be read')}] “made-up-rule”" in body, body
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_browser_outcome_column_says_an_unknown_stored_outcome_cannot_be_read(make_window, desk, qtbot, language):
    from reedesk.gui.i18n import set_language, tr
    from reedesk.gui.models import DOSSIER_COLUMNS, outcome_label
    from tests.signing.vectors import tamper

    _evaluated(desk)
    # a row edited outside reedesk (or a newer build's outcome code): the dossier's stored last outcome
    tamper(desk, "UPDATE dossier SET last_outcome = 'export_cleared_by_broker' WHERE reference = 'LM-2026-0042'")
    window = make_window(desk)
    set_language(language)
    try:
        model = window.browser.model
        qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=5000)
        column = next(i for i, c in enumerate(DOSSIER_COLUMNS) if c.title == "Outcome")
        shown = {model.summary(r).reference: str(model.index(r, column).data() or "") for r in range(model.rowCount())}
        unknown = tr("Outcome cannot be read")
        assert unknown != "Outcome cannot be read" or language == "en"
        assert shown["LM-2026-0042"] == unknown, shown
        assert shown["CN-TB-880"] == outcome_label("license_required"), shown  # known outcomes by the catalogue
        assert "export_cleared_by_broker" not in "".join(shown.values())
        if language != "en":
            assert strict_problems(unknown, language) == []
        window.grab().save(f"/tmp/panel9-browser-{language}.png")
    finally:
        set_language("en")
