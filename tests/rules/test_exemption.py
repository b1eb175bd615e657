"""Humanitarian exemption (reedesk/rules/exemption.py): no licence, report by e-mail within 10 working days
with a written undertaking (No. 61, Art. V — article number unverified; second review 2026-12-01)."""

from __future__ import annotations

from tests.rules.builders import component, finding, magnet, run


def test_humanitarian_use_is_exempt_but_must_be_reported() -> None:
    doc = run(magnet(component("C1", "10.00"), end_use="humanitarian"))
    assert doc["outcome"] == "exempt_report_required"
    f = finding(doc, "cn-mofcom-2025-061:V")
    assert f["result"] == "applies"
    assert f["figures"]["report_within_working_days"] == 10
    assert "10 working days" in f["explanation"]["en"]
    assert "10个工作日" in f["explanation"]["zh-Hans"]


def test_humanitarian_report_is_by_e_mail_with_a_written_undertaking_and_the_article_is_unverified() -> None:
    """Issue 9 point 1; RULES.md second review: the humanitarian exemption needs a report to MOFCOM by e-mail
    within 10 working days AND a written undertaking (「书面承诺」); its article number (V) is unverified.
    0.1.0 asked only for a report and called it an unnumbered exemption."""
    doc = run(magnet(component("C1", "10.00"), end_use="humanitarian"))
    f = finding(doc, "cn-mofcom-2025-061:V")
    assert "e-mail" in f["explanation"]["en"] and "written undertaking" in f["explanation"]["en"]
    assert "电子邮件" in f["explanation"]["zh-Hans"] and "书面承诺" in f["explanation"]["zh-Hans"]
    assert "電子郵件" in f["explanation"]["zh-Hant"] and "書面承諾" in f["explanation"]["zh-Hant"]
    assert f["figures"]["written_undertaking"] is True
    assert "unverified" in f["citation"]["article_text"]["en"]
    assert any("Art. V" in u["en"] and "not confirmed" in u["en"] for u in f["unverified_text"])


def test_exemption_needs_no_application_even_for_a_military_end_user() -> None:
    """Engine 3.6.0 (session 9, session 6 (10)): No. 61 Art. V 「免于申请许可」 — no application is made, so Art. II (a policy on
    applications) is not reached: exempt; the declared reading denial-prevails keeps the older precedence."""
    doc = run(magnet(component("C1", "10.00"), end_use="humanitarian", military_user=True))
    assert doc["outcome"] == "exempt_report_required"
    alt = next(r for r in doc["readings"] if r["id"] == "denial-prevails")
    assert alt["outcome"] == "license_required_presumption_of_denial"


def test_exemption_needs_a_controlled_item() -> None:
    doc = run(magnet(component("C1", "0.10"), end_use="humanitarian"))
    assert doc["outcome"] == "not_controlled"
