"""A throwaway PostgreSQL server for the team-desk tests (issue 12, point 10).

One server per test session (the Debian ``postgresql`` package's ``initdb``/``pg_ctl``,
found on PATH or under /usr/lib/postgresql/*/bin), listening on a free 127.0.0.1 port
with its data in a temporary folder and ``fsync`` off; every test gets a fresh
database on it. PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` account the package creates (``runuser``).

Where the binaries are absent the tests FAIL with a sentence naming the package: they
are never skipped silently.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

MISSING = (
    "The team-desk tests need a PostgreSQL server's binaries (initdb, pg_ctl): install the Debian package "
    "`postgresql` (apt-get install -y postgresql); .ci/run does this when pg_ctl is absent."
)
SUPERUSER = "reedesk_test"


PG_BIN_GLOB = "/usr/lib/postgresql/*/bin/pg_ctl"  # where the Debian package puts them


def find_pg_bin() -> Path | None:
    """initdb/pg_ctl on PATH, else the newest Debian version folder. ``REEDESK_TEST_PG_GLOB``
    replaces the Debian pattern (tests/team/test_fixture.py points it at an empty folder)."""
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(found).parent
    pattern = os.environ.get("REEDESK_TEST_PG_GLOB", PG_BIN_GLOB)

    def version(path: str) -> tuple[int, str]:
        name = Path(path).parent.parent.name
        return (int(name) if name.isdigit() else 0, path)

    candidates = sorted(glob.glob(pattern), key=version)
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running PostgreSQL server of this test session."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="reedesk-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                shutil.chown(self.folder, "postgres")
            except LookupError:
                raise RuntimeError(
                    "As root, the test server runs as the `postgres` account that the Debian package `postgresql` "
                    "creates; there is none here: apt-get install -y postgresql."
                ) from None
            self.as_user = ["runuser", "-u", "postgres", "--"]
            self.folder.chmod(0o700)
        self._names = itertools.count(1)

    def _run(self, *argv: str) -> None:
        result = subprocess.run([*self.as_user, *argv], capture_output=True, text=True, timeout=120, cwd=self.folder)
        if result.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> None:
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database, autocommit=True)

    def new_database(self) -> str:
        name = f"desk_{os.getpid()}_{next(self._names)}"
        with self.connect() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return name


@pytest.fixture(scope="session")
def pg_server():
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.fail(MISSING, pytrace=False)
    server = Server(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def team_url(pg_server: Server, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, empty database on the session's server; REEDESK_DATABASE_URL points at it."""
    url = pg_server.url(pg_server.new_database())
    monkeypatch.setenv("REEDESK_DATABASE_URL", url)
    return url


@pytest.fixture
def team_desk(team_url: str, _isolated_home: Path):
    from reedesk.services.desk import open_desk

    opened = open_desk(_isolated_home, seed_samples=False)
    yield opened
    opened.close()
