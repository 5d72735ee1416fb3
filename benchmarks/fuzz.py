#!/usr/bin/env python
"""A mutation fuzzer for the whole per-article path: bytes in, report out, within the budget.

    .venv/bin/python benchmarks/fuzz.py --mutants 100000 --jobs 2      # make fuzz
    .venv/bin/python benchmarks/fuzz.py --mutants 2000 --seed 7        # a short run
    .venv/bin/python benchmarks/fuzz.py --start 40000 --mutants 10000  # mutants 40,000-49,999 of seed 13

Seeds are real articles: tests/fixtures (text and HTML pages) and examples/. Each mutant
takes a window of one seed and applies a few mutations: deleting, duplicating or
repeating slices (the growth that exposes quadratic code), splicing another seed in,
inserting hostile pieces (template slots, quote marks, controls, lone surrogates, markup,
bylines, credits), flipping bytes. Every mutant goes through ``article_from_bytes`` (or
``article_from_text`` for str with surrogates) and ``analyze`` with the per-article
budget; a refusal (``ReportedlyError``) is a handled outcome, anything else is a failure.
Failures are written to ``--out`` (default fuzz-failures/) as files that reproduce them.
Prints inputs tried, refused, failures, over-budget count and the slowest input.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import HOSTILE_PIECES, LONG_PIECES  # noqa: E402

SEED_GLOBS = (
    "tests/fixtures/articles/*.txt",
    "tests/fixtures/story/*.txt",
    "tests/fixtures/html/*.html",
    "examples/*.txt",
)
HOSTILE = HOSTILE_PIECES + LONG_PIECES


@dataclass(frozen=True, slots=True)
class Result:
    index: int
    kind: str  # ok / refused / failed / over
    seconds: float
    detail: str = ""
    sample: bytes = b""


def load_seeds() -> list[bytes]:
    seeds = [p.read_bytes() for g in SEED_GLOBS for p in sorted(ROOT.glob(g))]
    if not seeds:
        sys.exit("error: no seed files found (tests/fixtures, examples)")
    return seeds


def mutate(rng: random.Random, seeds: Sequence[bytes], window: int = 800) -> bytes:
    data = bytearray(rng.choice(seeds))
    if len(data) > window:
        # a window of the article (its opening, often with the title and markup, or a middle part)
        start = 0 if rng.random() < 0.4 else rng.randrange(0, len(data) - window // 2)
        data = data[start : start + rng.randint(window // 3, window)]
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        n = len(data)
        a = rng.randrange(0, n + 1)
        b = min(n, a + rng.randint(1, 200))
        if op < 0.3:
            piece = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
            data[a:a] = piece * rng.choice((1, 1, 1, 3, 20))
        elif op < 0.45:
            del data[a:b]
        elif op < 0.6:
            data[a:a] = data[a:b] * rng.choice((2, 5, 50))
        elif op < 0.7:
            other = rng.choice(seeds)
            c = rng.randrange(0, max(1, len(other) - 100))
            data[a:a] = other[c : c + rng.randint(50, 800)]
        elif op < 0.85 and n:
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(0, len(data)) if data else 0
                if data:
                    data[i] = rng.randrange(256)
        else:
            data = bytearray(bytes(data).upper() if rng.random() < 0.5 else bytes(data).lower())
    return bytes(data)


def run_one(index: int, data: bytes, settings: object) -> Result:
    from reportedly.errors import ReportedlyError
    from reportedly.inputs import article_from_bytes, article_from_text
    from reportedly.pipeline import analyze

    t0 = time.perf_counter()
    try:
        text = _as_surrogate_text(data)
        if text is not None:
            # encoded lone surrogates: a str holding them, as the Python API may be given
            article = article_from_text(text, settings=settings)  # type: ignore[arg-type]
        else:
            article = article_from_bytes(data, name=f"mutant-{index}", settings=settings)  # type: ignore[arg-type]
        report = analyze(article, settings)  # type: ignore[arg-type]
        report.to_json().encode("utf-8")
        kind, detail = "ok", ""
    except ReportedlyError as exc:
        kind, detail = ("over" if "budget" in str(exc) else "refused"), str(exc)[:200]
    except Exception as exc:  # the point: anything else is a bug
        kind, detail = "failed", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
    return Result(index, kind, time.perf_counter() - t0, detail, data if kind in ("failed", "over") else b"")


def _as_surrogate_text(data: bytes) -> str | None:
    """``data`` as a str when it is UTF-8 with encoded lone surrogates in it, else None."""
    if b"\xed\xa0" not in data and b"\xed\xbf" not in data:
        return None
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


_SETTINGS: object = None


def _init(article_seconds: float, memory_mb: int) -> None:
    global _SETTINGS
    from reportedly import nlp
    from reportedly.settings import DEFAULT

    if memory_mb > 0:
        # a mutant that explodes memory inside one stage (before the budget's next check)
        # becomes a MemoryError, a failure on record, rather than the machine's OOM killer
        # taking the worker and the pool with it
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, resource.RLIM_INFINITY))
    _SETTINGS = replace(DEFAULT, article_seconds=article_seconds)
    nlp.load(DEFAULT.model)


def _work(job: tuple[int, bytes]) -> Result:
    return run_one(job[0], job[1], _SETTINGS)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutants", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--start",
        type=int,
        default=0,
        help="first mutant to run: a campaign split over several runs covers the same mutants",
    )
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument(
        "--budget", type=float, default=60.0, help="per-article seconds (Settings.article_seconds)"
    )
    ap.add_argument("--memory-mb", type=int, default=4096, help="address-space limit per worker (0: none)")
    ap.add_argument("--out", type=Path, default=ROOT / "fuzz-failures")
    # small windows try more mutants per CPU second (the parse is most of a mutant's cost);
    # long inputs still come from the mutations that repeat and splice slices
    ap.add_argument("--window", type=int, default=800, help="largest slice of a seed a mutant starts from")
    args = ap.parse_args(argv)

    seeds = load_seeds()
    rng = random.Random(args.seed)
    for _ in range(args.start):  # the same sequence of mutants whatever the split
        mutate(rng, seeds, args.window)
    jobs = ((i, mutate(rng, seeds, args.window)) for i in range(args.start, args.start + args.mutants))
    counts = {"ok": 0, "refused": 0, "failed": 0, "over": 0}
    slowest = Result(-1, "ok", 0.0)
    started = time.perf_counter()
    print(
        f"fuzz: {args.mutants:,} mutants (#{args.start:,} to #{args.start + args.mutants - 1:,}) "
        f"of {len(seeds)} seed articles, seed {args.seed}, {args.jobs} job(s)"
    )
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(args.jobs, initializer=_init, initargs=(args.budget, args.memory_mb)) as pool:
        for n, res in enumerate(pool.imap_unordered(_work, jobs, chunksize=16), start=1):
            counts[res.kind] += 1
            if res.seconds > slowest.seconds:
                slowest = res
            if res.kind in ("failed", "over"):
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{res.kind}-{res.index}.bin").write_bytes(res.sample)
                print(
                    f"  {res.kind} #{res.index}: {res.detail.splitlines()[0] if res.detail else ''}",
                    flush=True,
                )
            if n % 1000 == 0:
                rate = n / (time.perf_counter() - started)
                print(f"  {n:,} tried ({rate:.1f}/s): {counts}", flush=True)
    spent = time.perf_counter() - started
    print(f"inputs tried {args.mutants:,} in {spent:,.0f} s ({args.mutants / spent:.1f}/s)")
    print(
        f"read {counts['ok']:,} · refused with a reason {counts['refused']:,} · "
        f"unhandled exceptions {counts['failed']:,} · over the {args.budget:g} s budget {counts['over']:,}"
    )
    print(f"slowest input: #{slowest.index}, {slowest.seconds:.2f} s ({slowest.kind})")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if counts["failed"] or counts["over"]:
        print(f"failing inputs written to {args.out}/")
        sys.exit(1)


if __name__ == "__main__":
    main()
