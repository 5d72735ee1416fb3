"""Learning the cue lexicon from an annotated corpus (PolNeAR ``train`` only).

Annotators mark far more cues than any hand list holds ("called", "wants",
"praised"). For every verb we count, per frame (with a clause, with an object,
bare), how often it was annotated as a cue; frames that are cues most of the
time join the lexicon. The output is a small TSV shipped with the package and
read by ``cues.learned_cues``; the rules stay the same, only coverage grows.

    python -m reportedly.attribute.learn ../shared/datasets/polnear/train
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import Token

from reportedly.attribute.cues import LEXICON_PATH, frame_of


def learn(
    directory: str, min_count: int = 3, min_precision: float = 0.5, limit: int | None = None
) -> list[str]:
    from reportedly import nlp as nlp_mod
    from reportedly.evaluate.polnear import load_split

    docs = load_split(directory, limit=limit)
    nlp = nlp_mod.load()
    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for doc, d in zip(nlp.pipe(x.text for x in docs), docs, strict=True):
        cue_chars: list[tuple[int, int]] = [frag for a in d.gold for frag in a.cue]
        for tok in doc:
            if tok.pos_ not in ("VERB", "AUX", "NOUN") or (
                tok.is_stop and tok.lemma_.lower() in ("be", "have", "do")
            ):
                continue
            key = (tok.lemma_.lower(), frame_of(tok))
            seen[key] += 1
            if _in_cue(tok, cue_chars):
                hits[key] += 1
    rows = []
    for key, n in sorted(seen.items()):
        k = hits[key]
        if k >= min_count and k / n >= min_precision:
            rows.append(f"{key[0]}\t{key[1]}\t{k}\t{n}\t{k / n:.3f}")
    return rows


def _in_cue(tok: Token, cues: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in cues)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train_dir")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-precision", type=float, default=0.5)
    ap.add_argument("--out", default=str(LEXICON_PATH))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    rows = learn(args.train_dir, args.min_count, args.min_precision, args.limit)
    header = "# lemma\tframe\tcue_count\tseen\tprecision  (learned from PolNeAR train by reportedly.attribute.learn)"
    Path(args.out).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} verb frames written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
