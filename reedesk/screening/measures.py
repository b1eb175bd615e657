"""What a listing does, as data: the measure codes list files give per list or per entry
(contract B), with their labels in the three languages.

Why codes and not prose: the rule kind ``listing`` (reedesk/rules/listing.py) applies
each measure (a control-list listing prohibits, a watch-list listing adds conditions,
an unreliable-entity-list decision sets its own measures), and the GUI, CLI and PDF
show the same label for the same code.
"""

from __future__ import annotations

from reedesk.vocabulary import codes, labels

# The measures' labels live in the one vocabulary (resources/vocabulary/catalogue.toml, kind
# "list_measure"); this dict is a view onto it, code → {en, zh-Hant, zh-Hans}.
MEASURES: dict[str, dict[str, str]] = {code: labels("list_measure", code) for code in codes("list_measure")}

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
