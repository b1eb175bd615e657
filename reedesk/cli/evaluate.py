"""CLI command ``reedesk evaluate FILE_OR_REF --as-of DATE [--json]`` (FORMATS.md).

A stored dossier's reference is evaluated and the determination stored; a file
is evaluated and nothing is stored. The human form reads like an officer's
memo; ``--json`` prints the determination document.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import Any

from reedesk.cli.common import NONE_SHOWN, add_language_option, desk_from_env, print_json
from reedesk.domain.dossier_file import parse_dossier_json
from reedesk.errors import ReedeskError
from reedesk.rules.engine import determination_sha256
from reedesk import vocabulary
from reedesk.rules.text import OUTCOME_NAMES, label
from reedesk.services import evaluation
from reedesk.cli.columns import display_width

LABELS = {
    "en": {
        "title": "MEMORANDUM — export-control determination", "dossier": "Dossier", "revision": "revision",
        "unstored": "file, not stored", "product": "Product", "shipment": "Shipment", "as_of": "As of",
        "outcome": "Outcome", "findings": "Findings", "steps": "Working", "other": "Rules that do not apply",
        "missing": "Data needed", "notes": "Notes", "packs": "Rule packs used", "hash": "Determination SHA-256",
        "stored": "stored as determination", "not_stored": "not stored", "suspended": "Suspended from {f} until {u} by {b}.",
        "if_in_force": "Outcome if in force", "end_use": "end use", "end_user": "end user", "needed_by": "needed by",
        "citation": "Citation", "reviewed": "reviewed until", "made_in": "made in", "military": "military",
        "readings": "Readings (open points; the outcome above is the primary reading's)", "primary": "primary",
        "differs": "DIFFERS", "same": "same outcome", "source": "source", "customs": "Customs remark", "licence": "Licence",
        "snapshot": "snapshot", "engine": "engine",
        "result": {"applies": "applies", "does_not_apply": "does not apply", "suspended": "suspended",
                   "insufficient_data": "cannot be decided", "not_in_force": "not in force"},
    },
    "zh-Hans": {
        "title": "备忘录——出口管制判定", "dossier": "档案", "revision": "版本", "unstored": "文件，未保存",
        "product": "产品", "shipment": "运输", "as_of": "判定日期", "outcome": "结论", "findings": "认定",
        "steps": "计算过程", "other": "不适用的规则", "missing": "所需数据", "notes": "说明", "packs": "所用规则包",
        "hash": "判定 SHA-256", "stored": "已保存为判定", "stored_n": "已保存为第 {n} 号判定", "not_stored": "未保存", "suspended": "自{f}起至{u}由{b}暂停实施。",
        "if_in_force": "如施行则结论为", "end_use": "最终用途", "end_user": "最终用户", "needed_by": "所需规则",
        "citation": "依据", "reviewed": "审阅至", "made_in": "制造地", "military": "军事用户",
        "readings": "解读（未决问题；上述结论为主要解读的结论）", "primary": "主要解读", "differs": "结论不同", "same": "结论相同",
        "source": "来源", "customs": "报关申报", "licence": "许可证", "snapshot": "快照", "engine": "规则引擎",
        "result": {"applies": "适用", "does_not_apply": "不适用", "suspended": "暂停实施", "insufficient_data": "无法判断",
                   "not_in_force": "未生效"},
    },
    "zh-Hant": {
        "title": "備忘錄——出口管制判定", "dossier": "檔案", "revision": "版本", "unstored": "檔案，未儲存",
        "product": "產品", "shipment": "運輸", "as_of": "判定日期", "outcome": "結論", "findings": "認定",
        "steps": "計算過程", "other": "不適用的規則", "missing": "所需資料", "notes": "說明", "packs": "所用規則包",
        "hash": "判定 SHA-256", "stored": "已儲存為判定", "stored_n": "已儲存為第 {n} 號判定", "not_stored": "未儲存", "suspended": "自{f}起至{u}由{b}暫停實施。",
        "if_in_force": "如施行則結論為", "end_use": "最終用途", "end_user": "最終用戶", "needed_by": "所需規則",
        "citation": "依據", "reviewed": "審閱至", "made_in": "製造地", "military": "軍事用戶",
        "readings": "解讀（未決問題；上述結論為主要解讀的結論）", "primary": "主要解讀", "differs": "結論不同", "same": "結論相同",
        "source": "來源", "customs": "報關申報", "licence": "許可證", "snapshot": "快照", "engine": "規則引擎",
        "result": {"applies": "適用", "does_not_apply": "不適用", "suspended": "暫停實施", "insufficient_data": "無法判斷",
                   "not_in_force": "未生效"},
    },
}


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date such as 2026-11-25") from None


# The memo's separators: English as it always printed (scripts read it), Chinese with the fullwidth marks the
# catalogue's sentences use (docs/languages.md): "：" "（）" "；" "，" and "、" between listed names.
_MARKS = {
    "en": {"colon": ": ", "open": " (", "close": ")", "semi": "; ", "comma": ", ", "list": ", ", "sq": (" [", "]")},
    "zh": {"colon": "：", "open": "（", "close": "）", "semi": "；", "comma": "，", "list": "、", "sq": ("（", "）")},
}


def _marks(lang: str) -> dict[str, Any]:
    return _MARKS["en" if lang == "en" else "zh"]




def _rule(text: str, char: str) -> str:
    return char * display_width(text)


def readings_lines(doc: dict[str, Any], lang: str) -> list[str]:
    """The readings section of the memo: each alternative reading that gives another outcome,
    with its status and source, then how many others give the same outcome."""
    L = LABELS[lang]
    M = _marks(lang)
    alternatives = [r for r in doc.get("readings") or [] if not r.get("primary")]
    if not alternatives:
        return []
    out = ["", L["readings"], "-" * len(L["readings"]) if lang == "en" else _rule(L["readings"], "-")]
    same = 0
    for r in alternatives:
        if not r.get("differs"):
            same += 1
            continue
        outcome = OUTCOME_NAMES.get(r.get("outcome") or "", {}).get(lang, r.get("outcome") or "—")
        status = (r.get("status_text") or {}).get(lang, r.get("status", ""))
        point = r["point_text"][lang] if r.get("point_text") else r.get("point")
        source = f"; {L['source']}: {r.get('source')}" if lang == "en" else ""  # sources are cited as published
        if lang == "en":
            out.append(f"  - [{L['differs']}] {point}: {r['description'][lang]} → {outcome} ({status}{source})")
        else:
            out.append(f"  - ［{L['differs']}］{point}：{r['description'][lang]} → {outcome}（{status}）")
    if same:
        out.append("  " + {"en": f"{same} other reading(s) give the same outcome.", "zh-Hans": f"其他{same}项解读结论相同。",
                           "zh-Hant": f"其他{same}項解讀結論相同。"}[lang])
    return out


def _heading(out: list[str], text: str, char: str, lang: str) -> None:
    out.append(text)
    out.append(char * len(text) if lang == "en" else _rule(text, char))


def _missing_line(m: dict[str, Any], L: dict[str, Any], lang: str, rule_names: dict[str, str] | None = None) -> str:
    """A field the rules need: in English its path first (as scripts read it); in Chinese the sentence, then
    where the window shows the field (reedesk.vocabulary.path_place) when the sentence does not name it, and the
    rule that needs it by its citation (``rule_names``: rule id → the finding's cited text), not by its id."""
    if lang == "en":
        return f"  - {m['field']} ({L['needed_by']} {m['needed_by']}): {m[lang]}"
    field, sentence = str(m["field"]), str(m[lang])
    place = vocabulary.path_place(field, lang)
    if field in sentence:  # the texts pack writes "{path} 为空：…": the path named as the window names it
        sentence = sentence.replace(f"{field} ", place).replace(field, place)
    elif place and place not in sentence:
        sentence += f"（{place}）"
    needed_by = (rule_names or {}).get(str(m["needed_by"]))
    return f"  - {sentence}（{L['needed_by']}：{needed_by}）" if needed_by else f"  - {sentence}"


def _places_in(text: str, missing: list[dict[str, Any]], lang: str) -> str:
    """A Chinese sentence with each missing field's JSON path (the engine's summary says "请补充 components[0].origin")
    replaced by the name the window gives it; longest paths first, so ``components[1].value`` is not cut short by
    ``components``."""
    named = False
    for field in sorted({str(m["field"]) for m in missing}, key=len, reverse=True):
        if field in text:
            named = True
            text = text.replace(f" {field}", vocabulary.path_place(field, lang)).replace(field, vocabulary.path_place(field, lang))
    # the paths were listed "a, b": between two names now, the list mark Chinese uses
    return _NAME_LIST_COMMA.sub("、", text) if named else text


_NAME_LIST_COMMA = re.compile(r"(?<=[\u4e00-\u9fff）」]),\s*(?=[\u4e00-\u9fff「])")


def _shown(value: Any) -> str:
    """A snapshot value for the memo's heading lines: the dash the dossier view shows for an unknown one (a dossier
    with missing data is exactly the one this memo is read for), never Python's ``None``."""
    return NONE_SHOWN if value is None or value == "" else str(value)


def memo(doc: dict[str, Any], lang: str = "en", *, determination_id: int | None = None) -> str:
    """The determination as a memo a licensing officer can read (prose from rules.render.expand, contract C1;
    outcome names from reedesk.vocabulary, as the window and the evidence pack name them).

    The English memo keeps its outcome code after the name (scripts match ``(license_required)``); the Chinese
    memo names everything in words only, with fullwidth marks (the guide: no English or codes in Chinese
    output; ``--json`` is the machine form)."""
    from reedesk.rules.render import expand

    lang = vocabulary.normalise_language(lang)
    stored_doc, doc = doc, expand(doc)  # the hash is over the stored document, never the expanded view
    L = LABELS[lang]
    M = _marks(lang)
    c, o, k, semi, comma = M["colon"], M["open"], M["close"], M["semi"], M["comma"]
    zh = lang != "en"
    out: list[str] = []
    snap = doc["dossier"]["snapshot"]
    product = snap.get("product") or {}
    shipment = snap.get("shipment") or {}
    end_use = shipment.get("end_use") or {}
    end_user = shipment.get("end_user") or {}
    revision = doc["dossier"]["revision"]
    _heading(out, L["title"], "=", lang)
    out.append(f"{L['dossier']}{c}{doc['dossier']['reference']}{o}"
               + (f"{L['revision']} {revision}" if revision is not None else L["unstored"])
               + f"{k}{comma}{L['snapshot']} SHA-256 {doc['dossier']['sha256']}")
    value = product.get("unit_value") or {}
    sq_open, sq_close = M["sq"]
    elements = M["list"].join(product.get("elements") or [])
    category = label(product.get("category"))[lang]
    def place(code: Any) -> str:  # a country by its catalogue name in Chinese (「台湾」), the ISO code in English
        return _shown(vocabulary.code_in_text("country", code, lang))

    if zh and value and value.get("amount") not in (None, "") and value.get("currency") not in (None, ""):
        money = vocabulary.amount_text(value["amount"], value["currency"], lang)  # 「3500.00美元」
    else:
        money = " ".join(_shown(value.get(key)) for key in ("amount", "currency")) if value else NONE_SHOWN
    out.append(f"{L['product']}{c}{_shown(product.get('name'))}{sq_open}{category}{semi if product.get('elements') or not zh else ''}"
               f"{elements}{sq_close}{comma}{L['made_in']} {place(product.get('made_in'))}{comma}{money}")
    described = f"{o}{end_use['description']}{k}" if end_use.get("description") else ""
    out.append(f"{L['shipment']}{c}{place(shipment.get('export_from'))} → {place(shipment.get('destination'))}{semi}{L['end_use']} "
               f"{label(end_use.get('category'))[lang]}{described}{semi}{L['end_user']} {_shown(end_user.get('name'))}"
               + (f"{o}{place(end_user.get('country'))}{k}" if end_user.get("country") else "")
               + ((f" [{L['military']}]" if not zh else f"（{L['military']}）") if end_user.get("military") else ""))
    out.append(f"{L['as_of']}{c}{doc['as_of']}")
    out.append("")
    name = vocabulary.label("outcome", doc["outcome"], lang)
    out.append(f"{L['outcome']}: {name.upper()} ({doc['outcome']})" if not zh else f"{L['outcome']}：{name}")
    out.append(_places_in(doc["summary"][lang], doc["missing"], lang) if zh else doc["summary"][lang])
    out.extend(readings_lines(doc, lang))
    if doc.get("customs_remark"):
        out.append(doc["customs_remark"]["text"][lang])  # "Customs declaration: controlled goods, control code …"
    if doc.get("licence") and (doc["licence"].get("number") or doc["licence"].get("covers")):
        lic = doc["licence"]
        text = (lic.get("reason_text") or {}).get(lang) or lic.get("reason") or ""
        out.append(f"{L['licence']}{c}" + (f"{lic['number']} — " if lic.get("number") else "") + text)
    relevant = [f for f in doc["findings"] if f["result"] in ("applies", "suspended", "insufficient_data")]
    others = [f for f in doc["findings"] if f not in relevant]
    if relevant:
        out.append("")
        _heading(out, L["findings"], "-", lang)
    for n, f in enumerate(relevant, start=1):
        cite = f["citation"]
        cited = cite["text"][lang] if isinstance(cite.get("text"), dict) else f"{cite['announcement_zh'] if zh else cite['announcement']}, {cite['article']}"
        outcome = OUTCOME_NAMES.get(f["outcome"], {}).get(lang, f["outcome"])
        kind = "" if zh else f" [{f['kind']}]"  # the rule kind is a machine word: English memo only
        out.append(f"{n}. {cited}{kind}{c}{L['result'].get(f['result'], f['result'])} → {outcome}")
        phrase_zh = cite.get("key_phrase_zh_hant") or cite["key_phrase_zh"] if lang == "zh-Hant" else cite["key_phrase_zh"]
        out.append(f"   {L['citation']}：「{phrase_zh}」" if zh else f"   {L['citation']}: “{cite['key_phrase_en']}” 「{phrase_zh}」")
        out.append(f"   {f['explanation'][lang]}")
        if f.get("suspension"):
            s = f["suspension"]
            by = (s.get("by_zh_hant") or s.get("by_zh") or s["by"]) if lang == "zh-Hant" else ((s.get("by_zh") or s["by"]) if zh else s["by"])
            out.append("   " + L["suspended"].format(f=s["from"], u=s["until"], b=by))
        if f.get("outcome_if_in_force"):
            if_in_force = f["outcome_if_in_force"]
            out.append(f"   {L['if_in_force']}{c}{OUTCOME_NAMES.get(if_in_force, {}).get(lang, if_in_force)}")
        if f["steps"]:
            out.append(f"   {L['steps']}{c.rstrip()}")
            for step in f["steps"]:
                out.append(f"     {step['n']}. {step[lang]}")
    if others:
        out.append("")
        out.append(f"{L['other']}{c.rstrip()}")
        for f in others:
            cited = f["citation"].get("text") if isinstance(f["citation"].get("text"), dict) else None
            name = cited[lang] if zh and cited else f["rule"]  # a rule id may end in an English article name
            out.append(f"  - {name}{o}{L['result'].get(f['result'], f['result'])}{k}{c}{f['explanation'][lang]}")
            if f["kind"] == "value_content" and f["steps"]:  # the working, whether or not the rule applies
                out.append(f"    {L['steps']}{c.rstrip()}")
                for step in f["steps"]:
                    out.append(f"      {step['n']}. {step[lang]}")
    if doc["missing"]:
        out.append("")
        out.append(f"{L['missing']}{c.rstrip()}")
        rule_names = {f["rule"]: f["citation"]["text"][lang] for f in doc["findings"]
                      if isinstance(f.get("citation"), dict) and isinstance(f["citation"].get("text"), dict)}
        for m in doc["missing"]:
            out.append(_missing_line(m, L, lang, rule_names))
    if doc["notes"]:
        out.append("")
        out.append(f"{L['notes']}{c.rstrip()}")
        for note in doc["notes"]:
            out.append(f"  - {note[lang]}")
    out.append("")
    out.append(f"{L['packs']}{c.rstrip()}")
    for p in doc["packs"]:
        out.append(f"  - {p['id']} {p['version']} SHA-256 {p['sha256'][:16]}…{o}{L['reviewed']} {p['reviewed_until']}{k}")
    stored = f"{L['stored']} #{determination_id}" if determination_id is not None else L["not_stored"]
    if zh and determination_id is not None:
        stored = L["stored_n"].format(n=determination_id)
    out.append(f"{L['hash']}{c}{determination_sha256(stored_doc)}{o}{stored}{k}{semi}{L['engine']} {doc['engine']['name']} {doc['engine']['version']}")
    return "\n".join(out)


def _evaluate(args: argparse.Namespace) -> int:
    if getattr(args, "all", False):  # the whole portfolio: reedesk/cli/evaluate_all.py
        from reedesk.cli.evaluate_all import run

        return run(args)
    if args.target is None:
        raise ReedeskError.coded("evaluate_name_dossier_file_stored")
    with desk_from_env() as desk:
        path = Path(args.target)
        determination_id = None
        if path.is_file():
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ReedeskError.coded("evaluate_read", path=path, strerror=exc.strerror) from None
            dossier = parse_dossier_json(data, path.name)
            doc = evaluation.evaluate_dossier(desk, dossier, args.as_of)
        else:
            if path.suffix.lower() == ".json" or len(path.parts) > 1:
                raise ReedeskError.coded("evaluate_neither_file_nor_stored", target=args.target)
            stored = evaluation.evaluate_reference(desk, args.target, args.as_of)
            doc, determination_id = stored.document, stored.id
    if args.json:
        from reedesk.rules.render import expand

        # every 0.1 field, rendered at output time (FORMATS.md 0.2), and the SHA-256 of the stored facts document
        print_json({**expand(doc), "stored_sha256": determination_sha256(doc)})
    else:
        print(memo(doc, args.lang, determination_id=determination_id))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``evaluate`` to the reedesk parser."""
    p = subparsers.add_parser("evaluate", help="prints the determination of a dossier file or stored dossier")
    p.add_argument("target", metavar="FILE_OR_REF", nargs="?", help="a reedesk.dossier/1 JSON file (not stored) or a stored dossier's reference (stored)")
    p.add_argument("--all", action="store_true", help="re-evaluate every stored, non-archived dossier (stored; progress on stderr)")
    p.add_argument("--client", help="with --all: only this client's dossiers")
    p.add_argument("--workers", type=int, help="with --all: engine processes (default 1; 2 uses both cores)")
    p.add_argument("--progress", action="store_true", help="with --all: show the progress bar even when stderr is not a terminal")
    p.add_argument("--as-of", dest="as_of", required=True, type=_as_of, help="the date the law is applied as of (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print the determination document")
    add_language_option(p, dest="lang", help="language of the memo: en, zh-Hant or zh-Hans (default en)")
    p.set_defaults(handler=_evaluate)
