"""Issue 14, "No surprises" (CLI): `--language` on every command that renders text (`--lang` kept, hidden),
`list --client` case-insensitive and partial, `list --wide`, confirmations on `delete` and `keys retire`
(`--yes` for scripts; refused with a sentence when stdin is not a terminal), and the empty desk's hint.
Driven through the real entry point, and through a subprocess with a real pseudo-terminal or no terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reedesk import vocabulary
from reedesk.cli.main import main
from tests.language_check import problems

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def samples(capsys):
    assert run(capsys, "import", "--samples")[0] == 0


def reedesk(*argv: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """The installed command in a child process, on this test's desk."""
    return subprocess.run([sys.executable, "-m", "reedesk", *argv], cwd=ROOT, env=dict(os.environ), stdin=stdin,
                          capture_output=True, text=True, timeout=120)


def reedesk_on_a_terminal(answer: str, *argv: str) -> tuple[int, str]:
    """The command with a real pseudo-terminal as stdin; ``answer`` is typed once the question is shown."""
    controller, terminal = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "reedesk", *argv], cwd=ROOT, env=dict(os.environ), stdin=terminal,
                             stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 60
    answered = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"[y/N]" in seen:
            os.write(controller, answer.encode() + b"\n")
            answered = True
        if child.poll() is not None and not ready:
            break
    code = child.wait(timeout=30)
    os.close(controller)
    return code, seen.decode("utf-8", "replace")


# ---------------------------------------------------------------- list

def test_an_empty_desk_says_how_to_begin(capsys) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.strip() == "No dossiers yet — try `reedesk import --samples`."
    code, out, _ = run(capsys, "list", "--language", "zh-Hant")
    assert "尚無卷宗" in out and "reedesk import --samples" in out


@pytest.mark.parametrize("typed", ["Takumi Motors K.K.", "takumi motors k.k.", "takumi", "MOTORS", "umi Mot"])
def test_list_client_is_case_insensitive_and_partial(capsys, samples, typed) -> None:
    code, out, err = run(capsys, "list", "--client", typed)
    assert (code, err) == (0, "")
    assert "TK-NDFEB-7" in out and "LM-2026-0042" not in out and "1 dossier" in out


def test_list_client_part_of_several_names_lists_them_all_and_nothing_is_a_sentence(capsys, samples) -> None:
    code, out, _ = run(capsys, "list", "--client", "co")  # Lotus Magnetics Co., Ganzhou … Trading Co., Formosa … Corp.
    assert code == 0 and {"LM-2026-0042", "CN-TB-880", "TW-TGT-19"} <= set(out.split()) and "TK-NDFEB-7" not in out
    code, out, err = run(capsys, "list", "--client", "Nobody Ltd")
    assert code == 2 and out == "" and "Nobody Ltd" in err and len(err.strip().splitlines()) == 1


def test_list_wide_prints_names_in_full(capsys, samples) -> None:
    full = "Sintered Sm2Co17 permanent magnet, grade 28"  # 43 characters: shortened to 40 in the default table
    code, out, _ = run(capsys, "list")
    assert full not in out and "Sintered Sm2Co17 permanent magnet, grad…" in out
    code, out, _ = run(capsys, "list", "--wide")
    assert code == 0 and full in out


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_list_in_chinese_names_the_outcome_as_the_window_does(capsys, samples, language) -> None:
    """After an evaluation the list's outcome column carries the vocabulary's name, and only the name (no code: the
    guide's "no internal codes in Chinese output"); the columns line up in terminal columns (a Chinese character is two)."""
    from reedesk.cli.evaluate import display_width

    assert run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25")[0] == 0
    code, out, _ = run(capsys, "list", "--language", language)
    row = next(line for line in out.splitlines() if line.startswith("LM-2026-0042"))
    assert vocabulary.label("outcome", "license_required", language) in row
    assert not any(code in row for code in vocabulary.codes("outcome"))
    header, rule = out.splitlines()[:2]
    assert problems(header, language) == [] and ("編號" in header if language == "zh-Hant" else "编号" in header)
    # each header starts where its column's dashes start
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    words = re.finditer(r"\S+", header)
    assert [display_width(header[:m.start()]) for m in words] == starts


# ---------------------------------------------------------------- --language everywhere, --lang hidden

@pytest.mark.parametrize("command", [["evaluate"], ["export"], ["list"], ["audit", "log"], ["headroom"], ["timeline"],
                                     ["impact"], ["licence", "list"]])
def test_every_text_command_takes_language_and_hides_the_old_lang(capsys, command) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert "--language" in shown and "--lang " not in shown and "--lang," not in shown


def test_lang_still_works_and_tags_are_normalised(capsys, samples) -> None:
    """`evaluate --lang` (the 0.1 spelling) and `--language zh-TW` both give the Traditional memo."""
    _, old, _ = run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-05-01", "--lang", "zh-Hant")
    _, tagged, _ = run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-05-01", "--language", "zh-TW")
    assert old.startswith("備忘錄") and tagged.splitlines()[:8] == old.splitlines()[:8]
    with pytest.raises(SystemExit) as exited:
        main(["evaluate", "LM-2026-0042", "--as-of", "2026-05-01", "--language", "fr"])
    assert exited.value.code == 2 and "'fr' is not available" in capsys.readouterr().err


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_audit_log_names_actions_in_the_chosen_language(capsys, samples, language) -> None:
    """The audit log names each action as the window's audit view and the pack do (one list)."""
    code, out, _ = run(capsys, "audit", "log", "--language", language)
    assert code == 0
    name = vocabulary.label("audit_action", "import", language)
    assert name in out and "（import）" not in out and " import " not in out  # no English code inside Chinese output
    code, only, _ = run(capsys, "audit", "log", "--language", language, "--action", name)  # filtered by the shown name
    assert code == 0 and only.strip() and all(name in line for line in only.splitlines())
    assert len(only.splitlines()) < len(out.splitlines())
    code, out, _ = run(capsys, "audit", "log")
    assert " import " in out and "已" not in out  # English keeps the recorded verbs


# ---------------------------------------------------------------- confirmations

def test_delete_without_a_terminal_or_yes_is_refused_and_stores_nothing(samples) -> None:
    refused = reedesk("delete", "TW-TGT-19")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "--yes" in refused.stderr and "not a terminal" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert "TW-TGT-19" in reedesk("list").stdout
    deleted = reedesk("delete", "TW-TGT-19", "--yes")
    assert deleted.returncode == 0 and "deleted" in deleted.stdout
    assert "TW-TGT-19" not in reedesk("list").stdout


def test_delete_asks_on_a_terminal_and_no_keeps_the_dossier(samples) -> None:
    code, shown = reedesk_on_a_terminal("n", "delete", "TW-TGT-19")
    assert code == 2 and "Delete dossier TW-TGT-19" in shown and "Not confirmed" in shown
    assert "TW-TGT-19" in reedesk("list").stdout
    code, shown = reedesk_on_a_terminal("y", "delete", "TW-TGT-19")
    assert code == 0 and "deleted" in shown
    assert "TW-TGT-19" not in reedesk("list").stdout


def test_delete_of_an_unknown_dossier_is_refused_before_asking(samples) -> None:
    refused = reedesk("delete", "NOPE")
    assert refused.returncode == 2 and "'NOPE'" in refused.stderr and "--yes" not in refused.stderr


def test_keys_retire_asks_and_yes_answers_for_scripts(capsys, monkeypatch) -> None:
    monkeypatch.setenv("REEDESK_PASSPHRASE", "correct horse battery staple")
    assert run(capsys, "keys", "create", "--name", "Mei Lin", "--role", "Compliance officer", "--org", "Lotus Magnetics")[0] == 0
    _, listed, _ = run(capsys, "keys", "list")
    fingerprint = listed.split()[0]
    refused = reedesk("keys", "retire", fingerprint)
    assert refused.returncode == 2 and "--yes" in refused.stderr and "Retire the key" in refused.stderr
    assert "active" in run(capsys, "keys", "list")[1]
    code, shown = reedesk_on_a_terminal("y", "keys", "retire", fingerprint)
    assert code == 0 and "Retire the key" in shown and "still verify" in shown
    assert "retired" in run(capsys, "keys", "list")[1]
    again = reedesk("keys", "retire", fingerprint, "--yes")
    assert again.returncode == 2 and "already retired" in again.stderr


# ---------------------------------------------------------------- screening in Chinese

@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_screening_lists_and_check_speak_the_chosen_language(capsys, samples, language) -> None:
    """List kinds and measures named by the vocabulary; no English sentence, no Simplified outside 「」 in zh-Hant."""
    code, out, _ = run(capsys, "screening", "lists", "--language", language)
    assert code == 0 and vocabulary.label("list_kind", "watch_list", language) in out
    assert vocabulary.label("list_measure", "dual_use_export_ban", language) in out
    code, checked, _ = run(capsys, "screening", "check", "LM-2026-0042", "--language", language, "--party", "all")
    assert code == 0
    for line in (out + checked).splitlines():
        assert problems(line, language, {"Rhein Antriebe GmbH", "Lotus Magnetics Co., Ltd."}) == [], line
    code, english, _ = run(capsys, "screening", "lists")
    assert "default measures: dual_use_export_ban" in english  # English keeps the codes, as before


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_show_names_the_dossier_codes_in_the_chosen_language(capsys, samples, language) -> None:
    """`show --language`: labels and codes (category, end use, stage) named as the window names them, the name only."""
    from tests.conftest import sample_document
    from tests.language_check import names_in

    code, out, _ = run(capsys, "show", "TK-NDFEB-7", "--language", language)
    assert code == 0
    assert vocabulary.label("item_category", "rare_earth_permanent_magnet", language) in out
    assert vocabulary.label("technology_stage", "magnet_manufacturing", language) in out
    assert "rare_earth_permanent_magnet" not in out and "magnet_manufacturing" not in out
    user = names_in(sample_document("ndfeb-magnet-chinese-technology")) | {"root", "test-user"}
    for line in out.splitlines():
        assert problems(line, language, user) == [], line
    from tests.cli.strict_chinese import lines_problems

    assert lines_problems(out, language, user) == []
    code, english, _ = run(capsys, "show", "TK-NDFEB-7")
    assert "category: rare_earth_permanent_magnet" in english
