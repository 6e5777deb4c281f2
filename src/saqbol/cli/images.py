"""`saqbol check --image FILE`: a screenshot or a QR picture from the command line."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text

from saqbol.cli.common import console, fail, print_json
from saqbol.kb.loader import get_kb

COLORS = {
    "scam": "bold white on red",
    "suspicious": "bold black on yellow",
    "safe": "bold white on green",
}


def check_image(path: Path, lang: str | None, as_json: bool) -> None:
    """Check one PNG/JPEG/WebP file; a bad file is a clear error (exit code 2)."""
    from saqbol.images import MAX_BYTES, ImageError, ImageVerdict, analyze_image

    try:
        if not path.is_file():
            raise fail(f"no such file: {path}")
        if path.stat().st_size > MAX_BYTES:
            raise fail(f"the file is over {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror}") from exc
    try:
        v: ImageVerdict = analyze_image(data, lang=lang)
    except ImageError as exc:
        raise fail(exc.message) from exc
    if as_json:
        print_json(v)
        return
    kb = get_kb()
    out = lang or (v.language if v.language in ("kk", "ru", "en") else "ru")
    console.print(
        Text(f" {kb.text(f'verdict.{v.verdict}', out)} ", style=COLORS[v.verdict]),
        f"  risk {v.risk:.2f}",
    )
    if v.scheme:
        console.print(f"[bold]{kb.schemes[v.scheme].name.get(out)}[/]")
    for code in v.codes:
        console.print(f"▣ {code.format} [bold]{code.kind}[/]: {code.explanation}")
        console.print(f"  [dim]{code.payload[:200]}[/]")
    if v.text:
        shown = Text(v.text[:2000])
        for s in v.text_verdict.signals if v.text_verdict else []:
            if s.span and s.weight > 0 and s.span[1] <= 2000:
                shown.stylize("bold red underline", *s.span)
        console.print(f"[bold]{kb.text('images.text_heading', out)}[/]")
        console.print(shown)
    table = Table(show_header=False, box=None)
    for s in v.signals:
        table.add_row(
            f"[red]{'▲' if s.weight > 0 else '▼'}[/]", s.explanation, f"[dim]{s.evidence[:80]}[/]"
        )
    console.print(table)
    for line in v.advice:
        console.print(f"• {line}")
