"""CLI commands on dossiers: ``import``, ``list``, ``show``, ``archive``, ``restore``, ``delete``.

A thin layer over :mod:`reedesk.services.dossiers` and :mod:`reedesk.services.imports`
(FORMATS.md, "Command line"); every user error is a ``ReedeskError`` that
``cli/main.py`` prints as one sentence with exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from reedesk.cli.common import NONE_SHOWN, add_language_option, clean, confirm, desk_from_env, print_json, say
from reedesk.domain.dossier import Dossier, Money, Party
from reedesk.domain.dossier_file import dossier_to_document
from reedesk.errors import ReedeskError, ValidationFailed
from reedesk.services import dossiers as dossier_service
from reedesk.services import imports as import_service
from reedesk.services.desk import Desk
from reedesk.cli.columns import display_width as _width, pad as _pad



def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("revisions are numbered from 1")
    return value


def _with_desk(action: Callable[[Desk, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        with desk_from_env() as desk:
            return action(desk, args)

    return handler


# ----------------------------------------------------------------------------- import


def _plural(count: int, noun: str, language: str = "en") -> str:
    if language != "en":  # [cli.count_file], [cli.count_dossier], [cli.count_component]
        return say(language, f"count_{noun}", count=count)
    return f"{count} {noun}{'' if count == 1 else 's'}"


def print_problems(failed: ValidationFailed, language: str = "en") -> int:  # file names and cells are escaped by clean()
    """The refusal as one sentence, then one problem per line (an import can have dozens), in ``language``;
    a dossier file's problem names the place as the window does (reedesk.vocabulary.problem_text)."""
    from reedesk import vocabulary

    count = len(failed.problems)
    if language == "en":
        head = f"{failed.source} was refused, {_plural(count, 'problem')}; nothing was stored:"
    else:
        files = failed.params.get("files")
        source = vocabulary.refused_source(files, language) if isinstance(files, list) and len(files) > 1 else failed.source
        head = vocabulary.message("error", "import_refused", {"source": source, "count": count}, language) or ""
    print(f"reedesk: {clean(head)}", file=sys.stderr)
    for problem in failed.problems:
        print(f"  - {clean(vocabulary.problem_text(problem, language))}", file=sys.stderr)
    return 2


def _import_paths(args: argparse.Namespace) -> list[Path]:
    paths = [Path(p) for p in args.files]
    if args.samples:
        from reedesk.services.samples import sample_files

        paths += sample_files()
    if not paths:
        raise ReedeskError.coded("dossiers_name_files_import_dossier")
    return paths


def _import(desk: Desk, args: argparse.Namespace) -> int:
    paths = _import_paths(args)
    try:
        if args.dry_run:
            preview = import_service.preview_import(desk, paths, args.dossier)
            preview.raise_if_problems()
        else:
            results = import_service.import_files(desk, paths, args.dossier)
    except ValidationFailed as failed:
        return print_problems(failed, getattr(args, "language", "en"))
    language = getattr(args, "language", "en")
    if args.dry_run:
        for planned in preview.dossiers:
            if not planned.changed:
                state = say(language, "import_unchanged", revision=planned.current_revision)
            elif planned.is_new:
                state = say(language, "import_would_create")
            else:
                state = say(language, "import_would_become", revision=planned.next_revision)
            components = _plural(len(planned.dossier.components), "component", language)
            print(say(language, "import_planned", reference=planned.reference, state=state, components=components,
                      sources=", ".join(planned.sources) if language == "en" else "、".join(planned.sources)))
        print(say(language, "import_dry_run"))
        return 0
    for result in results:
        state = (say(language, "import_stored", revision=result.revision) if result.changed
                 else say(language, "import_unchanged", revision=result.revision))
        print(say(language, "import_result", reference=result.reference, state=state))
    changed = sum(r.changed for r in results)
    print(say(language, "import_done", files=_plural(len(paths), "file", language),
              dossiers=_plural(changed, "dossier", language)))
    return 0


# ----------------------------------------------------------------------------- list






def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: dict[int, int] | None = None) -> str:
    """A plain-text table; long cells are shortened with an ellipsis to the given widths. Columns are measured in
    terminal columns (a Chinese character is two), which for ASCII is the length, as before."""
    limits = widths or {}
    clipped = [
        [cell if len(cell) <= limits.get(i, 10_000) else cell[: limits[i] - 1] + "…" for i, cell in enumerate(row)]
        for row in rows
    ]
    sizes = [max([_width(h)] + [_width(r[i]) for r in clipped]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * size for size in sizes))
    lines += ["  ".join(_pad(cell, sizes[i]) for i, cell in enumerate(row)).rstrip() for row in clipped]
    return "\n".join(lines)


# The list's words in each language (the outcome names come from reedesk.vocabulary).
LIST_TEXTS = {
    "en": {"headers": ["reference", "client", "product", "revision", "last outcome", "as-of", "signed"], "archived": " (archived)",
           "yes": "yes", "no": "no", "none": "No dossiers match.", "empty": "No dossiers yet — try `reedesk import --samples`.",
           "count": "{count} dossier", "count_many": "{count} dossiers",
           "no_client": "No client's name contains {client!r}; `reedesk list` shows every client's dossiers."},
    "zh-Hant": {"headers": ["編號", "客戶", "產品", "版本", "最近結論", "判定日期", "已簽署"], "archived": "（已封存）",
                "yes": "是", "no": "否", "none": "沒有相符的卷宗。", "empty": "尚無卷宗 — 可試試 reedesk import --samples。",
                "count": "共 {count} 份卷宗", "count_many": "共 {count} 份卷宗",
                "no_client": "沒有客戶名稱包含「{client}」；reedesk list 列出所有客戶的卷宗。"},
    "zh-Hans": {"headers": ["编号", "客户", "产品", "版本", "最近结论", "判定日期", "已签署"], "archived": "（已归档）",
                "yes": "是", "no": "否", "none": "没有相符的卷宗。", "empty": "尚无卷宗 — 可试试 reedesk import --samples。",
                "count": "共 {count} 份卷宗", "count_many": "共 {count} 份卷宗",
                "no_client": "没有客户名称包含「{client}」；reedesk list 列出所有客户的卷宗。"},
}


def matching_clients(desk: Desk, typed: str) -> list[str]:
    """The clients ``--client`` means: the one named exactly (any case), else every client whose name
    contains the text (case-insensitive), so "takumi" finds "Takumi Motors K.K."."""
    names = dossier_service.list_clients(desk)
    folded = typed.strip().casefold()
    exact = [n for n in names if n.casefold() == folded]
    return exact or [n for n in names if folded in n.casefold()]


def _list(desk: Desk, args: argparse.Namespace) -> int:
    from reedesk import vocabulary

    T = LIST_TEXTS[args.language]
    if args.client is not None:
        clients = matching_clients(desk, args.client)
        if not clients:
            raise ReedeskError(T["no_client"].format(client=args.client))
        summaries = [s for client in clients for s in dossier_service.list_dossiers(
            desk, search=args.search, client=client, include_archived=args.archived)]
        summaries.sort(key=lambda s: s.reference)
    else:
        summaries = dossier_service.list_dossiers(desk, search=args.search, include_archived=args.archived)
    if not summaries:
        anything = args.search or args.client or (not args.archived and dossier_service.list_dossiers(
            desk, include_archived=True, limit=1))
        print(T["none"] if anything else T["empty"])
        return 0
    rows = []
    for s in summaries:
        reference = s.reference + (T["archived"] if s.archived else "")
        outcome = s.last_outcome
        if outcome and args.language != "en":
            outcome = vocabulary.label("outcome", outcome, args.language)  # its name only: the codes are --json's
        rows.append([
            clean(reference), clean(s.client_name), clean(s.product_name or NONE_SHOWN), str(s.revision),
            outcome or NONE_SHOWN, s.last_as_of or NONE_SHOWN, T["yes"] if s.signed else T["no"],
        ])
    print(_table(T["headers"], rows, widths=None if args.wide else {1: 30, 2: 40}))
    print((T["count"] if len(summaries) == 1 else T["count_many"]).format(count=len(summaries)))
    return 0


# ----------------------------------------------------------------------------- show


def _money(m: Money | None, lang: str = "en") -> str:
    """``3500.00 USD``; in Chinese the currency by its catalogue name, 「3500.00美元」 (as the rule texts write it)."""
    if m is None:
        return NONE_SHOWN
    amount = NONE_SHOWN if m.amount is None else format(m.amount, "f")
    if lang != "en" and m.currency:
        from reedesk import vocabulary

        return vocabulary.amount_text(amount, m.currency, lang)
    return f"{amount} {m.currency or '?'}"


def _party(p: Party | None, lang: str = "en") -> str:
    if p is None:
        return NONE_SHOWN
    if lang != "en":
        return f"{p.name or '?'}（{_code('country', p.country, lang) if p.country else '?'}）"
    text = f"{p.name or '?'} ({p.country or '?'})"
    return text + (" [military]" if p.military else "")


def _text(value: object) -> str:
    if value is None:
        return NONE_SHOWN
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or NONE_SHOWN
    return str(value)


class _ShowTexts(dict):
    """The labels of ``reedesk show`` by language, read from the vocabulary catalogue (``[show.<key>]`` in
    resources/vocabulary/messages.toml): ``SHOW_TEXTS["zh-Hans"]["client"]``."""

    KEYS = ("heading", "archived", "snapshot", "client", "exporter", "product", "hs", "category", "elements", "made_in",
            "unit_value", "shipment", "end_use", "end_user", "bom", "no_bom", "bom_headers", "technologies", "tech",
            "rates", "rate", "military")

    def __missing__(self, language: str) -> dict[str, Any]:
        from reedesk import vocabulary

        texts: dict[str, Any] = {key: vocabulary.message("show", key, {}, language) or key for key in self.KEYS}
        texts["bom_headers"] = texts["bom_headers"].split("|")
        self[language] = texts
        return texts


SHOW_TEXTS = _ShowTexts()


def _code(kind: str, code: str | None, lang: str) -> str:
    """A dossier code as written (English) or named by the vocabulary (Chinese: the name only, no code beside it;
    a code the vocabulary does not know is quoted 「as written」)."""
    if code is None or lang == "en":
        return _text(code)
    from reedesk import vocabulary

    if not vocabulary.known(kind, code):
        return f"「{code}」"
    return vocabulary.label(kind, code, lang)


def _describe(d: Dossier, lang: str = "en") -> list[str]:
    T = SHOW_TEXTS[lang]
    gap = "    " if lang == "en" else "　"

    def party(p: Party | None) -> str:
        return _party(p, lang) + (T["military"] if lang != "en" and p is not None and p.military else "")

    sp = " " if lang == "en" else ""  # the Chinese labels end in a fullwidth colon: no space after it
    p = d.product
    lines = [
        f"{T['client']}{sp}{party(d.client)}",
        f"{T['exporter']}{sp}{party(d.exporter)}",
        f"{T['product']}{sp}{_text(p.name if p else None)}",
    ]
    if p is not None:
        lines += [
            f"{T['hs']}{sp}{_text(p.hs_code)}{gap}{T['category']}{sp}{_code('item_category', p.category, lang)}{gap}{T['elements']}{sp}"
            + (_text(p.elements) if lang == "en" else ("、".join(p.elements or ()) or NONE_SHOWN)),
            f"{T['made_in']}{sp}{_code('country', p.made_in, lang)}{gap}{T['unit_value']}{sp}{_money(p.unit_value, lang)}",
        ]
    s = d.shipment
    if s is not None:
        use = s.end_use
        lines += [
            T["shipment"].format(a=_code("country", s.export_from, lang), b=_code("country", s.destination, lang)),
            f"{T['end_use']}{sp}{_code('end_use', use.category if use else None, lang)}"
            + ((f" ({use.description})" if lang == "en" else f"（{use.description}）") if use and use.description else ""),
            f"{T['end_user']}{sp}{party(s.end_user)}",
        ]
    lines.append("")
    if d.components:
        lines.append(T["bom"])
        rows = [
            [_text(c.id), _text(c.description), _code("country", c.origin, lang), _code("item_category", c.category, lang), _text(c.elements),
             _money(c.value, lang)]
            for c in d.components
        ]
        lines += ["  " + line for line in _table(T["bom_headers"], rows, {1: 40}).splitlines()]
    else:
        lines.append(T["no_bom"])
    if d.technologies:
        lines.append(T["technologies"])
        lines += [T["tech"].format(stage=_code("technology_stage", t.stage, lang), origin=_code("country", t.origin, lang))
                  + ((f": {t.description}" if lang == "en" else f"：{t.description}") if t.description else "") for t in d.technologies]
    if d.exchange_rates:
        lines.append(T["rates"])
        lines += [
            T["rate"].format(a=_code("currency", x.from_currency, lang), rate=_text(None if x.rate is None else format(x.rate, "f")),
                             b=_code("currency", x.to_currency, lang), date=_text(None if x.date is None else x.date.isoformat()))
            + ((f" ({x.source})" if lang == "en" else f"（{x.source}）") if x.source else "")
            for x in d.exchange_rates
        ]
    return lines


def _show(desk: Desk, args: argparse.Namespace) -> int:
    stored = dossier_service.load_dossier(desk, args.reference, args.revision)
    if args.json:
        print_json(dossier_to_document(stored.dossier))
        return 0
    T = SHOW_TEXTS[args.language]
    print(clean(T["heading"].format(reference=stored.dossier.reference, flags=T["archived"] if stored.archived else "",
                                    revision=stored.revision, latest=stored.latest_revision,
                                    created_at=stored.created_at, created_by=stored.created_by)))
    print(T["snapshot"].format(sha256=stored.sha256))
    for line in _describe(stored.dossier, args.language):
        print(clean(line))  # names and descriptions come from imported files
    return 0


# ----------------------------------------------------------------------------- archive / restore / delete


def _archive(desk: Desk, args: argparse.Namespace) -> int:
    dossier_service.set_archived(desk, args.reference, True, reason=args.reason)
    print(say(args, "archived", reference=args.reference))
    return 0


def _restore(desk: Desk, args: argparse.Namespace) -> int:
    dossier_service.set_archived(desk, args.reference, False, reason=args.reason)
    print(say(args, "restored", reference=args.reference))
    return 0


def _delete(desk: Desk, args: argparse.Namespace) -> int:
    stored = dossier_service.load_dossier(desk, args.reference)  # an unknown reference is refused before asking
    from reedesk.services.retention import check_dossier_deletable

    with desk.db.read() as session:  # a dossier kept for retention is refused with its date, before asking
        check_dossier_deletable(session, args.reference)
    signed = any(s.signed for s in dossier_service.list_dossiers(desk, search=args.reference, include_archived=True)
                 if s.reference == args.reference)
    if not signed:  # a signed one is refused by the service (archive it instead): nothing to confirm
        confirm(say(args, "delete_question", reference=args.reference, revisions=stored.latest_revision,
                    product=clean(stored.dossier.product.name if stored.dossier.product else "")), yes=args.yes)
    dossier_service.delete_dossier(desk, args.reference, reason=args.reason)
    print(say(args, "deleted", reference=args.reference))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``import``, ``list``, ``show``, ``archive``, ``restore`` and ``delete``."""
    p = subparsers.add_parser(
        "import", help="store dossiers (.json) and bills of materials (.csv/.xlsx); all or nothing",
        description="Store reedesk.dossier/1 JSON files and bill-of-materials CSV/XLSX files in one unit of work: "
        "if any file has any problem, nothing is stored and every problem is listed. A BOM replaces the "
        "component list of its dossier as a new revision (docs/dossier-import.md).",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="dossier .json, or BOM .csv/.xlsx")
    p.add_argument("--samples", action="store_true", help="also import the bundled sample dossiers (they are never added unasked)")
    p.add_argument("--dossier", metavar="REF", help="the dossier that BOM files without a 'dossier' column belong to")
    p.add_argument("--dry-run", action="store_true", help="check the files and show what would be stored; store nothing")
    add_language_option(p, help="language of the problems found: en, zh-Hant or zh-Hans (default en)")
    p.set_defaults(handler=_with_desk(_import))

    p = subparsers.add_parser("list", help="list stored dossiers", description="List stored dossiers as a table.")
    p.add_argument("--search", metavar="S", help="only dossiers whose reference, product or client contains S")
    p.add_argument("--client", metavar="C", help="only dossiers of the client C (any case; part of the name is enough)")
    p.add_argument("--archived", action="store_true", help="include archived dossiers")
    p.add_argument("--wide", action="store_true", help="print client and product names in full (no … shortening)")
    add_language_option(p, help="language of the headings and outcome names: en, zh-Hant or zh-Hans (default en)")
    p.set_defaults(handler=_with_desk(_list))

    p = subparsers.add_parser(
        "show", help="show one dossier (--json: the dossier file)",
        description="Show a stored dossier. With --json, print exactly its reedesk.dossier/1 document.",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--json", action="store_true", help="print the reedesk.dossier/1 document")
    p.add_argument("--revision", type=_positive_int, metavar="N", help="an older revision (default: the latest)")
    add_language_option(p, help="language of the labels and code names: en, zh-Hant or zh-Hans (default en)")
    p.set_defaults(handler=_with_desk(_show))

    p = subparsers.add_parser(
        "archive", help="archive a dossier (hidden from lists, kept, read-only)",
        description="Archive a dossier: it is hidden from `reedesk list`, stays readable and cannot be changed.",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--reason", help="why (recorded in the audit trail)")
    add_language_option(p)
    p.set_defaults(handler=_with_desk(_archive))

    p = subparsers.add_parser("restore", help="restore an archived dossier", description="Restore an archived dossier.")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--reason", help="why (recorded in the audit trail)")
    add_language_option(p)
    p.set_defaults(handler=_with_desk(_restore))

    p = subparsers.add_parser(
        "delete", help="delete an unsigned dossier",
        description="Delete a dossier with its revisions and determinations. Refused when any determination "
        "is signed: archive it instead. The audit trail keeps the last version.",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--reason", help="why (recorded in the audit trail)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts); without it a terminal is asked")
    add_language_option(p)
    p.set_defaults(handler=_with_desk(_delete))
