"""``link --engine ray`` links exactly as one process does: the demo story (read by the
engine) and the 924 PolNeAR train+dev texts with generated copies and rewrites give the
same clusters, citations, copies and discrepancies either way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import reportedly
import reportedly.commands.link
from linkcorpus import FAMILY, build, load_originals
from reportedly.cliapp import app
from reportedly.link import all_discrepancies, edges, iter_clusters, link_new
from reportedly.model import Report
from reportedly.scale.link import link_ray
from reportedly.store import Store

ROOT = Path(__file__).resolve().parents[2]
#: the bundled story and the linking fixtures, read by the real engine
STORY = sorted((ROOT / "examples").glob("*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "story").glob("*.txt")
)
POLNEAR_TEXTS = 924
#: one PolNeAR text in this many gets its copies and rewrites (the test checks linking, not volume)
EVERY = 24

pytestmark = pytest.mark.polnear


def snapshot(store: Store) -> dict[str, Any]:
    """Everything linking wrote, in the read model's terms."""
    return {
        "clusters": [c.to_dict() for c in iter_clusters(store, min_articles=1)],
        "edges": sorted(
            (e.kind, e.from_article, e.to_article or "", e.to_outlet or "", e.evidence) for e in edges(store)
        ),
        "discrepancies": sorted(
            (d.kind, d.article, d.other_article or "", d.cluster or 0, d.message)
            for d in all_discrepancies(store)
        ),
    }


@pytest.fixture(scope="module")
def corpus() -> list[Report]:
    """The story read by the engine, then the PolNeAR texts, each EVERY-th with its derivatives."""
    originals = load_originals(POLNEAR_TEXTS)
    assert len(originals) == POLNEAR_TEXTS
    families = -(-POLNEAR_TEXTS // EVERY)
    reports: list[Report] = [reportedly.read(str(p)) for p in STORY]
    return reports + build(POLNEAR_TEXTS + families * (FAMILY - 1), originals, every=EVERY)


@pytest.fixture(scope="module")
def unlinked(tmp_path_factory: pytest.TempPathFactory, corpus: list[Report]) -> Path:
    """A SQLite file with the whole corpus stored, not yet linked."""
    path = tmp_path_factory.mktemp("raylink") / "unlinked.db"
    with Store.open(str(path)) as store:
        store.add_many([(r, None) for r in corpus])
    return path


def test_ray_link_equals_one_process(unlinked: Path, local_ray: Any) -> None:
    one, two = unlinked.with_name("one.db"), unlinked.with_name("ray.db")
    shutil.copy(unlinked, one)
    shutil.copy(unlinked, two)
    with Store.open(str(one)) as store:
        single = link_new(store)
        expected = snapshot(store)
        stored = store.count()
    stages: list[str] = []
    with Store.open(str(two)) as store:
        ray = link_ray(store, on_stage=lambda stage, total: stages.append(stage))
        got = snapshot(store)
    assert stages == ["band keys (ray)", "candidate groups (ray)", "linking"]
    # every stored article, once (a text PolNeAR holds twice is one article)
    assert ray.articles == single.articles == stored > POLNEAR_TEXTS + len(STORY)
    assert (ray.link.items, ray.link.copies) == (single.items, single.copies)
    # a corpus with something to get wrong: stories told by several articles, both kinds of edge
    shared = [c for c in expected["clusters"] if len(c["appearances"]) > 1]
    assert len(shared) > 100
    assert {e[0] for e in expected["edges"]} == {"cited", "copied"}
    assert len(expected["discrepancies"]) > 10
    assert got["clusters"] == expected["clusters"]
    assert got["edges"] == expected["edges"]
    assert got["discrepancies"] == expected["discrepancies"]
    # the candidate groups from the group-by hold every cluster whole
    for c in shared:
        groups = {ray.group_of.get((a["article"], a["attribution"])) for a in c["appearances"]}
        assert len(groups) == 1 and None not in groups, c["text"]


def test_link_engine_ray_from_the_command_line_links_only_what_is_new(
    tmp_path: Path, corpus: list[Report], local_ray: Any
) -> None:
    path = str(tmp_path / "cli.db")

    def link() -> dict[str, Any]:
        result = CliRunner().invoke(app, ["link", "--engine", "ray", "--db", path, "--json", "--no-progress"])
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout))

    with Store.open(path) as store:
        store.add_many([(r, None) for r in corpus[:150]])
    first = link()
    assert first["articles"] == first["ray"]["articles_prepared"] == 150
    assert first["ray"]["candidate_pairs"] > 0 and first["ray"]["largest_group"] >= 2
    with Store.open(path) as store:
        store.add_many([(r, None) for r in corpus[150:180]])
    # only the new articles are prepared on Ray and linked
    more = link()
    assert more["articles"] == more["ray"]["articles_prepared"] == 30
    assert link()["ray"]["articles_prepared"] == 0
