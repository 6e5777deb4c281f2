"""Every bad request gets a clear JSON error with the right status; never a 500 or a trace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_samples import KK_SCAM, make_settings

from saqbol.web import create_app

TEN_MB = 10 * 1024 * 1024


def error_of(r: object, status: int, code: str) -> None:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"].startswith("application/json")  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in r.text  # type: ignore[attr-defined]


def test_ten_megabytes_are_refused_from_the_header(sqlite_client: TestClient) -> None:
    body = b'{"text": "' + b"a" * TEN_MB + b'"}'
    error_of(
        sqlite_client.post(
            "/api/v1/check", content=body, headers={"content-type": "application/json"}
        ),
        413,
        "body_too_large",
    )


def test_a_chunked_body_over_the_limit_is_refused_while_reading(sqlite_client: TestClient) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(160):  # 10 MB in 64 KiB chunks, without a Content-Length
            sent += 1
            yield b"a" * 65536

    r = sqlite_client.post(
        "/api/v1/check", content=chunks(), headers={"content-type": "application/json"}
    )
    error_of(r, 413, "body_too_large")


@pytest.mark.parametrize("body", [b"{", b'{"text": }', b"not json", b'{"text": "a"]'])
def test_malformed_json(sqlite_client: TestClient, body: bytes) -> None:
    r = sqlite_client.post(
        "/api/v1/check", content=body, headers={"content-type": "application/json"}
    )
    error_of(r, 400, "malformed_json")


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_wrong_content_type(sqlite_client: TestClient, ctype: str) -> None:
    r = sqlite_client.post(
        "/api/v1/check", content=json.dumps({"text": "x"}), headers={"content-type": ctype}
    )
    error_of(r, 415, "unsupported_media_type")


def test_invalid_utf8(sqlite_client: TestClient) -> None:
    r = sqlite_client.post(
        "/api/v1/check",
        content=b'{"text": "\xff\xfe\xc3\x28"}',
        headers={"content-type": "application/json"},
    )
    error_of(r, 400, "invalid_utf8")


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({}, "invalid_input"),
        ({"text": ""}, "invalid_input"),
        ({"text": 5}, "invalid_input"),
        ({"text": "a", "lang": "de"}, "invalid_input"),
        ({"text": "a", "extra": 1}, "invalid_input"),
        ([1, 2], "invalid_input"),
        ({"text": "a\x00b"}, "invalid_text"),
        ({"text": "а" * 20_001}, "text_too_long"),
    ],
)
def test_invalid_fields(sqlite_client: TestClient, payload: object, code: str) -> None:
    error_of(sqlite_client.post("/api/v1/check", json=payload), 422, code)


def test_unknown_route_and_method(sqlite_client: TestClient) -> None:
    error_of(sqlite_client.get("/api/v1/nothing"), 404, "not_found")
    error_of(sqlite_client.get("/api/v1/check"), 405, "method_not_allowed")


def test_rate_limit(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, rate_limit_per_minute=60, rate_limit_burst=5))
    with TestClient(app) as c:
        codes = [c.post("/api/v1/check", json={"text": "сәлем"}).status_code for _ in range(8)]
        assert codes[:5] == [200] * 5
        assert codes[5:] == [429] * 3
        r = c.post("/api/v1/check", json={"text": "сәлем"})
        error_of(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/healthz").status_code == 200  # health checks are never limited


def test_an_internal_error_is_json_without_a_trace(
    sqlite_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    batcher = sqlite_client.app.state.saqbol.batcher  # type: ignore[attr-defined]
    monkeypatch.setattr(batcher, "_analyze_many", boom)
    r = sqlite_client.post("/api/v1/check", json={"text": KK_SCAM})
    error_of(r, 500, "internal_error")
    assert "secret internals" not in r.text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bodies_never_500(sqlite_client: TestClient, body: bytes) -> None:
    r = sqlite_client.post(
        "/api/v1/check", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code in (200, 400, 422)
    if r.status_code != 200:
        assert set(r.json()) == {"error"}
