"""saqbol side by side with SpamAssassin (Debian's `spamassassin` + `spamc`) on the same messages.

    apt-get install spamassassin spamc
    .venv/bin/python benchmarks/spamassassin_compare.py [--limit 400]

Starts its own spamd on a free loopback port (no network tests: no DNS blocklists, no Bayes),
wraps every message in a minimal well-formed e-mail (so that "missing header" rules do not
fire on SMS), and counts SpamAssassin's `spam` decision (score ≥ 5) as a scam alert. saqbol
counts `scam` (strict) on the same messages. Sets as in detector_quality.py.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from saqbol.corpus import Example, default_paths, load_corpus, split_of, writer
from saqbol.evaluate import Counts
from saqbol.pipeline import analyze_many


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_mail(text: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "sender@example.org"
    msg["To"] = "you@example.org"
    msg["Date"] = formatdate()
    msg["Message-ID"] = make_msgid(domain="example.org")
    msg["Subject"] = " ".join(text.split()[:6])[:60] or "message"
    msg.set_content(text)
    return bytes(msg)


def spamassassin_flags(texts: list[str], port: int) -> list[bool]:
    out = []
    for t in texts:
        res = subprocess.run(
            ["spamc", "-d", "127.0.0.1", "-p", str(port), "-c"],
            input=_as_mail(t),
            capture_output=True,
            timeout=60,
            check=False,
        )
        out.append(res.returncode == 1)  # spamc -c: exit 1 = spam
    return out


def _row(name: str, c: Counts) -> str:
    return f"| {name} | {c.n} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.fpr:.2%} |"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=0, help="messages per set (0 = all)")
    args = ap.parse_args()
    if not (shutil.which("spamd") and shutil.which("spamc")):
        print("spamd/spamc not installed: apt-get install spamassassin spamc", file=sys.stderr)
        return 2
    corpus, datasets = default_paths()
    examples = load_corpus(corpus, datasets)
    sets: dict[str, list[Example]] = {
        "independent held-out writer (kk/ru/en)": [e for e in examples if writer(e) == "heldout"],
        "public SMS datasets, test split (en/ru)": [
            e for e in examples if e.source != "saqbol-authored" and split_of(e) == "test"
        ],
    }
    port = _free_port()
    spamd = subprocess.Popen(
        ["spamd", f"--listen=127.0.0.1:{port}", "--max-children=2", "--nouser-config", "-L",
         "-u", "nobody", "--cf=use_bayes 0", "--cf=skip_rbl_checks 1"],
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(1)
        print("| set / tool | n | precision | recall | F1 | FP rate |\n|---|---|---|---|---|---|")
        for name, exs in sets.items():
            if args.limit:
                exs = exs[: args.limit]
            texts = [e.text for e in exs]
            t0 = time.perf_counter()
            sa = spamassassin_flags(texts, port)
            sa_s = time.perf_counter() - t0
            ours = analyze_many(texts)
            c_sa, c_ours = Counts(), Counts()
            for e, f, v in zip(exs, sa, ours, strict=True):
                c_sa.add(e.is_scam, f)
                c_ours.add(e.is_scam, v.verdict == "scam")
            print(_row(f"{name} — saqbol", c_ours))
            print(_row(f"{name} — SpamAssassin ({sa_s / len(texts) * 1e3:.0f} ms/msg)", c_sa))
    finally:
        spamd.terminate()
        spamd.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
