"""Speed of signing and of audit-trail verification (issue 4). Run on demand:

    python benchmarks/signing_audit.py [--events 100000]

Prints signatures/s and verifications/s for signed-determination envelopes (the full
statement check: Ed25519 over PAE, canonical form, determination hash, signer key),
and the audit-chain verification rate for a trail of N events in a real SQLite file
(hash chain recomputed with RFC 8785 + Merkle roots compared with signed tree heads).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reedesk.audit.checkpoints import event_leaf_hashes, write_checkpoint  # noqa: E402
from reedesk.audit.merkle import MerkleTree, root_of_hashes, verify_inclusion  # noqa: E402
from reedesk.audit.trail import append_event  # noqa: E402
from reedesk.audit.trail import GENESIS_HASH, event_body, event_hash  # noqa: E402
from reedesk.audit.verify import verify_chain  # noqa: E402
from reedesk.services.desk import open_desk  # noqa: E402
from reedesk.signing.dsse import sign_envelope  # noqa: E402
from reedesk.signing.keys import generate_identity, key_id_of, raw_public_key  # noqa: E402
from reedesk.signing.statement import Signer, build_payload, document_sha256, verify_statement  # noqa: E402
from reedesk.store.models import AuditEventRow  # noqa: E402
from sqlmodel import select  # noqa: E402


def _determination(i: int) -> dict:
    return {
        "schema": "reedesk.determination/1",
        "dossier": {"reference": f"BM-{i:06d}", "revision": 1, "snapshot_sha256": f"{i:064x}"},
        "packs": [{"id": "cn-mofcom-2025-061", "version": "1", "sha256": "ab" * 32}],
        "as_of": "2026-11-25", "outcome": "license_required",
        "findings": [{"rule": "deminimis", "citation": "Art. 2", "figures": {"ratio": "0.1354", "threshold": "0.001"}}] * 4,
        "missing": [], "engine_version": "bench",
    }


def bench_signatures(count: int) -> tuple[float, float]:
    key = generate_identity("bench").private_key
    key_id = key_id_of(raw_public_key(key))
    keys = {key_id: raw_public_key(key)}
    signer = Signer("Bench", "Consultant", "Bench Ltd", key_id)
    documents = [_determination(i) for i in range(count)]
    start = time.perf_counter()
    envelopes = [
        sign_envelope(build_payload(d, signer, "Prepared by", "2026-11-25T12:00:00.000000Z"), key, key_id) for d in documents
    ]
    signed = time.perf_counter() - start
    start = time.perf_counter()
    for d, e in zip(documents, envelopes):
        verify_statement(e, keys, expected_determination_sha256=document_sha256(d))
    verified = time.perf_counter() - start
    return count / signed, count / verified


def bench_stored_signatures(folder: Path, count: int) -> tuple[float, float, float]:
    """CPU ms per signature of ``services.signing.verify_all_signatures`` on ``count`` real signed 20-line
    determinations (facts documents of ~45 KB), and of the same checks with the stored determination parsed and
    re-canonicalised per signature (what verdicts_in_session did before it hashed the stored bytes), same run;
    plus the CPU ms of ``verify_statement`` alone (the signed statement's own canonical-form check)."""
    import json
    from datetime import date

    from benchmarks.evidence import dossier
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.services.dossiers import import_dossiers
    from reedesk.services.evaluation import evaluate_reference
    from reedesk.services.keys import create_identity, public_keys, unlock
    from reedesk.services.signing import sign_determination, verify_all_signatures
    from reedesk.store.models import DeterminationRow, SignatureRow

    desk = open_desk(folder, seed_samples=False)
    try:
        identity = create_identity(desk, "Bench Signer", "Officer", "Bench Ltd", "bench pass phrase")
        key = unlock(desk, identity.key_id, "bench pass phrase")
        for i in range(count):
            document = dossier(20)
            document["reference"] = f"SIG-{i:04d}"
            import_dossiers(desk, [parse_dossier(document)], source="benchmark")
            stored = evaluate_reference(desk, document["reference"], date(2026, 11, 25))
            sign_determination(desk, stored.id, identity.key_id, "", "Prepared by", private_key=key)
        verify_all_signatures(desk)  # warm
        start = time.process_time()
        verdicts = verify_all_signatures(desk)
        now = (time.process_time() - start) * 1000 / len(verdicts)
        assert all(v.ok for v in verdicts)
        keys = public_keys(desk)
        with desk.db.read() as session:
            rows = [(session.get(DeterminationRow, s.determination_id).document, json.loads(s.envelope))
                    for s in session.exec(select(SignatureRow)).all()]
        start = time.process_time()
        for text, envelope in rows:  # the old per-signature work: parse + canonical form of the stored document
            verify_statement(envelope, keys, expected_determination_sha256=document_sha256(json.loads(text)))
        old = (time.process_time() - start) * 1000 / len(rows)
        start = time.process_time()
        for text, envelope in rows:
            verify_statement(envelope, keys)
        statement = (time.process_time() - start) * 1000 / len(rows)
        return now, old, statement
    finally:
        desk.close()


def build_trail(desk, events: int) -> tuple[float, dict[str, bytes]]:
    """Append ``events`` events quickly (bulk insert of correctly chained rows), one head per 10,000
    (by the desk key: since 0.2 only it signs heads; event 1 is its creation)."""
    key = generate_identity("bench").private_key
    key_id = key_id_of(raw_public_key(key))
    start = time.perf_counter()
    with desk.db.unit_of_work() as session:
        last = session.exec(select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(1)).first()  # type: ignore[union-attr]
    prev = last.hash if last is not None else GENESIS_HASH
    offset = last.seq if last is not None else 0
    batch = 10_000
    for first in range(offset + 1, offset + events + 1, batch):
        with desk.db.unit_of_work() as session:
            rows = []
            for seq in range(first, min(first + batch, offset + events + 1)):
                row = AuditEventRow(
                    seq=seq, occurred_at="2026-11-25T12:00:00.000000Z", actor="bench", action="update",
                    entity_type="dossier", entity_id=f"BM-{seq % 1000:06d}", dossier_reference=f"BM-{seq % 1000:06d}",
                    before=None, after='{"revision":2,"sha256":"' + f"{seq:064x}" + '"}', reason=None, prev_hash=prev, hash="",
                )
                row.hash = event_hash(prev, event_body(row))
                prev = row.hash
                rows.append(row)
            session.add_all(rows)
            session.flush()
            write_checkpoint(session, key, key_id)
    return time.perf_counter() - start, {key_id: raw_public_key(key)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--signatures", type=int, default=2_000)
    parser.add_argument("--stored-signatures", type=int, default=40,
                        help="real signed 20-line determinations on a desk for verify_all_signatures (0: skip)")
    args = parser.parse_args()

    sign_rate, verify_rate = bench_signatures(args.signatures)
    print(f"signed determinations: {sign_rate:,.0f} signatures/s, {verify_rate:,.0f} verifications/s "
          f"(n={args.signatures}, verification/signing ratio {verify_rate / sign_rate:.2f})")

    if args.stored_signatures:
        with tempfile.TemporaryDirectory() as folder:
            now, old, statement = bench_stored_signatures(Path(folder), args.stored_signatures)
        print(f"stored signatures (verify_all_signatures, {args.stored_signatures} real 20-line determinations, CPU): "
              f"{now:.2f} ms per signature; with the stored document parsed and re-canonicalised per signature "
              f"(before): {old:.2f} ms; of which verify_statement alone {statement:.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        desk = open_desk(Path(folder), seed_samples=False)
        try:
            build_seconds, head_keys = build_trail(desk, args.events)
            print(f"built a trail of {args.events:,} events with {(args.events + 9_999) // 10_000} signed heads in {build_seconds:.1f} s "
                  f"({args.events / build_seconds:,.0f} appends/s, bulk)")
            start = time.perf_counter()
            report = verify_chain(desk)  # keys as the trail bound them (the desk key)
            seconds = time.perf_counter() - start
            assert report.ok, report.problem
            print(f"audit-chain verification: {report.events_checked:,} events, {report.heads_checked} heads in {seconds:.2f} s "
                  f"= {report.events_checked / seconds:,.0f} events/s")
            with desk.db.unit_of_work() as session:
                start = time.perf_counter()
                leaves = event_leaf_hashes(session)
                root = root_of_hashes(leaves)
                root_seconds = time.perf_counter() - start
                start = time.perf_counter()
                tree = MerkleTree(leaves)
                tree.root()
                first_seconds = time.perf_counter() - start
                start = time.perf_counter()
                for index in range(0, len(leaves), max(1, len(leaves) // 100)):
                    assert verify_inclusion(leaves[index], index, len(leaves), tree.inclusion_proof(index), root)
                proof_seconds = (time.perf_counter() - start) / 100
            print(f"Merkle root of {len(leaves):,} leaves (read + hash): {root_seconds:.2f} s; proof tree set-up {first_seconds:.2f} s, "
                  f"then one inclusion proof + check: {proof_seconds * 1000:.2f} ms")
            with desk.db.unit_of_work() as session:
                start = time.perf_counter()
                for i in range(1000):
                    append_event(session, action="update", entity_type="dossier", entity_id=f"BM-{i:06d}", after={"revision": 2})
                append_seconds = time.perf_counter() - start
            print(f"append_event on a {args.events:,}-event trail: {1000 / append_seconds:,.0f} events/s")
            start = time.perf_counter()
            for i in range(200):  # 200 write batches: each ends with a head by the desk key + checkpoint note
                with desk.db.unit_of_work() as session:
                    append_event(session, action="update", entity_type="setting", entity_id="bench", after={"value": i})
            batch_seconds = (time.perf_counter() - start) / 200
            print(f"one-event write batch on a {args.events:,}-event trail (head + checkpoint note + commit): {batch_seconds * 1000:.2f} ms")
        finally:
            desk.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
