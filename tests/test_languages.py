"""Issue 14, "No English or internal codes in Chinese output": every outcome, finding and check
rendered in zh-Hant and zh-Hans with the SHIPPED rule packs, samples and screening lists, and
checked against the language rules of tests/language_check.py (English words outside a short
allow-list, snake_case codes outside a parenthesised code span, Simplified-only characters in
Traditional text outside quotations of the legal text in 「」).

What is rendered: the CLI memo (`reedesk evaluate --language`), every trilingual text of the
determination JSON (explanations, steps, readings, notes, missing data), the reviewer's check
names and reasons on a fresh and on a tampered evidence pack, the GUI's outcome names and its
audit-action names. The samples run at five dates that straddle the announcements' effective
dates and the No. 70 suspension window (2025-11-07 to 2026-11-10).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import SAMPLES_DIR, sample_document
from tests.evidence.helpers import append_update, exported  # noqa: F401  (module-scoped fixture)
from tests.language_check import Problem, names_in, problems
from tests.rules.test_second_review import LISTED_ENTITY, furnace, neodymium, terbium

CHINESE = ("zh-Hant", "zh-Hans")
DATES = ("2025-05-01", "2026-01-15", "2026-05-01", "2026-11-25", "2027-02-01")


def constructed() -> dict[str, dict[str, Any]]:
    """Dossiers that reach the rules the samples do not (RULES.md second review, points 3, 8, 10, 11)."""
    return {
        "japanese-military-end-user": neodymium(destination="JP", end_user={"name": "JGSDF Camp Asaka depot", "country": "JP", "military": True},
                                                end_use={"category": "military", "description": "magnet motors for vehicles"}),
        "us-military-end-user": terbium(destination="VN", end_user={"name": "US Army Tank-automotive depot", "country": "US", "military": True}),
        "2b902-furnace-from-china": furnace(),
        "unscreened-listed-end-user": terbium(destination="JP", end_user={"name": LISTED_ENTITY, "country": "JP"}),
    }


def _run(args: list[str]) -> str:
    from reedesk.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    assert (code, err.getvalue()) == (0, ""), (args, err.getvalue())
    return out.getvalue()


def trilingual(value: Any, language: str, path: str = "") -> Iterator[tuple[str, str]]:
    """Every ``{"en": …, "zh-Hans": …, "zh-Hant": …}`` text in a determination, in ``language``."""
    if isinstance(value, dict):
        if isinstance(value.get(language), str) and "en" in value:
            yield path, value[language]
        for key, item in value.items():
            yield from trilingual(item, language, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from trilingual(item, language, f"{path}[{i}]")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """(where, language, text, user-entered strings) for every memo line and determination text, by kind."""
    root = tmp_path_factory.mktemp("languages")
    cases: list[tuple[str, Path, tuple[str, ...], dict[str, Any]]] = []
    for sample in sorted(SAMPLES_DIR.glob("*.json")):
        cases.append((sample.stem, sample, DATES, sample_document(sample.stem)))
    for name, doc in constructed().items():
        path = root / f"{name}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        cases.append((name, path, ("2026-11-25",), doc))
    out: dict[str, Any] = {"memo": [], "determination": [], "outcomes": {}, "documents": {}}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REEDESK_HOME", str(root / "home"))
        mp.setenv("REEDESK_CONFIG_HOME", str(root / "config"))
        mp.setattr("reedesk.clock.os_account", lambda: "test-user")
        for name, path, dates, doc in cases:
            names = names_in(doc)
            for day in dates:
                det = json.loads(_run(["evaluate", str(path), "--as-of", day, "--json"]))
                out["outcomes"][(name, day)] = det["outcome"]
                out["documents"][(name, day)] = (det, names)
                for language in CHINESE:
                    for where, text in trilingual(det, language):
                        out["determination"].append((f"{name} {day} {where}", language, text, names))
                    memo = _run(["evaluate", str(path), "--as-of", day, "--language", language])
                    for i, line in enumerate(memo.splitlines()):
                        out["memo"].append((f"{name} {day} memo line {i + 1}", language, line, names))
    return out


def report(found: list[tuple[str, Problem]]) -> str:
    """One line per offending text (first place seen, what offends), so a failure reads as a to-do list."""
    seen: dict[str, tuple[str, list[str]]] = {}
    for where, p in found:
        place, bad = seen.setdefault(p.text, (where, []))
        if f"{p.kind} {p.found!r}" not in bad:
            bad.append(f"{p.kind} {p.found!r}")
    return f"{len(seen)} offending texts:\n" + "\n".join(f"{where}: {', '.join(bad)} in {text[:200]!r}" for text, (where, bad) in seen.items())


def check(items: list[tuple[str, str, str, set[str]]], language: str) -> None:
    found = [(where, p) for where, lang, text, names in items if lang == language for p in problems(text, lang, names)]
    assert not found, report(found)


# ---------------------------------------------------------------- the checker itself

def test_the_checker_catches_each_kind_and_spares_the_allowed() -> None:
    """The rules bite: English, snake_case and Simplified-only characters are found; units, currency and
    country codes, control codes, code spans, legal quotations and user-entered names are not."""
    assert [p.kind for p in problems("规则包参数 alloy_match 为 principal", "zh-Hans")] == ["snake_case", "english"]
    assert [p.found for p in problems("商务部 海关总署公告", "zh-Hant")] == ["务", "关", "总"]
    assert problems("引用「商务部 海关总署公告2025年第18号」，1C904，48.00 USD，10 kg，目的地 JP（license_required）", "zh-Hant") == []
    assert problems("最终用户 Hanoi Magnet Works", "zh-Hans", {"Hanoi Magnet Works"}) == []
    assert problems("台灣、公里、核准、下游", "zh-Hant") == []
    assert [p.found for p in problems("最终用户 Hanoi Magnet Works", "zh-Hans")] == ["Hanoi", "Magnet", "Works"]
    assert problems("執行 reedesk verify PACK.pdf --trust FINGERPRINT；撤銷（Ctrl+Shift+Z）；{count} 份 (*.pdf)", "zh-Hant") == []
    assert [p.found for p in problems("執行 reedesk verify 然後 check it", "zh-Hant")] == ["check", "it"]
    assert [p.found for p in problems("名单（resources/screening）", "zh-Hans")] == ["resources", "screening"]
    assert problems("指紋 947B-E9F6-FF74-63C6，文件編號 RD-3865-6759-A657-8138，Ed25519 金鑰", "zh-Hant") == []


# ---------------------------------------------------------------- rules output

def test_the_constructed_dossiers_reach_the_rules_they_are_for(rendered) -> None:
    """The texts checked include the ban, the catch-all, No. 56 and the screening texts: RULES.md second review —
    point 11 (Export Control Law Art. 12 catch-all, 「知道或者应当知道」) for Nd to a Japanese military user, No. 46 Art. 1
    (「禁止两用物项对美国军事用户或军事用途出口」) for a listed item to a US military user, point 10 (No. 56, 2B902) for the furnace,
    points 3 and 5 for an unscreened listed end user (insufficient data, never licence required)."""
    day = "2026-11-25"
    assert rendered["outcomes"][("japanese-military-end-user", day)] == "license_required"
    assert rendered["outcomes"][("us-military-end-user", day)] == "prohibited"
    assert rendered["outcomes"][("2b902-furnace-from-china", day)] == "license_required"
    assert rendered["outcomes"][("unscreened-listed-end-user", day)] == "insufficient_data"
    assert len({o for (name, _), o in rendered["outcomes"].items()}) >= 4  # samples x dates span several outcomes


@pytest.mark.parametrize("language", CHINESE)
def test_memo_has_no_english_codes_or_wrong_script(rendered, language) -> None:
    """`reedesk evaluate --language zh-Hant|zh-Hans` on every sample at five dates and four constructed dossiers."""
    check(rendered["memo"], language)


@pytest.mark.parametrize("language", CHINESE)
def test_determination_texts_have_no_english_codes_or_wrong_script(rendered, language) -> None:
    """Every trilingual text of the determination JSON (findings' explanations, steps, readings, notes, missing data)."""
    check(rendered["determination"], language)


# ---------------------------------------------------------------- GUI vocabulary

@pytest.fixture
def gui_language(qapp):
    from reedesk.gui.i18n import set_language

    yield set_language
    set_language("en")


@pytest.mark.parametrize("language", CHINESE)
def test_gui_outcome_names(gui_language, language) -> None:
    """The browser's Outcome column names every FORMATS.md outcome in the window's language."""
    from reedesk.gui.models import OUTCOME_LABELS, outcome_label

    gui_language(language)
    items = [(f"outcome {o}", language, outcome_label(o), set()) for o in OUTCOME_LABELS]
    assert all(text for _, _, text, _ in items)
    check(items, language)


@pytest.mark.parametrize("language", CHINESE)
def test_gui_audit_action_names(gui_language, qtbot, desk, language) -> None:
    """The audit view's action filter and event lists name every action reedesk records in the window's language."""
    from reedesk.gui.audit_view import AuditView
    from reedesk.gui.models import action_label
    from reedesk.services.audit import KNOWN_ACTIONS

    view = AuditView(desk)
    qtbot.addWidget(view)
    gui_language(language)
    shown = [view.action_filter.itemText(i) for i in range(view.action_filter.count())]
    assert {view.action_filter.itemData(i) for i in range(1, view.action_filter.count())} == set(KNOWN_ACTIONS)
    items = [(f"audit filter item {i}", language, text, set()) for i, text in enumerate(shown)]
    items += [(f"audit action {a}", language, action_label(a), set()) for a in KNOWN_ACTIONS]
    check(items, language)


@pytest.mark.parametrize("language", CHINESE)
def test_gui_determination_panel(gui_language, qtbot, rendered, language) -> None:
    """The window's determination panel (outcome, summary, findings, working, figures, readings) for every
    sample and constructed dossier as of 2026-11-25, as the reader sees it."""
    from reedesk.gui.determination_panel import DeterminationPanel

    gui_language(language)
    panel = DeterminationPanel()
    qtbot.addWidget(panel)
    items = []
    for (name, day), (det, names) in rendered["documents"].items():
        if day != "2026-11-25":
            continue
        panel.show_document(det)
        text = panel.body.toPlainText()
        names = names | {f["rule"] for f in det["findings"]}  # rule ids are identifiers, shown as such
        assert det["dossier"]["reference"] in text or len(text) > 200
        items += [(f"{name} panel line {i + 1}", language, line, names) for i, line in enumerate(text.splitlines())]
    check(items, language)


# ---------------------------------------------------------------- the reviewer's checks

@pytest.fixture(scope="module")
def verified(exported) -> dict[str, Any]:  # noqa: F811
    """The real Sm-Co pack verified as exported (signer trusted) and after an appended update (tampered)."""
    from reedesk.evidence.verifier import verify_bytes

    trusted = [exported["identity"].key_id]
    fresh = verify_bytes(exported["bytes"], trusted_key_ids=trusted)
    tampered = verify_bytes(append_update(exported["bytes"]), trusted_key_ids=trusted)
    assert fresh.ok and not tampered.intact
    return {"fresh": fresh, "tampered": tampered}


@pytest.mark.parametrize("language", CHINESE)
def test_reviewer_check_names(gui_language, verified, language) -> None:
    """Reviewer mode names each verification check in the window's language (not `pdf_signature_intact`)."""
    from reedesk.gui.reviewer import CHECK_COLUMNS

    gui_language(language)
    name = CHECK_COLUMNS[0]
    items = [(f"check {c.name}", language, name.value(c), set()) for state in ("fresh", "tampered") for c in verified[state].checks]
    check(items, language)


@pytest.mark.parametrize("language", CHINESE)
def test_reviewer_check_reasons(gui_language, verified, language) -> None:
    """Reviewer mode gives each check's reason in the window's language, on a fresh and on a tampered pack."""
    from reedesk.gui.reviewer import CHECK_COLUMNS

    gui_language(language)
    reason = CHECK_COLUMNS[2]
    names = {"Mai Tran", "Compliance officer", "Lotus Magnetics Co., Ltd.", "LM-2026-0042"}
    items = [(f"{state} check {c.name}", language, reason.value(c), names) for state in ("fresh", "tampered") for c in verified[state].checks]
    check(items, language)


# ---------------------------------------------------------------- fixed wording: the pack's texts and the GUI catalogue

def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


@pytest.mark.parametrize("language", CHINESE)
def test_evidence_pack_wording(language) -> None:
    """Every text of the evidence pack (reports/texts/<language>.toml: cover, labels, How-to page, completeness
    block), with its {placeholders} left out; the language's own tag in [meta] is a code, not wording."""
    import tomllib

    from reedesk.resources import data_folder

    table = tomllib.loads((data_folder("reports") / "texts" / f"{language}.toml").read_text(encoding="utf-8"))
    items = [(f"reports/texts/{language}.toml {where}", language, text, set()) for where, text in _strings(table)
             if where != ".meta.language"]
    assert len(items) > 100
    check(items, language)


@pytest.mark.parametrize("language", CHINESE)
def test_gui_catalogue(language) -> None:
    """Every translation the window shows (resources/translations/<language>.json), placeholders, mnemonics,
    file patterns and shortcuts left out."""
    catalogue = json.loads((SAMPLES_DIR.parent / "translations" / f"{language}.json").read_text(encoding="utf-8"))
    items = [(f"translations/{language}.json {source[:60]!r}", language, text, set()) for source, text in catalogue.items()]
    assert len(items) > 500
    check(items, language)


# ---------------------------------------------------------------- the evidence pack as printed

@pytest.fixture(scope="module")
def printed_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The text lines of every page of the Sm-Co sample's pack exported in zh-Hant and in zh-Hans (a real desk)."""
    from pypdf import PdfReader

    from reedesk.services.desk import open_desk
    from tests.evidence.helpers import export, make_identity

    root = tmp_path_factory.mktemp("printed")
    lines: dict[str, list[str]] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REEDESK_HOME", str(root / "home"))
        mp.setenv("REEDESK_CONFIG_HOME", str(root / "config"))
        mp.setattr("reedesk.clock.os_account", lambda: "test-user")
        desk = open_desk(root / "home")
        try:
            make_identity(desk)
            for language in CHINESE:
                out = root / f"LM-2026-0042-{language}.pdf"
                export(desk, "LM-2026-0042", out, language=language)
                reader = PdfReader(str(out))
                lines[language] = [f"page {n} | {line}" for n, page in enumerate(reader.pages, start=1)
                                   for line in (page.extract_text() or "").splitlines()]
        finally:
            desk.close()
    return lines


@pytest.mark.parametrize("language", CHINESE)
def test_printed_pack_pages(printed_packs, language) -> None:
    """Every line of every page of a Chinese evidence pack, as a PDF viewer extracts it."""
    doc = sample_document("smco-magnet-vietnam")
    names = names_in(doc) | {"Mai Tran", "Compliance officer", "Lotus Magnetics Co., Ltd.", "test-user"}
    names |= {word for name in names for word in name.split()}  # a name a table cell wraps over two lines
    # The cover's machine line (REEDESK-COVER outcome=… ratio=…) is for the verifier, not for reading.
    machine = ("REEDESK-COVER ", "outcome=", "ratio=", "threshold=", "as_of=", "determination=")
    items = [(line.split(" | ", 1)[0], language, line.split(" | ", 1)[1], names) for line in printed_packs[language]
             if not line.split(" | ", 1)[1].startswith(machine)]
    assert len(items) > 200
    check(items, language)
