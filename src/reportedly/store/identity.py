"""Speaker identity people decide: merge two speakers, rename one, hide one, give one an alias or
an outside identifier (an alias file: Wikidata ids to names).

Edits live in ``speaker_edits`` by speaker key and are applied on top of the automatic merge
(``names.canonical_keys``) whenever it is computed, so every list, page and export shows them
and the stored readings are never rewritten. Each edit bumps ``meta.identity_revision``, which
is part of the key of every cache over speakers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from reportedly.errors import InputError, ReportedlyError
from reportedly.store import schema
from reportedly.store.migrate import IDENTITY_REVISION, get_meta, set_meta
from reportedly.store.names import name_key


@dataclass(frozen=True, slots=True)
class SpeakerEdit:
    key: str
    merge_into: str | None = None
    name: str | None = None
    hidden: bool = False
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """The automatic merge with people's edits applied."""

    #: every stored key -> the key of the speaker it belongs to
    mapping: dict[str, str]
    #: speakers' keys -> the name to show
    renamed: dict[str, str]
    hidden: frozenset[str]
    external: dict[str, str]


def load_edits(conn: Connection) -> dict[str, SpeakerEdit]:
    se = schema.speaker_edits
    rows = conn.execute(select(se.c.key, se.c.merge_into, se.c.name, se.c.hidden, se.c.external_id))
    return {r[0]: SpeakerEdit(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows}


def revision(conn: Connection) -> str | None:
    return get_meta(conn, IDENTITY_REVISION)


def apply_edits(mapping: dict[str, str], edits: dict[str, SpeakerEdit]) -> Identity:
    """``mapping`` (key -> automatic canonical key) with merges followed, renames, hides and ids."""

    def follow(key: str) -> str:
        seen = {key}
        while (edit := edits.get(key)) is not None and edit.merge_into and edit.merge_into not in seen:
            key = edit.merge_into
            seen.add(key)
        return key

    final: dict[str, str] = {}
    for key, canon in mapping.items():
        # an edit on the key itself (an alias, a split-off spelling) wins over the automatic merge
        own = edits.get(key)
        final[key] = follow(own.merge_into if own and own.merge_into else canon)
    for key, edit in edits.items():  # aliases of names the corpus has not seen (yet)
        if edit.merge_into and key not in final:
            final[key] = follow(key)
    return Identity(
        mapping=final,
        renamed={k: e.name for k, e in edits.items() if e.name},
        hidden=frozenset(k for k, e in edits.items() if e.hidden),
        external={k: e.external_id for k, e in edits.items() if e.external_id},
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_edit(conn: Connection, key: str, **changes: Any) -> None:
    """Upsert the edit of ``key`` with ``changes`` and bump the identity revision (in ``conn``'s
    write transaction)."""
    se = schema.speaker_edits
    changes["updated_at"] = _now()
    updated = conn.execute(se.update().where(se.c.key == key).values(**changes))
    if not updated.rowcount:
        conn.execute(se.insert().values(key=key, **{"hidden": False, **changes}))
    set_meta(conn, IDENTITY_REVISION, str(int(revision(conn) or 0) + 1))


def speaker_key(
    mapping: dict[str, str], speaker: str, *, known: bool = True, shown: dict[str, str] | None = None
) -> str:
    """The key of the speaker ``speaker`` names (any spelling, or the name it is shown under),
    after every merge."""
    keys = alias_keys(speaker)
    if not keys:
        raise ReportedlyError(f"{speaker!r} is not a speaker's name")
    # a person's key keeps a leading "the", an organisation's drops it
    for key in (name_key(speaker), name_key(speaker, "organization")):
        if key in mapping:
            return mapping[key]
    for canon, name in (shown or {}).items():
        if alias_keys(name) & keys:
            return canon
    if known:
        raise ReportedlyError(
            f"no speaker named {speaker!r} in the corpus (reportedly speakers --search ...)"
        )
    return key


def alias_keys(name: str) -> set[str]:
    """The keys a name may be stored under: people keep a leading "the", bodies drop it."""
    return {k for k in (name_key(name), name_key(name, "organization")) if k}


@dataclass(frozen=True, slots=True)
class AliasRow:
    external_id: str | None
    name: str
    aliases: list[str]


def read_alias_file(path: Path) -> list[AliasRow]:
    """A CSV with a header ``id,name,aliases`` (aliases separated by ``|``; ``id`` may be empty),
    e.g. ``Q76,Barack Obama,Obama|President Obama``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            if "name" not in header:
                raise InputError(f"{path}: no 'name' column (the header is id,name,aliases)")
            reader.fieldnames = header
            rows = []
            for n, row in enumerate(reader, start=2):
                name = (row.get("name") or "").strip()
                if not name:
                    raise InputError(f"{path}: row {n} has no name")
                aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
                rows.append(AliasRow((row.get("id") or "").strip() or None, name, aliases))
            return rows
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
