"""The PySide6 desktop client. Only this package imports Qt; it calls ``reedesk.services`` only."""
