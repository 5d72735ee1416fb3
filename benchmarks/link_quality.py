#!/usr/bin/env python
"""How well linking groups the quotes and claims of copies and rewrites: B-cubed precision and
recall of the clusters against the corpus generator's families.

    .venv/bin/python benchmarks/link_quality.py                 # 2,200 articles (200 families)
    .venv/bin/python benchmarks/link_quality.py --articles 5500
    .venv/bin/python benchmarks/link_quality.py --corpus crowded --articles 2000

The corpus is ``tests/linkcorpus.py``'s (PolNeAR texts read from ../shared, each with
copies and rewrites; later editions repeat an original). The gold group of an item is
the item of its family's original it comes from: the original item whose words it shares
most (Jaccard of lowercased words, at least ``linkcorpus.SAME_ITEM``; a rewrite drops one word in five
outside quotes, a tweak changes one word of a quote), else the item alone. Items that the
generator did not derive from one another but that say the same thing (two PolNeAR
articles quoting one speech) count against precision here; the figure compares linking
settings on one corpus, it is not an absolute precision.

``--corpus crowded`` (``tests/crowdcorpus.py``): invented press statements filling a few
templates, each by its own speaker, repeated by later articles among newer statements of the
same template; the gold group of an item is the statement it repeats. Where the families never
share a bucket, these crowd them: the check for the bucket cap.

B-cubed (Bagga and Baldwin, 1998; ``linkcorpus.b_cubed``): for each item, precision is the share of its cluster
that is in its gold group and recall the share of its gold group that is in its cluster,
averaged over items. Used to check that a change made for speed (``link.plan``'s
``BUCKET_SIZE``, ``MAX_TRIES``) does not cost linking accuracy.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the corpus generator

import crowdcorpus  # noqa: E402
import linkcorpus  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=("families", "crowded"), default="families")
    ap.add_argument("--articles", type=int, help="default: 2,200 (200 families), 2,000 crowded")
    args = ap.parse_args(argv)
    corpus = crowdcorpus if args.corpus == "crowded" else linkcorpus
    n = args.articles or (2000 if args.corpus == "crowded" else 200 * linkcorpus.FAMILY)
    with tempfile.TemporaryDirectory() as tmp:
        m = corpus.quality(n, Path(tmp) / "quality.db")
    print(
        f"{m['articles']} articles, {m['items']} items in {m['clusters']} clusters "
        f"({m['gold_groups']} gold groups); link {m['link_cpu_seconds']:.1f} CPU s"
    )
    print(f"B-cubed precision {m['precision']:.4f}  recall {m['recall']:.4f}  F1 {m['f1']:.4f}")


if __name__ == "__main__":
    main()
