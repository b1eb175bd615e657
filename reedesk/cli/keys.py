"""CLI commands: keys (see FORMATS.md). Not yet built; registers nothing."""

from __future__ import annotations

import argparse


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this module's sub-commands to the reedesk parser."""
