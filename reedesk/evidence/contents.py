"""What an evidence pack carries, independent of how it is drawn or stored.

:class:`PackContents` is the single input of the page layout and of the embedding
step; the verifier rebuilds the same structure from the embedded files. The
manifest (``reedesk-pack.json``) marks a PDF as a reedesk pack, lists every
embedded file with its SHA-256 and records the figures printed on the cover.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from functools import lru_cache

from reedesk.domain.dossier_file import canonical_bytes

PACK_FORMAT = "reedesk.evidence-pack/1"
MANIFEST_NAME = "reedesk-pack.json"
SNAPSHOT_NAME = "dossier-snapshot.json"
DETERMINATION_NAME = "determination.json"
PUBLIC_KEYS_NAME = "public-keys.json"
AUDIT_PROOFS_NAME = "audit-proofs.json"
ENVELOPE_PREFIX = "signed-determination-"
ENVELOPE_SUFFIX = ".dsse.json"
PACK_PREFIX = "rule-pack-"

JSON = "application/json"
DSSE_JSON = "application/vnd.dsse.envelope+json"
TOML = "application/toml"


@dataclass(frozen=True)
class EmbeddedFile:
    """One associated file: name, bytes, MIME type and PDF /AFRelationship."""

    name: str
    data: bytes
    mime: str
    relationship: str  # Source, Data, Supplement (PDF 2.0 / PDF/A-3 names, without "/")
    description: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class PackContents:
    """Everything a pack shows and embeds."""

    document_id: str
    language: str
    created_at: str
    determination: dict[str, Any]
    determination_sha256: str
    envelopes: list[dict[str, Any]]
    public_keys: dict[str, str]  # key id -> raw Ed25519 public key, hex
    rule_packs: list[dict[str, Any]]  # {"id", "version", "sha256", "source_text"}
    audit_proofs: dict[str, Any] | None = None
    key_labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # key id -> signer fields
    # The RFC 3161 timestamp authority the PDF signature is stamped by (None: the signer's own clock).
    timestamp_authority: str | None = None
    # Organisation certificates of the signers (reedesk.evidence.organisation), embedded as org-certificates.json.
    org_certificates: list[dict[str, Any]] = field(default_factory=list)
    # Optional headroom page (issue 16): a ``reedesk.headroom/1`` document computed from
    # ``determination`` (reedesk.portfolio.headroom); None = no page. Drawn only, never
    # embedded: its figures are the determination's, so the verifier needs nothing more.
    headroom: dict[str, Any] | None = None
    # A team desk's head-key certificate (reedesk.evidence.head_certificate): the desk key's
    # certificate of the person's key that signed the tree head in audit_proofs; None elsewhere.
    head_key_certificate: dict[str, Any] | None = None
    # The dossier snapshot the determination was made on (the revision's, or a pack's dossier-snapshot.json):
    # a shape-4 determination (engine 3.3.0) does not carry it; ``dossier-snapshot.json`` is written from this.
    # None: the determination's own ``dossier.snapshot`` (older shapes).
    snapshot: dict[str, Any] | None = None

    # -- derived views -------------------------------------------------------------------
    def dossier_snapshot(self) -> dict[str, Any] | None:
        """The snapshot ``dossier-snapshot.json`` holds: the one given, else the determination's own."""
        if self.snapshot is not None:
            return self.snapshot
        inner = (self.determination.get("dossier") or {}).get("snapshot")
        return inner if isinstance(inner, dict) else None

    def attached(self) -> dict[str, Any]:
        """The determination with its snapshot (checked against ``dossier.sha256``) for ``expand`` and readers
        of the snapshot's fields (:func:`reedesk.rules.shape4.attach_snapshot`); older shapes as they are."""
        from reedesk.rules.shape4 import attach_snapshot, has_snapshot

        if self.snapshot is None or has_snapshot(self.determination):
            return self.determination
        return attach_snapshot(self.determination, self.snapshot)

    def signatures(self) -> list[dict[str, Any]]:
        """One row per envelope signature: the payload's signer, meaning and time."""
        rows: list[dict[str, Any]] = []
        for envelope in self.envelopes:
            payload = decode_envelope_payload(envelope) or {}
            signer = payload.get("signer") if isinstance(payload.get("signer"), dict) else {}
            for signature in envelope.get("signatures") or []:
                if not isinstance(signature, dict):
                    continue
                rows.append(
                    {
                        "name": signer.get("name"),
                        "role": signer.get("role"),
                        "organisation": signer.get("organisation"),
                        "key_id": signature.get("keyid") or signer.get("key_id"),
                        "meaning": payload.get("meaning"),
                        "signed_at": payload.get("signed_at"),
                    }
                )
        return rows

    def cover_figures(self) -> dict[str, Any]:
        """The figures printed on the cover (and recorded in the manifest)."""
        figures = key_figures(self.determination)
        return {
            "outcome": self.determination.get("outcome"),
            "as_of": self.determination.get("as_of"),
            "reference": (self.determination.get("dossier") or {}).get("reference"),
            "determination_sha256": self.determination_sha256,
            "ratio": figures.get("ratio"),
            "ratio_percent": figures.get("ratio_percent"),
            "threshold": figures.get("threshold"),
        }

    def files(self) -> list[EmbeddedFile]:
        """The associated files, manifest last (it lists the others' hashes)."""
        snapshot = self.dossier_snapshot()  # the revision's (shape 4 stores none in the determination)
        out = [
            EmbeddedFile(DETERMINATION_NAME, canonical_bytes(self.determination), JSON, "Source",
                         "Determination document (canonical RFC 8785 JSON) that the signatures bind"),
            EmbeddedFile(SNAPSHOT_NAME, canonical_bytes(snapshot if snapshot is not None else {}), JSON, "Data",
                         "Dossier snapshot (reedesk.dossier/1) the determination was made on"),
        ]
        for index, envelope in enumerate(self.envelopes, start=1):
            out.append(
                EmbeddedFile(f"{ENVELOPE_PREFIX}{index}{ENVELOPE_SUFFIX}", canonical_bytes(envelope), DSSE_JSON, "Source",
                             f"DSSE envelope {index}: signed determination (in-toto DSSE, Ed25519)")
            )
        for pack in self.rule_packs:
            out.append(
                EmbeddedFile(pack_file_name(pack), str(pack.get("source_text", "")).encode("utf-8"), TOML, "Supplement",
                             f"Rule pack {pack.get('id')} version {pack.get('version')}")
            )
        keys = {key_id: {"public_key_hex": hex_key, **self.key_labels.get(key_id, {})} for key_id, hex_key in sorted(self.public_keys.items())}
        out.append(EmbeddedFile(PUBLIC_KEYS_NAME, canonical_bytes({"keys": keys}), JSON, "Supplement",
                                "Ed25519 public keys of the signers (self-asserted unless you trust them)"))
        if self.org_certificates:
            out.append(EmbeddedFile("org-certificates.json", canonical_bytes({"certificates": self.org_certificates}), JSON, "Supplement",
                                    "Organisation certificates of the signers' keys (DSSE, reedesk.org-certificate/1)"))
        if self.audit_proofs is not None:
            out.append(EmbeddedFile(AUDIT_PROOFS_NAME, canonical_bytes(self.audit_proofs), JSON, "Supplement",
                                    "Audit events of this dossier with RFC 6962 inclusion proofs and the signed tree head"))
        if self.head_key_certificate is not None:
            from reedesk.evidence.head_certificate import DESCRIPTION, HEAD_CERTIFICATE_NAME

            out.append(EmbeddedFile(HEAD_CERTIFICATE_NAME, canonical_bytes(self.head_key_certificate), JSON, "Supplement", DESCRIPTION))
        manifest = {
            "format": PACK_FORMAT,
            "document_id": self.document_id,
            "language": self.language,
            "created_at": self.created_at,
            "determination_sha256": self.determination_sha256,
            "cover": self.cover_figures(),
            "files": [{"name": f.name, "sha256": f.sha256, "mime": f.mime, "relationship": f.relationship} for f in out],
        }
        out.append(EmbeddedFile(MANIFEST_NAME, canonical_bytes(manifest), JSON, "Data",
                                "reedesk evidence-pack manifest: file list with SHA-256 and the cover figures"))
        return out


def pack_file_name(pack: dict[str, Any]) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in f"{pack.get('id')}-{pack.get('version')}")
    return f"{PACK_PREFIX}{safe}.toml"


def decode_envelope_payload(envelope: Any) -> dict[str, Any] | None:
    """The JSON payload of a DSSE envelope, or None when it cannot be decoded.

    Decoding is not verifying: the layout uses this only to print what was signed.
    """
    if not isinstance(envelope, dict) or not isinstance(envelope.get("payload"), str):
        return None
    try:
        payload = json.loads(base64.b64decode(envelope["payload"], validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def value_finding(determination: dict[str, Any]) -> dict[str, Any] | None:
    """The finding of the de minimis value rule (the one with a ratio), if any.

    Prefers a finding that applies, then any with figures, so the cover shows the
    figure that decided the outcome.
    """
    from reedesk.rules.shape4 import findings_of  # shape 4 leaves out a finding's default result and its kind

    candidates = []
    for finding in findings_of(determination):
        if not isinstance(finding, dict):
            continue
        figures = finding.get("figures")
        if isinstance(figures, dict) and figures.get("ratio") is not None:
            candidates.append(finding)
    if not candidates:
        return None
    applying = [f for f in candidates if f.get("result") == "applies"]
    return (applying or candidates)[0]


def key_figures(determination: dict[str, Any]) -> dict[str, Any]:
    """Ratio, threshold, margin and rounding of the deciding value rule, as decimal strings."""
    finding = value_finding(determination)
    if finding is None:
        return {}
    figures = finding["figures"]
    currency = figures.get("currency")
    margin = figures.get("margin")
    return {
        "ratio": _text(figures.get("ratio")),
        "ratio_percent": _text(figures.get("ratio_percent_display") or figures.get("ratio_percent")),
        "threshold": _text(figures.get("threshold")),
        "threshold_percent": _text(figures.get("threshold_percent")),
        "margin": f"{margin} {currency}".strip() if margin is not None and currency else _text(margin),
        "margin_points": _text(figures.get("margin_percent_points_display")),
        "comparison": _text(figures.get("comparison")),
        "rounding": _text(figures.get("display_rounding") or figures.get("rounding")),
        "currency": _text(currency),
        "content_total": _text(figures.get("content_total")),
        "content_complete": figures.get("content_complete") if isinstance(figures.get("content_complete"), bool) else None,
        "item_value": _text(figures.get("item_value")),
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def has_no_effect(finding: dict[str, Any]) -> bool:
    """True for a finding of a rule that does not bear on the outcome.

    The engine marks these (``effect: "none"``); determinations made before that
    marker existed are recognised by their result.
    """
    effect = finding.get("effect")
    if effect is not None:
        return str(effect) == "none"
    return finding.get("result") in ("does_not_apply", "not_in_force")


def decisive_findings(determination: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings named in ``decisive`` (the ones that decided the outcome), in that order."""
    decisive = [d for d in determination.get("decisive") or [] if isinstance(d, str)]
    from reedesk.rules.shape4 import findings_of  # shape 4 leaves out a finding's default result and its kind

    by_rule = {f.get("rule"): f for f in findings_of(determination) if isinstance(f, dict)}
    return [by_rule[d] for d in decisive if d in by_rule]


def cover_rule_citation(finding: dict[str, Any], language: str) -> str | None:
    """How a non-English cover names a decisive rule: the citation the signed finding carries in ``language`` once
    expanded (``citation.text``, 「商务部公告2025年第61号第一条第（一）项」), not its id (the guide: no internal codes in
    Chinese output). The layout prints it and the verifier's cover check accepts it in place of the id (over the
    citation the embedded packs give the rule) — one function, so the two agree; ``None`` (the id is printed and
    looked for) when the finding carries no such text."""
    citation = finding.get("citation") if isinstance(finding.get("citation"), dict) else {}
    text = citation.get("text") if isinstance(citation.get("text"), dict) else {}
    value = text.get(language) if language != "en" else None
    return value if isinstance(value, str) and value.strip() else None


@lru_cache(maxsize=64)
def pack_toml(source_text: str) -> dict[str, Any] | None:
    """The parsed TOML of an embedded rule pack's text (None if it does not parse), once per
    text and process: the cover's caveats and the appendix both read the nine packs, at
    every export. Callers must not change the result."""
    import tomllib

    try:
        return tomllib.loads(source_text)
    except (tomllib.TOMLDecodeError, ValueError):
        return None


def coverage_caveats(determination: dict[str, Any], rule_packs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """What the determination cannot know, when its as-of date is after a pack's reviewed-until.

    Returns None when every pack was reviewed up to the as-of date; otherwise
    ``{"reviewed_until", "as_of", "notes", "suspensions"}``: the earliest reviewed-until
    date, the determination's own coverage notes, and the suspensions (from the
    embedded pack texts) that ended after that date and on or before the as-of date —
    an outcome after such an end rests on the suspension not having been extended.
    """
    as_of = str(determination.get("as_of") or "")
    late = sorted(
        str(p.get("reviewed_until")) for p in determination.get("packs") or []
        if isinstance(p, dict) and p.get("reviewed_until") and str(p.get("reviewed_until")) < as_of
    )
    if not late:
        return None
    reviewed = late[0]
    notes = [
        n for n in determination.get("notes") or []
        if isinstance(n, dict) and (n.get("kind") == "coverage" or str(n.get("en", "")).startswith("Coverage"))
    ]
    suspensions: dict[tuple[str, str], dict[str, Any]] = {}
    for pack in rule_packs:
        data = pack_toml(str(pack.get("source_text") or ""))
        if data is None:
            continue
        for window in data.get("suspensions") or []:
            if not isinstance(window, dict) or window.get("until") is None:
                continue
            until = str(window.get("until"))
            if reviewed < until <= as_of:
                key = (str(window.get("by")), until)
                entry = suspensions.setdefault(key, {"by": window.get("by"), "by_zh": window.get("by_zh"),
                                                      "by_zh_hant": window.get("by_zh_hant"), "until": until, "packs": []})
                entry["packs"].append(str(pack.get("id")))
    return {"reviewed_until": reviewed, "as_of": as_of, "notes": notes, "suspensions": list(suspensions.values())}


def cover_ratio_role(determination: dict[str, Any]) -> str | None:
    """Whether and how the cover shows the de minimis ratio (layout and verifier agree on it).

    ``"decisive"`` when the value rule decided the outcome, or when no rule did (a
    not-controlled outcome: the ratio below the threshold is then the key figure);
    ``"not_decisive"`` when another rule decided but the value rule was evaluated on a
    bill of materials; None when there is no ratio or it was computed from no
    inputs at all (e.g. a metal exported from China), where it would only mislead.
    """
    finding = value_finding(determination)
    if finding is None or finding["figures"].get("ratio") is None:
        return None
    decisive = [d for d in determination.get("decisive") or [] if isinstance(d, str)]
    if not decisive or finding.get("rule") in decisive:
        return "decisive"
    return "not_decisive" if finding["figures"].get("components") else None
