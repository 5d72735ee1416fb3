"""Name keys and the cross-article merge of speaker names.

Within one article the resolver already maps "Benyash" to "Mikhail Benyash";
across articles a surname alone must be matched to the one full name in the
corpus that ends with it. ``name_key`` is computed on insert (stored as
``speakers.key``); ``canonical_keys`` reconciles keys at query time, so the
merge improves as the corpus grows and never rewrites stored rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

#: words dropped from the front of a person's name before keying
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "reverend",
        "fr",
        "father",
        "president",
        "vice",
        "senator",
        "sen",
        "rep",
        "representative",
        "gov",
        "governor",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "lieutenant",
        "sgt",
        "sergeant",
        "adm",
        "admiral",
        "minister",
        "secretary",
        "chancellor",
        "judge",
        "justice",
        "mayor",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
    ]
)
_NON_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"['’]s\b")


def _fold(text: str) -> str:
    """Casefold and strip accents so "Benyáš" and "Benyas" key alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def name_key(name: str, kind: str = "person") -> str:
    """A comparison key: "Dr. Mikhail Benyash's" -> "mikhail benyash"; "The FT" -> "ft"."""
    words = _NON_WORD.sub(" ", _POSSESSIVE.sub("", _fold(name))).split()
    if kind == "person":
        while len(words) > 1 and words[0] in _TITLES:
            words.pop(0)
    elif len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def outlet_name(publisher: str | None, url: str | None) -> str | None:
    """The outlet an article is counted under: its publisher, else its URL's host."""
    if publisher and publisher.strip():
        return publisher.strip()
    if url:
        host = urlsplit(url).hostname or ""
        host = host.removeprefix("www.")
        return host or None
    return None


@dataclass(frozen=True, slots=True)
class KeyedName:
    """One distinct (key, kind, name) with how often it occurs."""

    key: str
    kind: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Sighting:
    """A person key in an article, as a speaker or only mentioned, with the article's outlet and
    month ("courier|2026-03")."""

    key: str
    article: str
    period: str | None
    speaks: bool = True


def _by_context(by_surname: dict[str, set[str]], sightings: Iterable[Sighting]) -> dict[str, str]:
    """Surnames that several full names end with, settled by where they are quoted: each time
    "Obama" speaks, the full names ending in it that the same article mentions, else those of
    the same outlet in the same month, are who it may be; when all its sightings together
    point at one full name, that is who it is. A full name quoted in the same article as the
    bare surname means the article itself kept two people apart ("Smith said ... said Mary
    Smith"), so that surname is left alone."""
    in_article: dict[str, set[str]] = defaultdict(set)
    speaking: dict[str, set[str]] = defaultdict(set)
    in_period: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, list[Sighting]] = defaultdict(list)
    for s in sightings:
        if " " in s.key:
            in_article[s.article].add(s.key)
            if s.speaks:
                speaking[s.article].add(s.key)
                if s.period:
                    in_period[s.period].add(s.key)
        elif s.speaks and len(by_surname.get(s.key, ())) > 1:
            seen[s.key].append(s)
    merged = {}
    for surname, places in seen.items():
        full = by_surname[surname]
        candidates: set[str] = set()
        for s in places:
            if speaking.get(s.article, set()) & full:
                candidates = set()
                break
            here = in_article.get(s.article, set()) & full
            if not here and s.period:
                here = in_period.get(s.period, set()) & full
            candidates |= here
        if len(candidates) == 1:
            merged[surname] = next(iter(candidates))
    return merged


def canonical_keys(
    names: Iterable[KeyedName],
    aliases: Iterable[tuple[str, str]] = (),
    sightings: Iterable[Sighting] = (),
) -> dict[str, str]:
    """Map every key to the key of the person or body it names.

    A one-word person key ("benyash") joins the full name ending with it when
    exactly one such full name exists ("mikhail benyash"); two Smiths leave
    "smith" alone unless ``sightings`` settle it (``_by_context``). ``aliases``
    are (alias key, entity key) pairs from stored entities ("ft" -> "financial
    times"), followed when unambiguous.
    """
    items = list(names)
    keys = {n.key for n in items}
    by_surname: dict[str, set[str]] = defaultdict(set)
    persons: set[str] = set()
    for n in items:
        parts = n.key.split()
        if n.kind == "person":
            persons.add(n.key)
            if len(parts) > 1:
                by_surname[parts[-1]].add(n.key)

    alias_targets: dict[str, set[str]] = defaultdict(set)
    for alias, target in aliases:
        if alias and target and alias != target:
            alias_targets[alias].add(target)

    in_context = _by_context(by_surname, sightings)
    mapping: dict[str, str] = {}
    for key in keys:
        target = key
        # "Reuters" the outlet must not become "John Reuters" the person
        if " " not in key and key in persons and len(by_surname.get(key, ())) == 1:
            target = next(iter(by_surname[key]))
        elif key in in_context and key in persons:
            target = in_context[key]
        elif len(alias_targets.get(key, ())) == 1:
            target = next(iter(alias_targets[key]))
        mapping[key] = target
    # one more hop: an alias may point at a surname that itself merges
    return {k: mapping.get(v, v) for k, v in mapping.items()}


def display_names(names: Iterable[KeyedName], mapping: dict[str, str]) -> dict[str, str]:
    """For each canonical key, the name to show: the commonest spelling of the key itself."""
    exact: dict[str, Counter[str]] = defaultdict(Counter)
    merged: dict[str, Counter[str]] = defaultdict(Counter)
    for n in names:
        canon = mapping.get(n.key, n.key)
        merged[canon][n.name] += n.count
        if n.key == canon:
            exact[canon][n.name] += n.count
    return {
        canon: (exact[canon] or counts).most_common(1)[0][0] for canon, counts in merged.items() if counts
    }
