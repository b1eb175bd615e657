"""Controlled vocabularies of the ``reedesk.dossier/1`` format (FORMATS.md) and ISO codes.

Enum values are the exact strings of the public format; never rename them.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from reedesk.domain.iso_codes import COUNTRIES, CURRENCIES


class ItemCategory(StrEnum):
    RARE_EARTH_METAL = "rare_earth_metal"
    RARE_EARTH_ALLOY = "rare_earth_alloy"
    RARE_EARTH_OXIDE = "rare_earth_oxide"
    RARE_EARTH_COMPOUND = "rare_earth_compound"
    RARE_EARTH_PERMANENT_MAGNET = "rare_earth_permanent_magnet"
    RARE_EARTH_TARGET = "rare_earth_target"
    # reedesk 0.2 (FORMATS.md "Additions for reedesk 0.2"): the kinds of items of Nos. 55, 56, 58 and 62,
    # so that such an item is never read as "other" and silently not controlled.
    RARE_EARTH_EQUIPMENT = "rare_earth_equipment"  # No. 56, 2B902
    RARE_EARTH_RAW_MATERIAL = "rare_earth_raw_material"  # No. 56, 1C914
    RARE_EARTH_TECHNOLOGY = "rare_earth_technology"  # No. 62, 1E902
    SUPERHARD_MATERIAL = "superhard_material"  # No. 55
    BATTERY_MATERIAL = "battery_material"  # No. 58
    OTHER = "other"


class TechnologyStage(StrEnum):
    MINING = "mining"
    SMELTING_SEPARATION = "smelting_separation"
    METAL_SMELTING = "metal_smelting"
    MAGNET_MANUFACTURING = "magnet_manufacturing"
    SECONDARY_RECYCLING = "secondary_recycling"


class EndUseCategory(StrEnum):
    CIVIL = "civil"
    MILITARY = "military"
    WMD = "wmd"
    TERRORISM = "terrorism"
    ADVANCED_LOGIC_14NM = "advanced_logic_14nm"
    ADVANCED_MEMORY_256_LAYER = "advanced_memory_256_layer"
    MILITARY_AI = "military_ai"
    HUMANITARIAN = "humanitarian"


class Outcome(StrEnum):
    """Determination outcomes, exactly as FORMATS.md names them."""

    NOT_CONTROLLED = "not_controlled"
    LICENSE_REQUIRED = "license_required"
    LICENSE_REQUIRED_PRESUMPTION_OF_DENIAL = "license_required_presumption_of_denial"
    CASE_BY_CASE = "case_by_case"
    PROHIBITED = "prohibited"
    EXEMPT_REPORT_REQUIRED = "exempt_report_required"
    SUSPENDED = "suspended"
    INSUFFICIENT_DATA = "insufficient_data"


# Chemical symbols of the rare-earth elements (the 15 lanthanides, Sc and Y) and
# a few other elements commonly found in rare-earth items' bills of materials.
RARE_EARTH_ELEMENTS = frozenset(
    "La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Sc Y".split()
)


@lru_cache(maxsize=1)
def _element_symbols() -> frozenset[str]:
    symbols = (
        "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn "
        "Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce "
        "Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn "
        "Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl "
        "Mc Lv Ts Og"
    )
    return frozenset(symbols.split())


def is_element(symbol: str) -> bool:
    return symbol in _element_symbols()


def is_country(code: str) -> bool:
    """ISO 3166-1 alpha-2, upper case (the codes pycountry knows; see iso_codes.py)."""
    return code in COUNTRIES


def is_currency(code: str) -> bool:
    """ISO 4217 alphabetic code, upper case (the codes pycountry knows; see iso_codes.py)."""
    return code in CURRENCIES
