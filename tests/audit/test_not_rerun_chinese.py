"""`audit verify`'s note on a determination it could not re-run (made with a pack an earlier reedesk shipped and this
one no longer bundles) names the pack, in Chinese, by the announcement it encodes — as the evidence pack's Chinese
pages do — never by its id (ROBUST9; GUI9 saw 「它以 cn-mofcom-2025-055 版本 2026.1 作成」). English keeps the id and
version (an English report is read against the pack files). Checked for every pack id an earlier release shipped, on
a real SQLite desk, through the service, `reedesk audit verify --json` in a process of its own, and the audit view.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.strict_chinese import strict_problems

REF = "LM-2026-0042"
LANGUAGES = ("zh-Hans", "zh-Hant")


def codes_in(text: str, names: list[str]) -> list[str]:
    """Every Latin word or code left in a Chinese sentence once what the reader typed (``names``) and the product's
    own name are taken out: a pack id (cn-mofcom-2025-055), an English word, a snake_case code. [] when clean."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"(?<![A-Za-z])reedesk(?![A-Za-z-])", " ", text)
    return re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", text)


def _released_by_id(desk) -> dict[str, tuple[str, str, str]]:
    """Per pack id, the first version an earlier release shipped that this desk does not hold."""
    from reedesk.evidence.known_packs import RELEASED_PACKS
    from reedesk.services.audit import pack_texts_by_hash

    here = pack_texts_by_hash(desk)
    first: dict[str, tuple[str, str, str]] = {}
    for pack_id, version, sha in RELEASED_PACKS:
        if (pack_id, version, sha) not in here:
            first.setdefault(pack_id, (pack_id, version, sha))
    return first


def _names() -> dict[str, dict[str, str]]:
    from reedesk.rules.packs import shipped_packs

    return {p.id: {"zh-Hans": p.announcement_zh, "zh-Hant": p.announcement_zh_hant or p.announcement_zh} for p in shipped_packs()}


@pytest.fixture
def earlier_desk(desk):
    """One determination per pack id an earlier release shipped (its first released version), and one naming two."""
    from tests.signing.vectors import insert_fabricated_determination

    released = _released_by_id(desk)
    made: dict[int, list[tuple[str, str, str]]] = {}
    for pack_id, version, sha in released.values():
        made[insert_fabricated_determination(desk, REF, outcome="license_required",
                                             packs=[{"id": pack_id, "version": version, "sha256": sha}])] = [(pack_id, version, sha)]
    two = [released["cn-mofcom-2025-055"], released["cn-mofcom-2025-061"]]
    made[insert_fabricated_determination(desk, REF, outcome="license_required",
                                         packs=[{"id": i, "version": v, "sha256": s} for i, v, s in two])] = two
    return desk, made


def test_the_not_rerun_note_names_each_pack_by_its_announcement_in_chinese(earlier_desk):
    from reedesk import vocabulary
    from reedesk.services import audit

    desk, made = earlier_desk
    report = audit.verify_audit(desk)
    assert report.ok, report.problems
    notes = [n for n in report.notes if getattr(n, "code", None) == "not_rerun"]
    assert report.not_rerun == len(made) == len(notes) and len(made) >= 10, (report.not_rerun, len(made))
    names = _names()
    for note in notes:
        determination_id = note.params["name"].params["id"]
        packs = made[determination_id]
        english = vocabulary.text_in(note, "en")
        assert all(f"{i} version {v}" in english for i, v, _ in packs), english  # English as before: id and version
        for language in LANGUAGES:
            said = vocabulary.text_in(note, language)
            assert codes_in(said, [REF]) == [], (language, said)
            assert strict_problems(said, language, names=[REF]) == [], strict_problems(said, language, names=[REF])
            for pack_id, version, _ in packs:
                assert pack_id not in said
                assert f"「{names[pack_id][language]}」" in said and f"（{version} 版）" in said, said
        if len(packs) == 2:
            assert "版）、「" in vocabulary.text_in(note, "zh-Hans")  # two packs, joined as Chinese lists them
    sample = next(n for n in notes if made[n.params["name"].params["id"]][0][0] == "cn-mofcom-2025-055" and len(made[n.params["name"].params["id"]]) == 1)
    assert "它以「商务部 海关总署公告2025年第55号」规则包（" in vocabulary.text_in(sample, "zh-Hans")
    assert "它以「商務部 海關總署公告2025年第55號」規則包（" in vocabulary.text_in(sample, "zh-Hant")


def test_a_pack_no_bundled_pack_names_is_said_without_its_id():
    from reedesk.services.audit import pack_named

    for language in LANGUAGES:
        said = pack_named("xx-made-up-pack", "9.9").text(language)
        assert codes_in(said, []) == [] and "xx-made-up-pack" not in said and "9.9" in said, said
    assert pack_named("xx-made-up-pack", "9.9").text("en") == "xx-made-up-pack version 9.9"


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_verify_json_notes_carry_no_codes_in_chinese(earlier_desk, _isolated_home: Path, language):
    desk, made = earlier_desk
    desk.close()
    env = {**os.environ, "REEDESK_HOME": str(_isolated_home)}
    done = subprocess.run([sys.executable, "-m", "reedesk", "audit", "verify", "--json", "--language", language],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    notes = [n for n in json.loads(done.stdout)["notes"] if "作成" in n]
    assert len(notes) == len(made), notes
    for note in notes:
        assert codes_in(note, [REF]) == [] and strict_problems(note, language, names=[REF]) == [], note


def test_a_pack_not_on_the_desk_is_named_without_its_id_in_the_problem_too(desk):
    """A determination naming a pack version nobody shipped (a made-up hash) is a problem, not a note; its Chinese
    names the pack by its announcement as the note does (the SHA-256 prefix says which file it meant)."""
    from reedesk import vocabulary
    from reedesk.services import audit
    from tests.signing.vectors import insert_fabricated_determination

    made_up = insert_fabricated_determination(desk, REF, packs=[{"id": "cn-mofcom-2025-061", "version": "2026.1", "sha256": "cd" * 32}])
    report = audit.verify_audit(desk)
    assert not report.ok
    [problem] = [p for p in report.problems if f"Determination {made_up} " in p]
    assert "the rule pack it names (cn-mofcom-2025-061 version 2026.1, SHA-256 cdcdcdcdcdcdcdcd…) is not on this desk" in problem
    for language, name in (("zh-Hans", "它指名的「商务部公告2025年第61号」规则包（2026.1 版）不在此案头上（SHA-256 cdcdcdcdcdcdcdcd…）"),
                           ("zh-Hant", "它指名的「商務部公告2025年第61號」規則包（2026.1 版）不在此案頭上（SHA-256 cdcdcdcdcdcdcdcd…）")):
        said = vocabulary.text_in(problem, language)
        assert name in said, said
        assert codes_in(said.replace("SHA-256 cdcdcdcdcdcdcdcd", ""), [REF]) == [], said
