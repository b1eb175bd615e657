"""Embed the associated files and sign the whole PDF (PAdES, pyHanko, ECDSA P-256 / SHA-256).

Associated files follow PDF 2.0 / PDF/A-3: each is in the EmbeddedFiles name tree,
listed in the catalog's /AF array, with /AFRelationship and the MIME type as the
stream /Subtype. The signature is the last revision of the file, so it covers the
whole file; anything appended later shows up as an uncovered revision.

The signing key is the identity's P-256 key derived from its Ed25519 key
(:mod:`reedesk.signing.pades_key`), so poppler, Acrobat and OpenSSL can check it;
the certificate binds it to the Ed25519 identity (:mod:`reedesk.evidence.certificate`).
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from reedesk.evidence.certificate import pades_certificate
from reedesk.evidence.contents import EmbeddedFile
from reedesk.evidence.rl_streams import patch_reportlab_streams

SIGNATURE_FIELD = "ReedeskPackSignature"


def embed_files(writer: Any, files: list[EmbeddedFile], *, when: datetime) -> None:
    for item in files:
        stream = embed.EmbeddedFileObject.from_file_data(
            writer, item.data, mime_type=item.mime,
            params=embed.EmbeddedFileParams(creation_date=when, modification_date=when),
        )
        spec = embed.FileSpec(
            file_spec_string=item.name, file_name=item.name, embedded_data=stream,
            description=item.description, af_relationship=generic.pdf_name("/" + item.relationship),
        )
        embed.embed_file(writer, spec)


class _EolGuard:
    """A write-through wrapper that makes the end-of-line before ``endstream`` unambiguous.

    pyHanko writes ``data`` + ``\nendstream``. When the (compressed, so random) data ends
    with ``\r`` — one stream in 256, e.g. a font subset whose Adler-32 ends in 0x0D —
    PDF/A validators read ``\r\n`` as the EOL and find /Length one byte long
    (PDFA3B-STREAM-LENGTH-001). Writing ``\r\nendstream`` then keeps /Length exact and the
    EOL one marker. Offsets stay right: every byte goes through to the real stream. (H7)
    """

    def __init__(self, stream: Any):
        self._stream = stream
        self._last = b""

    def write(self, data: bytes) -> Any:
        if data == b"\nendstream" and self._last == b"\r":
            data = b"\r\nendstream"
        if data:
            self._last = bytes(data[-1:])
        return self._stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _guard_stream_eol() -> None:
    from reedesk.evidence.rl_patch import install_once

    def guarded(original: Any) -> Any:
        def write_to_stream(self: Any, stream: Any, handler: Any = None, container_ref: Any = None) -> Any:
            return original(self, _EolGuard(stream), handler, container_ref)

        return write_to_stream

    install_once(generic.StreamObject, "write_to_stream", guarded)


_guard_stream_eol()
patch_reportlab_streams()  # pages drawn after this import carry the EOL markers PDF/A asks for


def _icc_profile() -> bytes:
    """sRGB ICC profile (LittleCMS's built-in sRGB, written by Pillow; MIT) — see resources/icc/README.md."""
    from reedesk.resources import resource

    return resource("icc", "sRGB-littlecms.icc").read_bytes()


def _pdfa_writer(pages_pdf: bytes, files: list[EmbeddedFile], *, signer_name: str, now: datetime,
                 metadata: dict[str, Any] | None = None) -> IncrementalPdfFileWriter:
    """reportlab's pages with what PDF/A-3b and the pack add, as ONE pending incremental update:
    an sRGB output intent, XMP with the PDF/A identification (part 3, conformance B) and
    pdf:Keywords, the Info entries to match, and the associated files.

    reportlab's streams already carry the EOL markers and exact /Length PDF/A asks for
    (:mod:`reedesk.evidence.rl_streams`), so the pages are not parsed and written out again
    (that re-read was ~25 ms of every export; issue 13): pyHanko reads the trailer, the
    catalog and the Info dictionary, and appends. The signature goes into the same update."""
    from pyhanko.pdf_utils.metadata import model as xmp
    from pyhanko.pdf_utils.metadata import xmp_xml

    if pages_pdf[:7] == b"%PDF-1." and pages_pdf[7:8] < b"7":
        # reportlab writes a 1.4 header; the pack is PDF 1.7 with PDF/A-3 associated files (ISO 19005-3).
        pages_pdf = b"%PDF-1.7" + pages_pdf[8:]  # same length: every offset stays right
    writer = IncrementalPdfFileWriter(io.BytesIO(pages_pdf))
    # Keep PDF 1.7: pyHanko would raise the version to 2.0 for /AF (and the signature of a file with /AF),
    # which PDF/A-3 (based on PDF 1.7) does not allow. Nothing of PDF 2.0 is used.
    writer.ensure_output_version = lambda version: None  # type: ignore[method-assign]
    icc = generic.StreamObject({generic.NameObject("/N"): generic.NumberObject(3)}, stream_data=_icc_profile())
    icc.compress()
    intent = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/OutputIntent"),
        generic.NameObject("/S"): generic.NameObject("/GTS_PDFA1"),
        generic.NameObject("/OutputConditionIdentifier"): generic.TextStringObject("sRGB IEC61966-2.1"),
        generic.NameObject("/Info"): generic.TextStringObject("sRGB IEC61966-2.1"),
        generic.NameObject("/DestOutputProfile"): writer.add_object(icc),
    })
    writer.root[generic.NameObject("/OutputIntents")] = generic.ArrayObject([writer.add_object(intent)])
    meta = writer.document_meta
    meta.title = (metadata or {}).get("title")
    meta.subject = (metadata or {}).get("subject")
    meta.author = signer_name or None
    meta.creator = "reedesk"
    meta.created = now
    fields = [
        (xmp.ExpandedName(ns=xmp.NS["pdfaid"], local_name="part"), xmp.XmpValue("3")),
        (xmp.ExpandedName(ns=xmp.NS["pdfaid"], local_name="conformance"), xmp.XmpValue("B")),
    ]
    keywords = ", ".join(str(k) for k in (metadata or {}).get("keywords") or [])
    if keywords:  # pyHanko would write "pdf:keywords"; the XMP property is pdf:Keywords
        fields.append((xmp.ExpandedName(ns=xmp.NS["pdf"], local_name="Keywords"), xmp.XmpValue(keywords)))
    # The XMP stream is written here, whole: pyHanko updates its own fields in it (producer, dates) each
    # time it writes — the signature writes twice — and would add xmp_extra a second time.
    meta.xmp_extra = [xmp.XmpStructure.of(*fields)]
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(
        xmp_xml.MetadataStream.from_xmp(xmp_xml.update_xmp_with_meta(meta)))
    meta.xmp_extra = []
    writer.update_root()
    info = getattr(writer, "_info", None)  # the Info entry PDF/A wants equal to pdf:Keywords
    if info is not None:
        info.get_object()[generic.NameObject("/Keywords")] = generic.TextStringObject(keywords)
        writer.mark_update(info)
    embed_files(writer, files, when=now)
    return writer


def pdfa_document(pages_pdf: bytes, files: list[EmbeddedFile], *, signer_name: str, now: datetime,
                  metadata: dict[str, Any] | None = None) -> bytes:
    """The unsigned PDF/A-3b document (:func:`_pdfa_writer` written out)."""
    writer = _pdfa_writer(pages_pdf, files, signer_name=signer_name, now=now, metadata=metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embed_and_sign(
    pages_pdf: bytes,
    files: list[EmbeddedFile],
    private_key: Ed25519PrivateKey,
    *,
    signer_name: str,
    organisation: str,
    role: str,
    reason: str,
    now: datetime,
    metadata: dict[str, Any] | None = None,
    timestamp_url: str | None = None,
) -> bytes:
    """Return the final pack: reportlab's pages and one incremental update holding the PDF/A-3b parts,
    the associated files (:func:`_pdfa_writer`) and the signature, which covers the whole file.

    ``metadata`` (title, subject, keywords) goes into the XMP stream (and the Info
    dictionary entries PDF/A allows beside it).
    """
    writer = _pdfa_writer(pages_pdf, files, signer_name=signer_name, now=now, metadata=metadata)
    from reedesk.signing.keys import key_id_of, raw_public_key
    from reedesk.signing.pades_key import pades_private_key, sign_binding

    key_id = key_id_of(raw_public_key(private_key))
    p256 = pades_private_key(private_key)
    certificate = pades_certificate(
        p256, key_id=key_id, binding=sign_binding(private_key, key_id, p256.public_key()),
        name=signer_name, organisation=organisation, role=role, now=now,
    )
    asn1_cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    asn1_key = asn1_keys.PrivateKeyInfo.load(
        p256.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_cert, signing_key=asn1_key, cert_registry=SimpleCertificateStore()
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason[:200] or None,
        name=signer_name or None,
    )
    timestamper = None
    if timestamp_url:
        from reedesk.evidence.timestamps import UrllibTimeStamper

        timestamper = UrllibTimeStamper(timestamp_url)
    output = io.BytesIO()
    # pyhanko sizes the signature's /Contents by signing a dummy digest first (a dry run, ~10 ms of an
    # export; issue 13). Without a timestamp authority that size depends only on the certificate's
    # length, so the size pyhanko chose for a certificate of this length is reused; the same margin.
    cert_len = len(asn1_cert.dump())
    reserved = _RESERVED_HEX.get(cert_len) if timestamper is None else None
    try:
        signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(writer, output=output, bytes_reserved=reserved)
    except Exception as exc:  # noqa: BLE001 — a TSA that is down or answers nonsense: one sentence
        if timestamper is None:
            raise
        from reedesk.errors import ReedeskError

        raise ReedeskError.coded("pdfsign_timestamp_failed", url=timestamp_url,
                                 detail=f"{type(exc).__name__}: {str(exc)[:160]}") from None
    data = output.getvalue()
    if timestamper is None and reserved is None:
        try:
            _RESERVED_HEX[cert_len] = _reserved_hex_of(data)
        except Exception:  # noqa: BLE001 — not kept: the next export lets pyhanko estimate again
            pass
    return data


# certificate DER length → the /Contents size (hex digits) pyhanko's own estimate gave a pack signed without a TSA
_RESERVED_HEX: dict[int, int] = {}


def _reserved_hex_of(data: bytes) -> int:
    """The hex digits pyhanko reserved for the signature in ``data`` (its one signature's /Contents)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    contents = PdfFileReader(io.BytesIO(data)).embedded_signatures[0].sig_object.raw_get("/Contents")
    return len(bytes(contents)) * 2
