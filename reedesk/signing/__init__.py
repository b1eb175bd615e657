"""Identities and signatures: Ed25519 keys encrypted at rest, DSSE envelopes over canonical JSON.

Pure code (no database, no Qt): services in ``reedesk.services.keys`` and
``reedesk.services.signing`` store what these modules produce.
"""
