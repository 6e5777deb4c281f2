"""The API's micro-batcher: same answers as one-by-one, bad messages isolated, batches form."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from web_samples import KK_OTP, KK_SCAM

from saqbol.pipeline import InputError, analyze, analyze_many
from saqbol.verdict import Verdict
from saqbol.web.batcher import Batcher


async def test_concurrent_requests_are_batched_with_the_same_answers() -> None:
    sizes: list[int] = []

    def counting(texts: Sequence[str], lang: str | None) -> list[Verdict]:
        sizes.append(len(texts))
        return analyze_many(texts, lang=lang)

    b = Batcher(counting, max_batch=8)
    texts = [KK_SCAM, KK_OTP] * 10
    got = await asyncio.gather(*(b.analyze(t) for t in texts))
    assert [v.verdict for v in got] == [analyze(t).verdict for t in texts]
    assert max(sizes) > 1 and max(sizes) <= 8
    assert sum(sizes) == len(texts)


async def test_languages_are_kept_apart() -> None:
    b = Batcher(lambda t, lang: analyze_many(t, lang=lang))
    kk, en = await asyncio.gather(b.analyze(KK_SCAM, "kk"), b.analyze(KK_SCAM, "en"))
    assert kk.advice != en.advice


async def test_a_bad_message_does_not_fail_the_others() -> None:
    b = Batcher(lambda t, lang: analyze_many(t, lang=lang))
    results = await asyncio.gather(
        b.analyze(KK_SCAM), b.analyze("a\x00b"), b.analyze(KK_OTP), return_exceptions=True
    )
    assert isinstance(results[0], Verdict) and isinstance(results[2], Verdict)
    assert isinstance(results[1], InputError)


async def test_an_engine_failure_reaches_every_waiter() -> None:
    def boom(_: Sequence[str], __: str | None) -> list[Verdict]:
        raise RuntimeError("down")

    b = Batcher(boom)
    with pytest.raises(RuntimeError):
        await b.analyze(KK_SCAM)
    with pytest.raises(RuntimeError):
        await b.analyze(KK_OTP)  # the batcher keeps working after a failure
