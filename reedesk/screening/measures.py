"""What a listing does, as data: the measure codes list files give per list or per entry
(contract B), with their labels in the three languages.

Why codes and not prose: the rule kind ``listing`` (reedesk/rules/listing.py) applies
each measure (a control-list listing prohibits, a watch-list listing adds conditions,
an unreliable-entity-list decision sets its own measures), and the GUI, CLI and PDF
show the same label for the same code.
"""

from __future__ import annotations

MEASURES: dict[str, dict[str, str]] = {
    # control list (出口管制管控名单), e.g. MOFCOM Announcement No. 11 of 2026
    "dual_use_export_ban": {
        "en": "no export of dual-use items to the entity (a licence may be sought only in exceptional cases)",
        "zh-Hant": "禁止向該實體出口兩用物項（特殊情況下確需出口的，方可向商務部申請）",
        "zh-Hans": "禁止向该实体出口两用物项（特殊情况下确需出口的，方可向商务部申请）",
    },
    "foreign_transfer_ban": {
        "en": "no transfer or provision of China-origin dual-use items to the entity by foreign organisations or individuals",
        "zh-Hant": "禁止境外組織和個人將原產於中華人民共和國的兩用物項轉移或提供給該實體",
        "zh-Hans": "禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给该实体",
    },
    # watch list (关注名单), Dual-Use Regulations Art. 26, e.g. No. 12 of 2026
    "no_general_licence": {
        "en": "no general licence and no export certificate by registration: a single licence only",
        "zh-Hant": "不得申請通用許可或以登記填報信息方式獲得出口憑證，只能申請單項許可",
        "zh-Hans": "不得申请通用许可或以登记填报信息方式获得出口凭证，只能申请单项许可",
    },
    "risk_assessment_report": {
        "en": "the licence application must include a risk-assessment report on the listed entity",
        "zh-Hant": "申請許可時應提交對列入關注名單實體的風險評估報告",
        "zh-Hans": "申请许可时应提交对列入关注名单实体的风险评估报告",
    },
    "written_undertaking": {
        "en": "the licence application must include a written undertaking on the use of the items",
        "zh-Hant": "申請許可時應提供書面承諾",
        "zh-Hans": "申请许可时应提供书面承诺",
    },
    # unreliable entity list (不可靠实体清单): set per listing decision
    "no_import_export": {
        "en": "no import or export activities related to China",
        "zh-Hant": "禁止從事與中國有關的進出口活動",
        "zh-Hans": "禁止从事与中国有关的进出口活动",
    },
    "no_new_investment": {
        "en": "no new investment in China",
        "zh-Hant": "禁止在中國境內新增投資",
        "zh-Hans": "禁止在中国境内新增投资",
    },
    "no_domestic_dealings": {
        "en": "organisations and individuals in China may not transact or cooperate with the entity",
        "zh-Hant": "禁止中國境內組織、個人與其進行交易、合作等活動",
        "zh-Hans": "禁止中国境内组织、个人与其进行交易、合作等活动",
    },
    "entry_ban": {
        "en": "the entity's senior managers may not enter China; their work permits and residence are revoked",
        "zh-Hant": "禁止該實體高級管理人員入境，取消其在中國境內的工作許可、停留或居留資格",
        "zh-Hans": "禁止该实体高级管理人员入境，取消其在中国境内的工作许可、停留或居留资格",
    },
}

# What a list of a kind does when neither the list nor the entry names measures (an imported list).
KIND_DEFAULTS: dict[str, tuple[str, ...]] = {
    "control_list": ("dual_use_export_ban",),
    "watch_list": ("no_general_licence", "risk_assessment_report", "written_undertaking"),
}

# Measures that prohibit the transaction outright (reedesk.rules.listing).
PROHIBITING = frozenset({"dual_use_export_ban", "foreign_transfer_ban", "no_import_export"})
# Measures that are conditions on a licence application (watch list).
CONDITIONS = ("no_general_licence", "risk_assessment_report", "written_undertaking")


def measure_label(code: str, language: str = "en") -> str:
    """The label of a measure code in ``language`` (the code itself if unknown)."""
    return MEASURES.get(code, {}).get(language, code)
