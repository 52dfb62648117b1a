"""Event records as flat table rows: the columns of the batch engines' Parquet output.

Both engines (local and Spark) turn extractions into rows with :func:`event_rows` and into
Arrow batches with :func:`events_batch`, so their outputs cannot drift apart. Scalar fields of
``Event.to_dict`` become columns, spans become ``<span>_text/_start/_end`` columns, and nested
values (actor lists, the place, contexts) are JSON text; :func:`unflatten` gives back the
record exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from dyads.export.parquet import arrow_types
from dyads.model import Extraction
from dyads.store.schema import EVENTS

# The scalar fields of an event record, in output order; each column has the Arrow type of the
# stored events column of that name (dyads.store.schema), text where none is stored.
_SCALAR_FIELDS = (
    "schema",
    "id",
    "article_id",
    "type",
    "mode",
    "cameo",
    "quad_class",
    "goldstein",
    "reported_by",
    "quoted",
    "hedged",
    "negated",
    "hypothetical",
    "date",
    "date_precision",
    "extractor",
    "confidence",
    "pattern",
)
_TYPES = arrow_types()
_STORED = dict(EVENTS)
_SCALARS: tuple[tuple[str, pa.DataType], ...] = tuple(
    (name, _TYPES[_STORED.get(name, "text")]) for name in _SCALAR_FIELDS
)
# Nested values, stored as JSON text so that any warehouse can load them.
JSON_FIELDS: tuple[str, ...] = ("context", "source", "target", "claimed_by", "location")
_SPANS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("trigger", ("text", "start", "end")),
    ("evidence", ("text", "start", "end", "sentence")),
)
# Convenience columns for filtering without parsing JSON; not part of the event record.
_DERIVED: tuple[tuple[str, pa.DataType], ...] = (
    ("source_ids", pa.string()),
    ("target_ids", pa.string()),
    ("article_published", pa.string()),
    ("article_url", pa.string()),
    ("article_outlet", pa.string()),
    ("extra", pa.string()),  # fields a newer extractor adds, as JSON, so none is lost
)


def _span_columns() -> list[tuple[str, pa.DataType]]:
    columns: list[tuple[str, pa.DataType]] = []
    for name, parts in _SPANS:
        for part in parts:
            columns.append((f"{name}_{part}", pa.string() if part == "text" else pa.int64()))
    return columns


EVENT_SCHEMA = pa.schema(
    [
        *_SCALARS,
        *[(name, pa.string()) for name in JSON_FIELDS],
        *_span_columns(),
        *_DERIVED,
    ]
)
COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA.names)
_KNOWN = {name for name, _ in _SCALARS} | set(JSON_FIELDS) | {name for name, _ in _SPANS}


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flatten(record: dict[str, Any], *, article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One event record (``Event.to_dict``) as a flat row of :data:`COLUMNS`."""
    row: dict[str, Any] = {name: record.get(name) for name, _ in _SCALARS}
    for name in JSON_FIELDS:
        row[name] = _dumps(record.get(name))
    for name, parts in _SPANS:
        span = record.get(name) or {}
        for part in parts:
            row[f"{name}_{part}"] = span.get(part)
    row["source_ids"] = ";".join(a["id"] for a in record.get("source") or ())
    row["target_ids"] = ";".join(a["id"] for a in record.get("target") or ())
    article = article or {}
    row["article_published"] = article.get("published")
    row["article_url"] = article.get("url")
    row["article_outlet"] = article.get("outlet")
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    row["extra"] = _dumps(extra) if extra else None
    return row


def unflatten(row: dict[str, Any]) -> dict[str, Any]:
    """The event record a flat row was made from (the inverse of :func:`flatten`)."""
    record: dict[str, Any] = {name: row.get(name) for name, _ in _SCALARS}
    for name in JSON_FIELDS:
        value = row.get(name)
        record[name] = json.loads(value) if value is not None else None
    for name, parts in _SPANS:
        record[name] = {part: row.get(f"{name}_{part}") for part in parts}
    if row.get("extra"):
        record.update(json.loads(row["extra"]))
    return record


def event_rows(docs: Iterable[Extraction]) -> list[dict[str, Any]]:
    """Flat rows of every event of ``docs``, in article then event order."""
    rows: list[dict[str, Any]] = []
    for doc in docs:
        text = doc.article.text
        article = {
            "published": doc.article.published,
            "url": doc.article.url,
            "outlet": doc.article.outlet,
        }
        rows.extend(flatten(event.to_dict(text), article=article) for event in doc.events)
    return rows


def events_batch(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    """Rows as one Arrow record batch of :data:`EVENT_SCHEMA` (empty batches are fine)."""
    return pa.RecordBatch.from_pylist(rows, schema=EVENT_SCHEMA)


def spark_ddl() -> str:
    """The event schema as a Spark DDL string, for ``mapInArrow``."""
    names = {
        pa.string(): "string",
        pa.int32(): "int",
        pa.int64(): "bigint",
        pa.float64(): "double",
        pa.bool_(): "boolean",
    }
    return ", ".join(f"`{f.name}` {names[f.type]}" for f in EVENT_SCHEMA)
