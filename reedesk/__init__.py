"""reedesk: offline compliance desk for China's 2025 rare-earth export controls.

The core (everything but :mod:`reedesk.gui`) imports and runs without Qt.
"""

__version__ = "0.2.0.dev0"
