"""The real server in a subprocess, as the README starts it, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port nothing listens on right now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(tmp: Path, *, workers: int = 1, env: dict[str, str] | None = None) -> Iterator[str]:
    """Load the demo data into a fresh SQLite file and serve it; yield the base URL.

    One worker runs `kilometer serve`; several run uvicorn with `--workers`, as the Procfile does.
    """
    port = free_port()
    environ = {**os.environ, "DATABASE_URL": f"sqlite://{tmp / 'live.db'}", **(env or {})}
    subprocess.run(
        [sys.executable, "-m", "portal", "load-demo"], env=environ, check=True, capture_output=True
    )
    if workers == 1:
        command = ["-m", "portal", "serve", "--host", "127.0.0.1", "--port", str(port)]
    else:
        command = ["-m", "uvicorn", "--factory", "portal.app:create_app", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--workers", str(workers)]
    log = (tmp / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, *command], env=environ, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_until_ready(base: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server at {base} did not become ready in {seconds} s")
