"""Use cases: export an evidence pack, verify one.

``export_pack`` evaluates the dossier, signs the determination, records an
``export`` audit event and a signed tree head covering it, embeds the proofs of
this dossier's events, and writes the signed PDF through a temporary file that is
renamed into place — so a crash or a cancel never leaves a half-written pack.
``verify_pack`` needs no desk at all: a reviewer checks a pack with nothing but
the file (and, optionally, keys they trust).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from reedesk import collector
from reedesk.vocabulary import progress as progress_message  # coded progress (English text; the GUI translates)
from reedesk.audit.checkpoints import write_checkpoint
from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import utc_now, utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.evidence.contents import PackContents
from reedesk.rules.shape4 import require_snapshot, stored_bytes, stored_form
from reedesk.evidence.texts import normalise_language
from reedesk.evidence.verifier import VerificationReport, verify_bytes, verify_path
from reedesk.services.desk import Desk

Progress = Callable[[int, str], None]


class ExportCancelled(ReedeskError):
    """The user cancelled the export; no pack file was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    document_id: str
    reference: str
    determination_id: int
    determination_sha256: str
    outcome: str
    as_of: str
    language: str
    signatures: int
    size: int
    # How the dossier got there when ``source`` was a file: "new" (a new dossier), "revision"
    # (stored as revision N of an existing dossier), "unchanged" (same as the stored revision);
    # None when ``source`` was a stored reference.
    stored_as: str | None = None
    revision: int | None = None
    replaced: bool = False  # an existing file at ``path`` was overwritten (overwrite=True)
    # The optional headroom page (issue 16): True when the pack has one; when it was asked
    # for but the determination has no value-content ratio, the one-sentence reason (the
    # pack is written without the page and the caller tells the user so).
    headroom_page: bool = False
    headroom_omitted: str | None = None

    def stored_message(self) -> str | None:
        """One sentence on what exporting a file did to the desk (None for a stored reference)."""
        if self.stored_as == "new":
            return f"The file was stored as a new dossier {self.reference} (revision {self.revision})."
        if self.stored_as == "revision":
            return f"The file was stored as revision {self.revision} of {self.reference}, which already existed."
        if self.stored_as == "unchanged":
            return f"The file matches revision {self.revision} of {self.reference}, already stored; nothing new was stored."
        return None


def verify_pack(
    path: Path | str,
    trusted_key_ids: Iterable[str] = (),
    trusted_public_keys: Iterable[bytes] = (),
    *,
    trusted_pack_texts: Iterable[str] = (),
    trusted_pack_hashes: Iterable[str] = (),
    trusted_organisations: Any = None,
    revocations: Iterable[Any] = (),
) -> VerificationReport:
    """Check a pack offline; see :mod:`reedesk.evidence.verifier` for the checks.

    ``trusted_pack_texts`` / ``trusted_pack_hashes``: rule packs (TOML text, or SHA-256 of
    the canonical form or file bytes) accepted besides those reedesk ships.
    """
    return verify_path(
        path, trusted_key_ids=trusted_key_ids, trusted_public_keys=trusted_public_keys,
        trusted_pack_texts=trusted_pack_texts, trusted_pack_hashes=trusted_pack_hashes,
        trusted_organisations=trusted_organisations, revocations=revocations,
    )


def _document_id(determination_sha256: str, key_id: str, moment: str) -> str:
    digest = hashlib.sha256(f"{determination_sha256}|{key_id}|{moment}".encode()).hexdigest()[:16].upper()
    return "RD-" + "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def _resolve_reference(desk: Desk, source: str) -> tuple[str, str | None, int | None]:
    """A stored reference as is; a ``.json`` dossier file is imported (audited) first.

    Returns (reference, how it was stored, revision): ``"new"`` for a new dossier,
    ``"revision"`` when the file became a new revision of a dossier with the same
    reference, ``"unchanged"`` when it equals the stored revision; (REF, None, None)
    for a stored reference. Callers must tell the user — a file silently becoming a
    revision of someone else's dossier is a surprise.
    """
    path = Path(source)
    if path.suffix.lower() == ".json":
        if not path.is_file():
            raise ReedeskError.coded("evidence_dossier_file_does_exist", path=path)
        from reedesk.services.imports import import_files

        results = import_files(desk, [path])
        if len(results) != 1:
            raise ReedeskError.coded("evidence_holds_dossiers_export_one", path=path, count=len(results))
        result = results[0]
        if not result.changed:
            how = "unchanged"
        else:
            how = "new" if result.revision == 1 else "revision"
        return result.reference, how, result.revision
    return source, None, None


def _rule_pack_sources(desk: Desk, used: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from reedesk.services.evaluation import active_packs

    available = {}
    for pack in active_packs(desk):
        available[(pack.id, str(pack.version), pack.sha256)] = pack
    try:
        from reedesk.rules.packs import shipped_packs

        for pack in shipped_packs():
            available.setdefault((pack.id, str(pack.version), pack.sha256), pack)
    except ImportError:  # pragma: no cover - packs module always present with the engine
        pass
    out = []
    for ref in used:
        key = (ref.get("id"), str(ref.get("version")), ref.get("sha256"))
        pack = available.get(key)
        if pack is None:
            raise ReedeskError.coded("evidence_rule_pack_version_used", get=ref.get('id'), get2=ref.get('version'))
        out.append({"id": pack.id, "version": str(pack.version), "sha256": pack.sha256, "source_text": pack.source_text})
    return out


def export_pack(
    desk: Desk,
    source: str,
    as_of: date,
    meaning: str,
    out: Path,
    *,
    key_id: str | None = None,
    passphrase: str,
    language: str = "en",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    overwrite: bool = False,
    headroom: bool = False,
) -> ExportResult:
    """Evaluate, sign, record and write the evidence pack for ``source`` (a REF or a dossier file).

    An existing file at ``out`` is refused unless ``overwrite`` (it may be another
    dossier's signed pack); the check happens before anything is signed or recorded.
    ``headroom`` adds the headroom page (chart and figures of the value rule); when the
    determination has no value-content ratio there is nothing to draw: the pack is
    written without the page and ``ExportResult.headroom_omitted`` says why (a stated
    omission, not an error: the pack itself is still what was asked for).
    """
    from reedesk.audit.verify import known_public_keys
    from reedesk.evidence.builder import build_pack
    from reedesk.services.audit import proofs_for_dossier_in
    from reedesk.services.evaluation import evaluate_reference
    from reedesk.services.keys import default_identity, get_identity, unlock
    from reedesk.services.signing import sign_determination, signatures_for

    language = normalise_language(language)
    out = Path(out)
    report = progress or (lambda _pct, _msg: None)
    is_cancelled = cancelled or (lambda: False)

    def checkpoint(percent: int, message: str) -> None:
        if is_cancelled():
            raise ExportCancelled.coded("export_cancelled")
        report(percent, message)

    if not (meaning or "").strip():
        raise ReedeskError.coded("evidence_signature_needs_meaning_e")
    if out.exists() and out.is_dir():
        raise ReedeskError.coded("evidence_folder_give_file_name", out=out, value=out / 'pack.pdf')
    if not out.parent.exists():
        raise ReedeskError.coded("applications_folder_does_exist_create", parent=out.parent)
    replaced = out.exists()
    if replaced and not overwrite:
        raise ReedeskError.coded("evidence_already_exists_choose_another", out=out)

    from reedesk.services.signing import check_export_approval

    check_export_approval(desk, source, as_of, meaning)  # four eyes on a team desk: refused before the key is unlocked
    checkpoint(2, progress_message("export_unlocking"))
    identity = get_identity(desk, key_id) if key_id else default_identity(desk)
    private_key = unlock(desk, identity.key_id, passphrase)  # a wrong passphrase stops here, before any write

    checkpoint(8, progress_message("export_reading"))
    reference, stored_as, stored_revision = _resolve_reference(desk, source)

    checkpoint(15, progress_message("export_evaluating"))
    stored = evaluate_reference(desk, reference, as_of)

    headroom_doc: dict[str, Any] | None = None
    headroom_omitted: str | None = None
    if headroom:
        from reedesk.rules.render import expand

        headroom_doc, headroom_omitted = pack_headroom(expand(stored.document))  # its statement is prose (C1); attached form

    checkpoint(30, progress_message("export_signing"))
    # Exporting the same determination again (another language, a lost file) must not
    # pile up identical signatures: reuse this signer's signature with the same meaning.
    signatures = signatures_for(desk, stored.id)
    already_signed = any(s.key_id == identity.key_id and s.meaning == meaning.strip() for s in signatures)
    if not already_signed:
        sign_determination(desk, stored.id, identity.key_id, passphrase, meaning, private_key=private_key)
        signatures = signatures_for(desk, stored.id)  # read again only when this export added one

    rule_packs = _rule_pack_sources(desk, list(stored.document.get("packs") or []))
    labels = {s.key_id: {"name": s.signer_name, "role": s.signer_role, "organisation": s.signer_organisation} for s in signatures}
    try:
        from reedesk.services.keys import sync_trust_store

        sync_trust_store(desk)  # desks made by 0.1.0: their identities reach the file `reedesk verify` reads
    except Exception:  # noqa: BLE001 — the trust-store file is a convenience for verify; it must not stop an export
        pass

    timestamp_url = _timestamp_url(desk)  # read before the writing unit of work: a nested one would wait for its lock
    from reedesk.services.organisation import certificates_for

    org_certificates = certificates_for(desk, {s.key_id for s in signatures})

    checkpoint(45, progress_message("export_recording"))
    created_at = utc_timestamp()
    document_id = _document_id(stored.sha256, identity.key_id, created_at)
    written = False
    try:
        # One unit of work (holding the write lock): the export event, the head over it, the pack
        # built from proofs of exactly that head, the pack checked, the file written — and only
        # then the commit. A failure or a kill before the commit leaves no event claiming a file;
        # the trail never says a pack exists that was not written.
        with desk.db.unit_of_work() as session:
            desk_changed(session, "determination", reference)  # published once this unit of work commits (C3)
            append_event(
                session, action="export", entity_type="determination", entity_id=str(stored.id), dossier_reference=reference,
                after={
                    "document_id": document_id, "determination_sha256": stored.sha256, "as_of": as_of.isoformat(),
                    "outcome": stored.outcome, "language": language, "file_name": out.name,
                    "signatures": [s.id for s in signatures],
                },
            )
            write_checkpoint(session, private_key, identity.key_id)

            checkpoint(55, progress_message("export_proofs"))
            proofs = proofs_for_dossier_in(session, reference)
            from reedesk.services.pack_certificate import head_certificate_for_pack

            head_certificate = head_certificate_for_pack(session, proofs)  # a team desk's head key (issue 12 pt 6)
            known = dict(known_public_keys(session))
            known.update(_desk_keys(session))  # the desk key signs the heads since 0.2 (issue 10)
            needed = {s.key_id for s in signatures} | {identity.key_id}
            head = proofs.get("tree_head") or {}
            if head.get("key_id"):
                needed.add(head["key_id"])
            keys = {k: known[k].hex() for k in needed if k in known}
            contents = PackContents(
                document_id=document_id, language=language, created_at=created_at,
                determination=stored_form(stored.document), determination_sha256=hashlib.sha256(stored_bytes(stored.document)).hexdigest(),
                snapshot=require_snapshot(stored.document),  # the revision's snapshot (checked on load), not a copy in the document
                envelopes=[s.envelope for s in signatures], public_keys=keys,
                rule_packs=rule_packs, audit_proofs=proofs, key_labels=labels, timestamp_authority=timestamp_url,
                org_certificates=org_certificates, headroom=headroom_doc, head_key_certificate=head_certificate,
            )

            checkpoint(65, progress_message("export_drawing"))
            signer = {"name": identity.name, "role": identity.role, "organisation": identity.organisation}
            with collector_paused():
                data = build_pack(contents, private_key, signer=signer, now=utc_now(), timestamp_url=timestamp_url)

            checkpoint(82, progress_message("export_checking"))
            with collector_paused():
                check_finished_pack(data, out.name, signer_keys={s.key_id for s in signatures} | {identity.key_id},
                                    pack_hashes=[p["sha256"] for p in rule_packs])

            checkpoint(90, progress_message("export_writing"))
            _write_atomically(out, data, is_cancelled, overwrite=overwrite)
            written = True
    except BaseException:
        if written:  # the file is in place but its export event did not commit: take the file back
            out.unlink(missing_ok=True)
        raise
    report(100, progress_message("done"))
    collector.settle_long_lived()  # once per process: later full collections skip the warm heap (issue 13)
    return ExportResult(
        path=out, document_id=document_id, reference=reference, determination_id=stored.id,
        determination_sha256=stored.sha256, outcome=stored.outcome, as_of=as_of.isoformat(),
        language=language, signatures=len(signatures), size=len(data),
        stored_as=stored_as, revision=stored_revision, replaced=replaced,
        headroom_page=headroom_doc is not None, headroom_omitted=headroom_omitted,
    )


def pack_headroom(determination: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """The headroom document for the optional pack page, or (None, the reason there is none).

    There is no page when the determination has no value-content ratio (no value rule in
    the packs, or the item value missing), and none when the ratio was computed from no
    bill-of-materials lines at all (e.g. a metal exported from China, decided by another
    rule): the cover leaves that ratio out because it would only mislead (``cover_ratio_role``),
    and a chart of it would mislead the same way.
    """
    from reedesk.evidence.contents import cover_ratio_role
    from reedesk.portfolio.headroom import headroom as headroom_of

    try:
        doc = headroom_of(determination)
    except ReedeskError as error:
        return None, str(error)
    if cover_ratio_role(determination) is None:
        reference = (determination.get("dossier") or {}).get("reference", "")
        return None, (f"Dossier {reference}: the value ratio of {doc['rule']} was computed from no bill-of-materials lines "
                      f"(the outcome was decided by {', '.join(determination.get('decisive') or []) or 'another rule'}), "
                      "so there are no lines to chart against the threshold.")
    return doc, None


def _desk_keys(session: Any) -> dict[str, bytes]:
    """key id → public key of the desk's head-signing key(s) recorded in the trail (none on a 0.1.0 trail)."""
    try:
        from reedesk.audit.desk_key import recorded_desk_keys
    except ImportError:
        return {}
    return {k.key_id: k.public_key for k in recorded_desk_keys(session.connection())}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a pack is drawn and checked (reference counting still frees).

    Drawing a pack allocates ~10^5 short-lived objects (paragraph fragments, lines, PDF objects) that stay alive
    until the pages are written: they survive the young collections, are promoted, and every few exports trigger
    a full collection of the whole process heap (~400,000 objects in a desk process: ~160 ms each, ~30 ms per
    export on average, plus ~10 ms of young collections; issue 13). With the collector off for those ~0.2 s they
    stay young and are freed by reference counting when the build ends; what is cyclic goes at the next young
    collection once it is back on (~6 ms). Nested or parallel exports keep it off until the last one leaves, and
    it is turned back on only if it was on."""
    with collector.collector_paused():  # one counter with evaluations and audit checks (reedesk.collector)
        yield


class PackCheckFailed(ReedeskError):
    """The pack just built does not pass ``reedesk verify``; it was neither written nor recorded."""


def check_finished_pack(data: bytes, name: str, *, signer_keys: Iterable[str], pack_hashes: Iterable[str]) -> VerificationReport:
    """Verify the finished pack in memory, as a reviewer would, before anything reports success.

    The exporter's own keys and the desk's rule packs count as trusted, so anything short
    of exit 0 means the pack is broken (a race, a bug, a corrupted rule pack): refuse it.
    """
    report = verify_bytes(data, name, trusted_key_ids=list(signer_keys), trusted_pack_hashes=list(pack_hashes))
    if report.exit_code != 0:
        problems = "; ".join(f"{c.name}: {c.reason}" for c in report.checks if not c.ok) or str(report.unreadable)
        raise PackCheckFailed.coded("evidence_finished_pack_did_pass", name=name, value=problems[:400])
    return report


def _timestamp_url(desk: Desk) -> str | None:
    """The RFC 3161 timestamp authority configured for this desk (setting ``timestamp_url``), or None."""
    try:
        from reedesk.services.settings import get_setting
    except ImportError:
        return None
    try:
        value = get_setting(desk, "timestamp_url")
    except Exception:  # noqa: BLE001 — no such setting on this desk
        return None
    return str(value).strip() or None if value else None


def _write_atomically(out: Path, data: bytes, is_cancelled: Callable[[], bool], *, overwrite: bool = False) -> None:
    """Write through a temporary file in the target folder. Without ``overwrite`` the
    file is linked into place, which fails if someone created ``out`` meanwhile."""
    handle = tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", suffix=".part", delete=False)
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        from reedesk.files import shared_file_mode

        os.chmod(temp, shared_file_mode())  # the user's umask, not the temporary file's 0600 (issue 14)
        if is_cancelled():
            raise ExportCancelled.coded("export_cancelled")
        if overwrite:
            os.replace(temp, out)
        else:
            try:
                os.link(temp, out)
            except FileExistsError:
                raise ReedeskError.coded("evidence_appeared_while_pack_being", out=out) from None
            except OSError:  # a file system without hard links: check, then rename
                if out.exists():
                    raise ReedeskError.coded("evidence_appeared_while_pack_being", out=out) from None
                os.replace(temp, out)
            temp.unlink(missing_ok=True)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
