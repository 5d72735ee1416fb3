"""Article-level edges: which article (or, with none in the corpus, which outlet) an article
cites or copies (``article_edges``).

Pure. The store reads the article, the outlets it credits, the sources derived for its
cited items, and supplies ``story_of``, the one lookup that needs the database: the
outlet's article on the same story. It is called only for the credits that need it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from reportedly.link.citations import ArticleInfo
from reportedly.link.clusters import OutletResolver
from reportedly.model import Source
from reportedly.store.names import name_key

#: outlet key -> the article of that outlet telling the same story as the article asking, if any
StoryOf = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Credit:
    """An outlet an article credits anywhere (``link_articles.credits``)."""

    name: str
    key: str
    #: False when the outlet is only ever the recipient ("told the Courier")
    reported: bool
    #: an organisation speaking that the corpus did not know as an outlet when the article was linked
    speaker: bool = False


@dataclass(frozen=True, slots=True)
class ArticleEdge:
    """One ``link_edges`` row: ``from_article`` cites or copies ``to_article`` (None: only the outlet)."""

    kind: Literal["cited", "copied"]
    from_article: str
    to_article: str | None
    to_outlet: str | None
    #: the cited outlet's key, so that an article of it linked later can take the edge over
    #: (None for a copy)
    to_outlet_key: str | None
    evidence: str


def article_edges(
    info: ArticleInfo,
    credits: Iterable[Credit],
    item_sources: Iterable[Source],
    outlets: OutletResolver,
    story_of: StoryOf,
    copied_names: Mapping[str, str],
    outlet_keys: Mapping[str, str | None],
) -> list[ArticleEdge]:
    """The edges of one article, at most one per outlet.

    ``item_sources``: the sources of its cited items, in item order; ``copied_names``: the
    outlet of the article it copies (by id); ``outlet_keys``: the outlet key of each article
    those sources name."""
    aid = info.id
    if info.copy_of or info.copy_outlet:
        # its citations are the original's, inherited through the copy
        name = copied_names.get(info.copy_of or "", info.copy_outlet)
        return [ArticleEdge("copied", aid, info.copy_of, name, None, "copy")]
    targets: dict[str, ArticleEdge] = {}
    for s in item_sources:
        if s.article:
            key = outlet_keys.get(s.article) or s.article
        else:
            key = outlets(s.outlet or "") or name_key(s.outlet or "", "outlet")
        # an article named beats an outlet named
        if s.article or key not in targets:
            targets[key] = ArticleEdge("cited", aid, s.article, s.outlet, key, s.evidence)
    for c in credits:
        key = outlets.canonical(c.key) or c.key
        if c.speaker and key not in outlets.keys:
            continue  # an organisation speaking, not an outlet cited
        if key == info.outlet_key and not c.reported:
            continue  # its own interview
        known = targets.get(key)
        if known is not None and known.to_article:
            continue
        story = story_of(key) if key in outlets.keys else None
        if story:
            targets[key] = ArticleEdge("cited", aid, story, c.name, key, "story")
        elif key not in targets:
            targets[key] = ArticleEdge("cited", aid, None, c.name, key, "via")
    return [e for e in targets.values() if e.to_article != aid]
