"""An evidence pack exported on a team desk carries the head-key certificate (issue 12, point 6).

On a team desk the tree head a pack's audit proofs are checked against is signed by the
exporting person's own head key. The pack embeds the desk key's certificate of that key
(``head-key-certificate.json``) and ``reedesk verify`` checks it under the desk key the pack
names, for the role that wrote the head, and names the desk key as the one to trust. The
attacks rebuild and re-sign a real pack (exported against the real PostgreSQL server) the way
its exporter could: an altered certificate, another role's certificate, no certificate.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reedesk.evidence.builder import build_pack
from reedesk.evidence.head_certificate import HEAD_CERTIFICATE_NAME
from reedesk.evidence.reader import contents_from_pack, open_pack, parse_pack
from reedesk.evidence.verifier import verify_bytes, verify_path
from reedesk.services import audit, dossiers
from reedesk.services.samples import sample_dossiers
from reedesk.signing.keys import fingerprint
from tests.evidence.helpers import PASSPHRASE, export, make_identity
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401 — the fixture, shared

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def team_pack(desk_team, tmp_path):
    """Alice (a preparer with a certified head key) exports LM-2026-0042; Bob's key is certified too."""
    from reedesk.services.keys import unlock

    team = desk_team
    alice_key = _enrol_and_certify(team, "alice")
    bob_key = _enrol_and_certify(team, "bob")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers(), source="samples")
        identity = make_identity(desk)
        out = tmp_path / "team-pack.pdf"
        export(desk, "LM-2026-0042", out)
        private = unlock(desk, identity.key_id, PASSPHRASE)
    with team["open"]("admin") as admin:
        desk_key = audit.desk_key_info(admin)
    return {"team": team, "path": out, "bytes": out.read_bytes(), "identity": identity, "private": private,
            "alice_key": alice_key, "bob_key": bob_key, "desk_key": desk_key}


def _rebuilt(team_pack, tmp_path: Path, name: str, change) -> Path:
    """The exporter rebuilds her pack with ``change`` applied to its head-key certificate and signs it again."""
    contents = contents_from_pack(parse_pack(team_pack["bytes"]))
    contents.head_key_certificate = change(copy.deepcopy(contents.head_key_certificate))
    identity = team_pack["identity"]
    path = tmp_path / name
    path.write_bytes(build_pack(contents, team_pack["private"], now=NOW, signer={
        "name": identity.name, "role": identity.role, "organisation": identity.organisation}))
    return path


def _trusted(team_pack) -> list[str]:
    return [fingerprint(team_pack["identity"].key_id)]


def test_a_team_pack_embeds_the_certificate_and_verifies_naming_the_desk_key(team_pack):
    """The pack verifies (exit 0 with its signer trusted); the audit check names the desk key that
    certified Alice's head key — the key to trust — and her role, in all three languages."""
    pack = open_pack(team_pack["path"])
    document = pack.json_file(HEAD_CERTIFICATE_NAME)
    team = team_pack["team"]
    alice = team["people"]["alice"]
    assert document["head_role"] == alice
    assert document["certificate"]["key_id"] == team_pack["alice_key"] == pack.json_file("audit-proofs.json")["tree_head"]["key_id"]
    assert document["desk_key"]["key_id"] == team_pack["desk_key"].key_id != team_pack["alice_key"]
    assert HEAD_CERTIFICATE_NAME in {f["name"] for f in pack.manifest["files"]}
    report = verify_path(team_pack["path"], trusted_key_ids=_trusted(team_pack))
    assert report.exit_code == 0, [(c.name, str(c.reason)) for c in report.checks if not c.ok]
    reason = report.check("audit_proofs").reason
    desk_fp = fingerprint(team_pack["desk_key"].key_id)
    assert f"certified: the desk key is the one to trust" in reason and desk_fp in reason and alice in reason
    for language in ("zh-Hant", "zh-Hans"):
        assert desk_fp in report.check("audit_proofs").reason_text(language)
    assert report.summary["head_key_certificate"] == {
        "head_role": alice, "head_key_id": team_pack["alice_key"], "desk_key_id": team_pack["desk_key"].key_id}


def test_the_command_reports_the_desk_key_and_standard_tools_accept_the_team_pack(team_pack):
    """`reedesk verify --trust` exits 0 and prints the desk key; poppler's pdfsig calls the PAdES
    signature valid and page-validation finds nothing for PDF/A-3b (the new associated file included)."""
    import page

    reedesk = str(Path(sys.executable).with_name("reedesk"))
    env = {k: v for k, v in os.environ.items() if k != "REEDESK_DATABASE_URL"}
    env["REEDESK_HOME"] = str(team_pack["path"].parent / "reviewer")
    done = subprocess.run([reedesk, "verify", str(team_pack["path"]), "--trust", _trusted(team_pack)[0]],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert fingerprint(team_pack["desk_key"].key_id) in done.stdout
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (Debian: poppler-utils) is needed; .ci/run installs it"
    checked = subprocess.run([pdfsig, str(team_pack["path"])], capture_output=True, text=True, timeout=60)
    assert "Signature Validation: Signature is Valid." in checked.stdout, checked.stdout + checked.stderr
    assert "Total document signed" in checked.stdout
    report = page.validate_pdf(str(team_pack["path"]), profile="3b")
    findings = sorted({f"{f.rule_id}: {f.message[:160]}" for f in report.failures})
    assert report.is_compliant and not findings, "\n".join(findings)


def test_an_altered_certificate_is_invalid(team_pack, tmp_path):
    """Attack: the exporter moves her certificate's not_before back (or claims another key in it) and
    re-signs the pack: the certificate no longer verifies under the desk key → exit 1, translated reason."""
    def earlier(document):
        document["certificate"]["not_before"] = "2020-01-01T00:00:00Z"
        return document

    report = verify_path(_rebuilt(team_pack, tmp_path, "altered.pdf", earlier), trusted_key_ids=_trusted(team_pack))
    assert report.exit_code == 1 and [c.name for c in report.failed] == ["audit_proofs"]
    check = report.check("audit_proofs")
    assert "is not signed by the desk key" in check.reason and fingerprint(team_pack["desk_key"].key_id) in check.reason
    assert "遭到更改" in check.reason_text("zh-Hant") and "被更改" in check.reason_text("zh-Hans")


def test_a_certificate_for_another_role_is_invalid(team_pack, tmp_path):
    """Attack: the pack claims Bob's role wrote the head (so a head Bob signed with Alice's key would
    pass), or carries Bob's genuine certificate instead of Alice's: both are refused, exit 1."""
    team = team_pack["team"]

    def bobs_head(document):
        document["head_role"] = team["people"]["bob"]
        return document

    report = verify_path(_rebuilt(team_pack, tmp_path, "other-role.pdf", bobs_head), trusted_key_ids=_trusted(team_pack))
    assert report.exit_code == 1 and [c.name for c in report.failed] == ["audit_proofs"]
    reason = report.check("audit_proofs")
    assert (f"is for the database role {team['people']['alice']}, but the database role {team['people']['bob']} wrote"
            in reason.reason), reason.reason
    assert "資料庫角色" in reason.reason_text("zh-Hant") and "数据库角色" in reason.reason_text("zh-Hans")

    import sqlalchemy as sa

    with team["open"]("carol") as desk, desk.db.read() as session:
        bob = session.connection().execute(sa.text(
            "SELECT id, db_role, key_id, public_key, not_before, desk_key_id, signature FROM team_head_certificate WHERE key_id = :k"
        ), {"k": team_pack["bob_key"]}).one()

    def bobs_certificate(document):
        document["head_role"] = bob.db_role
        document["certificate"] = {"schema": "reedesk.head-key-certificate/1", "role": bob.db_role, "key_id": bob.key_id,
                                   "public_key": bob.public_key, "not_before": bob.not_before, "purpose": "tree heads",
                                   "desk_key_id": bob.desk_key_id, "id": bob.id, "signature": bob.signature}
        return document

    report = verify_path(_rebuilt(team_pack, tmp_path, "bobs-cert.pdf", bobs_certificate), trusted_key_ids=_trusted(team_pack))
    assert report.exit_code == 1 and [c.name for c in report.failed] == ["audit_proofs"]
    assert f"certifies key {fingerprint(team_pack['bob_key'])}" in report.check("audit_proofs").reason


def test_a_team_head_without_its_certificate_is_invalid(team_pack, tmp_path):
    """Attack: the certificate left out (the head key then comes from nowhere the desk key vouches for) → exit 1."""
    report = verify_path(_rebuilt(team_pack, tmp_path, "no-cert.pdf", lambda _document: None), trusted_key_ids=_trusted(team_pack))
    assert report.exit_code == 1 and [c.name for c in report.failed] == ["audit_proofs"]
    check = report.check("audit_proofs")
    assert f"signed by key {fingerprint(team_pack['alice_key'])}, which the pack neither lists nor certifies" in check.reason
    assert "樹頭金鑰憑證" in check.reason_text("zh-Hant") and "树头密钥证书" in check.reason_text("zh-Hans")
    assert HEAD_CERTIFICATE_NAME not in open_pack(tmp_path / "no-cert.pdf").files


def test_the_rebuilt_pack_unchanged_still_verifies(team_pack, tmp_path):
    """The rebuild itself changes nothing the verifier minds: the attacks above fail for their change alone."""
    path = _rebuilt(team_pack, tmp_path, "same.pdf", lambda document: document)
    assert verify_bytes(path.read_bytes(), trusted_key_ids=_trusted(team_pack)).exit_code == 0
