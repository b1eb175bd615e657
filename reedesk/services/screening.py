"""Use cases of end-user screening: list the lists, screen a dossier's end user,
record a person's decisions in the dossier, import further lists.

Screening itself changes nothing (:func:`screen_dossier`). Recording it
(:func:`record_screening`) writes the ``shipment.end_user.screening`` object into
a new dossier revision and an audit event in the same unit of work, so the
determination made afterwards embeds what was screened, against which list
versions, and who confirmed or cleared each hit and why.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import current_actor, utc_timestamp
from reedesk.domain.dossier import Party, Shipment
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.files import replace_file
from reedesk.screening.lists import LIST_KINDS, ScreeningList, check_unique, load_list_file, parse_csv, shipped_lists
from reedesk.screening.matching import DEFAULT_THRESHOLD, Hit, check_threshold, screen_name
from reedesk.screening.record import DECISIONS, FIELD, build_record
from reedesk.services.desk import Desk
from reedesk.services.dossiers import SaveResult, load_in_session, save_in_session

PARTY = "end_user"  # the default party; 0.2 dossiers also name importer, consignee and owners (FORMATS.md)
PARTIES = ("end_user", "importer", "consignee")
_OWNER = re.compile(r"^(end_user|importer|consignee)\.owners\[(\d+)\]$")


@dataclass(frozen=True)
class Decision:
    """A person's decision on hit number ``hit`` (1-based, as ``screen_dossier`` numbers them)."""

    hit: int
    decision: str  # confirmed | cleared
    reason: str


@dataclass(frozen=True)
class ScreenedHit:
    n: int
    hit: Hit
    decision: str | None = None
    reason: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None


@dataclass(frozen=True)
class ScreeningResult:
    """What screening the dossier's end user finds now, with decisions already recorded
    for the same name and entries (``recorded`` is the stored screening object, if any)."""

    reference: str
    revision: int
    party: str
    name: str
    threshold: Decimal
    lists: list[ScreeningList]
    hits: list[ScreenedHit]
    recorded: dict[str, Any] | None = field(default=None)

    @property
    def undecided(self) -> list[ScreenedHit]:
        return [h for h in self.hits if h.decision is None]


def imported_lists_dir(desk: Desk) -> Path:
    path = desk.home / "screening"
    path.mkdir(parents=True, exist_ok=True)
    return path


_LOADED: dict[Path, tuple[tuple[int, int], ScreeningList]] = {}


def _load_cached(path: Path, origin: str) -> ScreeningList:
    """Parse a list file once per (modification time, size): a full imported CSL takes seconds to check."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _LOADED.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_list_file(path, origin=origin))
        _LOADED[path] = cached
    return cached[1]


def available_lists(desk: Desk) -> list[ScreeningList]:
    """Shipped lists, then imported ones (``<desk>/screening/*.json``), by id."""
    from reedesk.resources import resource

    shipped = [_load_cached(p, "shipped") for p in sorted(resource("screening").glob("*.toml"))]
    lists = shipped + [_load_cached(p, "imported") for p in sorted(imported_lists_dir(desk).glob("*.json"))]
    check_unique(lists)
    return lists


def _party(dossier: Any, reference: str, party: str = PARTY) -> Any:
    """The party named by ``party``: end_user, importer, consignee or e.g. end_user.owners[0]."""
    spec = party.removeprefix("shipment.")
    owner = _OWNER.match(spec)
    role = owner.group(1) if owner else spec
    if role not in PARTIES:
        raise ReedeskError.coded("screening_party_end_user_importer", party=party)
    found = getattr(dossier.shipment or Shipment(), role)
    if owner and found is not None:
        index = int(owner.group(2))
        found = found.owners[index] if index < len(found.owners) else None
    if found is None or not (found.name or "").strip():
        from reedesk.field_labels import label
        from reedesk.vocabulary import LANGUAGES

        party_label = {language: label(f"shipment.{spec}.name", language) for language in LANGUAGES}
        party_label["en"] = party_label["en"][:1].lower() + party_label["en"][1:]  # inside an English sentence
        raise ReedeskError.coded("screening_no_party", reference=reference, party=party_label)
    return found


def _end_user(dossier: Any, reference: str) -> Party:
    return _party(dossier, reference, PARTY)


def _previous(user: Party) -> dict[tuple[str, str], dict[str, str]]:
    """Decisions already recorded for this name, keyed by (list, entry)."""
    record = user.extra.get(FIELD)
    if not isinstance(record, dict) or record.get("name") != user.name or not isinstance(record.get("hits"), list):
        return {}
    out = {}
    for h in record["hits"]:
        if isinstance(h, dict) and h.get("decision") in DECISIONS:
            out[(str(h.get("list")), str(h.get("entry")))] = {k: h.get(k) for k in ("decision", "reason", "decided_by", "decided_at")}
    return out


def _screen(desk: Desk, session: Any, reference: str, threshold: Decimal | str | int | None, party: str = PARTY,
            as_of: str | None = None):
    stored = load_in_session(session, reference)
    user = _party(stored.dossier, reference, party)
    limit = check_threshold(DEFAULT_THRESHOLD if threshold is None else threshold)
    lists = available_lists(desk)
    day = as_of or utc_timestamp()[:10]
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError:
        raise ReedeskError.coded("screening_screening_date_date_such", as_of=as_of) from None
    hits = screen_name(user.name or "", lists, limit, as_of=day)
    previous = _previous(user)
    screened = [ScreenedHit(n, h, **previous.get((h.list_id, h.entry_id), {})) for n, h in enumerate(hits, start=1)]
    result = ScreeningResult(reference, stored.revision, party.removeprefix("shipment."), user.name or "", limit, lists, screened,
                             user.extra.get(FIELD) if isinstance(user.extra.get(FIELD), dict) else None)
    return stored, user, result


def screen_dossier(desk: Desk, reference: str, *, threshold: Decimal | str | int | None = None, party: str = PARTY,
                   as_of: str | None = None) -> ScreeningResult:
    """Screen one party (default the end user) of the dossier's latest revision against the entries in
    force on ``as_of`` (default today); stores nothing. Hits are numbered per party."""
    with desk.db.unit_of_work() as session:
        return _screen(desk, session, reference, threshold, party, as_of)[2]


def screen_all_parties(desk: Desk, reference: str, *, threshold: Decimal | str | int | None = None,
                       as_of: str | None = None) -> list[ScreeningResult]:
    """Every named party and owner, each numbered on its own (for the GUI panel and ``check --party all``)."""
    from reedesk.screening.parties import named_parties

    with desk.db.unit_of_work() as session:
        stored = load_in_session(session, reference)
        specs = [path.removeprefix("shipment.") for _, path, *_ in named_parties(stored.dossier)]
        return [_screen(desk, session, reference, threshold, spec, as_of)[2] for spec in specs]


def record_screening(desk: Desk, reference: str, decisions: Sequence[Decision] = (), *,
                     threshold: Decimal | str | int | None = None, party: str = PARTY, as_of: str | None = None) -> SaveResult:
    """Screen again, apply ``decisions`` (earlier decisions for the same name and entries are
    kept) and save the screening object as a new revision, audited. Recording with no hits
    or no decisions is allowed: it records that the end user was screened."""
    with desk.db.unit_of_work() as session:
        stored, user, result = _screen(desk, session, reference, threshold, party, as_of)
        now, actor = utc_timestamp(), current_actor()
        chosen: dict[int, dict[str, str]] = {
            h.n: {"decision": h.decision, "reason": h.reason, "decided_by": h.decided_by, "decided_at": h.decided_at}
            for h in result.hits if h.decision is not None}
        seen: set[int] = set()
        for d in decisions:
            if not 1 <= d.hit <= len(result.hits):
                from reedesk.vocabulary import Coded  # the English words as before, said in the reader's language too

                have = Coded("screening_have", "hits", count=len(result.hits)) if result.hits else Coded("screening_have", "none")
                raise ReedeskError.coded("screening_hit_does_exist_screening", hit=d.hit, reference=reference, name=result.name, have=have)
            if d.hit in seen:
                raise ReedeskError.coded("screening_hit_decided_twice_recorded", hit=d.hit)
            seen.add(d.hit)
            if d.decision not in DECISIONS:
                raise ReedeskError.coded("screening_decision_hit_must_confirmed", hit=d.hit, decision=d.decision)
            if not d.reason.strip():
                raise ReedeskError.coded("screening_decision_hit_needs_reason", hit=d.hit, decision=d.decision)
            chosen[d.hit] = {"decision": d.decision, "reason": d.reason.strip(), "decided_by": actor, "decided_at": now}
        record = build_record(result.name, [h.hit for h in result.hits], result.lists, format(result.threshold, "f"),
                              now, actor, chosen)
        dossier = copy.deepcopy(stored.dossier)
        target = _party(dossier, reference, party)
        target.extra = {**target.extra, FIELD: record}
        open_hits = sum(1 for h in record["hits"] if h["decision"] is None)
        why = (f"screened {result.name!r} against {len(result.lists)} lists: {len(record['hits'])} hits, "
               f"{len(decisions)} decided now, {open_hits} undecided")
        saved = save_in_session(session, dossier, reason=why)
        desk_changed(session, "dossier", reference)  # published once this unit of work commits (C3)
        append_event(session, action="screening", entity_type="dossier", entity_id=reference, dossier_reference=reference,
                     after={"revision": saved.revision, "screening": record}, reason=why)
        return saved


_SLUG = re.compile(r"[^a-z0-9]+")


def import_list(desk: Desk, path: Path, *, list_id: str | None = None, kind: str | None = None, name: str | None = None,
                authority: str | None = None, version_date: str | None = None) -> ScreeningList:
    """Import a list file into the desk (audited). ``.toml``/``.json`` files carry their own
    header; for a ``.csv`` the options name the list (defaults: id from the file name, kind
    ``other``, version date today)."""
    path = Path(path)
    if not path.is_file():
        raise ReedeskError.coded("screening_such_file", path=path)
    suffix = path.suffix.lower()
    if suffix in (".toml", ".json"):
        if any(v is not None for v in (list_id, kind, name, authority, version_date)):
            raise ReedeskError.coded("screening_list_names_itself_list", path=path, suffix=suffix)
        try:
            lst = load_list_file(path, origin="imported")
        except UnicodeDecodeError:
            raise ReedeskError.coded("screening_utf_text", path=path) from None
    elif suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ReedeskError.coded("screening_utf_text_save_csv", path=path) from None
        if kind is not None and kind not in LIST_KINDS:
            raise ReedeskError.coded("screening_kind_one", kind=kind, join=', '.join(LIST_KINDS))
        is_csl = "alt_names" in text.splitlines()[0] if text.strip() else False
        lst = parse_csv(
            text, str(path), list_id=list_id or (_SLUG.sub("-", path.stem.lower()).strip("-") or "imported-list"),
            kind=kind or "other", name_en=name or ("US Consolidated Screening List" if is_csl else path.stem),
            authority=authority or ("US Departments of Commerce, State and the Treasury (Consolidated Screening List)" if is_csl else "(imported by the user)"),
            version_date=version_date or utc_timestamp()[:10])
    else:
        raise ReedeskError.coded("screening_screening_list_must_toml", path=path)
    shipped = {s.id for s in shipped_lists()}
    if lst.id in shipped:
        raise ReedeskError.coded("screening_list_id_shipped_list", path=path, id=lst.id)
    target = imported_lists_dir(desk) / f"{lst.id}.json"
    before = None
    if target.exists():
        try:
            before = load_list_file(target, origin="imported").summary()
        except ReedeskError:
            before = None
    with desk.db.unit_of_work() as session:
        desk_changed(session, "lists")  # published once this unit of work commits (C3)
        append_event(session, action="import", entity_type="screening_list", entity_id=lst.id, before=before,
                     after={**lst.summary(), "entries": len(lst.entries), "file": path.name}, reason=f"imported from {path.name}")
        replace_file(target, canonical_bytes(lst.document))
    return lst



def screening_document(desk: Desk, dossier: Any, as_of: Any, *, lists: Sequence[ScreeningList] | None = None,
                       threshold: Decimal | str | int | None = None) -> dict[str, Any]:
    """The screening document (contract B) for a dossier (or its snapshot dict) as of a date, against the
    desk's lists (shipped and imported) unless ``lists`` are given (a batch loads them once)."""
    from reedesk.screening.parties import screen_parties

    return screen_parties(dossier, list(lists) if lists is not None else available_lists(desk), as_of, threshold)
