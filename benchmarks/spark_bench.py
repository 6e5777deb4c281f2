"""Spark job vs `saqbol scan`: messages/s on the same N messages (Parquet), verdicts compared.

    .venv/bin/python benchmarks/spark_bench.py [--n 1000000] [--cores 2] [--sample 100000]

Runs, one after the other, on the same Parquet file of SMS-length corpus messages cycled to N:
  1. `saqbol scan FILE --workers CORES`                      (process pool, JSONL out)
  2. `saqbol spark scan FILE --master local[CORES]`          (mapInPandas, Parquet out)
  3. a Spark pass with an identity mapInPandas and a `noop` sink: the cost of moving each
     message JVM → Arrow → Python → Arrow → JVM without scoring it;
  4. the engine alone in this process (analyze_many, one core) and the Verdict → row step.
Then checks that both outputs agree (verdict, risk, scheme) on the first `--sample` records and
prints a table and the per-message overhead. Wall times include each command's start-up
(JVM, Python workers, model load): that is what an operator pays. Timings on a shared machine
are noisy: compare the numbers of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DAYS = ("2025-06-01", "2025-06-02", "2025-06-03")
SENDERS = ("KaspiBank", "1414", "+77001112233", "Telegram", "WhatsApp", "HalykBank", "egov")


def sms_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "corpus" / "parts").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                t = json.loads(line)["text"]
                if len(t) <= 200:
                    texts.append(t)
    return texts


def write_input(path: Path, n: int, texts: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    step = 100_000
    schema = pa.schema(
        [("id", pa.int64()), ("text", pa.string()), ("date", pa.string()), ("sender", pa.string())]
    )
    with pq.ParquetWriter(path, schema) as w:
        for lo in range(0, n, step):
            ids = range(lo, min(n, lo + step))
            w.write_table(
                pa.table(
                    {
                        "id": list(ids),
                        "text": [texts[i % len(texts)] for i in ids],
                        "date": [DAYS[i % 3] for i in ids],
                        "sender": [SENDERS[i % len(SENDERS)] for i in ids],
                    },
                    schema=schema,
                ),
                row_group_size=50_000,
            )


def _proc_cpu() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds so far) for every process (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(d.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return out


def saqbol(*args: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the whole process tree, stdout) of one `saqbol` command.

    CPU time is what the capacity model needs: unlike wall time it does not count the time the
    command waited for a core that another program on this shared machine was using."""
    exe = Path(sys.executable).with_name("saqbol")
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([str(exe), *args], stdout=out, stderr=subprocess.DEVNULL, text=True)
        cpu: dict[int, float] = {}
        tree = {proc.pid}
        while proc.poll() is None:
            procs = _proc_cpu()
            for pid, (ppid, _) in procs.items():
                if ppid in tree:
                    tree.add(pid)
            for pid in tree & procs.keys():
                cpu[pid] = max(cpu.get(pid, 0.0), procs[pid][1])
            time.sleep(0.5)
        wall = time.perf_counter() - t0
        if proc.returncode:
            raise SystemExit(f"saqbol {' '.join(args)} failed ({proc.returncode})")
        out.seek(0)
        return wall, sum(cpu.values()), out.read()


def spark_overhead(path: Path, cores: int) -> float:
    """Seconds for an identity mapInPandas over the text column into a `noop` sink."""
    from saqbol.spark.session import build_session

    spark = build_session(f"local[{cores}]", {"spark.driver.memory": "2g"}, "saqbol-bench-noop")
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(str(path)).select("id", "text").repartition(cores * 2)
    df.write.format("noop").mode("overwrite").save()  # warm-up: JVM, workers, file cache
    t0 = time.perf_counter()
    df.mapInPandas(lambda it: it, df.schema).write.format("noop").mode("overwrite").save()
    seconds = time.perf_counter() - t0
    spark.stop()
    return seconds


def engine_rate(texts: list[str], n: int = 20_000) -> tuple[float, float]:
    """(messages per CPU-second of analyze_many, CPU µs per message of Verdict → Spark row).

    CPU time, not wall time: other programs on a shared machine do not inflate it."""
    from saqbol.pipeline import analyze_many
    from saqbol.spark.schema import verdict_row

    sample = [texts[i % len(texts)] for i in range(n)]
    analyze_many(sample[:100])
    t0 = time.process_time()
    verdicts = [v for i in range(0, n, 2000) for v in analyze_many(sample[i : i + 2000])]
    rate = n / (time.process_time() - t0)
    t0 = time.process_time()
    for v in verdicts:
        verdict_row(v, with_advice=False)
    return rate, (time.process_time() - t0) / n * 1e6


def compare(scan_out: Path, spark_out: Path, sample: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    want: dict[int, tuple[Any, ...]] = {}
    with scan_out.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            want[d["id"]] = (d["verdict"], d["risk"], d["scheme"], d["engine"])
            if len(want) >= sample:
                break
    got = pq.read_table(
        spark_out, columns=["id", "verdict", "risk", "scheme", "engine"]
    ).to_pylist()
    have = {
        r["id"]: (r["verdict"], r["risk"], r["scheme"], r["engine"]) for r in got if r["id"] in want
    }
    engines = {v[3] for v in want.values()} | {v[3] for v in have.values()}
    diff = [k for k in want if have.get(k) != want[k]]
    return {
        "compared": len(want),
        "different": len(diff),
        "engines": sorted(engines),
        "examples": [(k, want[k], have.get(k)) for k in diff[:3]],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument(
        "--sample", type=int, default=100_000, help="records whose verdicts are compared"
    )
    ap.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = ap.parse_args()
    texts = sms_texts()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        src = base / "messages.parquet"
        write_input(src, args.n, texts)
        scan_out, spark_out = base / "scan.jsonl", base / "verdicts"
        scan_s, scan_cpu, _ = saqbol(
            "scan", str(src), "--workers", str(args.cores), "--out", str(scan_out)
        )
        spark_s, spark_cpu, stdout = saqbol(
            "spark",
            "scan",
            str(src),
            "--out",
            str(spark_out),
            "--master",
            f"local[{args.cores}]",
            "--overwrite",
            "--conf",
            "spark.driver.memory=2g",
        )
        job = json.loads(stdout.strip().splitlines()[-1])
        noop_s = spark_overhead(src, args.cores)
        cmp = compare(scan_out, spark_out, args.sample)
    eng_rate, row_us = engine_rate(texts)
    scan_rate, spark_rate = args.n / scan_s, args.n / spark_s
    c = args.cores
    per_msg = {  # core-µs per message
        "scan": c / scan_rate * 1e6,
        "spark": c / spark_rate * 1e6,
        "scan_cpu": scan_cpu / args.n * 1e6,
        "spark_cpu": spark_cpu / args.n * 1e6,
        "engine": 1 / eng_rate * 1e6,  # CPU
        "transfer": c * noop_s / args.n * 1e6,
        "to_row": row_us,
    }
    print(f"N = {args.n:,} SMS-length messages (Parquet), {c} cores (machine: {os.cpu_count()})")
    print("\n| measure | value |\n|---|---|")
    print(f"| `saqbol scan --workers {c}` | {scan_s:.1f} s → **{scan_rate:,.0f} msg/s** |")
    print(
        f"| `saqbol spark scan --master local[{c}]` (wall, incl. JVM start) | {spark_s:.1f} s → "
        f"**{spark_rate:,.0f} msg/s** ({spark_rate / scan_rate:.0%} of scan) |"
    )
    print(f"| job's own time (read → score → write → count) | {job['seconds']:.1f} s |")
    print(
        f"| engine loads / worker processes / Arrow batches | {len(job['engine_loads'])} / "
        f"{len(job['worker_pids'])} / {job['batches']} |"
    )
    print(f"| engine alone (analyze_many, batches of 2000) | {eng_rate:,.0f} msg per CPU-second |")
    print(
        f"| per message, wall core-µs: scan / spark | {per_msg['scan']:.0f} / "
        f"{per_msg['spark']:.0f} |"
    )
    print(
        f"| per message, CPU µs (process tree): engine / scan / spark | "
        f"{per_msg['engine']:.0f} / {per_msg['scan_cpu']:.0f} / {per_msg['spark_cpu']:.0f} "
        f"(spark does {per_msg['scan_cpu'] / per_msg['spark_cpu']:.0%} of scan's work per CPU) |"
    )
    print(
        f"| JVM↔Python Arrow round trip (identity mapInPandas, noop sink) | "
        f"{per_msg['transfer']:.1f} core-µs/msg ({noop_s:.1f} s) |"
    )
    print(f"| Verdict → typed row (nested structs) | {per_msg['to_row']:.1f} µs/msg |")
    print(
        f"| verdicts equal (verdict, risk, scheme) | {cmp['compared'] - cmp['different']:,} / "
        f"{cmp['compared']:,} |"
    )
    print(f"\nengines: {cmp['engines']}")
    if cmp["different"]:
        print(f"first differences: {cmp['examples']}")
    print(
        json.dumps(
            {
                "n": args.n,
                "cores": c,
                "scan_s": round(scan_s, 2),
                "spark_s": round(spark_s, 2),
                "scan_cpu_s": round(scan_cpu, 1),
                "spark_cpu_s": round(spark_cpu, 1),
                "noop_s": round(noop_s, 2),
                "engine_rate": round(eng_rate),
                "per_msg_core_us": {k: round(v, 1) for k, v in per_msg.items()},
                "compare": cmp["different"],
            }
        )
    )
    return 1 if cmp["different"] else 0


if __name__ == "__main__":
    sys.exit(main())
