"""The PySide6 desktop client. Only this package imports Qt; it calls ``reedesk.services`` only."""

from reedesk.gui.refcount_guard import protect_none

protect_none()  # before any Qt call: see refcount_guard for the PySide6 bug it guards against
