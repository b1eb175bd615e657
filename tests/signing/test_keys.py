"""Key ids, fingerprints, encrypted key files (reedesk/signing/keys.py)."""

from __future__ import annotations

import base64
import hashlib
import stat

import pytest

from reedesk.signing.keys import (
    KeyFileProblem,
    WrongPassphrase,
    fingerprint,
    generate_identity,
    key_id_of,
    load_private_key,
    public_key_from_pem,
    public_key_pem,
    raw_public_key,
    write_private_key,
)
from tests.signing.vectors import (
    RFC8032_1_PUBLIC,
    RFC8032_1_SECRET,
    RFC8032_1_SIG_EMPTY,
    RFC8032_2_PUBLIC,
    RFC8032_2_SECRET,
    RFC8032_2_SIG_72,
    vector_key,
)


def test_key_id_is_sha256_of_the_raw_public_key():
    raw = bytes.fromhex(RFC8032_1_PUBLIC)
    assert key_id_of(raw) == hashlib.sha256(raw).hexdigest()
    assert len(key_id_of(raw)) == 64


def test_key_id_refuses_a_public_key_of_the_wrong_length():
    with pytest.raises(ValueError, match="32 bytes"):
        key_id_of(b"\x01" * 31)


def test_fingerprint_is_the_first_16_hex_digits_grouped():
    key_id = key_id_of(bytes.fromhex(RFC8032_1_PUBLIC))
    fp = fingerprint(key_id)
    assert fp == "-".join(key_id[i : i + 4].upper() for i in range(0, 16, 4))
    assert len(fp) == 19


@pytest.mark.parametrize(
    "secret, public, message, signature",
    [(RFC8032_1_SECRET, RFC8032_1_PUBLIC, b"", RFC8032_1_SIG_EMPTY), (RFC8032_2_SECRET, RFC8032_2_PUBLIC, b"\x72", RFC8032_2_SIG_72)],
)
def test_rfc8032_keys_survive_encryption_and_sign_the_published_signature(tmp_path, secret, public, message, signature):
    generated = generate_identity("correct horse", vector_key(secret))
    assert generated.public_key.hex() == public
    path = tmp_path / "k.pem"
    write_private_key(path, generated.encrypted_pem)
    loaded = load_private_key(path, "correct horse")
    assert raw_public_key(loaded).hex() == public
    assert loaded.sign(message).hex() == signature


def test_the_key_file_is_scrypt_pkcs8_and_private(tmp_path):
    generated = generate_identity("pw")
    assert generated.encrypted_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    der = base64.b64decode(b"".join(generated.encrypted_pem.splitlines()[1:-1]))
    assert bytes.fromhex("06092b06010401da47040b") in der  # OID 1.3.6.1.4.1.11591.4.11 (scrypt)
    assert bytes.fromhex("060960864801650304012a") in der  # OID 2.16.840.1.101.3.4.1.42 (AES-256-CBC)
    assert bytes.fromhex("06092a864886f70d01050d") in der  # OID 1.2.840.113549.1.5.13 (PBES2)
    path = tmp_path / "k.pem"
    write_private_key(path, generated.encrypted_pem)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_private_key(path, generated.encrypted_pem)  # never overwrite a key


def test_a_wrong_passphrase_is_a_clear_error_naming_the_file(tmp_path):
    path = tmp_path / "k.pem"
    write_private_key(path, generate_identity("right").encrypted_pem)
    with pytest.raises(WrongPassphrase, match=r"passphrase does not open the key file .*k\.pem"):
        load_private_key(path, "wrong")


def test_an_empty_passphrase_is_refused():
    with pytest.raises(Exception, match="passphrase is empty"):
        generate_identity("")


def test_a_missing_or_garbled_key_file_is_named(tmp_path):
    with pytest.raises(KeyFileProblem, match="cannot be read"):
        load_private_key(tmp_path / "absent.pem", "pw")
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    bad.chmod(0o600)
    with pytest.raises(KeyFileProblem, match="bad.pem"):
        load_private_key(bad, "pw")


def test_public_key_pem_round_trips_and_rejects_other_keys():
    raw = bytes.fromhex(RFC8032_2_PUBLIC)
    pem = public_key_pem(raw)
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert public_key_from_pem(pem) == raw
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(KeyFileProblem, match="not an Ed25519 public key"):
        public_key_from_pem(other, "the file bob.pem")
    with pytest.raises(KeyFileProblem, match="not a PEM public key"):
        public_key_from_pem("garbage")


# Encrypted with "right" (RFC 8032 key 1). "wrong-207" happens to decrypt to valid CBC
# padding, so cryptography reports an ASN.1 error instead of a bad password (~1 in 200).
PADDING_COLLISION_PEM = b"""-----BEGIN ENCRYPTED PRIVATE KEY-----
MIGeMFoGCSqGSIb3DQEFDTBNMCwGCSsGAQQB2kcECzAfBBBmOOSnQJ3fC/bNfU6u
Ew0QAgJAAAIBCAIBAQIBIDAdBglghkgBZQMEASoEEGu2pAXpdNiwkgMhQhRsnOME
QG1ri/STjd4nlUjk83YtlT/Gtm90xixHwTWbw0BUNRf1CfOYijhEj15UbZQkMldY
83Hxx9I501aUU/pskXdHteU=
-----END ENCRYPTED PRIVATE KEY-----
"""


def test_a_wrong_passphrase_that_yields_valid_padding_is_still_a_wrong_passphrase(tmp_path):
    path = tmp_path / "k.pem"
    path.write_bytes(PADDING_COLLISION_PEM)
    path.chmod(0o600)
    assert raw_public_key(load_private_key(path, "right")).hex() == RFC8032_1_PUBLIC
    with pytest.raises(WrongPassphrase):
        load_private_key(path, "wrong-207")


def test_an_unencrypted_or_foreign_pem_is_a_key_file_problem(tmp_path):
    from cryptography.hazmat.primitives import serialization

    plain = tmp_path / "plain.pem"
    plain.write_bytes(vector_key(RFC8032_1_SECRET).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    plain.chmod(0o600)
    with pytest.raises(KeyFileProblem, match="plain.pem"):
        load_private_key(plain, "pw")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o666])
def test_a_key_file_readable_by_others_is_refused_with_the_fix(tmp_path, mode):
    """Integrity issue point 12: another account on the machine could copy such a file and
    guess passphrases offline, so it is not used, and the sentence gives the chmod that fixes it."""
    path = tmp_path / "k.pem"
    write_private_key(path, generate_identity("a long pass phrase").encrypted_pem)
    path.chmod(mode)
    with pytest.raises(KeyFileProblem, match=rf"can be read by other users .*mode {mode:04o}.*chmod 600 {path}"):
        load_private_key(path, "a long pass phrase")
    path.chmod(0o600)
    assert load_private_key(path, "a long pass phrase")


@pytest.mark.production_scrypt
def test_one_passphrase_guess_at_the_production_cost_takes_at_least_250_ms(tmp_path):
    """Integrity issue point 12: scrypt at the production cost makes each guess cost >= 250 ms
    (the best of three tries, so a busy machine cannot make it pass)."""
    import time

    path = tmp_path / "k.pem"
    write_private_key(path, generate_identity("a long pass phrase").encrypted_pem)
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        with pytest.raises(WrongPassphrase):
            load_private_key(path, "a wrong guess")
        timings.append(time.perf_counter() - start)
    assert min(timings) >= 0.25, timings
