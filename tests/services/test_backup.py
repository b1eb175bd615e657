"""Backup and restore (integrity issue 10, point 11; reedesk/services/backup.py, reedesk/cli/backup.py).

Real desks in temporary folders, real zip files, real processes writing while a backup is made.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reedesk.cli.main import main
from reedesk.paths import outside_checkpoint_path
from reedesk.services import audit, backup, dossiers, keys
from reedesk.services.desk import open_desk

PASSPHRASE = "tea kilns at dusk"
REEDESK = str(Path(sys.executable).with_name("reedesk"))
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "smco-magnet-vietnam.json"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _events(home: Path) -> int:
    connection = sqlite3.connect(home / "reedesk.sqlite3")
    try:
        return connection.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    finally:
        connection.close()


def _import_copy(desk, tmp_path: Path, reference: str) -> None:
    from reedesk.services.imports import import_files

    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["reference"] = reference
    path = tmp_path / f"{reference}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    import_files(desk, [path])


def _chain_intact(home: Path) -> bool:
    with open_desk(home, seed_samples=False) as desk:
        report = audit.verify_audit(desk)
    return report.first_broken_seq is None and not report.truncated


def test_a_backup_restores_into_a_new_folder_with_its_keys(desk, tmp_path):
    """The backup holds the database, the encrypted key files and the other desk files; restored
    elsewhere, the same dossiers are there, the key still opens and the trail is intact."""
    identity = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    out = tmp_path / "desk.reedesk-backup"
    info = backup.create_backup(desk, out)
    assert (info.dossiers, info.identities) == (4, 1) and info.audit_events == audit.count_audit_events(desk)
    names = set(zipfile.ZipFile(out).namelist())
    assert {"manifest.json", "reedesk.sqlite3", f"files/keys/{identity.key_id}.pem"} <= names
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it holds the private keys

    home = tmp_path / "restored"
    result = backup.restore_backup(out, home)
    assert result.moved_aside is None
    with open_desk(home, seed_samples=False) as restored:
        assert sorted(d.reference for d in dossiers.list_dossiers(restored)) == sorted(d.reference for d in dossiers.list_dossiers(desk))
        assert keys.unlock(restored, identity.key_id, PASSPHRASE)
    assert stat.S_IMODE((home / "keys" / f"{identity.key_id}.pem").stat().st_mode) == 0o600
    assert _chain_intact(home)


def test_backup_refuses_to_overwrite_unless_forced(desk, tmp_path):
    out = tmp_path / "b"
    out.write_bytes(b"precious")
    with pytest.raises(backup.BackupRefused, match="already exists"):
        backup.create_backup(desk, out)
    assert out.read_bytes() == b"precious"
    backup.create_backup(desk, out, force=True)
    assert zipfile.is_zipfile(out)


WRITER = """
import json, sys
from pathlib import Path
from reedesk.services.desk import open_desk
from reedesk.services.imports import import_files
home, sample, folder, count = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
document = json.loads(sample.read_text(encoding="utf-8"))
with open_desk(home, seed_samples=False) as desk:
    for i in range(count):
        document["reference"] = f"W-{i}"
        path = folder / f"w-{i}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        import_files(desk, [path])
print("done")
"""


def test_a_backup_taken_while_another_process_writes_is_consistent(empty_desk, tmp_path):
    """Point 11: another process imports dossiers one unit of work at a time while three backups
    are taken; each restores to a sound database whose trail is unbroken, whose checkpoint file
    claims no event the database lacks, and whose dossiers each have their create event."""
    folder = tmp_path / "writer"
    folder.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(empty_desk.home), str(SAMPLE), str(folder), "40"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = []
    try:
        for number in range(3):
            out = tmp_path / f"during-{number}.zip"
            backup.create_backup(empty_desk, out)
            outs.append(out)
    finally:
        stdout, stderr = writer.communicate(timeout=300)
    assert writer.returncode == 0, stderr
    from reedesk.audit.note import read_checkpoint_file

    for number, out in enumerate(outs):
        home = tmp_path / f"restored-{number}"
        backup.restore_backup(out, home)
        connection = sqlite3.connect(home / "reedesk.sqlite3")
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            events = connection.execute("SELECT count(*) FROM audit_event").fetchone()[0]
            refs = {r for (r,) in connection.execute("SELECT reference FROM dossier")}
            created = {r for (r,) in connection.execute("SELECT entity_id FROM audit_event WHERE entity_type = 'dossier'")}
        finally:
            connection.close()
        assert refs <= created
        if (home / "audit-checkpoints.txt").exists():
            assert all(c.size <= events for c in read_checkpoint_file(home / "audit-checkpoints.txt"))
        assert _chain_intact(home)


def _older_backup_and_newer_desk(desk, tmp_path: Path) -> tuple[Path, int]:
    out = tmp_path / "old.zip"
    info = backup.create_backup(desk, out)
    for number in range(3):
        _import_copy(desk, tmp_path, f"NEW-{number}")
    return out, info.audit_events


def test_restore_refuses_a_copy_older_than_a_checkpoint_given_with_against(desk, tmp_path, capsys):
    """Point 11: the checkpoint handed out (`audit checkpoint --out`) is newer than the backup:
    the restore is refused, says how many events would be lost, and changes nothing."""
    out, old_events = _older_backup_and_newer_desk(desk, tmp_path)
    checkpoint = tmp_path / "mailed.checkpoint"
    code, _, err = run(capsys, "audit", "checkpoint", "--out", str(checkpoint))
    assert code == 0, err
    fresh = tmp_path / "fresh-home"  # restoring onto another machine: only the mailed checkpoint is known
    with pytest.raises(backup.RestoreRefused, match=r"does not extend the checkpoint in .*mailed.checkpoint") as refused:
        backup.restore_backup(out, fresh, against=[checkpoint])
    assert "would lose" in str(refused.value) and "--force" in str(refused.value)
    assert not fresh.exists() or not any(fresh.iterdir())


def test_restore_refuses_a_copy_older_than_the_config_folder_checkpoint_and_the_desk(desk, tmp_path, capsys):
    """Point 11: restoring over the live desk an older backup is refused with what would be lost
    (events and dossiers), from the desk itself and from the checkpoint copy kept in the config
    folder; --force restores it and keeps the replaced desk aside."""
    out, old_events = _older_backup_and_newer_desk(desk, tmp_path)
    home = desk.home
    assert outside_checkpoint_path(home).is_file()  # written by the audit trail's head hook after each commit
    now_events = audit.count_audit_events(desk)
    desk.close()
    code, _, err = run(capsys, "restore", str(out))
    assert code == 2
    assert f"the backup has {old_events}" in err and f"would lose {now_events - old_events} audit events" in err
    assert "dossiers" in err and "--force" in err
    assert _events(home) == now_events  # nothing changed
    code, out_text, err = run(capsys, "restore", str(out), "--force")
    assert code == 0, err
    assert "does not extend the checkpoint" in err
    assert _events(home) == old_events + 1  # the backup's events and the restore event saying what was lost
    with open_desk(home, seed_samples=False) as restored:
        [event] = audit.audit_log(restored, action="restore")
        assert event.entity_type == "desk" and event.after["forced"] is True
        assert f"{now_events - old_events} audit events known from outside the backup are not in it" in event.reason
        assert audit.verify_audit(restored).first_broken_seq is None
    aside = Path(out_text.split("The desk it replaced was kept in ")[1].split()[0].rstrip("."))
    assert _events(aside) == now_events  # the replaced desk is kept, not deleted


def test_a_backup_that_extends_every_known_checkpoint_is_restored(desk, tmp_path, capsys):
    code, _, err = run(capsys, "audit", "checkpoint", "--out", str(tmp_path / "cp"))
    assert code == 0, err
    _import_copy(desk, tmp_path, "LATER-1")
    out = tmp_path / "new.zip"
    backup.create_backup(desk, out)
    result = backup.restore_backup(out, tmp_path / "elsewhere", against=[tmp_path / "cp"])
    assert [f.extends for f in result.findings] == [True]


def test_an_altered_or_foreign_backup_is_refused_with_one_sentence(desk, tmp_path):
    out = tmp_path / "b.zip"
    backup.create_backup(desk, out)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "reedesk.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.writestr(item, data)
    with pytest.raises(backup.BackupRefused, match="does not match the SHA-256 its manifest records"):
        backup.restore_backup(tampered, tmp_path / "h1")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(evil, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        manifest["members"].append({"name": "files/../../escaped", "sha256": "0" * 64, "bytes": 1})
        target.writestr("manifest.json", json.dumps(manifest))
        for item in source.infolist():
            if item.filename != "manifest.json":
                target.writestr(item, source.read(item))
        target.writestr("files/../../escaped", b"x")
    with pytest.raises(backup.BackupRefused, match="outside the data folder"):
        backup.restore_backup(evil, tmp_path / "h2")
    assert not (tmp_path / "escaped").exists()
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(backup.BackupRefused, match="is not a reedesk backup"):
        backup.restore_backup(junk, tmp_path / "h3")


def test_backup_and_restore_commands_in_real_processes(tmp_path):
    """The commands as users run them: exit 0, one sentence each, the restored desk lists the dossier."""
    env = {**os.environ, "REEDESK_HOME": str(tmp_path / "a"), "REEDESK_CONFIG_HOME": str(tmp_path / "cfg")}
    subprocess.run([REEDESK, "import", str(SAMPLE)], env=env, check=True, capture_output=True, timeout=120)
    made = subprocess.run([REEDESK, "backup", str(tmp_path / "a.backup")], env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0 and "Backed up the desk to" in made.stdout, made.stderr
    env["REEDESK_HOME"] = str(tmp_path / "b")
    restored = subprocess.run([REEDESK, "restore", str(tmp_path / "a.backup")], env=env, capture_output=True, text=True, timeout=120)
    assert restored.returncode == 0, restored.stderr
    listed = subprocess.run([REEDESK, "list"], env=env, capture_output=True, text=True, timeout=120)
    assert "LM-2026-0042" in listed.stdout


def test_an_older_backup_is_refused_even_when_the_whole_data_folder_is_gone(desk, tmp_path, capsys):
    """Point 11: an insider replaces the data folder wholesale (or it is lost) and restores an old
    copy: the checkpoint kept in the config folder, apart from the desk, still refuses it."""
    import shutil

    out, old_events = _older_backup_and_newer_desk(desk, tmp_path)
    now_events = audit.count_audit_events(desk)
    home = desk.home
    desk.close()
    shutil.rmtree(home)
    code, _, err = run(capsys, "restore", str(out))
    assert code == 2
    assert f"checkpoint in {outside_checkpoint_path(home)} ({now_events} audit events; the backup has {old_events})" in err
    assert f"would lose {now_events - old_events} audit events" in err
    assert not (home / "reedesk.sqlite3").exists()


def test_an_evidence_pack_handed_out_counts_as_a_checkpoint(desk, tmp_path):
    """Point 11: a pack given to a client embeds a signed tree head; a backup made before the
    export does not extend it, so `restore --against PACK.pdf` refuses it."""
    from datetime import date

    from reedesk.services.evidence import export_pack

    keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    old = tmp_path / "before-export.zip"
    backup.create_backup(desk, old)
    pack = tmp_path / "pack.pdf"
    export_pack(desk, "LM-2026-0042", date(2026, 11, 25), "Prepared by", pack, passphrase=PASSPHRASE)
    with pytest.raises(backup.RestoreRefused, match="does not extend the checkpoint in .*pack.pdf"):
        backup.restore_backup(old, tmp_path / "elsewhere", against=[pack])
    newer = tmp_path / "after-export.zip"
    backup.create_backup(desk, newer)
    result = backup.restore_backup(newer, tmp_path / "elsewhere2", against=[pack])
    assert [f.extends for f in result.findings] == [True]
