"""The ASGI layer in front of every route: rate limit, body size, content type, UTF-8, metrics.

It works on the raw ASGI messages so that a 10 MB body is refused from its Content-Length (or
after the first chunks over the limit) without being read, and bad input never reaches a route.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

from saqbol.web.ratelimit import RateLimiter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# /telegram/: every webhook update comes from a few Telegram addresses; its secret guards it.
UNLIMITED_PATHS = ("/healthz", "/metrics", "/static/", "/telegram/")
JSON_TYPES = ("application/json",)
# Picture uploads are multipart and binary, with their own size limit (15 MB image + form).
UPLOAD_PATHS = ("/api/v1/check/image", "/check/image")
UPLOAD_MAX_BODY = 16 * 1024 * 1024


def _is_upload(path: str) -> bool:
    """Picture uploads: the image check and a meeting's photos (multipart, larger bodies)."""
    return path in UPLOAD_PATHS or (path.startswith("/org/meetings/") and path.endswith("/photos"))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "saqbol_http_requests",
            "HTTP requests by route and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "saqbol_http_request_duration_seconds",
            "Time to answer a request.",
            ["route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )
        self.verdicts = Counter(
            "saqbol_verdicts", "Verdicts given, by verdict.", ["verdict"], registry=self.registry
        )
        self.reports = Counter("saqbol_reports", "Reports stored.", registry=self.registry)
        self.rejected = Counter(
            "saqbol_rejected_requests",
            "Requests refused before routing, by reason.",
            ["reason"],
            registry=self.registry,
        )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _send_error(
    send: Send, status: int, code: str, message: str, extra: list[Any] | None = None
) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    # Closing the connection: the client may still be sending a body we will not read.
    if status in (413, 429):
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limiter: RateLimiter,
        max_body: int,
        metrics: Metrics,
        trust_proxy: bool = False,
    ) -> None:
        self.app, self.limiter, self.max_body = app, limiter, max_body
        self.metrics, self.trust_proxy = metrics, trust_proxy

    def client_id(self, scope: Scope) -> str:
        if self.trust_proxy:
            fwd = _header(scope, b"x-forwarded-for")
            if fwd:
                return fwd.split(",")[0].strip()
        client = scope.get("client")
        return str(client[0]) if client else "unknown"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status_box = [500]

        async def send_wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_box[0] = int(message["status"])
            await send(message)

        try:
            await self._guarded(scope, receive, send_wrapped)
        finally:
            route = scope.get("route")
            label = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], label, str(status_box[0])).inc()
            self.metrics.latency.labels(label).observe(time.perf_counter() - start)

    async def _reject(
        self, send: Send, status: int, code: str, message: str, extra: list[Any] | None = None
    ) -> None:
        self.metrics.rejected.labels(code).inc()
        await _send_error(send, status, code, message, extra)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if not path.startswith(UNLIMITED_PATHS):
            wait = self.limiter.take(self.client_id(scope))
            if wait > 0:
                retry = str(max(1, math.ceil(wait))).encode()
                await self._reject(
                    send,
                    429,
                    "rate_limited",
                    "too many requests; please slow down",
                    [(b"retry-after", retry)],
                )
                return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        upload = _is_upload(path)
        max_body = UPLOAD_MAX_BODY if upload else self.max_body
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body):
            await self._reject(
                send, 413, "body_too_large", f"the request body is over {max_body} bytes"
            )
            return
        is_api = path.startswith("/api/") and not upload
        if upload:
            ctype = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if ctype != "multipart/form-data":
                await self._reject(
                    send, 415, "unsupported_media_type", "send the picture as multipart/form-data"
                )
                return
        if is_api:
            ctype = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if ctype not in JSON_TYPES:
                await self._reject(
                    send, 415, "unsupported_media_type", "send the body as application/json"
                )
                return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_body:
                await self._reject(
                    send, 413, "body_too_large", f"the request body is over {max_body} bytes"
                )
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        if is_api:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                await self._reject(send, 400, "invalid_utf8", "the request body is not valid UTF-8")
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
