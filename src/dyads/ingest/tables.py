"""CSV files: one article per row, the text in one column, metadata in the others."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from dyads.errors import InputError
from dyads.ingest.readers import MAX_ARTICLE_BYTES, ReadResult, article_from_record, open_regular

DEFAULT_TEXT_COLUMN = "text"
# Column names that mean the same metadata field in common exports.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "publish_date", "pubdate"),
    "outlet": ("outlet", "source", "publisher", "site"),
    "authors": ("authors", "author", "byline"),
}


def _field(row: dict[str, str], names: tuple[str, ...]) -> str | None:
    lowered = {k.strip().lower(): v for k, v in row.items() if k}
    for name in names:
        value = lowered.get(name)
        if value and value.strip():
            return value.strip()
    return None


def read_csv_file(
    path: Path, *, published: str | None = None, text_column: str = DEFAULT_TEXT_COLUMN
) -> Iterator[ReadResult]:
    where = str(path)
    # Articles are longer than csv's default 128 KiB field, but no field may pass the limit.
    csv.field_size_limit(MAX_ARTICLE_BYTES)
    opened = open_regular(path)
    if isinstance(opened, InputError):
        yield opened
        return
    with io.TextIOWrapper(opened, encoding="utf-8-sig", newline="") as handle:
        try:
            sample = handle.read(65536)
            handle.seek(0)
            dialect: type[csv.Dialect] | csv.Dialect = csv.excel
            if sample:
                try:
                    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
                except csv.Error:
                    dialect = csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            columns = [c.strip() for c in reader.fieldnames or []]
            if text_column not in columns:
                # Names as written, but escaped where they hold a line break or control character:
                # the error stays one line whatever the header holds.
                shown = ", ".join(c if c.isprintable() else ascii(c) for c in columns) or "none"
                yield InputError(
                    where, f"has no column {text_column!r} (columns: {shown}); use --text-column"
                )
                return
            for number, row in enumerate(reader, start=2):
                row = {(k or "").strip(): v or "" for k, v in row.items()}
                record: dict[str, object] = {"text": row.get(text_column, "")}
                for key, names in ALIASES.items():
                    value = _field(row, names)
                    if value is not None and key != "authors":
                        record[key] = value
                    elif value is not None:
                        record[key] = [a.strip() for a in value.split(";") if a.strip()]
                yield article_from_record(record, f"{where}:{number}", published=published)
        except UnicodeDecodeError:
            yield InputError(where, "is not valid UTF-8")
        except csv.Error as err:
            yield InputError(where, f"is not a readable CSV file ({err})")
