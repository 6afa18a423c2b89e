"""`tongwen serve`: the API and search page under uvicorn, on one or more worker processes.

Each worker is a process with its own searcher over the same memory-mapped index files (the pages are shared by
the OS), and each refreshes to new generations on its own. The HTTP protocol is uvicorn's h11 one with two
changes: a client that has not sent a whole request head within ``HEADER_SECONDS`` is answered 408 and
disconnected (a slow client cannot hold a connection open for ever), and the server's own error answers for
malformed requests are JSON like every other error.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

from tongwen.api.app import create_app
from tongwen.api.errors import error_body
from tongwen.api.settings import Settings
from tongwen.index.errors import CannotListen

log = logging.getLogger("tongwen.api")
# A request head (request line and headers) must arrive within this many seconds of the connection, or of the
# previous response on a kept-alive connection.
HEADER_SECONDS = 10.0
# An idle kept-alive connection is closed after this long (a browser reconnects; a hung client frees its slot).
KEEP_ALIVE_SECONDS = 5


class TongwenH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-head timeout and JSON bodies on its own error answers."""

    def connection_made(self, transport) -> None:  # noqa: D102 (asyncio's interface)
        super().connection_made(transport)
        # asyncio turns Nagle's algorithm off only for sockets it knows to be TCP; a socket that uvicorn hands to
        # its worker processes is not recognized, and each answer (head and body written apart) then waits for
        # the client's delayed acknowledgement: 40 ms or more per request.
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        self.header_seconds = float(os.environ.get("TONGWEN_HEADER_SECONDS") or HEADER_SECONDS)
        self._head_timer = self.loop.call_later(self.header_seconds, self._head_timeout)

    def on_response_complete(self) -> None:  # noqa: D102
        super().on_response_complete()
        self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.header_seconds, self._head_timeout)

    def connection_lost(self, exc) -> None:  # noqa: D102
        self._head_timer.cancel()
        super().connection_lost(exc)

    def _head_timeout(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self._send_error(408, "request_timeout",
                             f"the request head did not arrive within {self.header_seconds:g} s")

    def send_400_response(self, msg: str) -> None:  # noqa: D102
        self._send_error(400, "bad_request", f"{msg.rstrip('.')}: not a well-formed HTTP request")

    def _send_error(self, status: int, code: str, message: str) -> None:
        import h11

        body = json.dumps(error_body(code, message)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"x-content-type-options", b"nosniff"), (b"connection", b"close")]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=status, headers=headers)))
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:  # a response was already under way: only closing is left
            pass
        self.transport.close()


def _check_can_listen(host: str, port: int) -> None:
    """Raise CannotListen, one line, where uvicorn would log the OS error and exit."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            raise CannotListen(f"cannot listen on {host}:{port}: {reason}") from None


def app_from_env():
    """The application for a worker process: settings come from the environment the parent set."""
    return create_app(Settings.from_env())


def serve(index_dir: Path | None = None, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None) -> None:
    """Serve the index at index_dir (or ``TONGWEN_INDEX``) on host:port with ``workers`` processes."""
    settings = Settings.from_env(index_dir=index_dir)
    _check_can_listen(host, port)
    workers = workers or os.cpu_count() or 1
    if not settings.index_dir.exists():
        # Not fatal: the server picks the index up once `tongwen index` writes it; /health says 503 until then.
        logging.basicConfig(level=logging.INFO)
        log.warning("no index yet; build it with `tongwen index`")
    options: dict[str, Any] = dict(host=host, port=port, log_level="info", http=TongwenH11Protocol,
                                   timeout_keep_alive=KEEP_ALIVE_SECONDS)
    # Worker processes are started fresh, so they read their settings from the environment.
    os.environ["TONGWEN_INDEX"] = str(settings.index_dir)
    os.environ["TONGWEN_REFRESH_SECONDS"] = str(settings.refresh_seconds)
    # Even one worker runs under the supervising parent. An index file truncated in place while a request reads
    # it through its memory map kills the reading process (SIGBUS) before Python can catch anything: the parent
    # then starts a new worker, which finds the file damaged and serves the last whole generation (or answers
    # 503), so the server goes on answering; only the requests in flight on that worker are lost.
    config = uvicorn.Config("tongwen.api.server:app_from_env", factory=True, workers=workers, **options)
    try:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    except KeyboardInterrupt:
        pass
