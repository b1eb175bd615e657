"""Help → About and Help → Documentation, and the Save / Discard / Cancel question.

Why: a user asked "which version is this, which rule packs does it use, where are
my data, under which licences may I use it" should find the answer in the window,
not in a terminal; the user guide opens from the Help menu. Unsaved edits are
never dropped without a choice of saving them (issue 14).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from reedesk.gui.i18n import current_language, tr

# The components reedesk ships with and their licences (as their own packages declare them).
THIRD_PARTY = (
    ("PySide6 (Qt for Python)", "LGPL-3.0"),
    ("SQLModel / SQLAlchemy", "MIT"),
    ("reportlab", "BSD-3-Clause"),
    ("pyHanko", "MIT"),
    ("cryptography", "Apache-2.0 / BSD-3-Clause"),
    ("rapidfuzz", "MIT"),
    ("OpenCC", "Apache-2.0"),
    ("Babel (CLDR data)", "BSD-3-Clause / Unicode-3.0"),
    ("pycountry", "LGPL-2.1"),
)


def ask_save_discard_cancel(parent: QWidget, question: str) -> str:
    """"save", "discard" or "cancel" — what the user chose for their unsaved edits."""
    box = QMessageBox(QMessageBox.Icon.Question, "reedesk", question, parent=parent)
    box.setObjectName("unsavedBox")
    B = QMessageBox.StandardButton
    box.setStandardButtons(B.Save | B.Discard | B.Cancel)
    box.setDefaultButton(B.Save)
    box.button(B.Save).setText(tr("&Save"))
    box.button(B.Discard).setText(tr("&Discard"))
    box.button(B.Cancel).setText(tr("Cancel"))
    answer = box.exec()
    return {B.Save: "save", B.Discard: "discard"}.get(B(answer), "cancel")


def documentation_path() -> Path | None:
    """The user guide: ``docs/gui.md`` beside the package (source tree), else the README."""
    root = Path(__file__).resolve().parents[2]
    for candidate in (root / "docs" / "gui.md", root / "README.md"):
        if candidate.is_file():
            return candidate
    return None


def open_documentation() -> Path | None:
    """Open the user guide with the system's viewer; returns the file opened (None if not installed)."""
    path = documentation_path()
    if path is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def about_facts(desk: Any) -> dict[str, Any]:
    """What the About box shows, read from the desk (version, packs, data folder)."""
    from reedesk import __version__
    from reedesk.services.rulepacks import list_packs

    packs = []
    for info in list_packs(desk):
        p = info.pack
        title = p.title_en if current_language() == "en" else (p.title_zh or p.title_en)
        if current_language() == "zh-Hant" and p.title_zh:  # the packs carry the Simplified title as published
            from reedesk.screening.normalise import to_traditional

            title = to_traditional(p.title_zh)
        packs.append((p.id, p.version, title, p.reviewed_until.isoformat(), info.origin))
    return {"version": __version__, "packs": packs, "data_folder": str(getattr(desk, "home", "")), "licence": "MIT"}


class AboutDialog(QDialog):
    """Version, rule packs in use (with the date each was reviewed up to), data folder, licences."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("About reedesk"))
        self.resize(720, 520)
        self.facts = about_facts(desk)
        self.text = QTextBrowser()
        self.text.setObjectName("aboutText")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(self._html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def _html(self) -> str:
        import html

        f = self.facts
        e = html.escape
        rows = "".join(f"<tr><td>{e(pid)}</td><td>{e(version)}</td><td>{e(title)}</td><td>{e(reviewed)}</td>"
                       f"<td>{e(tr('shipped') if origin == 'shipped' else tr('imported'))}</td></tr>"
                       for pid, version, title, reviewed, origin in f["packs"])
        third = "".join(f"<li>{e(name)} — {e(licence)}</li>" for name, licence in THIRD_PARTY)
        return (
            f"<h2>reedesk {e(f['version'])}</h2>"
            f"<p>{e(tr('Offline desk for China’s rare-earth export controls: dossiers, versioned rules, signed determinations, PDF evidence packs.'))}</p>"
            f"<p><b>{e(tr('Data folder'))}{e(tr(': ').rstrip())}</b> {e(f['data_folder'])}</p>"
            f"<h3>{e(tr('Rule packs in use'))}</h3>"
            f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>{e(tr('Pack'))}</th><th>{e(tr('Version'))}</th>"
            f"<th>{e(tr('Title'))}</th><th>{e(tr('Reviewed up to'))}</th><th>{e(tr('Source'))}</th></tr>{rows}</table>"
            f"<h3>{e(tr('Software licences'))}</h3><p>{e(tr('reedesk is free software under the MIT licence.'))} "
            f"{e(tr('It includes:'))}</p><ul>{third}</ul>"
        )
