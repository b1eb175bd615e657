"""The faster export (issue 13, "export a signed 20-line pack"): each shortcut keeps what it replaces.

- The cover's QR code is drawn as one image of its modules (it was ~700 rectangles, then ~250
  runs, which every reader of the cover had to parse): rendered by poppler, every module is
  still dark or light as the QR matrix says.
- The strict DER check of the signature container walks the bytes once and parses every
  element against the CMS schema instead of re-encoding the whole tree with asn1crypto:
  on hundreds of mutated containers the container check refuses at least every one the
  re-encoding check refused.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from reedesk.evidence.cms_strict import _signed_data_problem, container_problem, contents_blob, is_canonical_der


def test_qr_code_image_shows_every_module(tmp_path: Path) -> None:
    """The QR code of a determination SHA-256, drawn on its own page and rasterised by pdftoppm:
    the centre of each module is black exactly where the QR matrix has a dark module."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    from reedesk.evidence.layout import QrFlowable

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (Debian: poppler-utils) is needed"
    qr = QrFlowable("9f2c" * 16, 100.0)
    cells = len(qr.matrix)
    assert cells >= 25
    pdf = tmp_path / "qr.pdf"
    page = canvas.Canvas(str(pdf), pagesize=(100, 100))
    qr.drawOn(page, 0, 0)
    page.save()
    content = pdf.read_bytes()
    assert b"/Subtype /Image" in content and b"/Interpolate true" not in content  # one image, not smoothed
    subprocess.run([pdftoppm, "-png", "-r", str(cells * 8 * 72 // 100 + 1), "-singlefile", str(pdf), str(tmp_path / "qr")],
                   check=True, timeout=60)
    image = Image.open(tmp_path / "qr.png").convert("L")
    step = image.width / cells
    wrong = [(r, c) for r in range(cells) for c in range(cells)
             if (image.getpixel((int((c + 0.5) * step), int((r + 0.5) * step))) < 128) != bool(qr.matrix[r][c])]
    assert not wrong, f"{len(wrong)} modules differ, e.g. {wrong[:5]}"


def _reencodes_identically(der: bytes) -> bool:
    """The former DER test (asn1crypto's full re-encoding), kept here as the oracle."""
    from asn1crypto import cms

    try:
        return cms.ContentInfo.load(der, strict=True).dump(force=True) == der
    except Exception:  # noqa: BLE001
        return False


def _former_container_problem(der: bytes) -> str | None:
    """The container check as it was before: re-encoding, then the same SignedData rules."""
    from asn1crypto import cms

    try:
        if not _reencodes_identically(der):
            return "not DER"
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            return "not signed data"
        return _signed_data_problem(info["content"], "p256")
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__


@pytest.fixture(scope="module")
def container(exported) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = Path(exported["path"]).read_bytes()
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    blob, problem = contents_blob(data, signature.byte_range)
    assert problem is None and blob
    length = 2 + blob[1] if blob[1] < 0x80 else 2 + (blob[1] & 0x7F) + int.from_bytes(blob[2 : 2 + (blob[1] & 0x7F)], "big")
    return blob[:length]


def test_the_real_container_is_canonical(container: bytes) -> None:
    assert _reencodes_identically(container) and _former_container_problem(container) is None
    assert is_canonical_der(container) and container_problem(container, "p256") is None


def test_container_check_refuses_whatever_the_reencoding_check_refused(container: bytes) -> None:
    """Seeded: 400 single-bit flips, 100 byte changes near the start (tags and lengths) and 50
    BER-style long-form lengths; every mutation the former check refused, the new one refuses."""
    rng = random.Random(13)
    mutations: list[bytes] = []
    for _ in range(400):
        data = bytearray(container)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        mutations.append(bytes(data))
    for _ in range(100):
        data = bytearray(container)
        data[rng.randrange(min(len(data), 64))] = rng.randrange(256)
        mutations.append(bytes(data))
    # A short length re-written in long form (0x81 nn): valid BER, not DER.
    short = [i for i in range(1, len(container) - 1) if container[i] < 0x80 and container[i - 1] in (0x30, 0x31, 0x04, 0x02, 0x06)]
    for i in rng.sample(short, min(50, len(short))):
        mutations.append(container[:i] + b"\x81" + container[i:])
    missed = [m for m in mutations if _former_container_problem(m) is not None and container_problem(m, "p256") is None]
    assert not missed, f"{len(missed)} mutated containers pass the new check but failed the former one"
    assert sum(1 for m in mutations if not is_canonical_der(m)) > 100  # the walk itself refuses many


def test_der_walk_refuses_trailing_bytes_and_indefinite_length() -> None:
    good = b"\x30\x03\x02\x01\x05"
    assert is_canonical_der(good)
    assert not is_canonical_der(good + b"\x00")
    assert not is_canonical_der(b"\x30\x80\x02\x01\x05\x00\x00")  # BER indefinite length
    assert not is_canonical_der(b"\x30\x04\x02\x02\x00\x05")  # INTEGER with a leading zero
    assert not is_canonical_der(b"\x30\x03\x01\x01\x01")  # BOOLEAN TRUE must be 0xFF
    assert not is_canonical_der(b"")


def test_export_unlocks_the_key_once_and_signing_refuses_another_identitys_key(tmp_path: Path, monkeypatch) -> None:
    """The scrypt unlock (a deliberate cost per passphrase guess) is paid once per export, not twice
    (once to fail early, once to sign); a key handed to sign_determination must be the signer's."""
    from reedesk.errors import ReedeskError
    from reedesk.services.desk import open_desk
    from reedesk.services.evaluation import evaluate_reference
    from reedesk.services.keys import unlock
    from reedesk.services.signing import sign_determination, signatures_for
    from reedesk.signing import keys as signing_keys
    from tests.evidence.helpers import PASSPHRASE, export, make_identity

    desk = open_desk(tmp_path / "home")
    try:
        mai = make_identity(desk)
        other = make_identity(desk, name="Le Van An", role="Reviewer")
        calls = []
        original = signing_keys.load_private_key_pem
        monkeypatch.setattr(signing_keys, "load_private_key_pem", lambda *a, **k: calls.append(1) or original(*a, **k))
        export(desk, "LM-2026-0042", tmp_path / "pack.pdf", key_id=mai.key_id)
        assert len(calls) == 1
        stored = evaluate_reference(desk, "LM-2026-0042", date(2026, 11, 25))
        before = len(signatures_for(desk, stored.id))
        with pytest.raises(ReedeskError, match="not the signing identity"):
            sign_determination(desk, stored.id, mai.key_id, PASSPHRASE, "Reviewed by", private_key=unlock(desk, other.key_id, PASSPHRASE))
        assert len(signatures_for(desk, stored.id)) == before
    finally:
        desk.close()
