"""The small pure parts of linking: normalisation, intervals, word changes, ordering."""

from __future__ import annotations

import pytest

from reportedly.link.citations import ArticleInfo, Member, order_members, resolve_sources
from reportedly.link.discrepancies import compatible, word_changes
from reportedly.link.normalize import claim_words, counted_key, words
from reportedly.model import ItemQuantity, LinkedItem, OutletVia, Relation


def test_quote_marks_case_and_punctuation_fold_away() -> None:
    assert words("“We’re NOT leaving,” she said — ever…") == words('"we\'re not leaving" she said - ever')
    assert words("Café déjà vu") == ["cafe", "deja", "vu"]


def test_claim_numbers_fold_in_digits_and_words() -> None:
    assert claim_words("Seven people died") == claim_words("8 people died") == ["#", "people", "died"]
    assert claim_words("about 1,500 residents") == ["about", "#", "residents"]


@pytest.mark.parametrize(
    ("counted", "key"),
    [("emergency spillways", "spillway"), ("casualties", "casualty"), ("people", "people"), (None, None)],
)
def test_counted_key_is_the_head_noun(counted: str | None, key: str | None) -> None:
    assert counted_key(counted) == key


def q(
    value: float, relation: Relation = "=", low: float | None = None, high: float | None = None
) -> ItemQuantity:
    if relation == "=":
        low = high = value
    return ItemQuantity(str(value), None, None, value, low, high, relation)


def test_intervals_decide_conflicts() -> None:
    assert not compatible(q(7), q(8))
    assert compatible(q(6, ">=", low=6), q(7))  # "at least six" then "seven"
    assert compatible(q(1500, "~", 1350, 1650), q(1500, "~", 1350, 1650))
    assert not compatible(q(60, ">", low=60), q(40))
    assert compatible(q(2000, "<=", high=2000), q(1500, "~", 1350, 1650))


def test_truncation_is_not_a_word_change() -> None:
    full = words("The river is falling, but the ground is saturated and more rain is forecast")
    assert word_changes(full, words("The river is falling, but the ground is saturated")) == ([], True)
    changed, truncated = word_changes(
        words("the worst night this town has seen"), words("the worst night this city has seen")
    )
    assert changed == [("town", "city")] and not truncated


def art(aid: str, seq: int, date: str | None, outlet: str) -> ArticleInfo:
    return ArticleInfo(aid, seq, outlet.title(), outlet, date)


def crediting(article: str, *vias: OutletVia) -> tuple[LinkedItem, ...]:
    return (LinkedItem(article_id=article, kind="quote", text="The bridge will hold", vias=vias),)


def test_an_undated_article_is_placed_after_what_it_cites() -> None:
    # the wire story has no date and was ingested first; it cites the paper
    wire = Member(art("w", 1, None, "wire"), crediting("w", OutletVia("Paper", "paper", True)))
    paper = Member(art("p", 2, "2026-01-02", "paper"), crediting("p"))
    later = Member(art("l", 3, "2026-01-05", "blog"), crediting("l", OutletVia("Wire", "wire", True)))
    wire, paper, later = resolve_sources([wire, paper, later], {})
    assert [m.article.id for m in order_members([wire, paper, later])] == ["p", "w", "l"]
    assert (paper.edge, wire.edge, later.edge) == ("first-hand", "cited", "cited")
    assert wire.sources[0].article == "p"
    assert later.sources[0].article == "w"


def test_signatures_drawn_with_kept_permutations_are_minhash_own() -> None:
    # band keys are stored: drawing the permutations once must not change a single signature
    import numpy as np
    from datasketch import MinHash

    from reportedly.link.clusters import minhash_kwargs

    sets = [
        [w.encode() for w in sorted(set(words(text)))]
        for text in (
            "The council will rebuild the harbour wall before the winter storms",
            "Forty cracks were found in the spillway wall, the inspectors said",
        )
    ]
    for seed in (1, 2):
        fresh = [m.hashvalues for m in MinHash.bulk(sets, num_perm=60, seed=seed)]
        kept = [m.hashvalues for m in MinHash.bulk(sets, **minhash_kwargs(60, seed))]
        assert all(np.array_equal(a, b) for a, b in zip(fresh, kept, strict=True))
    assert minhash_kwargs(60, 1) is minhash_kwargs(60, 1)
