"""Server subprocesses for benchmarks and reliability tests: start, wait until ready, measure, stop.

- `ServerProcess`: one HTTP server in its own process group on a loopback port, its output in a log file;
- `RssSampler`: a thread that samples the resident memory of a process and all its children, keeping the peak;
- `xinsheng_command` / `vanilla_command`: the two servers the benchmark compares;
- `postgres_cluster`: a throw-away PostgreSQL cluster (the test suite's `start_local_cluster`, durable: fsync and
  synchronous commit stay on, as in production, so events/s on PostgreSQL is not flattered).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx
import psutil

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def xinsheng_command(port: int, workers: int = 1) -> list[str]:
    """`xinsheng serve` on a loopback port (the console script of this interpreter's environment)."""
    script = Path(sys.executable).with_name("xinsheng")
    prefix = [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]
    return [*prefix, "serve", "--host", LOOPBACK, "--port", str(port), "--workers", str(workers)]


def vanilla_command(port: int, model_dir: Path) -> list[str]:
    """The naive PyTorch pipeline server (benchmarks/vanilla_app.py) on a loopback port."""
    return [
        sys.executable,
        "-m",
        "benchmarks.vanilla_app",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--model-dir",
        str(model_dir),
    ]


def process_tree(pid: int) -> list[psutil.Process]:
    """The process and its descendants (those still alive)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(pid: int) -> int:
    """Resident set size of the process tree in bytes (0 once it is gone)."""
    total = 0
    for proc in process_tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += proc.memory_info().rss
    return total


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by the process tree."""
    total = 0.0
    for proc in process_tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


class RssSampler:
    """Samples `tree_rss(pid)` every `interval_s` on a daemon thread; `peak` is the largest sample."""

    def __init__(self, pid: int, interval_s: float = 0.05) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rss-{pid}", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def sample(self) -> int:
        """Take one sample now and return it."""
        rss = tree_rss(self.pid)
        self.peak = max(self.peak, rss)
        self.samples += 1
        return rss

    def reset_peak(self) -> None:
        """Forget the peak so far (e.g. between phases)."""
        self.peak = tree_rss(self.pid)

    def start(self) -> RssSampler:
        """Start sampling."""
        self._thread.start()
        return self

    def stop(self) -> int:
        """Stop sampling; returns the peak in bytes."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
        return self.peak


class ServerError(RuntimeError):
    """A server did not start (its log tail is in the message)."""


@dataclass
class ServerProcess:
    """An HTTP server subprocess on `127.0.0.1:port`, in its own session so that its whole tree can be signalled."""

    name: str
    argv: Sequence[str]
    port: int
    env: Mapping[str, str] = field(default_factory=dict)
    ready_path: str = "/healthz"
    log_path: Path | None = None
    cwd: Path | None = None
    # Inherited variables with this prefix are dropped (a developer's XINSHENG_API_KEYS must not leak in).
    isolate_prefix: str | None = "XINSHENG_"
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _log_file: object | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int:
        """The server's process id."""
        if self.process is None:
            raise ServerError(f"{self.name} is not running")
        return self.process.pid

    def start(self, timeout_s: float = 120.0) -> ServerProcess:
        """Start the process and wait until `ready_path` answers 200 (raises `ServerError` with the log tail)."""
        if self.log_path is None:
            self.log_path = Path(tempfile.mkstemp(prefix=f"{self.name}-", suffix=".log")[1])
        log = self.log_path.open("ab")
        self._log_file = log
        self.process = subprocess.Popen(
            list(self.argv),
            env=self._environment(),
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        with httpx.Client(base_url=self.base_url, timeout=5.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ServerError(
                        f"{self.name} exited with {self.process.returncode} during start-up:\n{self.log_tail()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(self.ready_path).status_code == 200:
                        return self
                time.sleep(0.1)
        self.stop()
        raise ServerError(f"{self.name} was not ready within {timeout_s:.0f} s:\n{self.log_tail()}")

    def _environment(self) -> dict[str, str]:
        prefix = self.isolate_prefix
        inherited = {k: v for k, v in os.environ.items() if not (prefix and k.startswith(prefix))}
        return {**inherited, **self.env}

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server's output."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL the whole process group at once (a crash, not a shutdown)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self._close_log()

    def stop(self, grace_s: float = 20.0) -> int | None:
        """SIGTERM, wait up to `grace_s`, then SIGKILL. Returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace_s)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()
        return self.process.returncode

    def _close_log(self) -> None:
        log = self._log_file
        self._log_file = None
        if log is not None:
            log.close()  # type: ignore[attr-defined]

    def __enter__(self) -> ServerProcess:
        return self.start() if self.process is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


# ---- PostgreSQL --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostgresCluster:
    """A running throw-away cluster: a SQLAlchemy URL to a fresh database on it."""

    url: str
    version: str


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster | str]:
    """Yield a `PostgresCluster` (durable settings), or a string saying why none could be started.

    Uses `XINSHENG_TEST_POSTGRES_URL` (creating and dropping a database on it) when set, else the Debian binaries
    found by the test suite's `find_postgres_bin` (`make postgres` installs them).
    """
    from tests.postgres import (
        ENV_URL,
        PostgresServer,
        find_postgres_bin,
        start_local_cluster,
        stop_local_cluster,
    )

    external = os.environ.get(ENV_URL)
    if external:
        from sqlalchemy.engine import make_url

        server = PostgresServer(
            admin_url=make_url(external).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        name, url = server.create_database()
        try:
            yield PostgresCluster(url=url, version="external")
        finally:
            server.drop_database(name)
        return
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        yield "PostgreSQL not installed: no initdb under /usr/lib/postgresql/*/bin or on PATH (run `make postgres`)"
        return
    try:
        server = start_local_cluster(bin_dir, durable=True)
    except (subprocess.CalledProcessError, KeyError, OSError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        yield f"PostgreSQL could not start with {bin_dir}: {detail.strip()}"
        return
    try:
        _name, url = server.create_database()
        yield PostgresCluster(url=url, version=bin_dir.parent.name)
    finally:
        stop_local_cluster(bin_dir, server)
