#!/usr/bin/env python
"""The PolNeAR train and dev texts as JSON lines, with each article's publisher, date and title.

    .venv/bin/python benchmarks/polnear_jsonl.py /tmp/polnear.jsonl
    nice -n 10 .venv/bin/reportedly ingest /tmp/polnear.jsonl --db /tmp/polnear-pub.db --jobs 1

PolNeAR's plain-text files carry neither publisher nor date; ``metadata.tsv`` has both per
file name. Without them no article can be "X's own article" for a citation of X, and citation
direction falls back to ingest order. Publishers are written as the outlets' own names, the
way other articles credit them ("The Washington Post", "Politico"), so that linking resolves
"the Washington Post reported" to the Post's article in the corpus. Wire copies ("wire" is
AP, Reuters, ...) keep the site that ran them as publisher: that is who published the text.

The data are read from ../shared at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "polnear"
SPLITS = ("train", "dev")

#: metadata.tsv slugs -> the name each outlet goes by in its own pages and in other outlets'
#: credits (2015-16, when the articles ran)
PUBLISHERS = {
    "breitbart": "Breitbart News",
    "huff-post": "The Huffington Post",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journalism",
}


def _meta(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value in ("", "None", "NA") else value


def records(data: Path = DATA) -> list[dict[str, str]]:
    """One JSON-lines record per text of the splits, in file-name order within each split."""
    with (data / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        meta = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    out = []
    for split in SPLITS:
        for path in sorted((data / split / "text").glob("*.txt")):
            row = meta.get(path.stem)
            if row is None:
                raise SystemExit(f"{path.name}: not in metadata.tsv")
            slug = row["publisher"]
            if slug not in PUBLISHERS:
                raise SystemExit(f"{path.name}: no display name for publisher {slug!r}")
            rec = {"text": path.read_text(encoding="utf-8"), "publisher": PUBLISHERS[slug]}
            for key, column in (("published", "publication_date"), ("title", "title")):
                if value := _meta(row.get(column)):
                    rec[key] = value
            out.append(rec)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="the JSON-lines file to write (e.g. /tmp/polnear.jsonl)")
    ap.add_argument("--data", type=Path, default=DATA, help="the PolNeAR folder (metadata.tsv, train/, dev/)")
    args = ap.parse_args(argv)
    recs = records(args.data)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(recs)} articles written to {args.out}")


if __name__ == "__main__":
    main()
