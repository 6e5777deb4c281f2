"""Detector speed: latency of one analyze() call, and `saqbol scan` throughput on 1 and all cores.

    .venv/bin/python benchmarks/detector_speed.py [--n 20000]

Messages are the corpus's own (SMS-length and longer), cycled to N records. Timings on a shared
machine are noisy: compare the numbers of one run, not across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from saqbol.corpus import default_paths, load_corpus
from saqbol.model import shipped_path
from saqbol.pipeline import analyze

ROOT = Path(__file__).resolve().parents[1]


def latency(texts: list[str], n: int = 3000) -> tuple[float, float]:
    for t in texts[:200]:
        analyze(t)  # warm-up: caches, lazy loads
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        analyze(texts[i % len(texts)])
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1e3, times[int(0.99 * len(times))] * 1e3


def scan_rate(path: Path, n: int, workers: int) -> float:
    exe = ROOT / ".venv" / "bin" / "saqbol"
    t0 = time.perf_counter()
    subprocess.run(
        [str(exe), "scan", str(path), "--workers", str(workers), "--out", os.devnull],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return n / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20_000)
    args = ap.parse_args()
    corpus, datasets = default_paths()
    texts = [e.text for e in load_corpus(corpus, datasets)]
    sms = [t for t in texts if len(t) <= 200]
    p50, p99 = latency(texts)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "msgs.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(args.n):
                fh.write(
                    json.dumps({"id": i, "text": sms[i % len(sms)]}, ensure_ascii=False) + "\n"
                )
        one = scan_rate(path, args.n, 1)
        cores = os.cpu_count() or 1
        allc = scan_rate(path, args.n, cores)
    model = shipped_path()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| measure | value |\n|---|---|")
    print(f"| analyze() latency p50 / p99 (all corpus lengths) | {p50:.2f} ms / {p99:.2f} ms |")
    print(f"| `saqbol scan`, 1 core, SMS-length ({args.n} records) | {one:,.0f} msg/s |")
    print(f"| `saqbol scan`, {cores} cores | {allc:,.0f} msg/s |")
    print(f"| peak memory of one analyzing process | {rss:.0f} MB |")
    print(f"| model file | {model.stat().st_size / 1e6:.1f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
