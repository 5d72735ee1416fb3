"""The distinct wordings of a quote cluster, first appearance's wording first."""

from __future__ import annotations

from collections.abc import Sequence

from reportedly.link.citations import Member
from reportedly.link.discrepancies import word_changes
from reportedly.link.normalize import words
from reportedly.model import Variant


def variants(ordered: list[Member]) -> list[Variant]:
    """One ``Variant`` per wording (words compared, not characters), in order of first use."""
    texts: dict[str, tuple[str, list[str]]] = {}
    for m in ordered:
        text = m.items[0].text
        key = " ".join(words(text))
        texts.setdefault(key, (text, []))[1].append(m.article.id)
    ref = words(ordered[0].items[0].text)
    out = []
    for key, (text, arts) in texts.items():
        changed, truncated = word_changes(ref, key.split())
        out.append(Variant(text, arts, changed, truncated))
    return out


def add_variant(known: Sequence[Variant], first_text: str, m: Member) -> list[Variant]:
    """``known`` with the wording of ``m``, a new last appearance: the same list ``variants``
    gives for the cluster with ``m`` appended (``first_text``: the first appearance's quote)."""
    text = m.items[0].text
    key = " ".join(words(text))
    out = list(known)
    for i, v in enumerate(out):
        if " ".join(words(v.text)) == key:
            out[i] = Variant(v.text, [*v.articles, m.article.id], v.changed, v.truncated)
            return out
    changed, truncated = word_changes(words(first_text), key.split())
    return [*out, Variant(text, [m.article.id], changed, truncated)]
