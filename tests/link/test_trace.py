"""Honest trace: ranked matches with scores, nothing below the threshold, a list when several match."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import reportedly.commands.link  # noqa: F401  (registers the commands)
from reportedly.cliapp import app
from reportedly.errors import ReportedlyError
from reportedly.link import clear_winner, link_new, match_clusters, trace_text
from reportedly.link.trace import TRACE_LEAD, TRACE_MIN_SCORE
from reportedly.store import Store


@pytest.fixture
def linked(story_store: Store) -> Store:
    link_new(story_store)
    return story_store


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["trace", *args, "--db", store.url.removeprefix("sqlite:///")])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "asked", ["nonexistent words xyz", "zebra quantum marmalade", "Harbour Festival ferries"]
)
def test_unrelated_words_match_nothing_and_trace_exits_1(linked: Store, asked: str) -> None:
    assert match_clusters(linked, asked) == []
    with pytest.raises(ReportedlyError, match="no quote or claim"):
        trace_text(linked, asked)
    code, out, err = run(linked, asked)
    assert code == 1 and out == ""
    assert "nothing in the linked corpus matches" in " ".join(err.split())
    assert f"scores {TRACE_MIN_SCORE:.0f} or more" in " ".join(err.split())


def test_a_misspelt_quote_still_finds_its_one_cluster(linked: Store) -> None:
    matches = match_clusters(linked, "worst nite this town has seen")
    assert len(matches) == 1 and TRACE_MIN_SCORE <= matches[0].score < 100
    assert "worst night this town has seen" in matches[0].text
    assert matches[0].speaker == "Ruth Calloway" and matches[0].articles == 4
    assert clear_winner(matches) == matches[0]
    code, out, _ = run(linked, "worst nite this town has seen", "--json")
    assert code == 0 and json.loads(out)["cluster"] == matches[0].cluster


def test_several_good_matches_are_listed_not_picked(linked: Store) -> None:
    matches = match_clusters(linked, "rest centres")
    assert len(matches) >= 2
    assert matches[0].score - matches[1].score < TRACE_LEAD
    assert clear_winner(matches) is None
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    with pytest.raises(ReportedlyError, match="pick one with --cluster"):
        trace_text(linked, "rest centres")
    code, out, _ = run(linked, "rest centres", "--json")
    assert code == 0
    listed = json.loads(out)["matches"]
    assert [m["cluster"] for m in listed] == [m.cluster for m in matches]
    assert all({"cluster", "score", "text", "speaker", "articles"} <= set(m) for m in listed)
    code, out, _ = run(linked, "rest centres")
    assert code == 0 and "trace one with --cluster" in " ".join(out.split())
    # --cluster picks one of them
    code, out, _ = run(linked, "--cluster", str(matches[1].cluster), "--json")
    assert code == 0 and json.loads(out)["cluster"] == matches[1].cluster


def test_a_clear_leader_is_traced_and_the_others_are_mentioned(linked: Store) -> None:
    matches = match_clusters(linked, "people have died after the River Marrow burst its banks")
    winner = clear_winner(matches)
    assert winner is not None and winner.articles == 4
    code, out, err = run(linked, "people have died after the River Marrow burst its banks")
    assert code == 0 and "Portvale Courier" in out
    if len(matches) > 1:
        assert "also matched" in err
