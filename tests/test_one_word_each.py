"""Issue 14 "one vocabulary": the same thing has one Chinese name in every text reedesk shows.

A dossier is 卷宗 (GUI, rule texts, engine prose, catalogue, pack texts); 案卷 crept in through the
error catalogue and the pack templates, so the window said 卷宗 where its error box said 案卷.
Audit is 稽核 in Traditional Chinese (Taiwan's word, used by the catalogue), never 審計 beside it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_SOURCES = [
    *sorted((ROOT / "resources" / "vocabulary").glob("*.toml")),
    *sorted((ROOT / "resources" / "translations").glob("*.json")),
    *sorted((ROOT / "reports").rglob("*.toml")),
    *sorted((ROOT / "reedesk").rglob("*.py")),
]


def test_a_dossier_is_always_juanzong() -> None:
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in TEXT_SOURCES
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "案卷" in line]
    assert len(TEXT_SOURCES) > 100 and offenders == [], f"案卷 where reedesk says 卷宗: {offenders}"


def test_traditional_audit_is_jihe_in_the_catalogue_and_the_window() -> None:
    for path in [ROOT / "resources" / "translations" / "zh-Hant.json", ROOT / "reports" / "texts" / "zh-Hant.toml"]:
        if path.exists():
            assert "審計" not in path.read_text(encoding="utf-8"), path
