"""A desk of many dossiers, filled by raw SQL in seconds, for the benchmarks that need one.

Shared by ``dossier_search.py`` (search and bulk-import figures) and ``gui_startup.py``
(start-up and browser latency), so both measure the same kind of data.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

NOW = "2026-11-25T12:00:00.000000Z"


def fill_desk(path: Path, count: int, *, events: bool = False, archived_every: int | None = 50) -> None:
    """Clients, dossiers and one revision each (and optionally ``count`` audit events) by raw SQL.

    ``archived_every``: every N-th dossier is archived (None: none are).
    """
    import hashlib

    con = sqlite3.connect(path)
    clients = [(i + 1, f"Client {i:04d} Trading Co.", "VN", NOW) for i in range(500)]
    con.executemany("insert into client (id, name, country, created_at) values (?, ?, ?, ?)", clients)
    outcomes = ["license_required", "not_controlled", "suspended", None]
    dossiers, revisions = [], []
    for i in range(count):
        ref = f"BM-{i:06d}"
        product = f"NdFeB magnet grade {i % 97} batch {i}"
        outcome = outcomes[i % 4]
        dossiers.append((i + 1, ref, (i % 500) + 1, product, 1, (archived_every is not None and i % archived_every == 0), NOW, NOW, outcome, "2026-11-25" if outcome else None, i % 7 == 0))
        document = json.dumps({"format": "reedesk.dossier/1", "reference": ref, "client": {"name": clients[i % 500][1], "country": "VN"},
                               "product": {"name": product}, "components": []}, separators=(",", ":"), sort_keys=True)
        # The real SHA-256, so any of these dossiers opens (reedesk refuses a revision whose text does not match it).
        revisions.append((i + 1, i + 1, 1, document, hashlib.sha256(document.encode()).hexdigest(), NOW, "benchmark", None))
    con.executemany("insert into dossier (id, reference, client_id, product_name, current_revision, archived, created_at, "
                    "updated_at, last_outcome, last_as_of, signed) values (?,?,?,?,?,?,?,?,?,?,?)", dossiers)
    con.executemany("insert into dossier_revision (id, dossier_id, number, document, sha256, created_at, created_by, reason) "
                    "values (?,?,?,?,?,?,?,?)", revisions)
    if events:  # a long trail to append to (placeholder hashes: only the last one is read)
        rows, prev = [], "0" * 64
        for i in range(count):
            digest = hashlib.sha256(f"{i}".encode()).hexdigest()
            rows.append((i + 1, NOW, "benchmark", "import", "dossier", f"BM-{i:06d}", f"BM-{i:06d}", None, "{}", None, prev, digest))
            prev = digest
        con.executemany("insert into audit_event (seq, occurred_at, actor, action, entity_type, entity_id, dossier_reference, "
                        "before, after, reason, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()
