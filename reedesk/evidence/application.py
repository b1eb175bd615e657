"""The licence application pack: the facts MOFCOM's officer reads, in the order they read
them, in Simplified Chinese (English beside them on request), with the checklist of
supporting documents and the documents themselves embedded (issue 15).

Pure with respect to the desk, like :mod:`reedesk.evidence.builder`: it takes the
evidence :class:`~reedesk.evidence.contents.PackContents` of the signed determination,
the application document and the attachments, and returns signed PDF bytes. It is an
evidence pack in structure — the same manifest format, determination, envelopes, rule
packs and audit proofs, signed by :func:`reedesk.evidence.pdfsign.embed_and_sign` — so
``reedesk verify`` checks it unchanged; its first page carries the same machine line
(:func:`reedesk.evidence.layout.cover_machine_tokens`). On top it embeds
``licence-application.json`` and every attached document as PDF/A-3 associated files
(``/AFRelationship /Supplement``), each listed in the manifest with its SHA-256.

Wording lives in ``reports/application/<language>.toml`` (zh-Hans and en); the Traditional pages (``zh-Hant``,
for a reader of Traditional script) are the Simplified wording converted by OpenCC (s2t), as the desk converts
every Simplified text it has no Traditional one for, and the determination's own zh-Hant texts.
Order of facts and the checklist: RULES.md "Second review", "Application materials, in
the order an officer reads them"; watch-listed parties add a risk-assessment report and
a written undertaking (Dual-Use Regulations Art. 26); a humanitarian export needs a
report and an undertaking instead of a licence (No. 61).
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterable

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.evidence.contents import JSON, MANIFEST_NAME, EmbeddedFile, PackContents, cover_ratio_role, decisive_findings, key_figures
from reedesk.resources import data_folder

APPLICATION_FORMAT = "reedesk.licence-application/1"
APPLICATION_NAME = "licence-application.json"
ATTACHMENT_PREFIX = "attachment-"
PACK_KIND = "licence_application"
MAIN_LANGUAGE = "zh-Hans"
CHINESE = ("zh-Hans", "zh-Hant")  # the script of the pages; English may stand beside either

LICENCE_OUTCOMES = frozenset({"license_required", "license_required_presumption_of_denial", "case_by_case"})
HUMANITARIAN_OUTCOMES = frozenset({"exempt_report_required"})

STANDARD_ITEMS = ("identity_papers", "contract", "technical_description", "end_user_certificate",
                  "end_use_certificate", "certificate_translation", "end_user_description", "non_transfer_guarantee")
WATCH_LIST_ITEMS = ("risk_assessment_report", "written_undertaking")
HUMANITARIAN_ITEMS = ("humanitarian_report", "humanitarian_undertaking")
CHECKLIST_ITEMS = STANDARD_ITEMS + WATCH_LIST_ITEMS + HUMANITARIAN_ITEMS
# Key figures of the value rule shown in section 7 (labels in reports/application/*.toml [figures]).
FIGURE_KEYS = ("ratio_percent", "threshold_percent", "margin", "item_value", "content_total", "currency")


@dataclass(frozen=True)
class Attachment:
    """A supporting document as stored on the desk (bytes and SHA-256)."""

    kind: str
    file_name: str
    media_type: str
    sha256: str
    data: bytes


@lru_cache(maxsize=4)
def load_application_texts(language: str) -> dict[str, dict[str, str]]:
    """The wording of the pages in ``language``: en, zh-Hans, or zh-Hant (zh-Hans through OpenCC s2t)."""
    if language == "zh-Hant":
        from reedesk.screening.normalise import to_traditional

        simplified = load_application_texts("zh-Hans")
        texts = {section: {key: to_traditional(str(text)) for key, text in table.items()} for section, table in simplified.items()}
        texts.setdefault("meta", {})["language"] = "zh-Hant"
        return texts
    with (data_folder("reports") / "application" / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _subject(application: dict[str, Any], reference: str) -> str:
    """The document properties' subject: in the pages' Chinese (an English application keeps the English subject
    it always had, since its pages are Simplified with English beside them)."""
    if "en" in (application.get("languages") or []) or not application.get("languages"):
        return f"licence application {reference}, as of {application.get('as_of')}"
    cover = load_application_texts(main_language(application))["cover"]
    return f"{cover['title']} {reference}，{cover['as_of']} {application.get('as_of')}"


def main_language(application: dict[str, Any]) -> str:
    """The Chinese script of an application's pages: zh-Hant when its ``languages`` name it, else zh-Hans (MOFCOM's)."""
    return "zh-Hant" if "zh-Hant" in (application.get("languages") or []) else MAIN_LANGUAGE


# ---------------------------------------------------------------------------- the application document


def listed_kinds(determination: dict[str, Any]) -> set[str]:
    """List kinds of the confirmed screening hits the determination carries."""
    kinds: set[str] = set()
    screening = determination.get("screening")
    for party in (screening or {}).get("parties") or [] if isinstance(screening, dict) else []:
        for hit in (party.get("hits") or []) if isinstance(party, dict) else []:
            if isinstance(hit, dict) and hit.get("decision") == "confirmed" and isinstance(hit.get("list_kind"), str):
                kinds.add(hit["list_kind"])
    return kinds


def _snapshot(determination: dict[str, Any]) -> dict[str, Any]:
    return (determination.get("dossier") or {}).get("snapshot") or {}


def is_humanitarian(determination: dict[str, Any]) -> bool:
    end_use = ((_snapshot(determination).get("shipment") or {}).get("end_use") or {})
    return determination.get("outcome") in HUMANITARIAN_OUTCOMES or end_use.get("category") == "humanitarian"


def checklist(determination: dict[str, Any], attachments: Iterable[Attachment]) -> list[dict[str, Any]]:
    """Every checklist item with ``attached`` / ``missing`` / ``not_applicable`` and its files."""
    by_kind: dict[str, list[Attachment]] = {}
    for a in attachments:
        by_kind.setdefault(a.kind, []).append(a)
    humanitarian = is_humanitarian(determination)
    watch = "watch_list" in listed_kinds(determination)
    required = set(HUMANITARIAN_ITEMS) if humanitarian else set(STANDARD_ITEMS) | (set(WATCH_LIST_ITEMS) if watch else set())
    out = []
    for item in CHECKLIST_ITEMS:
        files = [{"name": a.file_name, "sha256": a.sha256, "media_type": a.media_type,
                  "embedded_as": attachment_file_name(a)} for a in by_kind.get(item, [])]
        if item not in required:
            status = "attached" if files else "not_applicable"
        else:
            status = "attached" if files else "missing"
        basis = "humanitarian" if item in HUMANITARIAN_ITEMS else "watch_list" if item in WATCH_LIST_ITEMS else "standard"
        out.append({"item": item, "required": item in required, "status": status, "basis": basis, "files": files})
    return out


def attachment_file_name(a: Attachment) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in a.file_name)[-80:]
    return f"{ATTACHMENT_PREFIX}{a.kind}-{a.sha256[:12]}-{safe}"


def application_document(
    contents: PackContents, *, control_codes: list[str], evidence: dict[str, Any] | None,
    attachments: list[Attachment], languages: list[str], prepared_by: dict[str, Any],
) -> dict[str, Any]:
    """``licence-application.json``: what the pages show, as data (canonical JSON, hashed)."""
    det = contents.attached()  # shape 4: with the revision's snapshot
    snapshot = _snapshot(det)
    shipment = snapshot.get("shipment") or {}
    return {
        "format": APPLICATION_FORMAT,
        "document_id": contents.document_id,
        "created_at": contents.created_at,
        "languages": languages,
        "reference": (det.get("dossier") or {}).get("reference"),
        "as_of": det.get("as_of"),
        "outcome": det.get("outcome"),
        "determination_sha256": contents.determination_sha256,
        "evidence_pack": evidence,
        "applicant": snapshot.get("exporter"),
        "item": {"product": snapshot.get("product"), "control_codes": list(control_codes)},
        "quantity": shipment.get("quantity"),
        "value": total_value(snapshot),
        "importer": shipment.get("importer"),
        "consignee": shipment.get("consignee"),
        "end_user": shipment.get("end_user"),
        "end_use": shipment.get("end_use"),
        "licence": det.get("licence"),
        "listed_kinds": sorted(listed_kinds(det)),
        "humanitarian": is_humanitarian(det),
        "checklist": checklist(det, attachments),
        "prepared_by": prepared_by,
    }


def total_value(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    """unit value × quantity, exact (no rounding), or None when either is unknown."""
    product = snapshot.get("product") or {}
    quantity = (snapshot.get("shipment") or {}).get("quantity") or {}
    unit_value = product.get("unit_value") or {}
    try:
        amount = Decimal(str(unit_value.get("amount"))) * Decimal(str(quantity.get("amount")))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not amount.is_finite() or not unit_value.get("currency"):
        return None
    return {"amount": format(amount, "f"), "currency": unit_value.get("currency"),
            "rule": "unit_value.amount × shipment.quantity.amount, exact"}


# ---------------------------------------------------------------------------- files


def application_files(contents: PackContents, application: dict[str, Any], attachments: list[Attachment]) -> list[EmbeddedFile]:
    """The evidence files plus the application and its attachments; the manifest rebuilt last."""
    import json

    base = contents.files()
    manifest = json.loads(base[-1].data)
    assert base[-1].name == MANIFEST_NAME
    files = list(base[:-1])
    files.append(EmbeddedFile(APPLICATION_NAME, canonical_bytes(application), JSON, "Data",
                              "Licence application facts and checklist (reedesk.licence-application/1)"))
    seen = set()
    for a in attachments:
        name = attachment_file_name(a)
        if name in seen:
            continue
        seen.add(name)
        files.append(EmbeddedFile(name, a.data, a.media_type, "Supplement", f"Supporting document: {a.kind} ({a.file_name})"))
    manifest["kind"] = PACK_KIND
    manifest["application"] = {"document": APPLICATION_NAME,
                               "evidence_document_id": (application.get("evidence_pack") or {}).get("document_id")}
    manifest["files"] = [{"name": f.name, "sha256": f.sha256, "mime": f.mime, "relationship": f.relationship} for f in files]
    files.append(EmbeddedFile(MANIFEST_NAME, canonical_bytes(manifest), JSON, "Data",
                              "reedesk pack manifest: file list with SHA-256 and the cover figures"))
    return files


def build_application_pack(contents: PackContents, application: dict[str, Any], attachments: list[Attachment],
                           private_key: Any, *, signer: dict[str, Any], now: datetime,
                           timestamp_url: str | None = None) -> bytes:
    """The signed application PDF (pages + associated files, PAdES over the whole file)."""
    from reedesk.evidence.pdfsign import embed_and_sign

    pages = render_application_pages(contents, application)
    reference = application.get("reference") or ""
    return embed_and_sign(
        pages, application_files(contents, application, attachments), private_key,
        signer_name=str(signer.get("name") or ""), organisation=str(signer.get("organisation") or ""),
        role=str(signer.get("role") or ""), reason=f"reedesk licence application {contents.document_id}",
        now=now, timestamp_url=timestamp_url,
        metadata={"title": f"{load_application_texts(main_language(application))['cover']['title_humanitarian' if application.get('humanitarian') and application.get('outcome') in HUMANITARIAN_OUTCOMES else 'title']} — {reference}",
                  "subject": _subject(application, reference),
                  "keywords": [contents.document_id, reference, str(application.get("outcome")),
                               f"determination-sha256:{contents.determination_sha256}"]},
    )


# ---------------------------------------------------------------------------- pages


class _Pages:
    """reportlab story of the application pages: Chinese (Simplified, or Traditional when chosen) first, English
    beside it when chosen."""

    def __init__(self, contents: PackContents, application: dict[str, Any]):
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        from reedesk.evidence.fonts import LATIN, LATIN_BOLD, MONO

        self.c, self.a = contents, application
        self.det = contents.attached()  # shape 4: with the revision's snapshot
        self.snapshot = _snapshot(self.det)
        self.main = main_language(application)
        self.zh = load_application_texts(self.main)
        self.english = "en" in (application.get("languages") or [])
        self.en = load_application_texts("en") if self.english else None
        self.colors = colors
        self.body = ParagraphStyle("appbody", fontName=LATIN, fontSize=9, leading=13, wordWrap="CJK")
        self.small = ParagraphStyle("appsmall", parent=self.body, fontSize=7.5, leading=10.5)
        self.muted = ParagraphStyle("appmuted", parent=self.small, textColor=colors.HexColor("#555555"))
        self.head = ParagraphStyle("apphead", parent=self.small, fontName=LATIN_BOLD)
        self.h1 = ParagraphStyle("apph1", parent=self.body, fontName=LATIN_BOLD, fontSize=17, leading=23, spaceAfter=4)
        self.h2 = ParagraphStyle("apph2", parent=self.body, fontName=LATIN_BOLD, fontSize=11.5, leading=16, spaceBefore=10, spaceAfter=4)
        self.mono = ParagraphStyle("appmono", parent=self.small, fontName=MONO, fontSize=7, leading=9.5, wordWrap=None)

    # -- text helpers ----------------------------------------------------------
    def t(self, section: str, key: str, **values: Any) -> str:
        zh = str(self.zh.get(section, {}).get(key, key)).format(**values) if values else str(self.zh.get(section, {}).get(key, key))
        if not self.en:
            return zh
        en = str(self.en.get(section, {}).get(key, key))
        en = en.format(**values) if values else en
        return f"{zh} / {en}"

    def p(self, text: Any, style: Any = None) -> Any:
        from reportlab.platypus import Paragraph

        from reedesk.evidence.fonts import mixed

        return Paragraph(mixed("" if text is None else str(text)), style or self.body)

    def pick(self, value: Any) -> str:
        """A trilingual text in the pages' Chinese (and English beside it when chosen)."""
        if not isinstance(value, dict):
            return "" if value is None else str(value)
        zh = str(value.get(self.main) or value.get("zh-Hans") or value.get("zh") or value.get("en") or "")
        if self.english and value.get("en") and value.get("en") != zh:
            return f"{zh}\n{value['en']}"
        return zh

    def para(self, value: Any, style: Any = None) -> list[Any]:
        return [self.p(line, style) for line in self.pick(value).split("\n") if line]

    def table(self, rows: list[list[Any]], widths: list[float], header: bool = False) -> Any:
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        from reedesk.evidence.fonts import LATIN

        total = 170 * mm
        cells = [[self.p(c, self.head if header and i == 0 else self.small) if not hasattr(c, "wrap") else c for c in row]
                 for i, row in enumerate(rows)]
        table = Table(cells, colWidths=[w * total for w in widths], repeatRows=1 if header else 0, hAlign="LEFT")
        style = [("FONTNAME", (0, 0), (-1, -1), LATIN), ("GRID", (0, 0), (-1, -1), 0.4, self.colors.HexColor("#bbbbbb")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#eeeeee")))
        table.setStyle(TableStyle(style))
        return table

    def kv(self, pairs: list[tuple[str, Any]]) -> Any:
        return self.table([[k, "—" if v in (None, "") else v] for k, v in pairs], [0.32, 0.68])

    def code_label(self, code: Any) -> str:
        from reedesk.rules.text import label

        if not isinstance(code, str):
            return self.t("labels", "unknown")
        text = label(code)
        return f"{text[self.main]} / {text['en']}" if self.english else text[self.main]

    def coded(self, kind: str, code: Any) -> Any:
        """A country or currency of the dossier as the pages' Chinese names it (「韩国」, 「美元」, not KR, USD: the
        guide's "no codes in Chinese output"), with the code the user typed beside it when English stands beside the
        Chinese; an unknown value (None, a typo) as recorded."""
        from reedesk.vocabulary import code_in_text

        named = code_in_text(kind, code, self.main)
        return f"{named} / {code}" if self.english and named != code else named

    def money(self, amount: Any, currency: Any) -> str:
        """An amount as stored, never re-rounded, with its currency named in the pages' Chinese (「1250.00美元」),
        and "1250.00 USD" beside it when English stands beside the Chinese."""
        from reedesk.vocabulary import amount_text

        zh = amount_text(amount, currency, self.main)
        english = amount_text(amount, currency, "en")
        return f"{zh} / {english}" if self.english and zh != english else zh

    def rule_name(self, finding: dict[str, Any]) -> str:
        """A decisive rule by the citation it carries in the pages' Chinese (「商务部公告2025年第61号第一条第（一）项」, as
        the evidence pack's rule trace titles it), not its id; the id beside it when English stands beside."""
        from reedesk.rule_names import cited_rule_name

        rule = str(finding.get("rule") or "")
        cited = cited_rule_name(finding, self.main)
        if not cited:
            return rule
        return f"{cited} / {rule}" if self.english else cited

    def decisive_names(self, det: dict[str, Any]) -> str:
        """The cover's decisive rules by their citations (the finding each id names carries its own), as the
        reasoning page heads them, not by id."""
        by_rule = {f.get("rule"): f for f in decisive_findings(det)}
        rules = [d for d in det.get("decisive") or [] if isinstance(d, str)]
        return "；".join(self.rule_name(by_rule.get(d) or {"rule": d}) for d in rules)

    def figure(self, key: str, value: Any) -> str:
        """A key figure of the value rule as text; its currency named as :meth:`coded` names it."""
        return str(self.coded("currency", value) if key == "currency" else value)

    def party(self, party: Any) -> str:
        if not isinstance(party, dict) or not party.get("name"):
            return self.t("labels", "unknown")
        out = f"{party.get('name')}（{self.coded('country', party.get('country')) or '—'}）"
        if party.get("military") is True:
            out += f"；{self.t('labels', 'military')}：{self.t('labels', 'yes')}"
        return out

    # -- story ------------------------------------------------------------------
    def story(self) -> list[Any]:
        from reportlab.platypus import PageBreak, Spacer

        out: list[Any] = []
        out += self.cover()
        out.append(PageBreak())
        for section in (self.applicant, self.item, self.quantity, self.contract, self.consignee, self.end_user,
                        self.reasoning, self.checklist_section, self.attachments_section):
            out += section()
            out.append(Spacer(1, 4))
        return out

    def cover(self) -> list[Any]:
        from reportlab.platypus import Spacer

        from reedesk.evidence.layout import cover_machine_tokens
        from reedesk.evidence.texts import load_texts

        det, a = self.det, self.a
        figures = key_figures(det)
        outcome = str(det.get("outcome"))
        outcome_zh = load_texts(self.main).outcome(outcome)
        outcome_text = f"{outcome_zh} / {load_texts('en').outcome(outcome)}" if self.english else outcome_zh
        evidence = a.get("evidence_pack") or {}
        ev_text = evidence.get("document_id") or self.t("cover", "evidence_none")
        if evidence.get("determination_sha256") and evidence.get("determination_sha256") != self.c.determination_sha256:
            ev_text += " " + self.t("cover", "evidence_other", sha=evidence["determination_sha256"])
        counts = {s: sum(1 for i in a["checklist"] if i["status"] == s) for s in ("attached", "missing")}
        pairs = [
            (self.t("cover", "reference"), a.get("reference")),
            (self.t("cover", "applicant"), self.party(a.get("applicant"))),
            (self.t("cover", "as_of"), det.get("as_of")),
            (self.t("cover", "outcome"), outcome_text),
            (self.t("cover", "decisive"), self.decisive_names(det) or "—"),
        ]
        if cover_ratio_role(det) is not None and figures.get("ratio_percent"):
            pairs.append((self.t("cover", "ratio"), f"{figures['ratio_percent']} %"))
        pairs += [
            (self.t("cover", "document_id"), self.c.document_id),
            (self.t("cover", "evidence"), ev_text),
            (self.t("cover", "determination_sha"), self.c.determination_sha256),
        ]
        report = bool(a.get("humanitarian")) and outcome in HUMANITARIAN_OUTCOMES
        title, subtitle = ("title_humanitarian", "subtitle_humanitarian") if report else ("title", "subtitle")
        out = [self.p(self.t("cover", title), self.h1), self.p(self.t("cover", subtitle), self.muted), Spacer(1, 8),
               self.kv(pairs), Spacer(1, 6),
               self.p(self.t("cover", "checklist_summary", attached=counts["attached"], missing=counts["missing"]), self.head)]
        required = [[self.t("checklist", i["item"]), {"attached": "✔ ", "missing": "✘ "}.get(i["status"], "") +
                     self.t("labels", i["status"])] for i in a["checklist"] if i["required"]]
        if required:  # the overview an officer wants on page 1; section 8 has the files and hashes
            out += [Spacer(1, 3), self.table(required, [0.7, 0.3])]
        if a.get("listed_kinds") and "watch_list" in a["listed_kinds"]:
            out.append(self.p(self.t("labels", "watch_listed"), self.small))
        if a.get("humanitarian"):
            out.append(self.p(self.t("labels", "humanitarian"), self.small))
        prepared = a.get("prepared_by") or {}
        out += [Spacer(1, 6), self.p(self.t("cover", "prepared", name=prepared.get("name") or "—", role=prepared.get("role") or "—",
                                            organisation=prepared.get("organisation") or "—", when=self.c.created_at), self.muted),
                Spacer(1, 10), self.p(self.t("cover", "machine"), self.muted)]
        cover_figures = self.c.cover_figures()
        out += [self.p(token, self.mono) for token in cover_machine_tokens(cover_figures)]
        return out

    def applicant(self) -> list[Any]:
        exporter = self.snapshot.get("exporter") or {}
        client = self.snapshot.get("client") or {}
        return [self.p(self.t("sections", "applicant"), self.h2), self.kv([
            (self.t("labels", "name"), exporter.get("name")), (self.t("labels", "country"), self.coded("country", exporter.get("country"))),
            (self.t("labels", "client"), client.get("name"))])]

    def item(self) -> list[Any]:
        product = self.snapshot.get("product") or {}
        codes = (self.a.get("item") or {}).get("control_codes") or []
        return [self.p(self.t("sections", "item"), self.h2), self.kv([
            (self.t("labels", "product"), product.get("name")),
            (self.t("labels", "control_codes"), ", ".join(codes) if codes else self.t("labels", "control_codes_none")),
            (self.t("labels", "description"), product.get("description")),
            (self.t("labels", "category"), self.code_label(product.get("category"))),
            (self.t("labels", "elements"), ", ".join(product.get("elements") or [])),
            (self.t("labels", "hs_code"), product.get("hs_code"))])]

    def quantity(self) -> list[Any]:
        product = self.snapshot.get("product") or {}
        qty = (self.snapshot.get("shipment") or {}).get("quantity") or {}
        unit_value = product.get("unit_value") or {}
        total = self.a.get("value")
        return [self.p(self.t("sections", "quantity"), self.h2), self.kv([
            (self.t("labels", "quantity"), f"{qty.get('amount')} {qty.get('unit') or ''}".strip() if qty.get("amount") else None),
            (self.t("labels", "unit_value"), self.money(unit_value.get("amount"), unit_value.get("currency")) if unit_value.get("amount") else None),
            (self.t("labels", "total_value"), self.money(total["amount"], total["currency"]) if total else None)]),
            self.p(self.t("labels", "total_rule"), self.muted)]

    def _files_of(self, item: str) -> list[dict[str, Any]]:
        return next((i["files"] for i in self.a["checklist"] if i["item"] == item), [])

    def contract(self) -> list[Any]:
        files = self._files_of("contract")
        if files:
            lines = [self.p(self.t("labels", "contract_attached", file=f["name"], sha=f["sha256"]), self.small) for f in files]
        else:
            lines = [self.p(self.t("labels", "contract_missing"), self.small)]
        return [self.p(self.t("sections", "contract"), self.h2), *lines]

    def consignee(self) -> list[Any]:
        shipment = self.snapshot.get("shipment") or {}
        return [self.p(self.t("sections", "consignee"), self.h2), self.kv([
            (self.t("labels", "importer"), self.party(shipment.get("importer"))),
            (self.t("labels", "consignee"), self.party(shipment.get("consignee")))])]

    def end_user(self) -> list[Any]:
        shipment = self.snapshot.get("shipment") or {}
        use = shipment.get("end_use") or {}
        return [self.p(self.t("sections", "end_user"), self.h2), self.kv([
            (self.t("labels", "end_user"), self.party(shipment.get("end_user"))),
            (self.t("labels", "end_use"), self.code_label(use.get("category"))),
            (self.t("labels", "end_use_description"), use.get("description"))])]

    def reasoning(self) -> list[Any]:
        det = self.det
        out = [self.p(self.t("sections", "reasoning"), self.h2), self.p(self.t("labels", "summary"), self.head)]
        out += self.para(det.get("summary"), self.small)
        for finding in decisive_findings(det):
            out.append(self.p(f"{self.t('labels', 'finding')}：{self.rule_name(finding)}", self.head))
            out += self.para(finding.get("explanation"), self.small)
        figures = key_figures(det)
        if cover_ratio_role(det) is not None:  # the value ratio only where it means something (as on the evidence cover)
            rows = [[self.t("figures", k), self.figure(k, figures[k])] for k in FIGURE_KEYS if figures.get(k) not in (None, "")]
            if rows:
                out.append(self.p(self.t("labels", "figures"), self.head))
                out.append(self.table(rows, [0.32, 0.68]))
        changing = [r for r in det.get("readings") or [] if isinstance(r, dict) and not r.get("primary")
                    and r.get("outcome") and r.get("outcome") != det.get("outcome")]
        if changing:  # an open point whose other reading changes the outcome: the officer must see it
            from reedesk.evidence.texts import load_texts

            out.append(self.p(self.t("labels", "readings"), self.head))
            for reading in changing:
                outcome = load_texts(self.main).outcome(str(reading["outcome"]))
                if self.english:
                    outcome += f" / {load_texts('en').outcome(str(reading['outcome']))}"
                out += self.para(reading.get("description"), self.small)
                out.append(self.p(f"→ {outcome}", self.small))
        out.append(self.p(self.t("labels", "screening"), self.head))
        hits = []
        screening = det.get("screening") if isinstance(det.get("screening"), dict) else {}
        names = {str(x.get("id")): x.get("name") for x in screening.get("lists") or [] if isinstance(x, dict)}
        for party in screening.get("parties") or []:
            for hit in party.get("hits") or []:
                decision = {"confirmed": "confirmed", "cleared": "cleared"}.get(hit.get("decision"), "open")
                list_name = names.get(str(hit.get("list_id")))
                shown = self.pick(list_name).replace("\n", " / ") if isinstance(list_name, dict) else hit.get("list_id")
                hits.append(self.t("labels", "screening_hit", party=party.get("name"), list=shown,
                                   entry=hit.get("entry_name"), decision=self.t("labels", decision)))
        out += [self.p(h, self.small) for h in hits] or [self.p(self.t("labels", "screening_none"), self.small)]
        out.append(self.p(self.t("labels", "licence"), self.head))
        licence = det.get("licence")
        out += self.para(licence.get("reason_text"), self.small) if isinstance(licence, dict) else [self.p(self.t("labels", "licence_none"), self.small)]
        out.append(self.kv([(self.t("labels", "determination_sha"), self.c.determination_sha256),
                            (self.t("labels", "evidence"), (self.a.get("evidence_pack") or {}).get("document_id")
                             or self.t("cover", "evidence_none"))]))
        return out

    def checklist_section(self) -> list[Any]:
        rows: list[list[Any]] = [[self.t("labels", "item_col"), self.t("labels", "basis_col"), self.t("labels", "status_col"),
                                  self.t("labels", "file_col")]]
        for entry in self.a["checklist"]:
            status = self.t("labels", entry["status"])
            mark = {"attached": "✔ ", "missing": "✘ "}.get(entry["status"], "")
            files = "\n".join(f"{f['name']}  {f['sha256']}" for f in entry["files"]) or "—"
            rows.append([self.t("checklist", entry["item"]), self.t("basis", entry["basis"]), mark + status, files])
        return [self.p(self.t("sections", "checklist"), self.h2), self.table(rows, [0.34, 0.22, 0.12, 0.32], header=True)]

    def attachments_section(self) -> list[Any]:
        files = [f for e in self.a["checklist"] for f in e["files"]]
        out = [self.p(self.t("sections", "attachments"), self.h2)]
        if not files:
            return out + [self.p(self.t("labels", "no_attachments"), self.small)]
        rows = [[self.t("labels", "file"), "SHA-256"]]
        rows += [[f"{f['name']}\n→ {f['embedded_as']}", f["sha256"]] for f in files]
        return out + [self.table(rows, [0.45, 0.55], header=True)]


def render_application_pages(contents: PackContents, application: dict[str, Any]) -> bytes:
    """The PDF bytes of the application's pages (no embedded files, no signature yet)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from reedesk.evidence.fonts import LATIN, register_fonts
    from reedesk.evidence.layout import draw_mixed

    register_fonts()
    pages = _Pages(contents, application)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, initialFontName=LATIN,
                            title=f"{load_application_texts(main_language(application))['cover']['title']} {application.get('reference')}",
                            author="reedesk", creator="reedesk", invariant=1)

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(LATIN, 7)
        text = f"{pages.t('labels', 'page', page=document.page)} · {contents.document_id} · {application.get('reference')}"
        draw_mixed(canvas, 20 * mm, 10 * mm, text, 7)
        canvas.restoreState()

    doc.build(pages.story(), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
