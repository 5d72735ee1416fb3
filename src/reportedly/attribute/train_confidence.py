"""Train the learned confidence (``reportedly.attribute.confidence``) on PolNeAR train::

python -m reportedly.attribute.train_confidence ../shared/datasets/polnear/train
"""

from __future__ import annotations

import argparse

from reportedly.attribute.confidence import MODEL_PATH, fit, save_model, training_rows, vocabulary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train_dir")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    rows, labels = training_rows(args.train_dir, args.limit)
    rows = vocabulary(rows)
    weights = fit(rows, labels)
    lemmas = sorted({k.removeprefix("lemma=") for r in rows for k in r if k.startswith("lemma=")} - {"rare"})
    about = (
        "reportedly.attribute.confidence: logistic regression, PolNeAR train, label = content overlaps gold"
    )
    save_model(args.out, about, labels, weights, "candidates", lemmas=lemmas)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
