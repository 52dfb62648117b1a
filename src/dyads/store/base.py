"""What every store backend shares: the Store protocol and the SQL both backends speak.

A backend supplies five primitives (execute, fetch, stream, insert_rows, transaction); all the
store's logic (migrations, batch writes, resumability marks, re-coding) is written once here.
SQL is written with ``?`` placeholders; a backend that uses another style translates them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

import dyads.store.migrations as migrations
import dyads.store.schema as schema
from dyads.errors import StoreError
from dyads.model import Article, Extraction
from dyads.store.daily import event_days, has_days, refresh_days
from dyads.store.day_deltas import DEMOTED_COLUMNS, add_deltas, batch_deltas
from dyads.store.picks import RecentPicks, flag_batch
from dyads.store.rows import BatchItem, Row, Rows, add_item, extraction_rows
from dyads.store.schema import SCHEMA_VERSION, TABLES, Dialect, in_lists
from dyads.store.signatures import stored_signatures
from dyads.store.totals import add_counts, count_batch

Params = tuple[Any, ...] | list[Any]
# Demotes the stored picks among ids (``{slots}``), returning what their daily counts need.
DEMOTE_SQL = (
    "UPDATE events SET representative = FALSE WHERE{where} id IN ({slots}) AND representative"
    f" RETURNING {', '.join(DEMOTED_COLUMNS)}"
)
_ARTICLE_COLUMNS = (
    "id, text, title, url, published, outlet, authors, language, story_id, source_path, body"
)


@runtime_checkable
class Store(Protocol):
    """The event store, whatever the backend. See docs/schema.md."""

    dialect: Dialect
    url: str

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    def stream(self, sql: str, params: Params = (), *, size: int = 5000) -> Iterator[Row]: ...

    def write_batch(
        self, items: Sequence[BatchItem], *, extractor: str, data_version: str
    ) -> int: ...

    def write_rows(self, rows: Rows) -> int: ...

    def mark_done(self, keys: Iterable[tuple[str, str | None]]) -> None: ...

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]: ...

    def known_articles(self, ids: Iterable[str]) -> set[str]: ...

    def done_keys(self, keys: Iterable[str]) -> set[str]: ...

    def signatures(self, recent: int | None = None) -> Iterator[tuple[str, str, bytes]]: ...

    def article_ids(self) -> list[str]: ...

    def articles(self, ids: Sequence[str]) -> list[Article]: ...

    def stored_events(self, article_ids: Sequence[str]) -> dict[str, dict[str, str]]: ...

    def replace_extractions(
        self, docs: Sequence[Extraction], *, extractor: str, data_version: str
    ) -> None: ...

    def count(self, table: str) -> int: ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SQLStore:
    """Common logic over a backend's primitives. Subclasses implement the five hooks."""

    dialect: Dialect
    url: str
    concurrent_reads = False  # may several threads call fetch() at once?

    # -- backend hooks -------------------------------------------------------------------
    def execute(self, sql: str, params: Params = ()) -> None:
        raise NotImplementedError

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def stream(self, sql: str, params: Params = (), *, size: int = 5000) -> Iterator[Row]:
        raise NotImplementedError

    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    _depth = 0  # transactions open on this store: only the outermost begins and ends one

    @contextmanager
    def joined(self, outermost: Callable[[], AbstractContextManager[Any]]) -> Iterator[None]:
        """A backend's ``transaction()``: ``outermost()`` once; nested use joins it (migrations)."""
        depth, self._depth = self._depth, self._depth + 1
        try:
            with nullcontext() if depth else outermost():
                yield
        finally:
            self._depth = depth

    # The picks of recent stories (see dyads.store.picks), kept only by a backend whose writer
    # is its database's only one.
    recent_picks: RecentPicks | None = None

    def row_count(self, table: str) -> int | None:
        """The table's row count, where it bounds the row numbers of rows added next (see
        :meth:`demote`); None for a backend without row numbers."""
        return None

    def demote(self, event_ids: Sequence[str], *, floor: int | None = None) -> list[Row]:
        """Clear ``representative`` on these events; ``floor``, where known, is the lowest row
        number they can be in (a backend that can skip to it does). Returns the events whose
        flag changed, as ``DEMOTED_COLUMNS`` (their daily counts move, see day_deltas)."""
        found: list[Row] = []
        for chunk, slots in in_lists(event_ids):
            found.extend(self.fetch(DEMOTE_SQL.format(where="", slots=slots), chunk))
        return found

    def bulk_writes(self) -> AbstractContextManager[None]:
        """Settings for a long run of batch writes (an ingest); none unless a backend has some."""
        return nullcontext()

    def close(self) -> None:
        raise NotImplementedError

    def interrupt(self, thread: int) -> None:
        """Stop the query thread ``thread`` is running, if the backend can (an API deadline)."""

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    def schema_version(self) -> int:
        return migrations.current_version(self)

    def migrate(self, target: int = SCHEMA_VERSION) -> list[int]:
        """Apply pending migrations; return the versions applied."""
        if self.schema_version() > SCHEMA_VERSION:
            raise StoreError(
                f"{self.url}: database schema version {self.schema_version()} is newer than "
                f"this Dyads ({SCHEMA_VERSION}); upgrade Dyads"
            )
        applied = []
        # One transaction for the whole upgrade: a database is at one version or the next,
        # never in between, and a fresh one is created with a single commit.
        with self.transaction():
            for version in migrations.pending(self, target):
                migrations.MIGRATIONS[version](self)
                self.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (version, now_iso()),
                )
                applied.append(version)
        return applied

    # -- writing -------------------------------------------------------------------------
    def write_batch(self, items: Sequence[BatchItem], *, extractor: str, data_version: str) -> int:
        """Store a batch of articles in one transaction; return how many were new.

        Articles already stored are skipped, so writing the same batch twice (a resumed ingest
        that re-reads its last, uncommitted batch) adds nothing.
        """
        rows = Rows()
        stamp = now_iso()
        seen: set[str] = set()
        for item in items:
            article_id = item.extraction.article.id
            add_item(
                rows,
                item,
                ingested_at=stamp,
                extractor=extractor,
                data_version=data_version,
                marks_only=article_id in seen,
            )
            seen.add(article_id)
        return self.write_rows(rows)

    def write_rows(self, rows: Rows) -> int:
        """Insert a batch's rows (see :func:`dyads.store.rows.add_item`) in one transaction,
        leaving out articles and resume marks that are already stored; return articles added."""
        if not rows.tables:
            return 0
        with self.transaction():
            existing = self.known_articles(r[0] for r in rows.tables.get("articles", []))
            marks = [r[0] for r in rows.tables.get("ingest_state", [])]
            done = self.done_keys(marks)
            if existing or done or len(set(marks)) != len(marks):
                rows = rows.without(existing, done)
            since = self.row_count("events") if self.recent_picks is not None else None
            flagged = flag_batch(self, rows, self.recent_picks, since)
            counted = count_batch(self, rows, self.recent_picks)
            for table in TABLES:
                if rows.tables.get(table):
                    self.insert_rows(table, rows.tables[table])
            if counted is not None:
                add_counts(self, *counted)
            demoted = self.demote(flagged.demoted, floor=flagged.floor)
            self.add_batch_days(rows, demoted)
        if self.recent_picks is not None:
            # only once the batch is committed
            self.recent_picks.remember(flagged.picks, flagged.floors)
        return len(rows.tables.get("articles", []))

    def add_batch_days(self, rows: Rows, demoted: Sequence[Row] = ()) -> None:
        """Add to ``dyad_days`` (see :mod:`dyads.store.daily`) a batch's new event rows and
        the stored events it demoted from representative (see :mod:`dyads.store.day_deltas`:
        no recount of the days, whose cost would grow with the store)."""
        events = rows.tables.get("events", [])
        if (events or demoted) and has_days(self):  # a database not yet upgraded has none
            add_deltas(self, batch_deltas(events, demoted))

    def mark_done(self, keys: Iterable[tuple[str, str | None]]) -> None:
        """Record inputs finished without an article (errors, skips) so a resume skips them."""
        pairs = dict(keys)
        if not pairs:
            return
        with self.transaction():
            known = self.done_keys(pairs)
            stamp = now_iso()
            rows = [(key, aid, stamp) for key, aid in pairs.items() if key not in known]
            if rows:
                self.insert_rows("ingest_state", rows)

    def replace_extractions(
        self, docs: Sequence[Extraction], *, extractor: str, data_version: str
    ) -> None:
        """Swap the stored sentences, mentions and events of these articles for new ones."""
        if not docs:
            return
        ids = [doc.article.id for doc in docs]
        with self.transaction():
            days = event_days(
                self, "SELECT DISTINCT date FROM events WHERE article_id IN ({marks})", ids
            )
            for chunk, marks in in_lists(ids):
                for table in ("sentences", "mentions", "events", "event_actors"):
                    self.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", chunk)
                self.execute(
                    f"UPDATE articles SET extractor = ?, data_version = ?, reported_by = NULL"
                    f" WHERE id IN ({marks})",
                    [extractor, data_version, *chunk],
                )
            rows = Rows()
            for doc in docs:
                extraction_rows(doc, rows, data_version=data_version)
                if doc.reported_by:
                    self.execute(
                        "UPDATE articles SET reported_by = ? WHERE id = ?",
                        (doc.reported_by, doc.article.id),
                    )
            for table in ("sentences", "mentions", "events", "event_actors"):
                if rows.tables.get(table):
                    self.insert_rows(table, rows.tables[table])
            stories = self._in_chunks(
                "SELECT DISTINCT story_id FROM articles WHERE id IN ({marks})", ids
            )
            schema.mark_representatives(self, [story for (story,) in stories])
            # New events' days, and every day of these stories: their picks may have moved.
            days |= event_days(
                self,
                "SELECT DISTINCT e.date FROM events e JOIN articles a ON a.id = e.article_id"
                " WHERE a.story_id IN ({marks})",
                [story for (story,) in stories],
            )
            if has_days(self):
                refresh_days(self, days)
        if self.recent_picks is not None:
            self.recent_picks.clear()

    # -- reading -------------------------------------------------------------------------
    def _in_chunks(self, sql: str, values: Iterable[str]) -> list[tuple[Any, ...]]:
        """Run ``sql`` (with one ``{marks}`` slot) over values in chunks; concatenate rows."""
        found: list[tuple[Any, ...]] = []
        for chunk, marks in in_lists(values):
            found.extend(self.fetch(sql.format(marks=marks), chunk))
        return found

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> the hash of its stored text, for the ids that are stored."""
        sql = "SELECT id, content_hash FROM articles WHERE id IN ({marks})"
        return dict(self._in_chunks(sql, ids))

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._in_chunks("SELECT id FROM articles WHERE id IN ({marks})", ids)}

    def done_keys(self, keys: Iterable[str]) -> set[str]:
        sql = "SELECT input_key FROM ingest_state WHERE input_key IN ({marks})"
        return {r[0] for r in self._in_chunks(sql, keys)}

    def signatures(self, recent: int | None = None) -> Iterator[tuple[str, str, bytes]]:
        """``(article_id, story_id, signature)`` in ingest order: all, or the ``recent`` last."""
        return stored_signatures(self, recent)

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.fetch("SELECT id FROM articles ORDER BY id")]

    def articles(self, ids: Sequence[str]) -> list[Article]:
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({{marks}})"
        by_id = {row[0]: _article(row) for row in self._in_chunks(sql, ids)}
        return [by_id[i] for i in ids if i in by_id]

    def stored_events(self, article_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """article id -> event id -> stored record JSON, for re-coding comparisons."""
        found: dict[str, dict[str, str]] = {i: {} for i in article_ids}
        sql = "SELECT article_id, id, record FROM events WHERE article_id IN ({marks})"
        for article_id, event_id, record in self._in_chunks(sql, article_ids):
            found[article_id][event_id] = record
        return found

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"no table named {table!r}")
        return int(self.fetch(f"SELECT COUNT(*) FROM {table}")[0][0])

    # -- the poller's state (dyads watch) ------------------------------------------------
    def watch_sources(self) -> dict[str, tuple[Any, ...]]:
        """url -> (etag, last_modified, checked_at, failures, retry_at, last_error)."""
        rows = self.fetch(
            "SELECT url, etag, last_modified, checked_at, failures, retry_at, last_error"
            " FROM watch_sources"
        )
        return {row[0]: tuple(row[1:]) for row in rows}

    def save_watch_source(self, url: str, state: Sequence[Any]) -> None:
        """Replace one feed's state: (etag, last_modified, checked_at, failures, retry_at,
        last_error)."""
        with self.transaction():
            self.execute("DELETE FROM watch_sources WHERE url = ?", (url,))
            self.execute(
                "INSERT INTO watch_sources (url, etag, last_modified, checked_at, failures,"
                " retry_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, *state),
            )

    def reported_alerts(self, keys: Iterable[str]) -> set[str]:
        sql = "SELECT alert_key FROM watch_alerts WHERE alert_key IN ({marks})"
        return {r[0] for r in self._in_chunks(sql, keys)}

    def record_alerts(self, alerts: Iterable[tuple[str, str]]) -> None:
        """Remember alerts as reported: ``(key, record JSON)`` pairs not already kept."""
        pairs = dict(alerts)
        if not pairs:
            return
        with self.transaction():
            stamp = now_iso()
            for key in sorted(set(pairs) - self.reported_alerts(pairs)):
                self.execute(
                    "INSERT INTO watch_alerts (alert_key, reported_at, record) VALUES (?, ?, ?)",
                    (key, stamp, pairs[key]),
                )


def _article(row: tuple[Any, ...]) -> Article:
    article_id, text, title, url, published, outlet, authors, language, story_id, path, body = row
    return Article(
        id=article_id,
        text=text,
        title=title,
        url=url,
        published=published,
        outlet=outlet,
        authors=tuple(json.loads(authors or "[]")),
        language=language or "en",
        story_id=story_id,
        source_path=path,
        body=body,
    )
