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


def embed_files(writer: IncrementalPdfFileWriter, files: list[EmbeddedFile], *, when: datetime) -> None:
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
    """Return the final pack: pages + associated files, signed over the whole file.

    ``metadata`` (title, subject, keywords) goes into the Info dictionary and the XMP
    stream that pyHanko writes for a PDF 2.0 file with associated files.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pages_pdf))
    meta = writer.document_meta
    meta.title = (metadata or {}).get("title")
    meta.subject = (metadata or {}).get("subject")
    meta.keywords = list((metadata or {}).get("keywords") or [])
    meta.author = signer_name or None
    meta.creator = "reedesk"
    meta.created = now
    embed_files(writer, files, when=now)
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
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url, timeout=20)
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
