"""The licence application pack (issue 15, "Application pack"): Simplified Chinese facts in the
order an officer reads them, the checklist of supporting documents with status, attached
documents embedded as PDF/A-3 associated files and hashed, signed and verifiable with the same
verifier as the evidence pack, referring to the evidence pack by its document id.

Legal basis: Dual-Use Items Export Control Regulations (2024) Art. 14 and MOFCOM's application
materials (identity papers, contract, technical description, end-user and end-use certificates
with Chinese translation, end-user description, non-transfer and no-other-use guarantee);
Art. 26 (watch-listed party: risk-assessment report and written undertaking); No. 61 of 2025
humanitarian exemption (report and undertaking instead of a licence). RULES.md "Second review",
"Application materials, in the order an officer reads them".
"""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import ReedeskError
from reedesk.evidence import application as app
from reedesk.evidence.reader import parse_pack
from reedesk.evidence.verifier import verify_path
from reedesk.services import dossiers
from reedesk.services.applications import prepare_application
from tests.evidence.helpers import PASSPHRASE, export, make_identity, replace_embedded
from tests.licences.conftest import TB_DOSSIER

AS_OF = date(2026, 11, 25)
REF = TB_DOSSIER["reference"]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
ZH = tomllib.loads((Path(__file__).resolve().parents[2] / "reports" / "application" / "zh-Hans.toml").read_text("utf-8"))


def _pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.save()
    return path


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One desk: the Tb dossier, an evidence pack, and an application with two attachments."""
    import os

    from reedesk.services.desk import open_desk

    root = tmp_path_factory.mktemp("application")
    old = os.environ.get("REEDESK_HOME")
    os.environ["REEDESK_HOME"] = str(root / "home")
    desk = open_desk(root / "home", seed_samples=False)
    identity = make_identity(desk, name="Mei Lin", organisation="Ganzhou Rare Metals Trading Co.")
    dossiers.save_dossier(desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    evidence = export(desk, REF, root / "evidence.pdf", as_of=AS_OF)
    contract = _pdf(root / "contract.pdf", "Sales contract GZ-KR-2026-11")
    euc = _pdf(root / "euc.pdf", "End-user certificate Hanseong Magnetics")
    out = root / "application.pdf"
    result = prepare_application(desk, REF, AS_OF, out, passphrase=PASSPHRASE,
                                 attach=[("contract", contract), ("end_user_certificate", euc)])
    out_en = root / "application-en.pdf"
    result_en = prepare_application(desk, REF, AS_OF, out_en, passphrase=PASSPHRASE, language="en")
    yield {"desk": desk, "root": root, "identity": identity, "evidence": evidence, "out": out, "result": result,
           "out_en": out_en, "result_en": result_en, "contract": contract, "euc": euc}
    desk.close()
    if old is None:
        os.environ.pop("REEDESK_HOME", None)
    else:
        os.environ["REEDESK_HOME"] = old


def test_passes_the_evidence_pack_verifier(made):
    report = verify_path(made["out"], trusted_key_ids=[made["identity"].key_id])
    assert report.exit_code == 0, [(c.name, c.reason) for c in report.checks if not c.ok]
    assert report.summary["document_id"] == made["result"].document_id
    assert report.check("cover_matches_data").ok


def test_refers_to_the_evidence_pack_by_document_id(made):
    pack = parse_pack(made["out"].read_bytes())
    application = pack.json_file(app.APPLICATION_NAME)
    assert application["evidence_pack"]["document_id"] == made["evidence"].document_id
    assert pack.manifest["application"]["evidence_document_id"] == made["evidence"].document_id
    assert made["evidence"].document_id in _text(made["out"])


def test_every_checklist_item_in_simplified_chinese_with_status(made):
    text = _text(made["out"]).replace(" ", "")
    for item in app.CHECKLIST_ITEMS:
        label = ZH["checklist"][item].replace(" ", "")
        assert label[:12] in text, item
    assert "✔已附" in text and "✘缺失" in text and "不适用" in text
    application = parse_pack(made["out"].read_bytes()).json_file(app.APPLICATION_NAME)
    status = {i["item"]: i["status"] for i in application["checklist"]}
    assert status["contract"] == status["end_user_certificate"] == "attached"
    assert status["identity_papers"] == status["non_transfer_guarantee"] == "missing"
    assert status["risk_assessment_report"] == status["humanitarian_report"] == "not_applicable"
    assert made["result"].missing == ["identity_papers", "technical_description", "end_use_certificate",
                                      "certificate_translation", "end_user_description", "non_transfer_guarantee"]


def test_facts_in_the_order_an_officer_reads_them(made):
    text = _text(made["out"])
    order = [ZH["sections"][k] for k in ("applicant", "item", "quantity", "contract", "consignee", "end_user",
                                         "reasoning", "checklist", "attachments")]
    positions = [text.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions)
    # the value by its currency's Chinese name, as stored (session 13: no "USD 60000.00" on Chinese pages)
    assert "1C904" in text and "60000.00美元" in text.replace(" ", "") and made["result"].determination_sha256 in text
    assert "USD" not in text
    assert "Hanseong Magnetics" in text


def test_attachments_embedded_as_associated_files_and_hashed(made):
    pack = parse_pack(made["out"].read_bytes())
    embedded = {name: f for name, f in pack.files.items() if name.startswith(app.ATTACHMENT_PREFIX)}
    digests = {hashlib.sha256(made[k].read_bytes()).hexdigest() for k in ("contract", "euc")}
    assert {hashlib.sha256(f.data).hexdigest() for f in embedded.values()} == digests
    assert all(f.associated and f.relationship == "Supplement" and f.mime == "application/pdf" for f in embedded.values())
    listed = {e["name"]: e["sha256"] for e in pack.manifest["files"]}
    assert all(listed[name] == hashlib.sha256(f.data).hexdigest() for name, f in embedded.items())


def test_pdfa_basics_fonts_embedded_and_af_declared(made):
    """PDF/A-3: every font embedded, associated files in the catalog's /AF, XMP metadata present."""
    fonts = subprocess.run(["pdffonts", str(made["out"])], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    data = made["out"].read_bytes()
    assert (b"/AF " in data or b"/AF[" in data) and b"/AFRelationship /Supplement" in data
    pack = parse_pack(data)
    assert made["result"].document_id in pack.reader.root["/Metadata"].get_object().data.decode("utf-8")


def test_pdfa_3b_validator_and_pdfsig_accept_the_application(made):
    """The same independent checks as the evidence pack (tests/evidence/test_standard_tools.py):
    PyPI page-validation finds nothing for PDF/A-3b; poppler's pdfsig validates the PAdES signature."""
    import shutil

    import page

    report = page.validate_pdf(str(made["out"]), profile="3b")
    findings = sorted({f"{f.rule_id}: {f.message[:160]}" for f in report.failures})
    assert report.is_compliant and not findings, "\n".join(findings)
    done = subprocess.run([shutil.which("pdfsig") or "pdfsig", str(made["out"])], capture_output=True, text=True, timeout=60)
    assert "Signature Validation: Signature is Valid." in done.stdout and "Total document signed" in done.stdout


def test_a_replaced_attachment_fails_verification(made):
    """Attack: swap the embedded contract for another PDF in an incremental update."""
    pack = parse_pack(made["out"].read_bytes())
    name = next(n for n in pack.files if n.startswith(app.ATTACHMENT_PREFIX + "contract"))
    forged = replace_embedded(made["out"].read_bytes(), {name: _pdf(made["root"] / "forged.pdf", "other").read_bytes()})
    bad = made["root"] / "forged-application.pdf"
    bad.write_bytes(forged)
    report = verify_path(bad, trusted_key_ids=[made["identity"].key_id])
    assert report.exit_code == 1 and not report.intact


def test_english_beside_the_chinese(made):
    text = " ".join(_text(made["out_en"]).split())
    assert "两用物项出口许可申请材料 / Dual-use items export licence application" in text
    assert "End-user certificate" in text and "最终用户证明" in text
    assert verify_path(made["out_en"], trusted_key_ids=[made["identity"].key_id]).exit_code == 0
    # the second application reuses the attachments stored with the first
    assert made["result_en"].attached == 2


def test_chinese_pages_have_no_english_codes(made):
    """The Simplified Chinese pages show labels, not snake_case codes (the machine line excepted)."""
    before, _, rest = _text(made["out"]).partition("REEDESK-COVER")
    shown = before + rest.split("determination=", 1)[1]
    for code in ("rare_earth_metal", "identity_papers", "not_applicable", "license_required", "civil", "ratio_percent"):
        assert code not in shown, code


def test_page_images_for_docs(made, tmp_path):
    """The pages render as images (docs/images is rewritten only with REEDESK_WRITE_DOC_IMAGES=1, so a
    test run never changes the source tree)."""
    import os

    folder = DOCS_IMAGES if os.environ.get("REEDESK_WRITE_DOC_IMAGES") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("application-zh-Hans-*.png"):
        stale.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(made["out"]), str(folder / "application-zh-Hans")], check=True)
    assert len(list(folder.glob("application-zh-Hans-*.png"))) >= 2


def test_not_controlled_dossier_refused(empty_desk, tmp_path):
    from tests.conftest import sample_document

    make_identity(empty_desk)
    dossiers.save_dossier(empty_desk, parse_dossier(sample_document("gd-target-taiwan-memory-fab")))
    with pytest.raises(ReedeskError, match="no licence is needed"):
        prepare_application(empty_desk, "TW-TGT-19", AS_OF, tmp_path / "a.pdf", passphrase=PASSPHRASE)
    assert not (tmp_path / "a.pdf").exists()


def test_unknown_checklist_kind_refused(empty_desk, tmp_path):
    with pytest.raises(ReedeskError, match="not a checklist item"):
        prepare_application(empty_desk, REF, AS_OF, tmp_path / "a.pdf", passphrase=PASSPHRASE,
                            attach=[("passport_photo", _pdf(tmp_path / "p.pdf", "x"))])


def _determination(outcome: str, *, end_use: str = "civil", hits: list | None = None) -> dict:
    return {"outcome": outcome, "dossier": {"snapshot": {"shipment": {"end_use": {"category": end_use}}}},
            "screening": {"parties": [{"name": "X", "hits": hits or []}]}}


def test_watch_listed_party_adds_risk_report_and_undertaking():
    """Regulations Art. 26 / watch-list announcements: a confirmed watch-list hit requires a
    risk-assessment report and a written undertaking besides the standard materials."""
    det = _determination("license_required_presumption_of_denial",
                         hits=[{"list_kind": "watch_list", "decision": "confirmed"}])
    items = {i["item"]: i for i in app.checklist(det, [])}
    assert items["risk_assessment_report"]["status"] == items["written_undertaking"]["status"] == "missing"
    assert items["contract"]["required"] is True
    cleared = _determination("license_required", hits=[{"list_kind": "watch_list", "decision": "cleared"}])
    assert {i["item"]: i for i in app.checklist(cleared, [])}["risk_assessment_report"]["status"] == "not_applicable"


def test_humanitarian_export_pack_is_a_report_with_its_own_checklist(empty_desk, tmp_path):
    """No. 61 humanitarian exemption: no licence, a report to MOFCOM within 10 working days of
    export and a written undertaking; the pack says so and still verifies."""
    from tests.conftest import sample_document

    identity = make_identity(empty_desk)
    doc = sample_document("smco-magnet-vietnam")
    doc["reference"] = "LM-HUM-1"
    doc["shipment"]["end_use"] = {"category": "humanitarian", "description": "MRI magnets for a field hospital"}
    dossiers.save_dossier(empty_desk, parse_dossier(doc))
    out = tmp_path / "report.pdf"
    result = prepare_application(empty_desk, "LM-HUM-1", AS_OF, out, passphrase=PASSPHRASE)
    assert result.outcome == "exempt_report_required"
    assert result.missing == ["humanitarian_report", "humanitarian_undertaking"]
    text = " ".join(_text(out).split())
    assert ZH["cover"]["title_humanitarian"] in text and "10个工作日" in text
    assert verify_path(out, trusted_key_ids=[identity.key_id]).exit_code == 0


def test_value_decided_application_shows_ratio_and_an_outcome_changing_reading(empty_desk, tmp_path):
    """No. 61 I(1) on the Sm-Co sample: the value ratio decides (shown on the cover, checked by the
    verifier), and the reported extension of the suspension to 2027-01-10 (RULES.md "What follows
    2026-11-10 is disputed") would make it suspended: the officer sees that reading."""
    from tests.conftest import sample_document

    identity = make_identity(empty_desk)
    dossiers.save_dossier(empty_desk, parse_dossier(sample_document("smco-magnet-vietnam")))
    out = tmp_path / "lm.pdf"
    prepare_application(empty_desk, "LM-2026-0042", AS_OF, out, passphrase=PASSPHRASE)
    text = " ".join(_text(out).split())
    assert ZH["labels"]["readings"] in text and "→ 规则适用但暂停实施" in text
    assert "13.5417 %" in text
    assert verify_path(out, trusted_key_ids=[identity.key_id]).exit_code == 0


def test_humanitarian_export_needs_report_and_undertaking_instead():
    """No. 61 humanitarian exemption: no licence application; a report within 10 working days
    and a written undertaking instead."""
    det = _determination("exempt_report_required", end_use="humanitarian")
    items = {i["item"]: i for i in app.checklist(det, [])}
    assert items["humanitarian_report"]["status"] == items["humanitarian_undertaking"]["status"] == "missing"
    assert all(items[k]["status"] == "not_applicable" for k in app.STANDARD_ITEMS)


def test_templates_have_the_same_keys():
    en = tomllib.loads((Path(__file__).resolve().parents[2] / "reports" / "application" / "en.toml").read_text("utf-8"))
    for section in ZH:
        if section != "meta":
            assert set(ZH[section]) == set(en[section]), section
    assert set(ZH["checklist"]) == set(app.CHECKLIST_ITEMS)


def test_stream_data_ending_in_cr_gets_an_unambiguous_eol():
    """PDF/A-3b (ISO 19005-3, 6.1.7.1): /Length counts the data, then one EOL before endstream.
    Data that ends with CR followed by a bare LF reads as a CRLF EOL and a /Length one too long;
    reedesk.evidence.pdfsign writes CRLF there, and the data reads back exactly."""
    import io

    import reedesk.evidence.pdfsign  # noqa: F401  (installs the guard)
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    ref = writer.add_object(generic.StreamObject(stream_data=b"abc\r"))
    writer.root[generic.NameObject("/Probe")] = ref
    out = io.BytesIO()
    writer.write(out)
    assert b"abc\r\r\nendstream" in out.getvalue()
    reader = PdfFileReader(io.BytesIO(out.getvalue()))
    assert reader.root["/Probe"].get_object().data == b"abc\r"
