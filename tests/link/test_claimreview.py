"""Verdicts and ``export --format claimreview``: schema.org ClaimReview JSON-LD, checked against the
schema.org vocabulary (tests/schemaorg.py), on the bundled Portvale story."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.claimreview import export_claimreview
from reportedly.errors import ReportedlyError
from reportedly.link import find_cluster, link_new
from reportedly.store import Store
from reportedly.store import schema as st
from reportedly.store.verdicts import add_verdict, latest_verdicts
from schemaorg import validate

QUOTE = "worst night this town has seen"


def _rate(store: Store, words: str, rating: str, **kw: str) -> int:
    cid = find_cluster(store, words)
    assert cid is not None
    from reportedly.link import load_cluster

    text = load_cluster(store, cid).text
    add_verdict(
        store,
        cid,
        text,
        rating=rating,
        explanation=kw.get("explanation", "Checked against the council's statement."),
        reviewer=kw.get("reviewer", "Ines Calder"),
        url=kw.get("url"),
    )
    return cid


def _reviews(store: Store) -> list[dict]:
    buf = io.StringIO()
    n = export_claimreview(store, buf)
    docs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(docs)
    return docs


def test_claimreview_is_valid_schema_org_with_the_trace(story_store: Store) -> None:
    link_new(story_store)
    # one article of the story lives on the web; the others were read from files
    courier = story_store.get(find_courier(story_store))
    assert courier is not None
    with story_store.transaction() as conn:
        conn.execute(
            st.articles.update()
            .where(st.articles.c.id == courier.article.id)
            .values(url="https://portvale-courier.example/flood")
        )
    _rate(story_store, QUOTE, "true", url="https://factcheck.example/worst-night")
    _rate(story_store, "Seven people have died after the River Marrow", "mostly true")
    docs = _reviews(story_store)
    assert len(docs) == 2
    for doc in docs:
        assert validate(doc) == [], validate(doc)
    review = next(d for d in docs if QUOTE in d["claimReviewed"])
    assert review["@type"] == "ClaimReview" and review["url"] == "https://factcheck.example/worst-night"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "true",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["author"] == {"@type": "Person", "name": "Ines Calder"}
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Ruth Calloway"}
    assert [w["publisher"]["name"] for w in claim["appearance"]] == [
        "Portvale Courier",
        "Northline",
        "Daily Roundup",
        "NewsBuzz",
    ]
    assert claim["firstAppearance"]["publisher"]["name"] == "Portvale Courier"
    assert claim["firstAppearance"]["url"] == "https://portvale-courier.example/flood"
    # real URLs only: the articles read from files have none, never their path
    text = json.dumps(docs)
    assert "examples/" not in text and ".txt" not in text
    assert [w.get("url") for w in claim["appearance"]] == [
        "https://portvale-courier.example/flood",
        None,
        None,
        None,
    ]

    # speaker identity reaches the export; an organisation speaks as one
    story_store.rename_speaker("Ruth Calloway", "Chief Fire Officer Ruth Calloway")
    seven = next(d for d in _reviews(story_store) if "Seven people" in d["claimReviewed"])
    assert seven["itemReviewed"]["author"]["@type"] == "Organization"
    again = next(d for d in _reviews(story_store) if QUOTE in d["claimReviewed"])
    assert again["itemReviewed"]["author"]["name"] == "Chief Fire Officer Ruth Calloway"


def find_courier(store: Store) -> str:
    return next(
        r.article.id
        for r in store.iter_reports()
        if r.article.publisher == "Portvale Courier" and "flood" in r.article.text.lower()
    )


def test_the_validator_catches_what_schema_org_does_not_allow() -> None:
    good = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "reviewRating": {"@type": "Rating", "ratingValue": 1},
        "itemReviewed": {
            "@type": "Claim",
            "appearance": [{"@type": "CreativeWork", "url": "https://a.example/1"}],
        },
    }
    assert validate(good) == []
    bad_url = json.loads(json.dumps(good))
    bad_url["itemReviewed"]["appearance"][0]["url"] = "examples/portvale-courier-flood.txt"
    assert validate(bad_url) == [
        "$.itemReviewed.appearance[0].url: 'examples/portvale-courier-flood.txt' is not a URL"
    ]
    assert validate({**good, "verdict": "false"}) == ["$: ClaimReview has no property 'verdict'"]
    assert validate({**good, "reviewRating": {"@type": "Claim"}}) == [
        "$.reviewRating: a Claim where a Rating belongs"
    ]
    assert validate({**good, "datePublished": "March 2"}) == [
        "$.datePublished: 'March 2' is not a Date or DateTime"
    ]


def test_bad_verdicts_are_refused(story_store: Store) -> None:
    link_new(story_store)
    with pytest.raises(ReportedlyError, match="rating: 'pants on fire' is not one of"):
        _rate(story_store, QUOTE, "pants on fire")
    with pytest.raises(ReportedlyError, match="not an http"):
        _rate(story_store, QUOTE, "true", url="/home/me/review.html")
    with pytest.raises(ReportedlyError, match="reviewer"):
        _rate(story_store, QUOTE, "true", reviewer=" ")
    assert latest_verdicts(story_store) == []


def test_verdict_and_export_commands(story_store: Store, tmp_path: Path) -> None:
    import reportedly.commands.workbench  # noqa: F401  (registers the commands)
    from reportedly.cliapp import app

    link_new(story_store)
    db = story_store.url.removeprefix("sqlite:///")
    runner = CliRunner()
    done = runner.invoke(
        app,
        [
            *(
                "verdict",
                "add",
                QUOTE,
                "--rating",
                "half true",
                "--explanation",
                "Said, but of one street only.",
            ),
            *("--reviewer", "Ines Calder", "--db", db, "--json"),
        ],
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["rating_value"] == 3
    # a later verdict replaces the earlier one in the export
    done = runner.invoke(
        app,
        [
            *("verdict", "add", QUOTE, "--rating", "true", "--explanation", "The council confirmed it."),
            *("--reviewer", "Ines Calder", "--db", db),
        ],
    )
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["verdict", "list", "--db", db])
    assert "true · story" in listed.stdout
    out = tmp_path / "reviews.jsonl"
    done = runner.invoke(app, ["export", "--format", "claimreview", "--out", str(out), "--db", db])
    assert done.exit_code == 0, done.output
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [d["reviewRating"]["alternateName"] for d in docs] == ["true"]
    assert validate(docs[0]) == []
    bad = runner.invoke(app, ["verdict", "add", "--rating", "true", "--db", db])
    assert bad.exit_code == 1
