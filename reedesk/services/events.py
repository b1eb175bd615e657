"""Desk changes: the services say what changed, the front ends refresh what it names (C3, issue 14).

A service that commits a change calls :func:`after_commit` inside its unit of work;
the change is published once the transaction has committed and dropped if it rolls
back, so a subscriber never refreshes for something that was not stored. Front ends
subscribe once (:func:`subscribe`) instead of refreshing by hand after every action.

Subscribers are called on the thread that committed (a background operation's worker
thread included): a GUI marshals the call to its own thread (reedesk/gui/main_window.py
does it through a Qt signal). A failing subscriber is logged and never fails the
service that published, nor keeps the other subscribers from hearing.

On a team desk (PostgreSQL) other people's commits are announced by the server
(LISTEN/NOTIFY, :class:`reedesk.store.team.ChangeListener`); :class:`RemoteChanges`
turns each announcement into a ``DeskChange`` with ``origin="remote"`` by reading the
new audit events, whose entity types say what changed (:data:`ENTITY_KINDS`).

No Qt here: this is core, used by the CLI and the tests as well.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reedesk.services.desk import Desk

log = logging.getLogger(__name__)

KINDS = frozenset({"dossier", "determination", "identity", "lists", "licences", "settings", "desk"})
"""What a change can name: a front end refreshes the views that show these."""

ENTITY_KINDS: dict[str, str] = {
    "dossier": "dossier",
    "attachment": "dossier",
    "client": "dossier",
    "determination": "determination",
    "signature": "determination",
    "identity": "identity",
    "trusted_key": "identity",
    "organisation_key": "identity",
    "org_certificate": "identity",
    "org_revocation": "identity",
    "screening_list": "lists",
    "rule_pack": "lists",
    "licence": "licences",
    "setting": "settings",
    "portfolio": "settings",
    "desk": "desk",
}
"""Audit entity type → the kind of change it records (an unknown type counts as ``desk``)."""

Origin = Literal["local", "remote"]
Subscriber = Callable[["DeskChange"], None]


class UnknownChangeKind(ValueError):
    """A change named a kind outside :data:`KINDS` (a programming error, never user input)."""


@dataclass(frozen=True)
class DeskChange:
    """What one committed unit of work (or another person's commits) changed on the desk.

    ``references`` are the dossier references concerned (empty when the change is not
    about particular dossiers, or when they are not known).
    """

    kinds: frozenset[str]
    references: tuple[str, ...] = ()
    origin: Origin = "local"

    def __post_init__(self) -> None:
        kinds = frozenset(self.kinds)
        unknown = kinds - KINDS
        if unknown:
            raise UnknownChangeKind(f"Unknown desk change kind(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KINDS))}.")
        if self.origin not in ("local", "remote"):
            raise UnknownChangeKind(f"A desk change comes from 'local' or 'remote', not {self.origin!r}.")
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "references", tuple(dict.fromkeys(r for r in self.references if r)))

    def names(self, *kinds: str) -> bool:
        """True if this change names any of ``kinds`` (``desk`` names everything: the whole desk changed)."""
        return "desk" in self.kinds or any(k in self.kinds for k in kinds)

    def concerns(self, reference: str | None) -> bool:
        """True if this change may concern dossier ``reference`` (no references known means: maybe)."""
        return reference is not None and (not self.references or reference in self.references or "desk" in self.kinds)

    def merged(self, other: "DeskChange") -> "DeskChange":
        """One change naming what both name (used to coalesce several changes into one refresh).

        A dossier change without references means "any dossier may have changed"; merged
        with it, the result means that too.
        """
        unknown = _any_dossier(self) or _any_dossier(other)
        references = () if unknown else self.references + other.references
        origin: Origin = "remote" if "remote" in (self.origin, other.origin) else "local"
        return DeskChange(self.kinds | other.kinds, references, origin)


def _any_dossier(change: DeskChange) -> bool:
    """The change names dossiers (or their determinations) without saying which."""
    return bool(change.kinds & {"dossier", "determination"}) and not change.references


_lock = threading.Lock()
_subscribers: list[Subscriber] = []


def subscribe(callback: Subscriber) -> Callable[[], None]:
    """Call ``callback(change)`` for every published change; returns the function that unsubscribes."""
    with _lock:
        _subscribers.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers:
                _subscribers.remove(callback)

    return unsubscribe


def publish(change: DeskChange) -> None:
    """Tell every subscriber about ``change``, on this thread; a failing subscriber is only logged."""
    with _lock:
        listeners = list(_subscribers)
    for callback in listeners:
        try:
            callback(change)
        except Exception:  # a view that fails to refresh must not undo or hide a stored change
            log.exception("A desk-change subscriber failed on %s", change)


_PENDING = "reedesk.desk_changes"
_LISTENING = "reedesk.desk_changes.listening"


class _Pending:
    """What a unit of work has changed so far (cheap to add to: an import adds once per dossier)."""

    __slots__ = ("kinds", "references", "any_dossier")

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.references: dict[str, None] = {}
        self.any_dossier = False

    def change(self) -> DeskChange:
        return DeskChange(frozenset(self.kinds), () if self.any_dossier else tuple(self.references))


def after_commit(session: "Session", kinds: str | Iterable[str], references: str | Iterable[str | None] | None = ()) -> None:
    """Publish that ``kinds`` changed (for dossiers ``references``) once ``session`` commits.

    Called by a service inside its unit of work, right where it writes. Several calls in
    one unit of work are published as one change after the commit; a rollback drops them.
    A dossier or determination change without references means "any dossier".
    """
    from sqlalchemy import event

    named = frozenset((kinds,) if isinstance(kinds, str) else kinds)
    unknown = named - KINDS
    if unknown:
        raise UnknownChangeKind(f"Unknown desk change kind(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KINDS))}.")
    if isinstance(references, str):
        references = (references,)
    refs = [r for r in (references or ()) if r]
    pending: _Pending | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending()
    if not session.info.get(_LISTENING):
        session.info[_LISTENING] = True
        event.listen(session, "after_commit", _publish_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)
    pending.kinds |= named
    if named & {"dossier", "determination"} and not refs:
        pending.any_dossier = True
    for reference in refs:
        pending.references[reference] = None


def _publish_pending(session: "Session") -> None:
    if session.in_nested_transaction():  # a savepoint was released: the transaction goes on
        return
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        publish(pending.change())


def _drop_pending(session: "Session", previous: Any) -> None:
    if previous.nested:  # a savepoint rolled back: what else the transaction stores still counts
        return
    session.info.pop(_PENDING, None)


def change_from_events(rows: Iterable[Any], origin: Origin = "remote") -> DeskChange | None:
    """The change recorded by audit events ``rows`` (each with ``entity_type`` and ``dossier_reference``).

    Used for other people's commits on a team desk, where the audit trail is what we
    know of them. None when the rows are empty or only the trail's own bookkeeping.
    """
    kinds: set[str] = set()
    references: list[str] = []
    for row in rows:
        entity_type = _get(row, "entity_type")
        if entity_type in ("desk_key", "tree_head", "head_key", "checkpoint"):
            continue  # the trail's own bookkeeping: nothing a view shows changed
        kinds.add(ENTITY_KINDS.get(entity_type, "desk"))
        reference = _get(row, "dossier_reference")
        if reference is None and entity_type == "dossier":
            reference = _get(row, "entity_id")
        if reference:
            references.append(str(reference))
    if not kinds:
        return None
    return DeskChange(frozenset(kinds), tuple(references), origin)


def _get(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row.get(name)
    mapping = getattr(row, "_mapping", None)
    if mapping is not None:
        return mapping.get(name)
    return getattr(row, name, None)


# -- this process's own commits on a team desk ----------------------------------------
# The server announces every commit, ours too; RemoteChanges must not hand our own save back
# to the window as someone else's change (issue 14, "no surprises"). The audit writers
# (reedesk.audit.trail.record_event, reedesk.services.bulk_import) note each event's seq on
# at once (taken back if the transaction rolls back) in the engine's own set, which
# RemoteChanges takes out of what it announces. Only engines a RemoteChanges watches keep a
# set (a team desk with a window open), so nothing grows anywhere else.
_own_lock = threading.Lock()
_own_seqs: "weakref.WeakKeyDictionary[Any, set[int]]" = weakref.WeakKeyDictionary()
_OWN_PENDING = "reedesk.own_audit_seqs"
_OWN_LISTENING = "reedesk.own_audit_seqs.listening"


def _pool(engine: Any) -> Any:
    """One desk's connections, whichever engine object (with execution options or not) made them."""
    return getattr(engine, "pool", engine)


def note_own_events(session: "Session", engine: Any, seqs: Iterable[int]) -> None:
    """The audit events ``seqs`` were written by ``session`` on ``engine``.

    Noted at once (nobody else sees them before the commit, and the server's announcement
    may reach the listener thread before this thread's after-commit hook runs); taken
    back if the transaction rolls back, as another writer may then use those numbers."""
    engine = _pool(engine)
    if engine not in _own_seqs:  # nobody listens for remote changes on this engine
        return
    seqs = [int(s) for s in seqs]
    with _own_lock:
        own = _own_seqs.get(engine)
        if own is None:
            return
        own.update(seqs)
    pending = session.info.get(_OWN_PENDING)
    if pending is None:
        pending = session.info[_OWN_PENDING] = (engine, [])
    pending[1].extend(seqs)
    if not session.info.get(_OWN_LISTENING):
        from sqlalchemy import event

        session.info[_OWN_LISTENING] = True
        event.listen(session, "after_commit", _keep_own)
        event.listen(session, "after_soft_rollback", _drop_own)


def _keep_own(session: "Session") -> None:
    if not session.in_nested_transaction():
        session.info.pop(_OWN_PENDING, None)  # committed: the seqs stay noted


def _drop_own(session: "Session", previous: Any) -> None:
    if previous.nested:
        return
    pending = session.info.pop(_OWN_PENDING, None)
    if pending is not None:
        engine, seqs = pending
        with _own_lock:
            if engine in _own_seqs:
                _own_seqs[engine].difference_update(seqs)


def _watch_own(engine: Any) -> None:
    with _own_lock:
        _own_seqs.setdefault(_pool(engine), set())


def _unwatch_own(engine: Any) -> None:
    with _own_lock:
        _own_seqs.pop(_pool(engine), None)


def _take_own(engine: Any, upto: int) -> set[int]:
    """Our own seqs up to ``upto`` (removed: each is read once)."""
    with _own_lock:
        seqs = _own_seqs.get(_pool(engine))
        if not seqs:
            return set()
        taken = {s for s in seqs if s <= upto}
        seqs -= taken
        return taken


_NEW_EVENTS = (
    "SELECT seq, entity_type, entity_id, dossier_reference FROM audit_event WHERE seq > :after ORDER BY seq"
)
_NEWEST = "SELECT coalesce(max(seq), 0) FROM audit_event"


@dataclass
class RemoteChanges:
    """Publishes other people's commits on a team desk as ``DeskChange(origin="remote")``.

    One worker thread keeps a :class:`reedesk.store.team.ChangeListener` open; when the
    server announces a commit it reads the audit events after the last one seen and
    publishes what they changed. The server announces this desk's own commits too; those
    events (noted by the audit writers, :func:`note_own_events`) are left out, so a user's
    own save is never announced to them as someone else's change.
    Does nothing on a SQLite desk (one user; local changes are published directly).
    """

    desk: "Desk"
    poll_seconds: float = 0.5
    last_seq: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _ready: threading.Event = field(default_factory=threading.Event)
    error: str | None = None

    @property
    def active(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "RemoteChanges":
        """Start listening (a no-op on SQLite); returns once the listener is connected."""
        if self.desk.db.path is not None or self.active:
            return self
        from sqlalchemy import text

        _watch_own(self.desk.db.engine)  # from now on our own commits are noted, to be left out
        with self.desk.db.read() as session:
            self.last_seq = int(session.connection().execute(text(_NEWEST)).scalar_one())
        self._stop.clear()
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="reedesk-remote-changes", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            _unwatch_own(self.desk.db.engine)  # nobody reads them any more: stop noting our own seqs
        self._thread = None

    def _run(self) -> None:
        from reedesk.store.team import ChangeListener

        try:
            listener = ChangeListener(self.desk.db.url)
        except Exception as exc:  # the live view is a convenience: the desk works without it
            self.error = f"The live view of {self.desk.db.where} is off: {exc}"
            log.warning(self.error)
            self._ready.set()
            return
        self._ready.set()
        try:
            while not self._stop.is_set():
                announced = listener.wait(self.poll_seconds)
                if announced is not None and announced > self.last_seq:
                    self.catch_up()
        except Exception as exc:
            self.error = f"The live view of {self.desk.db.where} stopped: {exc}"
            log.warning(self.error)
        finally:
            listener.close()

    def catch_up(self) -> DeskChange | None:
        """Publish what the audit events after :attr:`last_seq` changed; returns that change."""
        from sqlalchemy import text

        with self.desk.db.read() as session:
            rows = session.connection().execute(text(_NEW_EVENTS), {"after": self.last_seq}).mappings().all()
        if not rows:
            return None
        self.last_seq = max(int(r["seq"]) for r in rows)
        own = _take_own(self.desk.db.engine, self.last_seq)  # published as local changes when they committed
        change = change_from_events([r for r in rows if int(r["seq"]) not in own], origin="remote")
        if change is not None:
            publish(change)
        return change
