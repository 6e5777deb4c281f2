"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LangOpt = Annotated[str, typer.Option("--lang", "-l", help="Language of the output: kk, ru or en.")]

console = Console()
err_console = Console(stderr=True)


def check_lang(lang: str) -> str:
    lang = lang.lower().strip()
    if lang not in ("kk", "ru", "en"):
        raise typer.BadParameter("use kk, ru or en", param_hint="--lang")
    return lang


def to_jsonable(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, list | tuple):
        return [to_jsonable(o) for o in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(obj), ensure_ascii=False) + "\n")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a clear error to stderr and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)
