"""The scrypt PKCS#8 writer produces a standard file (reedesk/signing/pkcs8.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from reedesk.signing.pkcs8 import SCRYPT_N, _int, _oid, encrypt_private_key
from tests.signing.vectors import RFC8032_1_PUBLIC, RFC8032_1_SECRET, vector_key


def test_der_integers_and_oids_encode_as_x690():
    assert _int(0) == bytes.fromhex("020100")
    assert _int(127) == bytes.fromhex("02017f")
    assert _int(128) == bytes.fromhex("02020080")
    assert _int(2**14) == bytes.fromhex("02024000")
    assert _oid("1.2.840.113549.1.5.13") == bytes.fromhex("06092a864886f70d01050d")


def test_cryptography_reads_it_back_and_a_wrong_passphrase_fails():
    pem = encrypt_private_key(vector_key(RFC8032_1_SECRET), "pässwörd ✓")
    key = serialization.load_pem_private_key(pem, "pässwörd ✓".encode())
    assert key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex() == RFC8032_1_PUBLIC
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(pem, b"passwort")


def test_two_encryptions_use_fresh_salt_and_iv():
    key = vector_key(RFC8032_1_SECRET)
    assert encrypt_private_key(key, "pw") != encrypt_private_key(key, "pw")


def test_the_scrypt_cost_stays_readable_by_openssl():
    assert SCRYPT_N == 2**14


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command not installed")
def test_openssl_reads_the_file(tmp_path):
    path = tmp_path / "k.pem"
    path.write_bytes(encrypt_private_key(vector_key(RFC8032_1_SECRET), "pw"))
    out = subprocess.run(
        ["openssl", "pkey", "-in", str(path), "-passin", "pass:pw", "-pubout", "-outform", "DER"],
        capture_output=True, check=True,
    ).stdout
    assert out.endswith(bytes.fromhex(RFC8032_1_PUBLIC))


def test_an_empty_passphrase_is_refused():
    with pytest.raises(ValueError):
        encrypt_private_key(vector_key(RFC8032_1_SECRET), "")
