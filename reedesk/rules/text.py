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


# Human names for the dossier's machine codes, so a Chinese sentence never carries
# ``rare_earth_permanent_magnet`` or ``civil``. The code itself stays in the figures.
CODE_LABELS: dict[str, Text] = {
    # item categories
    "rare_earth_metal": tx("rare-earth metal", "稀土金属", "稀土金屬"),
    "rare_earth_alloy": tx("rare-earth alloy", "稀土合金", "稀土合金"),
    "rare_earth_oxide": tx("rare-earth oxide", "稀土氧化物", "稀土氧化物"),
    "rare_earth_compound": tx("rare-earth compound", "稀土化合物", "稀土化合物"),
    "rare_earth_permanent_magnet": tx("rare-earth permanent magnet", "稀土永磁体", "稀土永磁體"),
    "rare_earth_target": tx("rare-earth target", "稀土靶材", "稀土靶材"),
    "rare_earth_equipment": tx("rare-earth production equipment", "稀土生产设备", "稀土生產設備"),
    "rare_earth_raw_material": tx("rare-earth raw material", "稀土原材料", "稀土原材料"),
    "rare_earth_technology": tx("rare-earth technology", "稀土技术", "稀土技術"),
    "superhard_material": tx("superhard material", "超硬材料", "超硬材料"),
    "battery_material": tx("battery material", "电池材料", "電池材料"),
    "other": tx("other item", "其他物项", "其他物項"),
    # end-use categories
    "civil": tx("civil use", "民用", "民用"),
    "military": tx("military use", "军事用途", "軍事用途"),
    "wmd": tx("weapons of mass destruction", "大规模杀伤性武器", "大規模殺傷性武器"),
    "terrorism": tx("terrorism", "恐怖主义", "恐怖主義"),
    "advanced_logic_14nm": tx("logic chips of 14 nm and below", "14纳米及以下逻辑芯片", "14奈米及以下邏輯晶片"),
    "advanced_memory_256_layer": tx("memory chips of 256 layers and above", "256层及以上存储芯片", "256層及以上儲存晶片"),
    "military_ai": tx("AI R&D with potential military use", "可能具有军事用途的人工智能研发", "可能具有軍事用途的人工智慧研發"),
    "humanitarian": tx("humanitarian use", "人道主义用途", "人道主義用途"),
    # technology stages
    "mining": tx("mining", "开采", "開採"),
    "smelting_separation": tx("smelting separation", "冶炼分离", "冶煉分離"),
    "metal_smelting": tx("metal smelting", "金属冶炼", "金屬冶煉"),
    "magnet_manufacturing": tx("magnet manufacturing", "磁材制造", "磁材製造"),
    "secondary_recycling": tx("secondary-resource recycling", "二次资源回收利用", "二次資源回收利用"),
    # scopes of origin rules
    "export_from_home": tx("export from the home country", "自本国出口", "自本國出口"),
    "reexport_home_origin": tx("re-export of home-country-origin items", "本国原产物项的再出口", "本國原產物項的再出口"),
    # comparisons
    "at_or_above": tx("at or above the threshold", "达到或超过门槛", "達到或超過門檻"),
    "below": tx("below the threshold", "低于门槛", "低於門檻"),
}

_UNKNOWN = tx("(not stated)", "（未说明）", "（未說明）")


def label(code: str | None) -> Text:
    """The reader's name for a machine code (the code itself when none is known)."""
    if code is None:
        return dict(_UNKNOWN)
    return dict(CODE_LABELS.get(code, tx(code, code, code)))


def labels_of(codes: list[str] | tuple[str, ...], sep: Text | None = None) -> Text:
    """Several codes named in each language (``military use, weapons of …`` / ``军事用途、…``)."""
    glue = sep or {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}
    return {lang: glue[lang].join(label(c)[lang] for c in codes) for lang in LANGUAGES}


# "made in", "no effect" and similar fragments used in several rule kinds.
NO_EFFECT = tx(
    "No effect: this rule does not apply, so it neither requires nor relaxes anything.",
    "不产生效果：该规则不适用，既不要求也不放宽任何事项。",
    "不產生效果：該規則不適用，既不要求也不放寬任何事項。",
)
