"""On-screen names for dossier JSON paths (core; no Qt).

Why: a problem message or a "data needed" list that says ``exchange_rates[1].rate``
makes the user count from zero and guess which tab holds the field. Every
message shown to a user names the place as the window shows it — the tab or
table, the 1-based row number printed in the table's margin, and the field's
label — in the reader's language. The GUI, the concerns before signing and the
evidence pack all use this one mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reedesk.rules.text import Text, tx

# The field labels as the editor shows them (same English source text as the GUI catalogue).
FIELDS: dict[str, Text] = {
    "reference": tx("Reference", "编号", "編號"),
    "client.name": tx("Client name", "客户名称", "客戶名稱"),
    "client.country": tx("Client country", "客户国家", "客戶國家"),
    "exporter.name": tx("Exporter name", "出口商名称", "出口商名稱"),
    "exporter.country": tx("Exporter country", "出口商国家", "出口商國家"),
    "product.name": tx("Product name", "产品名称", "產品名稱"),
    "product.description": tx("Description", "描述", "描述"),
    "product.hs_code": tx("HS code", "HS 编码", "HS 編碼"),
    "product.control_code": tx("Control code", "管制编码", "管制編碼"),  # (the catalogue's field.control_code)
    "product.category": tx("Category", "类别", "類別"),
    "product.elements": tx("Elements", "元素", "元素"),
    "product.made_in": tx("Made in", "制造地", "製造地"),
    "product.unit_value.amount": tx("Unit value", "单价", "單價"),
    "product.unit_value.currency": tx("Unit value currency", "单价币种", "單價幣種"),
    "product.unit_value": tx("Unit value", "单价", "單價"),
    "shipment.export_from": tx("Export from", "出口地", "出口地"),
    "shipment.destination": tx("Destination", "目的地", "目的地"),
    "shipment.end_use.category": tx("End use", "最终用途", "最終用途"),
    "shipment.end_use.description": tx("End-use description", "最终用途说明", "最終用途說明"),
    "shipment.end_use": tx("End use", "最终用途", "最終用途"),
    "shipment.end_user.name": tx("End user", "最终用户", "最終用戶"),
    "shipment.end_user.country": tx("End-user country", "最终用户国家", "最終用戶國家"),
    "shipment.end_user.military": tx("End user is military", "最终用户为军事用户", "最終用戶為軍事用戶"),
    "shipment.end_user.screening": tx("End user: screening decision", "最终用户：筛查结论", "最終用戶：篩查結論"),
    "shipment.end_user": tx("End user", "最终用户", "最終用戶"),
    "shipment.importer": tx("Importer", "进口商", "進口商"),
    "shipment.importer.screening": tx("Importer: screening decision", "进口商：筛查结论", "進口商：篩查結論"),
    "shipment.consignee": tx("Consignee", "收货人", "收貨人"),
    "shipment.consignee.screening": tx("Consignee: screening decision", "收货人：筛查结论", "收貨人：篩查結論"),
    "shipment.quantity": tx("Quantity", "数量", "數量"),
    "shipment.licence": tx("Licence", "许可证", "許可證"),
}

# Table columns, by the item's own path (``components[i].<path>``).
TABLES: dict[str, tuple[Text, dict[str, Text]]] = {
    "components": (tx("Bill of materials", "物料清单", "物料清單"), {
        "id": tx("Line", "行号", "行號"), "description": tx("Description", "描述", "描述"),
        "origin": tx("Origin", "原产地", "原產地"), "category": tx("Category", "类别", "類別"),
        "elements": tx("Elements", "元素", "元素"), "value.amount": tx("Value", "价值", "價值"),
        "value.currency": tx("Currency", "币种", "幣種"), "value": tx("Value", "价值", "價值"),
    }),
    "technologies": (tx("Technologies", "技术", "技術"), {
        "stage": tx("Stage", "环节", "環節"), "origin": tx("Origin", "原产地", "原產地"),
        "description": tx("Description", "描述", "描述"),
    }),
    "exchange_rates": (tx("Exchange rates", "汇率", "匯率"), {
        "from": tx("From", "从", "從"), "to": tx("To", "到", "到"), "rate": tx("Rate", "汇率", "匯率"),
        "date": tx("Date", "日期", "日期"), "source": tx("Source", "来源", "來源"),
    }),
}

_ROW = tx("{table}, row {row}", "{table}第{row}行", "{table}第{row}行")
_CELL = tx("{place}: {field}", "{place}：{field}", "{place}：{field}")
_RATE_NEEDED = tx("{table}: a rate from {source} to {target}", "{table}：{source}兑{target}的汇率",
                  "{table}：{source}兌{target}的匯率")
_OWNER = tx("{party}, owner {row}", "{party}第{row}个所有者", "{party}第{row}個所有者")
# An owner's fields (``<party>.owners[i].<field>``); its ``name`` is the owner itself, as a party's name is the party.
OWNER_FIELDS: dict[str, Text] = {"country": tx("Country", "国家", "國家"), "share": tx("Share", "持股比例", "持股比例")}

# ``components[2].value.amount``, ``shipment.end_user.owners[0].name``, ``exchange_rates[USD->CNY]``:
# a root followed by at least one ``.name`` or ``[...]`` (so the word "product" in prose is left alone).
PATH = re.compile(r"\b(?:client|exporter|product|shipment|components|technologies|exchange_rates)(?:\[[^\]\s]+\]|\.[a-z_]+)+")


def _language(language: str) -> str:
    try:
        from reedesk.vocabulary import normalise_language  # type: ignore[import-not-found]

        return normalise_language(language)
    except Exception:  # the catalogue not there yet, or a spelling it refuses: use the plain form
        return language if language in ("en", "zh-Hans", "zh-Hant") else "en"


@dataclass(frozen=True)
class Place:
    """Where a JSON path is on screen: the table (or None for a form), the 1-based row, the field key."""

    table: str | None
    row: int | None
    field: str


def place(path: str) -> Place:
    """Split ``components[2].value.amount`` into table ``components``, row 3, field ``value.amount``."""
    m = re.match(r"^(components|technologies|exchange_rates)\[(\d+)\](?:\.(.*))?$", path)
    if m:
        return Place(m.group(1), int(m.group(2)) + 1, m.group(3) or "")
    return Place(None, None, path)


def _currency_name(code: str, language: str) -> str:
    """A currency code by the vocabulary catalogue's name in ``language`` (the code itself if it names none)."""
    try:
        from reedesk import vocabulary

        named = vocabulary.code_in_text("currency", code.upper(), language)
        return code if named == code.upper() else named
    except Exception:  # noqa: BLE001 — the catalogue not there yet: the code, as before
        return code


def label(path: str, language: str = "en", *, detail: bool = False) -> str:
    """The on-screen name of ``path`` in ``language``; an unknown path is returned as it is.

    ``detail``: also the column of an entry in a cell's list (``components[0].elements[0]`` → "…, row 1: Elements")
    and an owner's field ("End user, owner 1: Share") — for a file problem beside its JSON path (session 14). The
    rules engine writes these names into stored determinations (the summary's 「请补充……」), so without ``detail`` they
    stay exactly as before: a stored document re-runs to its own bytes."""
    lang = _language(language)
    rate = re.match(r"^exchange_rates\[([A-Za-z]{3})->([A-Za-z]{3})\]$", path)
    if rate:
        source, target = rate.group(1), rate.group(2)
        if lang != "en":  # the currencies by their catalogue names in Chinese (「欧元兑美元的汇率」), as the rule texts say
            source, target = _currency_name(source, lang), _currency_name(target, lang)
        return _RATE_NEEDED[lang].format(table=TABLES["exchange_rates"][0][lang], source=source, target=target)
    if path in TABLES:  # the whole table (engine 3.5.0 asks for a missing BOM line by ``components``)
        return TABLES[path][0][lang]
    where = place(path)
    if where.table is not None:
        title, columns = TABLES[where.table]
        row = _ROW[lang].format(table=title[lang], row=where.row)
        column = columns.get(where.field)
        if column is None and where.field:  # value.amount.extra (and with detail elements[0]): the column holding it
            head = where.field.split(".")[0]
            column = columns.get(re.sub(r"\[\d+\]$", "", head) if detail else head)
        return _CELL[lang].format(place=row, field=column[lang]) if column else row
    owner = re.match(r"^(shipment\.[a-z_]+)\.owners\[(\d+)\](?:\.(.*))?$", path)
    if owner:
        party = FIELDS.get(owner.group(1))
        if party:
            row = _OWNER[lang].format(party=party[lang], row=int(owner.group(2)) + 1)
            field = OWNER_FIELDS.get((owner.group(3) or "").split(".")[0]) if detail else None
            return _CELL[lang].format(place=row, field=field[lang]) if field else row
    text = FIELDS.get(path)
    if text is None:  # ``product.unit_value.amount.extra``: the nearest named parent
        parts = path.split(".")
        for n in range(len(parts) - 1, 0, -1):
            text = FIELDS.get(".".join(parts[:n]))
            if text:
                break
    return text[lang] if text else path


def readable(message: str, language: str = "en") -> str:
    """``message`` with every dossier JSON path in it replaced by its on-screen name."""
    return PATH.sub(lambda m: label(m.group(0), language), message)
