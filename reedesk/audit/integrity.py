"""The SQLite triggers that protect signed and audited records, and the check that they are there.

The triggers (migrations 0001 and 0003) make SQLite itself refuse UPDATE and DELETE on
the audit trail, tree heads and signatures, silent DELETE of dossiers, revisions and
determinations, and edits of an identity's key and labels. Whoever can write the file
can drop them, so ``audit verify`` reports any that is missing (issue 10, point 3) — a
dropped trigger is itself a sign that someone worked on the file outside reedesk.
The names are repeated here rather than imported from the migrations (a migration is
frozen history); tests/audit/test_integrity.py checks they agree with a migrated desk.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

EXPECTED_TRIGGERS = (
    # 0001
    "audit_event_no_update", "audit_event_no_delete",
    "tree_head_no_update", "tree_head_no_delete",
    "signature_no_update", "signature_no_delete",
    "determination_signed_no_update", "dossier_revision_signed_no_update",
    # 0003
    "dossier_no_silent_delete", "dossier_revision_no_silent_delete", "determination_no_silent_delete",
    "identity_no_delete", "trusted_key_no_delete", "client_no_delete", "rule_pack_no_delete", "setting_no_delete",
    "dossier_revision_no_update", "determination_no_update", "identity_labels_no_update", "trusted_key_no_update",
    # 0004 (licence register)
    "licence_no_silent_delete", "licence_revision_no_silent_delete", "licence_shipment_no_silent_delete",
    "attachment_no_silent_delete", "licence_revision_no_update", "licence_shipment_no_update", "attachment_no_update",
)


def missing_triggers(connection: Any) -> list[str]:
    """Names of the protecting triggers that are not in the database (in the order above)."""
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    if connection.dialect.name == "postgresql":  # a team desk (issue 12): the PL/pgSQL guards
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    present = {name for (name,) in connection.execute(text(query))}
    return [name for name in EXPECTED_TRIGGERS if name not in present]


def trigger_problem(missing: list[str]) -> str | None:
    if not missing:
        return None
    from reedesk.vocabulary import Coded  # coded so `audit verify --language` says it in the reader's language

    more = len(missing) - 6
    shown = {"en": ", ".join(missing[:6]) + (f" and {more} more" if more > 0 else "")}
    for language, others in (("zh-Hant", f"等，另有 {more} 個"), ("zh-Hans", f"等，另有 {more} 个")):
        shown[language] = "、".join(f"（{name}）" for name in missing[:6]) + (others if more > 0 else "")
    return Coded("audit_verify", "triggers_dropped_one" if len(missing) == 1 else "triggers_dropped", count=len(missing), shown=shown)
