"""Entry point: builds the Typer app from the command modules."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from saqbol import __version__

app = typer.Typer(
    name="saqbol",
    help="Сақ бол — is this message, link or number a scam, and what to do now.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# Each module defines `register(app)`; a missing optional module is skipped so that the
# core CLI works while other parts are being built.
COMMAND_MODULES = (
    "saqbol.cli.kb_commands",
    "saqbol.cli.detect",
    "saqbol.cli.links",
    "saqbol.cli.response",
    "saqbol.cli.web",
    "saqbol.cli.bot",
    "saqbol.cli.org",
    "saqbol.cli.spark",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"saqbol {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Сақ бол — is this message, link or number a scam, and what to do now."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:
            raise
        continue
    _module.register(app)


def main() -> None:
    app()
