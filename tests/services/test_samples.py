"""The bundled samples are seeded once on the desktop app's first start, never by the CLI
(reedesk/services/samples.py, reedesk/services/desk.py, reedesk/cli/common.py)."""

from __future__ import annotations

import sqlite3

from reedesk.cli.main import main
from reedesk.paths import database_path
from reedesk.services import dossiers
from reedesk.services.desk import open_desk
from reedesk.services.samples import SEEDED_SETTING, sample_files, samples_seeded, seed_samples_once

SAMPLE_REFERENCES = {"LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19", "CN-TB-880"}


def _references(home) -> set[str]:
    with sqlite3.connect(database_path(home)) as connection:
        return {row[0] for row in connection.execute("SELECT reference FROM dossier")}


def test_the_first_start_of_the_app_seeds_a_new_desk_once(_isolated_home):
    desk = open_desk(_isolated_home)  # what the GUI calls
    try:
        assert {d.reference for d in dossiers.list_dossiers(desk)} == SAMPLE_REFERENCES
        assert samples_seeded(desk)
        for reference in SAMPLE_REFERENCES:
            dossiers.delete_dossier(desk, reference)
    finally:
        desk.close()
    again = open_desk(_isolated_home)
    try:
        assert dossiers.list_dossiers(again) == []  # deleted samples do not come back
        assert seed_samples_once(again) is False
    finally:
        again.close()


def test_cli_commands_never_seed_even_audit_verify(capsys, _isolated_home):
    assert main(["audit", "verify"]) == 0
    assert main(["list"]) == 0
    assert "No dossiers yet" in capsys.readouterr().out
    assert _references(_isolated_home) == set()
    with sqlite3.connect(database_path(_isolated_home)) as connection:
        # the only event is the desk key's creation, which every new desk records first (issue 10)
        assert connection.execute("SELECT entity_type FROM audit_event").fetchall() == [("desk_key",)]


def test_a_desk_used_before_the_app_first_starts_is_not_seeded(capsys, _isolated_home, tmp_path):
    own = tmp_path / "own.json"
    smco = next(p for p in sample_files() if p.stem == "smco-magnet-vietnam")
    own.write_text(smco.read_text(encoding="utf-8").replace("LM-2026-0042", "OWN-1"), encoding="utf-8")
    assert main(["import", str(own)]) == 0
    desk = open_desk(_isolated_home)  # the app, later
    try:
        assert [d.reference for d in dossiers.list_dossiers(desk)] == ["OWN-1"]
        assert samples_seeded(desk)  # decided once: it will not seed later either
    finally:
        desk.close()
    with sqlite3.connect(database_path(_isolated_home)) as connection:
        assert connection.execute("SELECT value FROM setting WHERE key = ?", (SEEDED_SETTING,)).fetchone()[0].startswith("no")


def test_seeding_is_audited_and_verifiable(_isolated_home):
    from reedesk.services.audit import audit_log, verify_audit

    desk = open_desk(_isolated_home)
    try:
        imports = audit_log(desk, action="import")
        assert {e.entity_id for e in imports} == SAMPLE_REFERENCES
        assert all(e.reason == "imported from the bundled samples" for e in imports)
        assert [e.entity_id for e in audit_log(desk, action="update")] == [SEEDED_SETTING]
        assert verify_audit(desk).ok
    finally:
        desk.close()
