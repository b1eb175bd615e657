"""Rule-pack use cases (reedesk/services/rulepacks.py): list, show, import (checked, audited)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from reedesk.errors import NotFound, ReedeskError, ValidationFailed
from reedesk.services import rulepacks
from reedesk.store.models import AuditEventRow, RulePackRow
from reedesk.rules.packs import shipped_packs
from tests.rules.builders import EXTENSION


def test_list_shows_every_shipped_pack(empty_desk) -> None:
    infos = rulepacks.list_packs(empty_desk)
    assert len(infos) == len(shipped_packs()) and {i.origin for i in infos} == {"shipped"}


def test_show_pack_and_unknown_pack(empty_desk) -> None:
    info = rulepacks.show_pack(empty_desk, "cn-mofcom-2025-061")
    assert info.pack.announcement == "MOFCOM Announcement No. 61 of 2025"
    with pytest.raises(NotFound, match="cn-nope"):
        rulepacks.show_pack(empty_desk, "cn-nope")


def test_import_is_stored_and_audited_and_idempotent(empty_desk, tmp_path) -> None:
    path = tmp_path / "ext.toml"
    path.write_text(EXTENSION, encoding="utf-8")
    info = rulepacks.import_pack(empty_desk, path)
    assert (info.origin, info.pack.version) == ("imported", "2027.1")
    assert rulepacks.show_pack(empty_desk, "cn-mofcom-gac-2025-070").pack.version == "2027.1"
    assert rulepacks.show_pack(empty_desk, "cn-mofcom-gac-2025-070", next(str(p.version) for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")).origin == "shipped"
    rulepacks.import_pack(empty_desk, path)  # same text again: nothing new
    with empty_desk.db.unit_of_work() as session:
        rows = session.exec(select(RulePackRow)).all()
        assert len(rows) == 1 and rows[0].source_text == EXTENSION and rows[0].sha256 == info.pack.sha256
        events = session.exec(select(AuditEventRow).where(AuditEventRow.entity_type == "rule_pack")).all()
        assert len(events) == 1 and json.loads(events[0].after)["sha256"] == info.pack.sha256


def test_same_version_with_different_content_is_refused(empty_desk, tmp_path) -> None:
    path = tmp_path / "ext.toml"
    path.write_text(EXTENSION.replace('version = "2027.1"', f'version = "{next(str(p.version) for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")}"'), encoding="utf-8")
    with pytest.raises(ReedeskError, match="higher pack.version"):
        rulepacks.import_pack(empty_desk, path)


def test_bad_pack_names_the_key_and_stores_nothing(empty_desk, tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(EXTENSION.replace("until = 2027-11-10", 'until = "soon"'), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"bad\.toml.*suspends\[0\]\.until"):
        rulepacks.import_pack(empty_desk, path)
    with pytest.raises(ReedeskError, match="does not exist"):
        rulepacks.import_pack(empty_desk, tmp_path / "missing.toml")
    with empty_desk.db.unit_of_work() as session:
        assert session.exec(select(RulePackRow)).first() is None


def test_import_refuses_version_date_after_reviewed_until_and_warns_unsigned(empty_desk, tmp_path) -> None:
    from tests.rules.builders import EXTENSION
    bad = tmp_path / "bad.toml"
    bad.write_text(EXTENSION.replace("reviewed_until = 2026-11-20", "reviewed_until = 2026-10-01"), encoding="utf-8")
    with pytest.raises(ReedeskError, match="later than pack.reviewed_until"):
        rulepacks.import_pack(empty_desk, bad)
    good = tmp_path / "good.toml"
    good.write_text(EXTENSION, encoding="utf-8")
    info = rulepacks.import_pack(empty_desk, good)
    assert any("not signed" in n and "reedesk verify" in n for n in info.notices)
