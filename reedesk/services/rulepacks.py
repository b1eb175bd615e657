"""Use cases on rule packs: list the packs in use, show one, import a newer one.

Shipped packs live in ``resources/rules``; imported packs are stored in the
``rule_pack`` table with their exact TOML text, so a determination made with
any version can be re-run later. Importing is schema-checked and audited; a
pack id and version can only ever mean one text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import current_actor, utc_timestamp
from reedesk.errors import NotFound, ReedeskError
from reedesk.rules.pack_errors import parse_pack_coded
from reedesk.rules.packs import RulePack, parse_pack, shipped_packs, version_date_problem
from reedesk.services.desk import Desk
from reedesk.store.models import RulePackRow


@dataclass(frozen=True)
class PackInfo:
    """A pack with where it came from (``shipped`` or ``imported``)."""

    pack: RulePack
    origin: str
    imported_at: str | None = None
    imported_by: str | None = None
    notices: tuple[str, ...] = ()  # what the importer must know (imported packs are not shipped or signed)


UNSIGNED_NOTICE = (
    "This rule pack is not one shipped with reedesk and is not signed: its content is only as trustworthy as its source. "
    "Evidence packs whose determinations use it will be flagged by `reedesk verify` unless the receiver trusts this pack."
)


def packs_in_session(session: Session) -> list[PackInfo]:
    """Shipped and imported packs, every version, ordered by id then version."""
    infos = [PackInfo(p, "shipped") for p in shipped_packs()]
    for row in session.exec(select(RulePackRow).order_by(RulePackRow.id)):
        pack = parse_pack(row.source_text, f"imported pack {row.pack_id} {row.version}")
        infos.append(PackInfo(pack, "imported", row.imported_at, row.imported_by))
    return sorted(infos, key=lambda i: (i.pack.id, i.pack.version_key, i.origin))


def list_packs(desk: Desk) -> list[PackInfo]:
    """Every pack version this desk can use."""
    with desk.db.unit_of_work() as session:
        return packs_in_session(session)


def show_pack(desk: Desk, pack_id: str, version: str | None = None) -> PackInfo:
    """One pack: the given version, or the newest one."""
    matches = [i for i in list_packs(desk) if i.pack.id == pack_id and (version is None or i.pack.version == version)]
    if not matches:
        if version:
            raise NotFound.coded("rule_pack_version_not_found", pack_id=pack_id, version=version)
        raise NotFound.coded("rule_pack_not_found", pack_id=pack_id)
    return matches[-1]


def import_pack(desk: Desk, path: Path | str) -> PackInfo:
    """Check and store a pack file. Importing the same text twice does nothing; a
    different text under an existing id and version is refused."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReedeskError.coded("rulepacks_does_exist_imported", path=path) from None
    except UnicodeDecodeError:
        raise ReedeskError.coded("rulepacks_utf_text_imported", path=path) from None
    except OSError as exc:
        raise ReedeskError.coded("rulepacks_read_imported", path=path, strerror=exc.strerror) from None
    pack = parse_pack_coded(text, path.name)  # its problems said in the reader's language (rules.pack_errors)
    problem = version_date_problem(pack)
    if problem is not None:
        raise ReedeskError.coded("rulepacks_version_date_after_review", name=path.name, version_date=pack.version_date,
                                 reviewed_until=pack.reviewed_until)
    with desk.db.unit_of_work() as session:
        for info in packs_in_session(session):
            if info.pack.id == pack.id and info.pack.version == pack.version:
                if info.pack.sha256 == pack.sha256:
                    return info if info.origin == "shipped" else PackInfo(info.pack, info.origin, info.imported_at, info.imported_by, (UNSIGNED_NOTICE,))
                raise ReedeskError.coded("rulepacks_pack_version_already_exists", name=path.name, id=pack.id, version=pack.version, origin=info.origin)
        now = utc_timestamp()
        actor = current_actor()
        session.add(RulePackRow(pack_id=pack.id, version=pack.version, sha256=pack.sha256, source_text=text,
                                imported_at=now, imported_by=actor))
        desk_changed(session, "lists")  # published once this unit of work commits (C3)
        append_event(
            session, action="import", entity_type="rule_pack", entity_id=f"{pack.id}@{pack.version}",
            after={"id": pack.id, "version": pack.version, "sha256": pack.sha256, "file": path.name,
                   "version_date": pack.version_date.isoformat(), "reviewed_until": pack.reviewed_until.isoformat()},
            actor=actor, occurred_at=now,
        )
        return PackInfo(pack, "imported", now, actor, (UNSIGNED_NOTICE,))
