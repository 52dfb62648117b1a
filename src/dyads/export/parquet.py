"""Parquet export through pyarrow (the ``parquet`` extra), written in row groups as it streams."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dyads.errors import DyadsError
from dyads.query.flat import FLAT_EVENT

ROW_GROUP = 50_000


def arrow_types() -> dict[str, Any]:
    """The Arrow type of each stored column kind (also the batch engines' Parquet columns)."""
    import pyarrow as pa

    return {
        "text": pa.string(),
        "int": pa.int32(),
        "bigint": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
    }


def _schema() -> Any:
    import pyarrow as pa

    types = arrow_types()
    return pa.schema([(column.name, types[column.kind]) for column in FLAT_EVENT])


def write_parquet(rows: Iterable[dict[str, Any]], path: str | Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise DyadsError("Parquet export needs pyarrow: pip install 'dyads[parquet]'") from None
    schema = _schema()
    count = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
                chunk = []
        if chunk or not count:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count
