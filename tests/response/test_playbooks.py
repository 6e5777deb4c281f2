"""Playbooks: the data, `render`, and `saqbol playbook` / `saqbol help` (table-driven)."""

from __future__ import annotations

import json

import pytest
from response_helpers import WIDE, flat
from typer.testing import CliRunner

from saqbol.cli.main import app
from saqbol.kb.loader import KBError, get_kb
from saqbol.kb.models import Bank
from saqbol.response.models import SITUATIONS, PlaybookFile
from saqbol.response.playbooks import _check_refs, get_playbook, get_playbooks, render

KB = get_kb()
BANKS = KB.contacts.banks
LANGS = ("kk", "ru", "en")
# Seed 002, steps 1–6 in order, then telling citizensec.
TOLD_CODE = [
    "hang_up",
    "call_bank",
    "stop_credit",
    "eds_revoke",
    "credit_check_police",
    "passwords_2fa",
    "tell_citizensec",
]
# What `saqbol playbook told-code --lang kk` must show, in this order (seed 002 wording).
TOLD_CODE_KK_ORDER = [
    "Байланысты үзіңіз",
    "несиелік лимитті тоқтатуды",
    "«Стоп кредит»",
    "«Экономика және қаржы» → «Банктік қарыздар мен микронесиелерді алудан өз еркімен бас тарту»",
    "«Мемлекеттік қызметтер» → «Салықтар және қаржы»",
    "pki.gov.kz",
    "«Кері қайтарып алу»",
    "1cb.kz",
    "qamqor.gov.kz",
    "1459",
    "10–15 күн",
    "екі факторлы",
    "info@citizensec.kz",
]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin, env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_the_data_loads_and_every_reference_resolves() -> None:
    book = get_playbooks()
    assert {s.id for s in book.situations} == set(SITUATIONS)


def test_every_scheme_points_to_a_known_playbook() -> None:
    for scheme in KB.schemes.values():
        assert scheme.playbook in SITUATIONS, scheme.id


def test_told_code_is_the_six_steps_of_seed_002_plus_citizensec() -> None:
    pb = render("told_code", None, "kk")
    assert [s.id for s in pb.steps] == TOLD_CODE
    assert [s.n for s in pb.steps] == list(range(1, 8))
    assert {s.source for s in pb.steps} == {"002"}


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_told_code_for_every_bank_lists_its_own_numbers(bank: Bank) -> None:
    code, out, _ = run("playbook", "told-code", "--bank", bank.id, "--lang", "kk")
    assert code == 0
    text = flat(out)
    for number in bank.card_block:
        assert number.display in text
        if number.note:
            assert number.note.kk in text
    positions = [text.find(p) for p in TOLD_CODE_KK_ORDER]
    assert -1 not in positions, [
        p for p, i in zip(TOLD_CODE_KK_ORDER, positions, strict=True) if i < 0
    ]
    assert positions == sorted(positions)
    others = {n.display for b in BANKS if b.id != bank.id for n in b.card_block}
    step2 = text[text.find("☐ 2.") : text.find("☐ 3.")]
    assert not [n for n in others if f"☎ {n} " in step2]


def test_kaspi_told_code_in_kazakh() -> None:
    code, out, _ = run("playbook", "told-code", "--bank", "kaspi", "--lang", "kk")
    text = flat(out)
    assert code == 0
    assert "☎ 9999 — Kaspi Bank" in text
    assert "«Kaspi.kz» қосымшасында" in text
    for needle in ("Стоп кредит", "pki.gov.kz", "1cb.kz", "qamqor.gov.kz", "info@citizensec.kz"):
        assert needle in text


@pytest.mark.parametrize(
    ("query", "bank_id"),
    [
        ("каспи", "kaspi"),
        ("Халық", "halyk"),
        ("Евразийский", "eurasian"),
        ("Bank of China", "bank_of_china"),
    ],
)
def test_bank_as_people_type_it(query: str, bank_id: str) -> None:
    code, out, _ = run("playbook", "transferred-money", "--bank", query, "--lang", "ru", "--json")
    assert code == 0
    assert json.loads(out)["bank"]["id"] == bank_id


def test_json_gives_the_steps_as_data() -> None:
    code, out, _ = run("playbook", "told_code", "--bank", "bank of china", "--lang", "en", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["situation"] == "told_code" and data["lang"] == "en"
    assert [s["id"] for s in data["steps"]] == TOLD_CODE
    call = data["steps"][1]
    assert call["urgency"] == "now" and call["bank_dependent"] is True
    assert call["phones"][0]["dial"] == "+77272585510"
    assert call["phones"][0]["extensions"] == ["1140", "1153"]
    stop = data["steps"][2]
    assert [m["id"] for m in stop["menu_paths"]] == ["stop_credit_portal", "stop_credit_mobile"]
    assert data["steps"][3]["url"] == "https://pki.gov.kz/"


def test_eurasian_has_one_number_per_operator() -> None:
    pb = render("gave_card_data", "eurasian", "ru")
    phones = pb.steps[0].phones
    assert [p.dial for p in phones] == ["+77710007722", "+77000007722", "+77020007722"]
    assert [p.note for p in phones] == [
        "для абонентов Beeline",
        "для абонентов Tele2/Altel",
        "для абонентов Kcell/Activ",
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("situation", SITUATIONS)
def test_every_situation_renders_in_every_language(situation: str, lang: str) -> None:
    for bank_id in (None, "kaspi", "altyn"):
        pb = render(situation, bank_id, lang)
        assert pb.title and pb.intro and pb.steps
        for step in pb.steps:
            assert step.title and step.why and step.urgency_label
            assert "{" not in step.title, step.id
            if step.bank_dependent and bank_id:
                assert step.phones, step.id
    code, out, _ = run("playbook", situation.replace("_", "-"), "--lang", lang)
    assert code == 0 and render(situation, None, lang).steps[0].title[:30] in flat(out)


def test_urgency_overrides_and_order() -> None:
    eds = render("gave_eds_access", None, "en")
    assert [s.id for s in eds.steps[:2]] == ["eds_revoke", "stop_credit"]
    assert [s.urgency for s in eds.steps[:2]] == ["now", "now"]
    assert render("told_code", None, "en").steps[3].urgency == "today"


def test_without_a_bank_the_step_says_where_the_number_is() -> None:
    pb = render("told_code", None, "kk")
    assert pb.bank is None
    assert any("saqbol contacts" in d for d in pb.steps[1].details)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["playbook", "lost-my-cat", "--lang", "en"], 2, "Unknown situation"),
        (["playbook", "told-code", "--lang", "de"], 2, "kk, ru or en"),
    ],
)
def test_bad_arguments(args: list[str], code: int, message: str) -> None:
    rc, out, err = run(*args)
    assert rc == code
    assert message in flat(err + out)


def test_unknown_bank_warns_and_shows_the_general_steps() -> None:
    rc, out, err = run("playbook", "told-code", "--bank", "Марс", "--lang", "ru")
    assert rc == 0
    assert "не найден" in err
    assert "saqbol contacts" in flat(out)


@pytest.mark.parametrize("command", ["help", "playbook"])
def test_guided_flow_with_piped_answers(command: str) -> None:
    # language 2 (ru), situation 1 (told a code), bank "каспи"
    rc, out, _ = run(command, stdin="2\n1\nкаспи\n")
    assert rc == 0
    text = flat(out)
    assert "Я сказал(а) мошенникам SMS-код" in text
    assert "☎ 9999 — Kaspi Bank" in text
    assert text.count("☐") == len(TOLD_CODE)


def test_guided_flow_asks_again_after_a_wrong_number() -> None:
    rc, out, _ = run("help", stdin="3\n42\n9\n\n")
    assert rc == 0
    assert "Type a number from 1 to 9" in out
    assert "I received a suspicious message" in out


def test_web_entry_point() -> None:
    pb = get_playbook("told-code", lang="ru", bank="каспи")
    assert pb.bank is not None and pb.bank.id == "kaspi"
    assert get_playbook("told-code", lang="ru", bank="нет такого").bank is None
    with pytest.raises(KeyError):
        get_playbook("nothing", lang="ru")


def test_a_wrong_reference_in_the_data_names_the_step() -> None:
    raw = get_playbooks().model_dump()
    raw["steps"][0]["refs"] = ["hotline:no_such_line"]
    with pytest.raises(KBError, match=r"playbooks.yaml: field steps\(hang_up\).refs"):
        _check_refs(PlaybookFile.model_validate(raw), KB)


def test_every_command_has_help() -> None:
    for args in (["playbook"], ["help"], ["complaint"], ["incident"], ["incident", "check"]):
        rc, out, _ = run(*args, "--help")
        assert rc == 0 and "Usage" in out
