"""CLI commands ``reedesk retention report`` and ``reedesk retention delete-attachment ID``
(docs/licences.md, "Retention").

Records are kept at least 5 years (Dual-Use Items Export Control Regulations Art. 27):
``report`` lists every dossier, licence and attached document with the date it may be
deleted; deleting anything earlier is refused with that date.
"""

from __future__ import annotations

import argparse
from datetime import date

from reedesk.cli.common import desk_from_env, print_json
from reedesk.cli.licence import add_language_option
from reedesk.errors import ReedeskError
from reedesk.services import retention

KINDS = {"dossier": {"en": "dossier", "zh-Hans": "卷宗", "zh-Hant": "卷宗"},
         "licence": {"en": "licence", "zh-Hans": "许可证", "zh-Hant": "許可證"},
         "attachment": {"en": "attachment", "zh-Hans": "随附文件", "zh-Hant": "隨附檔案"}}
ANCHORS = {"last export": {"zh-Hans": "最后一次导出", "zh-Hant": "最後一次匯出"},
           "last shipment": {"zh-Hans": "最后一次出口", "zh-Hant": "最後一次出口"},
           "end of validity": {"zh-Hans": "有效期届满", "zh-Hant": "有效期屆滿"},
           "attached": {"zh-Hans": "附加日期", "zh-Hant": "附加日期"}}
TEXT = {
    "en": {"now": "deletable now", "not_kept": "not under the retention rule (never exported or shipped)",
           "from": "{anchor} {date}", "until": "kept until {date}", "empty": "The desk holds no records."},
    "zh-Hans": {"now": "现可删除", "not_kept": "不受保存期限约束（从未导出或出口）",
                "from": "{anchor}：{date}", "until": "须保存至{date}", "empty": "本工作台没有任何记录。"},
    "zh-Hant": {"now": "現可刪除", "not_kept": "不受保存期限約束（從未匯出或出口）",
                "from": "{anchor}：{date}", "until": "須保存至{date}", "empty": "本工作台沒有任何記錄。"},
}


def _today(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReedeskError.coded("retention_today_iso_date_such", text=text) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("retention", help="record retention (at least 5 years): what may be deleted and when",
                                   description="Records are kept at least 5 years (Dual-Use Items Export Control "
                                               "Regulations Art. 27).")
    sub = parser.add_subparsers(dest="retention_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("report", help="every dossier, licence and attachment with the date it may be deleted")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--today", default=None, metavar="DATE", help="compute as of this date (default: today)")
    add_language_option(p)
    p.set_defaults(handler=_report)
    p = sub.add_parser("delete-attachment", help="delete a stored document once its retention period has passed")
    p.add_argument("attachment_id", metavar="ID", type=int)
    p.add_argument("--reason", default=None)
    add_language_option(p)
    p.set_defaults(handler=_delete_attachment)


def _anchor(what: str | None, lang: str) -> str:
    if what is None or lang == "en":
        return what or ""
    head, _, tail = what.rpartition(": ")
    label = ANCHORS.get(tail, {}).get(lang, tail)
    if head:
        kind, _, key = head.partition(" ")
        return f"{KINDS.get(kind, {}).get(lang, kind)} {key}：{label}"
    return label


def _report(args: argparse.Namespace) -> int:
    lang, T = args.language, TEXT[args.language]
    with desk_from_env() as desk:
        rows = retention.retention_report(desk, today=_today(args.today))
    if args.json:
        print_json([r.document() for r in rows])
        return 0
    if not rows:
        print(T["empty"])
        return 0
    for r in rows:
        if r.deletable_on is None:
            state = T["not_kept"]
        else:
            since = T["from"].format(anchor=_anchor(r.anchor, lang), date=r.anchor_date)
            state = f"{T['now'] if r.deletable_now else T['until'].format(date=r.deletable_on)}" + (
                f" ({since})" if lang == "en" else f"（{since}）")
        print(f"{r.deletable_on or '—':10}  {KINDS[r.kind][lang]}  {r.key}  {state}")
    return 0


def _delete_attachment(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        retention.delete_attachment(desk, args.attachment_id, reason=args.reason)
    from reedesk.cli.common import say

    print(say(args, "attachment_deleted", id=args.attachment_id))
    return 0
