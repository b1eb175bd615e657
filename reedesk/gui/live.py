"""The window's one ear on the desk: desk changes (reedesk.services.events) as a Qt signal.

Services publish a :class:`~reedesk.services.events.DeskChange` on the thread that
committed — the GUI thread for a save, a worker thread for a background import or
batch evaluation, the live-view thread for another person's commit on a team desk.
:class:`DeskChangeRelay` re-emits each one as ``changed``: called directly when it was
published on the GUI thread (so a view is current as soon as the service returns) and
queued onto the GUI thread otherwise (Qt's automatic connection), never touching a
widget from another thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reedesk.services import events
from reedesk.services.events import DeskChange, RemoteChanges


class DeskChangeRelay(QObject):
    """Subscribes once to desk changes and emits ``changed(DeskChange)`` on the GUI thread."""

    changed = Signal(object)
    _arrived = Signal(object)  # emitted on the publishing thread, delivered on the relay's thread

    def __init__(self, desk=None, parent: QObject | None = None, *, live: bool = True):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._arrived.connect(self._deliver)  # automatic: direct on the GUI thread, queued from others
        self._unsubscribe = events.subscribe(self._arrived.emit)
        self.remote: RemoteChanges | None = None
        if live and desk is not None and desk.db.path is None:  # a team desk: other people's commits too
            self.remote = RemoteChanges(desk).start()
        unsubscribe, remote = self._unsubscribe, self.remote  # not self: the handler runs as the object goes
        self.destroyed.connect(lambda *_: (unsubscribe(), remote.stop() if remote is not None else None))

    def _deliver(self, change: DeskChange) -> None:
        self.changed.emit(change)

    def close(self) -> None:
        """Stop hearing (the window closes); idempotent."""
        self._unsubscribe()
        if self.remote is not None:
            self.remote.stop()
            self.remote = None
