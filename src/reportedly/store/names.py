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


def canonical_keys(names: Iterable[KeyedName], aliases: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """Map every key to the key of the person or body it names.

    A one-word person key ("benyash") joins the full name ending with it when
    exactly one such full name exists ("mikhail benyash"); two Smiths leave
    "smith" alone. ``aliases`` are (alias key, entity key) pairs from stored
    entities ("ft" -> "financial times"), followed when unambiguous.
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

    mapping: dict[str, str] = {}
    for key in keys:
        target = key
        # "Reuters" the outlet must not become "John Reuters" the person
        if " " not in key and key in persons and len(by_surname.get(key, ())) == 1:
            target = next(iter(by_surname[key]))
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
