"""The `reedesk` process skips the interpreter's last garbage collection (issue 13: `reedesk verify` ≤ 1.5×
the floor); a caller of ``main([...])`` in a longer-lived process (tests, scripts) keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys

from reedesk.cli.main import main

# An atexit handler registered *before* main() runs *after* main's own (atexit is last in, first out):
# it sees what the process is left with as the interpreter finalises.
_CHILD = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, flush=True))
sys.argv = ["reedesk", "verify", sys.argv[1]]
from reedesk.cli.main import main
code = main()
print("frozen before exit:", gc.get_freeze_count() > 0, flush=True)
sys.exit(code)
"""


def test_process_entry_freezes_the_heap_only_at_exit(tmp_path):
    missing = tmp_path / "no-such-pack.pdf"
    done = subprocess.run([sys.executable, "-c", _CHILD, str(missing)], capture_output=True, text=True, timeout=120,
                          env={"REEDESK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2, done.stderr  # unreadable: the command ran to its end and printed its sentence
    assert "no-such-pack.pdf" in done.stderr
    assert "frozen before exit: False" in done.stdout  # the command itself ran with the collector as usual
    assert "frozen at exit: True" in done.stdout


def test_main_with_arguments_leaves_the_collector_alone(tmp_path, monkeypatch, capsys):
    import atexit

    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", lambda fn, *a, **k: registered.append(fn) or fn)
    monkeypatch.setenv("REEDESK_HOME", str(tmp_path / "home"))
    before = gc.get_freeze_count()
    assert main(["verify", str(tmp_path / "no-such-pack.pdf")]) == 2
    assert gc.get_freeze_count() == before
    assert not [fn for fn in registered if getattr(fn, "__module__", "") == "reedesk.cli.main"]
