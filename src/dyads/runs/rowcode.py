"""An article coded into table rows where it is coded: the worker side of a parallel ingest.

A worker process hands back plain rows (tuples of text and numbers) and the article's MinHash
signature instead of the extraction's object graph, so that the writing process does no more
than assign the story id and write: unpickling an extraction and building its rows took 45 %
of a one-process ingest's work, and left the workers waiting on the writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyads.model import Article
from dyads.store.rows import BatchItem, Row, Rows, add_item
from dyads.store.schema import ARTICLES

# The articles row's columns the writer fills in.
_NAMES = [name for name, _kind in ARTICLES]
STORY_AT, INGESTED_AT = _NAMES.index("story_id"), _NAMES.index("ingested_at")


@dataclass(slots=True)
class CodedRows:
    """One article's rows per table (no resume marks), or why it could not be coded."""

    article_id: str
    signature: bytes
    tables: dict[str, list[Row]]
    events: int = 0
    error: str | None = None


def code_rows(coder: Any, article: Article, *, extractor: str, data_version: str) -> CodedRows:
    """Sign and code one article; its rows, stamped and storied later by the writer."""
    # Imported here: the signature needs numpy, which `dyads ingest --help` must not load.
    from dyads.ingest.dedup import signature, to_bytes

    signed = to_bytes(signature(article.text))
    try:
        doc = coder(article)
    except Exception as err:  # one broken article must not end the batch
        return CodedRows(article.id, signed, {}, error=str(err))
    rows = Rows()
    add_item(
        rows, BatchItem(doc, signed), ingested_at="", extractor=extractor, data_version=data_version
    )
    return CodedRows(article.id, signed, rows.tables, len(doc.events))


def finish(coded: CodedRows, rows: Rows, *, story_id: str, stamp: str) -> None:
    """Add a worker's rows to the batch, with the story id and time only the writer knows."""
    for table, found in coded.tables.items():
        if table == "articles":
            found = [_stamped(row, story_id, stamp) for row in found]
        rows.tables.setdefault(table, []).extend(found)


def _stamped(row: Row, story_id: str, stamp: str) -> Row:
    values = list(row)
    values[STORY_AT], values[INGESTED_AT] = story_id, stamp
    return tuple(values)
