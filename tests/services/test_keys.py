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
    [event] = [e for e in audit.audit_log(empty_desk, action="create") if e.entity_type == "identity"]
    assert event.entity_id == info.key_id
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
    events = audit.count_audit_events(empty_desk)
    with pytest.raises(ReedeskError, match="--org"):
        keys.create_identity(empty_desk, "Mei", "Consultant", " ", PW)
    with pytest.raises(ReedeskError, match="passphrase is empty"):
        keys.create_identity(empty_desk, "Mei", "Consultant", "Lotus", "")
    assert keys.list_identities(empty_desk) == []
    assert list(keys_dir(empty_desk.home).iterdir()) == []
    assert audit.count_audit_events(empty_desk) == events


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
    assert keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", "tea kilns").active


def test_an_identical_active_identity_is_refused_but_allowed_after_retiring(empty_desk):
    first = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    with pytest.raises(ReedeskError, match=r"An active signing identity Mei Lin \(Consultant, Lotus\) already exists"):
        keys.create_identity(empty_desk, " Mei Lin", "Consultant ", "Lotus", PW)
    assert len(keys.list_identities(empty_desk)) == 1
    assert len(list(keys_dir(empty_desk.home).glob("*.pem"))) == 1
    assert keys.create_identity(empty_desk, "Mei Lin", "Reviewer", "Lotus", PW).active  # another role: fine
    keys.retire_identity(empty_desk, first.key_id)
    assert keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW).active  # a replacement key


# ---------------------------------------------------------------- integrity issue 10, points 10 and 12


@pytest.mark.parametrize("common", ["password", "Password1", "12345678", "qwertyuiop", "  iloveyou ", "aaaaaaaaaa"])
def test_the_commonest_passphrases_are_refused(empty_desk, common):
    """Point 12: the first guesses of any attacker never protect a key; nothing is written."""
    with pytest.raises(ReedeskError, match="one of the first that anyone guessing would try"):
        keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", common)
    assert keys.list_identities(empty_desk) == [] and not list(keys_dir(empty_desk.home).iterdir())


def test_an_all_space_passphrase_is_refused(empty_desk):
    with pytest.raises(ReedeskError, match="only of spaces"):
        keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", " " * 12)


def test_a_failed_unlock_is_recorded_in_the_audit_trail_without_the_guess(empty_desk):
    """Point 12: each wrong passphrase leaves a `key_unlock_failed` event naming the key."""
    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    for guess in ("guess one", "guess two"):
        with pytest.raises(WrongPassphrase):
            keys.unlock(empty_desk, info.key_id, guess)
    failed = audit.audit_log(empty_desk, action="key_unlock_failed")
    assert [(e.entity_type, e.entity_id) for e in failed] == [("identity", info.key_id)] * 2
    assert all("guess" not in str(e.after) for e in failed)
    keys.unlock(empty_desk, info.key_id, PW)
    assert len(audit.audit_log(empty_desk, action="key_unlock_failed")) == 2  # a right one records nothing


def test_the_unlock_cache_keeps_a_key_for_a_bounded_time_only(empty_desk):
    """Point 12: a cached key opens without the passphrase until its time is up, then not."""
    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    now = [1000.0]
    cache = keys.UnlockedKeyCache(minutes=15, clock=lambda: now[0])
    with pytest.raises(ReedeskError, match="passphrase of Mei Lin .* is needed"):
        keys.unlock(empty_desk, info.key_id, None, cache=cache)
    first = keys.unlock(empty_desk, info.key_id, PW, cache=cache)
    now[0] += 14 * 60
    assert keys.unlock(empty_desk, info.key_id, None, cache=cache) is first
    now[0] += 61
    with pytest.raises(ReedeskError, match="is needed"):
        keys.unlock(empty_desk, info.key_id, None, cache=cache)
    keys.unlock(empty_desk, info.key_id, PW, cache=cache)
    keys.retire_identity(empty_desk, info.key_id)
    with pytest.raises(ReedeskError, match="retired"):  # a retired key is never served from the cache
        keys.unlock(empty_desk, info.key_id, None, cache=cache)
    assert cache.get(info.key_id) is None


def test_rotation_retires_the_old_key_and_creates_the_new_in_one_step(empty_desk):
    """Point 10: one call, one unit of work; the old key's public half stays for verification."""
    old = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    retired, new = keys.rotate_identity(empty_desk, old.fingerprint, "a new pass phrase", reason="laptop replaced")
    assert (retired.key_id, retired.active) == (old.key_id, False)
    assert (new.name, new.role, new.organisation, new.active) == ("Mei Lin", "Consultant", "Lotus", True)
    assert [i.key_id for i in keys.list_identities(empty_desk, include_retired=False)] == [new.key_id]
    assert keys.default_identity(empty_desk).key_id == new.key_id
    assert keys.unlock(empty_desk, new.key_id, "a new pass phrase")
    [retire] = audit.audit_log(empty_desk, action="retire")
    assert retire.reason == f"laptop replaced: replaced by key {new.fingerprint}"
    assert old.key_id in keys.public_keys(empty_desk)
    with pytest.raises(ReedeskError, match="already retired"):
        keys.rotate_identity(empty_desk, old.key_id, "a new pass phrase")


def test_a_failed_rotation_changes_nothing_and_leaves_no_key_file(empty_desk, monkeypatch):
    """Point 10: if the unit of work fails after the new key file was written, the old key stays
    active and the new file is removed."""
    old = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    files_before = sorted(p.name for p in keys_dir(empty_desk.home).iterdir())
    real_store = keys._store_identity

    def store_then_fail(*args, **kwargs):
        real_store(*args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keys, "_store_identity", store_then_fail)
    with pytest.raises(OSError):
        keys.rotate_identity(empty_desk, old.key_id, "a new pass phrase")
    assert [i.key_id for i in keys.list_identities(empty_desk, include_retired=False)] == [old.key_id]
    assert sorted(p.name for p in keys_dir(empty_desk.home).iterdir()) == files_before


def test_an_orphan_key_file_is_ignored_then_set_aside(empty_desk):
    """Point 10: a key file without identity (a creation killed before its commit) is listed as an
    orphan, never used, and moved to keys/orphaned/ by the next key creation."""
    from reedesk.signing.keys import generate_identity, write_private_key

    orphan = generate_identity(PW)
    path = keys_dir(empty_desk.home) / f"{orphan.key_id}.pem"
    write_private_key(path, orphan.encrypted_pem)
    assert keys.list_orphan_key_files(empty_desk) == [path]
    with pytest.raises(NotFound):
        keys.unlock(empty_desk, orphan.key_id, PW)
    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    assert not path.exists() and (path.parent / "orphaned" / path.name).exists()
    assert keys.list_orphan_key_files(empty_desk) == []
    assert keys.unlock(empty_desk, info.key_id, PW)


def test_the_app_cache_spares_scrypt_for_the_same_or_no_passphrase_only(empty_desk, monkeypatch):
    """Point 12 (GUI): with the process cache on (as the desktop app turns it on, setting
    `unlock_minutes`), a sign or export right after an unlock does not run scrypt again; a
    different passphrase still goes through scrypt, fails, and is audited."""
    from reedesk.services import settings

    info = keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PW)
    assert settings.get_setting(empty_desk, "unlock_minutes") == "15"
    calls = []
    real_load = keys.load_private_key
    monkeypatch.setattr(keys, "load_private_key", lambda path, passphrase: calls.append(1) or real_load(path, passphrase))
    keys.enable_unlock_cache(15)
    first = keys.unlock(empty_desk, info.key_id, PW)
    assert keys.unlock(empty_desk, info.key_id, PW) is first and keys.unlock(empty_desk, info.key_id, "") is first
    assert len(calls) == 1
    with pytest.raises(WrongPassphrase):
        keys.unlock(empty_desk, info.key_id, "not the passphrase")
    assert len(calls) == 2 and len(audit.audit_log(empty_desk, action="key_unlock_failed")) == 1
    keys.enable_unlock_cache(0)  # the setting at 0: ask every time
    with pytest.raises(ReedeskError, match="is needed"):
        keys.unlock(empty_desk, info.key_id, "")
