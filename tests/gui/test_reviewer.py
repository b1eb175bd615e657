"""Reviewer mode against real packs (issue 11, points 2 and 7): the same trust store as the CLI,
"Trust this signer…" with the fingerprint, and the red INVALID banner beside any invalid determination."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import wait_for


@pytest.fixture
def pack(desk, tmp_path) -> dict:
    from tests.evidence.helpers import export, make_identity

    identity = make_identity(desk)
    out = tmp_path / "pack.pdf"
    export(desk, "LM-2026-0042", out)
    return {"path": out, "identity": identity}


def _open(reviewer, qtbot, path: Path):
    reviewer.open_pack(path)
    wait_for(qtbot, reviewer.operation, timeout=120000)
    return reviewer.report


def test_the_exporters_own_desk_confirms_its_signer(window, qtbot, pack):
    reviewer = window.reviewer()
    window.show_page("reviewer")
    report = _open(reviewer, qtbot, pack["path"])
    assert report.exit_code == 0 and report.trust == "trusted"
    assert "VALID — every check passed and every signer is confirmed" in reviewer.verdict.text()
    assert reviewer.banner.isHidden() and reviewer.trust_button.isHidden()


def test_a_stranger_sees_intact_but_unconfirmed_and_can_trust_the_signer(make_window, qtbot, pack, tmp_path):
    """The regulator's desk has never seen the key: amber, the fingerprint shown, "Trust this signer…";
    after trusting, the trust-store file (read by `reedesk verify` too) has the key and the pack is VALID."""
    from reedesk.evidence.trust import load_trust_store
    from reedesk.services.desk import open_desk
    from reedesk.signing.keys import fingerprint

    regulator = open_desk(tmp_path / "regulator", seed_samples=False)
    try:
        reviewer = make_window(regulator).reviewer()
        report = _open(reviewer, qtbot, pack["path"])
        printed = fingerprint(pack["identity"].key_id)
        assert report.exit_code == 3 and report.unconfirmed == [printed]
        assert "not confirmed" in reviewer.verdict.text() and printed in reviewer.verdict.text()
        assert "VALID" not in reviewer.verdict.text()
        assert not reviewer.trust_button.isHidden() and reviewer.banner.isHidden()
        shown = []
        assert reviewer.trust_signer(confirm=lambda signer: shown.append(signer) or True) == [pack["identity"].key_id]
        assert shown[0]["fingerprint"] == printed and "Mai Tran" in shown[0]["label"]
        assert pack["identity"].key_id in load_trust_store(regulator.home).key_ids
        wait_for(qtbot, reviewer.operation, timeout=120000)
        assert reviewer.report.exit_code == 0
        assert "every signer is confirmed" in reviewer.verdict.text()
    finally:
        regulator.close()


def test_declining_to_trust_keeps_the_signer_unconfirmed(make_window, qtbot, pack, tmp_path):
    from reedesk.evidence.trust import load_trust_store
    from reedesk.services.desk import open_desk

    regulator = open_desk(tmp_path / "regulator", seed_samples=False)
    try:
        reviewer = make_window(regulator).reviewer()
        _open(reviewer, qtbot, pack["path"])
        assert reviewer.trust_signer(confirm=lambda signer: False) == []
        assert load_trust_store(regulator.home).key_ids == set()
    finally:
        regulator.close()


def test_an_invalid_packs_determination_is_never_shown_without_the_red_banner(window, qtbot, pack, tmp_path):
    from tests.evidence.helpers import append_update

    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(append_update(pack["path"].read_bytes()))
    reviewer = window.reviewer()
    window.show_page("reviewer")
    report = _open(reviewer, qtbot, tampered)
    assert report.exit_code == 1
    assert reviewer.panel.document is not None  # the claimed determination is shown …
    assert not reviewer.banner.isHidden()  # … only beside the banner
    assert reviewer.banner.text().startswith("INVALID — do not rely on this")
    assert "pdf_signature_covers_file" in reviewer.banner.text()
    assert "background:#b71c1c" in reviewer.banner.styleSheet()
    assert reviewer.trust_button.isHidden()
    _open(reviewer, qtbot, pack["path"])  # a valid pack afterwards: the banner goes away
    assert reviewer.banner.isHidden()


def test_a_pack_whose_dossier_snapshot_was_changed_shows_under_the_red_banner(window, qtbot, pack, tmp_path):
    """Shape 4 (engine 3.3.0): the pack's determination.json carries no snapshot, the panel shows it with the
    pack's dossier-snapshot.json. A changed snapshot file (manifest made consistent) is INVALID: the claimed
    determination is still shown — never a crash — and only beside the banner naming the snapshot check."""
    import hashlib
    import json

    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.evidence.contents import MANIFEST_NAME, SNAPSHOT_NAME
    from reedesk.evidence.reader import parse_pack
    from tests.evidence.helpers import replace_embedded

    data = pack["path"].read_bytes()
    parsed = parse_pack(data)
    assert "snapshot" not in parsed.json_file("determination.json")["dossier"]
    snapshot = json.loads(parsed.files[SNAPSHOT_NAME].data)
    snapshot["components"][0]["value"]["amount"] = "0.01"
    edited = canonical_bytes(snapshot)
    manifest = dict(parsed.manifest)
    manifest["files"] = [{**f, "sha256": hashlib.sha256(edited).hexdigest()} if f["name"] == SNAPSHOT_NAME else f
                         for f in manifest["files"]]
    tampered = tmp_path / "snapshot-changed.pdf"
    tampered.write_bytes(replace_embedded(data, {SNAPSHOT_NAME: edited, MANIFEST_NAME: canonical_bytes(manifest)}))
    reviewer = window.reviewer()
    window.show_page("reviewer")
    _open(reviewer, qtbot, pack["path"])
    assert reviewer.banner.isHidden() and reviewer.panel.document["dossier"]["snapshot"]["format"] == "reedesk.dossier/1"
    report = _open(reviewer, qtbot, tampered)
    assert report.exit_code == 1
    assert not reviewer.banner.isHidden() and "snapshot_hash" in reviewer.banner.text()
    assert reviewer.panel.document is not None
    assert reviewer.panel.document["dossier"]["snapshot"]["components"][0]["value"]["amount"] == "0.01"  # what it claims


def test_a_pack_whose_determination_cannot_be_read_says_so_never_none(window, qtbot, pack, tmp_path):
    """A pack whose determination.json is not JSON (manifest made consistent): INVALID beside the red banner, and
    the panel says no determination is readable — not an empty badge over "As of None · dossier None" (QA5)."""
    import hashlib

    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.evidence.contents import MANIFEST_NAME
    from reedesk.evidence.reader import parse_pack
    from tests.evidence.helpers import replace_embedded

    data = pack["path"].read_bytes()
    parsed = parse_pack(data)
    garbage = b"not json at all"
    manifest = dict(parsed.manifest)
    manifest["files"] = [{**f, "sha256": hashlib.sha256(garbage).hexdigest()} if f["name"] == "determination.json" else f
                         for f in manifest["files"]]
    broken = tmp_path / "determination-garbage.pdf"
    broken.write_bytes(replace_embedded(data, {"determination.json": garbage, MANIFEST_NAME: canonical_bytes(manifest)}))
    reviewer = window.reviewer()
    window.show_page("reviewer")
    report = _open(reviewer, qtbot, broken)
    assert report.exit_code == 1
    assert not reviewer.banner.isHidden()
    assert reviewer.panel.badge.text() == "No determination readable"
    assert "None" not in reviewer.panel.header.text() and "cannot be read" in reviewer.panel.header.text()
