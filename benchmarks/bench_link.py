#!/usr/bin/env python
"""Linking time (``reportedly.link.link_new``) for corpora of 1,000 and 10,000 articles.

    .venv/bin/python benchmarks/bench_link.py                      # sizes 1000 and 10000, both corpora
    .venv/bin/python benchmarks/bench_link.py --corpus duplicates --sizes 1000 4000
    .venv/bin/python benchmarks/bench_link.py --sizes 500 2000 --json results.jsonl
    .venv/bin/python benchmarks/bench_link.py --corpus polnear --sizes 10000 50000 --engine both
    .venv/bin/python benchmarks/bench_link.py --corpus duplicates --sizes 1000 10000 --relink 200

``--engine ray`` links with ``link --engine ray`` (band keys and candidate groups on a
local Ray started once, CPU time counting every Ray process); ``both`` runs one
process then Ray on the same corpora and says whether they linked the same.

Two corpora (``--corpus polnear``, ``duplicates`` or ``both``, the default):

*polnear*: PolNeAR texts (read from ../shared at run time, never copied) as originals,
each with generated copies and rewrites (``tests/linkcorpus.py``, shared with the Ray
linking test). A *family* is one original and its ``FAMILY - 1`` derivatives, so both
sizes have the same structure and only the number of stories grows. The reports are
built with regular expressions, *not* with spaCy, so that 10,000 articles can be
prepared on two shared cores.

*duplicates*: the corpus of ``bench_web.py``: the six bundled example articles,
analysed once with spaCy, copied in groups with a group-seeded word substitution,
another outlet and date. Every group retells the same story, so clusters grow with
the corpus (one holds nearly every article) and LSH buckets fill with near-identical
items: the worst case for per-cluster and per-bucket work. Their dates go round every 100
groups (600 articles), so later articles keep arriving dated before most of their cluster
(a backfill); ``--dates ordered`` dates them in the order they arrive, as a live feed does.

The figure that matters is the growth (in CPU time, as the machine is shared): with
sub-quadratic candidate generation the time for 10x the articles should be at most about
10 x log(10n)/log(n) (13.3x for 1,000 -> 10,000). Each size then gets ``--incremental``
more articles (100 by default) linked on their own (the case ``ingest`` triggers).
One process also prints the CPU time per article in each tenth of every run: the marginal
cost, flat for a linear run (``marginal``).
``--relink K`` places K of each size's articles again after its full link (``reanalyze``
relinking articles whose reading changed) and prints the CPU ms per article: flat across
sizes when taking an article out of its clusters does not read the whole band table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import platform
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from reportedly.link import link_new
from reportedly.model import LinkSummary, Report
from reportedly.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the corpus generator, shared with the Ray linking test

from linkcorpus import FAMILY, build, load_originals  # noqa: E402


def duplicates(n: int, ordered: bool = False) -> list[Report]:
    """``n`` articles of the ``bench_web.py`` corpus (its builder, without its database writes);
    ``ordered``: dated in the order they arrive (else the dates go round every 600 articles)."""
    import bench_web  # next to this file: run as a script, benchmarks/ is on sys.path

    bases = bench_web.base_reports()
    vocab: dict[int, set[str]] = {}
    for r in bases:
        for w in bench_web.WORD.findall(r.article.text):
            vocab.setdefault(len(w), set()).add(w.lower())
    vocab_sorted = {k: sorted(v) for k, v in vocab.items()}
    out: list[Report] = []
    group = 0
    while len(out) < n:
        mapping = bench_web._mapping(vocab_sorted, random.Random(group))
        out += [bench_web.variant(r, group, mapping, 40, wrap=not ordered) for r in bases]
        group += 1
    return out[:n]


def _store(store: Store, reports: list[Report]) -> None:
    """Write reports in batches (``Store.add`` is one transaction per article: minutes at 10,000)."""
    import bench_web

    from reportedly.store import report_rows

    for i in range(0, len(reports), 500):
        bench_web._write(store, [report_rows(r, source="bench") for r in reports[i : i + 500]])


class Linker:
    """``link_new`` in this process, or ``link --engine ray`` on a local Ray started once for
    the whole run; ``cpu()`` counts this process and, on Ray, every Ray process it started
    (sampled every 0.2 s, so a worker Ray retires keeps the CPU time it used)."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.extra: dict[str, float] = {}
        self.marks: list[tuple[int, float]] = []
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        if engine == "ray":
            import ray

            ray.init(address="local", include_dashboard=False, log_to_driver=False, configure_logging=False)
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    t = child.cpu_times()
                except psutil.Error:
                    continue
                self._seen[child.pid] = t.user + t.system

    def cpu(self) -> float:
        if self.engine == "ray":
            time.sleep(0.5)  # a fresh sample of every Ray process
        return time.process_time() + sum(self._seen.values())

    def __call__(self, store: Store) -> LinkSummary:
        if self.engine == "local":
            # (articles linked, CPU s) after each transaction: the cost of the last articles of a
            # run, apart from the average (``marginal``)
            self.marks = [(0, self.cpu())]

            def progress(n: int) -> None:
                self.marks.append((self.marks[-1][0] + n, self.cpu()))

            summary = link_new(store, progress=progress)
            # the run ends by deriving the stories left waiting: counted in its last tenth
            self.marks.append((self.marks[-1][0], self.cpu()))
            return summary
        from reportedly.scale.link import link_ray

        ray = link_ray(store)
        self.extra = {"prepare_seconds": ray.prepare_seconds, "group_seconds": ray.group_seconds}
        return ray.link

    def close(self) -> None:
        self._stop.set()
        if self.engine == "ray":
            import ray

            ray.shutdown()


def marginal(marks: list[tuple[int, float]], parts: int = 10) -> list[float]:
    """CPU ms per article in each tenth of a run, from ``Linker.marks``. Flat tenths mean a
    linear run whatever its average: the growth between two sizes compares averages, and an
    average keeps rising for as long as the cheap first articles weigh in it."""
    n = marks[-1][0]

    def cpu_at(done: float) -> float:
        # a transaction holds many articles: its time is spread evenly over them
        for (d0, c0), (d1, c1) in itertools.pairwise(marks):
            if d0 <= done <= d1 and d1 > d0:
                return c0 + (c1 - c0) * (done - d0) / (d1 - d0)
        return marks[-1][1]

    # the last tenth ends with the run, its final derivations included
    cuts = [cpu_at(n * p / parts) for p in range(parts)] + [marks[-1][1]]
    return [round(1000 * (b - a) / max(1.0, n / parts), 1) for a, b in itertools.pairwise(cuts)]


def run(n: int, reports: list[Report], extra: int, linker: Linker, relink: int = 0) -> dict[str, object]:
    """Link the first ``n`` reports, then place ``relink`` of them again (as ``reanalyze`` does
    when their reading changed), then link ``extra`` more incrementally; times in wall and CPU
    seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        _store(store, reports[:n])
        t0, c0 = time.perf_counter(), linker.cpu()
        summary = linker(store)
        seconds, cpu = time.perf_counter() - t0, linker.cpu() - c0
        row: dict[str, object] = {
            "engine": linker.engine,
            "articles": n,
            "items": summary.items,
            "clusters": summary.clusters_changed,
            "copies": summary.copies,
            "link_seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "articles_per_second": round(n / seconds, 1),
            **{k: round(v, 2) for k, v in linker.extra.items()},
        }
        if linker.marks:
            row["marginal_ms"] = marginal(linker.marks)
        if relink:
            # spread over the corpus: old articles in big clusters and recent ones
            ids = [r.article.id for r in reports[: n : max(1, n // relink)]][:relink]
            c0 = time.process_time()
            again = link_new(store, relink=ids)
            row["relinked"] = again.articles
            row["relink_ms_per_article"] = round(
                1000 * (time.process_time() - c0) / max(1, again.articles), 1
            )
        if extra:
            _store(store, reports[n : n + extra])
            t0, c0 = time.perf_counter(), linker.cpu()
            more = linker(store)
            row["incremental_articles"] = more.articles
            row["incremental_seconds"] = round(time.perf_counter() - t0, 2)
            row["incremental_cpu_seconds"] = round(linker.cpu() - c0, 2)
        store.close()
    return row


def report(corpus: str, rows: list[dict[str, object]]) -> dict[str, object]:
    """Print one corpus's table and growth; returns the growth figures."""
    print(f"corpus: {corpus}, engine: {rows[0]['engine']}")
    print(
        f"{'articles':>9} {'items':>8} {'wall s':>8} {'cpu s':>8} {'art/s':>8}"
        f" {'+new':>6} {'+wall s':>8} {'+cpu s':>8}  (ray: band keys s, groups s)"
    )
    for r in rows:
        on_ray = f"  {r['prepare_seconds']}, {r['group_seconds']}" if "prepare_seconds" in r else ""
        print(
            f"{r['articles']:>9} {r['items']:>8} {r['link_seconds']:>8} {r['cpu_seconds']:>8}"
            f" {r['articles_per_second']:>8} {r.get('incremental_articles', ''):>6}"
            f" {r.get('incremental_seconds', ''):>8} {r.get('incremental_cpu_seconds', ''):>8}{on_ray}"
        )
    for r in rows:
        if "relinked" in r:
            print(
                f"{r['articles']:>9}: {r['relinked']} placed again, {r['relink_ms_per_article']} CPU ms each"
            )
    for r in rows:
        if "marginal_ms" in r:
            print(f"{r['articles']:>9}: CPU ms per article, by tenth of the run: {r['marginal_ms']}")
    growth: dict[str, object] = {}
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        na, nb = float(a["articles"]), float(b["articles"])  # type: ignore[arg-type]
        # CPU time: the machine is shared, so wall time also measures the neighbours
        ratio = float(b["cpu_seconds"]) / float(a["cpu_seconds"])  # type: ignore[arg-type]
        nlogn = (nb * math.log(nb)) / (na * math.log(na))
        print(
            f"full link: cpu time x{ratio:.1f} for articles x{nb / na:.0f}; "
            f"n log n allows x{nlogn:.1f}, n^2 x{(nb / na) ** 2:.0f}"
        )
        growth = {"growth": round(ratio, 2), "nlogn_bound": round(nlogn, 2)}
        if "incremental_cpu_seconds" in a and "incremental_cpu_seconds" in b:
            inc = float(b["incremental_cpu_seconds"]) / max(0.01, float(a["incremental_cpu_seconds"]))  # type: ignore[arg-type]
            print(f"incremental link of {b['incremental_articles']} more: cpu time x{inc:.1f}")
            growth["incremental_growth"] = round(inc, 2)
    print()
    return growth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--corpus", choices=["polnear", "duplicates", "both"], default="both")
    ap.add_argument("--incremental", type=int, default=100, help="articles added and linked after each size")
    ap.add_argument(
        "--engine",
        choices=["local", "ray", "both"],
        default="local",
        help="link in this process, with band keys and candidate groups on a local Ray, or both in turn",
    )
    ap.add_argument(
        "--dates",
        choices=["wrap", "ordered"],
        default="wrap",
        help="duplicates: dates going round every 600 articles (arrivals out of date order), or in order",
    )
    ap.add_argument(
        "--relink",
        type=int,
        default=0,
        help="after each full link, place this many of its articles again (reanalyze's relink)",
    )
    ap.add_argument("--json", type=Path, help="append one JSON line with the results")
    args = ap.parse_args(argv)
    engines = ["local", "ray"] if args.engine == "both" else [args.engine]
    sizes = sorted(args.sizes)
    corpora = ["polnear", "duplicates"] if args.corpus == "both" else [args.corpus]
    results: dict[str, object] = {}
    for corpus in corpora:
        total = sizes[-1] + args.incremental
        if corpus == "polnear":
            reports = build(total, load_originals(total // FAMILY + 1))
        else:
            reports = duplicates(total, ordered=args.dates == "ordered")
        by_engine: dict[str, list[dict[str, object]]] = {}
        for engine in engines:
            linker = Linker(engine)
            try:
                # the articles added incrementally are the same for every size: the next ones in the corpus
                rows = [
                    run(n, reports[:n] + reports[sizes[-1] :], args.incremental, linker, args.relink)
                    for n in sizes
                ]
            finally:
                linker.close()
            by_engine[engine] = rows
            results[corpus if len(engines) == 1 else f"{corpus}/{engine}"] = {
                "rows": rows,
                **report(corpus, rows),
            }
        if len(by_engine) == 2:
            what = ("items", "clusters", "copies", "incremental_articles")
            same = all(
                [r.get(k) for k in what] == [q.get(k) for k in what]
                for r, q in zip(by_engine["local"], by_engine["ray"], strict=True)
            )
            print(f"{corpus}: ray and one process linked {'the same' if same else 'DIFFERENTLY'}\n")
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            record = {"bench": "link", "python": platform.python_version(), "corpora": results}
            fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
