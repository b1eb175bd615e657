"""The ISO code sets kept as data (reedesk/domain/iso_codes.py) are exactly what pycountry gives.

reedesk checks country and currency codes against frozensets so that no process imports pycountry
to validate a dossier, a pack or a list (``reedesk verify`` among them). These tests keep the sets
honest: if a newer pycountry (a new ISO 3166 / ISO 4217 release) adds or withdraws a code, they fail
and print the sets' replacement text.
"""

from __future__ import annotations

import subprocess
import sys

import pycountry
import pytest

from reedesk.domain import iso_codes
from reedesk.domain.codes import is_country, is_currency


def _pycountry_countries() -> set[str]:
    return {c.alpha_2 for c in pycountry.countries}


def _pycountry_currencies() -> set[str]:
    return {c.alpha_3 for c in pycountry.currencies}


def test_countries_equal_pycountry() -> None:
    """ISO 3166-1 alpha-2: every code pycountry knows, and no other."""
    theirs = _pycountry_countries()
    assert iso_codes.COUNTRIES == theirs, (
        f"regenerate reedesk/domain/iso_codes.py: missing {sorted(theirs - iso_codes.COUNTRIES)}, "
        f"extra {sorted(iso_codes.COUNTRIES - theirs)}"
    )


def test_currencies_equal_pycountry() -> None:
    """ISO 4217 alphabetic codes: every code pycountry knows (funds and metals such as XAU included)."""
    theirs = _pycountry_currencies()
    assert iso_codes.CURRENCIES == theirs, (
        f"regenerate reedesk/domain/iso_codes.py: missing {sorted(theirs - iso_codes.CURRENCIES)}, "
        f"extra {sorted(iso_codes.CURRENCIES - theirs)}"
    )


@pytest.mark.parametrize(
    "code", ["CN", "US", "DE", "TW", "HK", "cn", "Cn", "XX", "C", "CHN", "", " CN", "XK", "AN"]
)
def test_is_country_agrees_with_pycountry_lookup(code: str) -> None:
    """The check answers as the former pycountry lookup did (upper case only; no historic codes such as AN)."""
    expected = len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None
    assert is_country(code) is expected


@pytest.mark.parametrize(
    "code", ["USD", "EUR", "CNY", "TWD", "XAU", "XXX", "usd", "Usd", "US", "USDX", "", "HRK", "ABC"]
)
def test_is_currency_agrees_with_pycountry_lookup(code: str) -> None:
    """The check answers as the former pycountry lookup did (upper case only; withdrawn codes not known to pycountry rejected)."""
    expected = len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None
    assert is_currency(code) is expected


def test_checking_codes_does_not_import_pycountry() -> None:
    """The point of the data module: a fresh process validating codes never loads pycountry."""
    script = (
        "import sys; from reedesk.domain.codes import is_country, is_currency; "
        "assert is_country('CN') and is_currency('USD') and not is_country('XX'); "
        "print('pycountry' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
