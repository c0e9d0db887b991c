"""Who may use the page: the person who started it. The browser is opened with a one-time code
that is exchanged, on first use, for a session kept in an HttpOnly, SameSite=Strict cookie
named after the port; loopback addresses and Host headers only, a CSRF token in every form and
htmx request, bounded request bodies, and nothing personal kept in the browser's cache."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Bigger than the largest upload allowed, smaller than what would strain memory.
MAX_BODY_BYTES = 12_000_000
Refusal = Callable[[int], Response]
# Sent with every answer: the pages hold personal data (the ИИН), which must not land in the
# browser's disk cache; no other site may frame the page (clickjacking); addresses of the
# page are not told to other sites.
HEADERS = {
    "cache-control": "no-store",
    "pragma": "no-cache",
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class Forbidden(Exception):
    """A form arrived without the right CSRF token."""


def new_secret() -> str:
    """A random, URL-safe secret."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this computer only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class Access:
    """The one-time codes not yet used, and the sessions they were exchanged for."""

    def __init__(self, first_code: str, on_use: Callable[[], None] | None = None) -> None:
        self._codes = {first_code}
        self._sessions: set[str] = set()
        self._lock = threading.Lock()
        self._on_use = on_use

    def new_code(self) -> str:
        """A further one-time code, for another window or browser."""
        code = new_secret()
        with self._lock:
            self._codes.add(code)
        return code

    def redeem(self, code: str) -> str | None:
        """The new session for a code not used before; the code dies. None for any other."""
        with self._lock:
            found = next((c for c in self._codes if _same(code, c)), None)
            if found is None:
                return None
            self._codes.discard(found)
            session = new_secret()
            self._sessions.add(session)
        if self._on_use is not None:
            self._on_use()
        return session

    def valid(self, session: str | None) -> bool:
        """Whether a cookie's value is one of this server's sessions."""
        with self._lock:
            return session is not None and any(_same(session, s) for s in self._sessions)


class Guard:
    """ASGI middleware: right Host, a session (from a one-time code, then the cookie), bounded
    bodies. Everything else answers 403, 400 or 413 without reaching the page."""

    def __init__(
        self, app: ASGIApp, access: Access, hosts: set[str], cookie: str, refuse: Refusal
    ) -> None:
        self.app, self.access, self.hosts, self.cookie = app, access, hosts, cookie
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        started = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        response = self._refusal(request)
        if response is None and request.query_params.get("code") is not None:
            response = self._enter(request)
        if response is not None:
            await response(scope, receive, guarded)
            return
        try:
            await self.app(scope, _bounded(receive), guarded)
        except Exception:
            # Not logged: a traceback's messages can quote what the user typed. The page says
            # something went wrong; nothing was half-written (every write is atomic).
            if not started:
                await self.refuse(500)(scope, receive, guarded)

    def _refusal(self, request: Request) -> Response | None:
        if request.headers.get("host", "") not in self.hosts:
            # Another name for this address: a DNS-rebinding page, not the user's browser.
            return self.refuse(400)
        code = request.query_params.get("code")
        if code is None and not self.access.valid(request.cookies.get(self.cookie)):
            return self.refuse(403)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return self.refuse(413)
        return None

    def _enter(self, request: Request) -> Response:
        """A one-time code: exchanged for a session cookie and taken out of the address bar."""
        session = self.access.redeem(request.query_params.get("code", ""))
        signed_in = self.access.valid(request.cookies.get(self.cookie))
        if session is None and not signed_in:
            return self.refuse(403)
        query = [(k, v) for k, v in parse_qsl(request.url.query) if k != "code"]
        target = request.url.path + (f"?{urlencode(query)}" if query else "")
        response = RedirectResponse(target, status_code=303)
        if session is not None:
            response.set_cookie(self.cookie, session, httponly=True, samesite="strict", path="/")
        return response


class BodyTooLarge(Exception):
    """A request body went past MAX_BODY_BYTES without saying its length in advance."""


def _bounded(receive: Receive) -> Receive:
    received = 0

    async def bounded() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > MAX_BODY_BYTES:
            raise BodyTooLarge
        return message

    return bounded


async def checked_form(request: Request, csrf: str) -> FormData:
    """The submitted form, refused (Forbidden) unless it carries the CSRF token."""
    form = await request.form(max_files=1, max_fields=50_000, max_part_size=1_000_000)
    given = request.headers.get("x-csrf-token") or form.get("csrf")
    if not isinstance(given, str) or not _same(given, csrf):
        raise Forbidden
    return form
