"""Run every benchmark in this folder, one after the other (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "detector_quality.py",
    "robustness.py",
    "detector_speed.py",
    "detector_stages.py",
    "choose_threshold.py",
    "writer_cv.py",
    "spamassassin_compare.py",
    "links_bench.py",
    "web_load.py",
    "images_bench.py",
]


def main() -> int:
    failed = 0
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n## {name}\n", flush=True)
        failed += subprocess.run([sys.executable, str(path)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
