"""Quote-first search (``reportedly search``, ``reportedly.search``) on the bundled Portvale story."""

from __future__ import annotations

import json

from linkstory import COURIER, NEWSBUZZ, NORTHLINE, ROUNDUP
from typer.testing import CliRunner

import reportedly.commands.workbench  # noqa: F401  (registers the commands)
from reportedly.cliapp import app
from reportedly.link import link_new
from reportedly.search import search_quotes
from reportedly.store import Store


def test_search_finds_every_appearance_with_its_facts(story_store: Store, names: dict[str, str]) -> None:
    link_new(story_store)
    result = search_quotes(story_store, "worst night this town has seen")
    best = result.stories[0]
    assert best.match.score >= 90
    assert [s.match.score for s in result.stories] == sorted(
        (s.match.score for s in result.stories), reverse=True
    )
    assert [names[h.article] for h in best.appearances] == [COURIER, NORTHLINE, ROUNDUP, NEWSBUZZ]
    assert {len(w.articles) for w in best.wordings} == {2}  # "this town" twice, "this city" twice
    roundup = best.appearances[2]
    assert (roundup.speaker, roundup.cue, roundup.kind, roundup.type) == (
        "Ruth Calloway",
        "told",
        "direct",
        "speech",
    )
    assert (
        roundup.via[0] == "Portvale Courier" and roundup.edge == "cited" and roundup.published == "2026-03-04"
    )
    assert roundup.url is None  # read from a file: no web address, never its path
    # speaker identity applies to what search shows
    story_store.rename_speaker("Ruth Calloway", "Fire Chief Ruth Calloway")
    again = search_quotes(story_store, "worst night this town has seen").stories[0]
    assert {h.speaker for h in again.appearances} == {"Fire Chief Ruth Calloway"}


def test_search_command(story_store: Store) -> None:
    link_new(story_store)
    db = story_store.url.removeprefix("sqlite:///")
    runner = CliRunner()
    done = runner.invoke(app, ["search", "worst night this town has seen", "--db", db])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0].startswith("story ") and "score 100" in lines[0]
    assert any(
        "Daily Roundup · Ruth Calloway told (speech direct) via Portvale Courier · cited" in line
        for line in lines
    )
    data = json.loads(runner.invoke(app, ["search", "worst night", "--db", db, "--json"]).stdout)
    assert data["stories"][0]["appearances"][0]["edge"] == "first-hand"
    nothing = runner.invoke(app, ["search", "zebra crossings on the moon", "--db", db])
    assert nothing.exit_code == 1 and "nothing in the corpus matches" in nothing.stdout
