"""The desktop start path (issue 13 point 5): opening the desk and showing the main window
imports neither Alembic (the schema is current) nor the PDF stack nor the rules engine, and
reads the dossier list's first page once. Measured in a fresh process, as a user starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r'''
import json, os, sys
from PySide6.QtCore import QSettings
from reedesk.gui.app import application, create_main_window
from reedesk.services.desk import open_desk
app = application()
desk = open_desk()
window = create_main_window(desk, QSettings(os.path.join(os.environ["REEDESK_HOME"], "gui.ini"), QSettings.Format.IniFormat))
window.show(); app.processEvents()
heavy = ("alembic", "reportlab", "pyhanko", "pypdf", "openpyxl", "qrcode", "reedesk.rules.engine", "reedesk.evidence.builder")
loaded = sorted(m for m in heavy if any(k == m or k.startswith(m + ".") for k in sys.modules))
print("RESULT " + json.dumps({"loaded": loaded, "first_pages": window.browser.model.browse_calls,
                              "rows": window.browser.model.rowCount()}))
window.close(); desk.close()
'''


def test_start_imports_no_migration_tool_pdf_stack_or_engine(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, REEDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    # The first start creates the desk (migrations, samples); the second is the ordinary one measured here.
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("RESULT "))[7:])
    assert result["loaded"] == []
    assert result["first_pages"] == 1 and result["rows"] == 4


DEFERRED_CHILD = r'''
import json, os, sys, time
from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from reedesk.gui import app as gapp

application = gapp.application()
at_paint = {}
original = gapp.finish_start

def finish_start(window):  # what was imported when the window had painted, before the desk opens
    at_paint["modules"] = sorted(m for m in ("sqlalchemy", "sqlmodel", "alembic", "reedesk.store.database",
                                             "reedesk.audit.trail", "reedesk.services.dossiers") if m in sys.modules)
    at_paint["rows"] = window.browser.model.rowCount()
    at_paint["visible"] = window.isVisible()
    return original(window)

gapp.finish_start = finish_start
window = gapp.open_window(settings=QSettings(os.path.join(os.environ["REEDESK_HOME"], "gui.ini"), QSettings.Format.IniFormat))
deadline = time.monotonic() + 60
while "ready" not in gapp.STARTED and time.monotonic() < deadline:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
desk = window.desk
window.open_dossier(window.browser.model.summary(0).reference)  # the full stack serves the window afterwards
print("RESULT " + json.dumps({
    "deferred": type(desk).__name__ == "DeferredDesk", "at_paint": at_paint, "ready": "ready" in gapp.STARTED,
    "open": getattr(desk, "is_open", True), "early": getattr(desk, "opened_early", False),
    "first_pages": window.browser.model.browse_calls, "rows": window.browser.model.rowCount(),
    "opened": window.editor.reference(), "sqlalchemy": "sqlalchemy" in sys.modules}))
window.close(); desk.close()
'''


def test_the_window_paints_before_the_database_stack_is_imported(tmp_path: Path) -> None:
    """Issue 13 point 5: on an ordinary start (desk current, samples seeded) the first page, the clients and
    the language come from stdlib sqlite3; SQLAlchemy, SQLModel, Alembic and the audit trail are imported
    only after the window has painted, and then the desk opens and serves the window as before."""
    env = dict(os.environ, REEDESK_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    results = []
    for _ in range(2):  # the first start creates the desk and seeds the samples (the usual way); the second is deferred
        proc = subprocess.run([sys.executable, "-c", DEFERRED_CHILD], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        results.append(json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("RESULT "))[7:]))
    first, second = results
    assert not first["deferred"] and first["ready"]
    assert second["deferred"] and second["ready"] and second["open"] and not second["early"]
    assert second["at_paint"] == {"modules": [], "rows": 4, "visible": True}
    assert second["first_pages"] == 1 and second["rows"] == 4
    assert second["opened"] and second["sqlalchemy"]
