#!/usr/bin/env python
"""Every discrepancy a linked corpus holds, with the wordings it compares, for review by hand.

    .venv/bin/python benchmarks/polnear_jsonl.py /tmp/polnear.jsonl   # with publishers and dates
    .venv/bin/reportedly ingest /tmp/polnear.jsonl --db /tmp/polnear.db --jobs 2
    .venv/bin/python benchmarks/list_discrepancies.py --db /tmp/polnear.db

Prints the count by label, then each discrepancy: its label, its message (as the CLI,
web and exports word it) and, for both articles, the source file (a JSON-lines
source is the file and line), outlet and date, and the quote or
claim of the cluster in it with its speaker: what a reviewer reads to judge it.
"""

from __future__ import annotations

import argparse
from collections import Counter

from reportedly.link import all_discrepancies, load_cluster
from reportedly.store import Store


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    args = ap.parse_args(argv)
    store = Store.open(args.db)
    found = all_discrepancies(store)
    print(f"{len(found)} discrepancies, {sum(d.conflict for d in found)} conflicts")
    for label, n in Counter(d.label for d in found).most_common():
        print(f"  {label}: {n}")
    for n, d in enumerate(found, 1):
        print(f"\n#{n} [{d.label}]{' conflict' if d.conflict else ''}\n  {d.message}")
        if d.cluster is None:
            continue  # a sum inside one article: the message says it all
        cluster = load_cluster(store, d.cluster)
        for article in filter(None, (d.article, d.other_article)):
            shown = [a for a in cluster.appearances if a.article == article]
            where = [shown[0].url, shown[0].publisher, shown[0].published] if shown else [article]
            # the outlet and date say which way a citation can go; the source finds the text
            print("  - " + ", ".join(w for w in where if w))
            for a in shown:
                print(f"      {a.speaker or '(no speaker)'}: {a.text}")
    store.close()


if __name__ == "__main__":
    main()
