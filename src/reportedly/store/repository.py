"""The ``Store``: reports in, answers out, over SQLite or PostgreSQL.

Each article is written in one transaction (whole or not at all). SQLite runs
in WAL mode with a busy timeout and takes the write lock up front
(``BEGIN IMMEDIATE``) so that two ingests into one file wait for each other
instead of failing; a process killed mid-write leaves the last commit intact.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry

from reportedly import dates
from reportedly.errors import ReportedlyError, StoreError
from reportedly.fingerprint import Fingerprint, fingerprint
from reportedly.model import Report
from reportedly.settings import DEFAULT, Settings
from reportedly.store import identity, schema
from reportedly.store.migrate import RELINK_DUE, get_meta, migrate, set_meta
from reportedly.store.names import KeyedName, Sighting, canonical_keys, display_names, name_key, outlet_name

# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Failure:
    name: str
    reason: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "reason": self.reason, "at": self.at}


@dataclass(frozen=True, slots=True)
class Quote:
    """One stored attribution with its article's metadata."""

    article_id: str
    idx: int
    kind: str
    type: str
    content: str
    speaker: str | None
    speaker_as_written: str | None
    speaker_key: str | None
    via: list[str]
    cue: str | None
    source: str | None
    confidence: float | None
    outlet: str | None
    url: str | None
    published: str | None
    title: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "idx": self.idx,
            "kind": self.kind,
            "type": self.type,
            "content": self.content,
            "speaker": self.speaker,
            "speaker_as_written": self.speaker_as_written,
            "speaker_key": self.speaker_key,
            "via": list(self.via),
            "cue": self.cue,
            "source": self.source,
            "confidence": self.confidence,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "title": self.title,
        }


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    name: str
    key: str
    kind: str
    quotes: int
    articles: int
    #: (outlet, quotes) commonest first
    outlets: list[tuple[str, int]] = field(default_factory=list)
    #: other spellings merged into this speaker
    aliases: list[str] = field(default_factory=list)
    #: hidden by someone (``reportedly speaker hide``): left out of lists and exports
    hidden: bool = False
    #: an outside identifier (a Wikidata id) from an alias file
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "key": self.key,
            "kind": self.kind,
            "quotes": self.quotes,
            "articles": self.articles,
            "outlets": [{"outlet": o, "quotes": n} for o, n in self.outlets],
            "aliases": list(self.aliases),
            "hidden": self.hidden,
            "external_id": self.external_id,
        }


@dataclass(frozen=True, slots=True)
class SpeakerIdentity:
    """One speaker after the merge and people's edits: key, name shown, kind, hidden, outside id."""

    key: str
    name: str
    kind: str
    hidden: bool = False
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class OutletSummary:
    outlet: str
    articles: int
    quotes: int
    #: intermediaries its articles credit (via chains), (name, times) commonest first
    cites: list[tuple[str, int]] = field(default_factory=list)
    #: speakers its articles quote, (name, times) commonest first
    speakers: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "articles": self.articles,
            "quotes": self.quotes,
            "cites": [{"name": n, "times": c} for n, c in self.cites],
            "speakers": [{"name": n, "times": c} for n, c in self.speakers],
        }


def find_speakers(
    speakers: list[SpeakerSummary], search: str | None = None, kinds: tuple[str, ...] | None = None
) -> list[SpeakerSummary]:
    """Speakers of ``kinds`` whose name or another spelling holds every word of ``search``
    (case and accents folded)."""
    words = name_key(search or "", "organization").split()
    found = []
    for s in speakers:
        if kinds and s.kind not in kinds:
            continue
        names = " | ".join(name_key(n, "organization") for n in (s.name, *s.aliases))
        if all(w in names for w in words):
            found.append(s)
    return found


# --------------------------------------------------------------------------- urls


def resolve_url(url_or_path: str | None, settings: Settings = DEFAULT) -> str:
    """SQLAlchemy URL for a ``--db`` value: a plain path is a SQLite file.

    ``None`` falls back to ``settings.db`` (``REPORTEDLY_DB``, else ./reportedly.db).
    """
    value = (url_or_path or settings.db or os.environ.get("REPORTEDLY_DB") or "reportedly.db").strip()
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if value.startswith(("postgresql+", "sqlite:")):
        return value
    if "://" in value:
        scheme = value.split("://", 1)[0]
        raise StoreError(f"unsupported database URL scheme {scheme!r} (use a file path or postgresql://)")
    path = Path(value).expanduser()
    if path.is_dir():
        raise StoreError(f"database path {value} is a directory")
    if not path.parent.exists():
        raise StoreError(f"cannot create database {value}: folder {path.parent} does not exist")
    return f"sqlite:///{path.resolve()}"


def _must_exist(url: str) -> None:
    path = make_url(url).database if url.startswith("sqlite") else None
    if path and path != ":memory:" and not Path(path).exists():
        raise StoreError(f"no database at {path} (create one with `reportedly ingest PATH... --db {path}`)")


def _retry_locked(step: Callable[[], object], seconds: float) -> None:
    """Run ``step``, retrying while another process holds SQLite's lock. Two ingests creating
    one new file at once can get SQLITE_BUSY without the busy handler ever being called (the
    switch to WAL needs the file to itself), so the busy timeout alone is not enough."""
    deadline = time.monotonic() + seconds
    pause = 0.05
    while True:
        try:
            step()
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _sqlite_engine(url: str, busy_seconds: int) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_seconds})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        # We issue BEGIN ourselves (below); pysqlite's implicit transactions
        # would otherwise start a deferred one that cannot wait for the lock.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_seconds * 1000}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock at BEGIN, where busy_timeout applies; a
        # deferred transaction upgrading later fails at once with SQLITE_BUSY.
        immediate = conn.get_execution_options().get("reportedly_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class Rows:
    """A report flattened into table rows (pure; no database)."""

    article: dict[str, Any]
    attributions: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    vias: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    quantities: list[dict[str, Any]]


def report_rows(report: Report, source: str | None = None, engine: Fingerprint | None = None) -> Rows:
    """``report`` as rows; ``engine`` made it (the current engine with default settings if not said)."""
    a = report.article
    engine = engine or fingerprint(DEFAULT)
    aid = a.id
    outlet = outlet_name(a.publisher, a.url)
    article = {
        "id": aid,
        "url": a.url,
        "publisher": a.publisher,
        "outlet": outlet,
        "outlet_key": name_key(outlet, "outlet") if outlet else None,
        "title": a.title,
        "published": a.published,
        "published_date": dates.iso(a.published),
        "source": source,
        "ingested_at": _now(),
        "n_chars": len(a.text),
        "report": report.to_json(indent=None),
        "engine": engine.to_json(),
        "engine_key": engine.key,
    }
    attributions, speakers, vias = [], [], []
    for i, att in enumerate(report.attributions):
        first = att.speakers[0] if att.speakers else None
        attributions.append(
            {
                "article_id": aid,
                "idx": i,
                "attribution_id": att.id,
                "kind": att.kind,
                "type": att.type,
                "content": att.content_text,
                "cue": att.cue.text if att.cue else None,
                "source": att.source.text if att.source else None,
                "speaker": first.name if first else None,
                "speaker_kind": first.kind if first else None,
                "speaker_key": name_key(first.name, first.kind) if first else None,
                "via": " > ".join(v.name for v in att.via) or None,
                "confidence": att.confidence,
            }
        )
        for pos, sp in enumerate(att.speakers):
            speakers.append(
                {
                    "article_id": aid,
                    "attribution_idx": i,
                    "position": pos,
                    "name": sp.name,
                    "kind": sp.kind,
                    "entity": sp.entity,
                    "key": name_key(sp.name, sp.kind),
                }
            )
        for pos, v in enumerate(att.via):
            vias.append(
                {
                    "article_id": aid,
                    "attribution_idx": i,
                    "position": pos,
                    "name": v.name,
                    "entity": v.entity,
                    "key": name_key(v.name, "outlet"),
                }
            )
    entities = [
        {
            "article_id": aid,
            "entity_id": e.id,
            "name": e.name,
            "kind": e.kind,
            "key": name_key(e.name, e.kind),
            "aliases": " | ".join(e.aliases) or None,
        }
        for e in report.entities
    ]
    quantities = [
        {
            "article_id": aid,
            "idx": i,
            "text": q.span.text,
            "start": q.span.start,
            "end": q.span.end,
            "value": q.value,
            "low": q.low,
            "high": q.high,
            "relation": q.relation,
            "counted": q.counted,
            "attribution_id": q.attribution,
        }
        for i, q in enumerate(report.quantities)
    ]
    return Rows(article, attributions, speakers, vias, entities, quantities)


@dataclass(slots=True)
class _SpeakerIndex:
    """The speaker merge: every (key, kind, name) stored, key -> canonical key, canonical key -> name,
    with people's edits applied (``identity``)."""

    names: list[KeyedName]
    mapping: dict[str, str]
    shown: dict[str, str]
    hidden: frozenset[str] = frozenset()
    external: dict[str, str] = field(default_factory=dict)

    def hidden_keys(self) -> list[str]:
        """Every stored key that belongs to a hidden speaker."""
        return sorted(k for k, c in self.mapping.items() if c in self.hidden)


def _filter_keys(mapping: dict[str, str], speaker: str) -> list[str]:
    wanted = name_key(speaker)
    targets = {mapping.get(wanted, wanted)}
    if " " not in wanted:
        # a bare surname asks for everyone of that name
        targets |= {c for c in set(mapping.values()) if c.split()[-1:] == [wanted]}
    return sorted({k for k, c in mapping.items() if c in targets} | targets)


def _fts5_query(search: str) -> str:
    # Every word must occur; quoting each one keeps FTS5 syntax out of user text.
    words = [w for w in search.replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words)


def quotes_matching(dialect: str, search: str) -> Any:
    """A condition on ``attributions`` rows whose quoted content matches ``search`` (full-text)."""
    at = schema.attributions
    if dialect == "sqlite":
        return at.c.pk.in_(
            select(literal_column("rowid"))
            .select_from(text("quotes_fts"))
            .where(text("quotes_fts MATCH :fts").bindparams(fts=_fts5_query(search)))
        )
    return text(
        "to_tsvector('english', attributions.content) @@ websearch_to_tsquery('english', :q)"
    ).bindparams(q=search)


# --------------------------------------------------------------------------- store


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored report with what the store derived from it when it was stored."""

    seq: int
    #: ``articles.published_date``: the article's date as ``reportedly.dates`` read it
    published_date: str | None
    report: Report


def rows_after(conn: Connection, after: int = 0, batch: int = 200) -> Iterator[tuple[int, str | None, str]]:
    """(ingest_seq, published_date, report JSON) of the articles ingested after ``after``, in order,
    a page at a time."""
    ar = schema.articles
    while True:
        rows = conn.execute(
            select(ar.c.ingest_seq, ar.c.published_date, ar.c.report)
            .where(ar.c.ingest_seq > after)
            .order_by(ar.c.ingest_seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from ((int(seq), date, payload) for seq, date, payload in rows)
        after = rows[-1][0]


def reports_after(conn: Connection, after: int = 0, batch: int = 200) -> Iterator[Stored]:
    """The articles ingested after ``after`` (an ``ingest_seq``), in order, a page at a time."""
    for seq, published_date, payload in rows_after(conn, after, batch):
        yield Stored(seq, published_date, Report.from_json(payload))


def reports_by_id(conn: Connection, ids: Sequence[str]) -> Iterator[Stored]:
    """The stored articles among ``ids``, in the order given."""
    ar = schema.articles
    rows = {
        aid: Stored(seq, published_date, Report.from_json(payload))
        for aid, seq, published_date, payload in conn.execute(
            select(ar.c.id, ar.c.ingest_seq, ar.c.published_date, ar.c.report).where(ar.c.id.in_(list(ids)))
        )
    }
    yield from (rows[aid] for aid in ids if aid in rows)


class Store:
    """Reports stored in SQLite or PostgreSQL. Open with ``Store.open(url_or_path)``."""

    def __init__(self, engine: Engine, url: str, settings: Settings = DEFAULT) -> None:
        self.engine = engine
        self.url = url
        #: what reports stored without a fingerprint were read with
        self.settings = settings
        # the speaker merge reads every speaker and alias row; it is kept until an article is added
        self._names_lock = threading.Lock()
        self._names_cache: tuple[tuple[int, int | None, str | None], _SpeakerIndex] | None = None

    # -- lifecycle

    @classmethod
    def open(
        cls, url_or_path: str | None = None, *, settings: Settings = DEFAULT, create: bool = True
    ) -> Store:
        """Open (creating or upgrading) the database at a path or ``postgresql://`` URL.

        With ``create=False`` a SQLite file that does not exist is an error, not a new empty
        corpus: commands that only read must not leave an empty database behind a typo."""
        url = resolve_url(url_or_path, settings)
        if not create:
            _must_exist(url)
        try:
            if url.startswith("sqlite"):
                engine = _sqlite_engine(url, settings.db_busy_seconds)
                _retry_locked(lambda: migrate(engine), settings.db_busy_seconds)
            else:
                engine = create_engine(url, pool_pre_ping=True)
                migrate(engine)
        except ArgumentError as exc:
            raise StoreError(f"bad database URL: {exc}") from None
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"database driver {exc.name!r} missing; install reportedly[postgres] for PostgreSQL"
            ) from None
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {_redact(url)}: {_one_line(exc)}") from None
        return cls(engine, url, settings)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction for other modules' tables (commits on success, rolls back on error).

        On SQLite it takes the write lock at BEGIN, where the busy timeout applies,
        so it waits for a concurrent ingest instead of failing with "database is locked".
        """
        return self._write()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect().execution_options(reportedly_write=True) as conn, conn.begin():
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database write failed: {_one_line(exc)}") from None

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database read failed: {_one_line(exc)}") from None

    # -- writing

    def add(self, report: Report, source: str | None = None, engine: Fingerprint | None = None) -> bool:
        """Store one report in one transaction; False if its article is already there.

        ``engine`` made the report (by default the engine of the store's settings)."""
        rows = report_rows(report, source, engine or fingerprint(self.settings))
        aid = rows.article["id"]
        try:
            with self._write() as conn:
                if conn.execute(
                    select(schema.articles.c.ingest_seq).where(schema.articles.c.id == aid)
                ).first():
                    return False
                conn.execute(insert(schema.articles), [rows.article])
                _insert_children(conn, rows)
                if source:
                    conn.execute(delete(schema.failures).where(schema.failures.c.name == source))
        except IntegrityError as exc:
            # another process stored the same article between our check and insert
            if self.has(aid):
                return False
            raise StoreError(f"cannot store article {aid}: {_one_line(exc)}") from None
        return True

    def add_many(
        self, reports: Sequence[tuple[Report, str | None]], engine: Fingerprint | None = None
    ) -> int:
        """Store reports (with the input each came from) in one transaction: bulk loading.

        Articles already stored, or repeated in ``reports``, are skipped (idempotent by
        article id); returns how many were added."""
        made_by = engine or fingerprint(self.settings)
        fresh: dict[str, Rows] = {}
        for report, source in reports:
            fresh.setdefault(report.article.id, report_rows(report, source, made_by))
        for attempt in (1, 2):
            try:
                with self._write() as conn:
                    have = set(
                        conn.execute(
                            select(schema.articles.c.id).where(schema.articles.c.id.in_(list(fresh)))
                        ).scalars()
                    )
                    rows = [r for aid, r in fresh.items() if aid not in have]
                    if rows:
                        conn.execute(insert(schema.articles), [r.article for r in rows])
                        # one multi-row insert per table for the whole batch
                        _insert_children(
                            conn, Rows({}, *([v for r in rows for v in getattr(r, f)] for f in _CHILD_ROWS))
                        )
                        sources = [r.article["source"] for r in rows if r.article["source"]]
                        if sources:
                            conn.execute(delete(schema.failures).where(schema.failures.c.name.in_(sources)))
                return len(rows)
            except IntegrityError as exc:
                # another process stored one of them between our check and insert: check again
                if attempt == 2:
                    raise StoreError(f"cannot store {len(fresh)} article(s): {_one_line(exc)}") from None
        raise AssertionError("unreachable")

    def replace(self, report: Report, engine: Fingerprint, *, relink: bool = True) -> bool:
        """Replace the stored reading of ``report``'s article by ``report`` (made by ``engine``), in one
        transaction; False when the article is not stored. Where it came from and when stay.

        With ``relink`` (the reading changed) the links are marked due for a rebuild in the same
        transaction, so a run killed right after still relinks next time."""
        rows = report_rows(report, None, engine)
        aid = rows.article["id"]
        ar = schema.articles
        with self._write() as conn:
            if conn.execute(select(ar.c.ingest_seq).where(ar.c.id == aid)).first() is None:
                return False
            for table in _CHILDREN:
                conn.execute(delete(table).where(table.c.article_id == aid))
            kept = {"id", "source", "ingested_at"}
            conn.execute(
                ar.update()
                .where(ar.c.id == aid)
                .values({k: v for k, v in rows.article.items() if k not in kept})
            )
            _insert_children(conn, rows)
            if relink:
                set_meta(conn, RELINK_DUE, "1")
        return True

    def relink_due(self) -> bool:
        """A changed reading is waiting to be linked (``replace`` with ``relink``)."""
        with self.reader() as conn:
            return get_meta(conn, RELINK_DUE) is not None

    def stale_count(self, engine: Fingerprint) -> int:
        """How many stored reports another engine (or an unknown one) made."""
        ar = schema.articles
        with self.reader() as conn:
            return int(
                conn.execute(select(func.count()).select_from(ar).where(_made_elsewhere(engine))).scalar()
                or 0
            )

    def stale_ids(self, engine: Fingerprint) -> list[str]:
        """The articles whose stored reports another engine made, in ingest order."""
        ar = schema.articles
        with self.reader() as conn:
            return list(
                conn.execute(
                    select(ar.c.id).where(_made_elsewhere(engine)).order_by(ar.c.ingest_seq)
                ).scalars()
            )

    def add_failure(self, name: str, reason: str) -> None:
        """Record (or replace) the one-line reason an input could not be ingested."""
        self.add_failures([(name, reason)])

    def add_failures(self, failures: Sequence[tuple[str, str]]) -> None:
        """Record (or replace) the reasons inputs could not be ingested, in one transaction."""
        if not failures:
            return
        at = _now()
        latest = {name: " ".join(reason.split())[:1000] or "unknown error" for name, reason in failures}
        values = [{"name": n, "reason": r, "at": at} for n, r in latest.items()]
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
        stmt = upsert(schema.failures)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name"], set_={"reason": stmt.excluded.reason, "at": stmt.excluded.at}
        )
        with self._write() as conn:
            conn.execute(stmt, values)

    # -- reading single items

    def has(self, article_id: str) -> bool:
        with self.reader() as conn:
            row = conn.execute(
                select(schema.articles.c.ingest_seq).where(schema.articles.c.id == article_id)
            ).first()
        return row is not None

    def count(self) -> int:
        with self.reader() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar() or 0)

    def ids(self) -> list[str]:
        with self.reader() as conn:
            return list(
                conn.execute(select(schema.articles.c.id).order_by(schema.articles.c.ingest_seq)).scalars()
            )

    def get(self, article_id: str) -> Report | None:
        """The stored report whose id is ``article_id`` or starts with it (at least 4 characters)."""
        article_id = article_id.strip().lower()
        with self.reader() as conn:
            payload: str | None = conn.execute(
                select(schema.articles.c.report).where(schema.articles.c.id == article_id)
            ).scalar()
            if payload is None and len(article_id) >= 4:
                escaped = article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                found = conn.execute(
                    select(schema.articles.c.report)
                    .where(schema.articles.c.id.like(escaped + "%", escape="\\"))
                    .limit(2)
                ).all()
                if len(found) > 1:
                    raise ReportedlyError(
                        f"article id prefix {article_id!r} is ambiguous; give more characters"
                    )
                payload = found[0][0] if found else None
        return Report.from_json(payload) if payload is not None else None

    def iter_reports(self, batch: int = 200) -> Iterator[Report]:
        """Every stored report in ingest order (paged, so memory stays flat)."""
        with self.reader() as conn:
            for stored in reports_after(conn, 0, batch):
                yield stored.report

    def failures(self) -> list[Failure]:
        with self.reader() as conn:
            rows = conn.execute(
                select(schema.failures.c.name, schema.failures.c.reason, schema.failures.c.at).order_by(
                    schema.failures.c.pk
                )
            ).all()
        return [Failure(*r) for r in rows]

    # -- speaker merge

    def _speaker_names(self, conn: Connection) -> list[KeyedName]:
        s = schema.speakers
        rows = conn.execute(
            select(s.c.key, s.c.kind, s.c.name, func.count()).group_by(s.c.key, s.c.kind, s.c.name)
        )
        return [KeyedName(*r) for r in rows]

    def _aliases(self, conn: Connection) -> list[tuple[str, str]]:
        e = schema.entities
        pairs: set[tuple[str, str]] = set()
        for key, kind, aliases in conn.execute(
            select(e.c.key, e.c.kind, e.c.aliases).where(e.c.aliases.is_not(None)).distinct()
        ):
            for alias in aliases.split(" | "):
                pairs.add((name_key(alias, kind), key))
        return sorted(pairs)

    def _sightings(self, conn: Connection) -> list[Sighting]:
        """Where each person key is quoted (speakers) or only named (entities)."""
        ar = schema.articles
        found: list[Sighting] = []
        for table, speaks in ((schema.speakers, True), (schema.entities, False)):
            rows = conn.execute(
                select(table.c.key, table.c.article_id, ar.c.outlet_key, ar.c.published_date)
                .join(ar, ar.c.id == table.c.article_id)
                .where(table.c.kind == "person")
                .distinct()
            )
            found += [
                Sighting(key, aid, f"{outlet}|{day[:7]}" if outlet and day else None, speaks)
                for key, aid, outlet, day in rows
            ]
        return found

    def _speaker_index(self, conn: Connection) -> _SpeakerIndex:
        """The corpus-wide speaker merge, recomputed only when articles were added (they are never
        deleted, so the count and the last ingest number identify the corpus) or someone edited
        a speaker."""
        ar = schema.articles
        n, last = conn.execute(select(func.count(), func.max(ar.c.ingest_seq))).one()
        version = (int(n), last, identity.revision(conn))
        held = self._names_cache
        if held is not None and held[0] == version:
            return held[1]
        names = self._speaker_names(conn)
        automatic = canonical_keys(names, self._aliases(conn), self._sightings(conn))
        edited = identity.apply_edits(automatic, identity.load_edits(conn))
        mapping = edited.mapping
        index = _SpeakerIndex(
            names,
            mapping,
            {**display_names(names, mapping), **edited.renamed},
            edited.hidden,
            edited.external,
        )
        with self._names_lock:
            self._names_cache = (version, index)
        return index

    def identity_of(self) -> Callable[[str, str], SpeakerIdentity]:
        """A lookup from a speaker as an article names it (name, kind) to the speaker it belongs to
        once the corpus merge and people's edits are applied; taken once, so an export of many
        reports reads the merge one time."""
        with self.reader() as conn:
            index = self._speaker_index(conn)

        def of(name: str, kind: str) -> SpeakerIdentity:
            key = name_key(name, kind)
            canon = index.mapping.get(key, key)
            return SpeakerIdentity(
                canon, index.shown.get(canon, name), kind, canon in index.hidden, index.external.get(canon)
            )

        return of

    def speaker_keys(self) -> dict[str, str]:
        """Every stored speaker key mapped to the key of the person it names, corpus-wide."""
        with self.reader() as conn:
            return dict(self._speaker_index(conn).mapping)

    def speaker_filter_keys(self, speaker: str) -> list[str]:
        """Every stored speaker key naming the same person or body as ``speaker`` (a bare surname:
        everyone of that name)."""
        with self.reader() as conn:
            return _filter_keys(self._speaker_index(conn).mapping, speaker)

    # -- speaker identity (people's edits; see store/identity.py)

    def speaker(self, name: str) -> SpeakerIdentity:
        """Who ``name`` (any spelling) is, after every merge and edit."""
        found = self.identify([name])
        if name not in found:
            identity.speaker_key({}, name)  # raises the one-line error
        return found[name]

    def identify(self, names: list[str]) -> dict[str, SpeakerIdentity]:
        """Who each of ``names`` is (names the corpus does not know are left out), in one pass."""
        with self.reader() as conn:
            index = self._speaker_index(conn)
        keys: dict[str, str] = {}
        for name in names:
            try:
                keys[name] = identity.speaker_key(index.mapping, name, shown=index.shown)
            except ReportedlyError:
                continue
        wanted = set(keys.values())
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        for n in index.names:
            canon = index.mapping.get(n.key)
            if canon in wanted:
                kinds[canon][n.kind] += n.count
        return {
            name: SpeakerIdentity(
                key,
                index.shown.get(key, name),
                kinds[key].most_common(1)[0][0] if kinds[key] else "person",
                key in index.hidden,
                index.external.get(key),
            )
            for name, key in keys.items()
        }

    def _edit(self, key: str, **changes: Any) -> None:
        with self._write() as conn:
            identity.save_edit(conn, key, **changes)

    def merge_speakers(self, source: str, target: str) -> str:
        """Make ``source`` (any spelling) the same speaker as ``target``; returns the target's key."""
        src, dst = self.speaker(source).key, self.speaker(target).key
        if src == dst:
            raise ReportedlyError(f"{source!r} and {target!r} are already one speaker")
        self._edit(src, merge_into=dst)
        return dst

    def split_speaker(self, spelling: str) -> str:
        """Undo a merge: the spelling ``spelling`` stands on its own again; returns its key."""
        key = name_key(spelling)
        with self.reader() as conn:
            edits = identity.load_edits(conn)
            mapping = self._speaker_index(conn).mapping
        if key not in mapping:
            raise ReportedlyError(f"no speaker named {spelling!r} in the corpus")
        # its own key stands alone; the key it merged into automatically must not pull it back
        self._edit(key, merge_into=key if key in edits or mapping[key] != key else None)
        return key

    def rename_speaker(self, speaker: str, name: str) -> str:
        if not name.strip():
            raise ReportedlyError("give the new name")
        key = self.speaker(speaker).key
        self._edit(key, name=name.strip())
        return key

    def hide_speaker(self, speaker: str, hidden: bool = True) -> str:
        key = self.speaker(speaker).key
        self._edit(key, hidden=hidden)
        return key

    def alias_speaker(self, alias: str, speaker: str) -> str:
        """``alias`` (a name not necessarily in the corpus yet) names ``speaker`` from now on."""
        key = self.speaker(speaker).key
        keys = identity.alias_keys(alias) - {key}
        if not keys:
            raise ReportedlyError(f"{alias!r} is not another name for {speaker!r}")
        with self._write() as conn:
            for k in keys:
                identity.save_edit(conn, k, merge_into=key)
        return key

    def load_aliases(self, path: Path) -> int:
        """Apply an alias file (``id,name,aliases``; see ``identity.read_alias_file``) in one
        transaction; returns the number of names it gave."""
        rows = identity.read_alias_file(path)
        with self.reader() as conn:
            mapping = self._speaker_index(conn).mapping
        with self._write() as conn:
            for row in rows:
                key = identity.speaker_key(mapping, row.name, known=False)
                identity.save_edit(conn, key, name=row.name, external_id=row.external_id)
                for alias in row.aliases:
                    for k in identity.alias_keys(alias) - {key}:
                        identity.save_edit(conn, k, merge_into=key)
        return len(rows)

    # -- queries

    def quotes(
        self,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        search: str | None = None,
        limit: int | None = 50,
        undated: bool = False,
        include_hidden: bool = False,
        types: tuple[str, ...] | None = None,
        min_confidence: float | None = None,
    ) -> list[Quote]:
        return list(
            self.iter_quotes(
                speaker, outlet, since, until, search, limit, undated, include_hidden, types, min_confidence
            )
        )

    def undated_count(self) -> int:
        """Articles with no (readable) publication date: date filters cannot place them."""
        ar = schema.articles
        with self.reader() as conn:
            return int(conn.execute(select(func.count()).where(ar.c.published_date.is_(None))).scalar() or 0)

    def iter_quotes(
        self,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        search: str | None = None,
        limit: int | None = None,
        undated: bool = False,
        include_hidden: bool = False,
        types: tuple[str, ...] | None = None,
        min_confidence: float | None = None,
    ) -> Iterator[Quote]:
        """Stored attributions matching every filter given, oldest article first (``undated``:
        articles with no date pass the ``since``/``until`` filters; speakers someone hid are left
        out unless ``include_hidden`` or asked for by name; ``types`` and ``min_confidence`` give a
        default view: ``Settings.shown_types``, ``Settings.min_confidence``)."""
        at, ar, sp = schema.attributions, schema.articles, schema.speakers
        since_d, until_d = dates.user_date(since, "--since"), dates.user_date(until, "--until")
        with self.reader() as conn:
            index = self._speaker_index(conn)
            mapping, shown = index.mapping, index.shown
            stmt = select(
                at.c.article_id,
                at.c.idx,
                at.c.kind,
                at.c.type,
                at.c.content,
                at.c.speaker,
                at.c.speaker_key,
                at.c.via,
                at.c.cue,
                at.c.source,
                at.c.confidence,
                ar.c.outlet,
                ar.c.url,
                ar.c.published,
                ar.c.title,
            )
            if speaker:
                # Start from the speaker rows (ix_speakers_key) and reach each attribution by its
                # unique (article_id, idx): a correlated EXISTS per attribution instead scans every
                # row of those keys once per attribution (minutes on a 10,000-article corpus).
                matched = (
                    select(sp.c.article_id, sp.c.attribution_idx)
                    .where(sp.c.key.in_(_filter_keys(mapping, speaker)))
                    .distinct()
                    .subquery("matched")
                )
                stmt = stmt.select_from(matched).join(
                    at, and_(at.c.article_id == matched.c.article_id, at.c.idx == matched.c.attribution_idx)
                )
            stmt = stmt.join(ar, ar.c.id == at.c.article_id)
            conds: list[Any] = []
            if outlet:
                # the outlet name, or any outlet whose name contains it, resolved against the distinct
                # keys first: a LIKE in the main query would scan every attribution
                key = name_key(outlet, "outlet")
                stored = conn.execute(select(ar.c.outlet_key).where(ar.c.outlet_key.is_not(None)).distinct())
                conds.append(ar.c.outlet_key.in_(sorted(k for k in stored.scalars() if key in k)))
            dated: list[Any] = []
            if since_d:
                dated.append(ar.c.published_date >= since_d)
            if until_d:
                dated.append(ar.c.published_date <= until_d)
            if dated:
                conds.append(or_(and_(*dated), ar.c.published_date.is_(None)) if undated else and_(*dated))
            if search and search.strip():
                conds.append(quotes_matching(self.dialect, search))
            hidden = [] if include_hidden or speaker else index.hidden_keys()
            if hidden:
                conds.append(or_(at.c.speaker_key.is_(None), at.c.speaker_key.not_in(hidden)))
            if types:
                conds.append(at.c.type.in_(types))
            if min_confidence is not None:
                conds.append(at.c.confidence >= min_confidence - 1e-9)
            if conds:
                stmt = stmt.where(and_(*conds))
            stmt = stmt.order_by(
                ar.c.published_date.is_(None), ar.c.published_date, ar.c.ingest_seq, at.c.idx
            )
            if limit is not None:
                stmt = stmt.limit(limit)
            try:
                # streamed, so exporting a large corpus does not hold it all in memory
                result = conn.execution_options(yield_per=1000).execute(stmt)
            except OperationalError as exc:
                raise ReportedlyError(f"bad search {search!r}: {_one_line(exc)}") from None
            for r in result:
                canon = mapping.get(r.speaker_key, r.speaker_key) if r.speaker_key else None
                yield Quote(
                    article_id=r.article_id,
                    idx=r.idx,
                    kind=r.kind,
                    type=r.type,
                    content=r.content,
                    speaker=shown.get(canon, r.speaker) if canon else r.speaker,
                    speaker_as_written=r.speaker,
                    speaker_key=canon,
                    via=r.via.split(" > ") if r.via else [],
                    cue=r.cue,
                    source=r.source,
                    confidence=r.confidence,
                    outlet=r.outlet,
                    url=r.url,
                    published=r.published,
                    title=r.title,
                )

    def speakers(
        self,
        limit: int | None = None,
        kinds: tuple[str, ...] | None = None,
        search: str | None = None,
        include_hidden: bool = False,
    ) -> list[SpeakerSummary]:
        """Speakers merged across articles, most quoted first, with the outlets quoting them
        (``search``: words of any spelling of the name; hidden speakers only with ``include_hidden``)."""
        sp, ar = schema.speakers, schema.articles
        with self.reader() as conn:
            index = self._speaker_index(conn)
            names, mapping, shown = index.names, index.mapping, index.shown
            hidden, external = index.hidden, index.external
            rows = conn.execute(
                select(sp.c.key, sp.c.kind, sp.c.article_id, ar.c.outlet, func.count())
                .join(ar, ar.c.id == sp.c.article_id)
                .group_by(sp.c.key, sp.c.kind, sp.c.article_id, ar.c.outlet)
            ).all()
        quotes: Counter[str] = Counter()
        articles: dict[str, set[str]] = defaultdict(set)
        outlets: dict[str, Counter[str]] = defaultdict(Counter)
        kind_of: dict[str, Counter[str]] = defaultdict(Counter)
        for key, kind, article_id, outlet, n in rows:
            canon = mapping.get(key, key)
            quotes[canon] += n
            articles[canon].add(article_id)
            kind_of[canon][kind] += n
            if outlet:
                outlets[canon][outlet] += n
        spellings: dict[str, set[str]] = defaultdict(set)
        for kn in names:
            spellings[mapping.get(kn.key, kn.key)].add(kn.name)
        result = []
        for canon, n in quotes.most_common():
            if canon in hidden and not include_hidden:
                continue
            kind = kind_of[canon].most_common(1)[0][0]
            name = shown.get(canon, canon)
            result.append(
                SpeakerSummary(
                    name=name,
                    key=canon,
                    kind=kind,
                    quotes=n,
                    articles=len(articles[canon]),
                    outlets=outlets[canon].most_common(),
                    aliases=sorted(spellings[canon] - {name}),
                    hidden=canon in hidden,
                    external_id=external.get(canon),
                )
            )
        result = find_speakers(result, search, kinds)
        return result[:limit] if limit else result

    def outlets(self, top: int = 10) -> list[OutletSummary]:
        """Outlets with their article counts, whom they cite (via chains) and whom they quote."""
        ar, at, vi, sp = schema.articles, schema.attributions, schema.vias, schema.speakers
        with self.reader() as conn:
            counts = conn.execute(
                select(ar.c.outlet, func.count()).where(ar.c.outlet.is_not(None)).group_by(ar.c.outlet)
            ).all()
            nquotes: dict[str, int] = dict(
                conn.execute(
                    select(ar.c.outlet, func.count())
                    .join(at, at.c.article_id == ar.c.id)
                    .group_by(ar.c.outlet)
                ).all()
            )
            via_rows = conn.execute(
                select(ar.c.outlet, vi.c.key, vi.c.name, func.count())
                .join(vi, vi.c.article_id == ar.c.id)
                .group_by(ar.c.outlet, vi.c.key, vi.c.name)
            ).all()
            index = self._speaker_index(conn)
            mapping, shown = index.mapping, index.shown
            sp_rows = conn.execute(
                select(ar.c.outlet, sp.c.key, func.count())
                .join(sp, sp.c.article_id == ar.c.id)
                .group_by(ar.c.outlet, sp.c.key)
            ).all()
        cites: dict[str, Counter[str]] = defaultdict(Counter)
        via_names: dict[str, Counter[str]] = defaultdict(Counter)
        for outlet, key, name, n in via_rows:
            # a chain ends at the publisher itself; that is not citing anyone
            if outlet and key == name_key(outlet, "outlet"):
                continue
            cites[outlet][key] += n
            via_names[key][name] += n
        quoted: dict[str, Counter[str]] = defaultdict(Counter)
        for outlet, key, n in sp_rows:
            canon = mapping.get(key, key)
            if canon not in index.hidden:
                quoted[outlet][shown.get(canon, canon)] += n
        result = [
            OutletSummary(
                outlet=outlet,
                articles=n,
                quotes=int(nquotes.get(outlet, 0)),
                cites=[(via_names[k].most_common(1)[0][0], c) for k, c in cites[outlet].most_common(top)],
                speakers=quoted[outlet].most_common(top),
            )
            for outlet, n in counts
        ]
        result.sort(key=lambda o: (-o.articles, o.outlet))
        return result

    def sqlite_path(self) -> str | None:
        """The database file of a SQLite store (None for PostgreSQL or an in-memory database)."""
        return make_url(self.url).database or None if self.dialect == "sqlite" else None

    def size_bytes(self) -> int | None:
        """On-disk size of the database (SQLite file plus WAL; PostgreSQL database size)."""
        if self.dialect == "sqlite":
            path = make_url(self.url).database
            if not path:
                return None
            return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
        with self.reader() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)


#: the tables holding a report's rows besides ``articles``, in insert order
_CHILDREN = (schema.attributions, schema.speakers, schema.vias, schema.entities, schema.quantities)


#: the ``Rows`` field of each child table, in ``_CHILDREN`` order
_CHILD_ROWS = ("attributions", "speakers", "vias", "entities", "quantities")


def _insert_children(conn: Connection, rows: Rows) -> None:
    for table, values in zip(_CHILDREN, (getattr(rows, f) for f in _CHILD_ROWS), strict=True):
        if values:
            conn.execute(insert(table), values)


def _made_elsewhere(engine: Fingerprint) -> Any:
    ar = schema.articles
    return or_(ar.c.engine_key.is_(None), ar.c.engine_key != engine.key)


def _one_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc)
    return " ".join(msg.split())[:300]


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
