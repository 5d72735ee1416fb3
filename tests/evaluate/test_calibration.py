"""Precision per confidence band, and the logistic regression behind the learned confidence."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from reportedly.attribute.confidence import Model, fit
from reportedly.evaluate.calibration import EDGES, calibrate

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "polnear" / "dev"


def test_fit_learns_which_feature_predicts_the_label() -> None:
    rows = [{"bias": 1.0, "said": 1.0}] * 40 + [{"bias": 1.0, "viewed": 1.0}] * 40
    labels = [1] * 36 + [0] * 4 + [1] * 6 + [0] * 34
    weights = fit(rows, labels)
    model = Model(weights, frozenset())
    p_said, p_viewed = model.probability(rows[0]), model.probability(rows[-1])
    assert p_said > 0.8 and p_viewed < 0.25
    # regularised towards, not onto, the observed rates (0.9 and 0.15)
    assert math.isclose(p_said, 0.9, abs_tol=0.05) and math.isclose(p_viewed, 0.15, abs_tol=0.05)


@pytest.mark.polnear
def test_calibration_bands_cover_every_attribution() -> None:
    if not DEV.is_dir():
        pytest.skip(f"PolNeAR dev is not at {DEV}")
    bands = calibrate(DEV, limit=8)
    assert [b.low for b in bands] == list(EDGES)
    assert sum(b.n for b in bands) > 50
    for b in bands:
        assert (b.right <= b.n and b.exact <= b.right) or b.n == 0
        if b.n:
            assert b.low <= b.mean_confidence <= b.high
