"""The outcome of one dossier over time, as intervals (``reedesk timeline``).

The outcome can only change on a date where something in the packs changes state: a
pack or rule takes effect or ends, a suspension starts or ends, a newer pack version
governs from its version date, a declared reading's dates begin or end — or where the
dossier's own dated facts change (an exchange rate dated later becomes the one used).
So the engine is run on each such date inside the range (and on the first day), and
consecutive dates with the same answer are merged into one interval.

The change dates are every ISO date named anywhere in the packs' canonical documents,
and the day after it (a window's ``until`` is inclusive, so its end shows the next
day): that covers every dated field a pack kind has or will have, readings included,
without this module knowing each one. Evaluating on a date where nothing changes only
repeats an interval, which merging removes. Pure: the caller supplies ``evaluate_at``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable, Iterable, Sequence

from reedesk.domain.dossier_file import iso_date
from reedesk.errors import ReedeskError
from reedesk.rules.packs import RulePack
from reedesk.rules.text import OUTCOME_NAMES, Text, tx

SCHEMA = "reedesk.timeline/1"
ONE_DAY = timedelta(days=1)
PRIMARY = "primary"


def _dates_in(value: Any, out: set[date]) -> None:
    if isinstance(value, str):
        day = iso_date(value)
        if day is not None:
            out.add(day)
    elif isinstance(value, dict):
        for v in value.values():
            _dates_in(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _dates_in(v, out)


def change_dates(packs: Sequence[RulePack], snapshot: dict[str, Any] | None = None, extra: Iterable[date] = ()) -> list[date]:
    """Every date on which the outcome may change: each date the packs (all versions) or the
    dossier's exchange rates name, and the day after it; plus ``extra`` (e.g. list entries)."""
    named: set[date] = set(extra)
    for pack in packs:
        _dates_in(pack.document, named)
    for r in (snapshot or {}).get("exchange_rates") or []:
        _dates_in(r.get("date"), named)
    out: set[date] = set()
    for d in named:
        out.add(d)
        if d < date.max:
            out.add(d + ONE_DAY)
    return sorted(out)


def events(packs: Sequence[RulePack]) -> dict[date, list[dict[str, Any]]]:
    """What happens on each date, in words, for the reader of an interval's start:
    ``{"pack": id, "text": {en, zh-Hans, zh-Hant}}``."""
    by: dict[date, list[dict[str, Any]]] = {}
    current = [""]

    def add(d: date | None, text: Text) -> None:
        item = {"pack": current[0], "text": text}
        if d is not None and item not in by.setdefault(d, []):
            by[d].append(item)

    for p in packs:
        current[0] = p.id
        hant = p.announcement_zh_hant or p.announcement_zh
        add(p.effective_from, tx(f"{p.announcement} takes effect", f"{p.announcement_zh}生效", f"{hant}生效"))
        if p.effective_until:
            add(p.effective_until + ONE_DAY, tx(f"{p.announcement} ends", f"{p.announcement_zh}失效", f"{hant}失效"))
        for w in p.suspensions:
            add(w.start, tx(f"{p.announcement} suspended by {w.by}", f"{p.announcement_zh}由{w.by_zh or w.by}暂停实施",
                            f"{hant}由{w.by_zh_hant or w.by_zh or w.by}暫停實施"))
            add(w.until + ONE_DAY, tx(f"suspension of {p.announcement} by {w.by} ends (until {w.until} inclusive)",
                                      f"{w.by_zh or w.by}对{p.announcement_zh}的暂停实施期满（至{w.until}止）",
                                      f"{w.by_zh_hant or w.by_zh or w.by}對{hant}的暫停實施期滿（至{w.until}止）"))
        for r in p.rules:
            art = r.article_en or r.article
            if r.effective_from and r.effective_from != p.effective_from:
                add(r.effective_from, tx(f"{p.announcement}, {art} takes effect", f"{p.announcement_zh}{r.article_zh or art}生效",
                                         f"{hant}{r.article_zh_hant or r.article_zh or art}生效"))
            if r.effective_until:
                add(r.effective_until + ONE_DAY, tx(f"{p.announcement}, {art} ends", f"{p.announcement_zh}{r.article_zh or art}失效",
                                                    f"{hant}{r.article_zh_hant or r.article_zh or art}失效"))
        if p.version_date != p.effective_from:
            add(p.version_date, tx(f"rule pack {p.id} version {p.version} governs from this date",
                                   f"规则包 {p.id} 第 {p.version} 版自此日起适用", f"規則包 {p.id} 第 {p.version} 版自此日起適用"))
    return by


def _rules(determination: dict[str, Any]) -> list[dict[str, Any]]:
    """The decisive findings of a determination, as an interval shows them (rule, citation, suspension)."""
    decisive = set(determination.get("decisive") or [])
    out = []
    for f in determination.get("findings", []):
        if f["rule"] in decisive:
            out.append({"rule": f["rule"], "result": f["result"], "citation": f["citation"]["text"],
                        "key_phrase_en": f["citation"].get("key_phrase_en"), "key_phrase_zh": f["citation"].get("key_phrase_zh"),
                        "key_phrase_zh_hant": f["citation"].get("key_phrase_zh_hant") or f["citation"].get("key_phrase_zh"),
                        "suspension": f.get("suspension"), "outcome_if_in_force": f.get("outcome_if_in_force")})
    return out


def _readings(determination: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in determination.get("readings") or [] if not r.get("primary")]


def timeline(evaluate_at: Callable[[date], dict[str, Any]], dates: Sequence[date], start: date, end: date, *,
             packs: Sequence[RulePack] = (), reference: str | None = None, revision: int | None = None) -> dict[str, Any]:
    """The ``reedesk.timeline/1`` document from ``start`` to ``end`` (both inclusive).

    ``evaluate_at(day)`` is the determination on ``day``; it is called on ``start`` and on
    each of ``dates`` inside the range. Bands: the primary reading first, then one band per
    alternative reading the determinations declare (its outcome on each date; where a date's
    determination does not list it, the reading gives the primary answer there)."""
    if end < start:
        raise ReedeskError(f"The timeline ends ({end}) before it starts ({start}); give --from before --to.")
    points = [start] + [d for d in sorted(set(dates)) if start < d <= end]
    said = events(packs)
    from reedesk.rules.render import expand  # citations and summaries from the expanded view (contract C1)

    runs: list[tuple[date, dict[str, Any]]] = [(d, expand(evaluate_at(d))) for d in points]
    reading_info: dict[str, dict[str, Any]] = {}
    for _, det in runs:
        for r in _readings(det):
            reading_info.setdefault(r["id"], r)

    def events_on(first: date, det: dict[str, Any]) -> list[dict[str, Any]]:
        """The events of the interval's first day that concern the packs decisive before or after it
        (all of that day's events when none is decisive on either side)."""
        before = next((d for day, d in reversed(runs) if day < first), None)
        rules = list(det.get("decisive") or []) + list((before or {}).get("decisive") or [])
        concerned = {r.split(":", 1)[0] for r in rules}
        today = said.get(first, [])
        chosen = [e for e in today if e["pack"] in concerned]
        return chosen or today

    def interval(first: date, last: date, det: dict[str, Any], outcome: str, same: bool | None = None,
                 reading: dict[str, Any] | None = None) -> dict[str, Any]:
        doc = {"from": first.isoformat(), "until": last.isoformat(), "outcome": outcome,
               "outcome_name": OUTCOME_NAMES.get(outcome, tx(outcome, outcome, outcome)),
               "decisive": list(det.get("decisive") or []), "rules": _rules(det), "summary": det.get("summary"),
               "events": events_on(first, det)}
        if reading is not None and reading.get("outcome") != det["outcome"]:
            # the reading's own answer: its decisive rules (cited as the packs cite them; the primary's
            # suspension dates do not apply to it) and its own summary; the day's pack events are the text's
            cited = {r["rule"]: r for r in _rules(det)} | {f["rule"]: f for f in det.get("findings", [])}
            doc["decisive"] = list(reading.get("decisive") or [])
            doc["rules"] = [{"rule": rid, "result": None, "citation": cited[rid]["citation"]["text"] if "text" in cited[rid]["citation"]
                             else cited[rid]["citation"], "key_phrase_en": None, "key_phrase_zh": None, "key_phrase_zh_hant": None, "suspension": None,
                             "outcome_if_in_force": None} for rid in doc["decisive"] if rid in cited]
            doc["summary"] = reading.get("summary") or det.get("summary")
            doc["events"] = []
        if same is not None:
            doc["same_as_primary"] = same
        return doc

    def band(key: Callable[[dict[str, Any]], tuple[Any, ...]], make: Callable[[date, date, dict[str, Any]], dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i, (day, det) in enumerate(runs):
            last = runs[i + 1][0] - ONE_DAY if i + 1 < len(runs) else end
            if out and out[-1]["_key"] == key(det):
                out[-1]["until"] = last.isoformat()
                continue
            item = make(day, last, det)
            item["_key"] = key(det)
            out.append(item)
        for item in out:
            del item["_key"]
        return out

    bands = [{"id": PRIMARY, "primary": True, "point": None, "point_text": None, "description": None, "source": None, "status": None,
              "status_text": None, "differs": False,
              "intervals": band(lambda det: (det["outcome"], tuple(det.get("decisive") or [])),
                                lambda a, b, det: interval(a, b, det, det["outcome"]))}]
    for rid, info in reading_info.items():
        def reading_of(det: dict[str, Any], rid: str = rid) -> dict[str, Any] | None:
            return next((r for r in _readings(det) if r["id"] == rid), None)

        def reading_outcome(det: dict[str, Any], rid: str = rid) -> tuple[str, dict[str, Any] | None]:
            """The reading's outcome on a date; the primary's where the determination does not list it or
            the packs state it without evaluating it (outcome null)."""
            r = reading_of(det, rid)
            if r is None or r.get("outcome") is None:
                return det["outcome"], None
            return r["outcome"], r

        def key(det: dict[str, Any], rid: str = rid) -> tuple[Any, ...]:
            outcome, _ = reading_outcome(det, rid)
            return (outcome, outcome == det["outcome"])

        def make(a: date, b: date, det: dict[str, Any], rid: str = rid) -> dict[str, Any]:
            outcome, r = reading_outcome(det, rid)
            return interval(a, b, det, outcome, same=outcome == det["outcome"], reading=r)

        intervals = band(key, make)
        bands.append({"id": rid, "primary": False, "point": info.get("point"), "point_text": info.get("point_text"),
                      "description": info.get("description"), "source": info.get("source"), "status": info.get("status"),
                      "status_text": info.get("status_text"), "differs": any(not i["same_as_primary"] for i in intervals),
                      "evaluated": not all((reading_of(det, rid) or {}).get("outcome") is None for _, det in runs),
                      "not_evaluated_note": info.get("error"),
                      "intervals": intervals})
    return {"schema": SCHEMA, "reference": reference, "revision": revision, "from": start.isoformat(), "until": end.isoformat(),
            "evaluated_on": [d.isoformat() for d in points], "bands": bands,
            "method": tx("The engine is run on the first day and on every date a rule pack (any version) or the dossier names, "
                         "and the day after it; consecutive days with the same outcome and decisive rules form one interval.",
                         "在首日以及规则包（任何版本）或卷宗所载的每个日期及其次日运行规则引擎；结论和决定性规则相同的连续日期合并为一个区间。",
                         "在首日以及規則包（任何版本）或卷宗所載的每個日期及其次日執行規則引擎；結論和決定性規則相同的連續日期合併為一個區間。")}
