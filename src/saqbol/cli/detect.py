"""`saqbol check`, `scan`, `eval`, `train`: the text detector from the command line."""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from saqbol.cli.common import JsonOpt, console, err_console, fail, print_json
from saqbol.kb.loader import get_kb
from saqbol.records import Record, read_records
from saqbol.verdict import Verdict

MAX_STDIN = 1_000_000  # bytes of a message read from stdin
CHUNK = 2000
COLORS = {
    "scam": "bold white on red",
    "suspicious": "bold black on yellow",
    "safe": "bold white on green",
}


def _read_stdin() -> str:
    data = sys.stdin.buffer.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise fail(f"the message is longer than {MAX_STDIN} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail("the input is not valid UTF-8 text") from exc


def check(
    text: Annotated[
        str | None, typer.Argument(help="The message; read from stdin if absent.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Answer in kk, ru or en (default: the message's)."),
    ] = None,
    as_json: JsonOpt = False,
    image: Annotated[
        Path | None,
        typer.Option("--image", help="Check a screenshot or QR picture (PNG, JPEG, WebP) instead."),
    ] = None,
) -> None:
    """Is this message a scam? Prints the verdict, red flags and what to do."""
    from saqbol.pipeline import InputError, analyze

    if image is not None:
        from saqbol.cli.images import check_image

        if lang is not None and lang not in ("kk", "ru", "en"):
            raise fail("--lang must be kk, ru or en")
        return check_image(image, lang, as_json)
    if text is None:
        text = _read_stdin()
    if lang is not None and lang not in ("kk", "ru", "en"):
        raise fail("--lang must be kk, ru or en")
    try:
        verdict = analyze(text, lang=lang)
    except InputError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print_json(verdict)
    else:
        render(text, verdict, lang)


def render(text: str, v: Verdict, lang: str | None) -> None:
    """A readable report for a person at a terminal."""
    kb = get_kb()
    out = lang or (v.language if v.language in ("kk", "ru", "en") else "ru")
    label = kb.text(f"verdict.{v.verdict}", out)
    console.print(Text(f" {label} ", style=COLORS[v.verdict]), f"  risk {v.risk:.2f}")
    if v.scheme:
        console.print(f"[bold]{kb.schemes[v.scheme].name.get(out)}[/]")
    shown = Text(text[:2000])
    for s in v.signals:
        if s.span and s.weight > 0 and s.span[1] <= 2000:
            shown.stylize("bold red underline", *s.span)
    console.print(shown)
    if v.signals:
        table = Table(show_header=False, box=None)
        for s in v.signals:
            table.add_row(
                f"[red]{'▲' if s.weight > 0 else '▼'}[/]", s.explanation, f"[dim]{s.evidence}[/]"
            )
        console.print(table)
    for link in v.links:
        console.print(f"🔗 {link.url} → [bold]{link.verdict}[/] {link.target or ''}")
    for phone in v.phones:
        console.print(f"☎ {phone.number} → {phone.kind} {phone.official or ''}")
    for line in v.advice:
        console.print(f"• {line}")


def _score_chunk(records: list[Record]) -> list[str]:
    """Worker: one JSON line per record, in order (the worker serializes, so the parent only
    writes); a record or text that cannot be analyzed becomes an error object in its place."""
    from saqbol.pipeline import InputError, analyze_many, batch_mode

    batch_mode()
    good = [r for r in records if r.error is None and r.text is not None]
    scored: dict[int, str] = {}  # record → its JSON object without the opening brace
    try:
        for r, v in zip(good, analyze_many([r.text or "" for r in good]), strict=True):
            scored[r.n] = v.model_dump_json()[1:]
    except InputError:
        for r in good:
            try:
                scored[r.n] = analyze_many([r.text or ""])[0].model_dump_json()[1:]
            except InputError as exc:
                scored[r.n] = _error_json("bad_text", str(exc))
    return [
        '{"id":'
        + json.dumps(r.id, ensure_ascii=False, default=str)
        + ","
        + (scored.get(r.n) or _error_json("bad_record", r.error))
        for r in records
    ]


def _error_json(code: str, message: str | None) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)[1:]


def _chunks(records: Iterator[Record]) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for r in records:
        chunk.append(r)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _scored(chunks: Iterator[list[Record]], pool: Executor, window: int) -> Iterator[list[str]]:
    """JSON lines of each chunk, in input order, at most `window` chunks in flight."""
    pending: deque[Future[list[str]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_score_chunk, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _InlineExecutor(Executor):
    """Runs each task at once in this process (for --workers 1: no pickling, no fork)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        fut.set_result(fn(*args, **kwargs))
        return fut


def scan(
    file: Annotated[
        Path,
        typer.Argument(help="JSONL, CSV or Parquet file of messages.", exists=True, dir_okay=False),
    ],
    text_field: Annotated[str, typer.Option(help="Field (column) holding the message.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field (column) holding the record id.")] = "id",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSONL here (default stdout).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes to use (0 = all cores).")] = 0,
) -> None:
    """Score every record of a file: one Verdict JSON per record, in order, with its id."""
    workers = workers or os.cpu_count() or 1
    try:
        records = read_records(file, text_field, id_field)
        first = next(records, None)
    except ValueError as exc:
        raise fail(str(exc)) from exc

    def all_records() -> Iterator[Record]:
        if first is not None:
            yield first
        yield from records

    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    progress = Progress(
        TextColumn("scan"),
        BarColumn(),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=err_console,
    )
    pool: Executor = ProcessPoolExecutor(max_workers=workers) if workers > 1 else _InlineExecutor()
    try:
        with progress, pool:
            task = progress.add_task("scan", total=None)
            for lines in _scored(_chunks(all_records()), pool, window=2 * workers):
                sink.write("\n".join(lines) + "\n")
                progress.advance(task, len(lines))
    except ValueError as exc:
        raise fail(str(exc)) from exc
    finally:
        if out:
            sink.close()


def eval_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="Labelled JSONL (text, label scam|legit, scheme, lang, channel).", exists=True
        ),
    ],
    strict: Annotated[
        bool, typer.Option(help="Count only `scam` as a detection, not `suspicious`.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Precision, recall, F1 and false-positive rate per language and channel."""
    from saqbol.corpus import read_jsonl
    from saqbol.evaluate import evaluate
    from saqbol.pipeline import analyze_many

    try:
        examples = list(read_jsonl(file))
    except ValueError as exc:
        raise fail(str(exc)) from exc
    report = evaluate(examples, analyze_many, strict=strict).as_dict()
    if as_json:
        print_json(report)
        return
    for title in ("by_lang", "by_channel"):
        table = Table(title=title)
        for col in ("", "n", "scams", "precision", "recall", "f1", "fpr", "scheme_acc"):
            table.add_column(col)
        rows: dict[str, Any] = {"all": report["overall"], **report[title]}  # type: ignore[dict-item]
        for name, row in rows.items():
            table.add_row(
                name,
                *(
                    str(row[c])
                    for c in ("n", "scams", "precision", "recall", "f1", "fpr", "scheme_acc")
                ),
            )
        console.print(table)
    console.print("[bold]worst misses[/]")
    for m in report["worst_misses"]:  # type: ignore[attr-defined]
        console.print(f"  {m['label']:5} {m['risk']:.2f} {m['lang']} {m['text'][:120]!r}")


def train_cmd(
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus folder (default data/corpus).")
    ] = None,
    datasets: Annotated[
        Path | None, typer.Option(help="Public datasets folder (default ../shared/datasets).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the model.")] = None,
) -> None:
    """Rebuild the detector model from the corpus (deterministic)."""
    from saqbol.corpus import default_paths, load_corpus
    from saqbol.model import shipped_path
    from saqbol.train import train

    d_corpus, d_datasets = default_paths()
    corpus = corpus or d_corpus
    if not corpus.is_dir():
        raise fail(f"no corpus folder at {corpus}")
    examples = load_corpus(corpus, datasets or d_datasets)
    target = out or shipped_path()
    report = train(examples, target, progress=lambda m: err_console.print(f"[dim]{m}[/]"))
    print_json(report.as_dict())


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("scan")(scan)
    app.command("eval")(eval_cmd)
    app.command("train")(train_cmd)
