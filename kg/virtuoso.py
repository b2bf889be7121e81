"""A throwaway local Virtuoso (Debian ``virtuoso-opensource``) for tests and benchmarks.

It listens on 127.0.0.1 only, on free ports, with its own ``virtuoso.ini`` (from
``kg/templates/virtuoso.ini``) and data directory, and a random ``dba`` password; the
system's default instance is never touched. Use it as a context manager::

    with LocalVirtuoso(tmp_dir) as server:
        Endpoint(server.sparql_url, credentials=server.credentials)
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from string import Template

from .errors import KGError

TEMPLATE = Path(__file__).parent / "templates" / "virtuoso.ini"
BINARY, ISQL = "virtuoso-t", "isql-vt"


def available() -> bool:
    """True when the Virtuoso server and its isql client are installed."""
    return shutil.which(BINARY) is not None and shutil.which(ISQL) is not None


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalVirtuoso:
    """Start, use and stop a private Virtuoso in ``directory``."""

    def __init__(self, directory: str | Path, memory_gb: float = 1.0) -> None:
        self.dir = Path(directory).resolve()
        self.sql_port, self.http_port = free_port(), free_port()
        self.password = "kg" + secrets.token_hex(12)  # isql wants a plain identifier: letters first
        # Virtuoso's rule of thumb: 85,000 8 KB buffers per GB given to it.
        self.buffers = max(10_000, int(85_000 * memory_gb))
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """The authenticated SPARQL endpoint (queries and updates; Digest auth)."""
        return self.base_url + "/sparql-auth"

    @property
    def gsp_url(self) -> str:
        """The authenticated Graph Store Protocol endpoint."""
        return self.base_url + "/sparql-graph-crud-auth"

    @property
    def credentials(self) -> tuple[str, str]:
        return "dba", self.password

    def start(self, wait: float = 90.0) -> LocalVirtuoso:
        """Write the config, start the server, wait until it answers, set the dba password."""
        if not available():
            raise KGError(BINARY, "Virtuoso is not installed (Debian package virtuoso-opensource)")
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "vsp").mkdir(exist_ok=True)
        ini = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
            dir=str(self.dir), sql_port=self.sql_port, http_port=self.http_port,
            buffers=self.buffers, dirty_buffers=self.buffers * 3 // 4)
        (self.dir / "virtuoso.ini").write_text(ini, encoding="utf-8")
        log = open(self.dir / "server.out", "wb")
        self.process = subprocess.Popen([BINARY, "+foreground", "+configfile", "virtuoso.ini"], cwd=self.dir,
                                        stdout=log, stderr=subprocess.STDOUT)
        log.close()
        try:
            self._wait(wait)
            self._set_password(wait)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self.dir / "server.out").read_text(errors="replace").strip().splitlines()[-1:]
                raise KGError(BINARY, f"server exited early: {tail[0] if tail else self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base_url + "/sparql?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise KGError(self.base_url, f"Virtuoso did not answer within {wait:.0f}s")

    def _set_password(self, wait: float) -> None:
        # The SQL side may come up a moment after HTTP: retry until it takes the command.
        deadline = time.monotonic() + wait
        while True:
            try:
                self.isql(f"set password dba {self.password};", password="dba", timeout=30)
                return
            except KGError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def isql(self, commands: str, password: str | None = None, timeout: float = 3600) -> str:
        """Run SQL commands through isql (the bulk loader lives there); output as text."""
        proc = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", password or self.password,
                               "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", f"exec={commands}"],
                              capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            lines = [l for l in (proc.stdout + proc.stderr).splitlines() if "Error" in l] or [f"exit status {proc.returncode}"]
            raise KGError(ISQL, lines[0][:300])
        return proc.stdout

    def bulk_load(self, path: str | Path, graph: str) -> None:
        """Load an N-Triples file (inside the data directory) into ``graph`` with the bulk loader."""
        path = Path(path).resolve()
        self.isql(f"ld_dir('{path.parent}', '{path.name}', '{graph}'); rdf_loader_run(); checkpoint;")

    def peak_memory(self) -> int:
        """The server process's peak resident memory in bytes (Linux)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 20 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> LocalVirtuoso:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
