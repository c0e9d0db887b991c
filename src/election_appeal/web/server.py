"""`appeal serve`: the page on this computer only, opened with a one-time code.

Connections are bounded in time: one that has not sent a complete request head within
HEADER_SECONDS (a half-open or trickling connection) is closed, so is one that has not sent its
body within BODY_SECONDS, and an idle kept-alive one after IDLE_SECONDS, so that stray
connections cannot pile up until the page is unreachable.
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import UsageError
from ..i18n import gettext as _
from .security import Access, is_loopback, new_secret

HOST = "127.0.0.1"
# Seconds a connection may take to send a request's head (line and headers).
HEADER_SECONDS = 10.0
# Seconds a request may take to send its body once its head has arrived (an upload of 10 MB
# takes well under a second on this computer).
BODY_SECONDS = 60.0
# Seconds a kept-alive connection may stay idle between requests.
IDLE_SECONDS = 5
# Connections served at once; beyond, the server answers 503 at once instead of queueing.
MAX_CONNECTIONS = 200
# A request head larger than this is refused (the page's own are well under 4 KB).
MAX_HEAD_BYTES = 64 * 1024


class BoundedProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's head: uvicorn closes
    idle kept-alive connections, but waits forever for a head that never completes."""

    _deadline: asyncio.TimerHandle | None = None
    _waiting_for = ""  # "head" or "body": what the deadline is for

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm("head", HEADER_SECONDS)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def handle_events(self) -> None:
        super().handle_events()
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm("head", HEADER_SECONDS)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _follow(self) -> None:
        """Move the deadline on as the request arrives: head, then body, then none."""
        if self.cycle is None or self.cycle.response_complete:
            return  # still waiting for a head
        if self.cycle.more_body:
            if self._waiting_for != "body":
                self._arm("body", BODY_SECONDS)
        elif self._deadline is not None:
            self._disarm()  # the request is complete: it is being answered, however long

    def _arm(self, waiting_for: str, seconds: float) -> None:
        self._disarm()
        self._waiting_for = waiting_for
        self._deadline = self.loop.call_later(seconds, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._waiting_for = ""

    def _expire(self) -> None:
        self._deadline = None
        cycle = self.cycle
        answering = cycle is not None and not cycle.response_complete and not cycle.more_body
        if not answering and not self.transport.is_closing():
            if cycle is not None and not cycle.response_complete:
                cycle.disconnected = True  # the handler reading the body stops waiting
                cycle.message_event.set()
            self.transport.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on a loopback address; any other address is refused."""
    if not is_loopback(host):
        message = _("{host}: the page listens on this computer only (127.0.0.1)")
        raise UsageError(message.format(host=host))
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        message = _("port {port} cannot be used ({reason}); choose another with --port")
        raise UsageError(message.format(port=port, reason=exc.strerror)) from None
    sock.listen(64)
    return sock


def _load_libraries() -> None:
    """Import what the first check and preview need, so that they answer sooner, and what a
    build needs: a build from the page, a process forked from this one, starts with them."""
    from .. import api

    api.Preview.warm_up()
    # What is loaded now stays for the life of the page: the cycle collector stops walking it
    # at each of its full passes (tens of milliseconds each, in the middle of a preview).
    gc.freeze()


def serve(
    folders: list[Path],
    out_dir: Path,
    port: int = 0,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
    templates: Path | None = None,
    host: str = HOST,
) -> None:
    """Serve the case folders until Ctrl-C; the first line said is the address to open."""
    import uvicorn

    from .app import create_app

    sock = bind(host, port)
    port = sock.getsockname()[1]

    def address(code: str) -> str:
        return f"http://{HOST}:{port}/?code={code}"

    # Said in the interface language of the terminal, before the page's language is set.
    opened = _("Open this address in your browser; it works once. Press Ctrl+C to stop.")
    again = _("To open the page in another browser, use this address (it works once): {url}")
    stopped = _("Stopped.")
    # The page speaks Russian; the library's own messages (those it has translated) follow,
    # unless the user chose a language.
    os.environ.setdefault("APPEAL_LANG", "ru")

    def offer_another() -> None:
        say(again.format(url=address(access.new_code())))

    first = new_secret()
    access = Access(first, on_use=offer_another)
    app = create_app(folders, out_dir, first, port, templates=templates, access=access)
    # No access log: addresses carry case names; nothing personal is logged.
    config = uvicorn.Config(
        app,
        http=BoundedProtocol,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
        timeout_keep_alive=IDLE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
    )
    server = uvicorn.Server(config)
    # The libraries of checking and rendering load while the user opens the page.
    threading.Thread(target=_load_libraries, name="warm-up", daemon=True).start()
    say(address(first))
    say(opened)
    if open_browser:
        # The browser gets a code of its own: its command line is visible to other users of
        # this computer, and the code dies when the browser uses it.
        webbrowser.open(address(access.new_code()))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has shut down cleanly and hands the Ctrl-C on
    finally:
        sock.close()
    say(stopped)
