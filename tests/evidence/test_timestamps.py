"""RFC 3161 signature timestamps from a desk's own TSA (issue 11, point 8), against a throwaway
TSA this test starts on 127.0.0.1 (pyHanko's DummyTimeStamper behind a real HTTP server)."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.evidence.helpers import PASSPHRASE, export, make_identity


def _tsa_certificate():
    """A self-signed TSA certificate with the critical timeStamping extended key usage (RFC 3161 §2.3)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA signs with RSA only
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Lotus Consulting")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return (asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            asn1_keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption())))


@pytest.fixture
def tsa():
    from asn1crypto import tsp
    from pyhanko.sign.timestamps import DummyTimeStamper

    cert, key = _tsa_certificate()
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key)
    requests: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server API)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            assert self.headers["Content-Type"] == "application/timestamp-query"
            requests.append(len(body))
            answer = asyncio.run(stamper.async_request_tsa_response(tsp.TimeStampReq.load(body))).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):  # keep pytest output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}/tsa", "requests": requests}
    finally:
        server.shutdown()
        server.server_close()


def test_a_desk_with_a_tsa_timestamps_the_pack_signature(desk, tmp_path, tsa):
    from reedesk.services.evidence import verify_pack
    from reedesk.services.settings import set_setting

    identity = make_identity(desk)
    set_setting(desk, "timestamp_url", tsa["url"])
    out = tmp_path / "stamped.pdf"
    export(desk, "LM-2026-0042", out)
    assert tsa["requests"], "the TSA was never asked"
    report = verify_pack(out, trusted_key_ids=[identity.key_id])
    assert report.exit_code == 0, report.as_dict()
    stamp = report.summary["timestamp"]
    assert stamp and "Test TSA" in stamp["tsa"]
    assert abs(datetime.fromisoformat(stamp["time"]) - datetime.now(timezone.utc)) < timedelta(minutes=5)
    assert "RFC 3161 timestamp" in report.check("pdf_signature_intact").reason
    import shutil
    import subprocess

    done = subprocess.run([shutil.which("pdfsig") or "pdfsig", str(out)], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid" in done.stdout


def test_without_a_tsa_the_report_says_the_time_is_the_signers_clock(desk, tmp_path):
    from reedesk.services.evidence import verify_pack

    identity = make_identity(desk)
    out = tmp_path / "plain.pdf"
    export(desk, "LM-2026-0042", out)
    report = verify_pack(out, trusted_key_ids=[identity.key_id])
    assert report.summary["timestamp"] is None
    assert "signing time is the signer's own clock" in report.check("pdf_signature_intact").reason


def test_an_unreachable_tsa_stops_the_export_with_one_sentence(desk, tmp_path):
    from reedesk.errors import ReedeskError
    from reedesk.services.audit import audit_log
    from reedesk.services.settings import set_setting

    make_identity(desk)
    set_setting(desk, "timestamp_url", "http://127.0.0.1:9/tsa")  # discard port: nothing listens
    out = tmp_path / "never.pdf"
    with pytest.raises(ReedeskError, match="timestamp authority .* did not give a timestamp"):
        export(desk, "LM-2026-0042", out)
    assert not out.exists()
    assert list(audit_log(desk, dossier_reference="LM-2026-0042", action="export")) == []


def test_the_setting_accepts_only_http_urls(desk):
    from reedesk.errors import ReedeskError
    from reedesk.services.settings import get_setting, set_setting

    with pytest.raises(ReedeskError):
        set_setting(desk, "timestamp_url", "file:///etc/passwd")
    set_setting(desk, "timestamp_url", "https://tsa.example.internal/")
    assert get_setting(desk, "timestamp_url") == "https://tsa.example.internal/"
    assert PASSPHRASE  # the helper module's passphrase is what the desk identity uses
