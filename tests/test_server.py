"""`tongwen serve` as a client meets it: malformed and slow requests, headers, and several worker processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time

import httpx
import pytest

from tests.test_browser import serving


@pytest.fixture(scope="module")
def server(seed_index, tongwen_command, tmp_path_factory):
    """A real server over the seed index with a 1-second request-head timeout, on two worker processes."""
    log_path = tmp_path_factory.mktemp("server") / "serve.log"
    env = {**os.environ, "TONGWEN_HEADER_SECONDS": "1"}
    with serving(tongwen_command, seed_index, log_path, "--workers", "2", env=env) as (process, base):
        yield int(base.rsplit(":", 1)[1]), process.pid


def _exchange(server: tuple, data: bytes, wait: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", server[0]), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _parts(raw: bytes) -> tuple[int, dict, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, json.loads(body)


def test_a_malformed_request_gets_a_json_400(server):
    status, headers, body = _parts(_exchange(server, b"GARBAGE WITHOUT PROTOCOL\r\n\r\n"))
    assert status == 400 and headers["content-type"] == "application/json"
    assert body["error"]["code"] == "bad_request" and body["error"]["message"]


def test_a_client_that_sends_its_request_head_too_slowly_is_answered_408_and_disconnected(server):
    started = time.monotonic()
    status, headers, body = _parts(_exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n"))
    assert time.monotonic() - started < 4.5  # closed by the server at about 1 s, not by the client's wait
    assert status == 408 and body["error"]["code"] == "request_timeout"
    assert headers["connection"] == "close"


def test_a_whole_request_on_time_is_answered_normally(server):
    raw = _exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    status, headers, body = _parts(raw)
    assert status == 200 and body["status"] == "ok"


def test_json_answers_are_never_sniffed_and_the_docs_page_has_a_content_security_policy(server):
    base = f"http://127.0.0.1:{server[0]}"
    for url in ("/search?q=海淀", "/search?q=", "/nowhere", "/stats"):
        assert httpx.get(base + url).headers["x-content-type-options"] == "nosniff", url
    docs = httpx.get(base + "/docs")
    assert "default-src 'none'" in docs.headers["content-security-policy"]
    assert "content-security-policy" in httpx.get(base + "/").headers


def test_two_worker_processes_serve_the_same_index(server):
    port, pid = server
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    workers = [c for c in children if "spawn" in open(f"/proc/{c}/cmdline", "rb").read().decode(errors="replace")]
    assert len(workers) == 2, children
    base = f"http://127.0.0.1:{port}"
    with httpx.Client() as client:
        totals = {client.get(base + "/search", params={"q": "中關村"}).json()["total"] for _ in range(20)}
    assert totals == {5}


def test_a_worker_process_answers_without_waiting_for_delayed_acknowledgements():
    """Nagle's algorithm is off on every TCP connection the protocol takes, also on sockets asyncio does not know
    to be TCP (those uvicorn hands to worker processes), or each answer waits for the client's delayed ACK."""
    import asyncio

    from tongwen.api.server import TongwenH11Protocol

    class Transport(asyncio.Transport):
        def __init__(self, sock):
            super().__init__()
            self._sock = sock

        def get_extra_info(self, name, default=None):
            return {"socket": self._sock, "peername": ("127.0.0.1", 1), "sockname": ("127.0.0.1", 2)}.get(
                name, default)

        def is_closing(self):
            return False

    from uvicorn.config import Config
    from uvicorn.server import ServerState

    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    loop = asyncio.new_event_loop()
    try:
        async def app(scope, receive, send):
            """An application that is never called."""

        config = Config(app=app, http=TongwenH11Protocol)
        config.load()
        protocol = TongwenH11Protocol(config=config, server_state=ServerState(), app_state={}, _loop=loop)
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        protocol.connection_made(Transport(accepted))
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        protocol._head_timer.cancel()
    finally:
        loop.close()
        for s in (client, accepted, listener):
            s.close()


def test_a_port_already_in_use_is_one_line_and_a_non_zero_exit(server, tongwen_command):
    port, _ = server
    done = subprocess.run([*tongwen_command, "serve", "--port", str(port), "--workers", "1"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [f"tongwen: error: cannot listen on 127.0.0.1:{port}: address already in use"]
