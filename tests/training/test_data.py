from training.data import (
    SPLIT_FINGERPRINTS,
    SPLITS,
    Example,
    clean_corpus,
    load_split,
    overlap_between_splits,
    read_examples,
    split_fingerprint,
    stratified_split,
    write_examples,
)


def test_clean_corpus_dedups_on_normalised_text_and_drops_conflicts() -> None:
    labelled = {
        "positive": ["很好", "很好", "很好 ", "物流快", "質量好"],
        "negative": ["很差", "物流快", "质量好"],  # 物流快 conflicts; 質量好 == 质量好 after normalising
    }
    examples, raw, unique, conflicting = clean_corpus(labelled)
    assert raw == {"positive": 5, "negative": 3}
    assert conflicting == 2
    assert sorted(examples) == [("很好", "positive"), ("很差", "negative")]
    assert unique == {"positive": 1, "negative": 1}


def test_split_is_stratified_deterministic_and_leak_free() -> None:
    examples = [(f"好评{i}", "positive") for i in range(100)] + [(f"差评{i}", "negative") for i in range(60)]
    first = stratified_split(examples, seed=1)
    again = stratified_split(examples, seed=1)
    assert first == again
    assert {k: len(v) for k, v in first.items()} == {"train": 128, "dev": 16, "test": 16}
    assert sum(1 for _, label in first["test"] if label == "positive") == 10
    assert overlap_between_splits(first) == {"train&dev": 0, "train&test": 0, "dev&test": 0}


def test_examples_round_trip(tmp_path) -> None:
    rows = [Example("好", "positive", {"joy": 1.0}), Example("差", "negative")]
    write_examples(tmp_path / "x.jsonl", rows)
    assert read_examples(tmp_path / "x.jsonl") == rows


def test_texts_that_differ_only_by_a_link_stay_two_corpus_texts() -> None:
    # The models read both without the link; the splits were drawn with it (see SPLIT_FINGERPRINTS).
    examples, _, _, _ = clean_corpus({"positive": ["驱动在 http://a.com/1 下载", "驱动在 http://a.com/2 下载"]})
    assert len(examples) == 2


def test_the_review_splits_are_the_ones_every_figure_is_on() -> None:
    for name in SPLITS:
        assert split_fingerprint((e.text, e.sentiment) for e in load_split(name)) == SPLIT_FINGERPRINTS[name], name
    assert split_fingerprint([("好", "positive")]) != split_fingerprint([("好", "negative")])
