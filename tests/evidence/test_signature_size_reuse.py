"""The signature's reserved size is reused within a process (issue 13), and packs signed that way are whole.

pyhanko sizes the PAdES signature's /Contents by signing a dummy digest first; without a timestamp
authority that size depends only on the certificate's length, so ``pdfsign`` keeps the size pyhanko
chose for each certificate length and passes it on the next export instead of signing twice.
"""

from __future__ import annotations

import shutil
import subprocess

from reedesk.evidence import pdfsign
from reedesk.evidence.verifier import verify_bytes
from tests.evidence.helpers import export, make_identity


def _contents_hex_digits(data: bytes) -> int:
    from reedesk.evidence.pdfsign import _reserved_hex_of

    return _reserved_hex_of(data)


def test_a_second_export_reuses_the_size_and_its_pack_passes_pdfsig_and_verify(tmp_path):
    """PAdES (ETSI EN 319 142-1) signature over the whole file; the reused size is the one pyhanko chose."""
    from reedesk.services.desk import open_desk
    from reedesk.signing.keys import fingerprint

    desk = open_desk(tmp_path / "home")
    try:
        identity = make_identity(desk)
        pdfsign._RESERVED_HEX.clear()
        export(desk, "LM-2026-0042", tmp_path / "first.pdf")
        assert len(pdfsign._RESERVED_HEX) == 1  # the first export asked pyhanko, and its size was kept
        (cert_len, reserved), = pdfsign._RESERVED_HEX.items()
        first = (tmp_path / "first.pdf").read_bytes()
        assert _contents_hex_digits(first) == reserved
        paths = []
        for language in ("en", "zh-Hant", "zh-Hans"):
            path = tmp_path / f"again-{language}.pdf"
            export(desk, "LM-2026-0042", path, language=language)
            paths.append(path)
    finally:
        desk.close()
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (Debian: poppler-utils) is needed; .ci/run installs it"
    for path in paths:
        data = path.read_bytes()
        if cert_len in pdfsign._RESERVED_HEX and len(pdfsign._RESERVED_HEX) == 1:
            assert _contents_hex_digits(data) == reserved  # the same certificate length: the kept size, no dry run
        assert verify_bytes(data, trusted_key_ids=[fingerprint(identity.key_id)]).exit_code == 0
        done = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, timeout=60)
        assert "Signature is Valid" in done.stdout, done.stdout + done.stderr


def test_a_size_too_small_is_refused_by_pyhanko_not_written_short(tmp_path):
    """A kept size is only ever pyhanko's own estimate; if one were too small pyhanko refuses to sign
    (no truncated signature): the guarantee the reuse leans on."""
    import pytest

    from reedesk.services.desk import open_desk

    desk = open_desk(tmp_path / "home")
    try:
        make_identity(desk)
        export(desk, "LM-2026-0042", tmp_path / "first.pdf")
        saved = dict(pdfsign._RESERVED_HEX)
        try:
            for key in list(pdfsign._RESERVED_HEX):
                pdfsign._RESERVED_HEX[key] = 64
            for length in range(600, 700):
                pdfsign._RESERVED_HEX.setdefault(length, 64)
            with pytest.raises(Exception):
                export(desk, "LM-2026-0042", tmp_path / "short.pdf")
            assert not (tmp_path / "short.pdf").exists()
        finally:
            pdfsign._RESERVED_HEX.clear()
            pdfsign._RESERVED_HEX.update(saved)
    finally:
        desk.close()
