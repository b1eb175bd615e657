"""The head-key certificate as a document and its signature check, with no database stack.

``reedesk.audit.team_heads`` stores and reads certificates on a team desk (issue 12, point 6);
this module is the pure part both it and the evidence-pack verifier (``reedesk verify``, which
must import nothing of the store) use: the canonical document the desk key signs and the check
of that signature.
"""

from __future__ import annotations

import base64
from typing import Any, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reedesk.signing.keys import key_id_of

CERTIFICATE_SCHEMA = "reedesk.head-key-certificate/1"
CERTIFICATE_PAYLOAD_TYPE = "application/vnd.reedesk.head-key-certificate+json"
PURPOSE = "tree heads"


def certificate_document(role: str, public_key: bytes, not_before: str, desk_key_id: str) -> dict[str, Any]:
    return {
        "schema": CERTIFICATE_SCHEMA, "role": role, "key_id": key_id_of(public_key), "public_key": public_key.hex(),
        "not_before": not_before, "purpose": PURPOSE, "desk_key_id": desk_key_id,
    }


def desk_message(payload_type: str, document: Mapping[str, Any]) -> bytes:
    """What the desk key signs for a team record (a head-key certificate, a revocation): DSSE's PAE of the
    canonical (RFC 8785) document under the record's own payload type, so one kind cannot pass for the other."""
    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.signing.dsse import pae

    return pae(payload_type, canonical_bytes(dict(document)))


def desk_signature(desk_private: Ed25519PrivateKey, payload_type: str, document: Mapping[str, Any]) -> str:
    """The desk key's signature (base64) over ``document`` as ``payload_type``."""
    return base64.b64encode(desk_private.sign(desk_message(payload_type, document))).decode("ascii")


def desk_signed(desk_public: bytes, payload_type: str, document: Mapping[str, Any], signature: str) -> bool:
    """Whether ``signature`` (base64) is the desk key's over ``document`` as ``payload_type``."""
    try:
        Ed25519PublicKey.from_public_bytes(desk_public).verify(base64.b64decode(signature, validate=True),
                                                               desk_message(payload_type, document))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def signed_by(desk_public: bytes, document: Mapping[str, Any], signature: str) -> bool:
    """Whether ``signature`` (base64) is the desk key's over the certificate ``document``."""
    return desk_signed(desk_public, CERTIFICATE_PAYLOAD_TYPE, document, signature)
