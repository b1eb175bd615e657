"""The one background-operation helper (in the spirit of Anki's ``CollectionOp``).

Long work (batch evaluation, export, audit verification) runs in ``QThreadPool``
while the window stays responsive. The work function receives two callables,
``progress(percent, message)`` and ``cancelled() -> bool``; it runs on a worker
thread and must only call services (each opens its own unit of work, so nothing
is shared with the GUI thread). Success, failure and progress are delivered back
on the GUI thread through queued signals. A cancelled operation reports
``Cancelled`` as a failure the caller may ignore.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reedesk import vocabulary
from reedesk.errors import ReedeskError
from reedesk.gui.errors import error_text, show_error
from reedesk.gui.i18n import current_language, tr

Work = Callable[[Callable[[int, str], None], Callable[[], bool]], Any]


class Cancelled(ReedeskError):
    """The user cancelled the operation; nothing was written."""


class Operation(QObject):
    """Handle of one running operation; lives on the GUI thread."""

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    _running: set["Operation"] = set()  # keeps handles alive until they finish

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: str | None = None
        self.done = False
        self.was_cancelled = False
        self.last_progress: tuple[int, str] | None = None  # the newest (percent, message), on the GUI thread
        self.progressed.connect(self._remember)

    def _remember(self, percent: int, message: str) -> None:
        self.last_progress = (percent, message)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float = 60.0) -> bool:
        """Run the event loop until the operation has reported back (or ``timeout`` seconds); True if done.

        For scripts that drive the window step by step (the screenshot tool); a slot never
        waits: it passes ``on_success`` instead.
        """
        from PySide6.QtCore import QCoreApplication, QEventLoop

        deadline = time.monotonic() + timeout
        while not self.done and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.002)
        return self.done

    def _finish(self) -> None:
        self.done = True
        Operation._running.discard(self)
        self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, op: Operation, work: Work):
        super().__init__()
        self.setAutoDelete(True)
        self.op = op
        self.work = work

    def run(self) -> None:  # worker thread
        op = self.op

        def progress(percent: int, message: str = "") -> None:
            # a coded service message (reedesk.vocabulary.ProgressMessage) in the window's language;
            # translated here, because the signal carries a plain str across threads
            op.progressed.emit(int(percent), vocabulary.localise_progress(message, current_language()))

        def cancelled() -> bool:
            return op.is_cancelled()

        try:
            result = self.work(progress, cancelled)
            if op.is_cancelled():
                raise Cancelled(tr("The operation was cancelled; nothing was written."))
        except BaseException as exc:  # reported on the GUI thread, never raised there
            op.was_cancelled = isinstance(exc, Cancelled) or op.is_cancelled()
            op.failed.emit(error_text(exc))
        else:
            op.succeeded.emit(result)


def run_in_background(
    parent: QWidget | None,
    title: str,
    work: Work,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
    *,
    show_progress: bool = True,
    cancellable: bool = True,
) -> Operation:
    """Run ``work`` off the GUI thread with an optional cancellable progress dialog.

    Failures are shown as a message box unless ``on_failure`` is given; a
    cancellation is never shown as an error.
    """
    op = Operation()
    Operation._running.add(op)
    dialog: QProgressDialog | None = None
    if show_progress:
        dialog = QProgressDialog(title, tr("Cancel") if cancellable else "", 0, 100, parent)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(op.cancel)
        op.progressed.connect(lambda p, m: (dialog.setValue(p), dialog.setLabelText(m or title)))
        op.dialog = dialog  # type: ignore[attr-defined]

    def succeeded(result: Any) -> None:
        op.result = result
        if dialog is not None:
            dialog.close()
        if on_success is not None:
            try:
                on_success(result)
            except Exception as exc:  # a failing callback must not kill the app
                show_error(parent, exc)
        op._finish()

    def failed(message: str) -> None:
        op.error = message
        if dialog is not None:
            dialog.close()
        if op.was_cancelled:
            pass
        elif on_failure is not None:
            on_failure(message)
        else:
            show_error(parent, message)
        op._finish()

    op.succeeded.connect(succeeded)
    op.failed.connect(failed)
    QThreadPool.globalInstance().start(_Runner(op, work))
    return op
