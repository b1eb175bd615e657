"""Import dossier files (``reedesk.dossier/1`` JSON) and bills of materials (CSV/XLSX).

Two use cases share one planner so that what the GUI previews is exactly what
gets stored:

* :func:`preview_import` reads and checks every file, works out what each
  dossier would look like afterwards, and stores nothing;
* :func:`import_files` does the same inside one unit of work and stores it all,
  or nothing at all when any file has any problem.

Order within one import: dossier files are applied first, then BOMs, so
``reedesk import new.json bom.csv --dossier NEW`` works whatever the order on the
command line. A BOM *replaces* the component list of its dossier's latest
revision (or of the dossier file imported alongside it) and is saved as a new
revision; the rest of the dossier is left as it was.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from sqlmodel import Session

from reedesk.domain.bom import BOM_SUFFIXES, Bom, read_bom_file
from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import parse_dossier_json, snapshot_sha256
from reedesk.errors import NotFound, Problem, ReedeskError, ValidationFailed
from reedesk.services.desk import Desk
from reedesk.services.dossiers import SaveResult, client_name, load_in_session, save_in_session

JSON_SUFFIX = ".json"
# A dossier file is a few kilobytes; refuse anything absurd before reading it.
MAX_JSON_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class PlannedDossier:
    """What one dossier would look like after the import, and whether that is a change."""

    reference: str
    sources: tuple[str, ...]
    dossier: Dossier
    current_revision: int | None  # None: a new dossier
    changed: bool

    @property
    def is_new(self) -> bool:
        return self.current_revision is None

    @property
    def next_revision(self) -> int:
        if self.current_revision is None:
            return 1
        return self.current_revision + 1 if self.changed else self.current_revision


@dataclass(frozen=True)
class ImportPreview:
    """Everything an import would do, or every reason it cannot (the GUI shows this)."""

    sources: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    dossiers: list[PlannedDossier] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def label(self) -> str:
        """How errors name this import: the file, or the number of files."""
        if len(self.sources) == 1:
            return self.sources[0]
        return f"the import of {len(self.sources)} files ({', '.join(self.sources[:5])}{', …' if len(self.sources) > 5 else ''})"

    def raise_if_problems(self) -> None:
        if self.problems:
            refused = ValidationFailed(self.label(), self.problems)
            refused.params["files"] = list(self.sources)  # the source said in the reader's language (vocabulary)
            raise refused


def _source_name(path: Path) -> str:
    return path.name or str(path)


def _read_json(path: Path, source: str, problems: list[Problem]) -> Dossier | None:
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            problems.append(Problem.coded(source, "json_too_large", size=size, limit=MAX_JSON_BYTES))
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem.coded(str(path), "file_unreadable", reason=str(exc.strerror or exc)))
        return None
    try:
        return parse_dossier_json(data, source)
    except ValidationFailed as failed:
        for p in failed.problems:
            where = source if p.where == "$" else f"{source} {p.where}"
            problems.append(Problem(where, p.message, p.code, {**p.params, "file": source} if p.code else p.params))
        return None


def _read_files(
    paths: Sequence[Path], dossier_ref: str | None, problems: list[Problem]
) -> tuple[list[tuple[str, Dossier]], list[Bom]]:
    dossiers: list[tuple[str, Dossier]] = []
    boms: list[Bom] = []
    for path in paths:
        source = _source_name(path)
        if not path.exists():
            problems.append(Problem.coded(str(path), "file_missing"))
            continue
        if not path.is_file():
            problems.append(Problem.coded(str(path), "not_a_file"))
            continue
        suffix = path.suffix.lower()
        if suffix == JSON_SUFFIX:
            dossier = _read_json(path, source, problems)
            if dossier is not None:
                dossiers.append((source, dossier))
        elif suffix in BOM_SUFFIXES or suffix in (".xls", ".xlsm", ".ods"):
            try:
                boms.append(read_bom_file(path, dossier_ref))
            except ValidationFailed as failed:
                problems.extend(failed.problems)
        else:
            problems.append(
                Problem.coded(source, "not_importable")
            )
    return dossiers, boms


def _stored_references(session: Session, references: set[str]) -> set[str]:
    """The references among ``references`` that name a stored dossier (archived ones too)."""
    from sqlalchemy import bindparam, select

    from reedesk.store.models import DossierRow

    query = select(DossierRow.reference).where(DossierRow.reference.in_(bindparam("refs", expanding=True)))  # type: ignore[attr-defined]
    found: set[str] = set()
    ordered = sorted(references)
    connection = session.connection()
    for first in range(0, len(ordered), 500):
        found.update(r for (r,) in connection.execute(query, {"refs": ordered[first:first + 500]}))
    return found


def _plan(session: Session, paths: Iterable[Path | str], dossier_ref: str | None) -> ImportPreview:
    """Read every file and work out the resulting dossiers; reads the store, writes nothing."""
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise ReedeskError.coded("imports_file_given_import")
    if dossier_ref is not None and not dossier_ref.strip():
        raise ReedeskError.coded("imports_dossier_needs_dossier_reference")
    sources = tuple(_source_name(p) for p in path_list)
    problems: list[Problem] = []
    dossier_files, boms = _read_files(path_list, dossier_ref, problems)

    # reference -> (dossier after this import, contributing sources)
    result: dict[str, tuple[Dossier, list[str]]] = {}
    stored: dict[str, tuple[int, str, bool, str]] = {}  # reference -> (revision, sha256, archived, client)

    # One query for which of the named dossiers exist: an import of thousands of new
    # dossiers then never loads (and fails to find) them one by one (issue 13).
    named = {d.reference for _, d in dossier_files} | {r for bom in boms for r in bom.references()}
    existing = _stored_references(session, named)

    def stored_state(reference: str) -> tuple[int, str, bool, str] | None:
        if reference not in existing:
            return None
        if reference not in stored:
            try:
                found = load_in_session(session, reference)
            except NotFound:
                return None
            except ValidationFailed as failed:  # a stored revision that no longer parses: a bug, but say so
                problems.append(Problem(reference, f"the stored dossier cannot be read ({failed})"))
                return None
            except ReedeskError as refused:  # e.g. a revision altered outside reedesk
                problems.append(Problem(reference, str(refused).rstrip(".")))
                return None
            stored[reference] = (found.revision, found.sha256, found.archived, found.client_name)
            result.setdefault(reference, (found.dossier, []))
        return stored[reference]

    json_origin: dict[str, str] = {}
    for source, dossier in dossier_files:
        if dossier.reference in json_origin:
            problems.append(
                Problem.coded(source, "dossier_twice", reference=dossier.reference, other=json_origin[dossier.reference])
            )
            continue
        json_origin[dossier.reference] = source
        state = stored_state(dossier.reference)
        if state is not None and state[2]:
            problems.append(Problem.coded(source, "dossier_archived_import", reference=dossier.reference))
        if state is not None and state[3] != client_name(dossier):
            problems.append(Problem.coded(source, "other_client", reference=dossier.reference, stored=state[3],
                                               imported=client_name(dossier)))
        result[dossier.reference] = (dossier, [source])

    problems_before_boms = bool(problems)  # a refused dossier file may be what the BOM targets
    bom_origin: dict[str, str] = {}
    for bom in boms:
        for reference in bom.references():
            if reference in bom_origin:
                problems.append(
                    Problem.coded(bom.source, "bom_twice", reference=reference, other=bom_origin[reference])
                )
                continue
            bom_origin[reference] = bom.source
            state = stored_state(reference)
            if reference not in result:
                problems.append(Problem.coded(bom.source, "bom_target_missing_refused" if problems_before_boms
                                              else "bom_target_missing", reference=reference))
                continue
            if state is not None and state[2] and reference not in json_origin:
                problems.append(Problem.coded(bom.source, "bom_dossier_archived", reference=reference))
                continue
            base, contributors = result[reference]
            updated = copy.deepcopy(base)
            updated.components = copy.deepcopy(bom.components_for(reference))
            result[reference] = (updated, contributors + [bom.source])

    planned: list[PlannedDossier] = []
    if not problems:
        for reference, (dossier, contributors) in result.items():
            if not contributors:
                continue  # loaded only to check it exists
            state = stored.get(reference)
            changed = state is None or snapshot_sha256(dossier) != state[1]
            planned.append(
                PlannedDossier(
                    reference=reference, sources=tuple(contributors), dossier=dossier,
                    current_revision=None if state is None else state[0], changed=changed,
                )
            )
    return ImportPreview(sources=sources, problems=problems, dossiers=planned)


def preview_import(desk: Desk, paths: Sequence[Path | str], dossier_ref: str | None = None) -> ImportPreview:
    """Check files and show what importing them would store; stores nothing.

    ``dossier_ref`` is the target of BOM files without a ``dossier`` column.
    Problems are returned in the preview, not raised (only a call that makes no
    sense, such as no file at all, raises :class:`ReedeskError`).
    """
    with desk.db.read() as session:  # stores nothing, so it never waits for another writer's lock
        preview = _plan(session, paths, dossier_ref)
        session.rollback()
    return preview


def import_files(desk: Desk, paths: Sequence[Path | str], dossier_ref: str | None = None, *,
                 progress: Callable[[int, int], None] | None = None) -> list[SaveResult]:
    """Import every file in one unit of work: all of it is stored, or nothing.

    Raises :class:`ValidationFailed` naming the file, row and field of every problem.
    ``progress(done, total)`` is told after each dossier; raising in it (a cancel) stores nothing.
    """
    with desk.db.unit_of_work() as session:
        preview = _plan(session, paths, dossier_ref)
        preview.raise_if_problems()
        from reedesk.services.bulk_import import import_new_dossiers  # all new: a few statements (issue 12)

        bulk = import_new_dossiers(
            session, [p.dossier for p in preview.dossiers],
            reason=[f"imported from {', '.join(p.sources)}" for p in preview.dossiers], progress=progress,
        )
        if bulk is not None:
            return bulk
        results = []
        for planned in preview.dossiers:
            results.append(save_in_session(session, planned.dossier, reason=f"imported from {', '.join(planned.sources)}", action="import"))
            if progress is not None:
                progress(len(results), len(preview.dossiers))
        return results
