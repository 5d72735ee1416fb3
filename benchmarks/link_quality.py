#!/usr/bin/env python
"""How well linking groups the quotes and claims of copies and rewrites: B-cubed precision and
recall of the clusters against the corpus generator's families.

    .venv/bin/python benchmarks/link_quality.py                 # 2,200 articles (200 families)
    .venv/bin/python benchmarks/link_quality.py --articles 5500

The corpus is ``tests/linkcorpus.py``'s (PolNeAR texts read from ../shared, each with
copies and rewrites; later editions repeat an original). The gold group of an item is
the item of its family's original it comes from: the original item whose words it shares
most (Jaccard of lowercased words, at least ``SAME_ITEM``; a rewrite drops one word in five
outside quotes, a tweak changes one word of a quote), else the item alone. Items that the
generator did not derive from one another but that say the same thing (two PolNeAR
articles quoting one speech) count against precision here; the figure compares linking
settings on one corpus, it is not an absolute precision.

B-cubed (Bagga and Baldwin, 1998): for each item, precision is the share of its cluster
that is in its gold group and recall the share of its gold group that is in its cluster,
averaged over items. Used to check that a change made for speed (``link.plan``'s
``BUCKET_SIZE``, ``MAX_TRIES``) does not cost linking accuracy.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import select

from reportedly.link import link_new
from reportedly.model import Report
from reportedly.store import Store
from reportedly.store import schema as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the corpus generator

from linkcorpus import FAMILY, build, load_originals  # noqa: E402

#: least word overlap for an item to come from an item of its family's original
SAME_ITEM = 0.5
_WORDS = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORDS.findall(text))


def gold_groups(reports: list[Report], families: list[int]) -> dict[tuple[str, str], str]:
    """(article id, attribution id) -> gold group: ``origin:attribution`` of the original item it
    comes from, else its own key."""
    originals: dict[int, list[tuple[str, frozenset[str]]]] = {}
    for report, origin in zip(reports, families, strict=True):
        if origin not in originals:  # the first of a family is its original
            originals[origin] = [(a.id, _words(a.content_text)) for a in report.attributions]
    gold: dict[tuple[str, str], str] = {}
    for report, origin in zip(reports, families, strict=True):
        for a in report.attributions:
            words = _words(a.content_text)
            best, label = SAME_ITEM, f"{report.article.id}:{a.id}"
            for oid, owords in originals[origin]:
                score = len(words & owords) / max(1, len(words | owords))
                if score >= best:
                    best, label = score, f"{origin}:{oid}"
                    if score == 1.0:
                        break
            gold[(report.article.id, a.id)] = label
    return gold


def b_cubed(found: dict[tuple[str, str], int], gold: dict[tuple[str, str], str]) -> tuple[float, float]:
    """B-cubed precision and recall of clusters ``found`` against ``gold``, over the items in both."""
    keys = [k for k in found if k in gold]
    both = Counter((found[k], gold[k]) for k in keys)
    size_found = Counter(found[k] for k in keys)
    size_gold = Counter(gold[k] for k in keys)
    p = sum(both[(found[k], gold[k])] / size_found[found[k]] for k in keys)
    r = sum(both[(found[k], gold[k])] / size_gold[gold[k]] for k in keys)
    return p / max(1, len(keys)), r / max(1, len(keys))


def measure(n: int) -> dict[str, float]:
    families: list[int] = []
    reports = build(n, load_originals(n // FAMILY + 1), families=families)
    gold = gold_groups(reports, families)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "quality.db"))
        for i in range(0, len(reports), 500):
            store.add_many([(r, "quality") for r in reports[i : i + 500]])
        started = time.process_time()
        link_new(store)
        cpu = time.process_time() - started
        li = st.link_items
        with store.engine.connect() as conn:
            found = {
                (aid, att): cluster
                for aid, att, cluster in conn.execute(
                    select(li.c.article_id, li.c.attribution_id, li.c.cluster)
                )
            }
        store.close()
    precision, recall = b_cubed(found, gold)
    groups: dict[str, set[int]] = defaultdict(set)
    for k, g in gold.items():
        if k in found:
            groups[g].add(found[k])
    return {
        "articles": n,
        "items": len(found),
        "gold_groups": len(groups),
        "clusters": len(set(found.values())),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "link_cpu_seconds": cpu,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200 * FAMILY)
    args = ap.parse_args(argv)
    m = measure(args.articles)
    print(
        f"{m['articles']} articles, {m['items']} items in {m['clusters']} clusters "
        f"({m['gold_groups']} gold groups); link {m['link_cpu_seconds']:.1f} CPU s"
    )
    print(f"B-cubed precision {m['precision']:.4f}  recall {m['recall']:.4f}  F1 {m['f1']:.4f}")


if __name__ == "__main__":
    main()
