"""``reedesk licence add|list|show`` and ``reedesk ship`` (FORMATS.md 0.2 "New commands"):
exit 0 on success, 2 with one sentence on stderr otherwise; output in the chosen language.
Legal basis: Dual-Use Items Export Control Regulations (2024) Arts. 14-17 (licence scope and
limits); issue 15."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from reedesk.cli.main import main
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER


def _files(tmp_path: Path) -> tuple[Path, Path]:
    lic = tmp_path / "licence.json"
    lic.write_text(json.dumps(ISSUE_LICENCE), encoding="utf-8")
    dossier = tmp_path / "dossier.json"
    dossier.write_text(json.dumps(TB_DOSSIER), encoding="utf-8")
    return lic, dossier


def test_add_list_show_ship(tmp_path, capsys):
    lic, dossier = _files(tmp_path)
    assert main(["import", str(dossier)]) == 0
    assert main(["licence", "add", str(lic)]) == 0
    assert "added as revision 1" in capsys.readouterr().out
    assert main(["licence", "add", str(lic)]) == 0
    assert "unchanged" in capsys.readouterr().out

    assert main(["licence", "list", "--today", "2026-12-10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("⚠ MOFCOM-2026-LIC-0001") and "EXPIRING SOON" in out and "100 kg / 100 kg" in out

    assert main(["ship", TB_DOSSIER["reference"], "--licence", ISSUE_LICENCE["number"], "--quantity", "40 kg",
                 "--value", "60000.00 USD", "--date", "2026-11-26"]) == 0
    assert "60 kg / 100 kg" in capsys.readouterr().out

    assert main(["licence", "show", ISSUE_LICENCE["number"], "--language", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "单次许可" in out and "剩余额度：60千克 / 100千克" in out and "USD 140000.00 / USD 200000.00" in out

    assert main(["licence", "show", ISSUE_LICENCE["number"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["licence"] == ISSUE_LICENCE and shown["summary"]["balances"][0]["remaining_quantity"] == "60"


def test_ship_past_limit_exit_2_one_sentence(tmp_path, capsys):
    lic, dossier = _files(tmp_path)
    main(["import", str(dossier)])
    main(["licence", "add", str(lic)])
    capsys.readouterr()
    code = main(["ship", TB_DOSSIER["reference"], "--licence", ISSUE_LICENCE["number"], "--quantity", "101",
                 "--value", "1.00", "--date", "2026-11-26"])
    err = capsys.readouterr().err
    assert code == 2 and "101 kg exceeds the 100 kg left" in err and err.count("\n") == 1


def test_add_malformed_exit_2_names_path(tmp_path, capsys):
    bad = copy.deepcopy(ISSUE_LICENCE)
    bad["destinations"] = ["Korea"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    assert main(["licence", "add", str(path)]) == 2
    assert "destinations[0]" in capsys.readouterr().err


def test_list_expiring_none_in_traditional_chinese(tmp_path, capsys):
    lic, _ = _files(tmp_path)
    main(["licence", "add", str(lic)])
    capsys.readouterr()
    assert main(["licence", "list", "--expiring", "5", "--today", "2026-11-01", "--language", "zh-Hant"]) == 0
    assert capsys.readouterr().out.strip() == "5天內沒有到期的許可證。"


def test_application_cli_writes_a_verified_pack_and_says_what_is_missing(tmp_path, capsys, monkeypatch):
    """`reedesk application` (FORMATS.md 0.2): exit 0, the pack verifies (exit 0 with the signer
    trusted), the missing checklist items are named in Chinese; without an evidence pack it says so."""
    from tests.evidence.helpers import PASSPHRASE

    _, dossier = _files(tmp_path)
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    assert main(["keys", "create", "--name", "Mei Lin", "--role", "Compliance officer", "--org", "Ganzhou"]) == 0
    assert main(["import", str(dossier)]) == 0
    capsys.readouterr()
    out = tmp_path / "app.pdf"
    assert main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "缺失：法定代表人" in captured.out and "尚未导出证据包" in captured.err
    assert main(["verify", str(out)]) == 0
    assert main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
