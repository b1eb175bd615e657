"""New packs in en, zh-Hant and zh-Hans checked by tools that are not reedesk (issue 11, "Done when"):
poppler's ``pdfsig`` validates the PAdES signature, ``page-validation`` finds nothing for
PDF/A-3b, and ``reedesk verify`` exits 0 with the signer pinned and 3 without. Plus the
fuzz test: 400 single-bit flips (100 inside /Contents), every one refused without a traceback.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import pytest

from reedesk.evidence.verifier import verify_bytes
from tests.evidence.helpers import export, make_identity

LANGUAGES = ("en", "zh-Hant", "zh-Hans")


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from reedesk.services.desk import open_desk

    root = tmp_path_factory.mktemp("standard-tools")
    desk = open_desk(root / "home")
    try:
        identity = make_identity(desk)
        paths = {}
        for language in LANGUAGES:
            paths[language] = root / f"pack-{language}.pdf"
            export(desk, "LM-2026-0042", paths[language], language=language)
    finally:
        desk.close()
    return {"paths": paths, "identity": identity}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdfsig_says_the_signature_is_valid(packs, language):
    """poppler checks the ECDSA P-256 PAdES signature (it could not check 0.1.0's Ed25519)."""
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (Debian: poppler-utils) is needed; .ci/run installs it"
    done = subprocess.run([pdfsig, str(packs["paths"][language])], capture_output=True, text=True, timeout=60)
    assert "Signature Validation: Signature is Valid." in done.stdout, done.stdout + done.stderr
    assert "Signing Hash Algorithm: SHA-256" in done.stdout
    assert "Signer Certificate Common Name: Mai Tran" in done.stdout
    assert "Total document signed" in done.stdout


def test_pdfsig_cannot_check_a_010_pack():
    """The reason for the change, kept as a fact: 0.1.0's Ed25519 PAdES is opaque to poppler."""
    from pathlib import Path

    pdfsig = shutil.which("pdfsig")
    assert pdfsig
    fixture = Path(__file__).parent / "fixtures" / "pack-0.1.0-en.pdf"
    done = subprocess.run([pdfsig, str(fixture)], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid" not in done.stdout


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_validation_finds_nothing_for_pdfa_3b(packs, language):
    """An independent PDF/A validator (PyPI page-validation), profile 3b, on the signed pack."""
    import page

    report = page.validate_pdf(str(packs["paths"][language]), profile="3b")
    findings = sorted({f"{f.rule_id}: {f.message[:160]}" for f in report.failures})
    assert report.is_compliant and not findings, "\n".join(findings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_verify_exits_0_pinned_and_3_without(packs, language):
    from reedesk.signing.keys import fingerprint

    data = packs["paths"][language].read_bytes()
    assert verify_bytes(data, trusted_key_ids=[fingerprint(packs["identity"].key_id)]).exit_code == 0
    unpinned = verify_bytes(data)
    assert unpinned.exit_code == 3 and unpinned.unconfirmed == [fingerprint(packs["identity"].key_id)]


def _case_only_hex_change(old: int, new: int) -> bool:
    a, b = chr(old), chr(new)
    return a != b and a.lower() == b.lower() and a.lower() in "abcdef"


def test_400_random_bit_flips_are_all_refused_without_a_traceback(packs):
    """Seeded fuzz: 300 flips anywhere in the file and 100 inside the signature's /Contents (its
    certificate, attributes and zero padding); a case-only change of a hex letter is the same
    value and excluded. Each flipped file goes through the whole verifier, in process."""
    pdf = packs["paths"]["en"].read_bytes()
    key = packs["identity"].key_id
    match = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf))[-1]
    start, first, second, _ = (int(x) for x in match.groups())
    contents = (start + first, second)
    rng = random.Random(20261201)
    accepted, tried, inside = [], 0, 0
    while tried < 400:
        in_contents = tried % 4 == 0
        offset = rng.randrange(*contents) if in_contents else rng.randrange(len(pdf))
        new = pdf[offset] ^ (1 << rng.randrange(8))
        if _case_only_hex_change(pdf[offset], new):
            continue
        if not in_contents and contents[0] <= offset < contents[1]:
            continue  # keep the split: exactly 100 inside /Contents
        tried += 1
        inside += in_contents
        flipped = bytearray(pdf)
        flipped[offset] = new
        report = verify_bytes(bytes(flipped), trusted_key_ids=[key])
        assert all("Traceback" not in c.reason for c in report.checks)
        if report.exit_code in (0, 3):
            accepted.append((offset, in_contents))
    assert inside == 100
    assert accepted == [], f"{len(accepted)} flips accepted: {accepted[:10]}"
