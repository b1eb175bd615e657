"""Rule packs (reedesk/rules/packs.py): every shipped pack validates; errors name the TOML key;
the hash is over the canonical form; versions are chosen by date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from reedesk.errors import ValidationFailed
from reedesk.resources import resource
from reedesk.rules.packs import parse_pack, select_packs, shipped_packs

SHIPPED = sorted(resource("rules").glob("*.toml"))
EXPECTED_IDS = {
    "cn-mofcom-gac-2025-018", "cn-mofcom-2025-055", "cn-mofcom-2025-056", "cn-mofcom-2025-057", "cn-mofcom-2025-058",
    "cn-mofcom-2025-061", "cn-mofcom-2025-062", "cn-mofcom-gac-2025-070", "cn-mofcom-2026-001",
    "cn-mofcom-2024-046", "cn-export-control-law-012",  # second review: No. 46 Art. 1 and the catch-all
    "cn-mofcom-lists",  # the listing announcements (screening work)
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_pack_validates(path) -> None:
    pack = parse_pack(path.read_text(encoding="utf-8"), path.name)
    assert pack.id == path.stem
    assert len(pack.sha256) == 64
    assert pack.announcement and pack.announcement_zh and pack.title_en and pack.title_zh
    assert pack.reviewed_until >= pack.published
    for rule in pack.rules:
        assert rule.key_phrase_en and rule.key_phrase_zh


def test_all_instruments_are_shipped() -> None:
    assert {p.id for p in shipped_packs()} == EXPECTED_IDS


def test_no61_facts() -> None:
    pack = next(p for p in shipped_packs() if p.id == "cn-mofcom-2025-061")
    value = next(r for r in pack.rules if r.article == "I(1)")
    assert value.params["threshold"] == Decimal("0.001")
    assert value.effective_from == date(2025, 12, 1)
    assert value.key_phrase_zh.endswith("0.1%及以上")
    assert [(w.start, w.until) for w in pack.suspensions] == [(date(2025, 11, 7), date(2026, 11, 10))]
    assert "No. 70" in pack.suspensions[0].by
    exemption = next(r for r in pack.rules if r.kind == "exemption")
    assert exemption.params["report_within_working_days"] == 10
    # Second review (2026-12-01): Art. II is the end-user policy, Art. III the end-use policy, V the exemption.
    assert {r.article: r.kind for r in pack.rules if r.kind in ("end_use", "end_user", "exemption")} == {
        "II": "end_user", "III": "end_use", "IV": "end_use", "V": "exemption"}
    assert "控股50%及以上的子公司、分公司等分支机构" in next(r for r in pack.rules if r.article == "II").key_phrase_zh


def test_no70_suspends_the_six_announcements() -> None:
    pack = next(p for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")
    assert sorted(t for t, _ in pack.suspends) == sorted(
        f"cn-mofcom-2025-{n}" for n in ("055", "056", "057", "058", "061", "062"))


def test_hash_ignores_comments_and_layout_but_not_facts() -> None:
    text = (resource("rules") / "cn-mofcom-2025-061.toml").read_text(encoding="utf-8")
    base = parse_pack(text)
    assert parse_pack("# a new comment\n" + text.replace(" = ", "=")).sha256 == base.sha256
    assert parse_pack(text.replace('threshold = "0.001"', 'threshold = "0.0010"')).sha256 != base.sha256


def _problems(text: str) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        parse_pack(text, "bad.toml")
    assert "bad.toml" in str(info.value)
    return [p.where for p in info.value.problems]


def test_errors_name_the_toml_key() -> None:
    text = (resource("rules") / "cn-mofcom-2025-061.toml").read_text(encoding="utf-8")
    assert _problems(text.replace('threshold = "0.001"', "threshold = 0.001")) == ["rules[0].parameters.threshold"]
    assert _problems(text.replace('kind = "direct_product"', 'kind = "magic"')) == ["rules[1].kind"]
    assert _problems(text.replace('id = "cn-mofcom-2025-061"', 'id = "Bad Id"')) == ["pack.id"]
    assert _problems(text.replace('content_items = ["part1_metals"', 'content_items = ["nope"')) == ["rules[0].parameters.content_items[0]"]
    assert _problems(text.replace("reviewed_until = 2026-10-05\n", "")) == ["pack.reviewed_until"]
    assert _problems(text.replace('threshold = "0.001"', 'threshold = "2"')) == ["rules[0].parameters.threshold"]
    assert _problems("schema = [") == ["$"]


def test_newest_version_wins_only_from_its_version_date() -> None:
    old = next(p for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")
    new = replace(old, version="2027.1", version_date=date(2026, 11, 1), sha256="f" * 64)
    assert select_packs([old, new], date(2026, 10, 31))[0] is old
    assert select_packs([old, new], date(2026, 11, 1))[0] is new
    assert select_packs([new, old], date(2020, 1, 1))[0] is old  # before any version date: the oldest


def test_every_key_phrase_is_given_in_both_chinese_scripts() -> None:
    """Issue 9: every encoded fact cites its announcement and article with the Chinese key phrase, Simplified and
    Traditional; the determination's citation carries both (key_phrase_zh, key_phrase_zh_hant)."""
    import opencc

    to_hant = opencc.OpenCC("s2t")
    for pack in shipped_packs():
        if pack.id == "cn-mofcom-lists":
            continue
        for rule in pack.rules:
            assert rule.key_phrase_zh_hant, f"{pack.id}:{rule.article}"
            # the Traditional text is the Simplified one in Traditional script (鎦 for Lu, as in Taiwan usage)
            assert to_hant.convert(rule.key_phrase_zh).replace("鑥", "鎦") == rule.key_phrase_zh_hant, f"{pack.id}:{rule.article}"
