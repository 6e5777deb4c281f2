from saqbol.text.memo import WordCache


def test_a_word_is_computed_once_and_the_cache_stays_bounded() -> None:
    calls: list[str] = []

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    cache = WordCache(upper, maxsize=3)
    assert [cache[w] for w in ("код", "код", "kaspi")] == ["КОД", "КОД", "KASPI"]
    assert calls == ["код", "kaspi"]
    for w in ("a", "b", "c", "d", "e"):
        assert cache[w] == w.upper()
        assert len(cache) <= 3
