"""What the API load tests share: a free loopback port and a server subprocess, waited for."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Any

import httpx2 as httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(code: str, *args: str, **popen: Any) -> tuple[subprocess.Popen[Any], str]:
    """Run ``python -c code *args`` (a server on ``args``' port) and wait for /api/health."""
    port = free_port()
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-c", code, *args, str(port)], env=env, **popen)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    with httpx.Client(base_url=base, timeout=5) as client:
        while True:
            try:
                if client.get("/api/health").status_code == 200:
                    return server, base
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("the server did not start")
            time.sleep(0.1)
