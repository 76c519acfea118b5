"""`xinsheng train --ensemble-seeds` end to end on a tiny base and a user's file: members, student, packaged artefact."""

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.mark.slow
def test_train_with_ensemble_seeds_packages_the_chosen_student_with_its_provenance(
    tiny_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from training import cli
    from training.distill import ENSEMBLE_FILE

    monkeypatch.setattr(cli, "RUNS_DIR", tmp_path / "runs")
    rng = random.Random(0)
    good = ["很好用，推荐", "物流快，质量好", "非常满意，还会再买", "谢谢客服，态度很好", "房间干净，早餐丰富"]
    bad = ["太差了，退货", "质量很差，用两天就坏", "客服不理人", "快递丢了，气死了", "房间有股霉味"]
    rows = [{"text": f"{rng.choice(good)}{i}", "sentiment": "positive"} for i in range(40)]
    rows += [{"text": f"{rng.choice(bad)}{i}", "sentiment": "negative"} for i in range(40)]
    data_file = tmp_path / "labels.jsonl"
    data_file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")

    summary = cli.train(base_model=str(tiny_base), data_file=data_file, output_dir=tmp_path / "out", epochs=1,
                        max_length=32, batch_size=8, adversarial_epsilon=0.0, ensemble_seeds=[1, 2],
                        student_seeds=[3], student_epochs=2, evaluate_after=False)

    record = json.loads((tmp_path / "runs" / "ensemble" / ENSEMBLE_FILE).read_text())
    assert record["chosen"] == str(tmp_path / "runs" / "ensemble" / "student-seed3" / "best")
    packaged = json.loads((tmp_path / "out" / "transformer" / "training.json").read_text())
    assert packaged["teacher"]["members"] == record["members"] and packaged["students"] == record["students"]
    assert packaged["recipe"]["seed"] == 3 and packaged["recipe"]["epochs"] == 2
    assert summary["serving_dir"] == str(tmp_path / "out" / "transformer")
    assert (tmp_path / "out" / "transformer" / "model.onnx").exists()
    # The export read an on-grid copy of the chosen student; the student's own checkpoint is kept beside it.
    grid = tmp_path / "runs" / "ensemble" / "student-seed3" / "best-int8-grid"
    assert packaged["quantization_aware"]["from"] == record["chosen"] and (grid / "heads.pt").exists()
    assert json.loads((grid / "train_config.json").read_text())["seed"] == 3


@pytest.mark.slow
def test_members_only_trains_the_members_and_stops_without_touching_the_baseline_or_keeping_a_users_logits(
    tiny_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from training import cli, ensemble

    monkeypatch.setattr(cli, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.setattr(ensemble, "MEMBER_LOGITS_DIR", tmp_path / "kept")
    rows = [{"text": f"{t}{i}", "sentiment": s} for i in range(12)
            for t, s in (("很好用，推荐", "positive"), ("太差了，退货", "negative"))]
    data_file = tmp_path / "labels.jsonl"
    data_file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")

    summary = cli.train(base_model=str(tiny_base), data_file=data_file, output_dir=tmp_path / "out", epochs=1,
                        max_length=32, batch_size=8, adversarial_epsilon=0.0, ensemble_seeds=[1],
                        members_only=True, evaluate_after=False)

    assert [m["seed"] for m in summary["members"]] == [1]
    assert (tmp_path / "runs" / "ensemble" / "member-seed1" / "best" / "heads.pt").exists()
    assert not (tmp_path / "runs" / "ensemble" / "student-seed42").exists()
    assert not (tmp_path / "out").exists()  # no baseline, no package: only the members
    assert not (tmp_path / "kept").exists()  # a user's file keeps no logits in the bundled store
