"""Who may use the page: the person who started it. A random token in the first URL (kept in a
cookie for this port), loopback addresses and Host headers only, a CSRF token in every form and
htmx request, bounded request bodies."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData
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


class Guard:
    """ASGI middleware: right Host, the token (from the URL once, then the cookie), bounded
    bodies. Everything else answers 403, 400 or 413 without reaching the page."""

    def __init__(
        self, app: ASGIApp, token: str, hosts: set[str], cookie: str, refuse: Refusal
    ) -> None:
        self.app, self.token, self.hosts, self.cookie = app, token, hosts, cookie
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        response = self._refusal(request)
        if response is None and request.query_params.get("token") is not None:
            response = self._enter(request)
        if response is not None:
            await response(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _bounded(receive), tracked)
        except Exception:
            # Not logged: a traceback's messages can quote what the user typed. The page says
            # something went wrong; nothing was half-written (every write is atomic).
            if not started:
                await self.refuse(500)(scope, receive, send)

    def _refusal(self, request: Request) -> Response | None:
        if request.headers.get("host", "") not in self.hosts:
            # Another name for this address: a DNS-rebinding page, not the user's browser.
            return self.refuse(400)
        given = request.query_params.get("token") or request.cookies.get(self.cookie)
        if not _same(given, self.token):
            return self.refuse(403)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return self.refuse(413)
        return None

    def _enter(self, request: Request) -> Response:
        """The first visit: keep the token in a cookie and take it out of the address bar."""
        query = [(k, v) for k, v in parse_qsl(request.url.query) if k != "token"]
        target = request.url.path + (f"?{urlencode(query)}" if query else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict")
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
