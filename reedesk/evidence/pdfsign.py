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
    original = generic.StreamObject.write_to_stream
    if getattr(original, "_reedesk_eol_guard", False):
        return

    def write_to_stream(self: Any, stream: Any, handler: Any = None, container_ref: Any = None) -> Any:
        return original(self, _EolGuard(stream), handler, container_ref)

    write_to_stream._reedesk_eol_guard = True  # type: ignore[attr-defined]
    generic.StreamObject.write_to_stream = write_to_stream  # type: ignore[method-assign]


_guard_stream_eol()


def _icc_profile() -> bytes:
    """sRGB ICC profile (LittleCMS's built-in sRGB, written by Pillow; MIT) — see resources/icc/README.md."""
    from reedesk.resources import resource

    return resource("icc", "sRGB-littlecms.icc").read_bytes()


def pdfa_document(pages_pdf: bytes, files: list[EmbeddedFile], *, signer_name: str, now: datetime,
                  metadata: dict[str, Any] | None = None) -> bytes:
    """The unsigned PDF/A-3b document: reportlab's pages rewritten by pyHanko (streams with
    the EOL markers and exact /Length PDF/A asks for), an sRGB output intent, XMP with the
    PDF/A identification (part 3, conformance B) and pdf:Keywords, and the associated files."""
    from pyhanko.pdf_utils.metadata import model as xmp
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pages_pdf)))
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
    meta.xmp_extra = [xmp.XmpStructure.of(*fields)]
    info = getattr(writer, "_info", None)  # the Info entry PDF/A wants equal to pdf:Keywords
    if keywords and info is not None:
        info.get_object()[generic.NameObject("/Keywords")] = generic.TextStringObject(keywords)
    embed_files(writer, files, when=now)
    # pyHanko raises the version to 2.0 for /AF; PDF/A-3 is PDF 1.7 with associated files (ISO 19005-3).
    writer.output_version = (1, 7)
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
    """Return the final pack: the PDF/A-3b document (:func:`pdfa_document`), signed over the whole file.

    ``metadata`` (title, subject, keywords) goes into the XMP stream (and the Info
    dictionary entries PDF/A allows beside it).
    """
    unsigned = pdfa_document(pages_pdf, files, signer_name=signer_name, now=now, metadata=metadata)
    writer = IncrementalPdfFileWriter(io.BytesIO(unsigned))
    # Keep PDF 1.7: pyHanko would set the catalog /Version to 2.0 for the signature of a file with /AF,
    # which PDF/A-3 (based on PDF 1.7) does not allow. Nothing of PDF 2.0 is used.
    writer.ensure_output_version = lambda version: None  # type: ignore[method-assign]
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
    try:
        signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(writer, output=output)
    except Exception as exc:  # noqa: BLE001 — a TSA that is down or answers nonsense: one sentence
        if timestamper is None:
            raise
        from reedesk.errors import ReedeskError

        raise ReedeskError(f"The timestamp authority {timestamp_url} did not give a timestamp ({type(exc).__name__}: "
                           f"{str(exc)[:160]}); nothing was written. Check the setting timestamp_url.") from None
    return output.getvalue()
