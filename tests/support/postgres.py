"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a temp data dir, a free local port.

PostgreSQL refuses to run as root, so as root the cluster belongs to `nobody` (initdb and pg_ctl run through
runuser); its data and socket live in a temp directory that goes away with the session.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "drafter"  # the cluster's superuser role (trust authentication on 127.0.0.1 only)
RUN_AS = "nobody"  # the OS user that owns the cluster when the tests run as root


def server_bin() -> Path | None:
    """The newest installed /usr/lib/postgresql/N/bin that has initdb and pg_ctl, or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").exists()]
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0) if found else None


def missing() -> str | None:
    """Why a cluster cannot start here (for pytest.skip), or None when it can."""
    if server_bin() is None:
        return "PostgreSQL server not installed (make test installs Debian's postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg not installed (pip install -e '.[postgres]'; make test installs it)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as a non-root user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster; `url(name)` is the SQLAlchemy URL of one of its databases."""

    root: Path
    port: int
    bin: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        argv = [str(self.bin / cmd[0]), *cmd[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", RUN_AS, "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False, cwd=self.root,
                              env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"})

    def start(self) -> Cluster:
        """initdb, then start on 127.0.0.1:port with the socket in the temp dir; raise with the log on failure."""
        if os.geteuid() == 0:
            shutil.chown(self.root, RUN_AS)
        steps = [
            ("initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"),
            ("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "-o",
             f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
             "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50", "start"),
        ]
        for step in steps:
            done = self._run(*step)
            if done.returncode != 0:
                log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
                raise RuntimeError(f"{step[0]} failed ({done.returncode}): {done.stdout}{done.stderr}{log}")
        return self

    def stop(self) -> None:
        """Stop at once (the data is thrown away anyway)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def cluster() -> Iterator[Cluster]:
    """Start a cluster for the test session and remove it afterwards (the body of a session fixture)."""
    bin_dir = server_bin()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="drafter-pg-"))
    c = Cluster(root, _free_port(), bin_dir)
    try:
        c.start()
        yield c
    finally:
        c.stop()
        shutil.rmtree(root, ignore_errors=True)
