"""Quote and claim clusters: MinHash LSH for candidates, rapidfuzz to verify them.

Every direct quote (``quote``) and indirect statement (``claim``) long enough to
mean something becomes an *item*. Its stemmed content words are MinHashed and
cut into bands; items sharing a band key with it are its candidates, and only
those are compared word by word. A quote matches when its words are (nearly) the
same, allowing truncation; a claim matches when its content words, numbers
folded, mostly agree and the speakers do not contradict each other.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, overload

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

from reportedly.attribute.outlets import known_outlet
from reportedly.link.normalize import STOPWORDS, claim_words, content_set, counted_key, words
from reportedly.model import Attribution, ItemKind, ItemQuantity, OutletVia, Report
from reportedly.settings import DEFAULT, Settings
from reportedly.store.names import name_key

#: speaker kinds that say who reported, not who said it: they never contradict a named person
_VAGUE_KINDS = frozenset({"group", "role", "anonymous", "organization", "outlet"})


@dataclass(slots=True)
class Item:
    """One quote or claim of one article, as linking sees it."""

    article_id: str
    attribution_id: str
    kind: ItemKind
    text: str
    speaker: str | None
    speaker_key: str | None
    speaker_kind: str | None
    vias: tuple[OutletVia, ...]
    quantities: tuple[ItemQuantity, ...]
    tokens: list[str] = field(default_factory=list)
    pk: int = 0
    cluster: int = 0
    _features: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _joined: str | None = field(default=None, repr=False, compare=False)

    @property
    def features(self) -> frozenset[str]:
        # computed once: an item is compared with many candidates
        if self._features is None:
            self._features = frozenset(content_set(self.tokens))
        return self._features

    @property
    def joined(self) -> str:
        """The words as one string, as quotes are compared (once: a stored quote meets many new ones)."""
        if self._joined is None:
            self._joined = " ".join(self.tokens)
        return self._joined


def tokens_for(kind: str, text: str) -> list[str]:
    return words(text) if kind == "quote" else claim_words(text)


def items_of(report: Report, outlets: OutletResolver, settings: Settings = DEFAULT) -> list[Item]:
    """The linkable quotes and claims of one report.

    A speaker that is an outlet ("..., the Courier reported") is not the origin of
    the content but a citation of it, so it moves to the vias and the item keeps
    no speaker.
    """
    items: list[Item] = []
    outlet_of = outlets.in_article(report)
    for att in report.attributions:
        kind: ItemKind = "claim" if att.kind == "indirect" else "quote"
        text = " ".join(s.text.strip() for s in att.content).strip()
        tokens = tokens_for(kind, text)
        least = settings.link_min_quote_words if kind == "quote" else settings.link_min_claim_words
        if len(tokens) < least:
            continue
        speaker, vias = _speaker_and_vias(report, att, outlet_of)
        items.append(
            Item(
                article_id=report.article.id,
                attribution_id=att.id,
                kind=kind,
                text=text,
                speaker=speaker[0] if speaker else None,
                speaker_key=speaker[1] if speaker else None,
                speaker_kind=speaker[2] if speaker else None,
                vias=tuple(vias),
                quantities=_quantities(report, att),
                tokens=tokens,
            )
        )
    return items


#: words an outlet's full name adds to the short name articles use ("Northline" for
#: "Northline News Agency", "NORTHLINE" in a dateline)
_OUTLET_SUFFIXES = frozenset(
    ["news", "agency", "wire", "service", "press", "newspaper", "media", "network", "online"]
)
#: how an article refers back to an outlet it named ("..., the agency said"): the noun, and the
#: word the outlet's name must hold for it (None: any outlet)
_ANAPHORS: dict[str, str | None] = {
    "agency": "agency",
    "news agency": "agency",
    "wire service": None,
    "wire": None,
    "newspaper": None,
    "paper": None,
    "broadcaster": None,
}


def outlet_stem(key: str) -> str:
    """An outlet key without the generic words its full name adds: "northline news agency" -> "northline"."""
    words = key.split()
    while len(words) > 1 and words[-1] in _OUTLET_SUFFIXES:
        words.pop()
    return " ".join(words)


def outlet_group(key: str) -> str:
    """What every key of one outlet comes down to: the stem of the name the outlet table knows it
    by, else its own stem. The reader writes a credit under the table's name ("The Huffington
    Post reported" is stored as "HuffPost"), so a publisher given in full must meet it there."""
    known = known_outlet(key)
    return outlet_stem(name_key(known, "outlet") if known else key)


class OutletResolver:
    """Maps a name as written ("the Courier", "Northline") to the key of an outlet in the corpus.

    Outlet keys that differ only by generic trailing words ("northline" from a dateline,
    "northline news agency" as publisher), or that the outlet table lists as one outlet
    ("huffington post", "huffpost"), are one outlet; ``canonical`` gives its longest key.
    """

    def __init__(self, outlet_keys: Iterable[str]) -> None:
        self.keys: set[str] = set()
        self._by_last: dict[str, set[str]] = {}
        self._by_group: dict[str, set[str]] = {}
        #: answers so far (the same few names are resolved for every item of a big cluster)
        self._seen: dict[str, str | None] = {}
        for k in outlet_keys:
            self.add(k)

    def add(self, key: str | None) -> None:
        if key and key not in self.keys:
            self.keys.add(key)
            self._by_last.setdefault(key.split()[-1], set()).add(key)
            self._by_group.setdefault(outlet_group(key), set()).add(key)
            self._seen.clear()

    def aliases(self, key: str) -> set[str]:
        """Every stored key of the outlet ``key`` names (itself included)."""
        return self._by_group.get(outlet_group(key), set()) | {key}

    @overload
    def canonical(self, key: str) -> str: ...
    @overload
    def canonical(self, key: str | None) -> str | None: ...
    def canonical(self, key: str | None) -> str | None:
        """The one key of the outlet ``key`` names: the longest of its keys (ties alphabetically)."""
        if not key:
            return key
        group = self._by_group.get(outlet_group(key))
        if not group or key not in group:
            return key
        return max(group, key=lambda k: (len(k), k))

    def __call__(self, name: str) -> str | None:
        if name not in self._seen:
            self._seen[name] = self._resolve(name)
        return self._seen[name]

    def _resolve(self, name: str) -> str | None:
        key = name_key(name, "outlet")
        if not key:
            return None
        if key in _ANAPHORS or key in _OUTLET_SUFFIXES:
            return None  # "the agency" is whichever agency its own article named: ``in_article``
        group = self._by_group.get(outlet_group(key))
        if group:
            return self.canonical(next(iter(group)))
        # "the Courier" for "Portvale Courier": only when exactly one outlet ends so
        last = self._by_last.get(key) if " " not in key else None
        if last and len(last) == 1:
            return self.canonical(next(iter(last)))
        return None

    def in_article(self, report: Report) -> Callable[[str], str | None]:
        """This resolver, plus the article's references back to an outlet it named ("the agency")."""
        own = name_key(report.article.publisher or "", "outlet")
        named: dict[str, str] = {}
        for att in report.attributions:
            for name, kind in [(s.name, s.kind) for s in att.speakers] + [
                (v.name, "outlet") for v in att.via
            ]:
                key = self(name)
                if key is None and kind == "outlet":
                    key = name_key(name, "outlet")
                if key and key != own and name_key(name, "outlet") not in _ANAPHORS:
                    named.setdefault(key, name)

        def resolve(name: str) -> str | None:
            key = self(name)
            noun = name_key(name, "outlet")
            if key is not None or noun not in _ANAPHORS:
                return key
            word = _ANAPHORS[noun]
            fits = [k for k in named if word is None or word in k.split()]
            if len(fits) != 1:
                fits = list(named) if word is None and len(named) == 1 else []
            return fits[0] if len(fits) == 1 else None

        return resolve


def _speaker_and_vias(
    report: Report, att: Attribution, outlet_of: Callable[[str], str | None]
) -> tuple[tuple[str, str, str] | None, list[OutletVia]]:
    vias: list[OutletVia] = []
    speaker: tuple[str, str, str] | None = None
    for sp in att.speakers:
        outlet = outlet_of(sp.name)
        if sp.kind == "outlet" or outlet:
            vias.append(OutletVia(sp.name, outlet or name_key(sp.name, "outlet"), True))
        elif speaker is None:
            speaker = (sp.name, name_key(sp.name, sp.kind), sp.kind)
    for v in att.via:
        entity = report.entity(v.entity)
        outlet = outlet_of(v.name)
        if outlet is None and entity is not None and entity.kind not in ("outlet", "organization"):
            continue  # a person in the chain is not a publication to cite
        vias.append(OutletVia(v.name, outlet or name_key(v.name, "outlet"), v.cue is not None))
    return speaker, vias


def _quantities(report: Report, att: Attribution) -> tuple[ItemQuantity, ...]:
    by_span: dict[tuple[int, int], ItemQuantity] = {}
    for q in report.quantities:
        if q.attribution != att.id:
            continue
        found = ItemQuantity(
            q.span.text, counted_key(q.counted), q.counted, q.value, q.low, q.high, q.relation
        )
        span = (q.span.start, q.span.end)
        # the quantifier reads some numbers twice; keep the reading that knows what is counted
        if span not in by_span or (found.counted and not by_span[span].counted):
            by_span[span] = found
    return tuple(by_span.values())


# --------------------------------------------------------------------------- LSH


@lru_cache(maxsize=8)
def minhash_kwargs(num_perm: int, seed: int) -> dict[str, Any]:
    """``MinHash.bulk`` arguments with the permutations of ``seed`` drawn once, not for every
    article (``bulk`` draws them again on every call); the same signatures either way."""
    first = MinHash(num_perm=num_perm, seed=seed)
    return {"num_perm": num_perm, "seed": seed, "permutations": first.permutations, "scheme": first.scheme}


def signatures(items: list[Item], settings: Settings = DEFAULT) -> list[np.ndarray]:
    """MinHash signatures of the items' content words (one batch, shared permutations)."""
    sets = [[w.encode("utf-8") for w in sorted(it.features)] for it in items]
    if not sets:
        return []
    mhs = MinHash.bulk(sets, **minhash_kwargs(settings.link_num_perm, 1))
    return [m.hashvalues for m in mhs]


def band_keys(kind: str, hashvalues: np.ndarray, settings: Settings = DEFAULT) -> list[int]:
    """One signed 64-bit key per band; equal keys mean an identical band of the signature."""
    rows = max(1, settings.link_num_perm // settings.link_bands)
    person = kind.encode("ascii")[:16]
    keys = []
    for b in range(settings.link_bands):
        chunk = hashvalues[b * rows : (b + 1) * rows]
        if len(chunk) == 0:
            break
        digest = hashlib.blake2b(
            b.to_bytes(2, "big") + chunk.tobytes(), digest_size=8, person=person
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


# --------------------------------------------------------------------------- verification


def is_named(key: str, kind: str | None) -> bool:
    """Whether a speaker key names someone in particular: not a group, role or organisation, not a
    pronoun or other stopword left unresolved."""
    return bool(key) and kind not in _VAGUE_KINDS and any(w not in STOPWORDS for w in key.split())


def speakers_compatible(a_key: str | None, a_kind: str | None, b_key: str | None, b_kind: str | None) -> bool:
    """False only when both name different people ("Smith" fits "John Smith")."""
    if not a_key or not b_key or a_kind in _VAGUE_KINDS or b_kind in _VAGUE_KINDS:
        return True
    if a_key == b_key:
        return True
    a, b = a_key.split(), b_key.split()
    return (len(a) == 1 and a[0] == b[-1]) or (len(b) == 1 and b[0] == a[-1])


#: least score at which two quotes credited to different people can be one quote, and then only
#: with the same words (``same_words``)
SAME_WORDS = 97


def same_words(a: Item, b: Item) -> bool:
    """The same words, or the words of one a stretch of the other's (a copy cut short): the same
    quote whoever it is credited to, a misattribution to flag. Not 97 % of the characters: two
    mayors' "Our thoughts are with the families in Harlow/Malton ..." score that much."""
    return repeats(a, b) or repeats(b, a)


def repeats(a: Item, b: Item) -> bool:
    """Whether the words of ``a`` are those of ``b``, or a stretch of them."""
    return bool(a.joined) and f" {a.joined} " in f" {b.joined} "


def items_compatible(a: Item, b: Item) -> bool:
    """``speakers_compatible`` for the speakers of two items."""
    return speakers_compatible(a.speaker_key, a.speaker_kind, b.speaker_key, b.speaker_kind)


class Verdict(NamedTuple):
    """How two items compare: ``score`` when they are one quote/claim; ``conflict`` when their
    words would match but they name different people as the speaker."""

    score: float | None
    conflict: bool = False


_NO_MATCH = Verdict(None)


def verdict(a: Item, b: Item, settings: Settings = DEFAULT) -> Verdict:
    """Whether ``a`` and ``b`` are one quote/claim, with the verification score.

    A conflict is evidence against the cluster ``b`` belongs to: "We will not rest," said Lucia
    Castillo, is not the same quote as Maria Castillo's nearly identical statement, and a copy
    crediting plain "Castillo" that matches both must not join them (``link.plan``)."""
    if a.kind != b.kind:
        return _NO_MATCH
    if a.kind == "quote":
        sa, sb = a.joined, b.joined
        score = fuzz.ratio(sa, sb)
        if min(len(a.tokens), len(b.tokens)) >= 5:
            # truncation: the shorter quote is (nearly) a stretch of the longer one
            score = max(score, fuzz.partial_ratio(sa, sb))
        if score < settings.link_quote_score:
            return _NO_MATCH
        # a different speaker for the very same words is still the same quote
        if not items_compatible(a, b) and not (score >= SAME_WORDS and same_words(a, b)):
            return Verdict(None, True)
        return Verdict(float(score))
    fa, fb = a.features, b.features
    if len(fa & fb) < 3:
        return _NO_MATCH
    # Ochiai (cosine of the word sets), not token-set ratio: a short claim whose words all
    # occur in a long one scored 100 there, and such subsets chained unrelated claims into
    # one giant cluster; here a subset scores sqrt(its share of the longer claim)
    score = 100.0 * len(fa & fb) / math.sqrt(len(fa) * len(fb))
    if score < settings.link_claim_score:
        return _NO_MATCH
    if not items_compatible(a, b):
        return Verdict(None, True)
    return Verdict(float(score))
