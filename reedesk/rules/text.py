"""Trilingual text for determinations: English, Simplified and Traditional Chinese.

Every explanation, step and note in a determination is a dict with the keys
``en``, ``zh-Hans`` and ``zh-Hant`` so the evidence pack and the GUI can show the
reader's language without re-running the engine. Kept as plain dicts because the
determination must be JSON.
"""

from __future__ import annotations

from typing import Mapping

LANGUAGES = ("en", "zh-Hans", "zh-Hant")

Text = dict[str, str]


def tx(en: str, hans: str, hant: str) -> Text:
    """One message in the three languages."""
    return {"en": en, "zh-Hans": hans, "zh-Hant": hant}


def join(parts: list[Mapping[str, str]], sep: Mapping[str, str] | None = None) -> Text:
    """Concatenate several messages language by language."""
    glue = sep or {"en": " ", "zh-Hans": "", "zh-Hant": ""}
    return {lang: glue[lang].join(p[lang] for p in parts) for lang in LANGUAGES}


# Outcome names as shown to readers (the machine values stay the FORMATS.md strings).
OUTCOME_NAMES: dict[str, Text] = {
    "not_controlled": tx("not controlled", "不受管制", "不受管制"),
    "license_required": tx("licence required", "需申请许可", "需申請許可"),
    "license_required_presumption_of_denial": tx(
        "licence required, denial presumed", "需申请许可（原则上不予许可）", "需申請許可（原則上不予許可）"
    ),
    "case_by_case": tx("licence required, reviewed case by case", "需申请许可（逐案审查）", "需申請許可（逐案審查）"),
    "prohibited": tx("prohibited", "禁止出口", "禁止出口"),
    "exempt_report_required": tx(
        "no licence needed, export must be reported", "免于许可，但须报告", "免於許可，但須報告"
    ),
    "suspended": tx("rule applies but is suspended", "规则适用但暂停实施", "規則適用但暫停實施"),
    "insufficient_data": tx("insufficient data", "数据不足", "資料不足"),
}
