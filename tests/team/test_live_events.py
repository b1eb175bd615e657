"""Live view on a team desk (issue 12, point 8): another person's commit reaches the open window.

Against the session's real PostgreSQL server: the server announces each commit
(LISTEN/NOTIFY, reedesk.store.team.ChangeListener); reedesk.services.events.RemoteChanges
reads the new audit events and publishes what they changed as a remote DeskChange; the
window's one subscription refreshes the browser. The other person is another process
(`reedesk import`), so only the server can have told the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from reedesk.services import dossiers, events
from reedesk.services.desk import open_desk
from reedesk.services.events import DeskChange, RemoteChanges
from reedesk.services.samples import sample_dossiers
from tests.gui.conftest import make_window, qsettings  # noqa: F401  (the GUI fixtures, on a team desk here)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REEDESK = str(Path(sys.executable).with_name("reedesk"))
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "smco-magnet-vietnam.json"


def _import_in_another_process(home: Path, url: str, folder: Path, reference: str, product: str) -> None:
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["reference"] = reference
    document["product"]["name"] = product
    path = folder / f"{reference}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    env = {**os.environ, "REEDESK_HOME": str(home), "REEDESK_DATABASE_URL": url}
    run = subprocess.run([REEDESK, "import", str(path)], env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr


def test_remote_changes_publishes_another_connections_commit_as_a_remote_dossier_change(team_desk, team_url):
    heard: list[DeskChange] = []
    unsubscribe = events.subscribe(lambda change: heard.append(change) if change.origin == "remote" else None)
    watcher = RemoteChanges(team_desk, poll_seconds=0.2).start()
    try:
        assert watcher.active, watcher.error
        other = open_desk(team_desk.home, seed_samples=False)  # another connection (engine) to the same server
        try:
            worker = threading.Thread(target=dossiers.import_dossiers, args=(other, sample_dossiers()[:2]),
                                      kwargs={"source": "samples"})
            worker.start()
            worker.join(60)
        finally:
            other.close()
        deadline = threading.Event()
        for _ in range(100):
            if any("dossier" in c.kinds for c in heard):
                break
            deadline.wait(0.1)
    finally:
        watcher.stop()
        unsubscribe()
    dossier_changes = [c for c in heard if "dossier" in c.kinds]
    assert dossier_changes, heard
    assert {d.reference for d in sample_dossiers()[:2]} <= {r for c in dossier_changes for r in c.references}
    assert not watcher.active  # stopped: its connection is closed


def test_the_open_browser_shows_a_dossier_another_process_saved(team_desk, team_url, make_window, qtbot, tmp_path):  # noqa: F811
    dossiers.import_dossiers(team_desk, sample_dossiers()[:1], source="samples")
    window = make_window(team_desk)
    assert window.desk_changes.remote is not None and window.desk_changes.remote.active
    references = lambda: {window.browser.model.summary(r).reference for r in range(window.browser.model.rowCount())}  # noqa: E731
    assert "LIVE-0001" not in references()
    _import_in_another_process(team_desk.home, team_url, tmp_path, "LIVE-0001", "Saved by a colleague")
    qtbot.waitUntil(lambda: "LIVE-0001" in references(), timeout=20000)
    window.desk_changes.close()
    assert window.desk_changes.remote is None
