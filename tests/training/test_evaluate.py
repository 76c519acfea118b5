"""The evaluation's calibration: the temperature is fitted on dev as serving scores it, without dev's own votes."""

import pytest

from models.analysis import SENTIMENTS
from models.neighbours import NEIGHBOURS_FILE, NeighbourMemory
from models.onnx_backend import OnnxEncoder
from models.registry import DEFAULT_TRANSFORMER_DIR
from models.text import normalize
from models.tfidf_blend import TfidfExpert, sentiment_scores
from training.calibration import fit_temperature
from training.data import load_split
from training.evaluate import calibration


@pytest.mark.slow
def test_the_temperature_is_fitted_on_dev_reviews_read_without_their_own_vote() -> None:
    dev, test = load_split("dev")[:60], load_split("test")[:60]
    texts = [normalize(e.text) for e in dev]
    memory = NeighbourMemory.load(DEFAULT_TRANSFORMER_DIR / NEIGHBOURS_FILE)
    assert memory.held_rows(texts)[0].tolist() == list(range(len(dev)))  # the bundled memory holds the dev reviews
    assert not memory.held_rows([normalize(e.text) for e in test])[0].size  # and never a test review
    encoder = OnnxEncoder(DEFAULT_TRANSFORMER_DIR)
    logits = encoder.logits(texts)[0]
    expert = TfidfExpert.for_model(DEFAULT_TRANSFORMER_DIR, encoder.meta)
    tfidf = expert.log_probabilities(texts) if expert is not None else None
    y = [SENTIMENTS.index(e.sentiment) for e in dev]

    def temperature(leave_self_out: bool) -> float:
        votes = memory.votes(texts, leave_out=texts if leave_self_out else None)
        return round(fit_temperature(sentiment_scores(logits, encoder.meta, tfidf, votes), y), 4)

    fitted = calibration(DEFAULT_TRANSFORMER_DIR, dev, test)
    assert fitted["temperature"] == temperature(leave_self_out=True)
    assert fitted["temperature"] != temperature(leave_self_out=False)  # its own label would flatter the fit
