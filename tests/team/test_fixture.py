"""Without PostgreSQL's binaries the team-desk tests FAIL with a sentence naming the package (issue 12, point 10).

They are never skipped silently: a pytest run in a subprocess whose binary lookup sees
only an empty folder (PATH and the Debian version-folder pattern) reports an error, no
skip, and the sentence `apt-get install -y postgresql`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_fixture_fails_naming_the_package_when_the_binaries_are_absent(tmp_path):
    empty = tmp_path / "no-postgresql"
    empty.mkdir()
    probe = tmp_path / "test_needs_a_server.py"
    probe.write_text("def test_needs_a_server(pg_server):\n    assert pg_server.port\n", encoding="utf-8")
    env = {**os.environ, "PATH": str(empty), "REEDESK_TEST_PG_GLOB": str(empty / "*" / "bin" / "pg_ctl")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.team.conftest",
         "--rootdir", str(tmp_path), str(probe)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output  # tests failed (not 0 = passed/skipped, not 5 = none collected)
    assert "1 error" in output and "skipped" not in output, output
    assert "install the Debian package `postgresql` (apt-get install -y postgresql)" in output, output
