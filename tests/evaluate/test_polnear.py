"""PolNeAR reading (on brat files written here), the mapping of our reports onto its
conventions, and textacy as an anchor — all on invented text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.errors import InputError, ReportedlyError
from reportedly.evaluate import polnear
from reportedly.evaluate.scoring import Scorer
from reportedly.model import Article, Attribution, Report, Span, Speaker, Via
from reportedly.pipeline import analyze

TEXT = (
    "Quarry Workers Strike in Dellmoor.\n"
    "\n"
    "The union has stated that the strike would last a week, the Dellmoor Courier reported.\n"
    "“We are not going back,” said Ona Brel, a shift leader. “Not for that pay.”\n"
)


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def t_line(tid: str, label: str, *needles: str) -> str:
    offsets = ";".join("{} {}".format(*at(n)) for n in needles)
    return f"{tid}\t{label} {offsets}\t{' '.join(needles)}"


ANN_1 = "\n".join(
    [
        t_line("T1", "Source", "the Dellmoor Courier"),
        t_line("T2", "Cue", "reported"),
        t_line("T3", "Content", "The union has stated that the strike would last a week"),
        t_line("T4", "Attribution", "reported"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Content", "“We are not going back,”", "“Not for that pay.”"),
        t_line("T6", "Cue", "said"),
        t_line("T7", "Source", "Ona Brel, a shift leader"),
        t_line("T8", "Attribution", "said"),
        "E2\tAttribution:T8 Cue:T6 Source:T7 Content:T5",
        "#1\tAnnotatorNotes T5\tinvented note",
        "a continuation line of a multi-line span text",
        t_line("T9", "Discard", "Quarry Workers Strike in Dellmoor."),
        "",
    ]
)
# the second annotator nested the union's claim separately and missed the quote's source
ANN_2 = "\n".join(
    [
        t_line("T1", "Source", "The union"),
        t_line("T2", "Cue", "has stated"),
        t_line("T3", "Content", "that the strike would last a week"),
        t_line("T4", "Attribution", "has stated"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Content", "“We are not going back,”"),
        t_line("T6", "Cue", "said"),
        t_line("T7", "Attribution-no-source", "said"),
        t_line("T8", "Content", "“Not for that pay.”"),
        "E2\tAttribution-no-source:T7 Cue:T6 Content:T5 Content2:T8",
        "",
    ]
)


@pytest.fixture()
def split(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "courier_2016-01-01_quarry.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "courier_2016-01-02_unannotated.txt").write_text("Nothing here.", encoding="utf-8")
    (tmp_path / "attributions" / "courier_2016-01-01_quarry_b2c3.ann").write_text(ANN_2, encoding="utf-8")
    (tmp_path / "attributions" / "courier_2016-01-01_quarry_a1f0.ann").write_text(ANN_1, encoding="utf-8")
    return tmp_path


def text_of(frags: tuple[tuple[int, int], ...]) -> list[str]:
    return [TEXT[s:e] for s, e in frags]


def test_parse_ann_ties_roles_and_fragments() -> None:
    atts = polnear.parse_ann(ANN_1, "a1f0")
    assert len(atts) == 2  # the Discard span is not an attribution
    nested, quote = atts
    assert text_of(nested.source) == ["the Dellmoor Courier"]
    assert text_of(nested.cue) == ["reported"]
    assert text_of(quote.content) == ["“We are not going back,”", "“Not for that pay.”"]
    assert quote.label == "a1f0:E2"


def test_parse_ann_numbered_roles_and_missing_source() -> None:
    _, quote = polnear.parse_ann(ANN_2)
    assert quote.source == ()
    assert text_of(quote.content) == ["“We are not going back,”", "“Not for that pay.”"]


def test_load_split_scores_against_the_first_annotator(split: Path) -> None:
    (doc,) = polnear.load_split(split)  # the unannotated text is skipped
    assert doc.annotators == ["a1f0", "b2c3"]
    assert text_of(doc.gold[0].source) == ["the Dellmoor Courier"]
    agreement = polnear.agreement([doc])
    assert agreement is not None
    assert agreement.exact["cue"].tp_gold == 1  # "said" agrees, "reported" vs "has stated" does not
    assert agreement.attribution.tp_gold == 0


def test_load_split_refuses_what_is_not_a_split(tmp_path: Path, split: Path) -> None:
    with pytest.raises(InputError, match="not a PolNeAR split"):
        polnear.load_split(tmp_path / "nowhere")
    (split / "attributions" / "courier_2016-01-01_quarry_a1f0.ann").write_text(
        "T1\tSource 5 99999\tx\nT2\tContent 0 4\tx\nE1\tAttribution:T1 Content:T2 Source:T1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="offsets run past"):
        polnear.load_split(split)


def span(needle: str) -> Span:
    return Span.of(TEXT, *at(needle))


def test_nested_report_is_unfolded_to_the_outer_one() -> None:
    ours = Attribution(
        id="a1",
        kind="indirect",
        content=[span("the strike would last a week")],
        cue=span("stated"),
        source=span("The union"),
        via=[Via("Dellmoor Courier", "e2", span("the Dellmoor Courier"), span("reported"))],
    )
    mapped = polnear.polnear_spans(TEXT, ours)
    assert text_of(mapped.source) == ["the Dellmoor Courier"]
    assert text_of(mapped.cue) == ["reported"]
    assert text_of(mapped.content) == ["The union has stated that the strike would last a week"]
    flat = polnear.polnear_spans(TEXT, ours, nested=False)
    assert text_of(flat.source) == ["The union"]
    assert text_of(flat.cue) == ["has stated"]  # the auxiliary joins the cue
    assert text_of(flat.content) == ["that the strike would last a week"]  # and "that" the content


def test_a_via_without_cue_or_in_another_paragraph_stays_folded() -> None:
    ours = Attribution(
        id="a2",
        kind="direct",
        content=[span("We are not going back"), span("Not for that pay")],
        cue=span("said"),
        source=span("Ona Brel, a shift leader"),
        via=[Via("Dellmoor Courier", "e2", span("the Dellmoor Courier"), span("reported"))],
    )
    mapped = polnear.polnear_spans(TEXT, ours)
    assert text_of(mapped.source) == ["Ona Brel, a shift leader"]
    assert text_of(mapped.content) == ["We are not going back", "Not for that pay"]


def test_reports_score_exactly_against_gold_written_by_hand() -> None:
    report = Report(
        article=Article(text=TEXT),
        attributions=[
            Attribution(
                id="a1",
                kind="indirect",
                content=[span("the strike would last a week")],
                cue=span("stated"),
                source=span("The union"),
                via=[Via("Dellmoor Courier", "e2", span("the Dellmoor Courier"), span("reported"))],
            ),
            Attribution(
                id="a2",
                kind="direct",
                content=[span("We are not going back"), span("Not for that pay")],
                cue=span("said"),
                source=span("Ona Brel, a shift leader"),
            ),
        ],
    )
    scorer = Scorer()
    scorer.add("quarry", TEXT, polnear.parse_ann(ANN_1), polnear.spans_from_report(report))
    for role in ("source", "cue", "content"):
        assert scorer.result.exact[role].f1 == 1.0, role
    assert scorer.result.attribution.f1 == 1.0


@pytest.fixture(scope="module")
def textacy_quotes() -> list[polnear.GoldAttribution]:
    pytest.importorskip("textacy")
    from reportedly.evaluate import textacy_anchor

    text = (
        "Residents gathered at the town hall on Monday.\n"
        "“The water has been brown for three weeks,” said Mara Tulk, who lives near the plant.\n"
    )
    doc = polnear.Document("invented", text, {"x": []})
    ((_, found),) = list(textacy_anchor.predict([doc]))
    return found


def test_textacy_anchor_gives_spans_in_our_shape(textacy_quotes: list[polnear.GoldAttribution]) -> None:
    (quote,) = textacy_quotes
    text = (
        "Residents gathered at the town hall on Monday.\n"
        "“The water has been brown for three weeks,” said Mara Tulk, who lives near the plant.\n"
    )
    assert [text[s:e] for s, e in quote.content] == ["“The water has been brown for three weeks,”"]
    assert [text[s:e] for s, e in quote.cue] == ["said"]
    assert "Mara Tulk" in " ".join(text[s:e] for s, e in quote.source)


def test_textacy_missing_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from reportedly.evaluate import textacy_anchor

    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    with pytest.raises(ReportedlyError, match=r"pip install 'reportedly\[bench\]'"):
        textacy_anchor.quotations(None)  # type: ignore[arg-type]


def test_a_quote_continued_after_the_cue_joins_its_attribution() -> None:
    text = "“We are not going back,” said Ona Brel. “Not for that pay.”\n“Never,” said Ivo Dask.\n"

    def s(needle: str) -> Span:
        start = text.index(needle)
        return Span.of(text, start, start + len(needle))

    def speaker(name: str) -> list[Speaker]:
        return [Speaker(name, "person", name.lower())]

    ivo_said = Span.of(text, text.index("said Ivo"), text.index("said Ivo") + len("said"))
    report = Report(
        article=Article(text=text),
        attributions=[
            Attribution(
                "a1", "direct", [s("We are not going back")], s("said"), s("Ona Brel"), speaker("Ona Brel")
            ),
            Attribution("a2", "direct", [s("Not for that pay")], None, None, speaker("Ona Brel")),
            Attribution("a3", "direct", [s("Never")], ivo_said, s("Ivo Dask"), speaker("Ivo Dask")),
        ],
    )
    joined, other = polnear.spans_from_report(report)
    assert [text[a:b] for a, b in joined.content] == ["We are not going back", "Not for that pay"]
    assert [text[a:b] for a, b in other.content] == ["Never"]
    assert len(polnear.spans_from_report(report, continuations=False)) == 3


def test_a_quote_around_its_frame_is_one_attribution_of_two_fragments() -> None:
    # "“A,” he said, “B.”": both halves hang on one cue; PolNeAR has one attribution whose
    # content is the two quotes, not the stretch over the frame between them
    text = "“We owe the miners honesty,” Mr. Obama said, “and to say that the economy is shifting.”\n"
    (joined,) = polnear.spans_from_report(analyze(Article(text=text)))
    assert [text[a:b].strip("“”,. ") for a, b in joined.content] == [
        "We owe the miners honesty",
        "and to say that the economy is shifting",
    ]


def test_a_follow_on_quote_naming_the_same_speaker_joins_its_attribution() -> None:
    text = "“How many times must we see this?” Ortiz said. “This is unbearable.”\n"

    def s(needle: str) -> Span:
        start = text.index(needle)
        return Span.of(text, start, start + len(needle))

    ortiz = [Speaker("Lena Ortiz", "person", "lena ortiz")]
    report = Report(
        article=Article(text=text),
        attributions=[
            Attribution(
                "a1", "direct", [s("How many times must we see this?")], s("said"), s("Ortiz"), ortiz
            ),
            # the follow-on names the speaker it continues (the same mention), with no cue
            Attribution("a2", "direct", [s("This is unbearable.")], None, s("Ortiz"), ortiz),
        ],
    )
    (joined,) = polnear.spans_from_report(report)
    assert [text[a:b] for a, b in joined.content] == [
        "How many times must we see this?",
        "This is unbearable.",
    ]
