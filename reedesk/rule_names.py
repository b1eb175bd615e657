"""A rule's name in Chinese output: its citation, never its id (core; no Qt).

Why: the guide allows no internal codes in Chinese output, and a rule id (``cn-mofcom-2025-061:I(1)``) is one.
Chinese readers name a rule by the announcement and article it cites (「商务部公告2025年第61号第一条第（一）项」),
which is what the CLI memo prints. The determinations panel (reedesk.gui.determination_panel) and the evidence
pack's Chinese pages (reedesk.evidence.layout) both use this one source, so they name a rule alike.
English keeps the id: it is what the English pages and panel have always shown (callers decide that).
"""

from __future__ import annotations

from typing import Any


def cited_rule_name(finding: dict[str, Any], language: str) -> str | None:
    """``finding``'s rule named by its citation in ``language`` (zh-Hans / zh-Hant): the finding's own cited text
    (the engine's ``engine._citation``, in the three languages), else the bundled pack's citation of that rule id
    (``@cite``, as the audit's notes name rules, reedesk.rules.current_reading), else the stored announcement and
    article. ``None`` when none of these can be read (a row not in reedesk's form): the caller decides what to show."""
    rule = str(finding.get("rule") or "")
    citation = finding.get("citation") if isinstance(finding.get("citation"), dict) else {}
    text = citation.get("text") if isinstance(citation.get("text"), dict) else {}
    if isinstance(text.get(language), str) and text[language]:
        return text[language]
    cited = bundled_citation(rule, language)
    if cited:
        return cited
    announcement = (citation.get("announcement_zh_hant") if language == "zh-Hant" else None) or citation.get("announcement_zh")
    articles = citation.get("article_text") if isinstance(citation.get("article_text"), dict) else {}
    article = articles.get(language)
    if isinstance(announcement, str) and announcement and isinstance(article, str) and article:
        return f"{announcement}{' ' if article[:1].isascii() else ''}{article}"
    return None


def bundled_citation(rule: str, language: str) -> str | None:
    """The citation of ``rule`` (pack id:article) in ``language`` by the bundled pack of that id
    (reedesk.rules.render.PackTexts ``@cite``); ``None`` when no bundled pack has that rule."""
    from reedesk.rules.packs import shipped_packs
    from reedesk.rules.render import PackTexts

    try:
        text = PackTexts({p.id: p for p in shipped_packs()})("@cite", {"rule": rule})
    except Exception:  # noqa: BLE001 — a rule of no bundled pack (an insider's row): the caller decides
        return None
    value = text.get(language) if isinstance(text, dict) else None
    return value if isinstance(value, str) and value else None
