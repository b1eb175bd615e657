"""Organisation keys (issue 11, point 3): a regulator who trusts an organisation's key once confirms
every signer it certifies; a revocation is honoured from its date on. Real desks, real keys, real
packs, through the real `reedesk verify` entry point."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from reedesk.cli.main import main
from tests.evidence.helpers import PASSPHRASE, export, make_identity


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An organisation desk that certifies Mai Tran's key, Mai's desk that exports a pack carrying the
    certificate, and an organisation key nobody trusts (for the negative case)."""
    from reedesk.services.desk import open_desk
    from reedesk.services.keys import create_identity, export_public_key
    from reedesk.services.organisation import add_certificate, certify

    root = tmp_path_factory.mktemp("organisation")
    org_desk = open_desk(root / "org", seed_samples=False)
    person_desk = open_desk(root / "person")
    other_desk = open_desk(root / "other", seed_samples=False)
    try:
        org = create_identity(org_desk, "Lotus Magnetics", "Organisation key", "Lotus Magnetics Co., Ltd.", PASSPHRASE)
        other = create_identity(other_desk, "Lotus Magnetics", "Organisation key", "Lotus Magnetics Co., Ltd.", PASSPHRASE)
        mai = make_identity(person_desk)
        mai_pem = root / "mai.pem"
        mai_pem.write_text(export_public_key(person_desk, mai.key_id), encoding="ascii")
        certificate = certify(org_desk, org.key_id, PASSPHRASE, mai_pem, name=mai.name, role=mai.role, organisation=mai.organisation,
                              valid_from=date.today() - timedelta(days=1))
        (root / "cert.json").write_text(json.dumps(certificate), encoding="utf-8")
        add_certificate(person_desk, root / "cert.json")
        pack = root / "pack.pdf"
        export(person_desk, "LM-2026-0042", pack)
        forged = certify(other_desk, other.key_id, PASSPHRASE, mai_pem, name=mai.name, role=mai.role, organisation=mai.organisation)
        (root / "org.pem").write_text(export_public_key(org_desk, org.key_id), encoding="ascii")
        (root / "other.pem").write_text(export_public_key(other_desk, other.key_id), encoding="ascii")
    finally:
        for d in (org_desk, person_desk, other_desk):
            d.close()
    return {"root": root, "pack": pack, "org": org, "other": other, "mai": mai, "forged": forged}


def _regulator(world: dict, tmp_path: Path, monkeypatch, org_pem: str = "org.pem"):
    from reedesk.services.desk import open_desk
    from reedesk.services.organisation import trust_organisation

    home = tmp_path / "regulator"
    desk = open_desk(home, seed_samples=False)
    trust_organisation(desk, "Lotus Magnetics", world["root"] / org_pem)
    monkeypatch.setenv("REEDESK_HOME", str(home))
    return desk


def test_the_pack_carries_the_certificate_and_a_regulator_trusting_the_organisation_confirms_the_signer(capsys, world, tmp_path, monkeypatch):
    assert run(capsys, "verify", str(world["pack"]))[0] == 3  # nobody trusted yet
    desk = _regulator(world, tmp_path, monkeypatch)
    try:
        code, out = run(capsys, "verify", str(world["pack"]))
        assert code == 0, out
        assert "certified by Lotus Magnetics Co., Ltd." in out
    finally:
        desk.close()


def test_trusting_another_key_named_like_the_organisation_confirms_nothing(capsys, world, tmp_path, monkeypatch):
    desk = _regulator(world, tmp_path, monkeypatch, org_pem="other.pem")
    try:
        code, out = run(capsys, "verify", str(world["pack"]))
        assert code == 3 and "no certificate by an organisation you trust" in out
    finally:
        desk.close()


def test_a_revocation_dated_on_or_before_the_signature_unconfirms_the_signer(capsys, world, tmp_path, monkeypatch):
    from reedesk.services.desk import open_desk
    from reedesk.services.organisation import add_revocation, revoke

    org_desk = open_desk(world["root"] / "org", seed_samples=False)
    try:
        revocation = revoke(org_desk, world["org"].key_id, PASSPHRASE, world["mai"].key_id, revoked_from=date.today(),
                            reason="key reported lost")
        later = revoke(org_desk, world["org"].key_id, PASSPHRASE, world["mai"].key_id, revoked_from=date.today() + timedelta(days=30),
                       reason="leaves the company")
    finally:
        org_desk.close()
    (tmp_path / "rev.json").write_text(json.dumps(revocation), encoding="utf-8")
    (tmp_path / "later.json").write_text(json.dumps(later), encoding="utf-8")
    desk = _regulator(world, tmp_path, monkeypatch)
    try:
        add_revocation(desk, tmp_path / "later.json")
        assert run(capsys, "verify", str(world["pack"]))[0] == 0  # signed before the revocation's date: still confirmed
        add_revocation(desk, tmp_path / "rev.json")
        code, out = run(capsys, "verify", str(world["pack"]))
        assert code == 3 and "revoked this key from" in out, out
    finally:
        desk.close()


def test_a_revocation_by_an_untrusted_organisation_is_refused(world, tmp_path, monkeypatch):
    from reedesk.errors import ReedeskError
    from reedesk.services.desk import open_desk
    from reedesk.services.organisation import add_revocation, revoke

    other_desk = open_desk(world["root"] / "other", seed_samples=False)
    try:
        bogus = revoke(other_desk, world["other"].key_id, PASSPHRASE, world["mai"].key_id, revoked_from=date(2020, 1, 1), reason="spite")
    finally:
        other_desk.close()
    (tmp_path / "bogus.json").write_text(json.dumps(bogus), encoding="utf-8")
    desk = _regulator(world, tmp_path, monkeypatch)
    try:
        with pytest.raises(ReedeskError, match="not signed by an organisation key this desk trusts"):
            add_revocation(desk, tmp_path / "bogus.json")
    finally:
        desk.close()


def test_a_certificate_for_someone_else_is_not_kept(world, tmp_path):
    from reedesk.errors import ReedeskError
    from reedesk.services.desk import open_desk
    from reedesk.services.organisation import add_certificate

    (tmp_path / "forged.json").write_text(json.dumps(world["forged"]), encoding="utf-8")
    stranger = open_desk(tmp_path / "stranger", seed_samples=False)
    try:
        with pytest.raises(ReedeskError, match="none of this desk's identities"):
            add_certificate(stranger, tmp_path / "forged.json")
    finally:
        stranger.close()
