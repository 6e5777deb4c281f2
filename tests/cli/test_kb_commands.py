"""`saqbol --version`, `schemes`, `contacts` as a person and a machine use them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from saqbol import __version__
from saqbol.cli.main import app
from saqbol.kb.models import SCHEME_IDS


def test_version(runner: CliRunner) -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and __version__ in res.output


def test_schemes_json_lists_exactly_the_twelve_ids(runner: CliRunner) -> None:
    res = runner.invoke(app, ["schemes", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert sorted(d["id"] for d in data) == sorted(SCHEME_IDS)
    assert all(set(d["name"]) == {"kk", "ru", "en"} for d in data)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_schemes_table_in_each_language(runner: CliRunner, lang: str) -> None:
    res = runner.invoke(app, ["schemes", "--lang", lang])
    assert res.exit_code == 0 and "kazcoins_helper" in res.output


def test_schemes_bad_lang(runner: CliRunner) -> None:
    res = runner.invoke(app, ["schemes", "--lang", "de"])
    assert res.exit_code != 0


@pytest.mark.parametrize(
    ("query", "name", "number"),
    [
        ("halyk", "Halyk Bank", "9595"),
        ("каспи", "Kaspi Bank", "9999"),
        ("БЦК", "ЦентрКредит", "505"),
    ],
)
def test_contacts_bank(runner: CliRunner, query: str, name: str, number: str) -> None:
    res = runner.invoke(app, ["contacts", query])
    assert res.exit_code == 0
    assert name in res.output and number in res.output


def test_contacts_unknown_bank_is_a_clear_error(runner: CliRunner) -> None:
    res = runner.invoke(app, ["contacts", "pizza hut", "--lang", "en"])
    assert res.exit_code == 2
    assert "No bank matches" in res.output


def test_contacts_json_has_hotlines(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["contacts", "--json"]).output)
    assert {h["number"] for h in data["hotlines"]} >= {"102", "116", "1477", "1400", "1459"}
    assert len(data["banks"]) == 17


def test_every_command_has_help(runner: CliRunner) -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert (cmd.help or "").strip(), f"command {name} has no help"
        assert runner.invoke(app, [name, "--help"]).exit_code == 0
