"""The `xinsheng` command line: score round trips (JSONL, CSV, Parquet), bad input, serve's safety check."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from service import cli
from service.config import get_settings
from tests.service.apitools import RESULT_KEYS

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch, fake_classifier: Any) -> Any:
    """Every command loads the fake classifier; settings are re-read per test."""
    loaded: list[tuple[str, Path]] = []

    def load(name: str, model_dir: Path) -> Any:
        loaded.append((name, model_dir))
        return fake_classifier

    monkeypatch.setattr(cli, "_load_classifier", load)
    monkeypatch.delenv("XINSHENG_API_KEYS", raising=False)
    get_settings.cache_clear()
    yield loaded
    get_settings.cache_clear()


def lines_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_score_jsonl_stdin_to_stdout_in_order(fake_classifier: Any) -> None:
    rows = [{"id": f"r{i}", "text": f"第{i}条：{'很好' if i % 2 else '太慢了'}"} for i in range(7)]
    rows.append({"text": "没有id"})
    stdin = (
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n"
    )  # a trailing blank line is fine
    result = runner.invoke(cli.app, ["score", "--batch-size", "3"], input=stdin)
    assert result.exit_code == 0, result.output
    out = lines_of(result.stdout)
    assert [o["id"] for o in out] == [*(f"r{i}" for i in range(7)), None]
    assert [o["evidence"][0] for o in out] == [r["text"] for r in rows]
    assert "很好" in result.stdout  # ensure_ascii=False: Chinese stays readable
    assert list(out[0]) == RESULT_KEYS
    assert fake_classifier.batch_sizes == [3, 3, 2]  # streamed in batches, not all at once


def test_score_files_with_input_and_output_options(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "服务很好"}\n{"id": "b", "text": "差评"}\n', encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli.app, ["score", "-i", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    out = lines_of(target.read_text(encoding="utf-8"))
    assert [(o["id"], o["sentiment"]) for o in out] == [("1", "positive"), ("b", "negative")]
    assert "scored 2 texts" in result.stderr


def test_score_csv_with_text_column(tmp_path: Path) -> None:
    source = tmp_path / "reviews.csv"
    source.write_text(
        '\ufeffreview_id,body,stars\n1,"快递太慢了,等了一周",1\n2,"质量很好\n会回购",5\n3,一般,3\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        cli.app, ["score", "-i", str(source), "--text-column", "body", "--id-column", "review_id"]
    )
    assert result.exit_code == 0, result.output
    out = lines_of(result.stdout)
    assert [o["id"] for o in out] == ["1", "2", "3"]
    assert [o["evidence"][0] for o in out] == ["快递太慢了,等了一周", "质量很好\n会回购", "一般"]


def test_score_parquet_with_text_column(tmp_path: Path) -> None:
    source = tmp_path / "reviews.parquet"
    table = pa.table({"uid": [10, 11, 12], "content": ["很好", "太慢", "收到"]})
    pq.write_table(table, source, row_group_size=2)
    target = tmp_path / "scored.jsonl"
    args = ["score", "-i", str(source), "-o", str(target), "--text-column", "content", "--id-column", "uid"]
    result = runner.invoke(cli.app, [*args, "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    out = lines_of(target.read_text(encoding="utf-8"))
    assert [(o["id"], o["sentiment"]) for o in out] == [
        ("10", "positive"),
        ("11", "negative"),
        ("12", "neutral"),
    ]


def test_model_options_are_passed_to_the_loader(fake_model: list[tuple[str, Path]], tmp_path: Path) -> None:
    result = runner.invoke(
        cli.app, ["score", "--model", "baseline", "--model-dir", str(tmp_path)], input='{"text": "好"}\n'
    )
    assert result.exit_code == 0, result.output
    assert fake_model == [("baseline", tmp_path)]


@pytest.mark.parametrize(
    ("stdin", "where", "what"),
    [
        ('{"text": "好"}\n{"text": "好"}\n{"text": "好"\n', "line 3", "invalid JSON"),
        ('{"text": "好"}\n\n["好"]\n', "line 3", "JSON object"),
        ('{"text": "好"}\n{"txt": "好"}\n', "line 2", "missing `text`"),
        ('{"text": 5}\n', "line 1", "must be a string"),
        ('{"text": "  "}\n', "line 1", "empty"),
        ('{"text": "好", "id": {"a": 1}}\n', "line 1", "id"),
        ('{"text": "\\ud800"}\n', "line 1", "surrogate"),
    ],
)
def test_bad_line_is_exit_2_with_the_line_number(stdin: str, where: str, what: str) -> None:
    result = runner.invoke(cli.app, ["score"], input=stdin)
    assert result.exit_code == 2, result.output
    assert where in result.stderr and what in result.stderr
    assert "Traceback" not in result.output


def test_invalid_utf8_is_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes('{"text": "好"}\n'.encode() + b'{"text": "\xff\xfe"}\n')
    result = runner.invoke(cli.app, ["score", "-i", str(source)])
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr


def test_skip_bad_reports_and_continues() -> None:
    result = runner.invoke(
        cli.app, ["score", "--skip-bad"], input='{"text": "好"}\nnot json\n{"text": "差"}\n'
    )
    assert result.exit_code == 0
    assert [o["sentiment"] for o in lines_of(result.stdout)] == ["positive", "negative"]
    assert "skipped line 2" in result.stderr


def test_missing_csv_column_and_unknown_format_are_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["score", "-i", str(source)])
    assert result.exit_code == 2 and "no column `text`" in result.stderr
    other = tmp_path / "x.xlsx"
    other.write_text("", encoding="utf-8")
    result = runner.invoke(cli.app, ["score", "-i", str(other)])
    assert result.exit_code == 2 and "format" in result.stderr
    result = runner.invoke(cli.app, ["score", "-i", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_model_that_fails_to_load_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str, model_dir: Path) -> Any:
        raise FileNotFoundError(f"{model_dir}/model.onnx")

    monkeypatch.setattr(cli, "_load_classifier", broken)
    result = runner.invoke(cli.app, ["score"], input='{"text": "好"}\n')
    assert result.exit_code == 1
    assert "cannot load" in result.stderr and "Traceback" not in result.output


# ---- serve ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.com"])
def test_serve_refuses_non_loopback_without_keys(host: str, uvicorn_calls: list[dict[str, Any]]) -> None:
    result = runner.invoke(cli.app, ["serve", "--host", host])
    assert result.exit_code == 2
    assert "refusing to bind" in result.stderr and "XINSHENG_API_KEYS" in result.stderr
    assert uvicorn_calls == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_serve_binds_loopback_without_keys(host: str, uvicorn_calls: list[dict[str, Any]]) -> None:
    result = runner.invoke(cli.app, ["serve", "--host", host, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert uvicorn_calls[0]["host"] == host and uvicorn_calls[0]["port"] == 8123
    assert uvicorn_calls[0]["app"] == "service.app:create_app" and uvicorn_calls[0]["factory"] is True


def test_serve_binds_any_host_with_keys(
    monkeypatch: pytest.MonkeyPatch, uvicorn_calls: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("XINSHENG_API_KEYS", '{"k": ["admin"]}')
    get_settings.cache_clear()
    result = runner.invoke(cli.app, ["serve", "--host", "0.0.0.0", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert uvicorn_calls[0]["workers"] == 2


# ---- train / evaluate forward to training.cli ----------------------------------------------------------------------


def test_train_and_evaluate_forward_their_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    received: dict[str, dict[str, Any]] = {}
    fake = types.ModuleType("training.cli")
    fake.train = lambda **kw: received.__setitem__("train", kw)  # type: ignore[attr-defined]
    fake.evaluate = lambda **kw: received.__setitem__("evaluate", kw)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "training.cli", fake)

    args = [
        "train",
        "--baseline",
        "--data-dir",
        str(tmp_path),
        "--epochs",
        "2",
        "--lr",
        "3e-5",
        "--limit",
        "50",
        "--adversarial-epsilon",
        "0",
        "--teacher",
        str(tmp_path),
        "--no-resume",
        "--grid-steps",
        "0",
    ]
    assert runner.invoke(cli.app, args).exit_code == 0
    assert received["train"] == {
        "baseline": True,
        "data_dir": tmp_path,
        "epochs": 2,
        "lr": 3e-5,
        "limit": 50,
        "adversarial_epsilon": 0.0,
        "teacher": tmp_path,
        "resume": False,
        "grid_steps": 0,
    }
    assert runner.invoke(cli.app, ["evaluate", "--model-dir", str(tmp_path), "--no-gold"]).exit_code == 0
    assert received["evaluate"] == {"model_dir": tmp_path, "gold": False}

    ensemble = ["train", "--ensemble-seeds", "1,2, 3", "--student-seeds", "42", "--student-epochs", "5",
                "--parallel", "3", "--device", "cuda", "--precision", "bf16"]
    assert runner.invoke(cli.app, ensemble).exit_code == 0
    assert received["train"] == {"baseline": False, "ensemble_seeds": [1, 2, 3], "student_seeds": [42],
                                 "student_epochs": 5, "parallel": 3, "resume": True, "device": "cuda",
                                 "precision": "bf16"}
    assert runner.invoke(cli.app, ["train", "--ensemble-seeds", "1,2", "--members-only"]).exit_code == 0
    assert received["train"] == {"baseline": False, "ensemble_seeds": [1, 2], "members_only": True, "resume": True}


def test_train_refuses_an_unknown_precision_before_training(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("training.cli")
    fake.train = lambda **kw: pytest.fail("trained despite a bad precision")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "training.cli", fake)
    result = runner.invoke(cli.app, ["train", "--precision", "fp16"])
    assert result.exit_code == 2
    assert "--precision" in result.output


@pytest.mark.parametrize("seeds", ["1,x", "1,1", ","])
def test_train_refuses_a_malformed_seed_list_before_training(monkeypatch: pytest.MonkeyPatch, seeds: str) -> None:
    fake = types.ModuleType("training.cli")
    fake.train = lambda **kw: pytest.fail("trained despite a bad seed list")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "training.cli", fake)
    result = runner.invoke(cli.app, ["train", "--ensemble-seeds", seeds])
    assert result.exit_code == 2
    assert "--ensemble-seeds" in result.output


def test_serving_imports_never_load_the_training_stack() -> None:
    code = textwrap.dedent(
        """
        import sys
        import service.cli, service.app
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"torch", "transformers", "training"})
        print(",".join(heavy))
        """
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.slow
def test_score_reads_a_pipe_on_stdin() -> None:
    """A pipe (cat reviews.jsonl | xinsheng score) cannot tell its position: progress must not ask it to."""
    root = Path(__file__).resolve().parents[2]
    rows = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(["很好", "太差了"]))
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "score", "--model", "baseline"], input=rows.encode(),
        capture_output=True, cwd=root, timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in out] == ["0", "1"]
    assert [r["sentiment"] for r in out] == ["positive", "negative"]
