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
