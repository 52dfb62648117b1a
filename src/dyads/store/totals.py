"""All-time counts kept by the writer: per dyad combination, its actor pairs, and the store's.

``dyad_days`` (:mod:`dyads.store.daily`) bounds a windowed query by its window, but a query
over all history (`dyads stats`, a dyad's series from its first week) would still read every
day. Three small tables, updated in the writer's transaction with the daily rows they sum:

- ``dyad_totals``: ``dyad_days`` without the date, one row per combination of type, quad
  class, flags and actor keys, with its event mentions (``n``) and an integer id ``k`` that
  the combination's ``dyad_days`` rows carry. Its size follows the vocabulary of actors and
  types, not the number of days, so `dyads stats` sums it instead of the daily rows, and a
  dyad series finds its combinations here and then reads only their daily rows by ``k`` (an
  integer compare, instead of a text search through every daily row).
- ``dyad_pairs``: the actor pairs each combination yields (:func:`event_pairs`, as joining
  the event's actor slots twice would), so the alerts group pairs in SQL.
- ``store_counts``: one row, the number of articles and of distinct stories.

:func:`recount` is the part of :func:`dyads.store.daily.refresh_days` that keeps the first
two: the old daily rows of the recounted days are taken off the totals, the new ones added,
and combinations left at zero dropped, so a re-code or an upgrade leaves them equal to a count
from scratch. An ingest batch does not recount its days (:mod:`dyads.store.day_deltas` adds
its change to them); :func:`add_batch` moves the totals by the same change, folded by
combination, with the same rules for new combinations and emptied ones. Schema v8 creates
them (:func:`migrate`, registered in :mod:`dyads.store.migrations`).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

from dyads.model import RECIPROCAL_TYPES
from dyads.store.picks import RecentPicks
from dyads.store.rows import Rows
from dyads.store.schema import DYAD_DAYS, TYPES, Column, Connection, create_table_sql, staged

TOTALS, PAIRS, COUNTS = "dyad_totals", "dyad_pairs", "store_counts"
TOTALS_VERSION = 8
KEYS = tuple(name for name, _ in DYAD_DAYS if name not in ("date", "n", "goldstein"))
TOTALS_COLUMNS: tuple[Column, ...] = (
    ("k", "bigint"),
    *(column for column in DYAD_DAYS if column[0] in KEYS),
    ("combo", "text"),
    ("n", "bigint"),
)
PAIRS_COLUMNS: tuple[Column, ...] = (("k", "bigint"), ("source", "text"), ("target", "text"))
COUNTS_COLUMNS: tuple[Column, ...] = (("articles", "bigint"), ("stories", "bigint"))
_KEYS = ", ".join(KEYS)


def _combo(alias: str) -> str:
    """The key columns as one text, NULL told apart from every value (each value is written
    with its length): what new rows are matched to their combination on. One equality, so
    that PostgreSQL can hash the join (it cannot hash IS NOT DISTINCT FROM)."""
    parts = []
    for name in KEYS:
        value = f"CAST({alias}{name} AS TEXT)"
        parts.append(f"COALESCE(CAST(LENGTH({value}) AS TEXT) || ':' || {value}, '-')")
    return " || '|' || ".join(parts)


_COMBO = _combo("g.")
_NEW = "dyads_recount"  # the recounted days' rows, for one recount
_BATCH = "dyads_batch_totals"  # a batch's combinations, for one add_batch
_BATCH_CHUNK = 1000  # rows per staged statement: 12 parameters a row
_PAIR_CHUNK = 300  # rows per INSERT: 900 parameters


def key_ids(keys: str | None) -> list[str]:
    """The actor ids of a key column (``;RUS_MIL;RUS;UKR;UKR;`` -> RUS_MIL, UKR): ids and
    codes alternate, one pair per actor in its role, in order."""
    parts = (keys or "").strip(";").split(";")
    return parts[0::2] if parts != [""] else []


def event_pairs(
    type_: str, source_keys: str | None, target_keys: str | None
) -> list[tuple[str, str]]:
    """The pairs one event of these keys yields, as joining its actor slots twice would:
    every source with every target, or for reciprocal types every unordered pair of its
    actors in alphabetical order; never an actor with itself."""
    sources, targets = key_ids(source_keys), key_ids(target_keys)
    if type_ in RECIPROCAL_TYPES:
        slots = sources + targets
        return [(x, y) for x in slots for y in slots if x < y]
    return [(x, y) for x in sources for y in targets if x != y]


# Stores seen at v8 or later: versions only go up, so they need not be asked again (each
# analysis and each batch asked two or three times, a few ms each).
_AT_TOTALS: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def stored_version(conn: Connection) -> int:
    """The database's schema version (from v8 on, remembered per store object)."""
    try:
        if _AT_TOTALS.get(conn):
            return TOTALS_VERSION
    except TypeError:  # an object that cannot be weakly referenced: ask every time
        pass
    rows = conn.fetch("SELECT MAX(version) FROM schema_version")
    version = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    if version >= TOTALS_VERSION:
        with contextlib.suppress(TypeError):
            _AT_TOTALS[conn] = True
    return version


def has_totals(conn: Connection) -> bool:
    return stored_version(conn) >= TOTALS_VERSION


def recount(conn: Connection, events_where: str, days_where: str, params: list[str]) -> None:
    """Replace the daily rows selected by ``days_where`` with the counts of the events
    selected by ``events_where`` (the same days; both take ``params``), keeping the totals.

    The days' new rows are grouped once, into a temporary table, and take their id from the
    days' old rows (most combinations of a day were there before the batch); only the others
    are looked up among, or added to, the totals. The totals move by new minus old."""
    conn.execute(f"DROP TABLE IF EXISTS {_NEW}")
    grouped = (
        f"SELECT date, {_KEYS}, COUNT(*) AS n, SUM(goldstein) AS goldstein"
        f" FROM events{events_where} GROUP BY date, {_KEYS}"
    )
    if conn.dialect == "postgresql":  # see _combo
        grouped = f"SELECT g.*, {_COMBO} AS combo FROM ({grouped}) g"
        old = f"SELECT DISTINCT g.k, {_COMBO} AS combo FROM dyad_days g{days_where}"
    else:
        old = f"SELECT DISTINCT k, {_KEYS} FROM dyad_days{days_where}"
    conn.execute(
        f"CREATE TEMP TABLE {_NEW} AS SELECT x.*, o.k FROM ({grouped}) x"
        f" LEFT JOIN ({old}) o ON {_same(conn, 'o', 'x')}",
        [*params, *params],
    )
    if conn.fetch(f"SELECT COUNT(*) FROM {_NEW} WHERE k IS NULL")[0][0]:
        _new_combinations(conn)
    conn.execute(
        f"UPDATE {TOTALS} SET n = {TOTALS}.n + d.n FROM (SELECT k, SUM(n) AS n FROM"
        f" (SELECT k, n FROM {_NEW} UNION ALL SELECT k, -n FROM dyad_days{days_where}) x"
        f" GROUP BY k) d WHERE {TOTALS}.k = d.k AND d.n <> 0",
        params,
    )
    conn.execute(f"DELETE FROM dyad_days{days_where}", params)
    # In day order: DuckDB keeps each block's lowest and highest date (see DYAD_DAYS_INSERT).
    conn.execute(
        f"INSERT INTO dyad_days (k, date, {_KEYS}, n, goldstein)"
        f" SELECT k, date, {_KEYS}, n, goldstein FROM {_NEW} ORDER BY date"
    )
    conn.execute(f"DROP TABLE {_NEW}")
    conn.execute(f"DELETE FROM {PAIRS} WHERE k IN (SELECT k FROM {TOTALS} WHERE n = 0)")
    conn.execute(f"DELETE FROM {TOTALS} WHERE n = 0")


def add_batch(conn: Connection, moves: Sequence[tuple[Any, ...]]) -> list[int]:
    """Move the totals by a batch's change to ``dyad_days`` (:mod:`dyads.store.day_deltas`,
    which adds it to the daily rows without recounting them): ``moves`` are ``(*KEYS, n)``, one
    row per combination. Returns each one's id ``k``, in order, for its new daily rows. As in
    :func:`recount`, a combination not stored takes the next free id (and its pairs are
    written), and one whose count falls to zero is dropped with its pairs."""
    if not moves:
        return []
    columns = (("i", "bigint"), *TOTALS_COLUMNS[1:-2], ("n", "bigint"))
    names = ", ".join(name for name, _ in columns)
    rows = [(i, *move) for i, move in enumerate(moves)]
    conn.execute(f"DROP TABLE IF EXISTS {_BATCH}")
    for start in range(0, len(rows), _BATCH_CHUNK):
        chunk = rows[start : start + _BATCH_CHUNK]
        with staged(conn, columns, chunk) as (relation, params):
            found = (
                f"SELECT x.*, t.k FROM (SELECT s.*, {_combo('s.')} AS combo"
                f" FROM {relation} AS s({names})) x LEFT JOIN {TOTALS} t ON {_same(conn, 't', 'x')}"
            )
            if start:
                conn.execute(f"INSERT INTO {_BATCH} {found}", params)
            else:
                conn.execute(f"CREATE TEMP TABLE {_BATCH} AS {found}", params)
    if conn.fetch(f"SELECT COUNT(*) FROM {_BATCH} WHERE k IS NULL")[0][0]:
        _new_combinations(conn, _BATCH, look_up=False)
    # PostgreSQL finds the totals by their indexed combo; DuckDB hashes the batch's ids.
    column = "combo" if conn.dialect == "postgresql" else "k"
    conn.execute(
        f"UPDATE {TOTALS} SET n = {TOTALS}.n + b.n FROM {_BATCH} b"
        f" WHERE {TOTALS}.{column} = b.{column} AND b.n <> 0"
    )
    if any(move[-1] <= 0 for move in moves):  # a combination whose count may now be zero
        emptied = (
            f"SELECT t.k FROM {TOTALS} t JOIN {_BATCH} b ON t.{column} = b.{column} WHERE t.n = 0"
        )
        conn.execute(f"DELETE FROM {PAIRS} WHERE k IN ({emptied})")
        conn.execute(f"DELETE FROM {TOTALS} WHERE k IN ({emptied})")
    ids = dict(conn.fetch(f"SELECT i, k FROM {_BATCH}"))
    conn.execute(f"DROP TABLE {_BATCH}")
    return [int(ids[i]) for i in range(len(moves))]


def _new_combinations(conn: Connection, table: str = _NEW, *, look_up: bool = True) -> None:
    """Ids for the rows of ``table`` without one (``k`` NULL): a stored combination's (unless
    ``look_up`` is false: the caller has looked), else the next free ones (with their pairs)."""
    same = _same(conn, "t", table)
    if look_up:
        conn.execute(
            f"UPDATE {table} SET k = t.k FROM {TOTALS} t WHERE {table}.k IS NULL AND {same}"
        )
    base = int(conn.fetch(f"SELECT COALESCE(MAX(k), 0) FROM {TOTALS}")[0][0])
    conn.execute(
        f"INSERT INTO {TOTALS} (k, {_KEYS}, combo, n)"
        f" SELECT ? + row_number() OVER (ORDER BY c.combo), {_KEYS}, c.combo, 0"
        f" FROM (SELECT g.*, {_COMBO} AS combo FROM"
        f" (SELECT DISTINCT {_KEYS} FROM {table} WHERE k IS NULL) g) c",
        [base],
    )
    conn.execute(
        f"UPDATE {table} SET k = t.k FROM {TOTALS} t"
        f" WHERE {table}.k IS NULL AND t.k > ? AND {same}",
        [base],
    )
    _add_pairs(conn, base)


def _same(conn: Connection, left: str, right: str) -> str:
    """The join of two row sets on their key columns, NULL matching NULL: DuckDB hashes
    IS NOT DISTINCT FROM; PostgreSQL cannot, so there both sides carry ``combo``."""
    if conn.dialect == "postgresql":
        return f"{left}.combo = {right}.combo"
    return " AND ".join(f"{left}.{name} IS NOT DISTINCT FROM {right}.{name}" for name in KEYS)


def _add_pairs(conn: Connection, above: int) -> None:
    """The actor pairs of the combinations whose id is above ``above`` (the new ones)."""
    rows = conn.fetch(
        f"SELECT k, type, source_keys, target_keys FROM {TOTALS} WHERE k > ?", [above]
    )
    pairs = [(k, x, y) for k, *keys in rows for x, y in event_pairs(*keys)]
    for start in range(0, len(pairs), _PAIR_CHUNK):
        chunk = pairs[start : start + _PAIR_CHUNK]
        marks = ", ".join(["(?, ?, ?)"] * len(chunk))
        conn.execute(
            f"INSERT INTO {PAIRS} (k, source, target) VALUES {marks}",
            [value for row in chunk for value in row],
        )


def new_stories(conn: Connection, articles: Iterable[tuple[str, str]], known: set[str]) -> int:
    """How many stories the ``(article id, story id)`` rows about to be written found.

    A story whose id is one of these articles' ids is founded by them (the writer's rule,
    :func:`dyads.store.picks.flag_batch`); one in ``known`` (stories written before) is
    not; the others are looked for among the stored articles. Call before the insert."""
    story_of = dict(articles)
    stories = set(story_of.values())
    founded = {story for story in stories if story in story_of} - known
    ask = sorted(stories - founded - known)
    stored: set[str] = set()
    for start in range(0, len(ask), 500):
        chunk = ask[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT DISTINCT story_id FROM articles WHERE story_id IN ({marks})"
        stored.update(row[0] for row in conn.fetch(sql, chunk))
    return len(founded) + len(ask) - len(stored)


def count_batch(conn: Connection, rows: Rows, recent: RecentPicks | None) -> tuple[int, int] | None:
    """``(articles, stories)`` a batch's rows add to ``store_counts`` (None before v8); asked
    before the rows are inserted. Stories the writer remembers are stored ones."""
    articles = [(row[0], row[1]) for row in rows.tables.get("articles", [])]
    if not articles or not has_totals(conn):
        return None
    stories = {story for _, story in articles}
    known = {story for story in stories if recent is not None and recent.get(story) is not None}
    return len(articles), new_stories(conn, articles, known)


def add_counts(conn: Connection, articles: int, stories: int) -> None:
    if articles or stories:
        conn.execute(
            f"UPDATE {COUNTS} SET articles = articles + ?, stories = stories + ?",
            [articles, stories],
        )


def store_counts(conn: Connection) -> tuple[int, int]:
    """``(articles, stories)`` as kept by the writer."""
    rows = conn.fetch(f"SELECT articles, stories FROM {COUNTS}")
    return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)


def migrate(conn: Connection) -> None:
    """Schema v8: the three tables, filled from the events and articles; ``dyad_days``
    recounted with its new ``k`` column."""
    for name, columns in (
        (TOTALS, TOTALS_COLUMNS),
        (PAIRS, PAIRS_COLUMNS),
        (COUNTS, COUNTS_COLUMNS),
    ):
        conn.execute(create_table_sql(name, columns, conn.dialect))
    conn.execute(f"ALTER TABLE dyad_days ADD COLUMN k {TYPES[conn.dialect]['bigint']}")
    if conn.dialect == "postgresql":
        conn.execute("CREATE INDEX IF NOT EXISTS dyad_days_k ON dyad_days (k)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS dyad_pairs_k ON {PAIRS} (k)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS dyad_totals_combo ON {TOTALS} (combo)")
    conn.execute(
        f"INSERT INTO {COUNTS} (articles, stories)"
        " SELECT COUNT(*), COUNT(DISTINCT story_id) FROM articles"
    )
    conn.execute("DELETE FROM dyad_days")
    recount(conn, "", "", [])


__all__ = [
    "COUNTS",
    "PAIRS",
    "TOTALS",
    "add_batch",
    "add_counts",
    "count_batch",
    "event_pairs",
    "has_totals",
    "key_ids",
    "migrate",
    "new_stories",
    "recount",
    "store_counts",
]
