"""Screening every named party of a dossier (contract B): the screening document.

:func:`screen_parties` is pure (no database): it screens the end user, importer and
consignee and each one's owners against the list entries **in force** on ``as_of``,
merges the decisions recorded in the dossier (``<party>.screening``, matched by list
id and entry id, for the same name), and returns a canonical-JSON-able document that
the engine freezes into the determination so it reproduces after the lists change.

:func:`party_listings` reads such a document back for the rules: per top-level party,
its own hits and the hits of owners holding 50 % or more (No. 61 Art. II:
「控股50%及以上的子公司、分公司等分支机构」), so a subsidiary of a listed entity is
treated as listed and the finding can name the owner and share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Sequence

from reedesk.domain.dossier import Dossier, Owner, Party
from reedesk.errors import ReedeskError
from reedesk.screening.lists import ScreeningList
from reedesk.screening.matching import DEFAULT_THRESHOLD, METHOD, Hit, check_threshold, screen_name
from reedesk.screening.record import DECISIONS, FIELD
from reedesk.screening.normalise import LATIN_SUFFIXES, name_tokens

ROLES = ("end_user", "importer", "consignee")
HALF = Decimal("0.5")


def _as_dossier(dossier: Dossier | Mapping[str, Any]) -> Dossier:
    if isinstance(dossier, Dossier):
        return dossier
    from reedesk.domain.dossier_file import parse_dossier

    return parse_dossier(dict(dossier), "snapshot")


def named_parties(dossier: Dossier) -> list[tuple[str, str, Party | Owner, str | None, Decimal | None]]:
    """(role, JSON path, party, path of the party it owns, share) for every named party;
    each party is followed by its owners (one level)."""
    out: list[tuple[str, str, Party | Owner, str | None, Decimal | None]] = []
    shipment = dossier.shipment
    if shipment is None:
        return out
    for role, party in shipment.parties():
        path = f"shipment.{role}"
        if (party.name or "").strip():
            out.append((role, path, party, None, None))
        for i, owner in enumerate(party.owners):
            if (owner.name or "").strip():
                out.append(("owner", f"{path}.owners[{i}]", owner, path, owner.share))
    return out


def unnamed_parties(dossier: Dossier, *, legal_forms: bool = False, placeholders: bool = False) -> list[tuple[str, str]]:
    """(role, JSON path) of each party the shipment has but does not name, so it cannot be screened: the end
    user always (every export has one; absent or without a name it is still unknown, FORMATS.md), an importer
    or consignee only when the dossier has one without a name (absent, there is none besides the end user).
    ``legal_forms`` (engine 3.5.0): a name that is only a legal form ("Co., Ltd.", "GmbH", "有限公司", "株式会社"),
    which screening cannot match (:func:`reedesk.screening.matching.screen_name` finds nothing left to compare), is
    no name either. ``placeholders`` (engine 3.6.0): so are legal forms of other scripts and countries (주식회사,
    ООО, ㈱, Sp. z o.o., s.r.o., A/S, PT … Tbk) and a placeholder typed for a name not known yet ("TBD", "N/A",
    "unknown", 「待定」, 「未知」), alone or with legal forms ("TBD GmbH").

    Why: screening is part of every determination (RULES.md, second review, "Parties"); an unnamed party is
    not a party screened clear."""
    shipment = dossier.shipment
    out: list[tuple[str, str]] = []
    for role in ("end_user", "importer", "consignee"):
        party = getattr(shipment, role, None) if shipment is not None else None
        if (party is None and role == "end_user") or (party is not None and not _screenable(party.name, legal_forms, placeholders)):
            out.append((role, f"shipment.{role}"))
    return out


def _screenable(name: str | None, legal_forms: bool, placeholders: bool = False) -> bool:
    """Whether ``name`` gives screening something to match: not blank, and (``legal_forms``) not only legal forms — one
    ("GmbH") or several joined ("GmbH & Co. KG", "S.A. de C.V."), whose words are all legal-form words, joiners or the
    letters of an abbreviated form; with ``placeholders`` (engine 3.6.0) also not only the wider forms and the
    placeholders of :data:`_NOT_A_NAME`."""
    if not (name or "").strip():
        return False
    if not legal_forms:
        return True
    tokens = name_tokens(name or "")
    if placeholders:
        return bool(tokens) and not all(t in LATIN_SUFFIXES or t in _FORM_GLUE or t in _NOT_A_NAME for t in tokens)
    return bool(tokens) and not all(t in LATIN_SUFFIXES or t in _FORM_GLUE for t in tokens)


# Words that only join or complete legal forms ("GmbH & Co. KG", "S.A. de C.V.", "AG & Co. KGaA").
_FORM_GLUE = frozenset({"and", "und", "et", "de", "cv", "kgaa", "ohg", "mbh", "sl", "sau", "ltda", "cia", "ek"})
# Engine 3.6.0 (REVIEW8 F10, LEGALQA8 (8)): words that name no one, as name_tokens leaves them (NFKC, case-folded,
# dots dropped, Simplified): legal forms of other scripts and countries — Korean 주식회사/유한회사, Russian ООО/АО/ЗАО/ПАО,
# Japanese ㈱ (株), Polish "Sp. z o.o." (sp z oo), Czech/Slovak s.r.o. and a.s., Danish/Norwegian A/S,
# Indonesian PT … Tbk — and placeholders typed while the name is not known yet.
_NOT_A_NAME = frozenset({
    "주식회사", "유한회사", "주", "ооо", "ао", "зао", "пао", "оао", "株", "sp", "z", "oo", "zoo", "sro", "spol",
    "a", "s", "pt", "tbk", "cv", "ud",
    "tbd", "tba", "tbc", "na", "n", "unknown", "none", "null", "nil", "various", "xxx", "待定", "未知", "不详", "暂无",
    "未定", "无",
})


def recorded_decisions(party: Party | Owner) -> dict[tuple[str, str], dict[str, Any]]:
    """Decisions recorded in ``party.screening`` for the party's current name, by (list, entry)."""
    record = party.extra.get(FIELD)
    if not isinstance(record, dict) or record.get("name") != party.name or not isinstance(record.get("hits"), list):
        return {}
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for h in record["hits"]:
        if isinstance(h, dict) and h.get("decision") in DECISIONS:
            out[(str(h.get("list")), str(h.get("entry")))] = {k: h.get(k) for k in ("decision", "reason", "decided_by", "decided_at")}
    return out


def hit_document(hit: Hit, lst: ScreeningList, decision: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One hit as contract B writes it (entry life and measures included, so it reproduces)."""
    entry = next(e for e in lst.entries if e.id == hit.entry_id)
    d = decision or {}
    return {
        "list_id": hit.list_id, "list_kind": hit.list_kind, "entry_id": hit.entry_id, "entry_name": hit.entry_name,
        "entry_name_zh": entry.name_zh, "matched_name": hit.matched_name, "matched_by": hit.via,
        "score": format(hit.score, "f"), "listed_by": entry.announcement, "listed_by_zh": entry.announcement_zh,
        "listed_on": entry.listed_on, "ended_on": entry.ended_on, "ended_by": entry.ended_by,
        "ended_by_zh": entry.ended_by_zh, "measures": list(lst.measures_of(entry)), "source": hit.source,
        "verified": hit.verified, "country": entry.country,
        "decision": d.get("decision"), "reason": d.get("reason"), "decided_by": d.get("decided_by"),
        "decided_at": d.get("decided_at"),
    }


def screen_parties(dossier: Dossier | Mapping[str, Any], lists: Sequence[ScreeningList], as_of: date | str,
                   threshold: Decimal | str | int | None = None) -> dict[str, Any]:
    """The screening document of contract B for every named party (pure; no database)."""
    d = _as_dossier(dossier)
    day = as_of if isinstance(as_of, str) else as_of.isoformat()
    limit = check_threshold(DEFAULT_THRESHOLD if threshold is None else threshold)
    by_id = {lst.id: lst for lst in lists}
    parties = []
    for role, path, party, owner_of, share in named_parties(d):
        decisions = recorded_decisions(party)
        try:
            hits = screen_name(party.name or "", lists, limit, as_of=day)
        except ReedeskError:  # a name that is only a legal form ("Ltd."): nothing to match
            hits = []
        parties.append({
            "role": role, "path": path, "name": party.name, "country": party.country,
            "military": getattr(party, "military", None), "owner_of": owner_of,
            "share": None if share is None else format(share, "f"),
            "hits": [hit_document(h, by_id[h.list_id], decisions.get((h.list_id, h.entry_id))) for h in hits],
        })
    return {
        "as_of": day, "threshold": format(limit, "f"), "method": METHOD,
        "lists": [{"id": lst.id, "kind": lst.kind, "version": lst.version_date, "sha256": lst.sha256,
                   "name": lst.names()} for lst in lists],
        "parties": parties,
    }


def screening_from_records(dossier: Dossier) -> dict[str, Any]:
    """A screening document built from the records kept in the dossier only (no lists):
    for a determination made without a screening document (an old one, or a caller that
    does not screen). Hits carry what the record kept; measures are the list kind's default."""
    from reedesk.screening.record import read_record

    parties = []
    for role, path, party, owner_of, share in named_parties(dossier):
        raw = party.extra.get(FIELD)
        record = read_record(raw, f"{path}.{FIELD}") if raw is not None else None
        hits = []
        if record is not None and not isinstance(record, str) and record.name.strip() == (party.name or "").strip():
            hits = [{"list_id": h.list_id, "list_kind": h.list_kind, "entry_id": h.entry_id, "entry_name": h.entry_name,
                     "entry_name_zh": None, "matched_name": None, "matched_by": None, "score": h.score,
                     "listed_by": h.source or None, "listed_by_zh": None, "listed_on": None, "ended_on": None,
                     "ended_by": None, "ended_by_zh": None, "measures": None, "source": h.source, "verified": None,
                     "country": None, "decision": h.decision, "reason": h.reason, "decided_by": h.decided_by,
                     "decided_at": h.decided_at} for h in record.hits]
        parties.append({"role": role, "path": path, "name": party.name, "country": party.country,
                        "military": getattr(party, "military", None), "owner_of": owner_of,
                        "share": None if share is None else format(share, "f"), "hits": hits,
                        "screened": record is not None and not isinstance(record, str)
                        and record.name.strip() == (party.name or "").strip(),
                        "record_problem": record if isinstance(record, str) else None})
    return {"as_of": None, "threshold": None, "method": "records kept in the dossier", "lists": [], "parties": parties,
            "from_records": True}


# ---------------------------------------------------------------------------- reading it back (rules)


@dataclass(frozen=True)
class ListedHit:
    """A hit that bears on a top-level party: its own, or an owner's (``owner`` set)."""

    hit: Mapping[str, Any]
    owner: Mapping[str, Any] | None = None  # the owner's party entry of the screening document

    @property
    def decision(self) -> str | None:
        return self.hit.get("decision")

    @property
    def share(self) -> Decimal | None:
        if self.owner is None:
            return None
        try:
            return Decimal(str(self.owner.get("share"))) if self.owner.get("share") is not None else None
        except InvalidOperation:
            return None

    def counts(self) -> bool | None:
        """True: the hit makes the party listed if confirmed; False: an owner under 50 %;
        None: an owner whose share is unknown (the 50 % rule cannot be decided)."""
        if self.owner is None:
            return True
        share = self.share
        if share is None:
            return None
        return share >= HALF


@dataclass
class PartyListing:
    role: str
    path: str
    name: str
    country: str | None
    military: bool | None
    hits: list[ListedHit] = field(default_factory=list)

    def relevant(self, kinds: Iterable[str]) -> list[ListedHit]:
        wanted = set(kinds)
        return [h for h in self.hits if h.hit.get("list_kind") in wanted]


def party_listings(document: Mapping[str, Any] | None) -> list[PartyListing]:
    """Per top-level party (end user, importer, consignee) its hits and its owners' hits."""
    if not document:
        return []
    out: list[PartyListing] = []
    by_path: dict[str, PartyListing] = {}
    for p in document.get("parties", []):
        if p.get("owner_of") is None:
            entry = PartyListing(p.get("role", "?"), p.get("path", "?"), p.get("name") or "", p.get("country"),
                                 p.get("military"), [ListedHit(h) for h in p.get("hits", [])])
            out.append(entry)
            by_path[entry.path] = entry
    for p in document.get("parties", []):
        owner_of = p.get("owner_of")
        if owner_of is not None and owner_of in by_path:
            by_path[owner_of].hits.extend(ListedHit(h, p) for h in p.get("hits", []))
    return out


def hit_label(h: ListedHit) -> str:
    """``IHI Aerospace Co., Ltd. (cn-mofcom-control-list, score 100.0)``, with the owner if any."""
    text = f"{h.hit.get('entry_name')} ({h.hit.get('list_id')}, score {h.hit.get('score')})"
    if h.owner is not None:
        text += f" via owner {h.owner.get('name')} (share {h.owner.get('share') or 'unknown'})"
    return text
