"""The scrypt PKCS#8 writer produces a standard file (reedesk/signing/pkcs8.py)."""

from __future__ import annotations

import base64
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from reedesk.signing.pkcs8 import ScryptCost, _int, _oid, encrypt_private_key
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


@pytest.mark.production_scrypt
def test_the_production_cost_keeps_memory_within_openssls_limit_and_raises_time():
    """16 MiB of memory (OpenSSL's `pkey` refuses more), twelve passes for time (point 12)."""
    cost = ScryptCost.default()
    assert 128 * cost.n * cost.r <= 16 * 2**20 and cost.p >= 12


def test_the_cost_is_stored_in_the_file_so_any_cost_opens_without_parameters():
    """Keys made with the 0.1.0 cost (N=2^14, p=1) or a test cost open like production keys."""
    for cost in (ScryptCost(2**14, 8, 1), ScryptCost(2**10, 8, 1), ScryptCost(2**10, 8, 3)):
        pem = encrypt_private_key(vector_key(RFC8032_1_SECRET), "pw", cost)
        key = serialization.load_pem_private_key(pem, b"pw")
        assert key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex() == RFC8032_1_PUBLIC
        der = base64.b64decode("".join(pem.decode().splitlines()[1:-1]))
        assert _int(cost.n) + _int(cost.r) + _int(cost.p) in der


@pytest.mark.production_scrypt
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
