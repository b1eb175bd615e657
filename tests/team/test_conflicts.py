"""Two people editing the same dossier on a team desk (issue 12, point 7): reported, never merged silently."""

from __future__ import annotations

import dataclasses

import pytest

from reedesk.services import dossiers
from reedesk.services.desk import open_desk
from reedesk.services.dossiers import DossierConflict
from reedesk.services.samples import sample_dossiers
from reedesk.services.team import add_user, init_team


def _described(dossier, text: str):
    return dataclasses.replace(dossier, product=dataclasses.replace(dossier.product, description=text))


def test_the_second_save_over_a_newer_revision_is_refused_naming_who_changed_it(team_url, pg_server, _isolated_home, monkeypatch):
    init_team(team_url)
    database = team_url.rsplit("/", 1)[1]
    alice, bob = f"alice_c_{database}", f"bob_c_{database}"
    add_user(team_url, alice, "preparer")
    add_user(team_url, bob, "preparer")
    sample = sample_dossiers()[0]
    with open_desk(_isolated_home, seed_samples=False) as desk:
        dossiers.import_dossiers(desk, [sample], source="samples")
    # Both open revision 1 in their editors.
    monkeypatch.setenv("REEDESK_DATABASE_URL", pg_server.url(database, user=alice))
    with open_desk(_isolated_home, seed_samples=False) as desk:
        opened = dossiers.load_dossier(desk, sample.reference)
        base = opened.revision
        edited = _described(opened.dossier, "alice's change")
    with open_desk(_isolated_home, seed_samples=False) as desk:
        saved = dossiers.save_dossier(desk, edited, base_revision=base)
    assert saved.revision == base + 1
    monkeypatch.setenv("REEDESK_DATABASE_URL", pg_server.url(database, user=bob))
    bobs = _described(opened.dossier, "bob's change")
    with open_desk(_isolated_home, seed_samples=False) as desk:
        with pytest.raises(DossierConflict) as refused:
            dossiers.save_dossier(desk, bobs, base_revision=base)
        message = str(refused.value)
        assert f"{sample.reference} was changed by {alice} at " in message
        assert f"(revision {base + 1})" in message and "kept in the editor" in message
        assert dossiers.load_dossier(desk, sample.reference).revision == base + 1  # nothing of bob's stored
        # Saving alice's exact revision again is no conflict: nothing would be lost.
        assert dossiers.save_dossier(desk, edited, base_revision=base).changed is False
        # After reloading, bob's change saves.
        assert dossiers.save_dossier(desk, bobs, base_revision=base + 1).revision == base + 2
