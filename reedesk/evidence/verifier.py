"""Check an evidence pack with nothing but the file (``reedesk verify``).

Each check has a stable name (listed in :data:`CHECK_NAMES`, documented in
``docs/evidence-pack.md``) and says why it failed. The verifier trusts nothing in
the file until it has checked it: hashes are recomputed, signatures verified
against keys whose ids are recomputed, audit events re-hashed, and the rule packs
re-run on the snapshot.

*Intact* and *signer confirmed* are two answers. A pack is intact when every check
but ``key_trust`` passes; its signers are confirmed when every signer's key is one
the reader trusts (the desk's trust store, ``--trust`` with a key file, key id or
the printed fingerprint). A new key under a real signer's name makes an intact
pack — which is exactly why intact alone is never "valid".

Exit codes (FORMATS.md 0.2): 0 intact and every signer confirmed; 1 some check
failed (named); 2 the file is not a readable reedesk pack; 3 intact, but a signer's
key is not confirmed (the fingerprints to confirm are named).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from reedesk.vocabulary import LANGUAGES, Coded, coded_error, label, labels, text_in
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.rules.pack_errors import pack_problems as _pack_problems
from reedesk.rules.shape4 import findings_of, stored_form
from reedesk.evidence.contents import (
    AUDIT_PROOFS_NAME,
    DETERMINATION_NAME,
    ENVELOPE_PREFIX,
    ENVELOPE_SUFFIX,
    MANIFEST_NAME,
    PACK_PREFIX,
    PUBLIC_KEYS_NAME,
    SNAPSHOT_NAME,
    cover_ratio_role,
    cover_rule_citation,
    key_figures,
)
from reedesk.evidence.layout_marks import COVER_MARK
from reedesk.evidence.reader import PackFile, PackUnreadable, first_page_text, open_pack, parse_pack, quiet_pdf_libraries

CHECK_NAMES = (
    "pdf_signature_intact",
    "pdf_signature_covers_file",
    "no_active_content",
    "embedded_files",
    "envelope_signatures",
    "pdf_signer_matches",
    "key_trust",
    "snapshot_hash",
    "audit_proofs",
    "rules_reproduce",
    "rule_packs_known",
    "cover_matches_data",
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str  # the English sentence; a coded one (reedesk.vocabulary.Coded) also reads in zh-Hant/zh-Hans

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "reason": str(self.reason)}

    def reason_text(self, language: str = "en") -> str:
        """The reason in ``language`` (the reviewer's window); English for a reason that carries no code."""
        return text_in(self.reason, language)


@dataclass
class VerificationReport:
    """The verdict on one file: every check, or why the file could not be read."""

    source: str
    checks: list[Check] = field(default_factory=list)
    unreadable: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    trust: str = "unconfirmed"  # "trusted": every signer's key confirmed; "unconfirmed": not (see key_trust)
    unconfirmed: list[str] = field(default_factory=list)  # fingerprints of signer keys the reader has not confirmed
    pdf_signature_kind: str | None = None  # "p256" (0.2: any PDF reader checks it) or "ed25519" (0.1.0: only reedesk)
    # The embedded determination as read (for viewers); trust it only when ``ok``.
    determination: dict[str, Any] | None = None
    # The pack's dossier-snapshot.json as read (for viewers: a shape-4 determination does not carry its snapshot).
    snapshot: dict[str, Any] | None = None

    @property
    def intact(self) -> bool:
        """Every check but ``key_trust`` passed (a signer may still be an imposter)."""
        return self.unreadable is None and bool(self.checks) and all(c.ok for c in self.checks if c.name != "key_trust")

    @property
    def ok(self) -> bool:
        """Intact *and* every signer's key confirmed: the only state that is "VALID"."""
        return self.intact and self.trust == "trusted" and all(c.ok for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        """Checks that failed, ``key_trust`` excluded (an unconfirmed signer is exit 3, not invalid)."""
        return [c for c in self.checks if not c.ok and c.name != "key_trust"]

    @property
    def exit_code(self) -> int:
        if self.unreadable is not None:
            return 2
        if not self.intact:
            return 1
        return 0 if self.ok else 3

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "valid": self.ok,
            "intact": self.intact,
            "exit_code": self.exit_code,
            "unconfirmed": list(self.unconfirmed),
            "pdf_signature_kind": self.pdf_signature_kind,
            "unreadable": self.unreadable,
            "trust": self.trust,
            "summary": self.summary,
            "checks": [c.as_dict() for c in self.checks],
            "failed": [c.name for c in self.failed],
        }


class _Fail(Exception):
    """Raised inside a check to fail it with a sentence (a coded :func:`_r` reason, or plain text)."""


def _r(code: str, **params: Any) -> Coded:
    """A check's reason: its English sentence (what ``reedesk verify`` prints) carrying the code and
    values that the reviewer shows in its own language (resources/vocabulary/messages.toml, [reason.*])."""
    return Coded("reason", code, **params)


def _rule_here(finding: dict[str, Any] | None, rule: str) -> Any:
    """A rule as a Chinese reason names it: its finding's citation in each language (English: the id, as before);
    the id where the finding carries no citation text."""
    citation = (finding or {}).get("citation") if isinstance((finding or {}).get("citation"), dict) else {}
    text = citation.get("text") if isinstance(citation.get("text"), dict) else {}
    return {"en": rule, **{lang: str(text[lang]) if isinstance(text.get(lang), str) and text[lang] else rule for lang in ("zh-Hans", "zh-Hant")}}


def _reason(exc: BaseException) -> str:
    """The reason a failed check gives: the coded sentence it was raised with, else its text."""
    first = exc.args[0] if exc.args else ""
    return first if isinstance(first, Coded) else str(exc)


def verify_path(
    path: Path | str,
    *,
    trusted_key_ids: Iterable[str] = (),
    trusted_public_keys: Iterable[bytes] = (),
    trusted_pack_texts: Iterable[str] = (),
    trusted_pack_hashes: Iterable[str] = (),
    trusted_organisations: Mapping[str, bytes] | None = None,
    revocations: Iterable[Any] = (),
) -> VerificationReport:
    try:
        pack = open_pack(path)
    except PackUnreadable as exc:
        return VerificationReport(source=str(path), unreadable=coded_error(exc))
    return verify_parsed(
        pack, trusted_key_ids=trusted_key_ids, trusted_public_keys=trusted_public_keys,
        trusted_pack_texts=trusted_pack_texts, trusted_pack_hashes=trusted_pack_hashes,
        trusted_organisations=trusted_organisations, revocations=revocations,
    )


def verify_bytes(data: bytes, source: str = "the pack", **kwargs: Any) -> VerificationReport:
    try:
        pack = parse_pack(data, source)
    except PackUnreadable as exc:
        return VerificationReport(source=source, unreadable=coded_error(exc))
    return verify_parsed(pack, **kwargs)


def verify_parsed(
    pack: PackFile,
    *,
    trusted_key_ids: Iterable[str] = (),
    trusted_public_keys: Iterable[bytes] = (),
    trusted_pack_texts: Iterable[str] = (),
    trusted_pack_hashes: Iterable[str] = (),
    trusted_organisations: Mapping[str, bytes] | None = None,
    revocations: Iterable[Any] = (),
) -> VerificationReport:
    """Run every check on a parsed pack.

    ``trusted_organisations`` (key id → raw Ed25519 key) confirm the signers they certify
    in the pack's ``org-certificates.json``, unless one of ``revocations`` (the
    organisations' revocation statements the reader holds) revokes that signer from a
    date on or before the signature (:mod:`reedesk.evidence.organisation`).

    ``trusted_pack_texts`` (TOML source texts) and ``trusted_pack_hashes`` (SHA-256 of
    a pack's canonical form or of its file bytes) name rule packs the reader accepts
    besides the ones reedesk ships (check ``rule_packs_known``).
    """
    report = VerificationReport(source=pack.source)
    state = _State(pack, trusted_key_ids, trusted_public_keys, _trusted_pack_hashes(trusted_pack_texts, trusted_pack_hashes))
    state.organisations = {str(k): bytes(v) for k, v in (trusted_organisations or {}).items()}
    state.revocations = list(revocations)
    steps: list[tuple[str, Callable[[], str]]] = [
        ("pdf_signature_intact", state.pdf_signature_intact),
        ("pdf_signature_covers_file", state.pdf_signature_covers_file),
        ("no_active_content", state.no_active_content),
        ("embedded_files", state.embedded_files),
        ("envelope_signatures", state.envelope_signatures),
        ("pdf_signer_matches", state.pdf_signer_matches),
        ("key_trust", state.key_trust),
        ("snapshot_hash", state.snapshot_hash),
        ("audit_proofs", state.audit_proofs),
        ("rules_reproduce", state.rules_reproduce),
        ("rule_packs_known", state.rule_packs_known),
        ("cover_matches_data", state.cover_matches_data),
    ]
    with quiet_pdf_libraries():
        for name, step in steps:
            try:
                report.checks.append(Check(name, True, step()))
            except _Fail as exc:
                report.checks.append(Check(name, False, _reason(exc)))
            except RecursionError:
                report.checks.append(Check(name, False, _r("too_deep")))
            except Exception as exc:  # noqa: BLE001 — hostile content must give a verdict, not a traceback
                report.checks.append(Check(name, False, _r("not_checkable", kind=type(exc).__name__, detail=str(exc)[:160])))
    report.trust = state.trust
    report.unconfirmed = list(state.unconfirmed)
    report.pdf_signature_kind = state.pdf_kind
    try:
        report.summary = state.summary()
    except Exception:  # noqa: BLE001 — a hostile determination must not cost the reviewer the verdict
        report.summary = {"document_id": str(state.manifest.get("document_id"))}
    report.determination = state.determination
    try:
        snapshot = state.pack.json_file(SNAPSHOT_NAME) if SNAPSHOT_NAME in state.pack.files else None
    except Exception:  # noqa: BLE001 — an unreadable snapshot file is a failed check above, not a crash here
        snapshot = None
    report.snapshot = snapshot if isinstance(snapshot, dict) else None
    return report


# --------------------------------------------------------------------------------------
def _shipped_pack(file_sha: str) -> Any:
    """The shipped rule pack whose file has these bytes (parsed), or None — also when the bundled
    packs cannot be loaded (the check then parses the embedded pack itself)."""
    try:
        from reedesk.evidence.known_packs import shipped_pack

        return shipped_pack(file_sha)
    except Exception:  # noqa: BLE001
        return None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _trusted_pack_hashes(texts: Iterable[str], hashes: Iterable[str]) -> set[str]:
    """The SHA-256 values of the rule packs the reader said to trust (canonical and file bytes)."""
    from reedesk.rules.packs import parse_pack as parse_rule_pack

    out: set[str] = set()
    for value in hashes:
        text = str(value or "").strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise ReedeskError.coded("verifier_trusted_pack_hash", value=str(value)[:80], quoted=repr(str(value)[:80]))
        out.add(text)
    for index, text in enumerate(texts, start=1):
        try:
            pack = parse_rule_pack(str(text), f"trusted rule pack {index}")
        except ReedeskError as exc:
            raise ReedeskError.coded("verifier_trusted_pack_invalid", index=index, problems=_pack_problems(exc)) from None
        out.add(pack.sha256)
        out.add(_sha(str(text).encode("utf-8")))
    return out


class _State:
    """Everything the checks share; each check fills in what later ones need."""

    def __init__(self, pack: PackFile, trusted_key_ids: Iterable[str], trusted_public_keys: Iterable[bytes],
                 trusted_packs: set[str] | None = None):
        from reedesk.signing.keys import key_id_of

        self.pack = pack
        self.trusted_packs: set[str] = set(trusted_packs or ())
        self.rule_packs: list[tuple[str, Any, str]] = []  # (file name, parsed pack, file SHA-256)
        self.manifest = pack.manifest
        from reedesk.evidence.trust import normalise_fingerprint

        # Full key ids, or printed fingerprints (their first 16+ hex digits): matched as prefixes.
        self.trusted: set[str] = set()
        for value in trusted_key_ids:
            text = normalise_fingerprint(value)
            if text is None:
                raise ReedeskError.coded("verifier_trusted_key", value=str(value)[:80], quoted=repr(str(value)[:80]))
            self.trusted.add(text)
        for raw in trusted_public_keys:
            try:
                self.trusted.add(key_id_of(bytes(raw)))
            except (ValueError, TypeError):
                raise ReedeskError.coded("verifier_trusted_public_key") from None
        self.trust = "unconfirmed"
        self.unconfirmed: list[str] = []
        self.organisations: dict[str, bytes] = {}
        self.revocations: list[Any] = []
        self.pdf_kind: str | None = None
        self._pdf_binding: tuple[bytes, Any] | None = None  # (Ed25519 binding signature, P-256 public key)
        self._pdf_status: Any = None
        self._timestamp_token: Any = None
        self.timestamp: dict[str, str] | None = None
        self._pdf_error: str | None = None
        self.pdf_signer_key: str | None = None
        self.determination: dict[str, Any] | None = None
        self.public_keys: dict[str, bytes] | None = None
        self.statements: list[Any] = []
        self.envelopes: list[dict[str, Any]] = []
        self.head_key: Any = None  # reedesk.evidence.head_certificate.HeadKeyVerdict of a team pack

    # -- PDF signature -------------------------------------------------------------------
    def _validate_pdf(self) -> Any:
        if self._pdf_status is not None or self._pdf_error is not None:
            if self._pdf_error:
                raise _Fail(self._pdf_error)
            return self._pdf_status
        try:
            from pyhanko.sign.validation import validate_pdf_signature
            from pyhanko_certvalidator import ValidationContext

            signatures = self.pack.reader.embedded_signatures
            if not signatures:
                raise _Fail(_r("no_signature"))
            self._signatures = signatures
            first = signatures[0]
            cert = first.signer_cert
            context = ValidationContext(trust_roots=[cert], allow_fetching=False)
            # A signature timestamp is checked cryptographically against the TSA certificate it
            # carries; whether that TSA is one to believe is the reader's call (reported, not assumed).
            self._timestamp_token = _timestamp_token(first)
            ts_roots = [c.chosen for c in self._timestamp_token["content"]["certificates"] or []] if self._timestamp_token else []
            ts_context = ValidationContext(trust_roots=ts_roots or [cert], allow_fetching=False)
            self._pdf_status = validate_pdf_signature(first, context, ts_validation_context=ts_context)
            return self._pdf_status
        except _Fail as exc:
            self._pdf_error = _reason(exc)
            raise
        except Exception as exc:  # noqa: BLE001
            self._pdf_error = _r("pdf_unreadable", kind=type(exc).__name__, detail=str(exc)[:120])
            raise _Fail(self._pdf_error) from None

    def pdf_signature_intact(self) -> str:
        status = self._validate_pdf()
        try:  # whose key made it is known even when the bytes were changed
            self.pdf_kind, self.pdf_signer_key, self._pdf_binding = _pdf_signer(status.signing_cert)
        except _Fail as exc:
            self.pdf_signer_key = None
            raise _Fail(_reason(exc)) from None
        except Exception:  # noqa: BLE001 — a hostile certificate: no key to compare later
            self.pdf_signer_key = None
        if not status.intact:
            raise _Fail(_r("pdf_bytes_changed"))
        if not status.valid:
            raise _Fail(_r("pades_value_invalid"))
        if self.pdf_signer_key is None:
            raise _Fail(_r("pades_no_identity"))
        from reedesk.evidence.cms_strict import check_signature_container

        problem = check_signature_container(self._signatures[0], self.pack.data, self.pdf_kind)
        if problem:
            raise _Fail(problem)
        when = self._timestamp_sentence(status)
        if self.pdf_kind == "ed25519":
            return _r("pades_intact_ed25519", md=status.md_algorithm, md_upper=str(status.md_algorithm).upper(),
                      key=self.pdf_signer_key[:16], when=when)
        return _r("pades_intact_p256", md=status.md_algorithm, md_upper=str(status.md_algorithm).upper(),
                  key=self.pdf_signer_key[:16], when=when)

    def _timestamp_sentence(self, status: Any) -> str:
        if self._timestamp_token is None:
            return _r("no_timestamp")
        from reedesk.evidence.timestamps import timestamp_summary

        validity = getattr(status, "timestamp_validity", None)
        if validity is None or not (validity.intact and validity.valid):
            raise _Fail(_r("timestamp_invalid"))
        self.timestamp = timestamp_summary(self._timestamp_token)
        return _r("timestamp", time=self.timestamp["time"], tsa=printable(self.timestamp["tsa"]))

    def pdf_signature_covers_file(self) -> str:
        status = self._validate_pdf()
        if len(self._signatures) != 1:
            raise _Fail(_r("signature_count", count=len(self._signatures)))
        coverage = getattr(status.coverage, "name", str(status.coverage))
        if coverage != "ENTIRE_FILE":
            raise _Fail(_coverage_problem(self._signatures[0], len(self.pack.data), bool(status.intact), coverage))
        return _r("covers_file")

    def no_active_content(self) -> str:
        """A pack is a static document: scripts, launch, open and URI actions, media — signed or not — are refused."""
        from reedesk.evidence.active_content import active_content

        found = active_content(self.pack.reader)
        if found:
            raise _Fail(_r("active_content", found="; ".join(found[:5])))
        return _r("no_active_content")

    # -- embedded files ------------------------------------------------------------------
    def embedded_files(self) -> str:
        if self.pack.problems:
            raise _Fail(self.pack.problems[0])
        broken = [e for e in self.pack.files.values() if e.data is None]
        if broken:
            raise _Fail(_r("cannot_decode", name=broken[0].name, error=broken[0].error))
        listed = self.manifest.get("files")
        if not isinstance(listed, list) or not listed:
            raise _Fail(_r("manifest_empty"))
        names = set()
        for entry in listed:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise _Fail(_r("manifest_malformed_entry"))
            name = entry["name"]
            names.add(name)
            found = self.pack.files.get(name)
            if found is None:
                raise _Fail(_r("listed_not_embedded", name=name))
            if _sha(found.data) != entry.get("sha256"):
                raise _Fail(_r("file_hash_mismatch", name=name))
            if not found.associated:
                raise _Fail(_r("not_associated", name=name))
            if found.mime != entry.get("mime"):
                raise _Fail(_r("mime_mismatch", name=name, found=found.mime, said=entry.get("mime")))
            if found.relationship != entry.get("relationship"):
                raise _Fail(_r("relationship_mismatch", name=name, found=found.relationship, said=entry.get("relationship")))
        extra = sorted(set(self.pack.files) - names - {MANIFEST_NAME})
        if not self.pack.files[MANIFEST_NAME].associated:
            raise _Fail(_r("not_associated", name=MANIFEST_NAME))
        if extra:
            raise _Fail(_r("extra_files", files=", ".join(extra[:5])))
        det_entry = self.pack.files.get(DETERMINATION_NAME)
        if det_entry is None:
            raise _Fail(_r("file_not_embedded", name=DETERMINATION_NAME))
        determination = self.pack.json_file(DETERMINATION_NAME)
        if not isinstance(determination, dict):
            raise _Fail(_r("not_json_object", name=DETERMINATION_NAME))
        if canonical_bytes(determination) != det_entry.data:
            raise _Fail(_r("not_canonical", name=DETERMINATION_NAME))
        if _sha(det_entry.data) != self.manifest.get("determination_sha256"):
            raise _Fail(_r("manifest_hash_mismatch"))
        self.determination = determination
        return _r("files_ok", count=len(listed))

    def _determination(self) -> dict[str, Any]:
        if self.determination is None:
            raise _Fail(_r("no_valid_determination", name=DETERMINATION_NAME))
        return self.determination

    def _keys(self) -> dict[str, bytes]:
        if self.public_keys is not None:
            return self.public_keys
        from reedesk.signing.keys import key_id_of

        document = self.pack.json_file(PUBLIC_KEYS_NAME)
        keys: dict[str, bytes] = {}
        entries = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(entries, dict):
            raise _Fail(_r("keys_malformed", name=PUBLIC_KEYS_NAME))
        for key_id, entry in entries.items():
            hex_key = entry.get("public_key_hex") if isinstance(entry, dict) else None
            try:
                raw = bytes.fromhex(str(hex_key))
                computed = key_id_of(raw)
            except ValueError:
                raise _Fail(_r("key_malformed", name=PUBLIC_KEYS_NAME, key=str(key_id)[:16])) from None
            if computed != key_id:
                raise _Fail(_r("key_id_mismatch", name=PUBLIC_KEYS_NAME, key=str(key_id)[:16]))
            keys[key_id] = raw
        self.public_keys = keys
        return keys

    # -- envelopes -----------------------------------------------------------------------
    def envelope_signatures(self) -> str:
        from reedesk.signing.dsse import EnvelopeInvalid
        from reedesk.signing.statement import envelope_sha256, verify_statement

        determination = self._determination()
        expected = _sha(canonical_bytes(determination))
        keys = self._keys()
        names = sorted(
            (n for n in self.pack.files if n.startswith(ENVELOPE_PREFIX) and n.endswith(ENVELOPE_SUFFIX)),
            key=lambda n: int(n[len(ENVELOPE_PREFIX) : -len(ENVELOPE_SUFFIX)]) if n[len(ENVELOPE_PREFIX) : -len(ENVELOPE_SUFFIX)].isdigit() else 10**9,
        )
        if not names:
            raise _Fail(_r("no_envelope"))
        earlier: list[str] = []
        for name in names:
            envelope = self.pack.json_file(name)
            if not isinstance(envelope, dict):
                raise _Fail(_r("not_json_object", name=name))
            try:
                statement = verify_statement(envelope, keys, expected_determination_sha256=expected)
            except EnvelopeInvalid as exc:
                raise _Fail(_r("envelope_invalid", name=name, detail=coded_error(exc))) from None
            if statement.statement.get("determination") != determination:
                raise _Fail(_r("envelope_other_determination", name=name))
            if list(statement.countersigns) != earlier:
                raise _Fail(_r("envelope_chain", name=name))
            earlier.append(envelope_sha256(envelope))
            self.statements.append(statement)
            self.envelopes.append(envelope)
        who = {lang: ("; " if lang == "en" else "；").join(
            f"{s.signer.name} ({label('signature_meaning', s.meaning, lang) if lang != 'en' else s.meaning}, {s.signed_at})"
            if lang == "en" else f"{s.signer.name}（{label('signature_meaning', s.meaning, lang)}，{s.signed_at}）"
            for s in self.statements) for lang in LANGUAGES}
        return _r("signatures_valid", count=len(self.statements), who=who)

    def pdf_signer_matches(self) -> str:
        if self.pdf_signer_key is None:
            raise _Fail(_r("pdf_unchecked"))
        if not self.statements:
            raise _Fail(_r("no_signature_to_compare"))
        signer_keys = {s.signer.key_id for s in self.statements}
        if self.pdf_signer_key not in signer_keys:
            raise _Fail(_r("pdf_key_not_signer", key=self.pdf_signer_key[:16]))
        if self.pdf_kind == "p256":
            from reedesk.signing.pades_key import binding_valid

            raw = self._keys().get(self.pdf_signer_key)
            signature, public = self._pdf_binding or (b"", None)
            if raw is None or public is None or not binding_valid(raw, self.pdf_signer_key, public, signature):
                raise _Fail(_r("binding_invalid", key=self.pdf_signer_key[:16]))
            return _r("pdf_p256_signer")
        return _r("pdf_signer")

    def key_trust(self) -> str:
        from reedesk.signing.keys import fingerprint

        if not self.statements:
            raise _Fail(_r("no_trusted_signature"))
        signer_keys = sorted({s.signer.key_id for s in self.statements})
        names = {s.signer.key_id: s.signer.name for s in self.statements}
        pinned = {k for k in signer_keys if any(k.startswith(t) for t in self.trusted)}
        certified, notes = self._certified(set(signer_keys) - pinned)
        untrusted = [k for k in signer_keys if k not in pinned and k not in certified]
        if untrusted:
            self.trust = "unconfirmed"
            self.unconfirmed = [fingerprint(k) for k in untrusted]
            listed = ", ".join(f"{fingerprint(k)} ({_printable(names.get(k))}{'; ' + _printable(notes[k]) if notes.get(k) else ''})"
                               for k in untrusted)
            listed_zh = "、".join(f"{fingerprint(k)}（{_printable(names.get(k))}{'；' + _printable(notes[k]) if notes.get(k) else ''}）"
                                  for k in untrusted)
            raise _Fail(_r("keys_unconfirmed", listed={"en": listed, "zh-Hant": listed_zh, "zh-Hans": listed_zh}))
        self.trust = "trusted"
        if certified:
            pinned_name = {"en": "pinned", "zh-Hant": "已固定信任", "zh-Hans": "已固定信任"}
            return _r("keys_confirmed", keys={lang: ", ".join(
                f"{fingerprint(k)} ({pinned_name[lang] if k in pinned else _printable(certified[k])})" for k in signer_keys)
                for lang in LANGUAGES})
        self.trust = "trusted"
        return _r("keys_trusted", keys=", ".join(fingerprint(k) for k in signer_keys))

    def _certified(self, keys: set[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Signer keys a trusted organisation certifies for their signatures: (key → "certified by …", key → why not)."""
        if not keys or not self.organisations:
            return {}, {}
        from reedesk.evidence.organisation import CERTIFICATES_NAME, certification

        document = self.pack.json_file(CERTIFICATES_NAME)
        certificates = document.get("certificates") if isinstance(document, dict) else None
        if not isinstance(certificates, list):
            return {}, {}
        ok: dict[str, str] = {}
        why: dict[str, str] = {}
        for statement in self.statements:
            key = statement.signer.key_id
            if key not in keys or why.get(key):
                continue
            labels = {"name": statement.signer.name, "role": statement.signer.role, "organisation": statement.signer.organisation}
            result = certification(key, labels, str(statement.signed_at), certificates, self.organisations, self.revocations)
            if result.confirmed:
                ok[key] = result.reason
            else:  # every signature by this key must be covered: one refused makes the key unconfirmed
                ok.pop(key, None)
                why[key] = result.reason
        return ok, why

    # -- data ------------------------------------------------------------------------------
    def snapshot_hash(self) -> str:
        determination = self._determination()
        dossier = determination.get("dossier")
        if not isinstance(dossier, dict):
            raise _Fail(_r("no_dossier_section"))
        entry = self.pack.files.get(SNAPSHOT_NAME)
        if entry is None:
            raise _Fail(_r("file_not_embedded", name=SNAPSHOT_NAME))
        snapshot = self.pack.json_file(SNAPSHOT_NAME)
        if not isinstance(snapshot, dict):
            raise _Fail(_r("not_json_object", name=SNAPSHOT_NAME))
        recorded = dossier.get("sha256")
        actual = _sha(canonical_bytes(snapshot))
        if actual != recorded:
            raise _Fail(_r("snapshot_hash_mismatch", name=SNAPSHOT_NAME, actual=actual[:16], recorded=str(recorded)[:16]))
        inner = dossier.get("snapshot")
        if inner is not None and _sha(canonical_bytes(inner)) != recorded:
            raise _Fail(_r("inner_snapshot_mismatch"))
        return _r("snapshot_ok", hash=actual[:16])

    def audit_proofs(self) -> str:
        from reedesk.audit.proofs import verify_dossier_proofs  # pure; services.audit would import the store
        from reedesk.signing.statement import envelope_sha256

        proofs = self.pack.json_file(AUDIT_PROOFS_NAME)
        if not isinstance(proofs, dict):
            raise _Fail(_r("proofs_missing", name=AUDIT_PROOFS_NAME))
        keys = dict(self._keys())
        from reedesk.signing.keys import key_id_of

        for key_id, hex_key in (proofs.get("public_keys") or {}).items():
            try:
                raw = bytes.fromhex(str(hex_key))
                if key_id_of(raw) == key_id:
                    keys.setdefault(key_id, raw)
            except ValueError:
                continue
        # A team desk's head is signed by a person's head key: it counts only with the desk key's
        # certificate embedded beside the proofs (reedesk.evidence.head_certificate, TEAMCERT).
        from reedesk.evidence.head_certificate import check_head_key

        self.head_key = check_head_key(self.pack.files, proofs, keys)
        if self.head_key is not None:
            if self.head_key.problem is not None:
                raise _Fail(self.head_key.problem)
            keys.update(self.head_key.keys)
        result = verify_dossier_proofs(proofs, keys)
        if not result.ok:
            raise _Fail(result.problems[0] if result.problems else _r("proofs_invalid"))
        determination = self._determination()
        reference = (determination.get("dossier") or {}).get("reference")
        if proofs.get("dossier_reference") != reference:
            raise _Fail(_r("proofs_other_dossier", found=proofs.get("dossier_reference"), reference=reference))
        covered = [e.get("event") for e in proofs.get("events") or [] if isinstance(e, dict) and isinstance(e.get("event"), dict)]
        if any(isinstance(ev.get("dossier_reference"), str) and ev.get("dossier_reference") != reference for ev in covered):
            raise _Fail(_r("proofs_foreign_events"))
        signed = set()
        exported = False
        for event in covered:
            after = _json_value(event.get("after"))
            if not isinstance(after, dict):
                continue
            if event.get("action") == "sign" and after.get("envelope_sha256"):
                signed.add(after["envelope_sha256"])
            if event.get("action") == "export" and after.get("document_id") == self.manifest.get("document_id"):
                exported = True
        for index, envelope in enumerate(self.envelopes, start=1):
            if envelope_sha256(envelope) not in signed:
                raise _Fail(_r("sign_event_missing", index=index))
        if not exported:
            raise _Fail(_r("export_event_missing", document=self.manifest.get("document_id")))
        head = result.tree_head
        if self.head_key is not None:  # names the desk key that certified the head key: the one to trust
            return self.head_key.ok_reason(result.events_verified, head)
        return _r("proofs_ok", events=result.events_verified, size=head.size if head else "?", signed_at=head.signed_at if head else "?")

    def rules_reproduce(self) -> str:
        from reedesk.rules import reproduce_with_engine as reproduce  # = services.evaluation.reproduce, without the store
        from reedesk.rules.current_reading import current_reading
        from reedesk.rules.packs import parse_pack as parse_rule_pack

        determination = self._determination()
        used = determination.get("packs")
        if not isinstance(used, list):
            raise _Fail(_r("packs_not_listed"))
        texts: list[str] = []
        parsed: list[Any] = []
        embedded = {n: e for n, e in self.pack.files.items() if n.startswith(PACK_PREFIX)}
        by_key: dict[tuple[str, str], Any] = {}
        for name, entry in embedded.items():
            try:
                text = entry.data.decode("utf-8")
                file_sha = _sha(entry.data)
                # A text identical to a shipped pack file's is that pack: found by the SHA-256 of its bytes and
                # parsed alone (once per process), not by parsing every shipped pack to compare.
                pack = _shipped_pack(file_sha) or parse_rule_pack(text, name)
            except Exception as exc:  # noqa: BLE001 — a broken pack is a failed check, whatever the parser raised
                raise _Fail(_r("pack_invalid", name=name, detail=str(exc)[:120])) from None
            by_key[(pack.id, str(pack.version))] = pack
            self.rule_packs.append((name, pack, file_sha))
            texts.append(text)
            parsed.append(pack)
        for ref in used:
            if not isinstance(ref, dict):
                raise _Fail(_r("pack_list_malformed"))
            pack = by_key.get((ref.get("id"), str(ref.get("version"))))
            if pack is None:
                raise _Fail(_r("pack_not_embedded", id=ref.get("id"), version=ref.get("version")))
            if pack.sha256 != ref.get("sha256"):
                raise _Fail(_r("pack_hash_mismatch", id=ref.get("id")))
        attached = self._attached(determination)
        again = stored_form(reproduce(attached, texts, parsed))  # compared as stored (shape 4: no snapshot)
        difference = _difference(determination, again)
        if difference:
            raise _Fail(_r("rules_differ", difference=difference))
        outcome = str(again.get("outcome"))
        said = dict(count=len(used), as_of=determination.get("as_of"), outcome=outcome, outcome_name=labels("outcome", outcome))
        # An older engine's document (1.x included): the current engine's answer on the same inputs, compared on the
        # legal basis (outcome, decisive rules, declared readings, licence check). The check passes either way — the
        # document is what its engine gave — and its reason says when the reading is superseded or cannot be asked.
        now = current_reading(attached, [by_key.get((r.get("id"), str(r.get("version")))) for r in used])
        if now is not None and now.unread is not None:
            return _r("rules_ok_current_unread", **said, made_by=now.made_by, current=now.current, problem=now.unread)
        if now is not None and now.superseded:
            return _r("rules_ok_superseded", **said, made_by=now.made_by, current=now.current, differences=now.said())
        return _r("rules_ok", **said)

    def _attached(self, determination: dict[str, Any]) -> dict[str, Any]:
        """A shape-4 determination (engine 3.3.0) with the pack's dossier-snapshot.json, checked against its
        ``dossier.sha256``: a changed snapshot file is a failed check, never a crash (older shapes carry theirs)."""
        from reedesk.rules.shape4 import SHAPE as SHAPE4, has_snapshot

        if determination.get("shape") != SHAPE4 or has_snapshot(determination):
            return determination
        entry = self.pack.files.get(SNAPSHOT_NAME)
        snapshot = self.pack.json_file(SNAPSHOT_NAME) if entry is not None else None
        if entry is None or entry.data is None:
            raise _Fail(_r("file_not_embedded", name=SNAPSHOT_NAME))
        if not isinstance(snapshot, dict):  # embedded, but not a JSON object: say that, not "not embedded"
            raise _Fail(_r("not_json_object", name=SNAPSHOT_NAME))
        recorded = str((determination.get("dossier") or {}).get("sha256"))
        actual = _sha(entry.data)
        if actual != recorded or canonical_bytes(snapshot) != entry.data:
            raise _Fail(_r("snapshot_hash_mismatch", name=SNAPSHOT_NAME, actual=actual[:16], recorded=recorded[:16]))
        return {**determination, "dossier": {**determination["dossier"], "snapshot": snapshot}}

    def rule_packs_known(self) -> str:
        """Re-running proves consistency, not correctness: a doctored pack reproduces its own
        outcome. Every embedded pack must be one reedesk ships, or one the reader trusts."""
        from reedesk.evidence.known_packs import known_pack_hashes, released_pack_hashes, shipped_files

        if not self.rule_packs:
            raise _Fail(_r("no_pack_read"))
        shipped, released = shipped_files(), released_pack_hashes()
        unknown = []
        trusted = 0
        for name, pack, file_sha in self.rule_packs:
            # A shipped file byte for byte, or a released version: known without parsing the shipped packs;
            # anything else is compared with their canonical hashes (parsed only then).
            if file_sha in shipped or pack.sha256 in released or pack.sha256 in known_pack_hashes():
                continue
            if pack.sha256 in self.trusted_packs or file_sha in self.trusted_packs:
                trusted += 1
                continue
            unknown.append((name, pack))
        if unknown:
            described = "; ".join(f"{p.id} version {p.version} (SHA-256 {p.sha256}, embedded as {name})" for name, p in unknown)
            raise _Fail(_r("packs_unknown", described=described))
        shipped = len(self.rule_packs) - trusted
        return _r("packs_shipped_trusted", shipped=shipped, trusted=trusted) if trusted else _r("packs_shipped", shipped=shipped)

    def cover_matches_data(self) -> str:
        from reedesk.evidence.texts import load_texts

        determination = self._determination()
        text = first_page_text(self.pack)
        if text is None:
            raise _Fail(_r("cover_unextractable"))
        printed = _machine_line(text)
        if printed is None:
            raise _Fail(_r("cover_no_mark", mark=COVER_MARK))
        figures = key_figures(determination)
        expected = {
            "outcome": determination.get("outcome"),
            "ratio": figures.get("ratio") or "-",
            "threshold": figures.get("threshold") or "-",
            "as_of": determination.get("as_of"),
            "determination": _sha(canonical_bytes(determination)),
        }
        for key, value in expected.items():
            if printed.get(key) != str(value):
                raise _Fail(_r("cover_field_differs", key=key, printed=printed.get(key), value=value, key_name=_COVER_KEYS[key],
                               printed_here=_cover_value(key, printed.get(key)), value_here=_cover_value(key, value)))
        language = str(self.manifest.get("language") or "en")
        try:
            texts = load_texts(language)
        except Exception:  # noqa: BLE001 — unknown language in a hostile manifest
            raise _Fail(_r("unknown_language", language=language)) from None
        label = texts.outcome(str(determination.get("outcome")))
        if _squash(label) not in _squash(text):
            raise _Fail(_r("cover_outcome_missing", label=label))
        percent = figures.get("ratio_percent")
        if percent and cover_ratio_role(determination) is not None and _squash(str(percent)) not in _squash(text):
            raise _Fail(_r("cover_ratio_missing", percent=percent))
        cited: dict[str, dict[str, Any]] | None = None
        for rule in determination.get("decisive") or []:
            if not isinstance(rule, str) or _squash(rule) in _squash(text):
                continue
            if cited is None:  # looked up only when an id is not on the cover (English and older packs: never)
                cited = self._decisive_cited(determination)
            # A non-English cover names the rule by its signed finding's citation, not its id (since session 9): in
            # its own row (the label, then the citation), not merely somewhere (the summary cites the rule too)
            own = cover_rule_citation(cited[rule], language) if rule in cited else None
            if not (own and _squash(f"{texts.get('cover', 'decisive')}{own}") in _squash(text)):
                raise _Fail(_r("cover_rule_missing", rule=rule, rule_here=_rule_here(cited.get(rule), rule)))
        cover = self.manifest.get("cover") if isinstance(self.manifest.get("cover"), dict) else {}
        if cover.get("outcome") != determination.get("outcome") or cover.get("ratio") != figures.get("ratio"):
            raise _Fail(_r("cover_manifest_differs"))
        outcome = str(determination.get("outcome"))
        none = {"en": "n/a", "zh-Hant": "無", "zh-Hans": "无"}
        shown = _shown_ratio(figures)
        # English names the outcome as the pack printed it; the other languages by the catalogue's name alone — no
        # code beside it (the guide: no internal codes in Chinese output). `--json` keeps the machine name: the
        # summary's "outcome" (FORMATS.md).
        return _r("cover_ok", label=label, ratio=shown or "n/a",
                  label_here=labels("outcome", outcome), ratio_here=shown or none)

    def _decisive_cited(self, determination: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Decisive rule id → a finding carrying just its citation text (``citation.text``, three languages), by the
        embedded rule packs this check read (hash-checked in rules_reproduce; ``@cite``, what ``expand`` gives the
        layout's finding — the same text for every rule of the shipped packs, tested), never the shipped set (issue 13:
        no parsing of every shipped pack). Empty when no pack was read (then the id is looked for)."""
        from reedesk.rules.render import PackTexts

        named = {(str(p.get("id")), str(p.get("version"))) for p in determination.get("packs") or [] if isinstance(p, dict)}
        packs = {pack.id: pack for _, pack, _ in self.rule_packs if (pack.id, str(pack.version)) in named}
        found: dict[str, dict[str, Any]] = {}
        for rule in determination.get("decisive") or []:
            try:
                text = PackTexts(packs)("@cite", {"rule": str(rule)})
            except Exception:  # noqa: BLE001 — a rule of no embedded pack: the id is looked for
                continue
            if isinstance(text, dict):
                found[str(rule)] = {"rule": rule, "citation": {"text": text}}
        return found

    # -- summary ----------------------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        det = self.determination or {}
        figures = key_figures(det) if det else {}
        return {
            "document_id": self.manifest.get("document_id"),
            "language": self.manifest.get("language"),
            "reference": (det.get("dossier") or {}).get("reference") if isinstance(det.get("dossier"), dict) else None,
            "as_of": det.get("as_of"),
            "outcome": det.get("outcome"),
            "ratio": figures.get("ratio"),
            "threshold": figures.get("threshold"),
            "timestamp": self.timestamp,
            **({"head_key_certificate": self.head_key.summary()} if self.head_key is not None and self.head_key.problem is None else {}),
            "signers": [
                {"name": s.signer.name, "role": s.signer.role, "organisation": s.signer.organisation,
                 "key_id": s.signer.key_id, "meaning": s.meaning, "signed_at": s.signed_at}
                for s in self.statements
            ],
        }


# --------------------------------------------------------------------------------------
_TOKEN = re.compile(r"([a-z_]+)=(\S+)")


def _machine_line(text: str) -> dict[str, str] | None:
    index = text.find(COVER_MARK)
    if index < 0:
        return None
    tail = text[index + len(COVER_MARK) : index + len(COVER_MARK) + 2000]
    found: dict[str, str] = {}
    for key, value in _TOKEN.findall(tail):
        found.setdefault(key, value)
    return found


def _shown_ratio(figures: Mapping[str, Any]) -> str | None:
    """The ratio as the pack displays it: its percentage at the pack's display precision ("0.0015 %"),
    not the exact ratio, which runs to 34 significant digits when the division does not end
    (0.00001458333333333333333333333333333333); the exact ratio only when no percentage was recorded."""
    percent = figures.get("ratio_percent")
    if percent:
        return f"{percent} %"
    ratio = figures.get("ratio")
    return str(ratio) if ratio else None


def _squash(text: str) -> str:
    return re.sub(r"[\s\u200b\u00ad]+", "", text)


def _json_value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _comparable(determination: Mapping[str, Any]) -> dict[str, Any]:
    findings = []
    for f in findings_of(determination):  # shape 4: a left-out result is the default one
        if isinstance(f, dict):
            findings.append({k: f.get(k) for k in ("rule", "result", "outcome", "figures")})
    return {"outcome": determination.get("outcome"), "findings": findings, "missing": [
        m.get("field") if isinstance(m, dict) else m for m in determination.get("missing") or []]}


_FINDING_KEYS = {"rule": {"en": "rule", "zh-Hant": "規則", "zh-Hans": "规则"},
                 "result": {"en": "result", "zh-Hant": "適用結果", "zh-Hans": "适用结果"},
                 "outcome": {"en": "outcome", "zh-Hant": "結論", "zh-Hans": "结论"},
                 "figures": {"en": "figures", "zh-Hant": "數字", "zh-Hans": "数字"}}


# The machine line's keys (FORMATS.md's names, which the English reason and `--json` keep) as a Chinese reader is told them.
_COVER_KEYS = {"outcome": {"en": "outcome", "zh-Hant": "結論", "zh-Hans": "结论"},
               "ratio": {"en": "ratio", "zh-Hant": "比率", "zh-Hans": "比率"},
               "threshold": {"en": "threshold", "zh-Hant": "門檻", "zh-Hans": "门槛"},
               "as_of": {"en": "as_of", "zh-Hant": "判定日期", "zh-Hans": "判定日期"},
               "determination": {"en": "determination", "zh-Hant": "判定的 SHA-256", "zh-Hans": "判定的 SHA-256"}}


def _cover_value(key: str, value: Any) -> dict[str, str]:
    """A machine-line value in each language: an outcome by its catalogue name (不受管制, not not_controlled), a
    figure, date or hash as printed."""
    text = "" if value is None else str(value)
    if key == "outcome" and text:
        from reedesk import vocabulary

        if vocabulary.known("outcome", text):
            return labels("outcome", text)
    return {lang: text for lang in LANGUAGES}


def _difference(recorded: Mapping[str, Any], again: Mapping[str, Any]) -> str | None:
    a, b = _comparable(recorded), _comparable(again)
    if a == b:
        return None
    if a["outcome"] != b["outcome"]:
        return _r("outcome_differs", new=b["outcome"], old=a["outcome"], new_name=labels("outcome", str(b["outcome"])),
                  old_name=labels("outcome", str(a["outcome"])))
    if len(a["findings"]) != len(b["findings"]):
        return _r("findings_count_differs", new=len(b["findings"]), old=len(a["findings"]))
    for x, y in zip(a["findings"], b["findings"]):
        if x != y:
            for key in ("rule", "result", "outcome", "figures"):
                if x.get(key) != y.get(key):
                    return _r("finding_differs", rule=x.get("rule"), key=key, key_name=_FINDING_KEYS[key])
    return _r("missing_differs")


def _coverage_problem(signature: Any, file_size: int, intact: bool, coverage: str) -> str:
    """Say what was found when the signature does not cover the file: bytes appended after
    the signed range (an incremental update), a file shorter than the range (truncated), or
    a rewritten file (its bytes no longer line up with the signed range)."""
    try:
        start, first, second, length = (int(x) for x in signature.byte_range)
        signed_end = second + length
    except Exception:  # noqa: BLE001 — hostile /ByteRange
        return _r("coverage_unreadable", coverage=coverage)
    if start != 0:
        return _r("range_start", start=start)
    if signed_end > file_size:
        return _r("truncated", size=file_size, end=signed_end)
    if signed_end < file_size and intact:
        return _r("appended", added=file_size - signed_end)
    if signed_end < file_size:
        return _r("rewritten_bytes", size=file_size, end=signed_end)
    return _r("rewritten", coverage=coverage)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: Any, limit: int = 200) -> str:
    """Text from the file, safe to print: no terminal control or bidi characters, bounded length.

    A hostile pack must never be able to move the cursor, rewrite a line or print its own
    "VALID" over the verdict."""
    return _CONTROL.sub("?", str(value if value is not None else ""))[:limit]


_printable = printable


def _timestamp_token(signature: Any) -> Any:
    """The RFC 3161 token in the signer info's unsigned attributes, or None."""
    unsigned = signature.signer_info["unsigned_attrs"]
    if not unsigned.native:
        return None
    for attribute in unsigned:
        if attribute["type"].native == "signature_time_stamp_token" and len(attribute["values"]) == 1:
            return attribute["values"][0]
    return None


def _pdf_signer(asn1_cert: Any) -> tuple[str, str | None, tuple[bytes, Any] | None]:
    """(kind, claimed Ed25519 key id, binding) of the PAdES signing certificate.

    0.2 packs: a P-256 certificate naming ``reedesk:key:<id>`` with the binding extension.
    0.1.0 packs: an Ed25519 certificate whose key *is* the identity key.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

    from reedesk.evidence.certificate import BINDING_OID, KEY_URI_PREFIX
    from reedesk.signing.keys import key_id_of

    cert = x509.load_der_x509_certificate(asn1_cert.dump())
    public = cert.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        if not isinstance(public.curve, ec.SECP256R1):
            raise _Fail(_r("curve", curve=public.curve.name))
        try:
            uris = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.UniformResourceIdentifier)
            raw_binding = cert.extensions.get_extension_for_oid(BINDING_OID).value.value
        except x509.ExtensionNotFound:
            raise _Fail(_r("cert_no_identity")) from None
        ids = [u[len(KEY_URI_PREFIX):] for u in uris if u.startswith(KEY_URI_PREFIX)]
        if len(ids) != 1 or not re.fullmatch(r"[0-9a-f]{64}", ids[0]):
            raise _Fail(_r("cert_key_ids"))
        if len(raw_binding) != 66 or raw_binding[:2] != b"\x04\x40":
            raise _Fail(_r("binding_malformed"))
        return "p256", ids[0], (raw_binding[2:], public)
    return "ed25519", key_id_of(_raw_ed25519(asn1_cert)), None


def _raw_ed25519(asn1_cert: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    public = serialization.load_der_public_key(asn1_cert.public_key.dump())
    if not isinstance(public, Ed25519PublicKey):
        raise _Fail(_r("neither_curve"))
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
