"""The verifier against a real exported pack and against every tampering the issue names."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.evidence.builder import build_pack
from reedesk.evidence.contents import MANIFEST_NAME, PUBLIC_KEYS_NAME, SNAPSHOT_NAME
from reedesk.evidence.reader import contents_from_pack, parse_pack
from reedesk.evidence.verifier import CHECK_NAMES, verify_bytes
from reedesk.signing.dsse import sign_envelope
from reedesk.signing.keys import key_id_of, raw_public_key
from reedesk.signing.statement import Signer, build_payload
from tests.evidence.helpers import append_update, flip, replace_embedded, signed_ranges

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
SIGNER = {"name": "Mai Tran", "role": "Compliance officer", "organisation": "Lotus Magnetics Co., Ltd."}


def failed(report) -> set[str]:
    """Checks that failed (``report.failed`` leaves out key_trust: an unconfirmed signer is exit 3, not 1)."""
    return {c.name for c in report.failed}


def not_ok(report) -> set[str]:
    """Every check that did not pass, key_trust included."""
    return {c.name for c in report.checks if not c.ok}


def test_exported_pack_is_intact_but_its_signer_unconfirmed_without_trust(exported):
    """Intact is not valid: without a confirmed key the verdict is exit 3, naming the fingerprint (issue 11, 2)."""
    from reedesk.signing.keys import fingerprint

    report = verify_bytes(exported["bytes"])
    assert report.intact and not report.ok
    assert report.exit_code == 3, report.as_dict()
    assert [c.name for c in report.checks] == list(CHECK_NAMES)
    assert report.trust == "unconfirmed" and report.failed == []
    assert report.unconfirmed == [fingerprint(exported["identity"].key_id)]
    assert fingerprint(exported["identity"].key_id) in report.check("key_trust").reason
    assert report.summary["outcome"] == "license_required"
    assert report.summary["signers"][0]["name"] == "Mai Tran"
    assert report.pdf_signature_kind == "p256"


def test_trusting_the_signer_key_by_id_fingerprint_or_public_key(exported):
    from reedesk.signing.keys import fingerprint

    identity = exported["identity"]
    trusted = verify_bytes(exported["bytes"], trusted_key_ids=[identity.key_id])
    assert trusted.trust == "trusted" and trusted.exit_code == 0 and trusted.ok
    assert verify_bytes(exported["bytes"], trusted_key_ids=[fingerprint(identity.key_id)]).exit_code == 0
    assert verify_bytes(exported["bytes"], trusted_key_ids=[fingerprint(identity.key_id).lower().replace("-", "")]).exit_code == 0
    raw = raw_public_key(exported["private_key"])
    assert verify_bytes(exported["bytes"], trusted_public_keys=[raw]).exit_code == 0
    other = raw_public_key(Ed25519PrivateKey.generate())
    report = verify_bytes(exported["bytes"], trusted_public_keys=[other])
    assert report.exit_code == 3 and not_ok(report) == {"key_trust"} and failed(report) == set()


def test_flipping_any_byte_in_the_signed_range_is_detected(exported):
    pdf = exported["bytes"]
    (a, b), (c, d) = signed_ranges(pdf)
    offsets = [a + (b - a) * k // 9 for k in range(1, 9)] + [c + (d - c) // 2]
    readable = 0
    for offset in offsets:
        report = verify_bytes(flip(pdf, offset))
        assert report.exit_code != 0, offset
        if report.exit_code == 1:
            readable += 1
            assert "pdf_signature_intact" in failed(report), (offset, report.as_dict())
    assert readable >= len(offsets) // 2  # most flips leave a parseable file, and each is caught by name


def test_flipping_a_byte_inside_an_embedded_file_names_the_signature(exported):
    pdf = exported["bytes"]
    marker = pdf.find(b"/Type /EmbeddedFile")
    start = pdf.find(b"stream", marker) + 10
    report = verify_bytes(flip(pdf, start + 5))
    assert report.exit_code == 1
    assert {"pdf_signature_intact", "embedded_files"} <= failed(report)


def test_appending_an_incremental_update_after_signing(exported):
    report = verify_bytes(append_update(exported["bytes"]))
    assert report.exit_code == 1
    assert failed(report) == {"pdf_signature_covers_file"}
    assert "bytes were added after the signed range" in report.check("pdf_signature_covers_file").reason


def test_coverage_messages_say_what_was_found():
    from types import SimpleNamespace

    from reedesk.evidence.verifier import _coverage_problem

    sig = SimpleNamespace(byte_range=[0, 100, 200, 50])  # the signed range ends at byte 250
    assert "shorter (240 bytes)" in _coverage_problem(sig, 240, False, "CONTIGUOUS_BLOCK_FROM_START")
    assert "rewritten" in _coverage_problem(sig, 300, False, "CONTIGUOUS_BLOCK_FROM_START")
    assert "50 bytes were added" in _coverage_problem(sig, 300, True, "CONTIGUOUS_BLOCK_FROM_START")
    assert "appended" not in _coverage_problem(sig, 240, False, "CONTIGUOUS_BLOCK_FROM_START")


def test_shipped_rule_packs_are_known(exported):
    check = verify_bytes(exported["bytes"]).check("rule_packs_known")
    assert check.ok and "shipped with reedesk" in check.reason


def test_a_bad_trusted_pack_hash_is_a_clear_error(exported):
    from reedesk.errors import ReedeskError

    with pytest.raises(ReedeskError, match="64 hex digits"):
        verify_bytes(exported["bytes"], trusted_pack_hashes=["abc"])


def _manifest_with(pack, changes: dict[str, bytes]) -> bytes:
    import hashlib

    manifest = dict(pack.manifest)
    manifest["files"] = [
        {**f, "sha256": hashlib.sha256(changes[f["name"]]).hexdigest()} if f["name"] in changes else f for f in manifest["files"]
    ]
    return canonical_bytes(manifest)


def test_replacing_the_envelope_with_one_signed_by_another_key(exported):
    """The attacker swaps envelope, keys and manifest consistently in an update, but cannot re-sign the PDF as Mai."""
    pack = parse_pack(exported["bytes"])
    contents = contents_from_pack(pack)
    mallory = Ed25519PrivateKey.generate()
    mallory_id = key_id_of(raw_public_key(mallory))
    payload = build_payload(contents.determination, Signer("Mai Tran", "Compliance officer", "Lotus Magnetics Co., Ltd.", mallory_id),
                            "Prepared by", "2026-11-25T12:00:00.000000Z")
    envelope = canonical_bytes(sign_envelope(payload, mallory, mallory_id))
    keys = canonical_bytes({"keys": {mallory_id: {"public_key_hex": raw_public_key(mallory).hex()}}})
    changes = {"signed-determination-1.dsse.json": envelope, PUBLIC_KEYS_NAME: keys}
    changes[MANIFEST_NAME] = _manifest_with(pack, changes)
    report = verify_bytes(replace_embedded(exported["bytes"], changes))
    assert report.exit_code == 1
    assert {"pdf_signature_covers_file", "pdf_signer_matches", "audit_proofs"} <= failed(report)
    assert "envelope_signatures" not in failed(report)  # Mallory's envelope is well-formed: the binding catches it


def test_a_pack_resigned_entirely_by_another_key_fails_only_when_a_key_is_trusted(exported):
    pack = parse_pack(exported["bytes"])
    contents = contents_from_pack(pack)
    mallory = Ed25519PrivateKey.generate()
    mallory_id = key_id_of(raw_public_key(mallory))
    payload = build_payload(contents.determination, Signer("Mai Tran", "Compliance officer", "Lotus Magnetics Co., Ltd.", mallory_id),
                            "Prepared by", "2026-11-25T12:00:00.000000Z")
    contents.envelopes = [sign_envelope(payload, mallory, mallory_id)]
    contents.public_keys = {mallory_id: raw_public_key(mallory).hex()}
    forged = build_pack(contents, mallory, signer=SIGNER, now=NOW)
    assert "key_trust" in not_ok(verify_bytes(forged, trusted_key_ids=[exported["identity"].key_id]))
    assert "audit_proofs" in failed(verify_bytes(forged))  # no 'sign' event of Mallory's envelope in Mai's audit trail


def test_an_envelope_by_another_key_inside_a_pack_signed_by_the_desk(exported):
    pack = parse_pack(exported["bytes"])
    contents = contents_from_pack(pack)
    other = Ed25519PrivateKey.generate()
    other_id = key_id_of(raw_public_key(other))
    payload = build_payload(contents.determination, Signer("Someone Else", "Clerk", "Elsewhere", other_id), "Prepared by", "2026-11-25T12:00:00.000000Z")
    contents.envelopes = [sign_envelope(payload, other, other_id)]
    contents.public_keys = dict(contents.public_keys, **{other_id: raw_public_key(other).hex()})
    report = verify_bytes(build_pack(contents, exported["private_key"], signer=SIGNER, now=NOW))
    assert report.exit_code == 1
    assert "pdf_signer_matches" in failed(report)


def test_editing_the_snapshot(exported):
    pack = parse_pack(exported["bytes"])
    snapshot = json.loads(pack.files[SNAPSHOT_NAME].data)
    snapshot["components"][0]["value"]["amount"] = "0.01"
    edited = canonical_bytes(snapshot)
    changes = {SNAPSHOT_NAME: edited}
    changes[MANIFEST_NAME] = _manifest_with(pack, changes)
    report = verify_bytes(replace_embedded(exported["bytes"], changes))
    assert report.exit_code == 1
    assert {"snapshot_hash", "pdf_signature_covers_file"} <= failed(report)
    # The same edit in a pack freshly signed by the desk's own key: only the hash check can catch it.
    contents = contents_from_pack(pack)
    rebuilt = parse_pack(build_pack(contents, exported["private_key"], signer=SIGNER, now=NOW))
    rebuilt_bytes = replace_embedded(rebuilt.data, {SNAPSHOT_NAME: edited, MANIFEST_NAME: _manifest_with(rebuilt, {SNAPSHOT_NAME: edited})})
    assert "snapshot_hash" in failed(verify_bytes(rebuilt_bytes))


def test_swapping_the_outcome_on_the_cover(exported):
    contents = contents_from_pack(parse_pack(exported["bytes"]))
    forged = build_pack(contents, exported["private_key"], signer=SIGNER, now=NOW, cover_override={"outcome": "not_controlled"})
    report = verify_bytes(forged)
    assert report.exit_code == 1
    assert failed(report) == {"cover_matches_data"}
    assert "not_controlled" in report.check("cover_matches_data").reason


def test_changing_the_printed_ratio_on_the_cover(exported):
    contents = contents_from_pack(parse_pack(exported["bytes"]))
    forged = build_pack(contents, exported["private_key"], signer=SIGNER, now=NOW, cover_override={"ratio": "0.0009"})
    assert failed(verify_bytes(forged)) == {"cover_matches_data"}


def test_a_determination_whose_outcome_the_rules_do_not_reproduce(exported):
    """A signer who signs an outcome the engine would not give is caught by the re-run."""
    from reedesk.signing.statement import build_payload as payload_for

    contents = contents_from_pack(parse_pack(exported["bytes"]))
    determination = dict(contents.determination, outcome="not_controlled")
    key = exported["private_key"]
    key_id = exported["identity"].key_id
    contents.determination = determination
    import hashlib

    contents.determination_sha256 = hashlib.sha256(canonical_bytes(determination)).hexdigest()
    contents.envelopes = [sign_envelope(payload_for(determination, Signer(*SIGNER.values(), key_id), "Prepared by", "2026-11-25T12:00:00.000000Z"), key, key_id)]
    report = verify_bytes(build_pack(contents, key, signer=SIGNER, now=NOW))
    assert "rules_reproduce" in failed(report)
    assert "outcome license_required instead of not_controlled" in report.check("rules_reproduce").reason


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.999])
def test_truncated_packs_are_unreadable(exported, cut):
    pdf = exported["bytes"]
    report = verify_bytes(pdf[: int(len(pdf) * cut)])
    assert report.exit_code == 2
    assert report.unreadable


def test_a_pdf_that_is_not_a_pack_is_unreadable(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Outcome: not_controlled")
    c.save()
    report = verify_bytes(path.read_bytes(), "plain.pdf")
    assert report.exit_code == 2
    assert "not a reedesk evidence pack" in report.unreadable


def test_envelope_payload_is_what_the_pages_print(exported):
    pack = parse_pack(exported["bytes"])
    envelope = json.loads(pack.files["signed-determination-1.dsse.json"].data)
    statement = json.loads(base64.b64decode(envelope["payload"]))
    from reedesk.evidence.reader import first_page_text

    text = " ".join(first_page_text(pack).split())
    assert statement["signer"]["name"] in text and statement["meaning"] in text, text
