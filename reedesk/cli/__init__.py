"""The ``reedesk`` command line: a thin layer over :mod:`reedesk.services`."""
