"""Assemble a finished pack: pages, associated files, PAdES signature — in memory.

Pure with respect to the desk: it takes :class:`PackContents` and a private key and
returns bytes, so tests and the benchmark can build packs (including deliberately
wrong ones) without a database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.evidence.contents import PackContents
from reedesk.evidence.layout import render_pages
from reedesk.evidence.pdfsign import embed_and_sign


def build_pack(
    contents: PackContents,
    private_key: Ed25519PrivateKey,
    *,
    signer: dict[str, Any],
    now: datetime,
    cover_override: dict[str, Any] | None = None,
    timestamp_url: str | None = None,
) -> bytes:
    """The signed PDF bytes of ``contents``; ``signer`` gives name/role/organisation for the certificate.

    ``timestamp_url``: an RFC 3161 timestamp authority; the PAdES signature then carries a
    signature timestamp (without one, the signing time is the signer's own clock)."""
    pages = render_pages(contents, cover_override=cover_override)
    return embed_and_sign(
        pages,
        contents.files(),
        private_key,
        signer_name=str(signer.get("name") or ""),
        organisation=str(signer.get("organisation") or ""),
        role=str(signer.get("role") or ""),
        reason=f"reedesk evidence pack {contents.document_id}",
        now=now,
        metadata=_metadata(contents),
        timestamp_url=timestamp_url,
    )


def _metadata(contents: PackContents) -> dict[str, Any]:
    from reedesk.evidence.texts import load_texts

    texts = load_texts(contents.language)
    determination = contents.determination
    reference = (determination.get("dossier") or {}).get("reference") or ""
    outcome = str(determination.get("outcome") or "")
    # The subject a viewer's document properties show: English names the outcome and its FORMATS.md code, a Chinese
    # pack the outcome's catalogue name only, with Chinese marks (the keywords keep the code, for search tools).
    subject = (f"{texts.outcome(outcome)} ({outcome}), {texts.get('cover', 'as_of')} {determination.get('as_of')}"
               if texts.language == "en" else f"{texts.outcome(outcome)}，{texts.get('cover', 'as_of')} {determination.get('as_of')}")
    return {
        "title": f"{texts.get('cover', 'title')} — {reference}",
        "subject": subject,
        "keywords": [contents.document_id, reference, outcome, f"determination-sha256:{contents.determination_sha256}"],
    }
