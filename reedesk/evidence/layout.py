"""Draw the pages of an evidence pack with reportlab platypus.

The order follows what a licensing officer asks for (RULES.md, "Licence
application"): outcome first, then applicant, product and technical description,
end use and end user, the bill of materials with the de minimis calculation step
by step, the rule trace with citations, the signatures as signed, the audit
excerpt, and appendices. Every page carries "page x of y", the document id and
the dossier reference. Wording comes from ``reports/texts``; geometry from
``reports/layout.toml``.

The cover ends with a *machine line* (``REEDESK-COVER outcome=… ratio=…``): the
verifier extracts the cover text and checks that what a reader sees there is
what the embedded, signed data says.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from functools import lru_cache
from xml.sax.saxutils import escape
from typing import Any, Iterable

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reedesk.evidence.contents import (PackContents, cover_ratio_role, cover_rule_citation, coverage_caveats, decisive_findings, has_no_effect, key_figures,
                                        value_finding)
from reedesk.evidence.fonts import CJK, LATIN, LATIN_BOLD, MONO, mixed, needs_cjk, register_fonts
from reedesk.evidence.para_frags import fast_frags, memoise_paragraph_string_widths
from reedesk.evidence.texts import Texts, load_layout, load_texts

from reedesk.evidence.layout_marks import COVER_MARK  # noqa: E402  (re-exported)
LINE_BREAK = "\u2028"  # in a cell's text: a forced line break (reportlab <br/>)
# Formats of the embedded files by name, for Chinese packs (the MIME type stays in the PDF's file specification).
_FORMAT_NAMES = {"application/vnd.dsse.envelope+json": "DSSE JSON", "application/json": "JSON", "application/toml": "TOML", "application/pdf": "PDF", "text/csv": "CSV"}
MIN_CELL_FONT = 5.0  # points: a cell shrinks its font this far before a token is split mid-word
# Latin/number tokens that must not be split: a run without spaces or CJK characters.
_CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_TOKEN_RE = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


class _Paragraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    reportlab wraps each table cell when it measures the table and again when it draws it
    (and KeepTogether measures its content first): 2.4 line-breaking passes per paragraph,
    the largest single cost of an export. The result depends on the width and the style
    only, so a second call at the same width returns the first one's lines."""

    def _setup(self, text: str, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:  # noqa: N803
        """reedesk's own markup becomes fragments without html.parser (``para_frags``); the same result."""
        if frags is None and not bulletText and not getattr(style, "bulletText", None) and not style.textTransform:
            cleaned = cleaner(text)
            fast = fast_frags(cleaned, style)
            if fast is not None:
                text, frags = cleaned, fast
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        if getattr(self, "_wrapped_at", None) == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


def cover_machine_tokens(figures: dict[str, Any]) -> list[str]:
    """The tokens the verifier looks for on page 1, one per printed line (never split)."""
    return [
        COVER_MARK,
        f"outcome={figures.get('outcome') or '-'}",
        f"ratio={figures.get('ratio') or '-'}",
        f"threshold={figures.get('threshold') or '-'}",
        f"as_of={figures.get('as_of') or '-'}",
        f"determination={figures.get('determination_sha256') or '-'}",
    ]


def render_pages(contents: PackContents, *, cover_override: dict[str, Any] | None = None) -> bytes:
    """Return the PDF bytes of the pages (no embedded files, no signature yet).

    ``cover_override`` replaces cover figures; it exists so tests can build a pack whose
    cover disagrees with its data and prove that the verifier notices.
    """
    register_fonts()
    memoise_paragraph_string_widths()
    _extend_kinsoku()
    texts = load_texts(contents.language)
    layout = load_layout()
    builder = _Builder(contents, texts, layout, cover_override or {})
    return builder.build()


# --------------------------------------------------------------------------------------
class _Builder:
    def __init__(self, contents: PackContents, texts: Texts, layout: dict[str, Any], override: dict[str, Any]):
        self.c = contents
        self.t = texts
        self.layout = layout
        self.override = override
        # Prose is read from the expanded view (contract C1): a facts determination (schema 2)
        # carries message references, not sentences. The hash on the cover is of the stored bytes.
        from reedesk.rules.render import expand

        self.det = expand(contents.attached())  # shape 4: with the revision's snapshot
        self.snapshot = (self.det.get("dossier") or {}).get("snapshot") or {}
        self.zh = texts.language != "en"
        self._latin_styles: dict[str, ParagraphStyle] = {}
        fonts = layout.get("fonts", {})
        colours = layout.get("colours", {})
        self.ink = colors.HexColor(colours.get("ink", "#000000"))
        self.muted = colors.HexColor(colours.get("muted", "#555555"))
        self.grid = colors.HexColor(colours.get("table_grid", "#bbbbbb"))
        self.header_bg = colors.HexColor(colours.get("table_header", "#eeeeee"))
        self.counted_bg = colors.HexColor(colours.get("counted", "#fff4d6"))
        self.rule_colour = colors.HexColor(colours.get("rule", "#999999"))
        body = float(fonts.get("body_size", 9))
        small = float(fonts.get("small_size", 7.5))
        lead = float(fonts.get("leading_factor", 1.35))
        wrap = "CJK" if self.zh else None
        self.st_body = ParagraphStyle("body", fontName=LATIN, fontSize=body, leading=body * lead, textColor=self.ink, wordWrap=wrap, alignment=TA_LEFT)
        self.st_small = ParagraphStyle("small", parent=self.st_body, fontSize=small, leading=small * lead)
        self.st_muted = ParagraphStyle("muted", parent=self.st_small, textColor=self.muted)
        self.st_cell = ParagraphStyle("cell", parent=self.st_body, fontSize=small + 0.5, leading=(small + 0.5) * lead)
        self.st_cell_num = ParagraphStyle("cellnum", parent=self.st_cell, wordWrap=None)  # break amounts at spaces only
        self.st_cell_head = ParagraphStyle("cellhead", parent=self.st_cell, fontName=LATIN_BOLD, fontSize=small, leading=small * lead)
        self.st_mono = ParagraphStyle("mono", parent=self.st_small, fontName=MONO, fontSize=small - 0.5, leading=(small - 0.5) * lead, wordWrap="CJK")
        self.st_machine = ParagraphStyle("machine", parent=self.st_mono, wordWrap=None)
        self.st_h1 = ParagraphStyle("h1", parent=self.st_body, fontName=LATIN_BOLD, fontSize=fonts.get("heading1_size", 15), leading=fonts.get("heading1_size", 15) * 1.3, spaceBefore=4, spaceAfter=6)
        self.st_h2 = ParagraphStyle("h2", parent=self.st_body, fontName=LATIN_BOLD, fontSize=fonts.get("heading2_size", 11.5), leading=fonts.get("heading2_size", 11.5) * 1.3, spaceBefore=8, spaceAfter=4)
        self.st_title = ParagraphStyle("title", parent=self.st_body, fontName=LATIN_BOLD, fontSize=fonts.get("title_size", 22), leading=fonts.get("title_size", 22) * 1.25, spaceAfter=4)
        self.st_outcome = ParagraphStyle("outcome", parent=self.st_body, fontName=LATIN_BOLD, fontSize=fonts.get("outcome_size", 17), leading=fonts.get("outcome_size", 17) * 1.3, textColor=colors.white)
        page = layout.get("page", {})
        self.pagesize = LETTER if str(page.get("size", "A4")).upper() == "LETTER" else A4
        self.margins = {k: float(page.get(k, 20)) * mm for k in ("margin_left", "margin_right", "margin_top", "margin_bottom")}
        self.width = self.pagesize[0] - self.margins["margin_left"] - self.margins["margin_right"]

    # -- small helpers ----------------------------------------------------------------
    def p(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        plain = "" if text is None else str(text)
        return _Paragraph(mixed(plain).replace(LINE_BREAK, "<br/>"), self.wrap_style(plain, style or self.st_body))

    def wrap_style(self, plain: str, style: ParagraphStyle) -> ParagraphStyle:
        """CJK wrapping (break between any two characters) only for text with Chinese in it:
        in a Chinese pack a Latin-only text (a code, an English name) breaks at spaces."""
        if style.wordWrap != "CJK" or _CJK_RE.search(plain):
            return style
        cached = self._latin_styles.get(style.name)
        if cached is None:
            cached = self._latin_styles[style.name] = ParagraphStyle(f"{style.name}-latin", parent=style, wordWrap=None)
        return cached

    def cell(self, text: Any, *, head: bool = False, mono: bool = False, number: bool = False) -> Paragraph:
        style = self.st_mono if mono else (self.st_cell_head if head else (self.st_cell_num if number else self.st_cell))
        plain = "—" if text in (None, "") else str(text)
        paragraph = _Paragraph(mixed(plain).replace(LINE_BREAK, "<br/>"), self.wrap_style(plain, style))
        paragraph._reedesk_plain = plain  # type: ignore[attr-defined]  # for shrink-to-fit in table()
        return paragraph

    def fit(self, paragraph: Any, width: float) -> Any:
        """Shrink a cell's font until its longest unbreakable token (an id, a code, a
        timestamp) fits the column, so it is not split mid-word; below MIN_CELL_FONT the
        token is split after all (rather than overflow the page)."""
        plain = getattr(paragraph, "_reedesk_plain", None)
        if plain is None:
            return paragraph
        style = paragraph.style
        from reportlab.platypus import paragraph as rl_paragraph  # its stringWidth remembers (para_frags)

        width_of = rl_paragraph.stringWidth
        # A token is a piece of the text and no advance width is negative, so when the whole text fits, every
        # token does: one width instead of a regex and one width per token (most cells; issue 13).
        if width_of(plain, style.fontName, style.fontSize) <= width:
            return paragraph
        tokens = _TOKEN_RE.findall(plain)
        if not tokens:
            return paragraph
        longest = max(width_of(t, style.fontName, style.fontSize) for t in tokens)
        if longest <= width:
            return paragraph
        size = max(MIN_CELL_FONT, style.fontSize * width / longest * 0.98)
        smaller = ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size, leading=size * 1.3)
        fitted = _Paragraph(mixed(plain).replace(LINE_BREAK, "<br/>"), self.wrap_style(plain, smaller))
        fitted._reedesk_plain = plain  # type: ignore[attr-defined]
        return fitted

    def table(self, rows: list[list[Any]], widths: list[float], *, header: bool = True, shade_rows: Iterable[int] = ()) -> Table:
        columns = [w * self.width for w in widths]
        rows = [[self.fit(c, columns[i] - 6) if i < len(columns) else c for i, c in enumerate(row)] for row in rows]
        table = Table(rows, colWidths=columns, repeatRows=1 if header else 0, hAlign="LEFT")
        style = [
            ("FONTNAME", (0, 0), (-1, -1), LATIN),  # reportlab's default cell font is Helvetica (not embedded)
            ("GRID", (0, 0), (-1, -1), 0.4, self.grid),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), self.header_bg))
        for row in shade_rows:
            style.append(("BACKGROUND", (0, row), (-1, row), self.counted_bg))
        table.setStyle(TableStyle(style))
        return table

    def kv(self, pairs: list[tuple[str, Any]], *, widths: tuple[float, float] = (0.32, 0.68), mono_keys: Iterable[str] = ()) -> Table:
        mono = set(mono_keys)
        rows = [[self.cell(self.t.get("labels", "field"), head=True), self.cell(self.t.get("labels", "value"), head=True)]]
        for label, value in pairs:
            rows.append([self.cell(label), self.cell(value, mono=label in mono)])
        return self.table(rows, list(widths))

    def L(self, key: str) -> str:
        return str(self.t.get("labels", key))

    def code_name(self, value: Any) -> Any:
        """A dossier code in a Chinese pack by its catalogue name only (稀土永磁體), never the code beside it (the
        guide: no internal codes in Chinese output; the code is in the embedded dossier snapshot). English packs
        show the code as the dossier has it."""
        from reedesk.rules.text import CODE_LABELS  # the one catalogue of these names

        if not self.zh or not isinstance(value, str) or value not in CODE_LABELS:
            return value
        return CODE_LABELS[value][self.t.language]

    def country(self, value: Any) -> Any:
        """An ISO country code in a Chinese pack by its catalogue name (台湾, 中国香港特别行政区), as the window's country
        list and the rule texts (reedesk-texts-4) name it; English packs show the code as the dossier has it. A value
        that is no known code is shown as it is."""
        from reedesk import vocabulary

        return vocabulary.code_in_text("country", value, self.t.language) if self.zh else value

    def currency(self, value: Any) -> Any:
        """An ISO currency code in a Chinese pack by its catalogue name (美元, 人民币); English: the code."""
        from reedesk import vocabulary

        return vocabulary.code_in_text("currency", value, self.t.language) if self.zh else value

    def amount(self, value: Any, currency: Any) -> str:
        """An amount with its currency: "3500.00 USD"; in a Chinese pack 「3500.00美元」 (the figure as stored)."""
        from reedesk import vocabulary

        return vocabulary.amount_text(value, currency, self.t.language if self.zh else "en")

    def here(self, key: dict[str, Any]) -> dict[str, Any]:
        """:func:`key_figures` as this pack prints them: the margin's currency by name in Chinese."""
        finding = value_finding(self.det)
        figures = (finding or {}).get("figures") or {}
        if self.zh and key.get("margin") is not None and figures.get("margin") is not None and figures.get("currency"):
            return {**key, "margin": self.amount(figures["margin"], figures["currency"])}
        return key

    def described(self, description: Any, elements: list[Any]) -> str:
        """A bill-of-materials line's description with its elements: "Samarium metal 99.9% (Sm)". Where the
        user wrote the description in Chinese, Chinese marks: "釤金屬（Sm、Co）". A Latin description keeps Latin
        marks in every pack: no Chinese character is beside them, and a fullwidth mark would make the cell break
        between any two letters ("powde" / "r") instead of at spaces."""
        text = "" if description is None else str(description)
        if self.zh and _CJK_RE.search(text):
            return f"{text}（{'、'.join(str(e) for e in elements)}）"
        return f"{text} ({', '.join(str(e) for e in elements)})"

    def suspended_by(self, window: dict[str, Any]) -> Any:
        """Who suspended a rule, named in the pack's language (zh-Hant: the Traditional name when the pack has one)."""
        if not self.zh:
            return window.get("by")
        hant = window.get("by_zh_hant") if self.t.language == "zh-Hant" else None
        return hant or window.get("by_zh") or window.get("by")

    def action_name(self, value: Any) -> Any:
        """An audit action in a Chinese pack by its catalogue name alone (``audit_action``: 匯出失敗), not the
        recorded verb beside it (that is in the embedded audit proofs). English packs show the verb as recorded."""
        if not self.zh or not isinstance(value, str):
            return value
        return self.t.code("action", value)

    def rule_name(self, finding: dict[str, Any]) -> str:
        """A rule as a heading. English packs: its id. Chinese packs: by its citation, never the id (the guide: no
        internal codes in Chinese output): 「商务部公告2025年第61号第一条第（一）项」, the finding's cited text as the
        CLI memo and the window's determinations panel name it (reedesk.rule_names.cited_rule_name). Only a finding
        nothing names (not reedesk's form; a pack is exported from reedesk's own determinations) keeps its id."""
        from reedesk.rule_names import cited_rule_name

        rule = str(finding.get("rule") or "")
        if not self.zh:
            return rule
        return cited_rule_name(finding, self.t.language) or rule

    def article(self, citation: dict[str, Any]) -> Any:
        """The cited article in a Chinese pack: the pack's Chinese wording (第三条, 第一条第（二）项) where
        the expanded citation carries it (``article_text``), else the article as the pack writes it."""
        text = self.lang_text(citation.get("article_text")) if isinstance(citation.get("article_text"), dict) else ""
        return text or citation.get("article")

    def meaning(self, value: Any) -> Any:
        """A signature's meaning in the pack's language when it is one of the vocabulary's
        ("Prepared by" → 編製人); a meaning the signer typed otherwise stays as typed."""
        if not self.zh or not isinstance(value, str):
            return value
        from reedesk import vocabulary

        code = vocabulary.parse_choice("signature_meaning", value, "en")
        return vocabulary.label("signature_meaning", code, self.t.language) if code else value

    def entity_name(self, kind: Any, ident: Any) -> str:
        """What an audit event is about: "判定 3" in a Chinese pack, the type by the catalogue's name
        (``audit_entity``, the words of ``reedesk audit log`` and the window's audit view). A type the catalogue
        does not name is left out rather than shown as a code: the id says what it is about."""
        if self.zh and isinstance(kind, str):
            from reedesk import vocabulary

            if vocabulary.known("audit_entity", kind):
                kind = vocabulary.label("audit_entity", kind, self.t.language)
            else:
                name = self.t.code("entity", kind)
                kind = name if name != kind.replace("_", " ") else ""
            # A long id (a dossier reference) on a line of its own: a CJK cell breaks between any two characters,
            # which split "LM-2026-00" / "42" in the narrow column.
            return f"{kind}{LINE_BREAK if kind and len(str(ident)) > 6 else ' '}{ident}".strip()
        return f"{kind} {ident}"

    def actor_name(self, value: Any) -> Any:
        """Who acted; a Chinese pack says "(account root)" in Chinese."""
        if not self.zh or not isinstance(value, str):
            return value
        match = re.search(r"\((account|database role) ([^()]*)\)$", value)
        if match is None:
            return value
        person = value[: match.start()].rstrip()
        parts = person.rsplit(" ", 1)  # "Mai Tran 947B-E9F6-FF74-63C6": the fingerprint on its own line, never split
        if len(parts) == 2 and re.fullmatch(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3}", parts[1]):
            person = f"{parts[0]}{LINE_BREAK}{parts[1]}"
        kind = "actor_account" if match.group(1) == "account" else "actor_database_role"  # a team desk's login
        return f"{person}{LINE_BREAK}{self.t.fmt('labels', kind, account=match.group(2))}"

    def lang_text(self, value: Any) -> str:
        """Pick this pack's language from an {en, zh-Hans, zh-Hant} dict (falling back sensibly)."""
        if isinstance(value, dict):
            for key in (self.t.language, "zh" if self.zh else "en", "zh-Hant" if self.t.language == "zh-Hans" else "zh-Hans", "en"):
                if value.get(key):
                    return str(value[key])
            return ""
        return "" if value is None else str(value)

    def money(self, value: Any) -> str:
        if isinstance(value, dict):
            amount, currency = value.get("amount"), value.get("currency")
            if amount is None:
                return "—"
            return self.amount(amount, currency)
        return "—" if value is None else str(value)

    # -- document ---------------------------------------------------------------------
    def build(self) -> bytes:
        buffer = io.BytesIO()
        reference = (self.det.get("dossier") or {}).get("reference") or self.snapshot.get("reference") or "—"
        footer = _Footer(self.t, self.c.document_id, str(reference), self.margins, self.muted, self.rule_colour)
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.margins["margin_left"],
            rightMargin=self.margins["margin_right"],
            topMargin=self.margins["margin_top"],
            bottomMargin=self.margins["margin_bottom"],
            title=f"{self.t.get('cover', 'title')} — {reference}",
            author=", ".join(str(s.get("name")) for s in self.c.signatures() if s.get("name")) or "reedesk",
            subject=f"{self.det.get('outcome')} as of {self.det.get('as_of')}",  # replaced when signed (builder._metadata)
            creator="reedesk",
            producer="reedesk (reportlab)",
            lang=self.t.language,
            invariant=1,
            initialFontName=LATIN,
        )
        from reedesk.evidence.checkpage import howto_page

        story: list[Flowable] = []
        story += self.cover()
        story += howto_page(self, self.c.timestamp_authority)
        story.append(PageBreak())
        story += self.concerns()
        story += self.applicant()
        story += self.product()
        story += self.end_use()
        story += self.bom()
        story += self.headroom_page()
        story += self.trace()
        story += self.signatures()
        story += self.audit()
        story += self.appendix_packs()
        story += self.appendix_files()
        doc.build(story, canvasmaker=footer.canvas_class())
        return buffer.getvalue()

    # -- cover ------------------------------------------------------------------------
    def cover(self) -> list[Flowable]:
        t = self.t
        figures = dict(self.c.cover_figures())
        figures.update(self.override)
        extra = self.here(key_figures(self.det))
        outcome = str(figures.get("outcome") or "")
        outcome_colour = colors.HexColor(self.layout.get("outcome_colours", {}).get(outcome, "#333333"))
        out: list[Flowable] = [
            self.p(t.get("cover", "title"), self.st_title),
            self.p(t.get("cover", "subtitle"), self.st_muted),
            Spacer(1, 6 * mm),
        ]
        rows = [[self.p(t.get("cover", "outcome"), ParagraphStyle("ol", parent=self.st_small, textColor=colors.white))],
                [self.p(t.outcome(outcome), self.st_outcome)]]
        if not self.zh:
            # English keeps FORMATS.md's machine name under the outcome, small and in mono, so a regulator can match
            # it to the embedded JSON and `reedesk verify --json`; a Chinese cover names the outcome only (the guide:
            # no internal codes in Chinese output; the machine line at the foot still carries it for the verifier).
            rows.append([self.p(outcome, ParagraphStyle("oc", parent=self.st_small, fontName=MONO, textColor=colors.white))])
        badge = Table(rows, colWidths=[self.width], hAlign="LEFT")
        badge.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), ("BACKGROUND", (0, 0), (-1, -1), outcome_colour), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        out.append(badge)
        summary = self.lang_text(self.det.get("summary"))
        if summary:
            from reedesk.field_labels import readable

            summary = readable(str(summary), self.t.language)  # fields as the editor names them, not JSON paths (issue 14)
            out += [Spacer(1, 2 * mm), self.p(summary, self.st_body)]
        out += self.coverage_box()
        from reedesk.evidence.checkpage import completeness_block

        out += completeness_block(self)
        out.append(Spacer(1, 3 * mm))

        dossier = self.det.get("dossier") or {}
        product = self.snapshot.get("product") or {}
        shipment = self.snapshot.get("shipment") or {}
        end_user = shipment.get("end_user") or {}
        facts = [
            (t.get("cover", "as_of"), figures.get("as_of")),
            (t.get("cover", "dossier"), figures.get("reference")),
            (t.get("cover", "revision"), dossier.get("revision")),
            (t.get("cover", "product"), product.get("name")),
            (t.get("cover", "destination"), " · ".join(x for x in [self.country(shipment.get("destination")), end_user.get("name")] if x)),
        ]
        rows = [[self.cell(k, head=True), self.cell(v)] for k, v in facts]
        key_row = len(rows)
        rows.append([self.cell(t.get("cover", "key_figures"), head=True), ""])
        rows += self.key_figure_rows(figures, extra)
        qr_size = float(self.layout.get("cover", {}).get("qr_size", 38)) * mm
        facts_table = Table(rows, colWidths=[0.42 * (self.width - qr_size - 6 * mm), 0.58 * (self.width - qr_size - 6 * mm)], hAlign="LEFT")
        facts_table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.grid),
                                         ("SPAN", (0, key_row), (1, key_row)), ("BACKGROUND", (0, key_row), (1, key_row), self.header_bg),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        qr = _qr_drawing(str(figures.get("determination_sha256") or ""), qr_size)
        qr_block = [qr, self.p(t.get("cover", "qr_caption"), self.st_muted)]
        layout_table = Table([[facts_table, qr_block]], colWidths=[self.width - qr_size - 6 * mm, qr_size + 6 * mm], hAlign="LEFT")
        layout_table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (1, 0), (1, 0), 6 * mm)]))
        out += [layout_table, Spacer(1, 4 * mm)]

        # The determination's SHA-256 is in the QR code and the machine line below (room for the completeness block).
        signers = self.c.signatures()
        if signers:
            out.append(self.p(t.get("cover", "signed_by"), self.st_small))
            for s in signers:
                out.append(self.p(f"{s.get('name')} · {s.get('role')} · {s.get('organisation')} · {s.get('signed_at')} · “{self.meaning(s.get('meaning'))}”", self.st_body))
            out.append(Spacer(1, 3 * mm))
        colon = "：" if self.zh else ": "  # Chinese text takes the fullwidth colon, as the CLI writes it
        out.append(self.p(f"{t.get('cover', 'document_id')}{colon}{self.c.document_id}", self.st_small))
        out.append(self.p(f"{t.get('cover', 'generated')}{colon}{self.c.created_at}", self.st_small))
        out.append(Spacer(1, 2 * mm))
        out.append(self.p(t.get("cover", "how_to_verify") + " " + t.get("completeness", "see_howto"), self.st_muted))
        out.append(Spacer(1, 2 * mm))
        tokens = cover_machine_tokens(figures)
        line = f"{escape(tokens[0])} {escape(tokens[1])}<br/>" + "<br/>".join(escape(t) for t in tokens[2:])
        # Never split across pages: the verifier reads the whole line from the cover (page 1, or 2 if it runs on).
        out.append(KeepTogether([self.p(t.get("cover", "machine_line"), self.st_muted), Paragraph(line, self.st_machine)]))
        return out

    def key_figure_rows(self, figures: dict[str, Any], extra: dict[str, Any]) -> list[list[Any]]:
        """The figures of the decisive finding(s): technology and stage for the technology
        rule, origin for origin rules, the value ratio only when the value rule was
        evaluated with data (marked "not decisive" when another rule decided)."""
        t = self.t
        rows: list[list[Any]] = []
        decisive = decisive_findings(self.det)
        value = value_finding(self.det)
        for finding in decisive:
            citation = finding.get("citation") if isinstance(finding.get("citation"), dict) else {}
            cited = " ".join(str(citation.get(k)) for k in ("announcement", "article") if citation.get(k))
            if self.zh and citation.get("announcement_zh"):  # zh-Hant: the Traditional name where the pack gives one
                name = (citation.get("announcement_zh_hant") if self.t.language == "zh-Hant" else None) or citation.get("announcement_zh")
                cited = " ".join(str(x) for x in (name, self.article(citation)) if x)
            named = f"{finding.get('rule')} — {cited}" if cited else finding.get("rule")
            own = cover_rule_citation(finding, self.t.language) if self.zh else None
            if own:  # Chinese: the rule by its citation alone, as the trace titles it (the verifier's cover check reads it)
                named = own
            rows.append([self.cell(t.get("cover", "decisive")), self.cell(named)])
            kind = finding.get("kind")
            f_figures = finding.get("figures") if isinstance(finding.get("figures"), dict) else {}
            if kind == "direct_product":
                for tech in f_figures.get("technologies") or []:
                    if isinstance(tech, dict) and tech.get("counts"):
                        stage = t.code("stage", str(tech.get("stage")))
                        rows.append([self.cell(t.fmt("cover", "technology", origin=self.country(tech.get("origin") or f_figures.get("technology_origin") or ""))),
                                     self.cell(t.fmt("cover", "technology_value", description=tech.get("description") or "—", stage=stage))])
            elif kind == "origin" or kind == "destination_ban":
                product = self.snapshot.get("product") or {}
                shipment = self.snapshot.get("shipment") or {}
                rows.append([self.cell(t.get("cover", "origin_basis")),
                             self.cell(t.fmt("cover", "origin_value", made_in=self.country(product.get("made_in")) or "—",
                                             export_from=self.country(shipment.get("export_from")) or "—",
                                             destination=self.country(shipment.get("destination")) or "—"))])
        role = cover_ratio_role(self.det)
        if value is not None and figures.get("ratio") is not None and role is not None:
            is_decisive = role == "decisive"
            label = str(t.get("cover", "ratio")) + ("" if is_decisive else " " + str(t.get("cover", "not_decisive")))
            percent = figures.get("ratio_percent") or "—"
            threshold = figures.get("threshold")
            ratio_text = t.fmt("cover", "ratio_value", percent=percent, ratio=figures.get("ratio"))
            if extra.get("content_complete") is False:
                ratio_text += " — " + str(t.get("cover", "ratio_incomplete"))
            rows.append([self.cell(label), self.cell(ratio_text)])
            if threshold is not None:
                rows.append([self.cell(t.get("cover", "threshold")), self.cell(t.fmt("cover", "threshold_value", percent=extra.get("threshold_percent") or _percent_of(threshold), threshold=threshold))])
            if is_decisive and extra.get("margin") is not None:
                margin = t.fmt("cover", "margin_value", margin=extra["margin"], points=extra["margin_points"]) if extra.get("margin_points") else extra["margin"]
                margin = partial_margin(t, extra, margin)  # never as if final (issue 14)
                rows.append([self.cell(t.get("cover", "margin")), self.cell(margin)])
        elif not decisive:
            rows.append([self.cell(""), self.cell(t.get("cover", "no_ratio"))])
        return rows

    def coverage_box(self) -> list[Flowable]:
        """A framed caveat when the as-of date is later than a pack's reviewed-until date."""
        caveats = coverage_caveats(self.det, self.c.rule_packs)
        if caveats is None:
            return []
        t = self.t
        lines = [self.p(t.fmt("cover", "coverage_title", reviewed=caveats["reviewed_until"]), ParagraphStyle("cvt", parent=self.st_body, fontName=LATIN_BOLD))]
        for s in caveats["suspensions"]:
            by = self.suspended_by(s)
            lines.append(self.p(t.fmt("cover", "coverage_suspension", by=by, until=s.get("until"), reviewed=caveats["reviewed_until"], as_of=caveats["as_of"]), self.st_body))
        notes = [self.lang_text(n) for n in caveats["notes"]]
        for note in notes or [t.fmt("cover", "coverage_generic", reviewed=caveats["reviewed_until"])]:
            lines.append(self.p(note, self.st_small))
        colour = colors.HexColor(self.layout.get("colours", {}).get("caveat", "#b26a00"))
        box = Table([[line] for line in lines], colWidths=[self.width], hAlign="LEFT")
        box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), ("BOX", (0, 0), (-1, -1), 1.2, colour),
                                 ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(self.layout.get("colours", {}).get("caveat_background", "#fff4e0"))),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return [Spacer(1, 3 * mm), box]

    # -- points to note (C4) -------------------------------------------------------------
    def concerns(self) -> list[Flowable]:
        """"Points to note before relying on this determination": the same list the signer saw
        before signing or exporting (reedesk.concerns over the expanded determination), as of
        the day the pack was made, so the pack says what the user chose to proceed despite."""
        from datetime import date

        from reedesk.concerns import concerns_for

        try:
            today = date.fromisoformat(str(self.c.created_at)[:10])
        except ValueError:
            today = None
        found = concerns_for(self.det, today=today)
        t = self.t
        out: list[Flowable] = [self.p(t.get("sections", "concerns"), self.st_h1),
                               self.p(t.fmt("concerns", "intro", today=today.isoformat() if today else "—"), self.st_muted),
                               Spacer(1, 2 * mm)]
        if not found:
            return out + [self.p(t.get("concerns", "none"), self.st_body), Spacer(1, 4 * mm)]
        rows = [[self.cell(t.get("concerns", "warning" if c.severity == "warning" else "info"), head=True), self.cell(c.text(t.language))]
                for c in found]
        table = self.table(rows, [0.14, 0.86], header=False)
        return out + [table, Spacer(1, 4 * mm)]

    # -- 1. applicant -----------------------------------------------------------------
    def applicant(self) -> list[Flowable]:
        s = self.snapshot
        client = s.get("client") or {}
        exporter = s.get("exporter") or {}
        out: list[Flowable] = [self.p(self.t.get("sections", "applicant"), self.st_h1)]
        out.append(self.kv([
            (self.L("reference"), s.get("reference")),
            (f"{self.L('exporter')} — {self.L('name')}", exporter.get("name")),
            (f"{self.L('exporter')} — {self.L('country')}", self.country(exporter.get("country"))),
            (f"{self.L('client')} — {self.L('name')}", client.get("name")),
            (f"{self.L('client')} — {self.L('country')}", self.country(client.get("country"))),
        ]))
        out.append(Spacer(1, 3 * mm))
        out.append(self.p(self.L("documents_needed"), self.st_small))
        for item in self.t.get("labels", "documents_list") or []:
            out.append(self.p(f"• {item}", self.st_small))
        return out

    # -- 2. product ---------------------------------------------------------------------
    def product(self) -> list[Flowable]:
        product = self.snapshot.get("product") or {}
        out: list[Flowable] = [self.p(self.t.get("sections", "product"), self.st_h1)]
        out.append(self.kv([
            (self.L("product_name"), product.get("name")),
            (self.L("description"), product.get("description")),
            (self.L("hs_code"), product.get("hs_code")),
            (self.L("category"), self.code_name(product.get("category"))),
            (self.L("elements"), ("、" if self.zh else ", ").join(product.get("elements") or []) or None),
            (self.L("made_in"), self.country(product.get("made_in"))),
            (self.L("unit_value"), self.money(product.get("unit_value"))),
        ]))
        techs = self.snapshot.get("technologies") or []
        out.append(self.p(self.L("technologies"), self.st_h2))
        if techs:
            rows = [[self.cell(self.L("stage"), head=True), self.cell(self.L("origin"), head=True), self.cell(self.L("description"), head=True)]]
            for tech in techs:
                if isinstance(tech, dict):
                    rows.append([self.cell(self.code_name(tech.get("stage"))), self.cell(self.country(tech.get("origin"))), self.cell(tech.get("description"))])
            out.append(self.table(rows, [0.3, 0.15, 0.55]))
        else:
            out.append(self.p(self.L("none"), self.st_small))
        return out

    # -- 3. end use -------------------------------------------------------------------
    def end_use(self) -> list[Flowable]:
        shipment = self.snapshot.get("shipment") or {}
        end_use = shipment.get("end_use") or {}
        end_user = shipment.get("end_user") or {}
        military = end_user.get("military")
        out: list[Flowable] = [self.p(self.t.get("sections", "end_use"), self.st_h1)]
        out.append(self.kv([
            (self.L("export_from"), self.country(shipment.get("export_from"))),
            (self.L("destination"), self.country(shipment.get("destination"))),
            (self.L("end_use_category"), self.code_name(end_use.get("category"))),
            (self.L("end_use_description"), end_use.get("description")),
            (f"{self.L('end_user')} — {self.L('name')}", end_user.get("name")),
            (f"{self.L('end_user')} — {self.L('country')}", self.country(end_user.get("country"))),
            (self.L("military_user"), self.L("yes") if military else self.L("no")),
        ]))
        return out

    # -- 4. bill of materials ----------------------------------------------------------
    def bom(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(60 * mm), self.p(self.t.get("sections", "bom"), self.st_h1)]
        finding = value_finding(self.det)
        figures = (finding or {}).get("figures") or {}
        currency = figures.get("currency") or ""
        per_component = {}
        for row in figures.get("components") or []:
            if isinstance(row, dict) and row.get("id") is not None:
                per_component[str(row.get("id"))] = row
        rows = [[self.cell(h, head=True) for h in ("ID", self.L("component"), self.L("origin"), self.L("category"), self.L("amount"),
                                                     self.L("rate"), self.L("converted"), self.L("counted"), self.L("reason"))]]
        shade = []
        for index, component in enumerate(self.snapshot.get("components") or [], start=1):
            if not isinstance(component, dict):
                continue
            figure = per_component.get(str(component.get("id")), {})
            counted = figure.get("counted")
            if counted:
                shade.append(index)
            rate = figure.get("rate")
            if isinstance(rate, dict):
                source = str(rate.get("source") or "")
                rate = (f"{self.currency(rate.get('from', ''))}→{self.currency(rate.get('to', ''))} {rate.get('rate', '')}"
                        f"（{rate.get('date', '')}，{source}）"
                        if self.zh else
                        f"{rate.get('from', '')}→{rate.get('to', '')} {rate.get('rate', '')} ({rate.get('date', '')}, {source})")
            converted = figure.get("converted")
            if isinstance(converted, dict):
                converted = self.money(converted)
            elif converted is not None:
                converted = self.amount(converted, currency)
            elif counted and figure.get("currency") and currency and figure.get("currency") != currency:
                # a counted line that could not be converted says so (issue 14: incomplete data stated where it bites)
                rate = self.t.fmt("labels", "no_rate", source=self.currency(figure.get("currency")), target=self.currency(currency))
                converted = self.L("not_in_sum")
            rows.append([
                self.cell(component.get("id")),
                self.cell(self.described(component.get("description"), component.get("elements") or [])),
                self.cell(self.country(component.get("origin"))),
                self.cell(self.code_name(component.get("category"))),
                self.cell(self.money(component.get("value")), number=True),
                self.cell(rate),
                self.cell(converted, number=True),
                self.cell((self.L("yes") if counted else self.L("no")) if figure else None),
                self.cell(self.lang_text(figure.get("reason"))),
            ])
        out.append(self.table(rows, [0.045, 0.13, 0.07, 0.11, 0.09, 0.11, 0.105, 0.09, 0.25], shade_rows=shade))
        if finding is None:
            out.append(Spacer(1, 2 * mm))
            out.append(self.p(self.L("no_bom"), self.st_small))
            return out
        steps = [self.p(f"{step.get('n', '')}. {self.lang_text(step)}", self.st_body) for step in finding.get("steps") or [] if isinstance(step, dict)]
        for row in figures.get("components") or []:  # each counted line left out of the sum, in a step of its own
            if (isinstance(row, dict) and row.get("counted") and row.get("converted") is None and row.get("currency")
                    and currency and row.get("currency") != currency):
                steps.insert(max(len(steps) - 1, 1), self.p("• " + self.t.fmt("labels", "unconverted_step", line=row.get("id") or row.get("index"),
                                               amount=row.get("amount"), source=self.currency(row.get("currency")),
                                               target=self.currency(currency)), self.st_body))  # before the ratio step
        out.append(KeepTogether([self.p(f"{self.L('calculation')} — {self.rule_name(finding)}", self.st_h2)] + steps[:1]))
        out += steps[1:]
        kf = self.here(key_figures(self.det))
        def money(value: Any) -> Any:
            return self.amount(value, currency) if value not in (None, "") else None
        summary = [
            (self.L("sum"), money(figures.get("content_total") or figures.get("sum"))),
            (self.L("item_value"), money(figures.get("item_value"))),
            (self.L("ratio"), figures.get("ratio")),
            (self.L("percent"), f"{kf.get('ratio_percent')} %" if kf.get("ratio_percent") else None),
            (self.L("threshold"), (f"{figures.get('threshold')}（{kf.get('threshold_percent')} %）" if self.zh
                                   else f"{figures.get('threshold')} ({kf.get('threshold_percent')} %)") if kf.get("threshold_percent") else figures.get("threshold")),
            (self.L("margin"), partial_margin(self.t, kf,
                                              self.t.fmt("cover", "margin_value", margin=kf.get("margin"), points=kf.get("margin_points"))
                                              if kf.get("margin_points") else kf.get("margin"))),
            (self.L("rounding"), self.t.fmt("labels", "rounding_half_even", places=figures.get("display_places"))
             if self.zh and "ROUND_HALF_EVEN" in str(kf.get("rounding") or "") and figures.get("display_places") else kf.get("rounding")),
            (self.L("method"), self.lang_text(figures.get("method"))),
        ]
        out.append(Spacer(1, 2 * mm))
        out.append(self.kv([(k, v) for k, v in summary if v not in (None, "", "—")], widths=(0.24, 0.76)))
        return out

    # -- optional: headroom page (issue 16) ----------------------------------------------
    def headroom_page(self) -> list[Flowable]:
        """The headroom chart and its figures (ratio, threshold, margin, smallest
        re-sourcing set), on a page of its own, when the user asked for it. Figures only,
        never advice; all of them come from ``contents.headroom`` (the determination's)."""
        doc = self.c.headroom
        if not doc:
            return []
        from reedesk.portfolio.chart import headroom_chart_flowable

        t = self.t
        cur = doc.get("currency") or ""

        def money(value: Any) -> str:
            return self.amount(value, cur)

        finding = next((f for f in self.det.get("findings") or [] if isinstance(f, dict) and f.get("rule") == doc.get("rule")), {})
        citation = finding.get("citation") if isinstance(finding.get("citation"), dict) else {}
        rule = str(doc.get("rule"))
        if self.zh and (finding.get("citation") or finding.get("rule")):
            # The rule as every heading of a Chinese pack names it (rule_name: 「商務部公告2025年第61號第一條第（一）項」),
            # not the announcement in Simplified with the article's Latin code beside it (「商务部公告2025年第61号」 I(1))
            rule = f"「{self.rule_name(finding)}」" if finding else rule
        points = str(doc.get("margin_percent_points_display") or "").lstrip("-")
        margin = Decimal(str(doc["margin"]))
        margin_text = t.fmt("headroom", "margin_above" if margin >= 0 else "margin_below", margin=money(abs(margin)), points=points)
        r = doc.get("resourcing") or {}
        if r.get("status") == "found":
            resourcing = t.fmt("headroom", "resourcing_found", count=r.get("count"), lines=("、" if self.zh else ", ").join(r.get("lines") or []),
                               moved=money(r.get("value_moved")), after=money(r.get("content_after")), ratio=r.get("ratio_after_percent_display"))
        else:
            resourcing = t.get("headroom", "resourcing_not_possible" if r.get("status") == "not_possible" else "resourcing_already_below")
        pairs = [
            (t.get("headroom", "ratio"), t.fmt("headroom", "ratio_value", percent=doc.get("ratio_percent_display"),
                                               content=money(doc.get("content_total")), item=money(doc.get("item_value")))),
            (t.get("headroom", "threshold"), t.fmt("headroom", "threshold_value", percent=doc.get("threshold_percent_display"), value=money(doc.get("threshold_value")))),
            (t.get("headroom", "margin"), margin_text),
            (t.get("headroom", "resourcing"), resourcing),
        ]
        out: list[Flowable] = [
            PageBreak(), self.p(t.get("headroom", "title"), self.st_h1),
            self.p(t.fmt("headroom", "intro", rule=rule, as_of=doc.get("as_of")), self.st_body),
            *self.headroom_decided_by_other(doc), Spacer(1, 3 * mm),
            headroom_chart_flowable(doc, self.t.language, self.width), Spacer(1, 3 * mm),
            self.p(t.get("headroom", "figures"), self.st_h2), self.kv(pairs, widths=(0.3, 0.7)),
            self.p(t.get("headroom", "resourcing_rule"), self.st_muted),
            self.p(t.get("headroom", "statement"), self.st_h2), self.p(self.lang_text(doc.get("statement")), self.st_body),
            PageBreak(),  # a page of its own: the rule trace starts on the next one
        ]
        return out

    def headroom_decided_by_other(self, doc: dict[str, Any]) -> list[Flowable]:
        """When another rule decided the outcome (e.g. the technology rule for TK-NDFEB-7), the
        headroom page names it: "below the threshold" beside "licence required" must not read as
        a contradiction, nor as a way out."""
        decisive = [f for f in decisive_findings(self.det) if f.get("rule") != doc.get("rule")]
        if not decisive:
            return []
        names = []
        for finding in decisive:
            citation = finding.get("citation") if isinstance(finding.get("citation"), dict) else {}
            cited = " ".join(str(citation.get(k)) for k in ("announcement", "article") if citation.get(k))
            if self.zh and citation.get("announcement_zh"):
                name = (citation.get("announcement_zh_hant") if self.t.language == "zh-Hant" else None) or citation.get("announcement_zh")
                cited = " ".join(str(x) for x in (name, self.article(citation)) if x)
            names.append(f"{finding.get('rule')}（{cited}）" if self.zh and cited else (f"{finding.get('rule')} ({cited})" if cited else str(finding.get("rule"))))
        outcome = str(self.det.get("outcome") or "")
        text = self.t.fmt("headroom", "decided_by_other", rules=("、" if self.zh else "; ").join(names), outcome=self.t.outcome(outcome))
        return [Spacer(1, 2 * mm), self.p(text, ParagraphStyle("decided", parent=self.st_body, fontName=LATIN_BOLD))]

    # -- 5. rule trace ------------------------------------------------------------------
    def trace(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(90 * mm)]
        heading: list[Flowable] = [self.p(self.t.get("sections", "trace"), self.st_h1)]
        decisive = set(self.det.get("decisive") or [])
        for finding in _officer_order(self.det.get("findings") or [], decisive):
            citation = finding.get("citation") or {}
            if not isinstance(citation, dict):
                citation = {"announcement": str(citation)}
            suspension = finding.get("suspension")
            announcement = " ".join(str(citation.get(k)) for k in ("announcement", "article") if citation.get(k))
            if self.zh and citation.get("announcement_zh"):  # Chinese packs: the Chinese name only (zh-Hant: Traditional where given)
                hant = citation.get("announcement_zh_hant") if self.t.language == "zh-Hant" else None
                announcement = " ".join(str(x) for x in (hant or citation["announcement_zh"], self.article(citation)) if x)
            elif citation.get("announcement_zh"):
                announcement += f" · {citation['announcement_zh']}"
            zh_phrase = (citation.get("key_phrase_zh_hant") if self.t.language == "zh-Hant" else None) or citation.get("key_phrase_zh")
            pairs: list[tuple[str, Any]] = [
                (self.L("citation"), announcement),
                # Each pack in its own language: English packs the English key phrase, Chinese packs the Chinese one.
                (self.L("key_phrase") if self.zh else f"{self.L('key_phrase')} (en)", zh_phrase if self.zh else citation.get("key_phrase_en")),
                *([] if self.zh else [(f"{self.L('key_phrase')} (中文)", zh_phrase)]),
                (self.L("result"), self.t.result(str(finding.get("result")))),
                (self.L("finding_outcome"), self.L("no_effect") if has_no_effect(finding) else (self.t.outcome(str(finding.get("outcome"))) if finding.get("outcome") else None)),
            ]
            in_force = finding.get("in_force")
            if isinstance(in_force, dict) and in_force.get("from"):
                pairs.append((self.L("in_force"), f"{in_force.get('from')} → {in_force.get('until') or '…'}"))
            if isinstance(suspension, dict):
                by = self.suspended_by(suspension)
                pairs.append((self.L("suspension"), self.t.fmt("labels", "suspension_value", start=suspension.get("from"), until=suspension.get("until"), by=by)))
            pairs.append((self.L("explanation"), self.lang_text(finding.get("explanation"))))
            if finding.get("reading"):
                pairs.append((self.L("reading"), self.lang_text(finding.get("reading"))))
            for note in finding.get("unverified_text") or finding.get("unverified") or []:  # trilingual where the engine gives it
                pairs.append((self.L("unverified"), self.lang_text(note)))
            policy = finding.get("policy")
            if isinstance(policy, dict):
                for applied in policy.get("applied") or []:
                    if isinstance(applied, dict):
                        mark = self.L("matched") if applied.get("matched") else self.L("not_matched")
                        policy_line = (f"{self.rule_name({'rule': applied.get('rule')})}（{mark}）：" if self.zh else f"{applied.get('rule')} ({mark}): ")
                        pairs.append((self.L("policy"), policy_line + self.lang_text(applied.get("explanation"))))
            if finding is value_finding(self.det):
                pairs.append((self.L("figures"), self.L("see_bom")))
            else:
                scalars = {k: v for k, v in (finding.get("figures") or {}).items() if isinstance(v, (str, int)) and not isinstance(v, bool)}
                if self.zh:  # a figure without a Chinese name stays in the signed data, not on a Chinese page
                    scalars = {k: v for k, v in scalars.items() if self.t.code("figure", k) != k.replace("_", " ")}
                if scalars:
                    pairs.append((self.L("figures"), ("；" if self.zh else "; ").join(
                        f"{self.t.code('figure', k)}{'：' if self.zh else ': '}"
                        f"{self.country(v) if k in _COUNTRY_FIGURES else self.t.code('value', str(v))}" for k, v in scalars.items())))
            marker = " ★" if finding.get("rule") in decisive else ""
            title = f"{self.rule_name(finding)} — {self.t.result(str(finding.get('result')))}{marker}"
            block = heading + [self.p(title, self.st_h2), self.kv([(k, v) for k, v in pairs if v not in (None, "")], widths=(0.24, 0.76))]
            heading = []
            out.append(KeepTogether(block))
        out += heading  # no findings at all: still print the section title
        missing = self.det.get("missing") or []
        if missing:
            out.append(self.p(self.t.get("sections", "missing"), self.st_h2))
            rows = [[self.cell(self.L("missing_field"), head=True), self.cell(self.L("needed_by"), head=True), self.cell(self.L("explanation"), head=True)]]
            by_rule = {f.get("rule"): f for f in self.det.get("findings") or [] if isinstance(f, dict)}
            for item in missing:
                if isinstance(item, dict):
                    needed_by = item.get("needed_by")
                    if self.zh and isinstance(needed_by, str):  # the rule by its citation, as its finding's title
                        needed_by = self.rule_name(by_rule.get(needed_by) or {"rule": needed_by})
                    field = item.get("field")
                    if self.zh and isinstance(field, str):  # the field as the window names it, not its JSON path
                        from reedesk.vocabulary import path_place

                        rows.append([self.cell(path_place(field, self.t.language)), self.cell(needed_by), self.cell(self.lang_text(item))])
                    else:
                        rows.append([self.cell(field, mono=True), self.cell(needed_by), self.cell(self.lang_text(item))])
            out.append(self.table(rows, [0.3, 0.25, 0.45]))
        notes = self.det.get("notes") or []
        if notes:
            out.append(self.p(self.t.get("sections", "notes"), self.st_h2))
            for note in notes:
                out.append(self.p(f"• {self.lang_text(note)}", self.st_small))
        engine = self.det.get("engine") or {}
        if engine:
            out.append(Spacer(1, 2 * mm))
            out.append(self.p(f"{self.L('engine')}{'：' if self.zh else ': '}{engine.get('name')} {engine.get('version')}", self.st_muted))
        return out

    # -- 6. signatures ------------------------------------------------------------------
    def signatures(self) -> list[Flowable]:
        from reedesk.evidence.keyfmt import short_fingerprint

        out: list[Flowable] = [CondPageBreak(70 * mm)]
        heading: list[Flowable] = [self.p(self.t.get("sections", "signatures"), self.st_h1)]
        signers = self.c.signatures()
        if not signers:
            return out + heading + [self.p(self.L("no_signatures"), self.st_small)]
        for index, s in enumerate(signers, start=1):
            pairs = [
                (self.L("signer"), s.get("name")),
                (self.L("role"), s.get("role")),
                (self.L("organisation"), s.get("organisation")),
                (self.L("signed_at"), s.get("signed_at")),
                (self.L("meaning"), self.meaning(s.get("meaning"))),
                (self.L("key"), short_fingerprint(str(s.get("key_id") or ""))),
                (self.L("key_id"), s.get("key_id")),
            ]
            out.append(KeepTogether(heading + [self.p(f"#{index}", self.st_h2), self.kv(pairs, mono_keys=(self.L("key_id"),))]))
            heading = []
        return out

    # -- 7. audit -------------------------------------------------------------------------
    def audit(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(90 * mm), self.p(self.t.get("sections", "audit"), self.st_h1)]
        proofs = self.c.audit_proofs
        if not proofs:
            return out + [self.p(self.L("no_audit"), self.st_small)]
        head = proofs.get("tree_head") or proofs.get("head") or {}
        if isinstance(head, dict) and head:
            out.append(self.p(self.L("tree_head"), self.st_h2))
            out.append(self.kv([
                (self.L("tree_size"), head.get("size") or head.get("tree_size")),
                (self.L("root_hash"), head.get("root_hash") or head.get("root")),
                (self.L("head_signed_at"), head.get("signed_at") or head.get("time")),
                *self.head_key_rows(head),
            ], mono_keys=(self.L("root_hash"), self.L("head_key"), self.L("head_key_team"), self.L("desk_key"))))
        events = [e for e in proofs.get("events") or [] if isinstance(e, dict)]
        out += self.head_certified(head, events)
        limit = int(self.layout.get("audit", {}).get("max_events", 40))
        shown = events[-limit:]
        if len(events) > len(shown):
            out.append(self.p(self.t.fmt("labels", "more_events", count=len(events) - len(shown)), self.st_muted))
        rows = [[self.cell(h, head=True) for h in (self.L("seq"), self.L("time"), self.L("actor"), self.L("action"), self.L("entity"), self.L("event_hash"), self.L("proof"))]]
        named = self.team_people(events)  # a team desk's bare database role → "Mai Tran (database role alice)"
        for entry in shown:
            event = entry.get("event") if isinstance(entry.get("event"), dict) else entry
            proof = entry.get("proof") if "proof" in entry else entry.get("inclusion_proof") or entry.get("audit_path")
            if isinstance(proof, dict):
                path = proof.get("path") or proof.get("hashes") or proof.get("audit_path") or []
                index = proof.get("leaf_index", proof.get("index", entry.get("leaf_index")))
            else:
                path = proof or []
                index = entry.get("leaf_index", entry.get("index"))
            rows.append([
                self.cell(event.get("seq")),
                self.cell(event.get("occurred_at")),
                self.cell(self.actor_name(named.get(str(event.get("actor")), event.get("actor")))),
                self.cell(self.action_name(event.get("action"))),
                self.cell(self.entity_name(event.get("entity_type"), event.get("entity_id"))),
                self.cell((entry.get("hash") or event.get("hash") or "")[:16], mono=True),
                self.cell(self.t.fmt("labels", "proof_value", index=index, length=len(path) if isinstance(path, list) else "?")),
            ])
        # The time column holds a whole timestamp; Chinese packs give the person (name, fingerprint) more room.
        out.append(self.table(rows, [0.06, 0.22, 0.16, 0.10, 0.15, 0.15, 0.16] if self.zh else [0.06, 0.27, 0.1, 0.09, 0.16, 0.16, 0.16]))
        return out

    def team_certificate(self, head: dict[str, Any]) -> tuple[str, str, str] | None:
        """(head role, head key id, desk key id) of a team pack whose head-key certificate
        (``head-key-certificate.json``, reedesk.evidence.head_certificate) certifies the key that
        signed ``head``; None on a single-user or 0.1.0 pack (the head is the desk key's)."""
        document = self.c.head_key_certificate
        if not isinstance(document, dict):
            return None
        certificate, desk = document.get("certificate"), document.get("desk_key")
        role = document.get("head_role")
        if not isinstance(certificate, dict) or not isinstance(desk, dict) or not isinstance(role, str):
            return None
        if not head.get("key_id") or certificate.get("key_id") != head.get("key_id") or not desk.get("key_id"):
            return None
        return role, str(head["key_id"]), str(desk["key_id"])

    def head_key_rows(self, head: dict[str, Any]) -> list[tuple[str, Any]]:
        """The head's key row: on a team pack the person's head key and the desk key that certified it."""
        team = self.team_certificate(head)
        if team is None:
            return [(self.L("head_key"), head.get("key_id"))]
        return [(self.L("head_key_team"), team[1]), (self.L("desk_key"), team[2])]

    @staticmethod
    def team_people(events: list[dict[str, Any]]) -> dict[str, str]:
        """A team desk's database role → who she is, as her signed events record her ("Mai Tran (database role
        alice)"), so an event she wrote without signing (import, evaluate, export: the trail records the bare
        role) names the person too, as the audit log does (reedesk.services.audit_words.SIGNER reads the same
        form). A role whose signed events name several people stays bare; an OS account (a single-user desk) is
        left as recorded."""
        signer = re.compile(r"^(?P<name>.+?)(?: [0-9A-F]{4}(?:-[0-9A-F]{4}){3})? \(database role (?P<role>[^()]+)\)$")
        names: dict[str, set[str]] = {}
        for entry in events:
            event = entry.get("event") if isinstance(entry.get("event"), dict) else entry
            match = signer.match(str(event.get("actor") or ""))
            if match:
                names.setdefault(match.group("role"), set()).add(match.group("name"))
        return {role: f"{next(iter(found))} (database role {role})" for role, found in names.items() if len(found) == 1}

    def head_person(self, role: str, events: list[dict[str, Any]]) -> str:
        """The database role that wrote the head as the pack names people elsewhere: the name the
        audit trail records for that role ("Mai Tran (database role alice)"), else the role alone."""
        pattern = re.compile(r"^(?P<name>.+?)(?: [0-9A-F]{4}(?:-[0-9A-F]{4}){3})? \(database role " + re.escape(role) + r"\)$")
        for entry in reversed(events):
            event = entry.get("event") if isinstance(entry.get("event"), dict) else entry
            match = pattern.match(str(event.get("actor") or ""))
            if match:
                return self.t.fmt("labels", "head_person", name=match.group("name"), role=role)
        return self.t.fmt("labels", "head_role", role=role)

    def head_certified(self, head: Any, events: list[dict[str, Any]]) -> list[Flowable]:
        """On a team pack, the sentence that says whose head key signed the head and that the desk
        key certified it — the desk key, not the person's key, is the one a reviewer trusts
        (what ``reedesk verify`` checks and names). Nothing on a single-user pack."""
        team = self.team_certificate(head) if isinstance(head, dict) else None
        if team is None:
            return []
        from reedesk.evidence.keyfmt import short_fingerprint

        role, head_key, desk_key = team
        text = self.t.fmt("labels", "head_certified", person=self.head_person(role, events),
                          head_key=short_fingerprint(head_key), desk=short_fingerprint(desk_key))
        return [Spacer(1, 2 * mm), self.p(text, self.st_body), Spacer(1, 2 * mm)]

    # -- appendices ---------------------------------------------------------------------
    def appendix_packs(self) -> list[Flowable]:
        out: list[Flowable] = [PageBreak(), self.p(self.t.get("sections", "appendix_packs"), self.st_h1)]
        rows = [[self.cell(h, head=True) for h in (self.L("pack_id"), self.L("title"), self.L("version"), self.L("effective"), self.L("reviewed_until"), self.L("sha256_canonical"))]]
        for pack in self.c.rule_packs:
            meta = _pack_meta(str(pack.get("source_text") or ""))
            title = meta.get("title_zh") if self.zh and meta.get("title_zh") else meta.get("title_en") or meta.get("title")
            if isinstance(title, dict):
                title = self.lang_text(title)
            elif self.t.language == "zh-Hant" and meta.get("title_zh"):  # Traditional script (the pack's, or OpenCC's s2t)
                title = meta.get("title_zh_hant") or _traditional(str(meta["title_zh"]))
            announcement = meta.get("announcement_zh") if self.zh and meta.get("announcement_zh") else meta.get("announcement")
            if self.t.language == "zh-Hant" and meta.get("announcement_zh"):  # the Traditional name the pack gives, or s2t's
                announcement = meta.get("announcement_zh_hant") or _traditional(str(meta["announcement_zh"]))
            label = " — ".join(str(x) for x in (announcement, title) if x)
            rows.append([
                self.cell(pack.get("id"), mono=True), self.cell(label), self.cell(pack.get("version")),
                self.cell(meta.get("effective_from")), self.cell(meta.get("reviewed_until")), self.cell(pack.get("sha256"), mono=True),
            ])
        out.append(self.table(rows, [0.17, 0.3, 0.08, 0.11, 0.11, 0.23]))
        out.append(Spacer(1, 2 * mm))
        out.append(self.p(self.L("sha256_note"), self.st_muted))
        return out

    def appendix_files(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(120 * mm), self.p(self.t.get("sections", "appendix_files"), self.st_h1)]
        rows = [[self.cell(h, head=True) for h in (self.L("file"), self.L("mime"), self.L("relationship"), self.L("size"), self.L("sha256_file"))]]
        for f in self.c.files():
            if self.zh:  # a file name is a code span; the format by its name (JSON, TOML), the relationship in words
                name, mime, relationship = f"({f.name})", _FORMAT_NAMES.get(f.mime, f.mime), self.t.code("relationship", f.relationship)
            else:
                name, mime, relationship = f.name, f.mime, f.relationship
            rows.append([self.cell(name, mono=True), self.cell(mime, mono=True), self.cell(relationship), self.cell(len(f.data)), self.cell(f.sha256, mono=True)])
        # Chinese packs name the format (JSON, TOML), not the MIME type: the file name gets that room.
        out.append(self.table(rows, [0.39, 0.08, 0.13, 0.08, 0.32] if self.zh else [0.27, 0.2, 0.13, 0.08, 0.32]))
        return out


# --------------------------------------------------------------------------------------
# Chinese punctuation that must not start a line. reportlab's list (textsplit) is made for
# Japanese and lacks the full-width comma, semicolon, colon, ! and ?, so a line could start
# with "，"; its CJK wrapper hangs such a character on the previous line instead.
_NO_LINE_START = "，；：！？、。）」』】〕》〉％"


def _extend_kinsoku() -> None:
    """Teach reportlab's CJK line breaker Chinese kinsoku: extend its no-line-start list, and
    (since it hangs at most one character) move any run of such punctuation still starting
    a line — "）；" at a break — to the end of the previous line."""
    import reportlab.platypus.paragraph as rl_paragraph

    import reportlab.lib.textsplit as rl_textsplit

    missing = "".join(ch for ch in _NO_LINE_START if ch not in rl_paragraph.ALL_CANNOT_START)
    if missing:
        rl_paragraph.ALL_CANNOT_START += missing
    # A paragraph of one style (most cells) is broken by textsplit.dumbSplit, which reads textsplit's own list.
    missing = "".join(ch for ch in _NO_LINE_START if ch not in rl_textsplit.ALL_CANNOT_START)
    if missing:
        rl_textsplit.ALL_CANNOT_START += missing
    from reedesk.evidence.rl_patch import install_once

    install_once(rl_paragraph, "cjkFragSplit", _hanging_punctuation)
    install_once(rl_paragraph, "wordSplit", _hanging_word_split)


def _hanging_punctuation(original: Any) -> Any:
    def split(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        try:
            _hang_line_start_punctuation(result.lines)
        except Exception:  # noqa: BLE001 — never lose a page over typography
            pass
        return result

    return split


def _hanging_word_split(original: Any) -> Any:
    """The one-style paragraph's splitter (textsplit.wordSplit, lines of [extra space, text]) with the same rule as
    :func:`_hang_line_start_punctuation`: it hangs one character, so "的" / "；自中國" and a lone "。" after "）"
    still started lines (a No. 1 of 2026 reading, 1f78cf6's wording)."""
    def split(word: Any, max_widths: Any, font_name: str, font_size: float, *args: Any, **kwargs: Any) -> Any:
        lines = original(word, max_widths, font_name, font_size, *args, **kwargs)
        try:
            _hang_in_plain_lines(lines, font_name, font_size)
        except Exception:  # noqa: BLE001 — never lose a page over typography
            pass
        return lines

    return split


def _hang_in_plain_lines(lines: list[Any], font_name: str, font_size: float) -> None:
    index = 1
    while index < len(lines):
        previous, line = lines[index - 1], lines[index]
        text = line[1]
        if not isinstance(text, str):
            return
        count = len(text) - len(text.lstrip(_NO_LINE_START))
        if count == 0:
            index += 1
            continue
        moved = text[:count]
        width = pdfmetrics.stringWidth(moved, font_name, font_size)
        previous[1] = previous[1] + moved
        previous[0] -= width
        if count == len(text):
            del lines[index]
            continue
        line[1] = text[count:]
        line[0] += width
        index += 1


def _hang_line_start_punctuation(lines: list[Any]) -> None:
    for previous, line in zip(lines, lines[1:]):
        words = getattr(line, "words", None)
        before = getattr(previous, "words", None)
        if not words or not before or getattr(previous, "lineBreak", False):
            continue
        first = words[0]
        text = str(first.text)
        count = len(text) - len(text.lstrip(_NO_LINE_START))
        if count == 0 or count == len(text) and len(words) == 1:
            continue
        moved = text[:count]
        width = pdfmetrics.stringWidth(moved, first.fontName, first.fontSize)
        first.text = text[count:]
        if not first.text:
            words.pop(0)
        last = before[-1]
        if last.fontName == first.fontName and last.fontSize == first.fontSize:
            last.text = str(last.text) + moved
        else:
            clone = first.clone()
            clone.text = moved
            before.append(clone)
        previous.currentWidth += width
        previous.extraSpace -= width
        line.currentWidth -= width
        line.extraSpace += width


def _traditional(text: str) -> str:
    """``text`` in Traditional script (OpenCC s2t), for a zh-Hant pack's titles that the packs give in Simplified only."""
    from reedesk.screening.normalise import _s2t

    return _s2t().convert(text)


def _percent_of(value: Any) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        return format((Decimal(str(value)) * 100).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)


def _officer_order(findings: list[Any], decisive: set[str]) -> list[dict[str, Any]]:
    """Findings an officer must read first: the decisive rules, then rules that apply or are
    suspended or lack data, then the ones that do not apply (order kept within each group)."""
    def rank(f: dict[str, Any]) -> int:
        if f.get("rule") in decisive:
            return 0
        return 1 if f.get("result") in ("applies", "suspended", "insufficient_data") else 2
    valid = [f for f in findings if isinstance(f, dict)]
    return sorted(valid, key=rank)


def partial_margin(t: Texts, key: dict[str, Any], margin: Any) -> Any:
    """The margin to the threshold as printed (``key``: :func:`key_figures`): when some content is not
    valued (``content_complete`` false) a lower bound if the known content already reaches the
    threshold, else "not final" — never a figure from partial content as if it were the answer (issue 14)."""
    if key.get("content_complete") is not False or margin in (None, ""):
        return margin
    if key.get("comparison") == "at_or_above":
        return t.fmt("cover", "margin_at_least", margin=margin)
    return t.get("cover", "margin_not_final")


# A finding's scalar figures whose value is an ISO country code (named in a Chinese pack by :meth:`_Builder.country`)
_COUNTRY_FIGURES = frozenset({"home_country", "technology_origin", "destination"})


@lru_cache(maxsize=64)
def _pack_meta(source: str) -> dict[str, Any]:
    """Best-effort title and dates of a rule pack for the appendix (never fails the export).

    Cached by the pack's text: the nine packs of a determination were parsed again (TOML)
    at every export only to print their titles. Callers only read the result."""
    from reedesk.evidence.contents import pack_toml

    data = pack_toml(source)
    if data is None:
        return {}
    for key in ("pack", "meta"):
        if isinstance(data.get(key), dict):
            merged = dict(data[key])
            merged.update({k: v for k, v in data.items() if not isinstance(v, (dict, list))})
            return merged
    return data


class QrFlowable(Flowable):
    """A QR code drawn as an image of its modules (no fonts involved, unlike reportlab's graphics renderer)."""

    def __init__(self, value: str, size: float):
        super().__init__()
        self.matrix = qr_matrix(value or "-")
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        # One grey-scale image of one pixel per module (black or white), scaled to the code's size:
        # the cover's content stream then holds one image operator instead of ~250 rectangles
        # (~1,000 operands), which every reader of the cover parses — the export's own check and
        # `reedesk verify` extract the cover text (issue 13). Same modules; /Interpolate is off.
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        cells = len(self.matrix)
        pixels = bytes(0 if dark else 255 for line in self.matrix for dark in line)
        image = Image.frombytes("L", (cells, cells), pixels)
        self.canv.drawImage(ImageReader(image), 0, 0, self.size, self.size)


@lru_cache(maxsize=16)
def qr_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules for ``value`` (rows of dark/light), remembered for the last few values.

    Making the code tries all eight mask patterns and scores each (~8 ms of a pack's drawing, issue 13);
    the modules depend on the value alone, and the packs of one determination (each language, each
    export again) all print the same value: its SHA-256."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(value)
    code.make(fit=True)
    return tuple(tuple(bool(dark) for dark in line) for line in code.get_matrix())


def _qr_drawing(value: str, size: float) -> Flowable:
    return QrFlowable(value, size)


def draw_mixed(canvas: rl_canvas.Canvas, x: float, y: float, text: str, size: float, *, align: str = "left") -> None:
    """Draw one line on a canvas, switching to the CJK font for the characters DejaVu lacks."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = CJK if needs_cjk(char) else LATIN
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    width = sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)


class _Footer:
    """Draws header and footer on every page once the page count is known ("page x of y")."""

    def __init__(self, texts: Texts, document_id: str, reference: str, margins: dict[str, float], muted: Any, rule: Any):
        self.texts, self.document_id, self.reference, self.margins, self.muted, self.rule = texts, document_id, reference, margins, muted, rule

    def canvas_class(self) -> type:
        footer = self

        class NumberedCanvas(rl_canvas.Canvas):
            def __init__(self, *args: Any, **kwargs: Any):
                # reportlab's default initial font is Helvetica, which is not embedded: use ours.
                kwargs["initialFontName"] = kwargs.get("initialFontName") or LATIN
                super().__init__(*args, **kwargs)
                self._saved: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 (reportlab API)
                self._saved.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._saved)
                for state in self._saved:
                    self.__dict__.update(state)
                    footer.draw(self, self._pageNumber, total)
                    super().showPage()
                super().save()

        return NumberedCanvas

    def draw(self, canvas: rl_canvas.Canvas, page: int, pages: int) -> None:
        width, height = canvas._pagesize
        left, right = self.margins["margin_left"], width - self.margins["margin_right"]
        canvas.saveState()
        canvas.setFillColor(self.muted)
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.4)
        top_y = height - self.margins["margin_top"] + 8
        canvas.line(left, top_y - 3, right, top_y - 3)
        draw_mixed(canvas, left, top_y, self.texts.get("cover", "title"), 7)
        draw_mixed(canvas, right, top_y, self.texts.fmt("footer", "dossier", reference=self.reference), 7, align="right")
        bottom_y = self.margins["margin_bottom"] - 12
        canvas.line(left, bottom_y + 9, right, bottom_y + 9)
        draw_mixed(canvas, left, bottom_y, self.texts.fmt("footer", "document", doc_id=self.document_id), 7)
        draw_mixed(canvas, right, bottom_y, self.texts.fmt("footer", "page", page=page, pages=pages), 7, align="right")
        canvas.restoreState()
