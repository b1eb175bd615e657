"""Licences: the ``reedesk.licence/1`` record, matching a shipment against the register
(contract D, pure) and balances. The register itself lives in ``reedesk.services.licences``."""
