"""`reedesk audit verify --language {en,zh-Hant,zh-Hans}` (FORMATS.md: "--language on every command that
renders text, --lang stays as an alias"): a real desk (bundled samples, a real evaluation, a real
signature), attacks performed on its SQLite file, and the report said in the reader's language —
every sentence through resources/vocabulary/messages.toml ``[audit_verify.*]``, no English left
(tests/language_check.py), exit codes as in English."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from reedesk.cli.main import main
from reedesk.services.desk import open_desk
from tests.language_check import problems
from tests.licences.test_integrity import _tamper as _tamper_register
from tests.licences.test_integrity import desk_with_register  # noqa: F401  (a fixture: a licence, a shipment, a scan)
from tests.signing.vectors import signed_desk

REFERENCE = "LM-2026-0042"
SAMPLES = {"CN-TB-880", "LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19"}  # the bundled samples' references, names the user gave


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(_isolated_home):
    """A desk with the bundled samples, LM-2026-0042 evaluated for real and signed (tests/signing/vectors.py)."""
    desk = open_desk(_isolated_home)
    signed_desk(desk, REFERENCE)
    path = desk.db.path
    desk.close()
    return path


def _attack(path, *statements: str, drop: tuple[str, ...] = ()) -> None:
    """What an insider with the file does: drop the trigger in the way, run the statements."""
    connection = sqlite3.connect(path)
    try:
        for name in drop:
            connection.execute(f'DROP TRIGGER "{name}"')
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def _edit_revision(path) -> None:
    """The first revision of LM-2026-0042 gets another client name; its hash column is left as it was."""
    _attack(
        path,
        "UPDATE dossier_revision SET document = replace(document, 'Lotus Magnetics', 'Lotus Magnetix') "
        f"WHERE number = 1 AND dossier_id = (SELECT id FROM dossier WHERE reference = '{REFERENCE}')",
        drop=("dossier_revision_no_update", "dossier_revision_signed_no_update"),
    )


def _delete_event(path, seq: int = 3) -> None:
    _attack(path, f"DELETE FROM audit_event WHERE seq = {seq}", drop=("audit_event_no_delete",))


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _origin() -> str:
    """The desk's checkpoint origin line (C2SP tlog-checkpoint), a literal identifier shown as it is."""
    from reedesk.services import audit
    from reedesk.services.desk import open_desk as reopen
    import os

    desk = reopen(os.environ["REEDESK_HOME"])
    try:
        return audit.desk_key_info(desk).origin
    finally:
        desk.close()


def _chinese_everywhere(text: str, language: str, names: set[str]) -> None:
    assert _lines(text), "nothing was printed"
    from reedesk.paths import outside_checkpoint_path
    import os

    # literal identifiers: the checkpoint origin, the desk's checkpoint file and its copy in the config folder
    names = names | SAMPLES | {_origin(), "audit-checkpoints.txt", str(outside_checkpoint_path(os.environ["REEDESK_HOME"]))}
    for line in _lines(text):
        assert problems(line, language, names) == [], line


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_an_edited_revision_is_reported_in_chinese_and_exits_1(capsys, home, language):
    english_code, _, english = run(capsys, "audit", "verify")
    assert english_code == 0
    _edit_revision(home)
    english_code, _, english = run(capsys, "audit", "verify")
    assert english_code == 1 and english.startswith(f"Revision 1 of {REFERENCE} was altered outside reedesk")
    code, out, err = run(capsys, "audit", "verify", "--language", language)
    assert code == 1
    revision = {"zh-Hant": "第 1 版在 reedesk 之外被更改", "zh-Hans": "第 1 版在 reedesk 之外被更改"}[language]
    event = {"zh-Hant": "稽核事件", "zh-Hans": "审计事件"}[language]
    assert err.startswith(f"卷宗 {REFERENCE} 的{revision}") and event in err
    assert "Revision" not in err and "altered" not in err and "also:" not in err
    # as many lines as the English report: every sentence was said, none dropped
    assert len(_lines(out + err)) == len(_lines(english))
    _chinese_everywhere(out + err, language, {REFERENCE})
    if language == "zh-Hant":
        assert "稽核" in err and "审计" not in err


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_deleted_audit_event_is_reported_in_chinese_and_exits_1(capsys, home, language):
    _delete_event(home, 3)
    english_code, _, english = run(capsys, "audit", "verify")
    assert english_code == 1 and english.startswith("Audit event 3 is missing (the next stored event is 4): events were deleted.")
    code, out, err = run(capsys, "audit", "verify", "--language", language)
    assert code == 1
    missing = {"zh-Hant": "稽核事件 3 不見了（下一個儲存的事件是 4）：有事件被刪除。",
               "zh-Hans": "审计事件 3 不见了（下一个存储的事件是 4）：有事件被删除。"}[language]
    assert err.startswith(missing)
    assert {"zh-Hant": "另外：", "zh-Hans": "另外："}[language] in err  # the further problems, said too
    assert len(_lines(out + err)) == len(_lines(english))
    _chinese_everywhere(out + err, language, {REFERENCE})


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_clean_desk_is_summarised_in_chinese_and_exits_0(capsys, home, language):
    english_code, english, _ = run(capsys, "audit", "verify")
    assert english_code == 0 and english.startswith("Audit trail intact: ")
    code, out, err = run(capsys, "audit", "verify", "--language", language)
    assert code == 0 and err == ""
    intact = {"zh-Hant": "稽核軌跡完整：", "zh-Hans": "审计轨迹完整："}[language]
    assert out.startswith(intact)
    rerun = {"zh-Hant": "重新執行規則：1 個判定中有 1 個可重現", "zh-Hans": "重新运行规则：1 个判定中有 1 个可重现"}[language]
    assert rerun in out
    # the counts are the English report's counts
    assert re.findall(r"\d+", out.splitlines()[0]) == re.findall(r"\d+", english.splitlines()[0])
    assert len(_lines(out)) == len(_lines(english))
    _chinese_everywhere(out, language, set())


def test_skip_rerun_and_lang_alias_and_json_keep_keys_and_codes(capsys, home):
    code, out, _ = run(capsys, "audit", "verify", "--lang", "zh-Hans", "--skip-rerun")
    assert code == 0 and out.startswith("审计轨迹完整：") and "重新运行" not in out
    _chinese_everywhere(out, "zh-Hans", set())
    _delete_event(home, 3)
    english = json.loads(run(capsys, "audit", "verify", "--json")[1])
    code, out, _ = run(capsys, "audit", "verify", "--json", "--language", "zh-Hant")
    said = json.loads(out)
    assert code == 1 and set(said) == set(english)
    assert {k: v for k, v in said.items() if k not in ("problems", "rerun")} == {
        k: v for k, v in english.items() if k not in ("problems", "rerun")}
    assert len(said["problems"]) == len(english["problems"]) and said["problems"][0].startswith("稽核事件 3 不見了")
    _chinese_everywhere("\n".join(said["problems"]), "zh-Hant", {REFERENCE})


def test_english_stays_the_default_and_is_the_same_with_language_en(capsys, home):
    """The default is the other commands' default (reedesk.cli.common.add_language_option: en)."""
    _edit_revision(home)
    plain = run(capsys, "audit", "verify")
    asked = run(capsys, "audit", "verify", "--language", "en")
    timing = re.compile(r"\(\d+\.\d\d s(?:, [\d,]+/s)?\)")  # the re-run's seconds differ between two runs
    assert plain[0] == asked[0] == 1 and timing.sub("", plain[2]) == timing.sub("", asked[2])
    assert len(timing.findall(plain[2])) == 1
    assert re.search(r"[\u4e00-\u9fff]", plain[2]) is None


def test_an_unknown_language_is_refused_with_exit_2(capsys, home):
    with pytest.raises(SystemExit) as raised:
        main(["audit", "verify", "--language", "fr"])
    assert raised.value.code == 2
    assert "--language" in capsys.readouterr().err


def test_a_rollback_below_a_kept_checkpoint_is_reported_in_chinese(capsys, home, tmp_path):
    """`--against FILE`: the checkpoint kept elsewhere catches a trail cut back by two events and its heads."""
    kept = tmp_path / "kept.txt"
    assert main(["audit", "checkpoint", "--out", str(kept)]) == 0
    capsys.readouterr()
    total = json.loads(run(capsys, "audit", "verify", "--json", "--skip-rerun")[1])["events_checked"]
    _attack(home, f"DELETE FROM audit_event WHERE seq > {total - 2}", f"DELETE FROM tree_head WHERE size > {total - 2}",
            drop=("audit_event_no_delete", "tree_head_no_delete"))
    english_code, _, english = run(capsys, "audit", "verify", "--against", str(kept))
    assert english_code == 1 and f"but the database holds only {total - 2} — 2 events missing" in english
    code, out, err = run(capsys, "audit", "verify", "--against", str(kept), "--language", "zh-Hans")
    assert code == 1
    assert f"审计轨迹被回滚或截断：「{kept}」中的检查点涵盖 {total} 个事件，但数据库只有 {total - 2} 个，缺少 2 个事件。" in err
    assert "已回滚：缺少 2 个事件" in err
    assert len(_lines(out + err)) == len(_lines(english))
    _chinese_everywhere(out + err, "zh-Hans", {str(kept)})


def test_a_forged_signature_row_is_reported_in_traditional_chinese(capsys, home):
    """The signer shown for the stored signature is changed in the file (its triggers dropped): the record check and
    the signature re-verification both fail, each said in zh-Hant."""
    _attack(home, "UPDATE signature SET signer_name = 'Mallory'", drop=("signature_no_update",))
    english_code, _, english = run(capsys, "audit", "verify", "--skip-rerun")
    assert english_code == 1 and "Signature 1 on determination 1 was altered outside reedesk" in english
    code, out, err = run(capsys, "audit", "verify", "--skip-rerun", "--language", "zh-Hant")
    assert code == 1 and err.startswith("判定 1 上的簽名 1在 reedesk 之外被更改：其顯示的簽署人姓名")
    assert len(_lines(out + err)) == len(_lines(english))
    _chinese_everywhere(out + err, "zh-Hant", {"Mallory"})


def test_a_changed_draw_down_on_the_licence_register_is_reported_in_chinese(capsys, tmp_path, desk_with_register):
    """The licence register's problems (reedesk/licences/integrity.py) are said in the reader's language too."""
    from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

    desk_with_register.close()
    _tamper_register(desk_with_register, ("UPDATE licence_shipment SET quantity = '4', usage = ?",
                                          (json.dumps([{"limit": 0, "quantity": "4", "value": "60000.00"}]),)))
    english_code, _, english = run(capsys, "audit", "verify", "--skip-rerun")
    assert english_code == 1 and "a draw-down was changed" in english
    code, out, err = run(capsys, "audit", "verify", "--skip-rerun", "--language", "zh-Hant")
    assert code == 1 and "有一筆核銷被更改" in err
    assert len(_lines(out + err)) == len(_lines(english))
    _chinese_everywhere(out + err, "zh-Hant", {ISSUE_LICENCE["number"], TB_DOSSIER["reference"]})
