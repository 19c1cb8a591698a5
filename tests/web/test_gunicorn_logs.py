"""Issue 16 (3): under the shipped gunicorn configuration, neither log names a query or a client.

Before, a request that timed out left ``Error handling request GET /?q=...`` in the error log,
and a malformed request line ``Invalid request from ip=...: ... 'GET /?q=...'``. The test starts
gunicorn with webapp/gunicorn_conf.py on 127.0.0.1 (a free port, read from what it prints),
sends an ordinary request, one that times out and malformed request lines, and reads both logs.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

SECRET = "zebracrossing"


def _raw(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(payload)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def served(tmp_path: Path):
    """gunicorn with the shipped config, a 1 s timeout and log files under tmp_path; yields (port, logs)."""
    logs = {"error": tmp_path / "error.log", "access": tmp_path / "access.log"}
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    command = [sys.executable, "-m", "gunicorn", "-c", "webapp/gunicorn_conf.py", "--timeout", "1",
               "--workers", "1", "--error-logfile", str(logs["error"]), "--access-logfile", str(logs["access"]),
               "tests.web.slow_wsgi:app"]
    env = {"PATH": "/usr/bin:/bin", "PORT": "0", "XDG_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path)}
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        assert line.startswith("Serving on http://127.0.0.1:"), line
        port = int(line.split("127.0.0.1:")[1].split()[0])
        def stop() -> None:
            server.terminate()
            server.wait(timeout=30)

        yield port, logs, runtime, stop
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_neither_gunicorn_log_names_a_query_or_a_client(served) -> None:
    port, logs, runtime, stop = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q={SECRET}+one", timeout=30) as response:
        assert response.status == 200
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/slow?q={SECRET}+two", timeout=30).read()
    answers = [
        _raw(port, f"GET /?q={SECRET} three HTTP/1.1\r\nHost: x\r\n\r\n".encode()),
        _raw(port, f"GET /?q={SECRET}\x01four HTTP/1.1\r\nHost: x\r\n\r\n".encode()),
        _raw(port, f"G\x00T /?q={SECRET}five HTTP/1.1\r\n\r\n".encode()),
    ]
    assert all(answer.startswith(b"HTTP/1.1 400") for answer in answers), answers
    assert not (runtime / "gunicorn.ctl").exists()  # no control socket for another instance to take over

    stop()  # the logs are complete once gunicorn has exited
    error_log = logs["error"].read_text(encoding="utf-8")
    access_log = logs["access"].read_text(encoding="utf-8")
    # What happened is still there...
    assert "WORKER TIMEOUT" in error_log and "Error handling request" in error_log
    assert error_log.count("Invalid request from") == 3
    assert '"GET / HTTP/1.1" 200' in access_log and '"GET /slow HTTP/1.1" 500' in access_log
    # ...but not what was asked, nor who asked.
    for name, text in (("error", error_log), ("access", access_log)):
        assert SECRET not in text, f"the {name} log holds the query"
        assert "?q=" not in text, f"the {name} log holds a query string"
        client_lines = [line for line in text.splitlines() if "127.0.0.1" in line and "Listening at" not in line]
        assert not client_lines, f"the {name} log names an address: {client_lines}"
