"""The quiz: questions from the knowledge base and the corpus, deterministic, scored."""

from __future__ import annotations

import pytest

from saqbol.corpus import default_paths, read_jsonl, split_of
from saqbol.orgs.quiz import LEGIT, make_quiz, messages, score, summarize


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_quiz_is_well_formed(lang: str) -> None:
    questions = make_quiz("ABC234", lang)
    assert len(questions) == 10
    assert len({q.id for q in questions}) == 10
    kinds = {q.kind for q in questions}
    assert {"msg", "scheme", "todo"} <= kinds and kinds & {"bank", "hotline"}
    for q in questions:
        ids = [o.id for o in q.options]
        assert len(ids) == 3 == len(set(ids)), q
        assert len({o.text for o in q.options}) == 3, q
        assert q.correct in ids and q.prompt and q.why
    assert make_quiz("ABC234", lang) == questions  # the same for every participant
    assert make_quiz("XYZ789", lang) != questions


def test_message_questions_show_messages_in_the_quiz_language() -> None:
    by_id = {m.id: m for m in messages()}
    for lang in ("kk", "ru"):
        for q in make_quiz("QWERTY", lang):
            if q.kind == "msg":
                msg = by_id[q.id.removeprefix("msg:")]
                assert msg.lang == lang and q.message == msg.text
                assert q.correct == (msg.scheme or LEGIT)


def test_quiz_messages_come_from_dev_and_test_splits() -> None:
    corpus_dir, _ = default_paths()
    if not corpus_dir.is_dir():
        pytest.skip("no corpus checkout")
    split = {
        ex.id: split_of(ex)
        for path in (corpus_dir / "parts").glob("*.jsonl")
        for ex in read_jsonl(path)
    }
    assert messages()
    for m in messages():
        assert split[m.id] in ("dev", "test"), m.id
        assert m.scheme is None or m.signals, m.id


def test_scoring() -> None:
    questions = make_quiz("SCORE1", "kk")
    all_right = {f"q{i}": q.correct for i, q in enumerate(questions)}
    assert score(questions, all_right).score == 10
    assert score(questions, all_right).percent == 100
    half = dict(all_right)
    for i in range(5):
        half[f"q{i}"] = next(o.id for o in questions[i].options if o.id != questions[i].correct)
    r = score(questions, half)
    assert (r.score, r.total, r.percent) == (5, 10, 50)
    assert r.right[questions[0].id] is False and r.right[questions[9].id] is True
    empty = score(questions, {})
    assert empty.score == 0 and all(v == "" for v in empty.answers.values())
    forged = score(questions, {"q0": "x" * 10_000})
    assert len(forged.answers[questions[0].id]) == 64
    summary = summarize([(10, 10, all_right_answers(questions)), (5, 10, r.answers)], questions)
    assert summary.participants == 2 and summary.average_percent == 75
    assert dict(summary.per_question)[questions[0].id] == 50
    assert dict(summary.per_question)[questions[9].id] == 100


def all_right_answers(questions: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {q.id: q.correct for q in questions}
