"""Splitting inputs into shards, and remembering which shards are written.

A shard is a few input files (or one WARC / JSON lines file, which holds many
articles already); its Parquet file ``reports-<shard id>.parquet`` appears
under the output folder in one step (written aside, then renamed), so a shard
is either done or not. The output folder keeps a manifest of the shards it was
planned with: a re-run of the same command finds the same shards, skips the
written ones, and puts files that are new since into new shards, so no input
is ever in two shards.

Inputs and the output folder are local paths or any filesystem URL pyarrow
understands (``s3://bucket/prefix``, ``gs://...``, ``hdfs://...``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs as pafs

from reportedly.errors import ReportedlyError
from reportedly.ingest import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    Outcome,
    expand_inputs,
    is_article_name,
)

MANIFEST = "_manifest.json"
SHARD_PREFIX = "reports-"


@dataclass(frozen=True, slots=True)
class Shard:
    id: str
    files: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{SHARD_PREFIX}{self.id}.parquet"


@dataclass(slots=True)
class Plan:
    #: every shard the inputs fall into, in order
    shards: list[Shard] = field(default_factory=list)
    #: the shards whose Parquet file is not written yet
    todo: list[Shard] = field(default_factory=list)
    #: inputs that name nothing, as failures
    missing: list[Outcome] = field(default_factory=list)
    #: files in the folders given that are not articles by their name
    skipped: int = 0


def is_url(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


class Location:
    """A folder on a pyarrow filesystem: local, or s3://, gs://, hdfs:// and the like."""

    def __init__(self, location: str) -> None:
        self.location = location
        try:
            if is_url(location):
                self.fs, self.root = pafs.FileSystem.from_uri(location)
            else:
                self.fs, self.root = (
                    pafs.LocalFileSystem(),
                    str(Path(location.removeprefix("file://")).resolve()),
                )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
            raise ReportedlyError(f"cannot use {location!r}: {exc}") from None

    def path(self, name: str) -> str:
        return f"{self.root.rstrip('/')}/{name}"

    def ensure(self) -> None:
        try:
            self.fs.create_dir(self.root, recursive=True)
        except OSError as exc:
            raise ReportedlyError(f"cannot create {self.location}: {exc}") from None

    def exists(self, name: str) -> bool:
        return self.fs.get_file_info(self.path(name)).type == pafs.FileType.File

    def names(self, prefix: str = "", suffix: str = "") -> list[str]:
        try:
            infos = self.fs.get_file_info(pafs.FileSelector(self.root, allow_not_found=True))
        except OSError as exc:
            raise ReportedlyError(f"cannot list {self.location}: {exc}") from None
        return sorted(
            i.base_name
            for i in infos
            if i.type == pafs.FileType.File
            and i.base_name.startswith(prefix)
            and i.base_name.endswith(suffix)
        )

    def read_text(self, name: str) -> str | None:
        try:
            with self.fs.open_input_stream(self.path(name)) as fh:
                data: bytes = fh.read()
        except FileNotFoundError:
            return None
        return data.decode("utf-8")

    def write_atomic(self, name: str, write: object) -> None:
        """Write ``name`` aside and rename it into place: readers see all of it or nothing."""
        tmp = self.path(f".tmp-{uuid.uuid4().hex}-{name}")
        try:
            assert callable(write)
            write(tmp)
            self.fs.move(tmp, self.path(name))
        except BaseException:
            with contextlib.suppress(OSError):
                self.fs.delete_file(tmp)
            raise

    def sweep(self) -> int:
        """Remove what writers killed half-way left behind (for files since written whole)."""
        done = set(self.names())
        stale = [n for n in self.names(".tmp-") if n.split("-", 2)[-1] in done]
        for n in stale:
            with contextlib.suppress(OSError):
                self.fs.delete_file(self.path(n))
        return len(stale)

    def write_text(self, name: str, text: str) -> None:
        def go(tmp: str) -> None:
            with self.fs.open_output_stream(tmp) as fh:
                fh.write(text.encode("utf-8"))

        self.write_atomic(name, go)

    def write_table(self, name: str, table: pa.Table) -> None:
        self.write_atomic(name, lambda tmp: pq.write_table(table, tmp, filesystem=self.fs))


# --------------------------------------------------------------------------- listing inputs


def list_remote(url: str) -> tuple[list[str], list[Outcome], int]:
    """Article files under a filesystem URL (a file, or a folder searched recursively)."""
    try:
        fs, root = pafs.FileSystem.from_uri(url)
        info = fs.get_file_info(root)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        return [], [Outcome(url, "failed", reason=f"cannot read ({exc})")], 0
    scheme = url.split("://", 1)[0]
    if info.type == pafs.FileType.File:
        return [url], [], 0
    if info.type != pafs.FileType.Directory:
        return [], [Outcome(url, "failed", reason="no such file or folder")], 0
    files, skipped = [], 0
    for i in sorted(fs.get_file_info(pafs.FileSelector(root, recursive=True)), key=lambda i: i.path):
        if i.type != pafs.FileType.File or i.base_name.startswith("."):
            continue
        if is_article_name(Path(i.base_name)):
            files.append(f"{scheme}://{i.path}")
        else:
            skipped += 1
    return files, [], skipped


def is_container(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(WARC_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES)


def shard_id(files: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(files).encode("utf-8")).hexdigest()[:16]


def group(files: Sequence[str], shard_files: int) -> list[Shard]:
    """WARC, JSON lines and CSV files are a shard each; other files go ``shard_files`` to a shard."""
    shards: list[Shard] = []
    batch: list[str] = []
    for f in files:
        if is_container(f):
            shards.append(Shard(shard_id([f]), (f,)))
            continue
        batch.append(f)
        if len(batch) >= shard_files:
            shards.append(Shard(shard_id(batch), tuple(batch)))
            batch = []
    if batch:
        shards.append(Shard(shard_id(batch), tuple(batch)))
    return shards


#: article files per shard at most when the size is left to ``plan``
SHARD_FILES = 64
#: shards every worker gets at least when the size is left to ``plan``: the last shards then
#: end close together (600 articles in 64-file shards on two actors left one idle for up
#: to a whole shard, a sixth of the run)
SHARDS_PER_WORKER = 8


def shard_size(files: int, workers: int) -> int:
    """Files per shard for ``files`` new files on ``workers`` workers (0: unknown)."""
    if workers <= 0:
        return SHARD_FILES
    return max(1, min(SHARD_FILES, files // (SHARDS_PER_WORKER * workers)))


def plan(inputs: Sequence[str], out: Location, shard_files: int | None = None, workers: int = 0) -> Plan:
    """The shards ``inputs`` fall into under ``out`` (recorded in its manifest), and which are left.

    New files go ``shard_files`` to a shard; by default as many as give each of ``workers``
    several shards, ``SHARD_FILES`` at most. Shards already in the manifest stay as they are."""
    result = Plan()
    files: list[str] = []
    local = [p for p in inputs if not is_url(p)]
    # the output folder may sit among the inputs: its Parquet files are not articles
    exclude = [Path(out.path(n)) for n in out.names()] if not is_url(out.location) else []
    if local:
        found = expand_inputs(local, exclude)
        files += [str(p) for p in found.files]
        result.missing += found.missing
        result.skipped += len(found.skipped)
    for url in (p for p in inputs if is_url(p)):
        remote, failed, skipped = list_remote(url)
        files += remote
        result.missing += failed
        result.skipped += skipped
    files = list(dict.fromkeys(files))

    known = _read_manifest(out)
    wanted = set(files)
    placed = {f for s in known for f in s.files}
    result.shards = [s for s in known if wanted.intersection(s.files)]
    fresh = [f for f in files if f not in placed]
    size = shard_files or shard_size(sum(not is_container(f) for f in fresh), workers)
    new = group(fresh, max(1, size))
    if new:
        out.ensure()
        _write_manifest(out, known + new)
        result.shards += new
    written = set(out.names(SHARD_PREFIX, ".parquet"))
    result.todo = [s for s in result.shards if s.filename not in written]
    return result


def _read_manifest(out: Location) -> list[Shard]:
    text = out.read_text(MANIFEST)
    if text is None:
        return []
    try:
        data = json.loads(text)
        return [Shard(s["id"], tuple(s["files"])) for s in data["shards"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise ReportedlyError(f"{out.path(MANIFEST)} is damaged ({exc}); remove it to plan again") from None


def _write_manifest(out: Location, shards: list[Shard]) -> None:
    doc = {"shards": [{"id": s.id, "files": list(s.files)} for s in shards]}
    out.write_text(MANIFEST, json.dumps(doc, indent=1))


@contextlib.contextmanager
def local_copy(location: str) -> Iterator[Path]:
    """A local path holding the file at ``location`` (itself when it is local)."""
    if not is_url(location):
        yield Path(location)
        return
    fs, path = pafs.FileSystem.from_uri(location)
    name = path.rsplit("/", 1)[-1]
    fd, tmp = tempfile.mkstemp(suffix=f"-{name}")
    try:
        with os.fdopen(fd, "wb") as dst, fs.open_input_stream(path) as src:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        yield Path(tmp)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


__all__ = ["Location", "Plan", "Shard", "group", "is_url", "list_remote", "local_copy", "plan", "shard_id"]
