"""Name keys and the cross-article speaker merge (pure functions, no database)."""

from __future__ import annotations

from reportedly.store.names import KeyedName, canonical_keys, display_names, name_key, outlet_name


def test_name_key_folds_case_accents_titles_and_possessives() -> None:
    assert name_key("Dr. Mikhail Benyash's") == "mikhail benyash"
    assert name_key("MIKHAIL  Benyash") == "mikhail benyash"
    assert name_key("Zoë Várga") == "zoe varga"
    assert name_key("Mayor Tomas Brevik") == "tomas brevik"
    # a title alone is still a name ("the President said")
    assert name_key("President") == "president"
    assert name_key("The Coastal Times", "outlet") == "coastal times"
    assert name_key("The Coastal Times") == "the coastal times"


def test_outlet_name_prefers_publisher_then_host() -> None:
    assert outlet_name("Valley Post", "https://www.other.example/x") == "Valley Post"
    assert outlet_name(None, "https://www.harbour.example/a/b") == "harbour.example"
    assert outlet_name("  ", None) is None


def _k(name: str, kind: str = "person", count: int = 1) -> KeyedName:
    return KeyedName(name_key(name, kind), kind, name, count)


def test_surname_joins_the_one_full_name_that_ends_with_it() -> None:
    names = [_k("Mikhail Benyash", count=3), _k("Benyash", count=5), _k("Anna Lerot")]
    mapping = canonical_keys(names)
    assert mapping["benyash"] == "mikhail benyash"
    assert mapping["anna lerot"] == "anna lerot"
    # the full spelling is shown even when the surname is commoner
    assert display_names(names, mapping)["mikhail benyash"] == "Mikhail Benyash"


def test_ambiguous_surname_and_other_kinds_stay_apart() -> None:
    names = [_k("John Smith"), _k("Mary Smith"), _k("Smith"), _k("Reuters", "outlet"), _k("Ada Reuters")]
    mapping = canonical_keys(names)
    assert mapping["smith"] == "smith"
    # only a one-word *person* name joins a person's full name
    assert mapping["reuters"] == "reuters"
    assert canonical_keys([*names, _k("Reuters")])["reuters"] == "ada reuters"


def test_aliases_of_entities_merge_short_forms() -> None:
    names = [_k("Financial Times", "outlet"), _k("FT", "outlet")]
    mapping = canonical_keys(names, aliases=[("ft", "financial times")])
    assert mapping["ft"] == "financial times"
    assert display_names(names, mapping)["financial times"] == "Financial Times"
