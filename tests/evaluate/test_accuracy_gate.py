"""The accuracy gate: `make test` fails when the engine gets worse than the committed baseline.

PolNeAR dev exact content F1 may not fall more than ``tolerance_points`` below its
baseline; speech precision (default view) and speaker accuracy on the typed gold set
(``tests/gold``) may not fall below theirs; nor may linking's B-cubed precision and recall on
PolNeAR families (``tests/linkcorpus.py``, ``benchmarks/link_quality.py``) and on invented
statements that crowd the LSH buckets (``tests/crowdcorpus.py``). All really run. Raise a
baseline (``tests/evaluate/accuracy_baseline.json``) when the engine improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BASELINE = json.loads((HERE / "accuracy_baseline.json").read_text(encoding="utf-8"))
GOLD_DIR = HERE.parent / "gold"
DEV = HERE.parents[1].parent / "shared" / "datasets" / "polnear" / "dev"


@pytest.mark.polnear
def test_polnear_dev_content_f1_holds() -> None:
    from reportedly.evaluate import polnear

    if not DEV.is_dir():
        pytest.skip(f"PolNeAR dev is not at {DEV}")
    docs = polnear.load_split(DEV)
    ev = polnear.score_predictions(polnear.predict(docs)).evaluation
    f1 = 100 * ev.exact["content"].f1
    floor = BASELINE["polnear_dev"]["content_exact_f1"] - BASELINE["polnear_dev"]["tolerance_points"]
    assert f1 >= floor, f"PolNeAR dev exact content F1 {f1:.2f} fell below {floor:.2f}"


def test_gold_set_speech_precision_and_speakers_hold() -> None:
    from reportedly.evaluate.goldset import score_directory

    scored = score_directory(GOLD_DIR)
    assert scored.documents >= 40
    speech = scored.shown["speech"]
    base = BASELINE["gold"]
    assert speech.precision >= base["speech_precision"], f"speech precision {speech.precision:.3f}"
    assert speech.recall >= base["speech_recall"], f"speech recall {speech.recall:.3f}"
    assert scored.speaker_accuracy >= base["speaker_accuracy"], (
        f"speaker accuracy {scored.speaker_accuracy:.3f}"
    )


@pytest.mark.polnear
def test_linking_b_cubed_holds(tmp_path: Path) -> None:
    # PolNeAR originals with their copies and rewrites (tests/linkcorpus.py): the items that derive
    # from one original item must share a cluster, and items that do not must not
    from linkcorpus import POLNEAR, quality

    if not POLNEAR.is_dir():
        pytest.skip(f"PolNeAR is not at {POLNEAR}")
    base = BASELINE["linking"]
    found = quality(base["articles"], tmp_path / "linking.db")
    assert found["clusters"] < found["items"] / 4, "copies and rewrites share clusters"
    assert found["precision"] >= base["b3_precision"], f"linking B-cubed precision {found['precision']:.4f}"
    assert found["recall"] >= base["b3_recall"], f"linking B-cubed recall {found['recall']:.4f}"


def test_linking_holds_on_statements_that_share_most_words(tmp_path: Path) -> None:
    # many speakers' near-identical statements, repeated among newer ones (tests/crowdcorpus.py): a
    # copy must find its own statement's cluster, and no two people's statements may share one
    from crowdcorpus import quality

    base = BASELINE["linking_crowded"]
    found = quality(base["articles"], tmp_path / "crowded.db")
    assert found["precision"] >= base["b3_precision"], f"crowded B-cubed precision {found['precision']:.4f}"
    assert found["recall"] >= base["b3_recall"], f"crowded B-cubed recall {found['recall']:.4f}"
