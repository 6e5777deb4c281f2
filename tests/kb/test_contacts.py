"""Seed 000's card-blocking table is in the knowledge base exactly as the seed gives it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from saqbol.kb.banks import find_bank
from saqbol.kb.loader import KnowledgeBase

SEED_000 = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_e9479cd67dd6b5a4.txt"

# (bank id, every number as seed 000 prints it)
SEED_TABLE = [
    ("forte", ["7575"]),
    ("kaspi", ["9999"]),
    ("halyk", ["9595"]),
    ("jusan", ["7711"]),
    ("bereke", ["5030"]),
    ("bcc", ["505"]),
    ("home_credit", ["7979"]),
    ("altyn", ["+7 (727) 356-57-77"]),
    ("eurasian", ["+7 771 000 7722", "+7 700 000 7722", "+7 702 000 7722"]),
    ("rbk", ["7888"]),
    ("freedom", ["595"]),
    ("vtb", ["5050"]),
    ("nurbank", ["2552"]),
    ("zaman", ["4077"]),
    ("al_hilal", ["+7 (727) 233-00-00"]),
    ("shinhan", ["2468"]),
    ("bank_of_china", ["+7 (727) 258-55-10 ішкі 1140, 1153"]),
]


def test_every_bank_of_the_seed_and_no_other(kb: KnowledgeBase) -> None:
    assert sorted(b.id for b in kb.contacts.banks) == sorted(b for b, _ in SEED_TABLE)


@pytest.mark.parametrize(("bank_id", "numbers"), SEED_TABLE)
def test_card_block_numbers_exactly_as_in_seed(
    kb: KnowledgeBase, bank_id: str, numbers: list[str]
) -> None:
    bank = kb.bank(bank_id)
    assert [n.display for n in bank.card_block] == numbers
    assert bank.source.seed == "000"
    for n in bank.card_block:
        assert re.sub(r"\D", "", n.display).startswith(re.sub(r"\D", "", n.dial))


def test_seed_text_really_contains_every_number() -> None:
    if not SEED_000.exists():
        pytest.skip("shared/seeds is not beside the repository")
    seed = " ".join(SEED_000.read_text(encoding="utf-8").split())
    for _, numbers in SEED_TABLE:
        for number in numbers:
            digits = re.sub(r"\D", "", number.split("ішкі")[0])
            assert digits in re.sub(r"\D", "", seed), number


def test_eurasian_numbers_name_their_operators(kb: KnowledgeBase) -> None:
    notes = [n.note.get("en") for n in kb.bank("eurasian").card_block if n.note]
    assert notes == [
        "for Beeline subscribers",
        "for Tele2/Altel subscribers",
        "for Kcell/Activ subscribers",
    ]


def test_bank_of_china_extensions(kb: KnowledgeBase) -> None:
    (n,) = kb.bank("bank_of_china").card_block
    assert n.extensions == ["1140", "1153"]


@pytest.mark.parametrize(
    ("typed", "bank_id"),
    [
        ("каспи", "kaspi"),
        ("Kaspi", "kaspi"),
        ("kaspi gold", "kaspi"),
        ("halyk", "halyk"),
        ("Халык", "halyk"),
        ("народный", "halyk"),
        ("БЦК", "bcc"),
        ("ЦентрКредит", "bcc"),
        ("жусан", "jusan"),
        ("евразийский", "eurasian"),
        ("фридом", "freedom"),
        ("Bank of China", "bank_of_china"),
        ("халиk", "halyk"),
    ],
)
def test_fuzzy_bank_lookup(kb: KnowledgeBase, typed: str, bank_id: str) -> None:
    found = find_bank(typed, kb)
    assert found is not None and found.id == bank_id


@pytest.mark.parametrize("typed", ["", "   ", "pizza hut", "0000"])
def test_unknown_bank_is_none(kb: KnowledgeBase, typed: str) -> None:
    assert find_bank(typed, kb) is None


@pytest.mark.parametrize(
    ("hotline", "number"),
    [
        ("police", "102"),
        ("unified_116", "116"),
        ("nbk_contact_centre", "1477"),
        ("kz_cert", "1400"),
        ("ardfm", "1459"),
    ],
)
def test_hotlines(kb: KnowledgeBase, hotline: str, number: str) -> None:
    assert kb.hotline(hotline).number == number


def test_portals(kb: KnowledgeBase) -> None:
    urls = " ".join(p.url for p in kb.contacts.portals)
    for needle in (
        "qamqor.gov.kz",
        "1cb.kz",
        "pki.gov.kz",
        "egov.kz",
        "info@citizensec.kz",
        "cybercrime.kz",
    ):
        assert needle in urls
