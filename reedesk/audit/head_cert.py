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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from reedesk.signing.keys import key_id_of

CERTIFICATE_SCHEMA = "reedesk.head-key-certificate/1"
CERTIFICATE_PAYLOAD_TYPE = "application/vnd.reedesk.head-key-certificate+json"
PURPOSE = "tree heads"


def certificate_document(role: str, public_key: bytes, not_before: str, desk_key_id: str) -> dict[str, Any]:
    return {
        "schema": CERTIFICATE_SCHEMA, "role": role, "key_id": key_id_of(public_key), "public_key": public_key.hex(),
        "not_before": not_before, "purpose": PURPOSE, "desk_key_id": desk_key_id,
    }


def certificate_message(document: Mapping[str, Any]) -> bytes:
    """What the desk key signs: DSSE's PAE of the canonical (RFC 8785) document."""
    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.signing.dsse import pae

    return pae(CERTIFICATE_PAYLOAD_TYPE, canonical_bytes(dict(document)))


def signed_by(desk_public: bytes, document: Mapping[str, Any], signature: str) -> bool:
    """Whether ``signature`` (base64) is the desk key's over ``document``."""
    try:
        Ed25519PublicKey.from_public_bytes(desk_public).verify(base64.b64decode(signature, validate=True),
                                                               certificate_message(document))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
