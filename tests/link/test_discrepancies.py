"""Discrepancies users can trust, on invented stories (tests/fixtures/discrepancies/README.md):
every true one found and worded with outlet names and titles, none of the look-alikes flagged,
and outlet names resolved across articles ("Northline", "NORTHLINE", "the agency")."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import reportedly
import reportedly.commands.link  # registers the commands
from reportedly.cliapp import app
from reportedly.link import all_discrepancies, export_link, link_new, trace_text
from reportedly.link.clusters import OutletResolver, outlet_stem
from reportedly.model import Report
from reportedly.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "discrepancies"


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {p.stem: reportedly.read(str(p)) for p in sorted(FIXTURES.glob("*.txt"))}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, reports: dict[str, Report]) -> Iterator[Store]:
    store = Store.open(str(tmp_path_factory.mktemp("disc") / "disc.db"))
    for name, r in reports.items():
        store.add(r, source=f"{name}.txt")
    link_new(store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def name_of(reports: dict[str, Report]) -> dict[str, str]:
    return {r.article.id: name for name, r in reports.items()}


def _found(store: Store, name_of: dict[str, str]) -> set[tuple[str, bool, str, str]]:
    return {
        (d.kind, d.conflict, name_of[d.article], name_of.get(d.other_article or "", ""))
        for d in all_discrepancies(store)
    }


def test_every_true_discrepancy_and_no_false_one(linked: Store, name_of: dict[str, str]) -> None:
    assert _found(linked, name_of) == {
        # credits Northline ("Northline reported") with fourteen dead; Northline's article says twelve
        ("citation", True, "eastfield-post-dam", "northline-dam"),
        # credits the Harbour Herald with 48 percent; the Herald's poll article says 46
        ("citation", True, "metro-daily-poll", "harbour-herald-poll"),
        # credits "the Associated Press" with seventy boats; the wire's own article (publisher "AP"
        # from its dateline) says forty
        ("citation", True, "kestrel-courier-storm", "pellston-storm-wire"),
        # the same fire officials: nine hurt against a dozen
        ("number", True, "bayside-times-carver", "carver-street-wire"),
        # the same speaker in other words
        ("quote-changed", True, "dunmere-chronicle-carver", "carver-street-wire"),
        ("quote-changed", True, "moorland-record-bridges", "ridgeway-gazette-bridges"),
        # Northline (its dateline name in an article with no byline) updating its own toll
        ("revision", False, "northline-dam-update", "northline-dam"),
    }


def test_look_alikes_are_not_flagged(linked: Store, name_of: dict[str, str]) -> None:
    flagged = {(a, b) for _, _, a, b in _found(linked, name_of)}
    # another pollster's poll (43-38 against 46-42) is a different claim, not a changed figure
    assert ("valley-times-poll", "harbour-herald-poll") not in flagged
    # a longer quote with an added word by another speaker (a county engineer)
    moorland = [d for d in all_discrepancies(linked) if name_of[d.article] == "moorland-record-bridges"]
    assert [d.detail["speaker"] for d in moorland] == ["Hana Ostrow"]
    # the same figure reworded ("a dozen", "twelve"), rounding ("nearly 40" against 39),
    # "nearly 300" against "about 300", and a correct citation of Northline News Agency
    assert not {"dunmere-chronicle-carver", "harbour-herald-dam"} & {
        a for (kind, _, a, _) in _found(linked, name_of) if kind != "quote-changed"
    }


def test_messages_name_outlets_and_titles_never_ids(linked: Store, reports: dict[str, Report]) -> None:
    ids = {r.article.id for r in reports.values()}
    for d in all_discrepancies(linked):
        assert not any(i in d.message for i in ids), d.message
        assert not re.search(r"[{}\[\]]|'from'|->", d.message), d.message
    by_kind = {(d.kind, d.article): d.message for d in all_discrepancies(linked)}
    east = reports["eastfield-post-dam"].article.id
    assert by_kind[("citation", east)] == (
        "Eastfield Post (“Gravenholt dam collapse: families wait for news”) credits Northline News "
        "Agency with “Fourteen” people, but Northline News Agency's own article (“Twelve dead after "
        "Gravenholt dam gives way”) says “Twelve” people"
    )
    bayside = reports["bayside-times-carver"].article.id
    assert by_kind[("number", bayside)] == (
        "Bayside Times (“Dunmere explosion: gas company under scrutiny”) says “Nine” people where "
        "Coastal Wire (“Gas explosion on Carver Street injures a dozen”) says “A dozen” people, "
        "both citing fire officials"
    )
    moorland = reports["moorland-record-bridges"].article.id
    assert by_kind[("quote-changed", moorland)].endswith(
        "quotes Hana Ostrow in other words than Ridgeway Gazette (“County promises to rebuild "
        "storm-hit bridges”): has “begin” for “start”"
    )


def test_the_agency_and_the_short_name_are_northline_in_the_corpus(
    linked: Store, reports: dict[str, Report]
) -> None:
    northline = reports["northline-dam"].article.id
    quote = trace_text(linked, "The water came down the valley faster than anyone could run")
    assert quote is not None
    east = next(a for a in quote.appearances if a.publisher == "Eastfield Post")
    assert east.edge == "cited" and [s.article for s in east.sources] == [northline]
    claim = trace_text(linked, "300 residents were evacuated to a school in the neighbouring town")
    assert claim is not None
    east = next(a for a in claim.appearances if a.publisher == "Eastfield Post")
    assert [s.article for s in east.sources] == [northline]  # "..., the agency said"


def test_cli_trace_web_and_export_use_the_same_words(linked: Store, reports: dict[str, Report]) -> None:
    from fastapi.testclient import TestClient

    from reportedly.web.app import create_app

    db = linked.url.removeprefix("sqlite:///")
    result = CliRunner().invoke(
        app, ["trace", "Fourteen people died when the Alder Reservoir dam gave way", "--db", db]
    )
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "not in corpus" not in flat
    assert "cited Northline News Agency" in flat
    assert "miscitation: Eastfield Post (“Gravenholt dam collapse" in flat
    east = reports["eastfield-post-dam"].article.id
    message = next(d.message for d in all_discrepancies(linked) if d.article == east)
    buf = io.StringIO()
    export_link(linked, "clusters", buf)
    exported = [
        d
        for line in buf.getvalue().splitlines()
        for d in json.loads(line)["discrepancies"]
        if d["article"] == east
    ]
    assert [(d["label"], d["message"]) for d in exported] == [("miscitation", message)]
    cluster = exported and next(
        json.loads(line)["cluster"]
        for line in buf.getvalue().splitlines()
        if any(d["article"] == east for d in json.loads(line)["discrepancies"])
    )
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        html: Any = client.get(f"/stories/{cluster}").text
    section = html[html.index('class="discrepancies"') :]
    section = section[: section.index("</section>")]
    assert "miscitation" in section
    assert message.replace("'", "&#39;") in section
    assert east not in section.replace(f"/articles/{east}", "")  # ids only inside links
    assert "changed:" not in section and "detail-key" not in section


def test_outlet_names_resolve_across_articles() -> None:
    outlets = OutletResolver(["northline", "northline news agency", "portvale courier", "eastfield post"])
    assert outlet_stem("northline news agency") == "northline"
    assert outlets.canonical("northline") == "northline news agency"
    assert outlets("NORTHLINE") == outlets("Northline") == "northline news agency"
    assert outlets("the Courier") == "portvale courier"
    # a generic noun is never resolved out of context: "the agency" in one article is not
    # every article's agency
    assert outlets("the agency") is None and outlets("the newspaper") is None
    assert outlets("Southline") is None


def test_a_wire_credited_by_its_full_name_is_its_dateline_article(
    linked: Store, reports: dict[str, Report]
) -> None:
    # the reader writes "the Associated Press" and "the AP" under the outlet table's name; the
    # wire's own article has "AP" from its dateline: one outlet, so both credits reach it
    wire = reports["pellston-storm-wire"].article.id
    claim = trace_text(linked, "fishing boats were damaged when a storm tore through the harbour at Pellston")
    assert claim is not None
    cited = {a.publisher: [s.article for s in a.sources] for a in claim.appearances if a.edge == "cited"}
    assert cited == {"Kestrel Bay Courier": [wire], "Saltmarsh Times": [wire]}
    # the Saltmarsh Times credits the right figure and quotes the harbour master as the wire did
    assert not [
        d for d in all_discrepancies(linked) if d.article == reports["saltmarsh-times-storm"].article.id
    ]


def test_outlet_table_names_are_one_outlet() -> None:
    outlets = OutletResolver(["ap", "huffington post", "washington post", "new york times"])
    assert outlets("Associated Press") == outlets("the AP") == "ap"
    assert outlets("HuffPost") == outlets("The Huffington Post") == "huffington post"
    assert outlets("NYT") == "new york times"
    assert outlets.aliases("huffpost") == {"huffpost", "huffington post"}
    # a bare "Post" could be either paper ending so; a name the table does not list stays apart
    assert outlets("the Post") is None
    assert outlets("Agence France-Presse") is None and outlets("Eastfield Post") is None


@pytest.mark.parametrize(
    ("ref", "other", "changed"),
    [
        # contractions are one wording
        ("We're going to build a wall", "We are going to build a wall", False),
        # another framing at the start, or a cut, is not a change of the quote
        (
            "Donald J. Trump is calling for a total and complete shutdown of entry",
            "he wants a total and complete shutdown of entry",
            False,
        ),
        # one word swapped, even at an end
        ("Although the people, maybe there is", "Though the people, maybe there is", True),
        ("It is a miracle that nobody was killed", "It is a miracle that no one was killed", True),
        # an editor's words in brackets are not the speaker's; beside a real change they are shown
        (
            "not me, not Bill, nobody, more qualified than Hillary Clinton",
            "not me, not Bill [Clinton], nobody, more qualified than Hillary Clinton",
            False,
        ),
        ("what is going on in this country", "what the [censored] is going on in this country", True),
        # another quote sharing a slogan: the changed stretch outweighs the shared words
        (
            "And let's make America great again",
            "We're in trouble, but we're going to turn it around. We're going to make America great again",
            False,
        ),
    ],
)
def test_what_counts_as_a_changed_quote(ref: str, other: str, changed: bool) -> None:
    from reportedly.link.discrepancies import quote_changes

    assert bool(quote_changes(ref, other)) is changed
