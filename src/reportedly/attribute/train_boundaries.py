"""Train the learned content ends (``reportedly.attribute.boundaries``) on PolNeAR train::

python -m reportedly.attribute.train_boundaries ../shared/datasets/polnear/train
"""

from __future__ import annotations

import argparse

from reportedly.attribute.boundaries import MODEL_PATH, training_rows
from reportedly.attribute.confidence import fit, save_model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train_dir")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    from reportedly import nlp as nlp_mod
    from reportedly.evaluate.polnear import load_split

    docs = load_split(args.train_dir, limit=args.limit)
    parsed = nlp_mod.load().pipe(d.text for d in docs)
    gold = ([frag for a in d.gold for frag in a.content] for d in docs)
    rows, labels = training_rows(zip(parsed, gold, strict=True))
    weights = fit(rows, labels)
    about = "reportedly.attribute.boundaries: logistic regression, PolNeAR train, label = annotated end"
    save_model(args.out, about, labels, weights, "possible ends")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
