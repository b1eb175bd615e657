"""`reedesk COMMAND` imports only the module of that command (issue 13): the table saying which module
registers which command must stay what the modules really register, and a command run as a user runs it
(``python -m reedesk …``) must not import the others' stacks."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from reedesk.cli.main import COMMAND_MODULES, COMMAND_OWNERS, _Parser, build_parser

ROOT = Path(__file__).resolve().parents[2]


def _registered() -> dict[str, list[str]]:
    """Command name -> the modules whose register() adds it, in registration order."""
    owners: dict[str, list[str]] = {}
    for name in COMMAND_MODULES:
        parser = _Parser(prog="reedesk")
        subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
        importlib.import_module(f"reedesk.cli.{name}").register(subparsers)
        for command in subparsers.choices:
            owners.setdefault(command, []).append(name)
    return owners


def test_the_owner_table_is_what_the_modules_register() -> None:
    registered = _registered()
    unique = {command: modules[0] for command, modules in registered.items() if len(modules) == 1}
    assert COMMAND_OWNERS == unique
    assert all(command not in COMMAND_OWNERS for command, modules in registered.items() if len(modules) > 1)


def test_a_command_parses_alike_with_only_its_module_and_with_all() -> None:
    def parsed(parser, argv):
        values = vars(parser.parse_args(argv))
        return {k: (getattr(v, "__qualname__", v) if k == "handler" else v) for k, v in values.items()}

    for argv in (["list", "--client", "acme"], ["verify", "pack.pdf", "--json", "--trust", "ab" * 32]):
        assert parsed(build_parser(only=COMMAND_OWNERS[argv[0]]), argv) == parsed(build_parser(), argv)


def _imported(argv: list[str], env_home: Path) -> tuple[set[str], str]:
    """Modules ``python -X importtime -m reedesk ARGV`` imported (its stderr lists them), and its output."""
    import os

    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "reedesk", *argv], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=dict(os.environ, REEDESK_HOME=str(env_home)))
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}, done.stdout


def test_reedesk_rules_list_imports_no_other_command(tmp_path) -> None:
    modules, out = _imported(["rules", "list"], tmp_path / "home")
    assert "cn-mofcom-2025-061" in out and "reedesk.cli.main" in modules
    others = sorted(m for m in modules if m.startswith("reedesk.cli.") and m not in ("reedesk.cli.main", "reedesk.cli.rules",
                                                                                    "reedesk.cli.common",
                                                                                    "reedesk.cli.columns",  # table widths
                                                                                    "reedesk.cli.parser"))  # argparse in --language
    assert others == []
    assert not any(m.startswith(("PySide6", "reportlab", "pyhanko")) for m in modules)
