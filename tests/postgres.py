"""PostgreSQL for the test suite: a throwaway cluster started once per session, a fresh database per test.

Fixtures (registered by tests/conftest.py):
- `pg_url`: a `postgresql+psycopg://` URL to an empty database created for the test and dropped after it;
- `database_url`: parametrised over `sqlite` (a temp file) and `postgres` (`pg_url`), for storage and API tests.

Where the server comes from:
1. `XINSHENG_TEST_POSTGRES_URL` if set (a server the suite may create and drop databases on), else
2. the Debian `postgresql` package (`/usr/lib/postgresql/<version>/bin`, or `initdb` on PATH): `initdb` into a temp
   folder, `pg_ctl start` on a free 127.0.0.1 port with its unix socket in that folder, stopped and removed at the end.
   initdb refuses to run as root, so under root the cluster belongs to the `postgres` system user (`runuser`).

If neither is available the `postgres` tests are skipped with "PostgreSQL not installed: …" and the terminal summary
says so loudly: a green run without PostgreSQL must not pass for a run with it.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest

ENV_URL = "XINSHENG_TEST_POSTGRES_URL"
_skip_reasons: list[str] = []


@dataclass
class PostgresServer:
    """A reachable PostgreSQL server on which the suite creates one database per test."""

    admin_url: str  # plain libpq URL (postgresql://…) of a database to connect to for CREATE/DROP DATABASE
    data_dir: Path | None = None
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def create_database(self) -> tuple[str, str]:
        """Create an empty database; returns (name, SQLAlchemy URL)."""
        import psycopg
        from sqlalchemy.engine import make_url

        name = f"xinsheng_test_{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        url = make_url(self.admin_url).set(drivername="postgresql+psycopg", database=name)
        return name, url.render_as_string(hide_password=False)

    def drop_database(self, name: str) -> None:
        """Drop a test database, closing any connection still open to it."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def find_postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl (newest Debian version first), or None."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        folder = Path(candidate).parent
        if (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_cluster_owner(command: list[str]) -> list[str]:
    """Run as the `postgres` system user when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


def start_local_cluster(bin_dir: Path, *, durable: bool = False) -> PostgresServer:
    """initdb + pg_ctl start in a temp folder on a free loopback port; returns the server description.

    A test cluster skips fsync (its data is thrown away); `durable=True` keeps production durability (fsync and
    synchronous commit on), as the benchmarks need so that events/s on PostgreSQL is not flattered.
    """
    base = Path(tempfile.mkdtemp(prefix="xinsheng-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data = base / "data"
    subprocess.run(
        _as_cluster_owner(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                *([] if durable else ["--no-sync"]),
            ]
        ),
        check=True,
        capture_output=True,
        text=True,
    )
    port = _free_port()
    # Enough connections for the concurrency tests.
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c max_connections=300"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        _as_cluster_owner(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(base / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        text=True,
    )
    return PostgresServer(admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres", data_dir=data)


def stop_local_cluster(bin_dir: Path, server: PostgresServer) -> None:
    """Stop the cluster and remove its folder."""
    assert server.data_dir is not None
    subprocess.run(
        _as_cluster_owner(
            [str(bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-m", "immediate", "-w", "stop"]
        ),
        check=False,
        capture_output=True,
    )
    shutil.rmtree(server.data_dir.parent, ignore_errors=True)


def _skip(reason: str) -> NoReturn:
    if reason not in _skip_reasons:
        _skip_reasons.append(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (external via XINSHENG_TEST_POSTGRES_URL, or a local throwaway cluster)."""
    external = os.environ.get(ENV_URL)
    if external:
        from sqlalchemy.engine import make_url

        admin = make_url(external).set(drivername="postgresql").render_as_string(hide_password=False)
        yield PostgresServer(admin_url=admin)
        return
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        _skip(
            "PostgreSQL not installed: no initdb under /usr/lib/postgresql/*/bin or on PATH "
            f"(apt-get install -y postgresql, or set {ENV_URL})"
        )
    try:
        server = start_local_cluster(bin_dir)
    except (subprocess.CalledProcessError, KeyError, OSError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        _skip(f"PostgreSQL not installed: could not start a test cluster with {bin_dir}: {detail.strip()}")
    try:
        yield server
    finally:
        stop_local_cluster(bin_dir, server)


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A SQLAlchemy URL to an empty PostgreSQL database, dropped after the test."""
    name, url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each supported kind: a temp SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'xinsheng.db'}"
    return str(request.getfixturevalue("pg_url"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly that PostgreSQL tests did not run."""
    for reason in _skip_reasons:
        terminalreporter.write_sep("!", "PostgreSQL tests SKIPPED", red=True, bold=True)
        terminalreporter.write_line(reason, red=True, bold=True)
