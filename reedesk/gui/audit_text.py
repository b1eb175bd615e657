"""Audit events in the user's words: who (a person, not ``root``), what (the dossier, not
``determination 3``), and before/after as labelled fields rather than JSON.

Why: an auditor reads the trail to answer "who changed what, and why". The trail
records the operating-system account (or the signer and their account); the desk
knows which person each account made an identity for, so the view names them.
Nothing here changes what is stored or hashed — it only shows it.
"""

from __future__ import annotations

import html
import json
from typing import Any, Iterable

from reedesk import vocabulary
from reedesk.gui.i18n import current_language, tr
from reedesk.services import audit_words
from reedesk.services.audit_words import SIGNER as _SIGNER  # noqa: F401  (kept for importers)
from reedesk.services.audit_words import people  # noqa: F401  (Qt-free, shared with `reedesk audit log`)

# The entity types' English names; the words shown are the vocabulary's (audit_words.entity_label).
ENTITY_LABELS = {
    "dossier": "Dossier", "determination": "Determination", "identity": "Identity", "licence": "Licence",
    "setting": "Setting", "client": "Client", "attachment": "Attachment", "trusted_key": "Trusted key",
    "screening_list": "Screening list", "rule_pack": "Rule pack", "portfolio": "Portfolio", "desk": "Desk",
    "org_certificate": "Organisation certificate", "org_revocation": "Organisation certificate revocation",
    "organisation_key": "Organisation key", "head_key": "Tree-head key", "signature": "Signature",
    "desk_key": "Desk key",
}

# Desk settings by name (``Setting default_identity`` reads "Setting: default signing identity").
SETTING_LABELS = {
    "default_identity": "default signing identity", "default_currency": "default currency", "language": "language",
    "samples_seeded": "samples loaded", "retention_years": "years records are kept", "timestamp_url": "timestamp service",
    "unlock_minutes": "minutes a key stays unlocked", "four_eyes": "Four eyes",
}

# Field names of before/after as a reader knows them (English source text of the GUI catalogue).
FIELD_LABELS = {
    "as_of": "As of", "outcome": "Outcome", "revision": "Revision", "name": "Name", "role": "Role",
    "organisation": "Organisation", "country": "Country", "reason": "Reason", "archived": "Archived",
    "value": "Value", "meaning": "Meaning", "sha256": "SHA-256", "determination_id": "Determination",
    "engine": "Engine", "retired_at": "Retired (UTC)", "key_id": "Key", "number": "Number",
    "version": "Version", "snapshot_sha256": "Snapshot SHA-256", "packs": "Rule packs", "four_eyes": "Four eyes",
}
# Whole field paths whose last part alone would read wrongly ("engine.name" is no person's 姓名).
PATH_LABELS = {"engine.name": "Engine", "engine.version": "Engine version"}

# Reasons reedesk itself writes into the trail (English as recorded), said in the window's language by
# reedesk.vocabulary.recorded_reason (the CLI's audit log says them alike); a reason a person typed is shown as typed.
SYSTEM_REASONS = vocabulary.SYSTEM_REASONS


def reason_text(reason: Any) -> str:
    """A recorded reason in the window's language when reedesk wrote it (see SYSTEM_REASONS)."""
    return vocabulary.recorded_reason(reason, current_language())

# Fields of before/after too long or too technical to show in full.
_HIDDEN = {"document", "public_key", "packs"}


# Account → person for the desk open in this window (refreshed by the audit view and the history tab).
KNOWN_PEOPLE: dict[str, str] = {}


def refresh_people(desk: Any) -> dict[str, str]:
    """Re-read who each account is from the identity-creation events of ``desk``."""
    from reedesk.services.audit import audit_log

    from reedesk.services.settings import get_setting

    KNOWN_PEOPLE.clear()
    KNOWN_PEOPLE.update(people(audit_log(desk, action="key"), get_setting(desk, "default_identity")))  # key events: a small set
    return KNOWN_PEOPLE


def person(actor: str | None, known: dict[str, str]) -> str:
    """``Mai Tran (account root)`` for a signer or for an account whose person is known; else the account
    (reedesk.services.audit_words.person, in the window's language; in Chinese with fullwidth parentheses,
    ``Mai Tran（帳戶 root）``, as the CLI's audit log writes it)."""
    return audit_words.person(actor, known, current_language())


def what(e: Any) -> str:
    """``Determination of LM-2026-0042``, ``Dossier LM-2026-0042``, ``Client Lotus Magnetics Co., Ltd.``."""
    kind = str(getattr(e, "entity_type", "") or "")
    label = audit_words.entity_label(kind, current_language())
    reference = getattr(e, "dossier_reference", None)
    after = getattr(e, "after", None)
    before = getattr(e, "before", None)
    named = next((d.get("name") for d in (after, before) if isinstance(d, dict) and d.get("name")), None)
    if kind == "setting":
        key = str(getattr(e, "entity_id", "") or "")
        return f"{label}{tr(': ')}{tr(SETTING_LABELS[key])}" if key in SETTING_LABELS else f"{label} {key}"
    if kind == "dossier" and reference:
        return f"{label} {reference}"
    if reference:
        return tr("{what} of {reference}").format(what=label, reference=reference)
    if named:
        return f"{label} {named}"
    entity = str(getattr(e, "entity_id", "") or "")
    return f"{label} {entity}".strip()


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k in _HIDDEN:
                out[prefix + k] = tr("(not shown: {size} characters)").format(size=len(json.dumps(v, default=str)))
                continue
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        out = {}
        for i, x in enumerate(value, start=1):
            out.update(_flatten(x, f"{prefix[:-1] if prefix.endswith('.') else prefix} {i}."))
        return out
    key = prefix[:-1] if prefix.endswith(".") else prefix
    return {key or tr("value"): value}


def _field(key: str) -> str:
    """``engine.version`` → ``Engine · version``; known names translated."""
    if key in PATH_LABELS:
        return tr(PATH_LABELS[key])
    parts = key.split(".")
    return " · ".join(tr(FIELD_LABELS[p]) if p in FIELD_LABELS else p.replace("_", " ") for p in parts)


def _shown(value: Any, key: str = "") -> str:
    if key.split(".")[-1] == "outcome" and isinstance(value, str):
        from reedesk.gui.models import outcome_label

        return outcome_label(value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def fields_html(e: Any, known: dict[str, str] | None = None) -> str:
    """The event as a small table: who, when, what, why, then each field before → after (changed ones bold)."""
    esc = html.escape
    before, after = _flatten(getattr(e, "before", None) or {}), _flatten(getattr(e, "after", None) or {})
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        b, a = before.get(key), after.get(key)
        changed = key in before and key in after and b != a
        style = " style='font-weight:bold'" if changed else ""
        rows.append(f"<tr{style}><td>{esc(_field(key))}</td><td>{esc(_shown(b, key)) if key in before else ''}</td>"
                    f"<td>{esc(_shown(a, key)) if key in after else ''}</td></tr>")
    head = (f"<p><b>{esc(what(e))}</b> — {esc(person(getattr(e, 'actor', ''), known or {}))}{esc(tr(', '))}{esc(str(getattr(e, 'occurred_at', '')))}"
            + (f"<br/>{esc(tr('Reason'))}: {esc(reason_text(e.reason))}" if getattr(e, "reason", None) else "") + "</p>")
    table = (f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>{esc(tr('Field'))}</th><th>{esc(tr('Before'))}</th>"
             f"<th>{esc(tr('After'))}</th></tr>{''.join(rows)}</table>") if rows else ""
    return head + table + f"<p><small>{esc(tr('Event hash'))}{esc(tr(': '))}{esc(str(getattr(e, 'hash', '')))}</small></p>"
