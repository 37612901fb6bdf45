"""HTTP behaviour of the APIs (``/api`` and ``/oruk``): ETag and 304, Cache-Control, gzip and
CORS ``*``. Pages are left alone: they carry per-user content and are not compressed (BREACH).
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIXES = ("/api/", "/oruk")
PREFLIGHT_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
    (b"access-control-allow-headers", b"*"),
    (b"access-control-max-age", b"86400"),
]


def _is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES)


class ApiHttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.api = GZipMiddleware(ConditionalGet(app), minimum_size=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await send({"type": "http.response.start", "status": 204, "headers": PREFLIGHT_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Access-Control-Allow-Origin"] = "*"
            await send(message)

        await self.api(scope, receive, send_with_cors)


def etag_of(body: bytes) -> str:
    # Weak: the same representation may travel gzipped or not.
    return 'W/"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


class ConditionalGet:
    """Adds an ETag to every complete 200 answer to a GET and answers 304 when it matches
    ``If-None-Match``; errors get ``Cache-Control: no-store``. Streamed answers (no
    Content-Length, e.g. NDJSON) pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match", "")
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] >= 400 and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                if message["status"] == 200 and "content-length" in headers:
                    start = message
                    return
                await send(message)
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._finish(start, b"".join(chunks), if_none_match, send)

        await self.app(scope, receive, buffered)

    @staticmethod
    async def _finish(start: Message, body: bytes, if_none_match: str, send: Send) -> None:
        etag = etag_of(body)
        headers = MutableHeaders(scope=start)
        headers["ETag"] = etag
        if if_none_match and _matches(if_none_match, etag):
            kept = [
                (k, v)
                for k, v in start["headers"]
                if k.lower() in (b"etag", b"cache-control", b"vary", b"access-control-allow-origin")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})
