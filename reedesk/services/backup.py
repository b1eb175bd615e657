"""Back up a desk to one file and restore one (integrity issue 10, point 11).

A backup is a zip file (``reedesk.backup/1``) holding

* ``manifest.json`` — format, when and by which reedesk it was made, counts (audit events,
  dossiers, identities) and the SHA-256 and size of every other member;
* ``reedesk.sqlite3`` — a consistent snapshot of the database made with SQLite's online
  backup API from one read transaction, so the app and other processes may go on writing;
* ``files/…`` — every other file of the data folder: the private keys (still encrypted),
  the desk's head-signing key, the checkpoint file, the trust store, imported rule packs.

Files are copied *after* the database snapshot: keys are only ever added, so every
identity in the snapshot has its key file in the backup; checkpoint notes newer than the
snapshot are left out, so the backup's checkpoint file never claims events it lacks.

Restoring refuses a backup that does not extend a checkpoint known from *outside* it —
the copy of the desk's latest checkpoint kept in the user's config folder
(``reedesk.paths.outside_checkpoint_path``) and every ``--against`` file — unless forced,
and says what would be lost. The desk being replaced is never deleted: it is moved
aside to ``<data folder>.before-restore-<time>``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from reedesk import __version__
from reedesk.clock import utc_timestamp
from reedesk.errors import ReedeskError
from reedesk.paths import database_path, outside_checkpoint_path, private_folder
from reedesk.services.desk import Desk

BACKUP_FORMAT = "reedesk.backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBER = "reedesk.sqlite3"
FILES_PREFIX = "files/"
CHECKPOINT_FILE = "audit-checkpoints.txt"  # reedesk.audit.note.CHECKPOINT_FILE
# A backup member bigger than this is not from reedesk (bounded reading of a hostile file).
MAX_MEMBER_BYTES = 64 * 2**30
MAX_MEMBERS = 100_000

Progress = Callable[[str], None]


class BackupRefused(ReedeskError):
    """A backup could not be made, or a file is not a usable reedesk backup."""


class RestoreRefused(ReedeskError):
    """Restoring this backup would lose recorded history (older than a known checkpoint)."""

    def __init__(self, message: str, findings: Sequence["CheckpointFinding"] = ()):
        super().__init__(message)
        self.findings = list(findings)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    audit_events: int
    dossiers: int
    identities: int
    files: int
    bytes: int


@dataclass(frozen=True)
class CheckpointFinding:
    """One checkpoint known from outside the backup, and whether the backup extends it."""

    source: str
    size: int
    extends: bool
    missing_events: int  # how many of the checkpoint's events the backup lacks (0 if it extends it)


@dataclass
class RestoreResult:
    info: BackupInfo
    home: Path
    moved_aside: Path | None
    findings: list[CheckpointFinding] = field(default_factory=list)
    forced: bool = False


# --------------------------------------------------------------------------- helpers


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    def count(table: str) -> int:
        try:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        except sqlite3.DatabaseError:
            return 0

    return {"audit_events": count("audit_event"), "dossiers": count("dossier"), "identities": count("identity")}


def _snapshot_database(source: Path, target: Path) -> dict[str, int]:
    """Copy ``source`` to ``target`` with SQLite's online backup API, in one step (one read
    transaction, so the copy is the database as of one commit, whatever others write)."""
    src = sqlite3.connect(source, timeout=30)  # reads only; a plain connection also reads a WAL desk nobody has open
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            counts = _counts(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return counts


def _desk_files(home: Path) -> Iterable[Path]:
    """Every file of the data folder that is not the live database (or its WAL, or a staging copy)."""
    skip_prefix = database_path(home).name
    for path in sorted(home.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(home)
        if len(relative.parts) == 1 and relative.name.startswith(skip_prefix):
            continue
        yield path


def _trimmed_checkpoints(text: str, size_limit: int) -> str:
    """The checkpoint file's notes for at most ``size_limit`` events (the snapshot's), in order."""
    from reedesk.audit.note import parse_checkpoint, split_notes

    kept = []
    for note in split_notes(text):
        try:
            checkpoint = parse_checkpoint(note)
        except ReedeskError:
            continue  # a partly appended note at the end: not part of the backup
        if checkpoint.size <= size_limit:
            kept.append(note + "\n")  # each note is followed by its blank separator line
    return "".join(kept)


# --------------------------------------------------------------------------- backup


def create_backup(desk: Desk, out: Path | str, *, force: bool = False, progress: Progress | None = None) -> BackupInfo:
    """Write a backup of ``desk`` to ``out`` (refusing to replace an existing file unless ``force``).

    The file is written under a temporary name beside ``out`` and renamed when complete,
    so a killed backup never leaves a file that looks finished.
    """
    out = Path(out)
    if desk.db.path is None:  # a team desk (issue 12): the database is on the server
        raise BackupRefused.coded("backup_desk_s_database_team", where=desk.db.where)
    if out.exists() and not force:
        raise BackupRefused.coded("backup_already_exists_choose_another", out=out)
    if out.exists() and out.is_dir():
        raise BackupRefused.coded("backup_folder_give_file_name", out=out, value=out / 'desk.reedesk-backup')
    if not out.parent.is_dir():
        raise BackupRefused.coded("backup_folder_does_exist_written", parent=out.parent)
    say = progress or (lambda _text: None)
    created_at = utc_timestamp()
    with tempfile.TemporaryDirectory(prefix="reedesk-backup-") as scratch:
        snapshot = Path(scratch) / DATABASE_MEMBER
        say("database")
        counts = _snapshot_database(desk.db.path, snapshot)
        members: list[tuple[str, Path | bytes]] = [(DATABASE_MEMBER, snapshot)]
        say("files")
        for path in _desk_files(desk.home):
            relative = path.relative_to(desk.home).as_posix()
            if relative == CHECKPOINT_FILE:
                text = path.read_text(encoding="utf-8", errors="replace")
                members.append((FILES_PREFIX + relative, _trimmed_checkpoints(text, counts["audit_events"]).encode("utf-8")))
            else:
                members.append((FILES_PREFIX + relative, path.read_bytes()))
        entries = []
        for name, content in members:
            if isinstance(content, Path):
                entries.append({"name": name, "sha256": _sha256_file(content), "bytes": content.stat().st_size})
            else:
                entries.append({"name": name, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)})
        manifest = {
            "format": BACKUP_FORMAT, "created_at": created_at, "reedesk_version": __version__,
            "desk": str(desk.home), **counts, "members": entries,
        }
        partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
                for name, content in members:
                    if isinstance(content, Path):
                        archive.write(content, name)
                    else:
                        archive.writestr(name, content)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupRefused.coded("backup_backup_could_written_written", out=out, value=exc.strerror or exc) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupInfo(out, created_at, counts["audit_events"], counts["dossiers"], counts["identities"],
                      len(members) - 1, out.stat().st_size)


# --------------------------------------------------------------------------- reading a backup


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupRefused.coded("backup_zip_file_but_reedesk", source=source, manifest=MANIFEST) from None
    except ValueError:
        raise BackupRefused.coded("backup_reedesk_backup_json", source=source, manifest=MANIFEST) from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise BackupRefused.coded("backup_backup_format", source=source, backup_format=BACKUP_FORMAT, value=manifest.get('format') if isinstance(manifest, dict) else '?')
    return manifest


def _safe_member(name: str, source: Path) -> str:
    """A member path inside ``files/`` that cannot leave the data folder."""
    relative = name[len(FILES_PREFIX):]
    parts = relative.split("/")
    if not relative or name.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
        raise BackupRefused.coded("backup_member_named_would_written", source=source, name=name)
    return relative


def _extract(source: Path, target: Path) -> tuple[dict, Path]:
    """Check every member against the manifest and extract into ``target``; returns (manifest, db path)."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupRefused.coded("backup_backup_does_exist", source=source) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupRefused.coded("backup_reedesk_backup", source=source, value=getattr(exc, 'strerror', None) or exc) from None
    with archive:
        manifest = _read_manifest(archive, source)
        listed = {m.get("name"): m for m in manifest.get("members", []) if isinstance(m, dict)}
        infos = [i for i in archive.infolist() if i.filename != MANIFEST]
        if len(infos) > MAX_MEMBERS or set(listed) != {i.filename for i in infos}:
            raise BackupRefused.coded("backup_does_match_own_manifest", source=source)
        if DATABASE_MEMBER not in listed:
            raise BackupRefused.coded("backup_holds_database_restored", source=source)
        for info in infos:
            expected = listed[info.filename]
            if info.is_dir():
                continue
            if info.filename == DATABASE_MEMBER:
                destination = target / DATABASE_MEMBER
            elif info.filename.startswith(FILES_PREFIX):
                destination = target / "files" / _safe_member(info.filename, source)
            else:
                raise BackupRefused.coded("backup_unexpected_member_restored", source=source, filename=info.filename)
            if info.file_size > MAX_MEMBER_BYTES or info.file_size != expected.get("bytes"):
                raise BackupRefused.coded("backup_member_does_size_manifest", source=source, filename=info.filename)
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            written = 0
            with archive.open(info) as reader, open(destination, "wb") as writer:
                for chunk in iter(lambda: reader.read(1 << 20), b""):
                    written += len(chunk)
                    if written > info.file_size:
                        raise BackupRefused.coded("backup_member_larger_than_recorded", source=source, filename=info.filename)
                    digest.update(chunk)
                    writer.write(chunk)
            if digest.hexdigest() != expected.get("sha256"):
                raise BackupRefused.coded("backup_member_does_match_sha", source=source, filename=info.filename)
    database = target / DATABASE_MEMBER
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            check = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused.coded("backup_database_read_restored", source=source, exc=exc) from None
    if check != "ok" or "audit_event" not in tables:
        raise BackupRefused.coded("backup_database_sound_reedesk_database", source=source, check=check)
    return manifest, database


# --------------------------------------------------------------------------- checkpoints known from outside


def _leaf_hashes(database: Path, size: int) -> list[bytes]:
    from reedesk.audit.checkpoints import event_leaf_hash

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT hash FROM audit_event ORDER BY seq LIMIT ?", (size,)).fetchall()
    finally:
        connection.close()
    return [event_leaf_hash(r[0]) for r in rows]


def _finding(database: Path, events: int, size: int, root: bytes, source: str) -> CheckpointFinding:
    """Does the trail in ``database`` (``events`` long) extend the checkpoint (``size``, ``root``)?"""
    from reedesk.audit.merkle import root_of_hashes

    if events < size:
        return CheckpointFinding(source, size, False, size - events)
    leaves = _leaf_hashes(database, size)
    if root_of_hashes(leaves) != root:
        # The backup has as many events but not the same ones: its history differs from the checkpoint's.
        return CheckpointFinding(source, size, False, size)
    return CheckpointFinding(source, size, True, 0)


def _checkpoints_from(path: Path) -> list[tuple[int, bytes, str]]:
    """(size, root, source) of every checkpoint in a checkpoint file, or of the tree head an evidence pack embeds."""
    from reedesk.services.audit import checkpoints_in_file

    if not path.is_file():
        raise RestoreRefused.coded("restore_checkpoint_missing", path=str(path))
    return [(int(c.size), bytes.fromhex(c.root_hex), c.source or str(path)) for c in checkpoints_in_file(path)]


def known_checkpoints(home: Path, against: Sequence[Path | str] = ()) -> list[tuple[int, bytes, str]]:
    """Checkpoints known from outside the backup: the config-folder copy for ``home`` and ``against``."""
    known: list[tuple[int, bytes, str]] = []
    outside = outside_checkpoint_path(home)
    if outside.is_file() and outside.stat().st_size:
        known.extend(_checkpoints_from(outside))
    for path in against:
        known.extend(_checkpoints_from(Path(path)))
    return known


# --------------------------------------------------------------------------- restore


def _describe(source: Path, findings: list[CheckpointFinding], events: int, current: dict[str, int] | None) -> str:
    worst = max((f for f in findings if not f.extends), key=lambda f: f.missing_events)
    parts = [
        f"The backup {source} does not extend the checkpoint in {worst.source} ({worst.size} audit events; "
        f"the backup has {events})"
    ]
    lost = []
    if current is not None and current["audit_events"] > events:
        lost.append(f"{current['audit_events'] - events} audit events")
    elif worst.missing_events:
        lost.append(f"{worst.missing_events} audit events")
    if current is not None and current["dossiers"] > 0:
        lost.append(f"the current desk's {current['dossiers']} dossiers replaced by the backup's")
    if lost:
        parts.append("restoring it would lose " + " and ".join(lost))
    return "; ".join(parts) + ". Nothing was restored; give --force to restore it anyway (the current desk is kept aside)."


def restore_backup(
    source: Path | str, home: Path, *, against: Sequence[Path | str] = (), force: bool = False,
) -> RestoreResult:
    """Restore the backup ``source`` into the data folder ``home``.

    Refused (:class:`RestoreRefused`) when the backup's audit trail does not extend a checkpoint
    known from outside it (see :func:`known_checkpoints`), or when it has fewer events than the
    desk it would replace, unless ``force``. The desk being replaced is moved aside, not deleted.
    No desk may be open on ``home`` in this process.
    """
    source, home = Path(source), Path(home).expanduser()
    from reedesk.desk_choice import database_url

    if database_url():  # a team desk (issue 12): restore with pg_restore on the server
        raise RestoreRefused.coded("restore_team_desk")
    with tempfile.TemporaryDirectory(prefix="reedesk-restore-", dir=str(home.parent) if home.parent.is_dir() else None) as scratch:
        staging = Path(scratch)
        manifest, database = _extract(source, staging)
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            counts = _counts(connection)
        events = counts["audit_events"]
        findings = [_finding(database, events, size, root, where) for size, root, where in known_checkpoints(home, against)]
        current = None
        live = database_path(home)
        if live.is_file() and live.stat().st_size:
            try:
                connection = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
                try:
                    current = _counts(connection)
                finally:
                    connection.close()
            except sqlite3.DatabaseError:
                current = None
            if current is not None and current["audit_events"] > events:
                findings.append(CheckpointFinding(f"the desk in {home}", current["audit_events"], False,
                                                  current["audit_events"] - events))
        refused = [f for f in findings if not f.extends]
        if refused and not force:
            raise RestoreRefused(_describe(source, findings, events, current), findings)
        moved_aside = None
        if home.exists() and any(home.iterdir()):
            moved_aside = home.with_name(f"{home.name}.before-restore-{time.strftime('%Y%m%dT%H%M%S')}")
            os.rename(home, moved_aside)
        private_folder(home)
        files = staging / "files"
        if files.is_dir():
            for path in sorted(files.rglob("*")):
                target = home / path.relative_to(files)
                if path.is_dir():
                    private_folder(target)
                    continue
                private_folder(target.parent)
                shutil.copyfile(path, target)
                os.chmod(target, 0o600)
        shutil.copyfile(database, live.with_name(live.name + ".restoring"))
        os.chmod(live.with_name(live.name + ".restoring"), 0o600)
        os.replace(live.with_name(live.name + ".restoring"), live)
    _record_restore(home, source, manifest, events, refused)
    info = BackupInfo(source, str(manifest.get("created_at")), events, counts["dossiers"], counts["identities"],
                      len(manifest.get("members", [])) - 1, source.stat().st_size)
    return RestoreResult(info, home, moved_aside, findings, forced=bool(refused))


def _record_restore(home: Path, source: Path, manifest: dict, events: int, refused: Sequence[CheckpointFinding]) -> None:
    """Record the restore in the restored desk's trail, saying what a forced one lost.

    Its unit of work ends with a signed head like every write batch, which also replaces
    the checkpoint copy in the config folder: after a forced restore the trail states the
    loss itself, and later checks compare against the restored desk's own history.
    """
    from reedesk.audit.trail import append_event
    from reedesk.services.desk import open_desk

    lost = max((f.missing_events for f in refused), default=0)
    reason = "restored from a backup"
    if refused:
        reason += f" with --force; {lost} audit events known from outside the backup are not in it"
    with open_desk(home, seed_samples=False) as desk:
        with desk.db.unit_of_work() as session:
            append_event(
                session, action="restore", entity_type="desk", entity_id=_sha256_file(source),
                after={
                    "backup": str(source), "backup_created_at": manifest.get("created_at"),
                    "backup_reedesk_version": manifest.get("reedesk_version"), "audit_events_in_backup": events,
                    "forced": bool(refused),
                    "not_extended": [{"source": f.source, "size": f.size, "missing_events": f.missing_events} for f in refused],
                },
                reason=reason,
            )


def restore_into_open_desk(
    desk: Desk, source: Path | str, *, against: Sequence[Path | str] = (), force: bool = False,
) -> RestoreResult:
    """Restore into the data folder of an open desk (the desktop app) and reopen it in place.

    The desk's database is closed first and reopened on the restored file afterwards
    (also when the restore is refused), so every view holding this :class:`Desk` goes on
    working, now on the restored data.
    """
    from reedesk.services import desk as desk_module
    from reedesk.store.database import open_database

    from reedesk.services.events import DeskChange, publish

    desk.db.dispose()
    try:
        result = restore_backup(source, desk.home, against=against, force=force)
    finally:
        desk.db = open_database(database_path(desk.home))
        attach = getattr(desk_module, "attach_head_signer", None)  # the audit trail's head hook, when present
        if attach is not None:
            attach(desk)
    publish(DeskChange(frozenset({"desk"})))  # every view shows the restored desk (C3), once it is reopened
    return result


def inspect_backup(source: Path | str) -> BackupInfo:
    """What a backup holds (checked member by member), without restoring it."""
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="reedesk-inspect-") as scratch:
        manifest, database = _extract(source, Path(scratch))
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            counts = _counts(connection)
    return BackupInfo(source, str(manifest.get("created_at")), counts["audit_events"], counts["dossiers"],
                      counts["identities"], len(manifest.get("members", [])) - 1, source.stat().st_size)
