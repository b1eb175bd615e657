"""Portfolio analyses built on the engine's determinations (pure: no clock, no I/O, no Qt).

- :mod:`reedesk.portfolio.headroom`: how far a product is from a value-content threshold,
  its lines ranked, and the smallest set of lines whose re-sourcing brings it below.
- :mod:`reedesk.portfolio.timeline`: the outcome of one dossier as intervals between the
  dates on which any pack (or reading) in force changes state.
- :mod:`reedesk.portfolio.impact`: which dossiers change outcome under a change.
"""
