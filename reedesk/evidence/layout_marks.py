"""Marks the page layout prints and the verifier looks for — without importing reportlab,
so ``reedesk verify`` does not pay for the page-drawing stack."""

COVER_MARK = "REEDESK-COVER"
