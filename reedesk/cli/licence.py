"""CLI commands ``reedesk licence add|list|show`` (docs/licences.md).

``add`` stores a ``reedesk.licence/1`` file (with ``--pdf`` the scanned licence, hashed
and kept in the desk); a changed file with a registered number becomes a new revision.
``list`` prints the register soonest expiry first, ``--expiring DAYS`` only those running
out within DAYS; ``show`` one licence with its balances and shipments. User errors: one
sentence, exit 2.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reedesk.cli.common import add_language_option as common_language_option, desk_from_env, print_json
from reedesk.errors import ReedeskError
from reedesk.services import licences
from reedesk.services.licences import LicenceSummary, LimitBalance

from reedesk.vocabulary import LANGUAGES  # noqa: E402  (one definition of the languages)

LABELS: dict[str, dict[str, str]] = {
    "en": {"number": "number", "type": "type", "holder": "holder", "valid": "valid", "status": "status",
           "remaining": "remaining", "empty": "The register holds no licences.", "none_expiring": "No licence expires within {days} days.",
           "revision": "revision", "of": "of", "shipments": "shipments", "source": "source document",
           "added": "Licence {number} added as revision {revision} (SHA-256 {sha}).",
           "unchanged": "Licence {number} is unchanged (revision {revision}); nothing was stored.",
           "days": "{days} days left", "no_limit": "no limit", "conditions": "conditions", "items": "items",
           "destinations": "destinations", "end_users": "end users", "consignees": "consignees", "any": "not restricted",
           "revisions": "revisions"},
    "zh-Hans": {"number": "编号", "type": "类型", "holder": "持证人", "valid": "有效期", "status": "状态",
                "remaining": "剩余额度", "empty": "许可证登记簿中没有许可证。", "none_expiring": "{days}天内没有到期的许可证。",
                "revision": "版本", "of": "/", "shipments": "出口记录", "source": "原件",
                "added": "许可证{number}已登记为第{revision}版（SHA-256 {sha}）。",
                "unchanged": "许可证{number}没有变化（第{revision}版），未保存任何内容。",
                "days": "剩余{days}天", "no_limit": "无限额", "conditions": "附加条件", "items": "物项",
                "destinations": "目的国", "end_users": "最终用户", "consignees": "收货人", "any": "不限",
                "revisions": "版本记录"},
    "zh-Hant": {"number": "編號", "type": "類型", "holder": "持證人", "valid": "有效期", "status": "狀態",
                "remaining": "剩餘額度", "empty": "許可證登記簿中沒有許可證。", "none_expiring": "{days}天內沒有到期的許可證。",
                "revision": "版本", "of": "/", "shipments": "出口記錄", "source": "原件",
                "added": "許可證{number}已登記為第{revision}版（SHA-256 {sha}）。",
                "unchanged": "許可證{number}沒有變化（第{revision}版），未儲存任何內容。",
                "days": "剩餘{days}天", "no_limit": "無限額", "conditions": "附加條件", "items": "物項",
                "destinations": "目的國", "end_users": "最終用戶", "consignees": "收貨人", "any": "不限",
                "revisions": "版本記錄"},
}

STATUS: dict[str, dict[str, str]] = {
    "valid": {"en": "valid", "zh-Hans": "有效", "zh-Hant": "有效"},
    "expiring": {"en": "EXPIRING SOON", "zh-Hans": "即将到期", "zh-Hant": "即將到期"},
    "expired": {"en": "expired", "zh-Hans": "已过期", "zh-Hant": "已過期"},
    "not_yet_valid": {"en": "not yet valid", "zh-Hans": "尚未生效", "zh-Hant": "尚未生效"},
}


def add_language_option(p: argparse.ArgumentParser) -> None:
    """``--language`` (``--lang`` hidden), one helper for every command (reedesk.cli.common)."""
    common_language_option(p, help="language of the output: en, zh-Hant or zh-Hans (default en)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("licence", help="the licence register (reedesk.licence/1): add, list, show",
                                   description="Keep the licences MOFCOM issued and what each has left.")
    sub = parser.add_subparsers(dest="licence_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("add", help="add a licence file, or a new revision of a registered licence")
    p.add_argument("file", metavar="FILE.json", type=Path)
    p.add_argument("--pdf", type=Path, default=None, help="the scanned licence (PDF), hashed and stored in the desk")
    p.add_argument("--reason", default=None, help="why (recorded in the audit trail)")
    add_language_option(p)
    p.set_defaults(handler=_add)

    p = sub.add_parser("list", help="the register, soonest expiry first")
    p.add_argument("--expiring", type=int, default=None, metavar="DAYS", help="only licences expiring within DAYS")
    p.add_argument("--today", default=None, metavar="DATE", help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="print JSON")
    add_language_option(p)
    p.set_defaults(handler=_list)

    p = sub.add_parser("show", help="one licence: its record, balances, shipments and revisions")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--revision", type=int, default=None)
    p.add_argument("--json", action="store_true", help="print JSON")
    add_language_option(p)
    p.set_defaults(handler=_show)

    p = sub.add_parser("delete", help="delete a licence once its retention period (5 years) has passed")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--reason", default=None, help="why (recorded in the audit trail)")
    add_language_option(p)
    p.set_defaults(handler=_delete)


def _today(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReedeskError.coded("licence_date_iso_date_such", text=text) from None


def _add(args: argparse.Namespace) -> int:
    L = LABELS[args.language]
    with desk_from_env() as desk:
        result = licences.add_licence_file(desk, args.file, source_pdf=args.pdf, reason=args.reason)
    key = "added" if result.changed else "unchanged"
    print(L[key].format(number=result.number, revision=result.revision, sha=result.sha256))
    return 0


def balance_text(b: LimitBalance, lang: str) -> str:
    """``60 kg / 100 kg, USD 140000.00 / USD 200000.00``; in Chinese ``60千克 / 100千克，140000.00美元 / 200000.00美元``."""
    from reedesk.licences.matching import amount_text, dstr, money_text

    parts = []
    if b.quantity is not None and b.unit is not None:
        left, cap = amount_text(b.remaining_quantity, b.unit)[lang], amount_text(b.quantity, b.unit)[lang]  # type: ignore[arg-type]
        parts.append(f"{left} / {cap}")
    if b.value is not None:
        parts.append(f"{money_text(b.currency, dstr(b.remaining_value), lang, True)} / "  # type: ignore[arg-type]
                     f"{money_text(b.currency, dstr(b.value), lang, True)}")  # type: ignore[arg-type]
    return (", " if lang == "en" else "，").join(parts)


def summary_document(s: LicenceSummary) -> dict[str, Any]:
    return {"number": s.number, "type": s.type, "holder": s.holder, "valid_from": s.valid_from,
            "valid_until": s.valid_until, "revision": s.revision, "status": s.status, "days_left": s.days_left,
            "shipments": s.shipments, "balances": [b.document() for b in s.balances]}


def _list(args: argparse.Namespace) -> int:
    lang, L = args.language, LABELS[args.language]
    C = ": " if lang == "en" else "："
    with desk_from_env() as desk:
        rows = licences.list_licences(desk, expiring_within=args.expiring, today=_today(args.today))
    if args.json:
        print_json([summary_document(s) for s in rows])
        return 0
    if not rows:
        print(L["none_expiring"].format(days=args.expiring) if args.expiring is not None else L["empty"])
        return 0
    from reedesk.licences.matching import TYPE_NAMES

    for s in rows:
        badge = "⚠ " if s.expiring else ""
        balances = ("; " if lang == "en" else "；").join(balance_text(b, lang) for b in s.balances) or L["no_limit"]
        days = L["days"].format(days=s.days_left) if s.status in ("valid", "expiring") else ""
        print(f"{badge}{s.number}  {TYPE_NAMES[s.type][lang]}  {s.holder}  {s.valid_from}..{s.valid_until}  "
              f"{STATUS[s.status][lang]} {days}".rstrip() + f"  {L['remaining']}{C}{balances}")
    return 0


def _show(args: argparse.Namespace) -> int:
    lang, L = args.language, LABELS[args.language]
    C = ": " if lang == "en" else "："
    with desk_from_env() as desk:
        view = licences.show_licence(desk, args.number, revision=args.revision)
    s = view.summary
    if args.json:
        print_json({"licence": view.document, "revision": view.revision, "latest_revision": view.latest_revision,
                    "sha256": view.sha256, "summary": summary_document(s),
                    "revisions": [r.__dict__ for r in view.revisions],
                    "shipments": [sh.__dict__ for sh in view.shipments],
                    "attachments": [{k: v for k, v in a.__dict__.items()} for a in view.attachments]})
        return 0
    from reedesk.licences.matching import TYPE_NAMES, amount_text, country_text, join_text, money_text

    d = view.document
    holder_country = d['holder'].get('country')
    holder_country = country_text(holder_country, lang, True) if holder_country else '-'
    # Chinese names countries and currencies from the catalogue (as the licence reasons, matching.py); English: the codes
    destinations = join_text([country_text(c, lang, True) for c in d["destinations"]], lang, True)
    o, k, semi = (" (", ")", "; ") if lang == "en" else ("（", "）", "；")  # Chinese: the catalogue's fullwidth marks
    out = [f"{d['number']}  ({L['revision']} {view.revision} {L['of']} {view.latest_revision})  {TYPE_NAMES[d['type']][lang]}"
           if lang == "en" else f"{d['number']}（{L['revision']} {view.revision} {L['of']} {view.latest_revision}）  {TYPE_NAMES[d['type']][lang]}",
           f"{L['holder']}{C}{d['holder']['name']}{o}{holder_country}{k}{semi}{d['authority']}",
           f"{L['valid']}{C}{d['valid_from']} .. {d['valid_until']}  {STATUS[s.status][lang]}",
           f"{L['items']}{C}" + semi.join(f"{i['control_code']} {i.get('description') or ''} {i.get('hs_code') or ''}".strip()
                                        for i in d["items"]),
           f"{L['destinations']}{C}{destinations}",
           f"{L['end_users']}{C}" + (semi.join(p["name"] for p in d.get("end_users", [])) or L["any"]),
           f"{L['consignees']}{C}" + (semi.join(p["name"] for p in d.get("consignees", [])) or L["any"]),
           f"{L['remaining']}{C}" + (("; " if lang == "en" else "；").join(balance_text(b, lang) for b in s.balances) or L["no_limit"])]
    if d.get("conditions"):
        out.append(f"{L['conditions']}{C}{d['conditions']}")
    if view.attachments:
        out += [f"{L['source']}{C}{a.file_name} SHA-256 {a.sha256}" for a in view.attachments]
    out.append(f"{L['shipments']}{C.strip()}")
    for sh in view.shipments:
        value = (f"{', ' if lang == 'en' else '，'}{money_text(sh.value_currency or '', sh.value_amount, lang, True)}"
                 if sh.value_amount else "")
        amount = (f"{sh.quantity} {sh.unit or ''}".rstrip() if lang == "en" or not sh.unit
                  else amount_text(Decimal(str(sh.quantity)), sh.unit)[lang])
        out.append(f"  #{sh.id} {sh.shipped_on} {sh.dossier_reference}{': ' if lang == 'en' else '：'}{amount}" + value)
    out.append(f"{L['revisions']}{C.strip()}")
    out += [f"  {r.number} {r.created_at} {r.created_by} {r.sha256[:16]}… {r.reason or ''}".rstrip() for r in view.revisions]
    print("\n".join(out))
    return 0


def _delete(args: argparse.Namespace) -> int:
    from reedesk.services.retention import delete_licence

    with desk_from_env() as desk:
        delete_licence(desk, args.number, reason=args.reason)
    from reedesk.cli.common import say

    print(say(args, "licence_deleted", number=args.number))
    return 0
