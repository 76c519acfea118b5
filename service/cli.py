"""The `xinsheng` console script: `score`, `serve`, `train`, `evaluate`.

This is the composition root for the command line. `score` and `serve` load only the serving stack (onnxruntime or
the baseline); `train` and `evaluate` import `training` (and with it torch) inside their function bodies, so the
serving commands never pay for — or need — the training dependencies.

Exit codes: 0 success, 1 unexpected failure, 2 bad usage or bad input (with a message naming the line or row).
"""

import contextlib
import csv
import importlib
import io
import ipaddress
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from service.config import get_settings

if TYPE_CHECKING:
    from models.classifier import Classifier

app = typer.Typer(
    name="xinsheng",
    help="Xinsheng (心声): Chinese customer sentiment and emotions, and the next best action.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
CSV_SUFFIXES = frozenset({".csv"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})


class ModelName(StrEnum):
    """Which classifier `score` loads."""

    transformer = "transformer"
    baseline = "baseline"


class Precision(StrEnum):
    """Training autocast (the values of `training.finetune.PRECISIONS`)."""

    auto = "auto"
    bf16 = "bf16"
    fp32 = "fp32"


class BadInput(Exception):
    """A row that cannot be scored; the message names where it is."""


@dataclass(frozen=True, slots=True)
class Row:
    """One input row: where it came from (for error messages), its id and its text."""

    where: str
    id: str | None
    text: str


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"xinsheng: error: {message}", err=True)
    return typer.Exit(code)


# ---- score -------------------------------------------------------------------------------------------------------


def _load_classifier(name: str, model_dir: Path) -> "Classifier":
    """Load a serving classifier (a seam for tests, which substitute a fake)."""
    from models.registry import load_classifier

    return load_classifier(name, model_dir, threads=get_settings().onnx_threads)


def _row(where: str, text: Any, item_id: Any, text_column: str, skip_bad: bool) -> Row | None:
    """Validate one row the way the HTTP API validates a text; None when it is skipped."""
    # The same rules as the API: blank includes zero-width characters; lone surrogates cannot be encoded.
    from service.api.schemas import is_blank, surrogate_at

    problem: str | None = None
    if text is None:
        problem = f"missing `{text_column}`"
    elif not isinstance(text, str):
        problem = f"`{text_column}` must be a string, got {type(text).__name__}"
    elif is_blank(text):
        problem = f"`{text_column}` is empty or only whitespace"
    elif (position := surrogate_at(text)) is not None:
        problem = f"`{text_column}` has an unpaired surrogate at character {position} (not valid Unicode)"
    elif isinstance(item_id, str) and surrogate_at(item_id) is not None:
        problem = "the id has an unpaired surrogate (not valid Unicode)"
    elif item_id is not None and (isinstance(item_id, bool) or not isinstance(item_id, str | int | float)):
        problem = f"the id must be a string or a number, got {type(item_id).__name__}"
    if problem is not None:
        _bad(where, problem, skip_bad)
        return None
    return Row(where, None if item_id is None else str(item_id), text)


def _bad(where: str, problem: str, skip_bad: bool) -> None:
    """Stop at a bad row (BadInput), or report it on stderr and go on with --skip-bad."""
    if not skip_bad:
        raise BadInput(f"{where}: {problem}")
    typer.echo(f"xinsheng: skipped {where}: {problem}", err=True)


def _jsonl_rows(stream: IO[str], text_column: str, id_column: str, skip_bad: bool) -> Iterator[Row]:
    line_no = 0
    try:
        for line_no, line in enumerate(stream, start=1):  # noqa: B007 - line_no is read in the except
            if not line.strip():
                continue
            where = f"line {line_no}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                _bad(where, f"invalid JSON ({exc.msg} at column {exc.colno})", skip_bad)
                continue
            if not isinstance(obj, dict):
                _bad(where, f"expected a JSON object, got {type(obj).__name__}", skip_bad)
                continue
            row = _row(where, obj.get(text_column), obj.get(id_column), text_column, skip_bad)
            if row is not None:
                yield row
    except UnicodeDecodeError as exc:
        raise BadInput(f"line {line_no + 1}: not valid UTF-8 ({exc.reason})") from None


def _csv_rows(stream: IO[str], text_column: str, id_column: str, skip_bad: bool) -> Iterator[Row]:
    reader = csv.DictReader(stream)
    try:
        fields = reader.fieldnames or []
        if text_column not in fields:
            raise BadInput(
                f"line 1: no column `{text_column}` in the CSV header {fields} (use --text-column)"
            )
        for record in reader:
            yield from _some(
                _row(
                    f"line {reader.line_num}",
                    record.get(text_column),
                    record.get(id_column) or None,
                    text_column,
                    skip_bad,
                )
            )
    except UnicodeDecodeError as exc:
        raise BadInput(f"line {reader.line_num + 1}: not valid UTF-8 ({exc.reason})") from None
    except csv.Error as exc:
        raise BadInput(f"line {reader.line_num}: {exc}") from None


def _parquet_rows(
    path: Path, text_column: str, id_column: str, skip_bad: bool, batch_size: int
) -> Iterator[Row]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for unreadable files
        raise BadInput(f"{path}: not a readable Parquet file ({exc})") from None
    names = parquet.schema_arrow.names
    if text_column not in names:
        raise BadInput(f"{path}: no column `{text_column}` in {names} (use --text-column)")
    columns = [text_column] + ([id_column] if id_column in names else [])
    row_no = 0
    for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
        texts = batch.column(text_column).to_pylist()
        ids = batch.column(id_column).to_pylist() if id_column in columns else [None] * len(texts)
        for text, item_id in zip(texts, ids, strict=True):
            row_no += 1
            yield from _some(_row(f"row {row_no}", text, item_id, text_column, skip_bad))


def _some(row: Row | None) -> Iterator[Row]:
    if row is not None:
        yield row


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command()
def score(
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input",
            "-i",
            help="JSONL, CSV or Parquet (by extension). Default: JSONL on stdin.",
            dir_okay=False,
        ),
    ] = None,
    output_path: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSONL results. Default: stdout.", dir_okay=False)
    ] = None,
    text_column: Annotated[str, typer.Option(help="Field or column holding the text.")] = "text",
    id_column: Annotated[str, typer.Option(help="Field or column holding the id (optional).")] = "id",
    model: Annotated[ModelName | None, typer.Option(help="Classifier (default: XINSHENG_MODEL).")] = None,
    model_dir: Annotated[
        Path | None, typer.Option(help="Model artefact folder (default: XINSHENG_MODEL_DIR).")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=4096, help="Texts per classifier call.")] = 64,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Skip bad rows (reported on stderr) instead of stopping.")
    ] = False,
) -> None:
    """Score texts from a file or stdin; write one JSON result per input row, in input order."""
    settings = get_settings()
    if input_path is not None and not input_path.is_file():
        raise _fail(f"input file {input_path} does not exist")
    suffix = input_path.suffix.lower() if input_path is not None else ".jsonl"
    if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES:
        raise _fail(f"cannot tell the format of {input_path}: use .jsonl, .csv or .parquet")

    try:
        classifier = _load_classifier(
            (model.value if model else settings.model), model_dir or settings.model_dir
        )
    except Exception as exc:  # noqa: BLE001 - a missing or broken model is a usage problem, said plainly
        raise _fail(
            f"cannot load the {model.value if model else settings.model} model: {exc}", code=1
        ) from None

    with _open_input(input_path, suffix) as (source, text, progress_total):
        if suffix in PARQUET_SUFFIXES:
            assert input_path is not None
            rows = _parquet_rows(input_path, text_column, id_column, skip_bad, batch_size)
        elif suffix in CSV_SUFFIXES:
            rows = _csv_rows(text, text_column, id_column, skip_bad)
        else:
            rows = _jsonl_rows(text, text_column, id_column, skip_bad)
        out = output_path.open("wb") if output_path is not None else sys.stdout.buffer
        try:
            # A progress bar only when stdout is free for it to not interleave with results.
            written = _score_rows(
                classifier, rows, batch_size, out, source, progress_total, show=output_path is not None
            )
        except BadInput as exc:
            raise _fail(str(exc)) from None
        except BrokenPipeError:  # `xinsheng score … | head`: the reader left; not an error
            # Point stdout at /dev/null so the interpreter's final flush does not raise again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        finally:
            if output_path is not None:
                out.close()
    if output_path is not None:
        typer.echo(f"xinsheng: scored {written} texts → {output_path}", err=True)


@contextlib.contextmanager
def _open_input(path: Path | None, suffix: str) -> Iterator[tuple[IO[bytes], IO[str], int | None]]:
    """The input as bytes (for progress), as UTF-8 text (for the readers), and a progress total (bytes or rows).

    Parquet is read by pyarrow from the path, so its streams are empty placeholders.
    """
    if path is not None and suffix in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq

        try:
            total: int | None = pq.ParquetFile(path).metadata.num_rows
        except Exception:  # noqa: BLE001 - reported with context when the rows are read
            total = None
        yield io.BytesIO(), io.StringIO(), total
        return
    with contextlib.ExitStack() as stack:
        if path is None:
            binary: IO[bytes] = sys.stdin.buffer
            total = None
        else:
            binary = stack.enter_context(path.open("rb"))
            total = path.stat().st_size
        # Explicit UTF-8 (a BOM is tolerated) whatever the locale says; strict, so bad bytes are reported.
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
        try:
            yield binary, text, total
        finally:
            text.detach()  # a wrapper closes its buffer when collected; stdin and our handle are closed by owners


def _score_rows(
    classifier: "Classifier",
    rows: Iterator[Row],
    batch_size: int,
    out: IO[bytes],
    source: IO[bytes],
    progress_total: int | None,
    *,
    show: bool,
) -> int:
    """Classify in batches and write JSONL; returns the count. Memory stays one batch, whatever the input size."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # Text inputs progress by bytes read (cheap and exact at the end); Parquet by rows.
    by_bytes = isinstance(source, io.BufferedReader) and source.seekable()  # a pipe has no position
    progress = Progress(
        TextColumn("scoring"),
        BarColumn(),
        MofNCompleteColumn() if not by_bytes else TextColumn("{task.percentage:>5.1f}%"),
        TextColumn("{task.fields[texts]} texts"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not show,
    )
    written = 0
    with progress:
        task = progress.add_task("score", total=progress_total, texts=0)
        for batch in _batches(rows, batch_size):
            analyses = classifier.analyze([row.text for row in batch])
            lines = [
                json.dumps(analysis.with_id(row.id).to_dict(), ensure_ascii=False) + "\n"
                for row, analysis in zip(batch, analyses, strict=True)
            ]
            out.write("".join(lines).encode("utf-8"))
            out.flush()
            written += len(batch)
            completed = source.tell() if by_bytes else written
            progress.update(task, completed=completed, texts=written)
        if progress_total is not None:
            progress.update(task, completed=progress_total)
    return written


# ---- serve -------------------------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind. Non-loopback needs XINSHENG_API_KEYS.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes, each loading the model (default XINSHENG_WORKERS).")
    ] = None,
) -> None:
    """Run the HTTP API with uvicorn."""
    settings = get_settings()
    workers = workers or settings.workers
    if not settings.api_keys and not is_loopback(host):
        raise _fail(
            f"refusing to bind {host}: no API keys are configured, so the API would be open to the network. "
            "Set XINSHENG_API_KEYS (a JSON object of key → scopes) or bind 127.0.0.1."
        )
    import uvicorn

    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # the app writes its own structured access log (without keys or bodies)
        proxy_headers=True,  # trusts X-Forwarded-For only from FORWARDED_ALLOW_IPS (default 127.0.0.1)
    )


# ---- train / evaluate (the training stack is imported only here) --------------------------------------------------


def _seeds(value: str | None, option: str) -> list[int] | None:
    """A comma-separated list of seeds, or None when the option is unset."""
    if value is None:
        return None
    try:
        seeds = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(f"{option} takes comma-separated integers, e.g. 1,2,3") from None
    if not seeds or len(set(seeds)) != len(seeds):
        raise typer.BadParameter(f"{option} needs at least one seed, each once")
    return seeds


@app.command()
def train(
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Train the classical TF-IDF baseline instead.")
    ] = False,
    base_model: Annotated[
        str | None, typer.Option(help="Encoder to fine-tune: a local path or hub id.")
    ] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Labelled data folder.")] = None,
    output_dir: Annotated[Path | None, typer.Option(help="Where the artefact is written.")] = None,
    data_file: Annotated[
        Path | None, typer.Option(help="Your own labelled file (JSONL/CSV) instead of the bundled data.")
    ] = None,
    epochs: Annotated[int | None, typer.Option(help="Training epochs.")] = None,
    max_length: Annotated[int | None, typer.Option(help="Max tokens per chunk.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Training batch size.")] = None,
    lr: Annotated[float | None, typer.Option(help="Learning rate.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
    adversarial_epsilon: Annotated[
        float | None,
        typer.Option(help="FGM step on the word embeddings (default 1.0); 0 trains without it, in ~70 % of the time."),
    ] = None,
    teacher: Annotated[
        Path | None,
        typer.Option(help="Self-distil: a served model folder whose sentiment logits join the labels as soft targets."),
    ] = None,
    ensemble_seeds: Annotated[
        str | None,
        typer.Option(help="Distil from an ensemble: one fine-tuning per seed (e.g. 1,2,3,4,5); their mean logits teach "
                          "the student."),
    ] = None,
    student_seeds: Annotated[
        str | None, typer.Option(help="With --ensemble-seeds: students to train (e.g. 42,43); the best on dev is kept.")
    ] = None,
    student_epochs: Annotated[
        int | None, typer.Option(min=1, help="With --ensemble-seeds: the students' epochs (default: --epochs).")
    ] = None,
    parallel: Annotated[
        int | None, typer.Option(min=1, help="With --ensemble-seeds: fine-tunings run at a time (one GPU fits 5+).")
    ] = None,
    members_only: Annotated[
        bool,
        typer.Option("--members-only", help="With --ensemble-seeds: train the members not yet kept in "
                                            "training/ensemble_members and stop (a CPU rebuild over several sessions)."),
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume/--no-resume", help="Resume from the last checkpoint.")
    ] = True,
    device: Annotated[
        str | None, typer.Option(help="cpu, cuda, cuda:0, … (default: best available).")
    ] = None,
    precision: Annotated[
        Precision | None,
        typer.Option(help="Training autocast: auto (bf16 on CPUs with native bf16, ~1.8x faster an epoch), bf16 or fp32."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Use at most this many rows (tiny runs).")] = None,
    checkpoint: Annotated[
        Path | None, typer.Option(help="Skip fine-tuning: export, fit and evaluate this fine-tuned checkpoint.")
    ] = None,
    grid_steps: Annotated[
        int | None,
        typer.Option(min=0, help="Quantisation-aware steps before the int8 export (default 100, ~1.5 min on 2 "
                                 "CPU cores); 0 exports the fine-tuned weights as they are."),
    ] = None,
) -> None:
    """Train (or fine-tune) a model on labelled data; writes the artefact, evaluation report and model card."""
    training_cli = importlib.import_module("training.cli")
    options = {
        "baseline": baseline,
        "base_model": base_model,
        "data_dir": data_dir,
        "data_file": data_file,
        "output_dir": output_dir,
        "epochs": epochs,
        "max_length": max_length,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "adversarial_epsilon": adversarial_epsilon,
        "teacher": teacher,
        "ensemble_seeds": _seeds(ensemble_seeds, "--ensemble-seeds"),
        "student_seeds": _seeds(student_seeds, "--student-seeds"),
        "student_epochs": student_epochs,
        "parallel": parallel,
        "members_only": members_only or None,
        "resume": resume,
        "device": device,
        "precision": precision.value if precision else None,
        "limit": limit,
        "checkpoint": checkpoint,
        "grid_steps": grid_steps,
    }
    # Unset options are left out, so training's own defaults apply.
    training_cli.train(**{k: v for k, v in options.items() if v is not None})


@app.command()
def evaluate(
    model_dir: Annotated[
        Path | None, typer.Option(help="Artefact to evaluate (default: the bundled transformer).")
    ] = None,
    output: Annotated[Path | None, typer.Option(help="Where the report is written.")] = None,
    gold: Annotated[
        bool, typer.Option("--gold/--no-gold", help="Include the hand-labelled gold set.")
    ] = True,
    data_dir: Annotated[Path | None, typer.Option(help="Labelled data folder with the test split.")] = None,
    limit: Annotated[int | None, typer.Option(help="Use at most this many rows (tiny runs).")] = None,
) -> None:
    """Evaluate a model artefact and write its report."""
    training_cli = importlib.import_module("training.cli")
    options = {"model_dir": model_dir, "output": output, "gold": gold, "data_dir": data_dir, "limit": limit}
    training_cli.evaluate(**{k: v for k, v in options.items() if v is not None})


def main() -> None:
    """Entry point for `python -m service.cli`."""
    app()


if __name__ == "__main__":
    main()
