"""Ingest many articles into a store: files, folders, globs, WARC and JSON lines.

The parent process expands the inputs into ``Item``s (one per article to be),
hands them in small chunks to worker processes that read and analyse them, and
is the only process that writes to the database: one transaction per article,
so a run killed at any moment keeps every article it committed and the next
run skips them (ids come from content). Bad input becomes a stored failure
with a one-line reason; the batch goes on.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import glob
import json
import os
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportedly.errors import ReportedlyError, StoreError
from reportedly.fingerprint import fingerprint
from reportedly.inputs.encoding import normalise_text
from reportedly.model import Article, Report
from reportedly.settings import DEFAULT, Settings
from reportedly.store import Store

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
#: the fields a JSON-lines record or a CSV row may carry (README: "JSON lines and CSV")
RECORD_FIELDS = ("url", "publisher", "published", "title")
#: what a folder walk picks up (plus files with no suffix); a file named on the
#: command line is read whatever its name
ARTICLE_SUFFIXES = (".txt", ".text", ".htm", ".html", ".xhtml", ".shtml", "")

ItemKind = Literal["file", "text", "html", "bytes"]


@dataclass(frozen=True, slots=True)
class Item:
    """One article to read: where it came from and what is known about it already."""

    name: str
    kind: ItemKind
    path: str | None = None
    data: str | bytes | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    title: str | None = None
    #: a date to use when the page itself gives none (a WARC record's capture date)
    fallback_published: str | None = None
    #: input bytes this item accounts for, for the progress bar
    size: int = 0
    #: the text's first line is the title, whatever it looks like (``--title-from first-line``)
    first_line_title: bool = False


TitleFrom = Literal["filename", "first-line"]


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the user says about every input of a run (``ingest --publisher --published --title-from``).

    A record's own field (JSON lines, CSV) wins over these; these win over what the text says."""

    publisher: str | None = None
    published: str | None = None
    title_from: TitleFrom | None = None

    def apply(self, item: Item) -> Item:
        title = item.title
        if title is None and self.title_from == "filename" and item.path:
            title = title_from_filename(item.path)
        return dataclasses.replace(
            item,
            publisher=item.publisher or self.publisher,
            published=item.published or self.published,
            title=title,
            first_line_title=self.title_from == "first-line" and title is None,
        )


def title_from_filename(path: str) -> str:
    """ "2026-03-02_seven-dead-in-portvale.txt" -> "2026-03-02 seven dead in portvale" """
    stem = Path(path).name
    for suffix in (*WARC_SUFFIXES, *JSONL_SUFFIXES, *CSV_SUFFIXES, *ARTICLE_SUFFIXES):
        if suffix and stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or stem


def first_line(text: str) -> str | None:
    return next((line.strip() for line in text.splitlines() if line.strip()), None)


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    status: Literal["report", "present", "failed"]
    report: Report | None = None
    reason: str | None = None
    size: int = 0


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    present: int = 0
    failed: int = 0
    #: files in the folders given that are not articles by their name (README.md, photo.jpg)
    skipped: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: what linking the new articles found (``reportedly.link.LinkSummary.to_dict``), if it ran
    link: dict[str, Any] | None = None
    #: stored reports another engine made (``reportedly reanalyze`` re-reads them)
    stale: int = 0
    #: new articles missing a date, an outlet (publisher or URL), a title: shown so none goes unnoticed
    undated: int = 0
    no_outlet: int = 0
    untitled: int = 0

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "already_present": self.present,
            "failed": self.failed,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(self.rate, 2),
            "failures": [{"name": n, "reason": r} for n, r in self.failures],
            "undated": self.undated,
            "no_outlet": self.no_outlet,
            "untitled": self.untitled,
            "link": self.link,
            "stale": self.stale,
        }


def _failed(name: str, reason: str, size: int = 0) -> Outcome:
    # reasons often start with the input's name already; the failure row has it
    reason = " ".join(str(reason).split())
    reason = reason.removeprefix(f"{name}: ")
    return Outcome(name, "failed", reason=reason or "unknown error", size=size)


# --------------------------------------------------------------------------- inputs


@dataclass(slots=True)
class Inputs:
    files: list[Path] = field(default_factory=list)
    #: patterns that name nothing, and special files (pipes, devices, sockets), as failures
    missing: list[Outcome] = field(default_factory=list)
    #: files inside the folders given whose names say they are not articles
    skipped: list[Path] = field(default_factory=list)


def is_article_name(path: Path) -> bool:
    return _suffix(path) in (*ARTICLE_SUFFIXES, *WARC_SUFFIXES, *JSONL_SUFFIXES, *CSV_SUFFIXES)


def display_name(path: Path | str) -> str:
    """A file name as it can be shown and stored: bytes that are not UTF-8 (kept by Python as
    lone surrogates) become U+FFFD; the Path itself still opens the file."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def special_kind(path: Path) -> str | None:
    """'named pipe', 'device', 'socket' for a file that is not a regular file (reading a pipe
    blocks forever); None for a regular file (or one that cannot be looked at)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None


def _special(path: Path, kind: str) -> Outcome:
    return _failed(display_name(path), f"skipped: a {kind}, not a regular file")


def expand_inputs(patterns: Sequence[str], exclude: Iterable[Path] = ()) -> Inputs:
    """Files named by ``patterns`` (files, folders searched recursively, globs), in order, once each.

    Inside folders only article-like names are taken (.txt, .html, .warc, .jsonl, ...);
    a file named explicitly is always taken.
    """
    skip = {p.resolve() for p in exclude}
    out = Inputs()
    files, missing = out.files, out.missing
    seen: set[Path] = set()

    def add(path: Path) -> None:
        real = path.resolve()
        if real not in seen and real not in skip:
            seen.add(real)
            files.append(path)

    for pattern in patterns:
        path = Path(pattern).expanduser()
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                # hidden folders and files (.git, .DS_Store) are never articles
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    if n.startswith("."):
                        continue
                    kind = special_kind(Path(root) / n)
                    if kind is not None:
                        missing.append(_special(Path(root) / n, kind))
                    elif is_article_name(Path(n)):
                        add(Path(root) / n)
                    elif (Path(root) / n).resolve() not in skip:
                        out.skipped.append(Path(root) / n)
        elif path.is_file():
            add(path)
        elif (kind := special_kind(path)) is not None:
            missing.append(_special(path, kind))
        elif glob.has_magic(pattern):
            matches = sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
            if not matches:
                missing.append(_failed(pattern, "no file matches this pattern"))
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    sub = expand_inputs([m], exclude)
                    for f in sub.files:
                        add(f)
                    out.skipped.extend(sub.skipped)
                    missing.extend(sub.missing)
                elif mp.is_file():
                    add(mp)
                elif (kind := special_kind(mp)) is not None:
                    missing.append(_special(mp, kind))
        else:
            missing.append(_failed(display_name(pattern), "no such file or folder"))
    return out


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (*WARC_SUFFIXES, *JSONL_SUFFIXES):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def iter_items(
    files: Iterable[Path], metadata: Metadata | None = None, settings: Settings = DEFAULT
) -> Iterator[Item | Outcome]:
    """Items to read (and failures found while splitting containers), file by file."""
    for path in files:
        suffix = _suffix(path)
        if suffix in WARC_SUFFIXES:
            found = iter_warc(path, settings)
        elif suffix in JSONL_SUFFIXES:
            found = iter_jsonl(path, settings)
        elif suffix in CSV_SUFFIXES:
            found = iter_csv(path)
        else:
            try:
                size = path.stat().st_size
            except OSError as exc:
                yield _failed(display_name(path), f"cannot read ({exc.strerror or exc})")
                continue
            found = iter([Item(display_name(path), "file", path=str(path), size=size)])
        for x in found:
            yield metadata.apply(x) if metadata is not None and isinstance(x, Item) else x


def iter_jsonl(path: Path, settings: Settings = DEFAULT) -> Iterator[Item | Outcome]:
    """One item per line with ``text`` or ``html``; a bad line is a failure, the rest go on.

    A line is read up to the size limit and no further: a longer one is skipped to its end
    without being held in memory."""
    name = display_name(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _failed(name, f"cannot read ({exc.strerror or exc})")
        return
    limit = settings.max_bytes
    with fh:
        lineno = 0
        while True:
            raw = fh.readline(limit + 1)
            if not raw:
                break
            lineno += 1
            where = f"{name}:{lineno}"
            if len(raw) > limit and not raw.endswith(b"\n"):
                size = len(raw) + _skip_line(fh)
                yield _failed(where, f"line of more than {limit:,} bytes exceeds the limit", size)
                continue
            if raw.strip():
                yield _jsonl_item(where, raw)


def _record_item(name: str, obj: dict[str, Any], size: int) -> Item | Outcome:
    """A JSON-lines record or a CSV row: ``html`` or ``text``, and the metadata fields."""
    for key in (*RECORD_FIELDS, "text", "html"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return _failed(name, f'field "{key}" must be a string, not {_json_type(value)}', size)
    url, publisher, published, title = (_opt_str(obj, k) for k in RECORD_FIELDS)
    html, text = obj.get("html"), obj.get("text")
    kinds: tuple[tuple[ItemKind, Any], ...] = (("html", html), ("text", text))
    for kind, data in kinds:
        if isinstance(data, str) and data.strip():
            return Item(
                name,
                kind,
                data=data,
                size=size,
                url=url,
                publisher=publisher,
                published=published,
                title=title,
            )
    return _failed(name, 'no "text" or "html" field with content', size)


def iter_csv(path: Path) -> Iterator[Item | Outcome]:
    """One item per row of a CSV with a header (``url,publisher,published,title,text``; ``html``
    may stand for ``text``); a bad row is a failure, the rest go on."""
    name = display_name(path)
    # articles are long: the csv module's default field limit (128 KiB) would cut some
    csv.field_size_limit(1 << 30)
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        yield _failed(name, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            if "text" not in header and "html" not in header:
                yield _failed(
                    name, 'no "text" or "html" column in the header (url,publisher,published,title,text)'
                )
                return
            reader.fieldnames = header
            # rows numbered as a spreadsheet shows them (the header is row 1); a text field may
            # span several lines, so the file's line number would not find the row
            for n, row in enumerate(reader, start=2):
                size = sum(len(v) for v in row.values() if isinstance(v, str))
                yield _record_item(f"{name}:row {n}", row, size)
        except (csv.Error, UnicodeDecodeError) as exc:
            yield _failed(name, f"not a readable CSV file ({exc})")


def _skip_line(fh: Any) -> int:
    """Read past the rest of the current line; the number of bytes skipped."""
    skipped = 0
    while chunk := fh.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _jsonl_item(name: str, raw: bytes) -> Item | Outcome:
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _failed(name, f"not a JSON object ({exc})", len(raw))
    except RecursionError:
        return _failed(name, "not a JSON object (nested too deeply)", len(raw))
    if not isinstance(obj, dict):
        return _failed(name, "not a JSON object", len(raw))
    return _record_item(name, obj, len(raw))


def _opt_str(d: dict[str, Any], key: str) -> str | None:
    value = d.get(key)
    return normalise_text(value).strip() or None if value else None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def iter_warc(path: Path, settings: Settings = DEFAULT) -> Iterator[Item | Outcome]:
    """One item per HTTP response record; a damaged tail becomes one failure after the good records.

    Records are streamed: one over the size limit (by its Content-Length, or by what its
    body turns out to hold) is a failure and is skipped without being decompressed into memory."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    name = display_name(path)
    limit = settings.max_bytes
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except OSError as exc:
        yield _failed(name, f"cannot read ({exc.strerror or exc})")
        return
    pending: Item | None = None
    pending_pos = 0
    #: input bytes accounted for by items already yielded (for the progress bar)
    mark = 0
    records = 0
    broken: str | None = None
    with fh:
        try:
            for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
                pos = record.stream_pos
                if pending is not None:
                    yield _sized(pending, pos - mark)
                    mark = pos
                pending, pending_pos = None, pos
                records += 1
                status = record.http_headers.status_code if record.http_headers is not None else None
                if status is not None and not 200 <= status < 300:
                    continue  # redirects and errors are not articles
                uri = record.headers.get("WARC-Target-URI")
                date = record.headers.get("WARC-Date")
                where = f"{name}@{pos}"
                data = b"" if record.content_length > limit else record.reader.read(limit + 1)
                if record.content_length > limit or len(data) > limit:
                    size = max(record.content_length, len(data))
                    yield _failed(where, _too_big_record(size, limit))
                    continue
                pending = Item(where, "bytes", data=data, url=uri or None, fallback_published=date or None)
        except Exception as exc:  # fastwarc raises OSError/ValueError on damaged headers
            broken = f"damaged WARC data after {records} record(s) ({exc})"
        if broken is None and records:
            ok, trailing = _warc_tail(fh, pending_pos)
            if not ok:
                broken = (
                    f"truncated WARC: the record at byte {pending_pos} is incomplete ({records - 1} read)"
                )
                pending = None
            elif trailing:
                broken = f"damaged WARC data after the record at byte {pending_pos} ({records} read)"
    if pending is not None:
        yield _sized(pending, size - mark)
        mark = size
    if broken is not None:
        yield _failed(name, broken, size - mark)
    elif records == 0:
        yield _failed(name, "no HTTP response records; not a WARC file of web pages?", size - mark)


def _sized(item: Item, size: int) -> Item:
    return Item(
        item.name,
        item.kind,
        item.path,
        item.data,
        item.url,
        item.publisher,
        item.published,
        item.title,
        item.fallback_published,
        max(size, 0),
    )


def _too_big_record(size: int, limit: int) -> str:
    return f"WARC record of {size:,} bytes exceeds the {limit:,}-byte limit (set REPORTEDLY_MAX_BYTES)"


#: bytes of a record kept to read its headers; the body is only counted
WARC_HEAD_BYTES = 1 << 16
_WARC_CHUNK = 1 << 20


def _warc_tail(fh: Any, pos: int) -> tuple[bool, bool]:
    """Is the last record complete, and is there unparsed data after it?

    fastwarc stops quietly at a truncated record (handing over a short body),
    so the tail is checked by hand: gzip members must end, and the record must
    hold the bytes its Content-Length promises. It is streamed in pieces (a gzip
    bomb expands to gigabytes): only the record's head is kept, the rest is counted.
    """
    fh.seek(pos)
    gz = fh.read(2) == b"\x1f\x8b"
    fh.seek(pos)
    inflate = zlib.decompressobj(wbits=31) if gz else None
    head = bytearray()
    length = 0
    leftover = b""

    def take(piece: bytes) -> None:
        # count the piece, keep it only while the head is short: never hold the body
        nonlocal length
        length += len(piece)
        if len(head) < WARC_HEAD_BYTES:
            head.extend(piece[: WARC_HEAD_BYTES - len(head)])

    while not (inflate is not None and inflate.eof):
        chunk = fh.read(_WARC_CHUNK)
        if not chunk:
            break
        if inflate is None:
            take(chunk)
            continue
        try:
            # one compressed megabyte may inflate to a gigabyte: a bounded piece at a time
            while chunk and not inflate.eof:
                take(inflate.decompress(chunk, _WARC_CHUNK))
                chunk = inflate.unconsumed_tail
        except zlib.error:
            return False, False
        leftover = inflate.unused_data
    if inflate is not None and not inflate.eof:
        return False, False
    head_end = head.find(b"\r\n\r\n")
    if head_end < 0:
        return False, False
    declared = None
    for line in bytes(head[:head_end]).split(b"\r\n"):
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            try:
                declared = int(value.strip())
            except ValueError:
                return False, False
    if declared is None:
        return False, False
    body_end = head_end + 4 + declared
    if length < body_end:
        return False, False
    if inflate is None:
        # what follows the body in a plain WARC: look at it without holding all of it
        fh.seek(pos + body_end)
        return True, _has_data(fh, b"")
    return True, _has_data(fh, leftover)


def _has_data(fh: Any, first: bytes) -> bool:
    """Is there anything but line breaks, NULs and spaces in ``first`` and the rest of ``fh``?"""
    chunk = first
    while True:
        if chunk.strip(b"\r\n\x00 "):
            return True
        chunk = fh.read(_WARC_CHUNK)
        if not chunk:
            return False


# --------------------------------------------------------------------------- reading (workers)


def read_item(item: Item, settings: Settings = DEFAULT) -> Article:
    """The clean Article an item holds (raises InputError with a one-line reason)."""
    from reportedly.inputs import article_from_bytes, decode, read_file
    from reportedly.inputs.html import html_article, looks_like_html
    from reportedly.inputs.text import build_article

    meta = {"publisher": item.publisher, "url": item.url, "published": item.published}
    if item.kind in ("file", "bytes"):
        if item.kind == "file":
            assert item.path is not None
            data = read_file(Path(item.path), settings)
        else:
            assert isinstance(item.data, bytes)
            data = item.data
        title = item.title
        if item.first_line_title and not looks_like_html(data, item.name):
            title = first_line(decode(data, item.name))
        article = article_from_bytes(data, name=item.name, settings=settings, title=title, **meta)
    elif item.kind == "html":
        assert isinstance(item.data, str)
        article = html_article(item.data, name=item.name, settings=settings, **meta)
    else:
        assert isinstance(item.data, str)
        article = build_article(
            item.data,
            name=item.name,
            title=item.title or (first_line(item.data) if item.first_line_title else None),
            publisher=item.publisher,
            url=item.url,
            published=item.published,
            settings=settings,
        )
    if not article.published and item.fallback_published:
        article.published = item.fallback_published
    if not article.title and item.title:
        article.title = item.title
    return article


class _Worker:
    """Per-process state: the settings and a read connection to skip stored ids early."""

    store: Store | None = None
    settings: Settings = DEFAULT


def _init_worker(db: str, settings: Settings, parent: int) -> None:
    _Worker.settings = settings
    _Worker.store = Store.open(db, settings=settings)
    # A parent killed with SIGKILL cannot tell its pool to stop; do not linger.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _pool_chunk(items: list[Item]) -> list[Outcome]:
    assert _Worker.store is not None
    return process_chunk(items, _Worker.store, _Worker.settings)


def process_chunk(items: list[Item], store: Store | None, settings: Settings) -> list[Outcome]:
    """Read and analyse a few items; never raises for bad input."""
    from reportedly.budget import Budget

    outcomes: list[Outcome] = []
    todo: list[tuple[Item, Article]] = []
    # each item's budget starts before it is read, so cleaning a huge page counts (a long
    # article is analysed alone, within what is left; short ones are parsed in batches)
    budgets: dict[str, Budget] = {}
    for item in items:
        budget = Budget.start(settings)
        try:
            article = read_item(item, settings)
        except ReportedlyError as exc:
            outcomes.append(_failed(item.name, str(exc), item.size))
            continue
        except Exception as exc:  # a reader bug must not stop the batch
            outcomes.append(_failed(item.name, f"{type(exc).__name__}: {exc}", item.size))
            continue
        if store is not None and store.has(article.id):
            outcomes.append(Outcome(item.name, "present", size=item.size))
        else:
            todo.append((item, article))
            budgets[article.id] = budget
    if not todo:
        return outcomes
    # imported here so that a re-run finding everything stored never loads spaCy
    from reportedly.pipeline import analyze, analyze_many

    reports: list[Report | None]
    try:
        reports = list(analyze_many([a for _, a in todo], settings, budgets=budgets))
    except Exception:
        # one bad article spoils a batch: redo them one by one to find it
        reports = []
        for item, article in todo:
            try:
                reports.append(analyze(article, settings, budgets.get(article.id)))
            except ReportedlyError as exc:  # over the per-article budget
                outcomes.append(_failed(item.name, str(exc), item.size))
                reports.append(None)
            except Exception as exc:
                outcomes.append(
                    _failed(item.name, f"analysis failed: {type(exc).__name__}: {exc}", item.size)
                )
                reports.append(None)
    for (item, _), report in zip(todo, reports, strict=True):
        if report is not None:
            outcomes.append(Outcome(item.name, "report", report=report, size=item.size))
    return outcomes


def chunked(items: Iterator[Item | Outcome], size: int) -> Iterator[list[Item] | Outcome]:
    """Group items into chunks; failures found while listing pass straight through."""
    batch: list[Item] = []
    for x in items:
        if isinstance(x, Outcome):
            yield x
            continue
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --------------------------------------------------------------------------- the run


ProgressHook = Callable[[Outcome, IngestSummary], None]


def ingest(
    inputs: Sequence[str],
    db: str | None = None,
    *,
    jobs: int = 1,
    settings: Settings = DEFAULT,
    on_outcome: ProgressHook | None = None,
    on_total: Callable[[int], None] | None = None,
    store: Store | None = None,
    link: bool = True,
    metadata: Metadata | None = None,
) -> IngestSummary:
    """Ingest ``inputs`` into the database ``db`` (see ``Store.open``); returns the counts.

    With ``link`` (the default) the new articles are then linked into the corpus's story
    clusters, once for the whole run: linking holds the write lock while it works."""
    own = store is None
    st = store or Store.open(db, settings=settings)
    start = time.perf_counter()
    summary = IngestSummary()
    exclude: list[Path] = []
    dbfile = st.sqlite_path()
    if dbfile:
        exclude = [Path(dbfile + s) for s in ("", "-wal", "-shm", "-journal")]
    try:
        found = expand_inputs(inputs, exclude)
        summary.skipped = len(found.skipped)
        if on_total is not None:
            on_total(_total_bytes(found.files))
        for outcome in found.missing:
            _record(st, outcome, summary, on_outcome)
        stream = chunked(iter_items(found.files, metadata, settings), settings.ingest_chunk)
        jobs = max(1, jobs or (os.cpu_count() or 1))
        if jobs == 1:
            for chunk in stream:
                results = [chunk] if isinstance(chunk, Outcome) else process_chunk(chunk, st, settings)
                for outcome in results:
                    _record(st, outcome, summary, on_outcome)
        else:
            _run_pool(st, stream, jobs, settings, summary, on_outcome)
        if link and summary.new:
            from reportedly.link import link_new

            summary.link = link_new(st, settings=settings).to_dict()
        summary.stale = st.stale_count(fingerprint(settings))
    finally:
        summary.seconds = time.perf_counter() - start
        if own:
            st.close()
    return summary


def _run_pool(
    st: Store,
    stream: Iterator[list[Item] | Outcome],
    jobs: int,
    settings: Settings,
    summary: IngestSummary,
    on_outcome: ProgressHook | None,
) -> None:
    import multiprocessing

    # spawn, not fork: the parent has threads (progress bar) and open connections
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(st.url, settings, os.getpid())
    ) as pool:
        inflight: set[Future[list[Outcome]]] = set()
        try:
            for chunk in stream:
                if isinstance(chunk, Outcome):
                    _record(st, chunk, summary, on_outcome)
                    continue
                inflight.add(pool.submit(_pool_chunk, chunk))
                # a bounded queue keeps memory flat on a million-record WARC
                while len(inflight) >= jobs * 2:
                    inflight = _drain(st, inflight, summary, on_outcome)
            while inflight:
                inflight = _drain(st, inflight, summary, on_outcome)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _drain(
    st: Store,
    inflight: set[Future[list[Outcome]]],
    summary: IngestSummary,
    on_outcome: ProgressHook | None,
) -> set[Future[list[Outcome]]]:
    done, rest = wait(inflight, return_when=FIRST_COMPLETED)
    for fut in done:
        try:
            outcomes = fut.result()
        except BrokenProcessPool as exc:
            raise ReportedlyError(
                f"a worker process died ({exc or 'killed'}); what was stored is kept, run again to carry on"
            ) from None
        for outcome in outcomes:
            _record(st, outcome, summary, on_outcome)
    return rest


def _record(st: Store, outcome: Outcome, summary: IngestSummary, on_outcome: ProgressHook | None) -> None:
    summary.read += 1
    if outcome.status == "report":
        report = outcome.report
        assert report is not None
        try:
            added = st.add(report, source=outcome.name)
        except StoreError as exc:
            # this one report cannot be stored; if the database itself is gone,
            # recording the failure raises too and the run stops
            outcome = _failed(outcome.name, str(exc), outcome.size)
        else:
            if added:
                summary.new += 1
                a = report.article
                summary.undated += not a.published
                summary.no_outlet += not (a.publisher or a.url)
                summary.untitled += not a.title
            else:
                summary.present += 1
    if outcome.status == "present":
        summary.present += 1
    elif outcome.status == "failed":
        reason = outcome.reason or "unknown error"
        st.add_failure(outcome.name, reason)
        summary.failed += 1
        summary.failures.append((outcome.name, reason))
    if on_outcome is not None:
        on_outcome(outcome, summary)


def _total_bytes(files: Iterable[Path]) -> int:
    """Sum of the input files' sizes (the progress bar's total)."""
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += f.stat().st_size
    return total


__all__ = [
    "IngestSummary",
    "Inputs",
    "Item",
    "Metadata",
    "Outcome",
    "chunked",
    "expand_inputs",
    "ingest",
    "is_article_name",
    "iter_csv",
    "iter_items",
    "iter_jsonl",
    "iter_warc",
    "process_chunk",
    "read_item",
]
