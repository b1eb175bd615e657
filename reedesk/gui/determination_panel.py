"""Shows one determination document: outcome badge, de minimis figures, rule trace.

It renders the ``reedesk.determination/1`` document as stored (see
docs/determination.md); anything the panel does not know is simply not shown,
so a newer engine's extra fields never break the window. A part not in the form
reedesk writes (an older build's document, a row an insider edited in the database) is
marked "cannot be read" where it stands, the rest is shown as stored, and a notice above
says so and points to Verify chain; the panel never raises over a stored document and
changes nothing stored.
"""

from __future__ import annotations

import html
import re
from typing import Any, Callable

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from reedesk import vocabulary
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.models import outcome_label
from reedesk.field_labels import readable
from reedesk.rule_names import cited_rule_name
from reedesk.rules.text import CODE_LABELS

BADGE_COLOURS = {
    "not_controlled": "#2e7d32",
    "license_required": "#c77700",
    "license_required_presumption_of_denial": "#b71c1c",
    "case_by_case": "#8e5a00",
    "prohibited": "#7f0000",
    "exempt_report_required": "#1565c0",
    "suspended": "#5e35b1",
    "insufficient_data": "#616161",
}


def suspending_announcement(suspension: dict) -> str:
    """The suspending announcement's name in the display language (the determination
    carries ``by`` in English and ``by_zh`` / ``by_zh_hant`` in Chinese)."""
    language = current_language()
    if language == "zh-Hant":
        return suspension.get("by_zh_hant") or suspension.get("by_zh") or suspension.get("by", "?")
    if language == "zh-Hans":
        return suspension.get("by_zh") or suspension.get("by", "?")
    return suspension.get("by", "?")


def localized(texts: Any) -> str:
    """Pick the current language from an ``{"en":..., "zh-Hans":..., "zh-Hant":...}`` dict."""
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, dict):
        return ""
    value = texts.get(current_language()) or texts.get("en") or next(iter(texts.values()), "")
    return str(value) if isinstance(value, (str, int, float)) else ""  # a nested table is no sentence (an unexpanded form)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def unreadable(unread: list[str] | None, part: str, stored: Any = None) -> str:
    """The marker shown in place of a part that is not in the form reedesk writes (and noted in ``unread``);
    a stored plain text or number is quoted after it, so the reader sees what the document says."""
    if unread is not None:
        unread.append(part)
    quoted = f" “{_e(stored)}”" if isinstance(stored, (str, int, float)) and not isinstance(stored, bool) and str(stored) else ""
    return f"<b style='color:#b71c1c'>[{_e(tr('cannot be read'))}]</b>{quoted}"


def pack_label(pack: dict[str, Any]) -> str:
    """A rule pack the determination names: "cn-mofcom-2025-061 2026.11" in English; in Chinese by the announcement it
    encodes, 「商务部公告2025年第61号」（2026.11 版）, as the evidence pack's Chinese pages name packs (no ids in Chinese).
    The pack by its hash, else the bundled pack of its id; a pack reedesk does not know keeps the id it is stored with."""
    pack_id, version = pack.get("id"), pack.get("version", "")
    if current_language() == "en":
        return f"{pack_id} {version}"
    from reedesk.rules.packs import known_pack, shipped_packs

    known = known_pack(str(pack.get("sha256"))) or next((p for p in shipped_packs() if p.id == pack_id), None)
    name = None if known is None else (
        (known.announcement_zh_hant or known.announcement_zh) if current_language() == "zh-Hant" else known.announcement_zh)
    return f"「{name}」（{version} 版）" if name else f"{pack_id} {version}"


def _stored(value: Any) -> str:
    """A header value as stored; a dash where the document does not give it (never Python's "None")."""
    return "—" if value is None or value == "" else str(value)


def unread_notice(count: int) -> str:
    """Above the figures when some part of the stored determination could not be read: the window shows what it
    can, changes nothing, and Verify chain (reedesk audit verify) says whether the determination is genuine."""
    return ("<p style='background:#fdecea; color:#7f0000; padding:6px'><b>"
            + _e(tr("This stored determination is not entirely in the form reedesk writes: {count} part(s) cannot be "
                    "read and are marked “cannot be read” below; the rest is shown as stored. Nothing stored has been "
                    "changed. Verify chain on the Audit trail page says whether this determination is genuine.").format(count=count))
            + "</b></p>")


def rule_heading(finding: dict[str, Any]) -> str | None:
    """A rule as a heading. English: its id, as the English evidence pages show it. Chinese: by its citation, the
    announcement in Chinese and the article (「商务部公告2025年第61号第一条第（一）项」), as the CLI memo and the
    evidence pack's Chinese pages name rules (reedesk.rule_names.cited_rule_name, the one source of that name).
    ``None`` in Chinese when nothing names it (a row not in reedesk's form): the caller marks it rather than show an id."""
    language = current_language()
    if language == "en":
        return str(finding.get("rule") or "")
    return cited_rule_name(finding, language)


def rule_heading_html(finding: dict[str, Any]) -> str:
    """:func:`rule_heading` as HTML; a rule the window cannot name in Chinese is marked "cannot be read" with the
    stored id quoted after it, as every stored part not in reedesk's form is (counted once, with its citation)."""
    heading = rule_heading(finding)
    return _e(heading) if heading is not None else unreadable(None, "rule", finding.get("rule"))


def _figures_html(figures: Any, depth: int = 0) -> str:
    """Nested figures as nested tables; lists of dicts become tables with a header row."""
    if isinstance(figures, dict):
        rows = "".join(f"<tr><td><b>{_e(k.replace('_', ' '))}</b></td><td>{_figures_html(v, depth + 1)}</td></tr>" for k, v in figures.items())
        return f"<table cellspacing='0' cellpadding='2' border='{0 if depth else 1}'>{rows}</table>"
    if isinstance(figures, list):
        if figures and all(isinstance(x, dict) for x in figures):
            keys: list[str] = []
            for x in figures:
                keys += [k for k in x if k not in keys]
            head = "".join(f"<th>{_e(k.replace('_', ' '))}</th>" for k in keys)
            body = "".join("<tr>" + "".join(f"<td>{_figures_html(x.get(k), depth + 1)}</td>" for k in keys) + "</tr>" for x in figures)
            return f"<table cellspacing='0' cellpadding='2' border='1'><tr>{head}</tr>{body}</table>"
        return ", ".join(_figures_html(x, depth + 1) for x in figures)
    return _e(figures)


def _named(kind: str, code: Any) -> Any:
    """A country or currency code by its catalogue name in a Chinese window (「越南」, 「美元」), as the rule texts
    (reedesk-texts-4), the evidence pack and the CLI name it; English, or a code the catalogue does not know: as is."""
    return vocabulary.code_in_text(kind, code, current_language())


def _amount(value: Any, currency: Any) -> str:
    """``3.10 EUR``; in a Chinese window 「3.10欧元」."""
    return vocabulary.amount_text(value, currency, current_language())


def unconverted_text(row: dict[str, Any], currency: Any) -> str:
    """Why a counted bill-of-materials line has no value in the item's currency (issue 14: incomplete
    data is stated where it bites): no stated rate for its currency. Empty when it was converted."""
    if not row.get("counted") or row.get("converted") is not None:
        return ""
    if row.get("currency") and currency and row.get("currency") != currency:
        return tr("not converted: no {source}→{target} rate is stated; not in the sum").format(
            source=_named("currency", row.get("currency")), target=_named("currency", currency))
    return tr("not valued; not in the sum")


def margin_text(figures: dict[str, Any]) -> str | None:
    """The margin to the threshold, never shown as final when some content is not valued: a lower
    bound when the known content already reaches the threshold, "not final" when nothing is decided."""
    if figures.get("margin") is None:
        return None
    currency = figures.get("currency")
    points = f"{figures.get('margin_percent_points_display')} {tr('percentage points')}"
    if figures.get("content_complete") is False:
        if figures.get("comparison") == "at_or_above":
            return tr("at least {margin} {currency} ({points}), from the values known so far").format(
                margin=figures.get("margin"), currency=_named("currency", currency), points=points)
        return tr("not final: some values are missing")
    return f"{figures.get('margin')} {currency} ({points})" if current_language() == "en" else f"{_amount(figures.get('margin'), currency)}（{points}）"


def deminimis_html(figures: dict[str, Any]) -> str:
    """The value-rule arithmetic: each input counted or not (with why), conversions, sum, ratio, threshold."""
    head = "".join(f"<th>{_e(tr(h))}</th>" for h in ("Line", "Description", "Origin", "Counted", "Amount", "Rate", "Converted"))
    rows = []
    for c in figures.get("components") or []:
        if not isinstance(c, dict):
            continue
        rate = c.get("rate")
        if isinstance(rate, dict):
            pair = f"{_named('currency', rate.get('from'))}→{_named('currency', rate.get('to'))}"
            rate_text = (f"{rate.get('rate')} ({pair}, {rate.get('date')}, {rate.get('source')})" if current_language() == "en"
                         else f"{rate.get('rate')}（{pair}，{rate.get('date')}，{rate.get('source')}）")
        else:
            rate_text = ""
        unconverted = unconverted_text(c, figures.get("currency"))
        rows.append(
            "<tr>" + "".join(f"<td>{v}</td>" for v in (
                _e(c.get("id")), _e(c.get("description")), _e(_named("country", c.get("origin"))),
                _e(tr("Yes") if c.get("counted") else tr("No")),
                _e(_amount(c.get("amount"), c.get("currency"))), _e(rate_text),
                _e(_amount(c.get("converted"), figures.get("currency"))) if c.get("converted") is not None else f"<b>{_e(unconverted)}</b>",
            )) + "</tr>"
            + f"<tr><td></td><td colspan='6'><small style='color:#555'>{_e(localized(c.get('reason')))}</small></td></tr>")
    table = f"<table cellspacing='0' cellpadding='3' border='1' width='100%'><tr>{head}</tr>{''.join(rows)}</table>"
    summary = [
        (tr("Counted content"), _amount(figures.get("content_total"), figures.get("currency"))),
        (tr("Item value"), _amount(figures.get("item_value"), figures.get("currency"))),
        (tr("Ratio (full precision)"), figures.get("ratio")),
        (tr("Ratio (percent, for display)"), f"{figures.get('ratio_percent_display')} %"),
        (tr("Threshold"), f"{figures.get('threshold_percent')} % ({figures.get('threshold')})"),
        (tr("Margin"), margin_text(figures)),
        (tr("Comparison"), localized(CODE_LABELS.get(figures.get("comparison") or "")) or figures.get("comparison")
         or (tr("cannot be decided yet") if figures.get("content_complete") is False else None)),
        (tr("Rounding"), localized(figures.get("display_rounding_text")) or figures.get("display_rounding")),
    ]
    rows2 = "".join(f"<tr><td><b>{_e(k)}</b></td><td>{_e(v)}</td></tr>" for k, v in summary if v is not None and "None" not in str(v))
    method = figures.get("method")
    if isinstance(method, dict):  # the method note in the window's language (0.1.0 notes had one Chinese text, "zh")
        method = (method.get("en") if current_language() == "en" else
                  method.get(current_language()) or method.get("zh") or method.get("en")) or ""
    method = method if isinstance(method, str) else ""
    return table + f"<table cellpadding='3'>{rows2}</table>" + (f"<p><i>{_e(method)}</i></p>" if method else "")


def readings_html(doc: dict[str, Any]) -> str:
    """The readings of the open points (determination 0.2 ``readings``): each alternative with its
    outcome, those that give another outcome than the primary reading first and in colour."""
    alternatives = [r for r in doc.get("readings") or [] if isinstance(r, dict) and not r.get("primary")]
    if not alternatives:
        return ""
    alternatives.sort(key=lambda r: not r.get("differs"))
    rows = []
    for r in alternatives:
        differs = bool(r.get("differs"))
        mark = tr("differs") if differs else (tr("not evaluated") if r.get("outcome") is None else tr("same outcome"))
        colour = "#b71c1c" if differs else "#616161"
        outcome = outcome_label(r["outcome"]) if r.get("outcome") else "—"
        rows.append(
            f"<tr><td style='color:{colour}'><b>{_e(mark)}</b></td><td>{_e(localized(r.get('point_text')) or r.get('point'))}</td>"
            f"<td>{_e(localized(r.get('description')))}</td><td><b>{_e(outcome)}</b></td>"
            f"<td>{_e(localized(r.get('status_text')) or r.get('status'))}</td></tr>")
    return (f"<h3>{_e(tr('Readings'))}</h3><p><i>{_e(tr('Open points: the outcome above is the primary reading’s.'))}</i></p>"
            "<table cellspacing='0' cellpadding='3' border='1'>" + "".join(rows) + "</table>")


def determination_html(doc: dict[str, Any], unread: list[str] | None = None) -> str:
    """The figures and trace of a determination as HTML (also used by screenshots). A part not in the form
    reedesk writes is marked "cannot be read" in its place and named in ``unread``; nothing here raises over a
    stored document (a part that cannot be drawn is marked as one that cannot be read)."""
    parts: list[str] = [_guarded(unread, "readings", lambda: readings_html(doc))]
    missing = doc.get("missing") or []
    if missing:
        from reedesk.field_labels import label

        # Issue 14: each field named as the editor shows it (label, 1-based table row), not by its JSON path.
        language = current_language()
        parts.append(f"<h3>{_e(tr('Missing data'))}</h3><ul>")
        if isinstance(missing, list):
            parts += [f"<li>{_guarded(unread, 'missing', lambda m=m: _missing_item(m, language, label, unread))}</li>" for m in missing]
        else:
            parts.append(f"<li>{unreadable(unread, 'missing', missing)}</li>")
        parts.append("</ul>")
    findings = doc.get("findings") or []
    if not isinstance(findings, list):
        findings = [findings]  # the trace below marks it
    for f in findings:
        if isinstance(f, dict) and f.get("kind") == "value_content" and isinstance(f.get("figures"), dict) and f["figures"].get("components") is not None:
            parts.append(_guarded(unread, "figures", lambda f=f: f"<h3>{_e(tr('De minimis figures'))} — {rule_heading_html(f)}</h3>{deminimis_html(f['figures'])}"))
    parts.append(f"<h3>{_e(tr('Rule trace'))}</h3>")
    for f in findings:
        if not isinstance(f, dict):
            parts.append(f"<p>{unreadable(unread, 'finding', f)}</p>")
            continue
        parts.append(_guarded(unread, "finding", lambda f=f: _finding_html(f, unread)))
    notes = doc.get("notes") or []
    shown = [_guarded(unread, "note", lambda n=n: _e(localized(n)) if isinstance(n, (str, dict)) and localized(n)
                      else unreadable(unread, "note", n)) for n in (notes if isinstance(notes, list) else [notes])]
    if shown:
        parts.append(f"<h3>{_e(tr('Notes'))}</h3><ul>" + "".join(f"<li>{n}</li>" for n in shown) + "</ul>")
    return "".join(parts)


def _guarded(unread: list[str] | None, part: str, draw: Callable[[], str]) -> str:
    """``draw()``, or the "cannot be read" marker when the stored part is not in a form it can draw."""
    noted = len(unread) if unread is not None else 0
    try:
        return draw()
    except Exception:  # noqa: BLE001 — a stored document is data: whatever it holds, the window shows the rest
        if unread is not None:
            del unread[noted:]  # the part is one marker, whatever of it was marked before it failed
        return unreadable(unread, part)


def _missing_item(m: Any, language: str, label: Callable[[str, str], str], unread: list[str] | None) -> str:
    if not isinstance(m, dict):
        return unreadable(unread, "missing", m)
    return f"<b>{_e(label(str(m.get('field')), language))}</b> — {_e(readable(localized(m), language))}"


def _cited_html(citation: Any, unread: list[str] | None) -> str:
    """The finding's citation in the window's language (reedesk writes a dict: ``text``, or the parts before 1.1)."""
    if not isinstance(citation, dict):
        return unreadable(unread, "citation", citation)
    cited = localized(citation.get("text")) if isinstance(citation.get("text"), dict) else ""
    if not cited:  # determinations from engines before 1.1 carry only the parts
        announcement = citation.get("announcement_zh") if current_language() != "en" and citation.get("announcement_zh") else citation.get("announcement")
        if not announcement and not citation.get("article"):
            return unreadable(unread, "citation")
        cited = f"{announcement} {tr('Article')} {citation.get('article')}"
    return f"<i>{_e(cited)}</i>"


def _finding_html(f: dict[str, Any], unread: list[str] | None) -> str:
    """One finding of the rule trace: heading, result, citation, key phrase, explanation, suspension, steps."""
    parts: list[str] = []
    citation = f.get("citation") if isinstance(f.get("citation"), dict) else {}
    result = f.get("result", "")
    colour = {"applies": "#b71c1c", "suspended": "#5e35b1", "insufficient_data": "#616161"}.get(result if isinstance(result, str) else "", "#2e7d32")
    result_html = (f"<span style='color:{colour}'>[{_e(result_label(result))}]</span>" if isinstance(result, str) and result
                   else unreadable(unread, "result", result))
    outcome = f.get("outcome")
    heading = rule_heading(f)
    cited = _cited_html(f.get("citation"), unread)
    parts.append(
        f"<p><b>{rule_heading_html(f)}</b> {result_html}"
        f"{' → ' + _e(outcome_label(outcome)) if isinstance(outcome, str) and outcome and result == 'applies' else ''}"
        # In Chinese the heading is the citation: it is not said twice.
        f"{'' if current_language() != 'en' and heading is not None and cited == f'<i>{_e(heading)}</i>' else '<br/>' + cited}"
    )
    phrase = citation.get("key_phrase_en") if current_language() == "en" else (
        citation.get("key_phrase_zh_hant") or citation.get("key_phrase_zh") if current_language() == "zh-Hant" else citation.get("key_phrase_zh"))
    if phrase:
        parts.append(f"<br/>“{_e(phrase)}”")
    explanation = readable(localized(f.get("explanation")), current_language())
    if explanation:
        parts.append(f"<br/>{_e(explanation)}")
    s = f.get("suspension")
    if isinstance(s, dict):
        parts.append("<br/><b style='color:#5e35b1'>" + _e(tr("Suspended from {start} until {until} by {by}.").format(
            start=s.get("from", "?"), until=s.get("until", "?"), by=suspending_announcement(s))) + "</b>")
    stored_steps = f.get("steps") or []
    if not isinstance(stored_steps, list):
        parts.append("<br/>" + unreadable(unread, "steps", stored_steps))
        stored_steps = []
    steps = [st for st in stored_steps if isinstance(st, dict)]
    if steps and result != "not_in_force":
        items = [_e(readable(localized(st), current_language())) for st in steps]
        figures = f.get("figures") if f.get("kind") == "value_content" else None
        if isinstance(figures, dict):  # a counted line that could not be valued says so in its own step
            for c in figures.get("components") or []:
                why = unconverted_text(c, figures.get("currency")) if isinstance(c, dict) else ""
                if why:
                    items.append("<b>" + _e(tr("Value of {line}: {amount} {currency} — {why}.").format(
                        line=c.get("id") or c.get("index"), amount=c.get("amount"), currency=_named("currency", c.get("currency")),
                        why=why)) + "</b>")
        parts.append("<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>")
    parts.append("</p>")
    return "".join(parts)


# A command-line hint inside a determination's sentence, "(reedesk screening decide)": a desktop user
# decides in the Screening tab, so the window leaves it out (issue 14: no CLI commands to a desktop user).
_CLI_HINT = re.compile(r"\s*[(（]`?reedesk [a-z][a-z -]*`?[)）]")


def summary_text(doc: dict[str, Any]) -> str:
    """The determination's one-sentence summary as the window shows it: fields named by their
    on-screen labels (not JSON paths), no command-line hints."""
    language = current_language()
    return _CLI_HINT.sub("", readable(localized(doc.get("summary")), language))


def result_label(result: str) -> str:
    """A finding's result in the window's language; an undecided rule "cannot be decided yet"."""
    if result == "insufficient_data":
        return tr("cannot be decided yet")
    return tr(result.replace("_", " "))


_RAW_SHOWN = 4000  # characters of a stored text that is not JSON shown under the notice
_PLAIN = ("outcome", "as_of", "dossier", "packs")  # what a document that cannot be expanded still says plainly


class DeterminationPanel(LanguageAware, QWidget):
    """Badge + header + HTML body for one determination document."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: dict[str, Any] | None = None
        self.unread: list[str] = []  # the parts of the shown document that could not be read (none for reedesk's own)
        self.extra: Callable[[], str] | None = None
        self.badge = QLabel()
        self.badge.setObjectName("outcomeBadge")
        self.header = QLabel()
        self.header.setObjectName("determinationHeader")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(self.header.textInteractionFlags() | self.header.textInteractionFlags().TextSelectableByMouse)
        self.body = QTextBrowser()
        self.body.setObjectName("determinationBody")
        self.body.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.badge)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)
        self.show_document(None)

    def show_document(self, document: dict[str, Any] | None, sha256: str | None = None,
                      extra: Callable[[], str] | None = None) -> None:
        """Show ``document``; ``extra()`` (re-run on a language change) adds HTML above the figures."""
        self.document = document
        self.sha256 = sha256
        self.extra = extra
        self.render()

    def outcome(self) -> str | None:
        return self.document.get("outcome") if isinstance(self.document, dict) else None

    def render(self) -> None:
        from reedesk.rules.render import expand

        self.badge.setAccessibleName(tr("Outcome"))
        self.body.setAccessibleName(tr("Rule trace"))
        if self.document is None:
            self.badge.setText(tr("No determination yet"))
            self.badge.setStyleSheet("padding:6px; border-radius:6px; background:#ddd; color:#333; font-weight:bold")
            self.header.setText(tr("Choose an as-of date and press Evaluate (Ctrl+E)."))
            self.header.setToolTip("")
            self.body.setHtml("")
            return
        unread: list[str] = []
        try:
            doc = expand(self.document)  # prose only from the expanded view (C1)
        except Exception:  # noqa: BLE001 — e.g. a facts document naming a pack this reedesk does not carry
            # its prose is codes until expanded: only what it states plainly is shown (outcome, date, dossier, packs)
            doc = {k: v for k, v in self.document.items() if k in _PLAIN} if isinstance(self.document, dict) else self.document
            unread.append("document")
        raw = doc if isinstance(doc, str) else None  # a row whose text is not JSON: shown as stored, below the notice
        if not isinstance(doc, dict):  # not a document at all: nothing of it can be shown as a determination
            doc = {}
            unread.append("document")
        self.unread = unread
        raw_html = (f"<pre style='white-space:pre-wrap'>{_e(raw if len(raw) <= _RAW_SHOWN else raw[:_RAW_SHOWN] + '…')}</pre>"
                    if raw is not None else "")
        try:
            self._render(doc, unread, raw_html)
        except Exception:  # noqa: BLE001 — the last guard: a stored document never takes the window down
            unread.append("document")
            self._render({}, unread, raw_html, with_extra=False)

    def _render(self, doc: dict[str, Any], unread: list[str], raw_html: str = "", with_extra: bool = True) -> None:
        outcome = doc.get("outcome")
        if isinstance(outcome, str) and vocabulary.known("outcome", outcome):
            self.badge.setText(outcome_label(outcome).upper() if current_language() == "en" else outcome_label(outcome))
            colour = BADGE_COLOURS.get(outcome, "#455a64")
        else:  # no outcome reedesk knows: the badge says so rather than show a stored word as an outcome
            if "document" not in unread:  # a document that cannot be read at all is one part, not two
                unread.append("outcome")
            self.badge.setText(tr("Outcome cannot be read"))
            colour = "#7f0000"
        self.badge.setStyleSheet(
            f"padding:6px 12px; border-radius:6px; color:white; font-weight:bold; font-size:15px; background:{colour}")
        dossier = doc.get("dossier") if isinstance(doc.get("dossier"), dict) else {}
        stored_packs = doc.get("packs") or []
        packs = ("、" if current_language() != "en" else ", ").join(
            pack_label(p) for p in (stored_packs if isinstance(stored_packs, list) else []) if isinstance(p, dict))
        where = (tr("As of {as_of} · dossier {reference} revision {revision}") if dossier.get("revision") is not None
                 else tr("As of {as_of} · dossier {reference}"))
        findings = doc.get("findings") if isinstance(doc.get("findings"), list) else []
        self.header.setText(
            where.format(as_of=_stored(doc.get("as_of")), reference=_stored(dossier.get("reference")), revision=dossier.get("revision"))
            + ("\n" + tr("Snapshot SHA-256: {sha}").format(sha=dossier["sha256"]) if dossier.get("sha256") else "")
            + ("\n" + tr("Determination SHA-256: {sha}").format(sha=self.sha256) if self.sha256 else "")
            + ("\n" + summary_text(doc) if isinstance(doc.get("summary"), dict) and doc.get("readings") else "")
            + "".join("\n" + tr("Suspended from {start} until {until} by {by}.").format(
                start=f["suspension"].get("from", "?"), until=f["suspension"].get("until", "?"), by=suspending_announcement(f["suspension"]))
                for f in findings
                if isinstance(f, dict) and f.get("result") == "suspended" and isinstance(f.get("suspension"), dict))
        )
        # The rule packs go below the trace (a long line): the header stays short, the body gets the room.
        packs_html = f"<p><small>{_e(tr('Rule packs: {packs}').format(packs=packs))}</small></p>" if packs else ""
        if not isinstance(stored_packs, list):
            packs_html = f"<p><small>{_e(tr('Rule packs: {packs}').format(packs=''))}{unreadable(unread, 'packs', stored_packs)}</small></p>"
        trace = (determination_html(doc, unread) if "document" not in unread else  # its trace is the one part marked
                 f"<h3>{_e(tr('Rule trace'))}</h3><p>{unreadable(None, 'document')}</p>")
        body = (self.extra() if self.extra and with_extra else "") + trace + packs_html
        self.body.setHtml((unread_notice(len(unread)) if unread else "") + raw_html + body)
        self.header.setToolTip(tr("Rule packs: {packs}").format(packs=packs) if packs else "")

    def retranslate(self) -> None:
        self.render()
