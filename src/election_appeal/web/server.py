"""`appeal serve`: the page on this computer only, at an address with a random token."""

from __future__ import annotations

import os
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from .security import is_loopback, new_secret

HOST = "127.0.0.1"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on a loopback address; any other address is refused."""
    if not is_loopback(host):
        raise UsageError(f"{host}: the page listens on this computer only (127.0.0.1)")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"port {port} cannot be used ({exc.strerror}); choose another with --port"
        ) from None
    sock.listen(64)
    return sock


def _load_libraries() -> None:
    """Import what the first check and preview need, so that they answer sooner."""
    from .. import api  # noqa: F401
    from ..analysis import analyse  # noqa: F401
    from ..render.documents import Renderer  # noqa: F401


def serve(
    folders: list[Path],
    out_dir: Path,
    port: int = 0,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
    host: str = HOST,
) -> None:
    """Serve the case folders until Ctrl-C; the first line said is the address to open."""
    import uvicorn

    from .app import create_app

    # The page speaks Russian; the library's own messages (those it has translated) follow,
    # unless the user chose a language.
    os.environ.setdefault("APPEAL_LANG", "ru")
    sock = bind(host, port)
    port = sock.getsockname()[1]
    token = new_secret()
    url = f"http://{HOST}:{port}/?token={token}"
    app = create_app(folders, out_dir, token, port)
    # No access log: addresses carry the token and case names; nothing personal is logged.
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    # The libraries of checking and rendering load while the user opens the page.
    threading.Thread(target=_load_libraries, name="warm-up", daemon=True).start()
    say(url)
    say("Open this address in your browser. Press Ctrl+C to stop.")
    if open_browser:
        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has shut down cleanly and hands the Ctrl-C on
    finally:
        sock.close()
    say("Stopped.")
