"""Write a PNG of each main view with sample data: ``python -m reedesk.gui.screenshots OUTDIR [--all-languages]``.

With ``--all-languages`` every view is also shot in 繁體中文 and 简体中文
(``gui-NAME-zh-hant.png``, ``gui-NAME-zh-hans.png``), to check translations and
text widths by eye.

Runs offscreen in a temporary desk (the bundled samples, a demo identity, a signed
determination and an exported pack), so it never touches the user's data. Used to
check the window by eye and to illustrate docs/gui.md.

The documentation's pictures (``docs/images``) are rewritten only when asked for with
``REEDESK_WRITE_DOC_IMAGES=1`` (as the tests that take pictures do), so a stray run does
not churn them: ``REEDESK_WRITE_DOC_IMAGES=1 python -m reedesk.gui.screenshots docs/images --all-languages``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEMO_PASSPHRASE = "screenshot demo passphrase"


def _wait(app, operation, seconds: float = 120) -> None:
    import time

    deadline = time.monotonic() + seconds
    while operation is not None and not operation.done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _settle(app, seconds: float) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def take(out: Path, language: str = "en") -> list[Path]:
    from PySide6.QtCore import QDate, QSettings

    from reedesk.gui.app import application, create_main_window
    from reedesk.gui.i18n import set_language
    from reedesk.services.desk import open_desk

    out.mkdir(parents=True, exist_ok=True)
    app = application()
    home = Path(tempfile.mkdtemp(prefix="reedesk-shots-"))
    os.environ["REEDESK_HOME"] = str(home)
    desk = open_desk(home)
    settings = QSettings(str(home / "gui.ini"), QSettings.Format.IniFormat)
    window = create_main_window(desk, settings)
    set_language(language)
    suffix = "" if language == "en" else f"-{language.lower()}"
    window.confirm = lambda question: True
    window.resize(1360, 820)
    window.show()
    written: list[Path] = []

    def shot(widget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = out / f"gui-{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    from reedesk.services.keys import create_identity, list_identities

    if not list_identities(desk):
        made = create_identity(desk, "Mai Tran", "Export compliance officer", "Lotus Magnetics Co., Ltd.", DEMO_PASSPHRASE)
        create_identity(desk, "Ken Ito", "Reviewer", "Lotus Magnetics Co., Ltd.", DEMO_PASSPHRASE + " 2")
        from reedesk.services.settings import set_setting

        set_setting(desk, "default_identity", made.key_id)  # the default identity is marked in the pictures

    window.open_dossier("LM-2026-0042")
    shot(window, "browser")
    window.editor.tabs.setCurrentWidget(window.editor.bom_editor)
    window.editor.bom.setData(window.editor.bom.index(1, 6), "USX")  # show inline validation naming the problem
    shot(window, "bom")
    window.editor.undo_stack.undo()
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    shot(window, "shipment")

    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    if window.actions_by_key["evaluate"].isEnabled():
        window.evaluate()
        shot(window, "determination")
        dialog = window.sign()
        if dialog is not None:
            dialog.passphrase.setText("wrong passphrase")
            dialog.do_sign().wait()  # signing runs off the GUI thread (reedesk.gui.ops)
            shot(dialog, "sign-dialog")
            dialog.passphrase.setText(DEMO_PASSPHRASE)
            dialog.do_sign().wait()
        window.determinations.as_of.setDate(QDate(2026, 5, 1))
        window.evaluate()
        shot(window, "determination-suspended")
        window.determinations.as_of.setDate(QDate(2026, 11, 25))

    bad = home / "bom-with-problems.csv"
    bad.write_text("line_id,description,origin,category,elements,value,currency\n"
                   "C1,Samarium metal,CN,rare_earth_metal,Sm,6.50,USD\nC2,Cobalt,CG,other,Co,-7.20,USD\n"
                   "C3,Iron,XX,other,Fe,1.00,QQQ\n", encoding="utf-8")
    if window.actions_by_key["import"].isEnabled():
        dialog = window.import_paths([bad])
        dialog.resize(900, 460)
        shot(dialog, "import-preview")
        dialog.reject()

    pack = home / "LM-2026-0042.pdf"
    window.open_dossier("LM-2026-0042")
    dialog = window.export_pack()
    dialog.out.setText(str(pack))
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    _wait(app, dialog.start_export())
    shot(dialog, "export-dialog")
    dialog.close()
    if pack.is_file():
        window.show_page("reviewer")
        _wait(app, window.reviewer().open_pack(pack))
        shot(window, "reviewer")
        window.reviewer().tabs.setCurrentIndex(1)
        _settle(app, 1.5)  # QPdfView renders pages asynchronously
        shot(window, "reviewer-pages")

    if window.actions_by_key["audit"].isEnabled():
        window.show_page("audit")
        _wait(app, window.audit_view().verify())
        window.audit_view().table.selectRow(1)
        shot(window, "audit")
    window.show_page("browse")

    settings_dialog = window.open_settings()
    settings_dialog.resize(980, 560)
    settings_dialog.tabs.setCurrentIndex(1)
    shot(settings_dialog, "settings-keys")
    settings_dialog.tabs.setCurrentIndex(2)
    settings_dialog.pack_view.selectRow(0)
    shot(settings_dialog, "settings-packs")
    settings_dialog.tabs.setCurrentIndex(3)
    shot(settings_dialog, "settings-screening")
    settings_dialog.tabs.setCurrentIndex(0)
    shot(settings_dialog, "settings-general")
    settings_dialog.tabs.setCurrentWidget(settings_dialog.desk_tab)
    shot(settings_dialog, "settings-desk")
    settings_dialog.close()

    window.show_page("portfolio")
    view = window.portfolio_view()
    view.as_of.setDate(QDate(2026, 11, 1))  # No. 70 ends on 2026-11-10: two dossiers change outcome
    view.set_kind("date")
    view.against.setDate(QDate(2026, 11, 25))
    operation = view.compare()
    if operation is not None:
        _wait(app, operation)
    shot(window, "portfolio")
    window.show_page("browse")
    window.open_dossier("LM-2026-0042")
    whatif = window.what_if()
    if whatif is not None:
        _settle(app, 0.5)
        shot(whatif, "whatif")
        whatif.reject()

    _screening(window, shot)
    _help_and_archive(window, shot, desk)

    for other, name in (("zh-Hant", "zh-hant"), ("zh-Hans", "zh-hans")) if language == "en" else ():
        set_language(other)
        window.open_dossier("LM-2026-0042")
        window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
        window.determinations.load("LM-2026-0042")
        shot(window, f"determination-{name}")
    set_language("en")
    window.editor.undo_stack.setClean()
    window.close()
    desk.close()
    return written


def _help_and_archive(window, shot, desk) -> None:
    """Help → About, the identity dialog, the archived dossiers (one archived, then restored)."""
    about = window.about()
    about.resize(760, 560)
    shot(about, "about")
    about.close()
    from reedesk.gui.identity_dialog import IdentityDialog

    identity = IdentityDialog(desk, window)
    identity.show()
    identity.name.setText("Li Wen")
    identity.role.setText("Export compliance officer")
    identity.organisation.setText("Formosa Thin Film Corp.")
    shot(identity, "identity-dialog")
    identity.close()
    window.show_page("browse")
    window.editor.undo_stack.setClean()
    window.open_dossier("TW-TGT-19")
    window.archive()
    archive = window.archived_dossiers()
    shot(archive, "archived-dossiers")
    archive.restore()
    archive.close()


def _screening(window, shot) -> None:
    """The TK-NDFEB-7 end user renamed to a firm whose subsidiaries are on the control list:
    screened, one hit confirmed with a reason, the next selected and undecided."""
    window.show_page("browse")
    window.open_dossier("TK-NDFEB-7")
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    field = window.editor.field["shipment.end_user.name"]
    field.widget.setText("Mitsubishi Heavy Industries, Ltd.")
    field.widget.editingFinished.emit()
    if not window.save():
        return
    panel = window.screening
    result = panel.screen()
    if result is None or not result.hits:
        return
    panel.hit_view.selectRow(0)
    panel.reason.setText("The purchase order names this listed subsidiary as consignee")
    panel.decide("confirmed")
    if panel.hits.rowCount() > 1:
        panel.hit_view.selectRow(1)
    sizes = window.workspace.sizes()
    window.workspace.setSizes([380, sum(sizes) - 380])  # room for the hits' columns
    shot(window, "screening")
    window.workspace.setSizes(sizes)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    every = "--all-languages" in args
    args = [a for a in args if a != "--all-languages"]
    if len(args) != 1:
        print("usage: python -m reedesk.gui.screenshots OUTDIR [--all-languages]", file=sys.stderr)
        return 2
    docs_images = Path(__file__).resolve().parents[2] / "docs" / "images"
    if Path(args[0]).resolve() == docs_images and os.environ.get("REEDESK_WRITE_DOC_IMAGES") != "1":
        print("docs/images is rewritten only with REEDESK_WRITE_DOC_IMAGES=1 (see the module docstring).", file=sys.stderr)
        return 2
    for language in ("en", "zh-Hant", "zh-Hans") if every else ("en",):
        for path in take(Path(args[0]), language):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
