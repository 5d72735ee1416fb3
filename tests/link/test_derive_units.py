"""The pieces that let a cluster grow in place, without a database: the speaker index finds what
the scan of earlier appearances finds, and a wording added last extends the variants as a full
recount would."""

from __future__ import annotations

import random

from reportedly.link.citations import ArticleInfo, Member
from reportedly.link.discrepancies import SpeakerIndex, first_same_speaker
from reportedly.link.variants import add_variant, variants
from reportedly.model import LinkedItem

SPEAKERS = [None, "smith", "john smith", "jane smith", "calloway", "mayor calloway", "a new poll", "poll"]


def member(i: int, items: list[LinkedItem]) -> Member:
    return Member(ArticleInfo(f"a{i}", i, f"Outlet {i}", f"outlet {i}", "2026-03-02"), tuple(items))


def item(rng: random.Random, text: str = "the bridge will hold") -> LinkedItem:
    key = rng.choice(SPEAKERS)
    kind = rng.choice(["person", "outlet", "organization", None])
    return LinkedItem(article_id="", kind="quote", text=text, speaker=key, speaker_key=key, speaker_kind=kind)


def test_speaker_index_finds_the_first_earlier_appearance_of_the_speaker() -> None:
    rng = random.Random(3)
    for _ in range(50):
        ordered = [member(i, [item(rng) for _ in range(rng.randint(1, 3))]) for i in range(12)]
        index = SpeakerIndex()
        for i, m in enumerate(ordered):
            for it in m.items:
                assert index.find(it) == first_same_speaker(it, ordered[:i])
            index.add(m)


def test_a_wording_added_last_extends_the_variants_like_a_recount() -> None:
    texts = [
        "We will rebuild every bridge in this town",
        "We will rebuild every bridge in this town",
        "We will rebuild every road in this town",
        "we will rebuild every bridge, in this town!",
        "will rebuild every bridge in this",
    ]
    ordered = [member(i, [LinkedItem(article_id=f"a{i}", kind="quote", text=t)]) for i, t in enumerate(texts)]
    for n in range(1, len(ordered)):
        grown = add_variant(variants(ordered[:n]), texts[0], ordered[n])
        assert grown == variants(ordered[: n + 1])
