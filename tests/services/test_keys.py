"""Identities and trusted keys (reedesk/services/keys.py)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.errors import NotFound, ReedeskError
from reedesk.paths import keys_dir
from reedesk.services import audit, keys
from reedesk.signing.keys import WrongPassphrase, key_id_of, public_key_from_pem, raw_public_key

PW = "pass phrase"


def test_create_identity_stores_public_half_and_encrypted_private_key(empty_desk):
    info = keys.create_identity(empty_desk, " Mei Lin ", "Consultant", "Lotus Compliance", PW)
    assert (info.name, info.role, info.organisation, info.active) == ("Mei Lin", "Consultant", "Lotus Compliance", True)
    assert info.key_id == key_id_of(bytes.fromhex(info.public_key))
    key_file = keys_dir(empty_desk.home) / f"{info.key_id}.pem"
    text = key_file.read_bytes()
    assert text.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert PW.encode() not in text
    assert raw_public_key(keys.unlock(empty_desk, info.key_id, PW)).hex() == info.public_key
    [event] = audit.audit_log(empty_desk, action="create")
    assert (event.entity_type, event.entity_id) == ("identity", info.key_id)
    assert PW not in str(event.after)


def test_several_identities_are_listed_and_found_by_fingerprint_or_prefix(empty_desk):
    a = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    b = keys.create_identity(empty_desk, "Hans Vogel", "Reviewer", "Rhein", "other pass phrase")
    assert [i.name for i in keys.list_identities(empty_desk)] == ["Mei Lin", "Hans Vogel"]
    assert keys.get_identity(empty_desk, a.fingerprint).key_id == a.key_id
    assert keys.get_identity(empty_desk, b.key_id[:10].upper()).key_id == b.key_id
    with pytest.raises(NotFound):
        keys.get_identity(empty_desk, "0" * 64)
    with pytest.raises(NotFound, match="not a key id"):
        keys.get_identity(empty_desk, "Mei")


def test_a_wrong_passphrase_is_a_clear_error(empty_desk):
    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    with pytest.raises(WrongPassphrase, match="does not open the key of Mei Lin"):
        keys.unlock(empty_desk, info.key_id, "pass phrase ")


def test_missing_fields_and_empty_passphrase_write_nothing(empty_desk):
    with pytest.raises(ReedeskError, match="--org"):
        keys.create_identity(empty_desk, "Mei", "Consultant", " ", PW)
    with pytest.raises(ReedeskError, match="passphrase is empty"):
        keys.create_identity(empty_desk, "Mei", "Consultant", "Lotus", "")
    assert keys.list_identities(empty_desk) == []
    assert list(keys_dir(empty_desk.home).iterdir()) == []
    assert audit.count_audit_events(empty_desk) == 0


def test_a_retired_key_cannot_be_unlocked_but_its_public_key_stays(empty_desk):
    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    retired = keys.retire_identity(empty_desk, info.fingerprint, reason="rotation")
    assert not retired.active
    with pytest.raises(ReedeskError, match="retired"):
        keys.unlock(empty_desk, info.key_id, PW)
    with pytest.raises(ReedeskError, match="already retired"):
        keys.retire_identity(empty_desk, info.key_id)
    assert keys.public_keys(empty_desk)[info.key_id].hex() == info.public_key
    assert keys.list_identities(empty_desk, include_retired=False) == []
    assert audit.audit_log(empty_desk, action="retire")[0].reason == "rotation"


def test_default_identity_needs_exactly_one_active(empty_desk):
    with pytest.raises(ReedeskError, match="keys create"):
        keys.default_identity(empty_desk)
    a = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    assert keys.default_identity(empty_desk).key_id == a.key_id
    keys.create_identity(empty_desk, "Hans Vogel", "Reviewer", "Rhein", PW)
    with pytest.raises(ReedeskError, match="--key"):
        keys.default_identity(empty_desk)


def test_export_and_trust_between_two_desks(tmp_path, empty_desk):
    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    pem = keys.export_public_key(empty_desk, info.key_id)
    assert public_key_from_pem(pem).hex() == info.public_key
    with pytest.raises(ReedeskError, match="own identities"):
        keys.trust_key(empty_desk, "me", pem)

    from reedesk.services.desk import open_desk

    other = open_desk(tmp_path / "other", seed_samples=False)
    try:
        path = tmp_path / "mei.pem"
        path.write_text(pem)
        trusted = keys.trust_key(other, "Mei Lin, Lotus Compliance", path)
        assert trusted.key_id == info.key_id
        assert [t.label for t in keys.list_trusted(other)] == ["Mei Lin, Lotus Compliance"]
        assert keys.public_keys(other)[info.key_id].hex() == info.public_key
        with pytest.raises(ReedeskError, match="already trusted"):
            keys.trust_key(other, "again", pem)
    finally:
        other.close()


def test_trusting_a_bad_file_names_it(tmp_path, empty_desk):
    with pytest.raises(ReedeskError, match="absent.pem"):
        keys.trust_key(empty_desk, "x", tmp_path / "absent.pem")
    bad = tmp_path / "bad.pem"
    bad.write_text("hello")
    with pytest.raises(ReedeskError, match="bad.pem"):
        keys.trust_key(empty_desk, "x", bad)
    with pytest.raises(ReedeskError, match="label"):
        keys.trust_key(empty_desk, " ", bad)
    stranger = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    assert keys.trust_key(empty_desk, "stranger", stranger).label == "stranger"


@pytest.mark.parametrize("short", ["x", "1234567"])
def test_a_passphrase_under_8_characters_is_refused_and_no_key_file_is_left(empty_desk, short):
    with pytest.raises(ReedeskError, match=f"is {len(short)} characters long; a new key needs at least 8"):
        keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", short)
    assert keys.list_identities(empty_desk) == []
    assert not list(keys_dir(empty_desk.home).glob("*.pem"))
    assert keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", "12345678").active


def test_an_identical_active_identity_is_refused_but_allowed_after_retiring(empty_desk):
    first = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    with pytest.raises(ReedeskError, match=r"An active signing identity Mei Lin \(Consultant, Lotus\) already exists"):
        keys.create_identity(empty_desk, " Mei Lin", "Consultant ", "Lotus", PW)
    assert len(keys.list_identities(empty_desk)) == 1
    assert len(list(keys_dir(empty_desk.home).glob("*.pem"))) == 1
    assert keys.create_identity(empty_desk, "Mei Lin", "Reviewer", "Lotus", PW).active  # another role: fine
    keys.retire_identity(empty_desk, first.key_id)
    assert keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW).active  # a replacement key
