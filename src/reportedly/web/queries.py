"""Queries the web pages need that the ``Store`` does not offer (SQLAlchemy Core on its tables).

Corpus-wide summaries (speaker merge, speaker and outlet lists) are cached per
*corpus version* (article count, last ingest and link state), so a page costs
one small query until something is ingested or linked.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, func, inspect, literal_column, or_, select, text
from sqlalchemy.exc import OperationalError

from reportedly.errors import ReportedlyError
from reportedly.link import store as link_tables
from reportedly.store import Quote, Store
from reportedly.store import schema as st
from reportedly.store.names import name_key

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "quotes": self.quotes,
        }


@dataclass(frozen=True, slots=True)
class ArticlePage:
    rows: list[ArticleRow]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    kind: str
    text: str
    speaker: str | None
    articles: int
    first_published: str | None
    independent_origins: int
    conflicts: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker,
            "articles": self.articles,
            "first_published": self.first_published,
            "independent_origins": self.independent_origins,
            "conflicts": self.conflicts,
        }


class CorpusCache:
    """Values computed from the whole corpus, recomputed when the corpus changes.

    After a change the previous value is served while a background thread
    computes the new one (stale for a moment rather than slow for a second),
    so only the very first computation makes a request wait.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: name -> (corpus version, value)
        self._values: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._refreshing: set[str] = set()

    def get(self, store: Store, name: str, compute: Callable[[], T]) -> T:
        version = corpus_version(store)
        with self._lock:
            held = self._values.get(name)
            if held is not None and held[0] == version:
                return held[1]
            stale = held is not None and name not in self._refreshing
            if stale:
                self._refreshing.add(name)
        if held is not None:
            if stale:
                threading.Thread(target=self._refresh, args=(name, version, compute), daemon=True).start()
            return held[1]
        value = compute()
        with self._lock:
            self._values[name] = (version, value)
        return value

    def _refresh(self, name: str, version: tuple[Any, ...], compute: Callable[[], Any]) -> None:
        try:
            value = compute()
            with self._lock:
                self._values[name] = (version, value)
        except Exception:
            pass
        finally:
            with self._lock:
                self._refreshing.discard(name)

    def warm(self, store: Store, computations: dict[str, Callable[[], Any]]) -> threading.Thread:
        """Compute values in a background thread (at start-up, before the first visitor)."""

        def run() -> None:
            for name, compute in computations.items():
                try:
                    self.get(store, name, compute)
                except Exception:
                    return

        thread = threading.Thread(target=run, daemon=True, name="reportedly-cache-warm")
        thread.start()
        return thread


def corpus_version(store: Store) -> tuple[Any, ...]:
    with store.engine.connect() as conn:
        n, last = conn.execute(select(func.count(), func.max(st.articles.c.ingest_seq))).one()
        linked: Any = None
        if has_link_tables(conn):
            linked = conn.execute(select(func.count(), func.max(link_tables.link_clusters.c.id))).one()
            linked = tuple(linked)
    return (n, last, linked)


def has_link_tables(conn: Connection) -> bool:
    return bool(inspect(conn).has_table("link_clusters"))


def _iso(value: str | None, what: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise ReportedlyError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None


def _fts5_query(search: str) -> str:
    # quoting every word keeps FTS5 operators out of user text
    return " ".join(f'"{w}"' for w in search.replace('"', " ").split() if w)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_articles(
    store: Store,
    cache: CorpusCache,
    *,
    search: str | None = None,
    outlet: str | None = None,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ArticlePage:
    """Articles, newest first, matching every filter; ``search`` looks in titles and quoted words."""
    ar, at, sp = st.articles, st.attributions, st.speakers
    since_d, until_d = _iso(since, "since"), _iso(until, "until")
    conds: list[Any] = []
    if outlet and outlet.strip():
        conds.append(ar.c.outlet_key == name_key(outlet, "outlet"))
    if since_d:
        conds.append(ar.c.published_date >= since_d)
    if until_d:
        conds.append(ar.c.published_date <= until_d)
    if speaker and speaker.strip():
        keys = store.speaker_filter_keys(speaker)
        # an IN over the key index: a correlated EXISTS makes SQLite scan every row of those keys per article
        conds.append(ar.c.id.in_(select(sp.c.article_id).where(sp.c.key.in_(keys))))
    if search and search.strip():
        in_title = ar.c.title.ilike(_like(search.strip()), escape="\\")
        if store.dialect == "sqlite":
            fts = _fts5_query(search)
            in_quotes = ar.c.id.in_(
                select(at.c.article_id).where(
                    at.c.pk.in_(
                        select(literal_column("rowid"))
                        .select_from(text("quotes_fts"))
                        .where(text("quotes_fts MATCH :fts").bindparams(fts=fts))
                    )
                )
            )
        else:
            in_quotes = ar.c.id.in_(
                select(at.c.article_id).where(
                    text(
                        "to_tsvector('english', attributions.content) @@ websearch_to_tsquery('english', :q)"
                    ).bindparams(q=search)
                )
            )
        conds.append(or_(in_title, in_quotes))
    where = and_(*conds) if conds else None
    quotes = (
        select(func.count()).select_from(at).where(at.c.article_id == ar.c.id).correlate(ar).scalar_subquery()
    )
    stmt = select(ar.c.id, ar.c.title, ar.c.outlet, ar.c.published, ar.c.url, quotes.label("quotes"))
    count = select(func.count()).select_from(ar)
    if where is not None:
        stmt, count = stmt.where(where), count.where(where)
    stmt = (
        stmt.order_by(ar.c.published_date.is_(None), ar.c.published_date.desc(), ar.c.ingest_seq.desc())
        .limit(limit)
        .offset(offset)
    )
    try:
        with store.engine.connect() as conn:
            total = int(conn.execute(count).scalar() or 0)
            rows = [ArticleRow(*r) for r in conn.execute(stmt)]
    except OperationalError:
        if search and search.strip():
            raise ReportedlyError(f"cannot search for {search!r}") from None
        raise
    return ArticlePage(rows, total, offset, limit)


def outlet_names(store: Store) -> list[str]:
    """Every outlet with stored articles, by name."""
    ar = st.articles
    with store.engine.connect() as conn:
        return list(
            conn.execute(
                select(ar.c.outlet).where(ar.c.outlet.is_not(None)).distinct().order_by(ar.c.outlet)
            ).scalars()
        )


@dataclass(frozen=True, slots=True)
class OutletLinks:
    """Who credits an outlet: outlets whose articles name it in a via chain, and copies of it."""

    cited_by: list[tuple[str, int]]
    copied_by: list[tuple[str, int]]
    copies: list[tuple[str, int]]


def outlet_links(store: Store, outlet: str) -> OutletLinks:
    ar, vi = st.articles, st.vias
    key = name_key(outlet, "outlet")
    with store.engine.connect() as conn:
        cited = conn.execute(
            select(ar.c.outlet, func.count())
            .join(vi, vi.c.article_id == ar.c.id)
            .where(vi.c.key == key, or_(ar.c.outlet_key.is_(None), ar.c.outlet_key != key))
            .group_by(ar.c.outlet)
            .order_by(func.count().desc())
        ).all()
        copied_by: list[tuple[str, int]] = []
        copies: list[tuple[str, int]] = []
        if has_link_tables(conn):
            la = link_tables.link_articles
            src = la.alias("src")
            # an article copies another in the corpus (copy_of), or only names its outlet
            copied_by = [
                (r[0], r[1])
                for r in conn.execute(
                    select(la.c.outlet, func.count())
                    .select_from(la.outerjoin(src, src.c.article_id == la.c.copy_of))
                    .where(
                        or_(src.c.outlet_key == key, la.c.original_key == key),
                        or_(la.c.outlet_key.is_(None), la.c.outlet_key != key),
                    )
                    .group_by(la.c.outlet)
                )
            ]
            copies = [
                (r[0], r[1])
                for r in conn.execute(
                    select(func.coalesce(src.c.outlet, la.c.copy_outlet), func.count())
                    .select_from(la.outerjoin(src, src.c.article_id == la.c.copy_of))
                    .where(
                        la.c.outlet_key == key, or_(la.c.copy_of.is_not(None), la.c.copy_outlet.is_not(None))
                    )
                    .group_by(func.coalesce(src.c.outlet, la.c.copy_outlet))
                )
            ]
    return OutletLinks(
        cited_by=[(o or "unknown", n) for o, n in cited],
        copied_by=[(o or "unknown", n) for o, n in copied_by],
        copies=[(o or "unknown", n) for o, n in copies],
    )


def stories(store: Store, *, limit: int = 200, article: str | None = None) -> list[StoryRow]:
    """Linked clusters told by at least two articles (or every cluster of ``article``), widest first."""
    with store.engine.connect() as conn:
        if not has_link_tables(conn):
            return []
        lc, ld, li = link_tables.link_clusters, link_tables.link_discrepancies, link_tables.link_items
        conflicts = (
            select(func.count())
            .select_from(ld)
            .where(ld.c.cluster == lc.c.id, ld.c.conflict.is_(True))
            .correlate(lc)
            .scalar_subquery()
        )
        stmt = select(
            lc.c.id,
            lc.c.kind,
            lc.c.text,
            lc.c.speaker,
            lc.c.n_articles,
            lc.c.first_published,
            lc.c.independent_origins,
            conflicts,
        )
        if article:
            stmt = stmt.where(lc.c.id.in_(select(li.c.cluster).where(li.c.article_id == article)))
        else:
            stmt = stmt.where(lc.c.n_articles >= 2)
        stmt = stmt.order_by(lc.c.n_articles.desc(), lc.c.first_published, lc.c.id).limit(limit)
        return [StoryRow(*r) for r in conn.execute(stmt)]


def speaker_outlets(quotes: list[Any]) -> list[tuple[str, int]]:
    return Counter(q.outlet or "unknown" for q in quotes).most_common()


def speaker_quotes(store: Store, cache: CorpusCache, speaker: str, limit: int = 2000) -> list[Quote]:
    """Every attribution whose speakers include ``speaker`` (merged across spellings), oldest first.

    ``Store.quotes(speaker=...)``; ``cache`` is unused (the store keeps its own speaker merge) and
    stays for callers.
    """
    return store.quotes(speaker=speaker, limit=limit)
