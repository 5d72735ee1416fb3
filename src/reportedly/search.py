"""Quote-first search: words of a quote or claim in, every appearance out.

>>> from reportedly.search import search_quotes
>>> result = search_quotes(store, "worst night this town has seen")
>>> result.stories[0].match.score, [h.outlet for h in result.stories[0].appearances]

Candidate stories are ranked by ``link.match_clusters`` (the matcher ``trace`` uses); each
comes with its near wordings grouped (the cluster's variants) and every appearance: speaker
(as speaker identity shows them), type, cue, via chain, outlet, date and a link. Quotes the
full-text index finds outside those stories (not linked to any other article) follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportedly.errors import ReportedlyError
from reportedly.link.trace import MatchIndex, match_clusters
from reportedly.model import ClusterMatch, Variant
from reportedly.store import Store
from reportedly.store.read import attribution_facts, load_cluster, titles

#: candidate stories shown with all their appearances
STORIES = 5
#: quotes found by the full-text index outside the candidate stories
OTHERS = 50
#: appearances listed per story (a story told by a thousand articles lists its first ones;
#: its page has the rest)
APPEARANCES = 100


@dataclass(frozen=True, slots=True)
class Hit:
    """One appearance of the words asked for."""

    article: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    speaker: str | None
    type: str | None
    kind: str | None
    cue: str | None
    via: list[str]
    #: how the article got it: first-hand, cited, copied (None: not linked to a story)
    edge: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "speaker": self.speaker,
            "type": self.type,
            "kind": self.kind,
            "cue": self.cue,
            "via": list(self.via),
            "edge": self.edge,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class StoryHit:
    match: ClusterMatch
    wordings: list[Variant]
    #: the first ``APPEARANCES`` of them, in order
    appearances: list[Hit]
    total: int

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.match.to_dict(),
            "wordings": [{"text": v.text, "articles": len(v.articles)} for v in self.wordings],
            "appearances": [h.to_dict() for h in self.appearances],
            "appearances_total": self.total,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    stories: list[StoryHit]
    #: candidate stories past the first ``STORIES``, ranked, without their appearances
    more: list[ClusterMatch] = field(default_factory=list)
    others: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "stories": [s.to_dict() for s in self.stories],
            "more_stories": [m.to_dict() for m in self.more],
            "unlinked": [h.to_dict() for h in self.others],
        }


def _web(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def search_quotes(
    store: Store,
    text: str,
    *,
    stories: int = STORIES,
    others: int = OTHERS,
    appearances: int = APPEARANCES,
    index: MatchIndex | None = None,
) -> SearchResult:
    """Every appearance of the quote or claim ``text`` in the corpus (see the module's doc);
    ``index``: the matcher's wordings, when the caller keeps them (``link.match_index``)."""
    if not text.strip():
        raise ReportedlyError("search: give some words of a quote or claim")
    matches = match_clusters(store, text, limit=max(stories, 1) * 4, index=index)
    shown, more = matches[:stories], matches[stories:]
    clusters = [load_cluster(store, m.cluster, limit=appearances) for m in shown]
    listed = [c.appearances for c in clusters]
    articles = sorted({a.article for c in listed for a in c})
    facts = attribution_facts(store, articles)
    names = titles(store, articles)
    who = store.identify(sorted({a.speaker for c in listed for a in c if a.speaker}))

    def speaker(name: str | None) -> str | None:
        return who[name].name if name in who else name

    found: list[StoryHit] = []
    seen: set[tuple[str, str | None]] = set()
    for m, c, first in zip(shown, clusters, listed, strict=True):
        seen.update((a.article, a.text) for a in first)
        hits = []
        for a in first:
            f = facts.get((a.article, a.attribution or ""))
            hits.append(
                Hit(
                    a.article,
                    names.get(a.article),
                    _web(a.url),
                    a.publisher,
                    a.published,
                    speaker(a.speaker),
                    f.type if f else None,
                    f.kind if f else None,
                    f.cue if f else None,
                    list(a.via),
                    a.edge,
                    a.text,
                )
            )
        found.append(
            StoryHit(m, c.variants or [Variant(c.text, c.articles, [], False)], hits, len(c.appearances))
        )
    rest = [
        Hit(
            q.article_id,
            q.title,
            _web(q.url),
            q.outlet,
            q.published,
            q.speaker,
            q.type,
            q.kind,
            q.cue,
            list(q.via),
            None,
            q.content,
        )
        for q in _full_text(store, text, others + len(seen))
        if (q.article_id, q.content) not in seen
    ][:others]
    return SearchResult(text, found, more, rest)


def _full_text(store: Store, text: str, limit: int) -> list[Any]:
    try:
        return store.quotes(search=text, limit=limit)
    except ReportedlyError:  # words the full-text index cannot take: the stories are the answer
        return []
