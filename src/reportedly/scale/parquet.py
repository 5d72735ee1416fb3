"""Reports as Parquet: one row per input that was read, the report's parts as nested columns.

The columns mirror the ``reportedly.report/1`` JSON (``Report.to_dict``) field for
field, so a row turns back into the same report with ``Report.from_dict``; three
columns say what the row is:

=============  ==============================================================
``name``       the input (path, ``path:line`` of a JSON line, ``path@offset``
               of a WARC record)
``status``     ``report`` or ``failed``
``reason``     why it failed (one line), else null
``article_id`` the article's id (null for a failure), for joins and dedup
``schema``     ``reportedly.report/1``
``article``    struct: id, url, publisher, title, published, byline (list),
               language, original, dateline, text
``removed``    list of struct: text, why
``attributions`` list of struct: id, kind, type, content (list of span), cue
               (span), source (span), speakers (list of struct name, kind,
               entity), via (list of struct name, entity, evidence span, cue
               span), confidence, continues, rule
``quantities`` list of struct: start, end, text, value, low, high, relation,
               counted, attribution
``entities``   list of struct: id, name, kind, aliases (list), descriptors (list)
=============  ==============================================================

A span is a struct of start, end (character offsets into ``article.text``) and text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from reportedly.model import SCHEMA, Report

if TYPE_CHECKING:
    from reportedly.ingest import Outcome

_str = pa.string()
SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", _str)])

REPORT_SCHEMA = pa.schema(
    [
        ("name", _str),
        ("status", _str),
        ("reason", _str),
        ("article_id", _str),
        ("schema", _str),
        (
            "article",
            pa.struct(
                [
                    ("id", _str),
                    ("url", _str),
                    ("publisher", _str),
                    ("title", _str),
                    ("published", _str),
                    ("byline", pa.list_(_str)),
                    ("language", _str),
                    ("original", _str),
                    ("dateline", _str),
                    ("text", _str),
                ]
            ),
        ),
        ("removed", pa.list_(pa.struct([("text", _str), ("why", _str)]))),
        (
            "attributions",
            pa.list_(
                pa.struct(
                    [
                        ("id", _str),
                        ("kind", _str),
                        ("type", _str),
                        ("content", pa.list_(SPAN)),
                        ("cue", SPAN),
                        ("source", SPAN),
                        ("speakers", pa.list_(pa.struct([("name", _str), ("kind", _str), ("entity", _str)]))),
                        (
                            "via",
                            pa.list_(
                                pa.struct(
                                    [("name", _str), ("entity", _str), ("evidence", SPAN), ("cue", SPAN)]
                                )
                            ),
                        ),
                        ("confidence", pa.float64()),
                        ("continues", _str),
                        ("rule", _str),
                    ]
                )
            ),
        ),
        (
            "quantities",
            pa.list_(
                pa.struct(
                    [
                        ("start", pa.int64()),
                        ("end", pa.int64()),
                        ("text", _str),
                        ("value", pa.float64()),
                        ("low", pa.float64()),
                        ("high", pa.float64()),
                        ("relation", _str),
                        ("counted", _str),
                        ("attribution", _str),
                    ]
                )
            ),
        ),
        (
            "entities",
            pa.list_(
                pa.struct(
                    [
                        ("id", _str),
                        ("name", _str),
                        ("kind", _str),
                        ("aliases", pa.list_(_str)),
                        ("descriptors", pa.list_(_str)),
                    ]
                )
            ),
        ),
    ]
)


def outcome_row(outcome: Outcome) -> dict[str, Any]:
    """The Parquet row of one ingest outcome (a report or a failure)."""
    if outcome.report is not None:
        row = outcome.report.to_dict()
        row.update(name=outcome.name, status="report", reason=None, article_id=outcome.report.article.id)
        return row
    return {"name": outcome.name, "status": "failed", "reason": outcome.reason or "unknown error"}


def to_table(outcomes: Iterable[Outcome]) -> pa.Table:
    return pa.Table.from_pylist([outcome_row(o) for o in outcomes], schema=REPORT_SCHEMA)


def row_report(row: dict[str, Any]) -> Report:
    """The report a ``status == "report"`` row holds."""
    return Report.from_dict({**row, "schema": row.get("schema") or SCHEMA})


def iter_rows(table: pa.Table, batch: int = 512) -> Iterator[dict[str, Any]]:
    for rb in table.to_batches(max_chunksize=batch):
        yield from rb.to_pylist()


__all__ = ["REPORT_SCHEMA", "SPAN", "iter_rows", "outcome_row", "row_report", "to_table"]
