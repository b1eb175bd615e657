"""`reedesk rules list|show|import` through the real entry point (reedesk/cli/rules.py)."""

from __future__ import annotations

import json

from reedesk.cli.main import main
from reedesk.rules.packs import shipped_packs
from tests.rules.builders import EXTENSION


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_shipped_packs(capsys) -> None:
    code, out, err = run(capsys, "rules", "list")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split()[:3] == ["id", "version", "origin"]
    assert "cn-mofcom-2025-061" in out and f"{len(shipped_packs())} rule packs" in out
    code, out, err = run(capsys, "rules", "list", "--json")
    assert len(json.loads(out)) == len(shipped_packs())


def test_show_prints_citations_dates_and_hash(capsys) -> None:
    code, out, err = run(capsys, "rules", "show", "cn-mofcom-2025-061")
    assert code == 0
    assert "MOFCOM Announcement No. 61 of 2025" in out and "商务部公告2025年第61号" in out
    assert "Suspended: 2025-11-07..2026-11-10 (MOFCOM/GAC Announcement No. 70 of 2025)" in out
    assert "threshold = 0.001" in out
    assert "附件1第一部分所列物项占境外制造的附件1第二部分所列物项的价值比例达到0.1%及以上" in out
    code, toml_out, _ = run(capsys, "rules", "show", "cn-mofcom-2025-061", "--toml")
    assert toml_out.startswith("# MOFCOM Announcement No. 61")


def test_import_a_newer_pack_then_evaluate_uses_it(capsys, tmp_path, desk) -> None:
    path = tmp_path / "ext.toml"
    path.write_text(EXTENSION, encoding="utf-8")
    code, out, err = run(capsys, "rules", "import", str(path))
    assert (code, err) == (0, "")
    assert "Imported cn-mofcom-gac-2025-070 version 2027.1" in out
    assert "not one shipped with reedesk and is not signed" in out and "reedesk verify" in out
    code, out, err = run(capsys, "rules", "import", str(path))
    assert code == 0 and "nothing changed" in out
    code, out, _ = run(capsys, "rules", "list")
    assert "imported" in out
    code, out, _ = run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25", "--json")
    assert json.loads(out)["outcome"] == "suspended"


def test_bad_pack_and_unknown_id_exit_2(capsys, tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(EXTENSION.replace('[pack]\nid = "cn-mofcom-gac-2025-070"', "[pack]"), encoding="utf-8")
    code, out, err = run(capsys, "rules", "import", str(path))
    assert code == 2 and "bad.toml" in err and "pack.id" in err
    code, out, err = run(capsys, "rules", "show", "cn-nope")
    assert code == 2 and "cn-nope" in err


def test_import_refuses_a_version_dated_after_its_review(capsys, tmp_path) -> None:
    path = tmp_path / "late.toml"
    path.write_text(EXTENSION.replace("version_date = 2026-11-01", "version_date = 2026-12-01"), encoding="utf-8")
    code, out, err = run(capsys, "rules", "import", str(path))
    assert code == 2 and "later than pack.reviewed_until" in err and "nothing was imported" in err


def test_show_lists_the_open_points_and_their_readings(capsys) -> None:
    """Issue 9: the open point no70-end (RULES.md second review: the reported extension of No. 70 to 2027-01-10,
    unconfirmed) is part of the pack and shown with its readings."""
    assert main(["rules", "show", "cn-mofcom-gac-2025-070"]) == 0
    out = capsys.readouterr().out
    assert "Open point no70-end" in out
    assert "text-ends-2026-11-10 (primary; text)" in out
    assert "extended-2027-01-10 (alternative; reported_unconfirmed)" in out
