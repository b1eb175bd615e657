"""Audit events in the reader's words, Qt-free: who acted ("Mei Lin (database role alice)") and what the event
is about ("Determination", "Identity"), in en, zh-Hant or zh-Hans from the one vocabulary.

Why here: the trail records the actor and the entity type in English, as written (they are hashed). The desktop
app's audit view (reedesk/gui/audit_text.py) and ``reedesk audit log --language`` both say them in the reader's
language at output time, through these functions, so the window and the command line never disagree.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from reedesk import vocabulary

# "Mai Tran 947B-E9F6-FF74-63C6 (account root)" — what the trail records for a signed-in signer.
SIGNER = re.compile(r"^(?P<name>.+?)(?: [0-9A-F]{4}(?:-[0-9A-F]{4}){2,})? \((?P<kind>account|database role) (?P<account>[^)]+)\)$")


def entity_label(kind: str | None, language: str = "en") -> str:
    """An event's entity type as the reader says it ("Determination", "判定"); an unknown type readably
    ("Some thing" in English, the recorded code in parentheses in Chinese, never an English word)."""
    kind = str(kind or "")
    if vocabulary.known("audit_entity", kind):
        return vocabulary.label("audit_entity", kind, language)
    if vocabulary.normalise_language(language) == "en":
        return kind.replace("_", " ").capitalize()
    return f"({kind})"


def actor_kind(kind: str, language: str = "en") -> str:
    """"account" / "database role" (as the trail writes it) in ``language``."""
    return vocabulary.label("audit_actor", "os_account" if kind == "account" else "db_role", language)


def people(events: Iterable[Any], default_key: str = "") -> dict[str, str]:
    """Account → person, from the identities each account created; an account that made several
    is the person of the desk's default identity among them (else it stays the account)."""
    names: dict[str, set[str]] = {}
    default_of: dict[str, str] = {}
    for e in events:
        if getattr(e, "entity_type", None) != "identity" or getattr(e, "action", None) != "create":
            continue
        after = getattr(e, "after", None)
        if not isinstance(after, dict) or not after.get("name"):
            continue
        actor = str(getattr(e, "actor", ""))
        m = SIGNER.match(actor)
        account = m.group("account") if m else actor
        names.setdefault(account, set()).add(str(after["name"]))
        if default_key and getattr(e, "entity_id", None) == default_key:
            default_of[account] = str(after["name"])
    return {account: next(iter(found)) if len(found) == 1 else default_of[account]
            for account, found in names.items() if len(found) == 1 or account in default_of}


def person(actor: str | None, known: dict[str, str], language: str = "en") -> str:
    """``Mai Tran (account root)`` for a signer or for an account whose person is known; else the account.
    "account" / "database role" in ``language``, and in Chinese the catalogue's fullwidth marks ("Mai Tran（資料庫角色
    alice）") written here, around this part only — a name that has parentheses of its own ("Mei Lin (Compliance)")
    keeps them as typed."""
    actor = actor or ""
    open_, close = (" (", ")") if language == "en" else ("（", "）")
    m = SIGNER.match(actor)
    if m:
        return f"{m.group('name')}{open_}{actor_kind(m.group('kind'), language)} {m.group('account')}{close}"
    if actor in known:
        return f"{known[actor]}{open_}{actor_kind('account', language)} {actor}{close}"
    return actor
