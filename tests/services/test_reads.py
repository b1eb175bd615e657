"""Read paths of the dossier service (issue 13): opening a dossier and browsing never take
the write lock, so they answer while an import or an export is writing."""

from __future__ import annotations

import sqlite3

import pytest

from reedesk.errors import NotFound
from reedesk.services.dossiers import browse_dossiers, count_dossiers, list_dossiers, load_dossier


def test_open_and_browse_while_another_writer_holds_the_lock(desk) -> None:
    other = sqlite3.connect(desk.db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        stored = load_dossier(desk, "LM-2026-0042")
        assert stored.revision == 1 and stored.dossier.reference == "LM-2026-0042" and stored.client_name
        assert stored.archived is False and len(stored.dossier.components) >= 1
        assert count_dossiers(desk) == len(list_dossiers(desk)) == browse_dossiers(desk).total == 4
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_unknown_reference_and_revision_are_named(desk) -> None:
    with pytest.raises(NotFound, match="No dossier has the reference 'NOPE'"):
        load_dossier(desk, "NOPE")
    with pytest.raises(NotFound, match="Dossier LM-2026-0042 has no revision 7 \\(latest is 1\\)"):
        load_dossier(desk, "LM-2026-0042", revision=7)
