"""One exported pack per test module (exporting takes seconds; tampering tests share it)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real desk with an identity, and the pack of the Sm-Co sample exported from it."""
    from reedesk.services.desk import open_desk
    from reedesk.services.keys import unlock
    from tests.evidence.helpers import PASSPHRASE, export, make_identity

    root = tmp_path_factory.mktemp("evidence")
    desk = open_desk(root / "home")
    try:
        identity = make_identity(desk)
        out = root / "LM-2026-0042.pdf"
        result = export(desk, "LM-2026-0042", out)
        private_key = unlock(desk, identity.key_id, PASSPHRASE)
    finally:
        desk.close()
    return {"path": out, "bytes": out.read_bytes(), "result": result, "identity": identity, "private_key": private_key, "root": root}
