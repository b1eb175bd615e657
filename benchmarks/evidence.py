"""Benchmark: evidence-pack export and verify time for 20- and 200-line dossiers.

Run on demand: ``python benchmarks/evidence.py [--repeat N]``. Uses a throw-away desk
in a temporary folder (real SQLite, real keys, real PDFs) and prints, per size, the
median wall time of: the floor (:func:`floor_pack`: an equivalent pack — same pages, lines
and characters in the same embedded fonts — drawn on a bare reportlab canvas, with the
PDF/A-3b parts, the associated files and one PAdES signature), the whole export (unlock key,
evaluate, sign, audit, proofs, pages, PAdES, check), reedesk's own pages + embedding + PAdES
(``build_pack``), and verify; then the 200/20 ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSPHRASE = "benchmark passphrase"


def dossier(lines: int) -> dict:
    """An Sm-Co magnet with ``lines`` BOM lines: every 10th is CN samarium metal, some in CNY."""
    components = []
    for i in range(lines):
        cn = i % 10 == 0
        components.append({
            "id": f"C{i + 1}",
            "description": "Samarium metal 99.9%" if cn else f"Cobalt part {i + 1}",
            "origin": "CN" if cn else "DE",
            "category": "rare_earth_metal" if cn else "other",
            "elements": ["Sm"] if cn else ["Co"],
            "value": {"amount": f"{0.05 + (i % 7) * 0.01:.2f}", "currency": "CNY" if i % 3 == 0 else "USD"},
        })
    return {
        "format": "reedesk.dossier/1",
        "reference": f"BENCH-{lines}",
        "client": {"name": "Bench Magnetics", "country": "VN"},
        "exporter": {"name": "Bench Magnetics", "country": "VN"},
        "product": {"name": f"Sm2Co17 magnet, {lines}-line BOM", "description": "benchmark", "hs_code": "850511",
                    "category": "rare_earth_permanent_magnet", "elements": ["Sm", "Co"], "made_in": "VN",
                    "unit_value": {"amount": "480.00", "currency": "USD"}},
        "components": components,
        "technologies": [],
        "shipment": {"export_from": "VN", "destination": "DE",
                     "end_use": {"category": "civil", "description": "servo motors"},
                     "end_user": {"name": "Rhein Antriebe GmbH", "country": "DE"}},
        "exchange_rates": [{"from": "CNY", "to": "USD", "rate": "0.1400", "date": "2026-11-20", "source": "bank daily rate"}],
    }


def pack_text(pdf_path: Path) -> list[list[list[tuple[str, str]]]]:
    """The text an exported pack shows, page by page and line by line, as (font, text) runs.

    Read once, outside any timing: it is the *input* of the floor (the same number of pages,
    lines and characters, each run in the font the pack sets it in: the CJK font for what
    the Latin font lacks)."""
    import subprocess

    from pypdf import PdfReader

    from reedesk.evidence.fonts import CJK, LATIN, needs_cjk

    count = len(PdfReader(str(pdf_path)).pages)
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(pdf_path), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = []
        for line in text.splitlines():
            runs: list[tuple[str, str]] = []
            for char in line.replace("\f", ""):
                font = CJK if needs_cjk(char) else LATIN
                if runs and runs[-1][0] == font:
                    runs[-1] = (font, runs[-1][1] + char)
                else:
                    runs.append((font, char))
            lines.append(runs)
        pages.append(lines)
    return pages


def floor_signer(key):
    """A pyHanko signer for ``key`` made once, outside the timing (any implementation can keep its
    certificate; one PAdES signature per pack is what it cannot avoid)."""
    from datetime import datetime, timezone

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from reedesk.evidence.certificate import pades_certificate
    from reedesk.signing.keys import key_id_of, raw_public_key
    from reedesk.signing.pades_key import pades_private_key, sign_binding

    key_id = key_id_of(raw_public_key(key))
    p256 = pades_private_key(key)
    certificate = pades_certificate(p256, key_id=key_id, binding=sign_binding(key, key_id, p256.public_key()),
                                    name="Bench Signer", organisation="", role="", now=datetime.now(timezone.utc))
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(p256.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore(),
    )


def floor_pack(pages: list[list[list[tuple[str, str]]]], files: list, signer) -> bytes:
    """The least any implementation must do for an equivalent signed PDF/A-3b pack.

    reportlab canvas, one text object per page, every line of the pack's text in its fonts
    (TrueType subsets embedded, as PDF/A demands; same page compression), then ONE incremental
    update by pyHanko holding what PDF/A-3b and the pack need besides the pages — sRGB output
    intent, XMP identification, the associated files — and the PAdES signature. No layout, no
    tables, no paragraph markup, no second reading of the pages, no check of the result."""
    import io
    from datetime import datetime, timezone

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata import model as xmp
    from pyhanko.pdf_utils.metadata import xmp_xml
    from pyhanko.sign import fields, signers
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from reedesk.evidence.fonts import register_fonts
    from reedesk.evidence.pdfsign import _icc_profile, embed_files
    from reedesk.evidence.rl_streams import patch_reportlab_streams

    register_fonts()
    patch_reportlab_streams()  # the EOL before endstream PDF/A asks for, so nothing is rewritten
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for lines in pages:
        text = canvas.beginText(40, A4[1] - 40)
        text.setLeading(9)
        for runs in lines:
            for font, chunk in runs:
                text.setFont(font, 7)
                text.textOut(chunk)
            text.textLine("")
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    now = datetime.now(timezone.utc)
    writer = IncrementalPdfFileWriter(io.BytesIO(buffer.getvalue()))
    icc = generic.StreamObject({generic.NameObject("/N"): generic.NumberObject(3)}, stream_data=_icc_profile())
    icc.compress()
    writer.root[generic.NameObject("/OutputIntents")] = generic.ArrayObject([writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/OutputIntent"),
        generic.NameObject("/S"): generic.NameObject("/GTS_PDFA1"),
        generic.NameObject("/OutputConditionIdentifier"): generic.TextStringObject("sRGB IEC61966-2.1"),
        generic.NameObject("/DestOutputProfile"): writer.add_object(icc),
    }))])
    meta = writer.document_meta
    meta.title, meta.author, meta.subject, meta.creator, meta.created = "Pack", "Bench Signer", "Pack", "reedesk", now
    meta.xmp_extra = [xmp.XmpStructure.of(
        (xmp.ExpandedName(ns=xmp.NS["pdfaid"], local_name="part"), xmp.XmpValue("3")),
        (xmp.ExpandedName(ns=xmp.NS["pdfaid"], local_name="conformance"), xmp.XmpValue("B")),
    )]
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(xmp_xml.MetadataStream.from_xmp(
        xmp_xml.update_xmp_with_meta(meta)))
    meta.xmp_extra = []  # in the stream now; pyHanko merges its own fields into it when it writes
    writer.update_root()
    embed_files(writer, files, when=now)
    writer.ensure_output_version = lambda version: None
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(field_name="Sig", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.reader import contents_from_pack, open_pack
    from reedesk.services.desk import open_desk
    from reedesk.services.evidence import export_pack, verify_pack
    from reedesk.services.keys import create_identity, unlock

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        desk = open_desk(root / "home", seed_samples=False)
        identity = create_identity(desk, "Bench Signer", "Compliance officer", "Bench Magnetics", PASSPHRASE)
        key = unlock(desk, identity.key_id, PASSPHRASE)
        signer = floor_signer(key)
        for lines in (20, 200):
            source = root / f"bench-{lines}.json"
            source.write_text(json.dumps(dossier(lines)), encoding="utf-8")
            exports, builds, floors, verifies, sizes, pages = [], [], [], [], [], []
            for run in range(args.repeat):
                out = root / f"bench-{lines}-{run}.pdf"
                start = time.perf_counter()
                export_pack(desk, str(source) if run == 0 else f"BENCH-{lines}", date(2026, 11, 25), "Prepared by", out, passphrase=PASSPHRASE)
                exports.append(time.perf_counter() - start)
                sizes.append(out.stat().st_size)
                contents = contents_from_pack(open_pack(out))
                start = time.perf_counter()
                build_pack(contents, key, signer={"name": "Bench Signer"}, now=datetime.now(timezone.utc))
                builds.append(time.perf_counter() - start)
                text, files = pack_text(out), contents.files()
                start = time.perf_counter()
                floor_pack(text, files, signer)
                floors.append(time.perf_counter() - start)
                start = time.perf_counter()
                report = verify_pack(out, trusted_key_ids=[identity.key_id])  # exit 0 needs the signer confirmed (0.2)
                verifies.append(time.perf_counter() - start)
                if report.exit_code != 0:
                    print(f"verification failed for {lines} lines: {[c.name for c in report.failed]}", file=sys.stderr)
                    return 1
                from pypdf import PdfReader

                pages.append(len(PdfReader(str(out)).pages))
            results[lines] = {
                "export": statistics.median(exports), "build": statistics.median(builds), "floor": statistics.median(floors),
                "verify": statistics.median(verifies), "size": statistics.median(sizes), "pages": pages[0],
            }
        desk.close()

    print(f"evidence pack benchmark (median of {args.repeat} runs)")
    print(f"{'lines':>6} {'pages':>6} {'KiB':>8} {'floor s':>9} {'export s':>10} {'x floor':>8} {'build_pack s':>13} {'verify s':>10}")
    for lines, r in results.items():
        print(f"{lines:>6} {r['pages']:>6} {r['size'] / 1024:>8.0f} {r['floor']:>9.3f} {r['export']:>10.3f} "
              f"{r['export'] / r['floor']:>7.1f}x {r['build']:>13.3f} {r['verify']:>10.3f}")
    print("floor: the same pages and text in the same embedded fonts on a bare reportlab canvas, PDF/A-3b parts,\n"
          "associated files, one PAdES signature (floor_pack); build_pack: reedesk's own pages + PDF/A + PAdES")
    a, b = results[20], results[200]
    print(f"ratios 200/20: export {b['export'] / a['export']:.2f}x, pages+PAdES {b['build'] / a['build']:.2f}x, "
          f"verify {b['verify'] / a['verify']:.2f}x, size {b['size'] / a['size']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
