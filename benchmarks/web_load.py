"""Load test of POST /api/v1/check on loopback: `saqbol serve --workers 2`, bounded in time.

    .venv/bin/python benchmarks/web_load.py [--seconds 40] [--requests 100000] [--conns 16]

Phase 1 sends up to --requests requests (or stops after --seconds) over --conns keep-alive
connections and reports requests/s, p50/p99 latency, errors and the workers' RSS before/after.
Phase 2 opens 1,000 connections at once, one request each: every one must be served (200) or
refused cleanly (503 / connection refused) — never a 500, a hang or a dead server.
The client is a minimal asyncio HTTP/1.1 client (httpx would cost more CPU than the server on
this 2-core machine); client and server share the cores, so the numbers are a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MESSAGES = [
    "Сәлеметсіз бе! Kaspi банкінің қауіпсіздік қызметі. Картаңыздан күдікті операция байқалды. "
    "SMS-кодты айтыңыз: http://kaspi-kz.top/verify",
    "Kaspi.kz: растау коды 4521. Кодты ешкімге айтпаңыз.",
    "Здравствуйте, это служба безопасности банка. По вашей карте подозрительная операция, "
    "назовите код из SMS, чтобы отменить перевод.",
    "Мама, я попал в аварию, срочно переведи 200 000 тг на этот номер +7 701 234 56 78",
    "Your parcel is held at customs. Pay the fee here: http://qazpost-kz.delivery/pay",
    "Ертең сағат 10-да ата-аналар жиналысы болады. Келуіңізді сұраймыз.",
    "Поздравляем! Вы выиграли iPhone 15. Для получения оплатите доставку 5000 тг.",
    "Halyk: покупка 12 500 KZT, MAGNUM. Доступно 84 000 KZT.",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _requests(port: int) -> list[bytes]:
    out = []
    for m in MESSAGES:
        body = json.dumps({"text": m}, ensure_ascii=False).encode()
        head = (
            f"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.append(head + body)
    return out


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


def _rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


async def load(
    port: int, total: int, seconds: float, conns: int, pids: list[int] | None = None
) -> dict[str, object]:
    reqs = _requests(port)
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def worker(i: int) -> None:
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        k = i
        while sent < total and time.perf_counter() < deadline:
            sent += 1
            k += 1
            t0 = time.perf_counter()
            writer.write(reqs[k % len(reqs)])
            try:
                status = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors += 1
        writer.close()

    rss_mb: list[float] = []

    async def sample() -> None:
        while time.perf_counter() < deadline and sent < total:
            rss_mb.append(round(_rss_kb(pids or []) / 1024, 1))
            await asyncio.sleep(5)

    start = time.perf_counter()
    sampler = asyncio.create_task(sample())
    await asyncio.gather(*(worker(i) for i in range(conns)))
    elapsed = time.perf_counter() - start
    sampler.cancel()
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "seconds": round(elapsed, 1),
        "rps": round(n / elapsed),
        "p50_ms": round(latencies[n // 2] * 1e3, 2),
        "p99_ms": round(latencies[int(n * 0.99)] * 1e3, 2),
        "max_ms": round(latencies[-1] * 1e3, 1),
        "errors": errors,
        "rss_mb_every_5s": rss_mb,
    }


async def burst(port: int, n: int = 1000, timeout: float = 20.0) -> dict[str, int]:
    req = _requests(port)[0]
    counts = {"served": 0, "refused_503": 0, "refused_connect": 0, "server_error": 0, "other": 0}

    async def one() -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            counts["refused_connect"] += 1
            return
        try:
            writer.write(req)
            status = await _read_response(reader)
            key = {200: "served", 503: "refused_503"}.get(status)
            key = key or ("server_error" if status >= 500 else "other")
            counts[key] += 1
        except (asyncio.IncompleteReadError, ConnectionError):
            counts["refused_connect"] += 1
        finally:
            writer.close()

    await asyncio.wait_for(asyncio.gather(*(one() for _ in range(n))), timeout)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=40)
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--conns", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SAQBOL_DATA_DIR": tmp,
            "SAQBOL_RATE_LIMIT_PER_MINUTE": "0",
        }
        env.pop("SAQBOL_DATABASE_URL", None)
        cmd = [
            sys.executable,
            "-c",
            "from saqbol.cli.main import main; main()",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(cmd, env=env, start_new_session=True)
        try:
            import httpx

            for _ in range(300):
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            workers = _children(server.pid)
            workers = [w for pid in workers for w in (_children(pid) or [pid])]
            asyncio.run(load(port, 2000, 10, args.conns))  # warm-up: every worker's caches
            rss_before = _rss_kb(workers)
            result = asyncio.run(load(port, args.requests, args.seconds, args.conns, workers))
            rss_after = _rss_kb(workers)
            result["rss_before_mb"] = round(rss_before / 1024, 1)
            result["rss_after_mb"] = round(rss_after / 1024, 1)
            result["rss_growth_mb"] = round((rss_after - rss_before) / 1024, 1)
            conc = asyncio.run(burst(port))
            alive = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
    print(json.dumps({"load": result, "concurrent_1000": conc, "alive_after": alive}, indent=2))
    ok = (
        float(result["rps"]) >= 500  # type: ignore[arg-type]
        and float(result["p99_ms"]) <= 50  # type: ignore[arg-type]
        and result["errors"] == 0
        and conc["server_error"] == 0
        and conc["other"] == 0
        and alive
    )
    print("bars:", "PASS" if ok else "FAIL")


if __name__ == "__main__":
    main()
