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


# Every window and dialog the tool shoots, in the order taken (``gui-NAME.png``, ``gui-NAME-zh-hant.png``,
# ``gui-NAME-zh-hans.png``); docs/screenshots.md lists what each shows, and tests/gui/test_screenshots.py
# checks that each language gets all of them.
WINDOWS: tuple[str, ...] = (
    "browser", "bom", "technologies", "shipment", "determination", "sign-dialog", "determination-suspended",
    "import-preview", "export-dialog", "reviewer", "reviewer-pages", "audit",
    "settings-keys", "settings-packs", "settings-screening", "settings-general", "settings-desk",
    "portfolio", "whatif", "screening", "history", "about", "identity-dialog", "archive-question",
    "archived-dossiers", "delete-question", "licences", "application-dialog", "unsaved-prompt", "conflict-dialog", "error-box",
)

# What the demo "user" typed into the desk (names, roles, reasons): data, not the window's words.
TYPED: tuple[str, ...] = (
    "Mai Tran", "Export compliance officer", "Lotus Magnetics Co., Ltd.", "Ken Ito", "Reviewer", "Li Wen",
    "Formosa Thin Film Corp.", "Mitsubishi Heavy Industries, Ltd.",
    "The purchase order names this listed subsidiary as consignee", "Arc segment for servo motors, chamfered 0.5 mm",
    "Drawing revision B from the client", "Sintered Sm2Co17 permanent magnet, grade 30", "Hanseong Magnetics Co., Ltd.",
    "Busan Motor Works", "Ganzhou Rare Metals Trading Co.", "Terbium metal 99.95%",
    "bom-with-problems.csv", "Samarium metal", "Cobalt", "Iron", "USX", "QQQ",
)


def _licences(desk) -> None:
    """Three licences of the Ganzhou terbium exporter (one expiring, one general, one expired) and one
    shipment drawn from the first: the licences view then shows a badge, balances and colours."""
    import copy
    from datetime import date
    from decimal import Decimal

    from reedesk.licences.record import parse_licence
    from reedesk.services import licences

    single = {
        "format": "reedesk.licence/1", "number": "MOFCOM-2026-LIC-0001", "authority": "MOFCOM", "type": "single",
        "holder": {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"},
        "valid_from": "2026-01-01", "valid_until": "2026-12-31",
        "items": [{"control_code": "1C904", "description": "Terbium metal 99.95%", "hs_code": "2805301910"}],
        "destinations": ["KR"], "consignees": [], "end_users": [{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"}],
        "limits": [{"quantity": "100", "unit": "kg", "value": {"amount": "200000.00", "currency": "USD"}}],
    }
    general = copy.deepcopy(single)
    general.update(number="MOFCOM-2026-GEN-A-0003", type="general_a", valid_until="2027-11-30",
                   end_users=[{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"},
                              {"name": "Busan Motor Works", "country": "KR"}],
                   limits=[{"quantity": "2", "unit": "t"}])
    old = copy.deepcopy(single)
    old.update(number="MOFCOM-2025-LIC-0410", valid_from="2025-01-01", valid_until="2025-12-31")
    for doc in (single, general, old):
        licences.add_licence(desk, parse_licence(doc))
    licences.record_shipment(desk, "CN-TB-880", single["number"], quantity=Decimal("40"), unit="kg",
                             value=Decimal("60000.00"), currency="USD", shipped_on=date(2026, 11, 26))


def _plain_text(text: str) -> str:
    if "<" in text and ">" in text:
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def widget_texts(root) -> list[tuple[str, str]]:
    """Every text a shot shows, read from the widget tree (not the pixels): window title, menus, labels,
    buttons, group and tab titles, placeholders, the current choice of drop-downs, table headers and
    cells, list items and the documents in text views. Each as (where, text); the typed data is in it too
    (line-edit contents are left out: they are what the user typed)."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QHeaderView, QLabel, QLineEdit, QMainWindow, QPlainTextEdit,
        QTabBar, QTableView, QTextEdit, QWidget,
    )

    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    if isinstance(root, QMainWindow):
        found += [("menu", a.text()) for a in root.menuBar().actions()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        where = f"{type(w).__name__} {w.objectName()}".strip()
        found.append((f"{where} tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            found.append((where, _plain_text(w.text())))
        elif isinstance(w, QAbstractButton):
            found.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            found.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            found.append((f"{where} choice", w.currentText()))
        elif isinstance(w, QTabBar):
            found += [(f"{where} tab {i}", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, (QTextEdit, QPlainTextEdit)) and (w.isReadOnly() or isinstance(w, QTextEdit) and w.objectName()):
            found.append((f"{where} document", w.toPlainText()))
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model = w.model()
            root_index = QModelIndex()
            count = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root_index)
            columns = [c for c in range(count)
                       if not (isinstance(w, QTableView) and w.isColumnHidden(c))]
            if isinstance(w, QTableView) and w.horizontalHeader().isVisible():
                found += [(f"{where} header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or "")) for c in columns]
            for r in range(min(model.rowCount(root_index), 40)):
                for c in columns:
                    value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                    if isinstance(value, str):
                        found.append((f"{where} cell {r},{c}", value))
    return [(where, text) for where, text in found if text and text.strip()]


def _modal(app, shot, name: str, answer) -> None:
    """Shoot the modal dialog the next action opens with exec() (a question, the conflict dialog), then
    answer it with ``answer(dialog)``: call this just before the action."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    tries = [0]

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            tries[0] += 1
            if tries[0] < 200:
                QTimer.singleShot(25, grab)
            return
        _settle(app, 0.1)
        shot(dialog, name)
        answer(dialog)

    QTimer.singleShot(0, grab)


def take(out: Path, language: str = "en", texts: dict[str, list[tuple[str, str]]] | None = None) -> list[Path]:
    """Shoot every window in :data:`WINDOWS` in ``language`` into ``out``; with ``texts``, also record
    each shot's :func:`widget_texts` under its name (the language test reads them).

    The temporary desk is removed afterwards and ``REEDESK_HOME`` set back, so a test process that
    takes pictures leaves no desk behind and its later tests see the environment they had."""
    import shutil

    previous = os.environ.get("REEDESK_HOME")
    home = Path(tempfile.mkdtemp(prefix="reedesk-shots-"))
    os.environ["REEDESK_HOME"] = str(home)
    try:
        return _take(out, language, texts, home)
    finally:
        from reedesk.gui import audit_text

        audit_text.KNOWN_PEOPLE.clear()  # the demo desk's people are not the next desk's
        if previous is None:
            os.environ.pop("REEDESK_HOME", None)
        else:
            os.environ["REEDESK_HOME"] = previous
        shutil.rmtree(home, ignore_errors=True)


def _take(out: Path, language: str, texts: dict[str, list[tuple[str, str]]] | None, home: Path) -> list[Path]:
    from datetime import date

    from PySide6.QtCore import QDate, QSettings

    from reedesk.gui.app import application, create_main_window
    from reedesk.gui.i18n import set_language
    from reedesk.services.desk import open_desk

    out.mkdir(parents=True, exist_ok=True)
    app = application()
    desk = open_desk(home)
    from reedesk.services.settings import set_setting

    set_setting(desk, "language", language)  # as a user who chose it: Settings → General shows it too
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
        save_png(widget.grab().toImage(), path)
        written.append(path)
        if texts is not None:
            texts[name] = widget_texts(widget)

    from reedesk.services.keys import create_identity, list_identities

    if not list_identities(desk):
        made = create_identity(desk, "Mai Tran", "Export compliance officer", "Lotus Magnetics Co., Ltd.", DEMO_PASSPHRASE)
        create_identity(desk, "Ken Ito", "Reviewer", "Lotus Magnetics Co., Ltd.", DEMO_PASSPHRASE + " 2")
        from reedesk.services.settings import set_setting

        set_setting(desk, "default_identity", made.key_id)  # the default identity is marked in the pictures
    from reedesk.services.dossiers import list_dossiers
    from reedesk.services.evaluation import evaluate_reference

    _licences(desk)  # before evaluating: the licence register is part of what a determination reads
    for stored in list_dossiers(desk):  # the browser's Outcome column shows each sample's outcome
        evaluate_reference(desk, stored.reference, date(2026, 11, 25))
    window.browser.refresh()

    window.open_dossier("LM-2026-0042")
    shot(window, "browser")
    window.editor.tabs.setCurrentWidget(window.editor.bom_editor)
    window.editor.bom.setData(window.editor.bom.index(1, 6), "USX")  # show inline validation naming the problem
    shot(window, "bom")
    window.editor.undo_stack.undo()
    window.open_dossier("TK-NDFEB-7")  # the sample with a technology
    window.editor.tabs.setCurrentWidget(window.editor.tech_editor)
    shot(window, "technologies")
    window.open_dossier("LM-2026-0042")
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    shot(window, "shipment")

    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
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
    window.editor.tabs.setCurrentWidget(window.editor.history_tab)
    window.history.event_view.selectRow(0)
    shot(window, "history")
    _help_and_archive(app, window, shot, desk)
    _licences_and_application(app, window, shot)
    _questions(app, window, shot, desk)

    window.editor.undo_stack.setClean()
    window.close()
    desk.close()
    set_language("en")
    return written


def save_png(image, path: Path) -> None:
    """A screenshot as a small PNG: a window has few colours, so 256 (median cut, no dithering) keep the
    text crisp at about a third of the size of the full-colour file (docs/images stays small)."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    try:
        import io

        from PIL import Image  # reportlab's dependency: always installed with reedesk
    except ImportError:  # pragma: no cover - reportlab always brings Pillow
        path.write_bytes(bytes(buffer.data()))
        return
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def _help_and_archive(app, window, shot, desk) -> None:
    """Help → About, the identity dialog, the archive question, the archived dossiers (one archived, the delete
    question answered Cancel, then restored)."""
    about = window.about()
    about.resize(760, 560)
    shot(about, "about")
    about.close()
    from PySide6.QtWidgets import QMessageBox

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
    confirm, window.confirm = window.confirm, window._ask  # the real question, answered Yes
    _modal(app, shot, "archive-question", lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    window.archive()
    window.confirm = confirm
    archive = window.archived_dossiers()
    shot(archive, "archived-dossiers")
    _modal(app, shot, "delete-question", lambda box: box.reject())  # Cancel: nothing is deleted
    archive.delete()
    archive.restore()
    archive.close()


def _licences_and_application(app, window, shot) -> None:
    """The licences view on 2026-12-10 (one licence expires within 30 days) and the application dialog
    of the terbium dossier that needs a licence."""
    from datetime import date

    window.open_dossier("CN-TB-880")  # the toolbar as with a dossier open (the archive left a new, empty one)
    window.show_page("licences")
    view = window.licences_view()
    view.today = date(2026, 12, 10)  # a fixed day: the badge and the statuses do not change with the clock
    view.reload()
    view.table.selectRow(1)
    shot(window, "licences")
    window.show_page("browse")
    window.open_dossier("CN-TB-880")
    dialog = window.prepare_application()
    if dialog is not None:
        dialog.resize(760, 420)
        _settle(app, 0.2)
        shot(dialog, "application-dialog")
        dialog.reject()


def _questions(app, window, shot, desk) -> None:
    """The questions a user meets: unsaved changes when opening another dossier (answered Cancel), the
    conflict when someone else saved first (Cancel), and a refused save's error box."""
    from reedesk.domain.dossier_file import dossier_to_document, parse_dossier
    from reedesk.services.dossiers import load_dossier, save_dossier

    window.open_dossier("LM-2026-0042")
    window.editor.tabs.setCurrentIndex(0)
    field = window.editor.field["product.name"]
    field.widget.setText("Sintered Sm2Co17 permanent magnet, grade 30")
    field.widget.editingFinished.emit()
    _modal(app, shot, "unsaved-prompt", lambda box: box.reject())
    window.open_dossier("CN-TB-880")  # Cancel: the edit stays and LM-2026-0042 stays open

    stored = load_dossier(desk, "LM-2026-0042")  # someone else saves a revision meanwhile
    document = dossier_to_document(stored.dossier)
    document["product"]["description"] = "Arc segment for servo motors, chamfered 0.5 mm"
    save_dossier(desk, parse_dossier(document), base_revision=stored.revision, reason="Drawing revision B from the client")
    _modal(app, shot, "conflict-dialog", lambda dialog: dialog.cancel_button.click())
    window.save()

    window.editor.undo_stack.setClean()
    window.new_dossier(ask=False)
    window.save()  # a new dossier without a reference: refused, with the service's sentence
    from PySide6.QtWidgets import QMessageBox

    boxes = [b for b in window.findChildren(QMessageBox, "errorBox") if b.isVisible()]
    if boxes:
        shot(boxes[-1], "error-box")
        boxes[-1].close()


def _screening(window, shot) -> None:
    """The TK-NDFEB-7 end user renamed to a firm whose subsidiaries are on the control list:
    screened, one hit confirmed with a reason, the next selected and undecided."""
    from PySide6.QtWidgets import QApplication

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
    bar = window.editor.shipment_tab.verticalScrollBar()  # the tab scrolls: the screening box in view
    for _ in range(3):
        QApplication.processEvents()
    bar.setValue(bar.maximum())
    shot(window, "screening")
    bar.setValue(0)
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
