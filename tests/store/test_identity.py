"""Speaker identity: the automatic surname merge settled by context, and people's edits (merge,
split, rename, hide, alias, alias file) applied to every list and export, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportfactory import Q, make_report

from reportedly.errors import ReportedlyError
from reportedly.model import Report
from reportedly.store import Store
from reportedly.store.names import KeyedName, Sighting, canonical_keys


def corpus() -> list[Report]:
    """Two Vells (Aldo and Mira); the bare "Vell" is quoted by the Tarn Courier in March, where only
    Aldo Vell is quoted; the Island Wire names Mira Vell in April."""
    return [
        make_report(
            'Ferry fares rise\n"Fares will rise in May," said Aldo Vell.',
            [Q("Fares will rise in May", "Aldo Vell")],
            publisher="Tarn Courier",
            published="2026-03-02",
        ),
        make_report(
            'Ferry fares row\n"The rise is fair," Vell said on Friday.',
            [Q("The rise is fair", "Vell")],
            publisher="Tarn Courier",
            published="2026-03-20",
        ),
        make_report(
            'Harbour board vote\n"We voted no," said Mira Vell. "It is a mistake," said the statement.',
            [
                Q("We voted no", "Mira Vell"),
                Q("It is a mistake", "the statement", speaker_kind="organization"),
            ],
            publisher="Island Wire",
            published="2026-04-01",
        ),
        make_report(
            'Pier reopens\n"The pier is safe," said Tarn Council.',
            [Q("The pier is safe", "Tarn Council", speaker_kind="organization")],
            publisher="Island Wire",
            published="2026-04-02",
        ),
    ]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as st:
        for r in corpus():
            st.add(r)
        yield st


def names(store: Store, **kw: object) -> dict[str, int]:
    return {s.name: s.quotes for s in store.speakers(**kw)}  # type: ignore[arg-type]


def test_a_surname_joins_the_full_name_its_outlet_quoted_that_month(store: Store) -> None:
    # two full names end in Vell, but the Courier's March "Vell" can only be Aldo
    assert names(store)["Aldo Vell"] == 2
    assert "Vell" not in names(store)
    assert {q.content for q in store.quotes(speaker="Aldo Vell")} == {
        "Fares will rise in May",
        "The rise is fair",
    }


def test_context_merge_rules() -> None:
    keyed = [KeyedName(k, "person", k.title(), 1) for k in ("aldo vell", "mira vell", "vell")]
    both = [Sighting("vell", "a1", "courier|2026-03"), Sighting("aldo vell", "a2", "courier|2026-03")]
    assert canonical_keys(keyed, sightings=both)["vell"] == "aldo vell"
    # sightings pointing at both full names: ambiguous, left alone
    mixed = [*both, Sighting("vell", "a3", "wire|2026-04"), Sighting("mira vell", "a4", "wire|2026-04")]
    assert canonical_keys(keyed, sightings=mixed)["vell"] == "vell"
    # the article names Mira (not quoting her): that sighting is Mira
    named = [Sighting("vell", "a5", None), Sighting("mira vell", "a5", None, speaks=False)]
    assert canonical_keys(keyed, sightings=named)["vell"] == "mira vell"
    # both quoted in one article: the article itself kept two people apart
    apart = [*both, Sighting("aldo vell", "a1", None)]
    assert canonical_keys(keyed, sightings=apart)["vell"] == "vell"


def test_merge_rename_hide_apply_everywhere(store: Store) -> None:
    store.merge_speakers("the statement", "Tarn Council")
    store.rename_speaker("Tarn Council", "Tarn District Council")
    listed = {s.name: s for s in store.speakers()}
    council = listed["Tarn District Council"]
    assert council.quotes == 2 and "the statement" in council.aliases
    assert "the statement" not in listed and "Tarn Council" not in listed
    # quotes, outlets and the CSV export show the edited speaker
    assert {q.speaker for q in store.quotes(outlet="Island Wire")} == {"Mira Vell", "Tarn District Council"}
    assert dict(next(o for o in store.outlets() if o.outlet == "Island Wire").speakers) == {
        "Tarn District Council": 2,
        "Mira Vell": 1,
    }
    from reportedly.commands.corpus import _export_csv

    out = io.StringIO()
    _export_csv(store, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["speaker"] for r in rows if r["outlet"] == "Island Wire"} == {
        "Mira Vell",
        "Tarn District Council",
    }

    store.hide_speaker("Mira Vell")
    assert "Mira Vell" not in names(store)
    assert names(store, include_hidden=True)["Mira Vell"] == 1
    assert all(q.speaker != "Mira Vell" for q in store.quotes(limit=None))
    # asked for by name, a hidden speaker's quotes are still there
    assert [q.content for q in store.quotes(speaker="Mira Vell")] == ["We voted no"]
    out = io.StringIO()
    _export_csv(store, out)
    assert "We voted no" not in out.getvalue()
    # the JSON-lines export keeps each report as written and adds who the speaker is here
    from reportedly.commands.corpus import _export_jsonl

    out = io.StringIO()
    _export_jsonl(store, out)
    docs = [json.loads(line) for line in out.getvalue().splitlines()]
    speakers = [s for d in docs for a in d["attributions"] for s in a["speakers"]]
    assert {(s["name"], s["identity"]["name"]) for s in speakers} >= {
        ("the statement", "Tarn District Council"),
        ("Tarn Council", "Tarn District Council"),
    }
    assert "Mira Vell" not in {s["name"] for s in speakers}  # hidden: left out of the default view
    out = io.StringIO()
    _export_jsonl(store, out, everything=True)
    mira = [json.loads(x) for x in out.getvalue().splitlines() if "Mira Vell" in x]
    hidden = [s for d in mira for a in d["attributions"] for s in a["speakers"] if s["name"] == "Mira Vell"]
    assert hidden and all(s["identity"]["hidden"] for s in hidden)
    store.hide_speaker("Mira Vell", hidden=False)
    assert "Mira Vell" in names(store)

    # a second handle on the same database sees the edits (they are stored, not cached)
    with Store.open(store.url) as other:
        assert "Tarn District Council" in names(other)


def test_split_undoes_a_merge_and_alias_names_a_speaker(store: Store) -> None:
    store.split_speaker("Vell")
    assert names(store)["Vell"] == 1 and names(store)["Aldo Vell"] == 1
    store.merge_speakers("Vell", "Mira Vell")
    assert names(store)["Mira Vell"] == 2
    # an alias may be a name the corpus has not seen yet
    store.alias_speaker("the board chair", "Mira Vell")
    assert store.speaker("The Board Chair").name == "Mira Vell"
    with pytest.raises(ReportedlyError, match="no speaker named 'Nobody Here'"):
        store.merge_speakers("Nobody Here", "Mira Vell")
    with pytest.raises(ReportedlyError, match="already one speaker"):
        store.merge_speakers("Vell", "Mira Vell")


def test_alias_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("id,name,aliases\nQ900001,Mira Vell,M. Vell|Vell\n,Tarn Council,the statement\n")
    assert store.load_aliases(path) == 2
    listed = {s.name: s for s in store.speakers()}
    assert listed["Mira Vell"].external_id == "Q900001"
    assert listed["Mira Vell"].quotes == 2  # the bare Vell, by the file's word
    assert listed["Tarn Council"].quotes == 2
    from reportedly.commands.corpus import _export_jsonl

    out = io.StringIO()
    _export_jsonl(store, out)
    ids = {
        s["name"]: s["identity"]["id"]
        for line in out.getvalue().splitlines()
        for a in json.loads(line)["attributions"]
        for s in a["speakers"]
    }
    assert ids["Vell"] == ids["Mira Vell"] == "Q900001"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\nQ1,x\n")
    with pytest.raises(ReportedlyError, match="no 'name' column"):
        store.load_aliases(bad)
