"""The meeting quiz: multiple-choice questions from the knowledge base and the corpus.

A quiz is a pure function of (meeting's quiz code, language): every participant of a meeting
gets the same questions, and the server re-creates them to score a submission — nothing about
the questions is trusted from the browser. Kinds of question:

* `msg`    — a real-looking message: a scam (and which kind) or not? The "why" is the
             detector's red flags for that message (kb/data/quiz_messages.yaml).
* `scheme` — a scheme's description: which scheme is it?
* `todo`   — what to do against a scheme: one right action among wrong ones.
* `bank`   — which number blocks a card of this bank (seed 000)?
* `hotline`— which number to call (102, 1400, 1477 …)?
"""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from saqbol.kb.loader import get_kb, load_extra

LEGIT = "legit"
WRONG_ACTIONS = 8  # texts orgs.quiz_wrong_1 … _8
# Asked about: numbers whose purpose is specific; the others only appear as wrong options.
ASKED_HOTLINES = ("police", "kz_cert")
HOTLINES = ("police", "kz_cert", "nbk_contact_centre", "unified_116", "ardfm")
LAYOUT = (("msg", 5), ("scheme", 2), ("todo", 2), ("contact", 1))


class QuizMessage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    lang: str
    scheme: str | None
    text: str
    signals: list[str]


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    options: list[Option]
    correct: str
    why: list[str] = field(default_factory=list)
    message: str = ""

    def option_text(self, option_id: str) -> str:
        return next((o.text for o in self.options if o.id == option_id), "")


@dataclass(frozen=True)
class Scored:
    score: int
    total: int
    answers: dict[str, str]
    right: dict[str, bool]

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


@functools.cache
def messages() -> tuple[QuizMessage, ...]:
    return tuple(load_extra("quiz_messages.yaml", list[QuizMessage]))


def _t(key: str, lang: str, **fmt: object) -> str:
    return get_kb().text(key, lang, **fmt)


def _scheme_option(scheme_id: str, lang: str) -> Option:
    if scheme_id == LEGIT:
        return Option(LEGIT, _t("orgs.quiz_not_scam", lang))
    name = get_kb().schemes[scheme_id].name.get(lang)
    return Option(scheme_id, _t("orgs.quiz_scam_kind", lang, scheme=name))


def _shuffled(rng: random.Random, options: list[Option]) -> list[Option]:
    options = list(options)
    rng.shuffle(options)
    return options


def _msg_question(rng: random.Random, msg: QuizMessage, lang: str) -> Question:
    kb = get_kb()
    schemes = list(kb.schemes)
    correct = msg.scheme or LEGIT
    others = [s for s in schemes if s != correct]
    wrong = [*rng.sample(others, 2)] if correct == LEGIT else [rng.choice(others), LEGIT]
    if msg.scheme:
        why = [kb.signals[s].explanation.get(lang) for s in msg.signals if s in kb.signals]
    else:
        why = [_t("orgs.quiz_why_legit", lang)]
    return Question(
        id=f"msg:{msg.id}",
        kind="msg",
        prompt=_t("orgs.quiz_q_message", lang),
        message=msg.text,
        options=_shuffled(rng, [_scheme_option(s, lang) for s in [correct, *wrong]]),
        correct=correct,
        why=why,
    )


def _scheme_question(rng: random.Random, scheme_id: str, lang: str) -> Question:
    kb = get_kb()
    others = rng.sample([s for s in kb.schemes if s != scheme_id], 2)
    options = [Option(s, kb.schemes[s].name.get(lang)) for s in [scheme_id, *others]]
    flags = kb.schemes[scheme_id].red_flags.get(lang)
    return Question(
        id=f"scheme:{scheme_id}",
        kind="scheme",
        prompt=_t("orgs.quiz_q_scheme", lang),
        message=kb.schemes[scheme_id].description.get(lang),
        options=_shuffled(rng, options),
        correct=scheme_id,
        why=flags[:3],
    )


def _todo_question(rng: random.Random, scheme_id: str, lang: str) -> Question:
    scheme = get_kb().schemes[scheme_id]
    todo = scheme.what_to_do.get(lang)
    right = rng.randrange(len(todo))
    wrong = rng.sample(range(1, WRONG_ACTIONS + 1), 2)
    options = [Option(f"do{right}", todo[right])] + [
        Option(f"wrong{w}", _t(f"orgs.quiz_wrong_{w}", lang)) for w in wrong
    ]
    return Question(
        id=f"todo:{scheme_id}:{right}",
        kind="todo",
        prompt=_t("orgs.quiz_q_todo", lang, scheme=scheme.name.get(lang)),
        options=_shuffled(rng, options),
        correct=f"do{right}",
        why=[_t("orgs.quiz_why_todo", lang)],
    )


def _contact_question(rng: random.Random, lang: str) -> Question:
    kb = get_kb()
    if rng.random() < 0.5:
        banks = [b for b in kb.contacts.banks if len(b.card_block) == 1]
        bank, *others = rng.sample(banks, 3)
        options = [Option(b.id, b.card_block[0].display) for b in [bank, *others]]
        return Question(
            id=f"bank:{bank.id}",
            kind="bank",
            prompt=_t("orgs.quiz_q_bank", lang, bank=bank.name),
            options=_shuffled(rng, options),
            correct=bank.id,
            why=[_t("orgs.quiz_why_bank", lang, bank=bank.name, number=bank.card_block[0].display)],
        )
    line = kb.hotline(rng.choice(ASKED_HOTLINES))
    others_h = rng.sample([kb.hotline(h) for h in HOTLINES if h != line.id], 2)
    options = [Option(h.id, h.number) for h in [line, *others_h]]
    return Question(
        id=f"hotline:{line.id}",
        kind="hotline",
        prompt=_t("orgs.quiz_q_hotline", lang, purpose=line.purpose.get(lang)),
        options=_shuffled(rng, options),
        correct=line.id,
        why=[f"{line.number} — {line.name.get(lang)}"],
    )


def make_quiz(code: str, lang: str) -> list[Question]:
    """The questions of the quiz `code` in `lang` (kk or ru; en falls back to ru messages)."""
    rng = random.Random(f"saqbol-quiz:{code}:{lang}")
    msg_lang = lang if lang in ("kk", "ru") else "ru"
    pool = [m for m in messages() if m.lang == msg_lang]
    scams = [m for m in pool if m.scheme]
    legit = [m for m in pool if not m.scheme]
    n_msg = dict(LAYOUT)["msg"]
    n_scam = n_msg - n_msg // 2
    picked = rng.sample(scams, n_scam) + rng.sample(legit, n_msg - n_scam)
    rng.shuffle(picked)
    questions = [_msg_question(rng, m, lang) for m in picked]
    scheme_ids = rng.sample(list(get_kb().schemes), dict(LAYOUT)["scheme"] + dict(LAYOUT)["todo"])
    questions += [_scheme_question(rng, s, lang) for s in scheme_ids[:2]]
    questions += [_todo_question(rng, s, lang) for s in scheme_ids[2:]]
    questions.append(_contact_question(rng, lang))
    return questions


def field_name(index: int) -> str:
    return f"q{index}"


def score(questions: list[Question], form: Mapping[str, str]) -> Scored:
    """Score answers given as {"q0": option_id, …}; a missing answer counts as wrong."""
    answers: dict[str, str] = {}
    right: dict[str, bool] = {}
    for i, q in enumerate(questions):
        chosen = str(form.get(field_name(i), ""))[:64]
        answers[q.id] = chosen
        right[q.id] = chosen == q.correct
    return Scored(sum(right.values()), len(questions), answers, right)


@dataclass(frozen=True)
class Summary:
    participants: int
    average_percent: int
    per_question: list[tuple[str, int]]  # (question id, % who answered right)


def summarize(results: list[tuple[int, int, dict[str, str]]], questions: list[Question]) -> Summary:
    """Results per meeting: how many took the quiz, the mean score, each question's rate."""
    if not results:
        return Summary(0, 0, [])
    avg = round(100 * sum(s for s, _, _ in results) / max(1, sum(t for _, t, _ in results)))
    correct = {q.id: q.correct for q in questions}
    per_q = []
    for qid, right in correct.items():
        seen = [a for _, _, a in results if qid in a]
        rate = round(100 * sum(a[qid] == right for a in seen) / len(seen)) if seen else 0
        per_q.append((qid, rate))
    return Summary(len(results), avg, per_q)
