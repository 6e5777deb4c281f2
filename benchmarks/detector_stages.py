"""Where a message's time goes: wall time per stage of the pipeline, per message.

    .venv/bin/python benchmarks/detector_stages.py [--n 20000]

Runs `analyze_many` the way `saqbol scan` does (chunks of 2,000, word caches cold at the start)
over the corpus's SMS-length messages, with a timer around each stage. `extract` contains
normalize, detect, lexicon, links and phones. The timers cost about a microsecond each, so the
total is a little slower than `scan`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import saqbol.pipeline as pipeline
from saqbol.corpus import default_paths, load_corpus
from saqbol.model import Detector
from saqbol.recognizers.lexicon import LexiconIndex

CHUNK = 2000
spent: defaultdict[str, float] = defaultdict(float)


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t0

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20_000)
    args = ap.parse_args()
    corpus, datasets = default_paths()
    sms = [e.text for e in load_corpus(corpus, datasets) if len(e.text) <= 200]
    texts = [sms[i % len(sms)] for i in range(args.n)]
    pipeline.batch_mode()
    for attr in (
        "normalize",
        "detect",
        "find_links",
        "find_phones",
        "extract",
        "quote_gaps",  # includes the text_logits of the text outside quotations
        "_verdict",
    ):
        setattr(pipeline, attr, timed(attr, getattr(pipeline, attr)))
    LexiconIndex.find = timed("lexicon", LexiconIndex.find)  # type: ignore[method-assign]
    for attr in ("text_logits", "scheme_probs"):
        setattr(Detector, attr, timed(attr, getattr(Detector, attr)))
    t0 = time.perf_counter()
    for i in range(0, len(texts), CHUNK):
        verdicts = pipeline.analyze_many(texts[i : i + CHUNK])
        t1 = time.perf_counter()
        for v in verdicts:
            v.model_dump_json()
        spent["json"] += time.perf_counter() - t1
    total = time.perf_counter() - t0
    n = len(texts)
    print(f"total {total / n * 1e6:.1f} µs/message = {n / total:,.0f} messages/s")
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:14s} {secs / n * 1e6:6.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
