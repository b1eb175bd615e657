"""The bundled sample dossiers (``resources/samples``), loaded once into an empty desk."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import parse_dossier_json
from reedesk.resources import resource
from reedesk.services.desk import Desk
from reedesk.store.models import DossierRow


def sample_files() -> list[Path]:
    return sorted(resource("samples").glob("*.json"))


def sample_dossiers() -> list[Dossier]:
    return [parse_dossier_json(p.read_bytes(), p.name) for p in sample_files()]


def seed_samples_if_empty(desk: Desk) -> bool:
    """Import the samples when the desk holds no dossier at all; True when it did."""
    from reedesk.services.dossiers import import_dossiers

    with desk.db.unit_of_work() as session:
        if session.exec(select(DossierRow.id).limit(1)).first() is not None:
            return False
    import_dossiers(desk, sample_dossiers(), source="the bundled samples")
    return True
