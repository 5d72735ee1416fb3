"""``link.plan``: where new quotes and claims go, decided without a database."""

from __future__ import annotations

from reportedly.link.clusters import Item, tokens_for
from reportedly.link.plan import (
    BUCKET_SIZE,
    TRIES_PER_CLUSTER,
    Candidates,
    band_rows,
    item_keys,
    plan,
    worth_verifying,
)

QUOTE = "This is the worst night this town has seen in living memory"


def item(text: str, kind: str = "quote", speaker: str | None = "ruth calloway", article: str = "a1") -> Item:
    return Item(
        article_id=article,
        attribution_id=f"{article}:{text[:10]}",
        kind=kind,  # type: ignore[arg-type]
        text=text,
        speaker=speaker,
        speaker_key=speaker,
        speaker_kind="person" if speaker else None,
        vias=(),
        quantities=(),
        tokens=tokens_for(kind, text),
    )


def stored(entries: list[tuple[int, int, Item]], keys: list[list[int]]) -> Candidates:
    """Stored items (id, cluster, item), each in every bucket of the given keys."""
    buckets: dict[int, list[int]] = {}
    for pk, _cluster, _it in entries:
        for ks in keys:
            for k in ks:
                buckets.setdefault(k, []).append(pk)
    return Candidates(buckets, {pk: c for pk, c, _ in entries}, {pk: it for pk, _, it in entries})


def two_stored(
    first: Item, second: Item, keys: list[list[int]], clusters: tuple[int, int] = (4, 6)
) -> Candidates:
    """``first`` stored as item 1 and ``second`` as item 2, in ``clusters``."""
    return stored([(1, clusters[0], first), (2, clusters[1], second)], keys)


def placed(new: Item, first: Item, second: Item) -> tuple[tuple[tuple[int, int], ...], int, float]:
    """Where ``new`` goes with ``first`` stored in cluster 4 and ``second`` in cluster 6: the
    merges, its cluster and its score."""
    keys = item_keys([new])
    delta = plan([new], keys, two_stored(first, second, keys), next_cluster=10)
    return delta.merges, delta.assignments[0].cluster, delta.assignments[0].score


def test_nothing_stored_gives_new_clusters_in_order() -> None:
    new = [item(QUOTE), item("The river is falling but the ground is still soaked", speaker="daniel ferris")]
    keys = item_keys(new)
    delta = plan(new, keys, Candidates({}, {}), next_cluster=7)
    assert [(a.cluster, a.created, a.score) for a in delta.assignments] == [
        (7, True, 100.0),
        (8, True, 100.0),
    ]
    assert delta.merges == () and delta.next_cluster == 9


def test_a_retelling_joins_the_stored_cluster_with_its_score() -> None:
    new = [item("This is the worst night this city has seen in living memory")]
    keys = item_keys(new)
    candidates = stored([(1, 3, item(QUOTE, article="old"))], keys)
    delta = plan(new, keys, candidates, next_cluster=10)
    (placed,) = delta.assignments
    assert placed.cluster == 3 and not placed.created and 88 <= placed.score < 100
    assert delta.next_cluster == 10


def test_an_item_matching_two_clusters_merges_them_into_the_oldest() -> None:
    new = [item(QUOTE)]
    keys = item_keys(new)
    candidates = stored([(1, 5, item(QUOTE, article="x")), (2, 2, item(QUOTE + " now", article="y"))], keys)
    delta = plan(new, keys, candidates, next_cluster=10)
    assert delta.merges == ((5, 2),)
    assert delta.assignments[0].cluster == 2


def test_other_words_from_another_speaker_found_their_own_cluster() -> None:
    new = [
        item("Crews rescued more than sixty people from rooftops and cars overnight", speaker="daniel ferris")
    ]
    keys = item_keys(new)
    candidates = stored([(1, 1, item(QUOTE, article="old"))], keys)
    delta = plan(new, keys, candidates, next_cluster=2)
    assert delta.assignments[0].created and delta.assignments[0].cluster == 2


HARLOW = "Our thoughts are with the families in Harlow, and we will not rest until those responsible are held to account"
MALTON = HARLOW.replace("Harlow", "Malton")


def test_a_surname_does_not_chain_two_people_s_statements_into_one_story() -> None:
    # Lucia and Maria Castillo said nearly the same thing; a copy crediting plain "Castillo"
    # matches both, and goes with the better match without merging them
    lucia = item(HARLOW, speaker="lucia castillo", article="x")
    maria = item(MALTON, speaker="maria castillo", article="y")
    assert placed(item(HARLOW, speaker="castillo"), lucia, maria) == ((), 4, 100.0)
    # a surname and the full name it fits: one person, merged (Obama and Barack Obama)
    surname = item(HARLOW + " today", speaker="castillo", article="y")
    assert placed(item(HARLOW, speaker="lucia castillo"), lucia, surname)[0] == ((6, 4),)
    # with no speaker named, the words alone decide, as a misattribution to flag would need
    assert placed(item(HARLOW, speaker=None), lucia, maria)[0] == ((6, 4),)


LOCKERBIE = (
    "We are committed to working with the people of Lockerbie to make sure every family has steady work "
    "before the end of the year"
)
DALRY = LOCKERBIE.replace("Lockerbie", "Dalry").replace("steady work", "a doctor nearby")


def test_a_statement_word_for_word_does_not_merge_another_with_other_words() -> None:
    # Maria Quinlan's statement, word for word as stored in cluster 4, also matches (88.8) a copy
    # crediting plain "Quinlan" with the same stock phrase about another town: she may have said
    # both, but they are two statements, and the item is the one it repeats exactly
    stored_first = item(LOCKERBIE, speaker="maria quinlan", article="x")
    surname = item(DALRY, speaker="quinlan", article="y")
    assert placed(item(LOCKERBIE, speaker="maria quinlan"), stored_first, surname) == ((), 4, 100.0)


def test_a_copy_cut_short_to_words_two_people_said_goes_with_its_own_speaker() -> None:
    # Lopez (cluster 4) and Valdez (cluster 6) both promised Largs safe housing, by different
    # months; a copy credited to Valdez cut before the month is word for word the start of both
    lopez = LOCKERBIE.replace("Lockerbie", "Largs").replace("the end of the year", "the end of October")
    valdez = lopez.replace("October", "July")
    cut = item(valdez.split(" before")[0], speaker="maria valdez")
    stored_lopez = item(lopez, speaker="rahul lopez", article="x")
    stored_valdez = item(valdez, speaker="maria valdez", article="y")
    assert placed(cut, stored_lopez, stored_valdez) == ((), 6, 100.0)


def test_a_cluster_holding_another_person_s_near_identical_words_is_not_joined() -> None:
    # cluster 4 holds Lucia Castillo's statement and a copy crediting "Castillo"; Maria Castillo's
    # statement matches that copy but contradicts Lucia's: a new story, not Lucia's
    new = [item(MALTON, speaker="maria castillo")]
    keys = item_keys(new)
    candidates = two_stored(
        item(HARLOW, speaker="lucia castillo", article="x"),
        item(MALTON, speaker="castillo", article="y"),
        keys,
        clusters=(4, 4),
    )
    delta = plan(new, keys, candidates, next_cluster=10)
    assert delta.assignments[0].created and delta.assignments[0].cluster == 10


def test_a_cluster_is_judged_by_its_first_item_s_speaker_when_only_a_surname_copy_is_found() -> None:
    # cluster 4 began with Lucia Castillo's statement (item 1); only a copy crediting plain
    # "Castillo" (item 2) shares the new item's band keys, and that copy's words are Maria's
    lucia = item(HARLOW, speaker="lucia castillo", article="x")
    surname = item(MALTON, speaker="castillo", article="y")

    def place(new: Item, founders: dict[int, int]) -> tuple[int, bool]:
        keys = item_keys([new])
        buckets = {k: [2] for k in keys[0]}
        found = Candidates(buckets, {1: 4, 2: 4}, {1: lucia, 2: surname}, founders)
        (where,) = plan([new], keys, found, next_cluster=10).assignments
        return where.cluster, where.created

    maria = item(MALTON, speaker="maria castillo")
    assert place(maria, {}) == (4, False), "the surname copy alone lets Maria in"
    assert place(maria, {4: 1}) == (10, True), "Lucia's statement, the cluster's first, keeps her out"
    assert place(item(MALTON, speaker="lucia castillo"), {4: 1}) == (4, False)
    assert place(item(MALTON, speaker=None), {4: 1}) == (4, False)


def test_other_speakers_share_a_cluster_only_for_the_same_words() -> None:
    # the same words credited to someone else are one quote (a misattribution to flag), cut short
    # too; 97 % of the characters with a town changed are another person's statement
    new = [item(HARLOW, speaker="diego petrov")]
    keys = item_keys(new)
    for words, joins in ((HARLOW, True), (HARLOW.split(" until")[0], True), (MALTON, False)):
        candidates = stored([(1, 4, item(words, speaker="lucia xu", article="x"))], keys)
        assert plan(new, keys, candidates, next_cluster=10).assignments[0].created is not joins, words


def test_short_quotes_meet_only_the_same_words_from_the_same_named_speaker() -> None:
    # too few content words for MinHash bands: one exact key, speaker and words
    short = "We were there under legitimate pretenses,"
    [mine], [copy] = item_keys([item(short)]), item_keys([item(short, article="a2")])
    assert len(mine) == 1 and mine == copy
    [other_words] = item_keys([item("We were there under false pretenses,")])
    [other_speaker] = item_keys([item(short, speaker="tom baker")])
    assert other_words != mine and other_speaker != mine
    # no speaker, a pronoun left unresolved, or a short claim: no key at all
    assert item_keys([item(short, speaker=None), item(short, speaker="she")]) == [[], []]
    assert item_keys([item("Yes we can", kind="claim")]) == [[]]
    vague = Item(
        "a1", "a1:x", "quote", short, "Officials", "officials", "group", (), (), tokens_for("quote", short)
    )
    assert item_keys([vague]) == [[]]
    # and a long quote keeps its bands
    assert len(item_keys([item("We will rebuild the harbour wall before the winter storms arrive")])[0]) == 20


def test_a_few_tries_per_cluster_are_enough() -> None:
    keys = [[11, 12]]
    buckets = {11: list(range(1, 9)), 12: list(range(1, 9))}
    tried = worth_verifying(keys[0], Candidates(buckets, dict.fromkeys(range(1, 9), 4)))
    assert len(tried) == TRIES_PER_CLUSTER and tried == [8, 7, 6]  # the newest first


def test_buckets_keep_one_item_per_cluster_and_the_newest_few() -> None:
    candidates = Candidates({5: [1, 2, 3, 4]}, {1: 1, 2: 2, 3: 3, 4: 4})
    rows, evict = band_rows([(9, 3)], [[5]], candidates)
    assert rows == [] and evict == []  # cluster 3 is already in the bucket
    rows, evict = band_rows([(9, 8)], [[5, 6]], candidates)
    assert rows == [(5, 9), (6, 9)]
    assert evict == [(5, 2)] and BUCKET_SIZE == 4  # bucket 5 keeps items 2, 3, 4 and 9
    # a merge in the same article counts: the new item's cluster absorbed cluster 1
    rows, _ = band_rows([(9, 8)], [[5]], candidates, merges=[(1, 8)])
    assert rows == []
