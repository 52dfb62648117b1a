"""What a store holds, in numbers: counts by type, top actors and dyads, the date range.

``stats`` answers `dyads stats`; ``summary`` is the shorter view `make demo` prints, counting
each event of a story once and giving one evidence sentence per top dyad.

``stats`` reads the writer's daily counts (``dyad_days``, :mod:`dyads.store.daily`) where the
filter is one they can answer (all but an article or a story), so its cost follows the number
of (day, type, dyad) rows rather than of event mentions; without dates in the filter it reads
the all-time totals (``dyad_totals``, :mod:`dyads.store.totals`) and the writer's article and
story counts, whose size does not grow with the days stored.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dyads.query.filters import FROM_EVENTS, EventFilter
from dyads.query.pairs import key_ids
from dyads.store import SQLStore
from dyads.store.daily import DYAD_DAYS, has_days
from dyads.store.schema import DYAD_ROLES_SQL
from dyads.store.totals import TOTALS, has_totals, store_counts


def _and(clause: str, condition: str) -> str:
    return f"{clause} AND {condition}" if clause else f"WHERE {condition}"


def stats(store: SQLStore, where: EventFilter | None = None, *, top: int = 10) -> dict[str, Any]:
    """Counts of the store (articles, stories, events) and of the events matching ``where``."""
    where = where or EventFilter()
    top = max(1, int(top))
    if where.article_id is None and where.story_id is None and has_days(store):
        if where.since is None and where.until is None and has_totals(store):
            return _total_stats(store, where, top)
        return _folded_stats(store, where, top)
    clause, params = where.where()
    articles, stories = store.fetch("SELECT COUNT(*), COUNT(DISTINCT story_id) FROM articles")[0]
    first, last, events = store.fetch(
        f"SELECT MIN(e.date), MAX(e.date), COUNT(*) {FROM_EVENTS} {clause}", params
    )[0]
    story_events = store.fetch(
        f"SELECT COUNT(DISTINCT a.story_id || '/' || e.dyad_key) {FROM_EVENTS} {clause}", params
    )[0][0]
    by_type = store.fetch(
        f"SELECT e.type, COUNT(*) AS n {FROM_EVENTS} {clause} GROUP BY e.type"
        " ORDER BY n DESC, e.type",
        params,
    )
    actor_clause = (
        "FROM event_actors ea JOIN events e ON e.article_id = ea.article_id AND e.id = ea.event_id"
        " JOIN articles a ON a.id = e.article_id"
    )
    roles = f"ea.role IN {DYAD_ROLES_SQL}"
    actors = store.fetch(
        f"SELECT ea.actor_id, COUNT(*) AS n {actor_clause}"
        f" {_and(clause, roles)}"
        f" GROUP BY ea.actor_id ORDER BY n DESC, ea.actor_id LIMIT {top}",
        params,
    )
    dyads = store.fetch(
        f"SELECT e.source_id, e.target_id, COUNT(*) AS n {FROM_EVENTS}"
        f" {_and(clause, 'e.source_id IS NOT NULL AND e.target_id IS NOT NULL')}"
        f" GROUP BY e.source_id, e.target_id ORDER BY n DESC, e.source_id, e.target_id"
        f" LIMIT {top}",
        params,
    )
    return {
        "articles": int(articles),
        "stories": int(stories),
        "events": int(events),
        "story_events": int(story_events),
        "first_date": first,
        "last_date": last,
        "by_type": {t: int(n) for t, n in by_type},
        "top_actors": [{"actor": a, "events": int(n)} for a, n in actors],
        "top_dyads": [{"source": s, "target": t, "events": int(n)} for s, t, n in dyads],
    }


def _story_events(store: SQLStore, where: EventFilter) -> int:
    """Events once per story: DISTINCT (story, dyad key) among the events in ``where``."""
    clause, params = where.where()
    sql = f"SELECT COUNT(DISTINCT a.story_id || '/' || e.dyad_key) {FROM_EVENTS} {clause}"
    return int(store.fetch(sql, params)[0][0])


def _folded_stats(store: SQLStore, where: EventFilter, top: int) -> dict[str, Any]:
    """``stats`` from ``dyad_days``, whose rows are the events grouped by day, type and keys."""
    clause, params = where.where()
    days = f"FROM {DYAD_DAYS} e {clause}"
    articles, stories = store.fetch("SELECT COUNT(*), COUNT(DISTINCT story_id) FROM articles")[0]
    first, last, events = store.fetch(
        f"SELECT MIN(e.date), MAX(e.date), COALESCE(SUM(e.n), 0) {days}", params
    )[0]
    if where.since or where.until or where.hedged is not None:
        # The copies of a story's event may differ in date and hedging, so a filter on them
        # can keep a copy but not the story's pick: count the distinct events themselves.
        story_events = _story_events(store, where)
    else:
        story_events = _picked(store, DYAD_DAYS, clause, params)
    counts = _grouped(store, DYAD_DAYS, clause, params, top)
    return {
        "articles": int(articles),
        "stories": int(stories),
        "events": int(events),
        "story_events": story_events,
        "first_date": first,
        "last_date": last,
    } | counts


def _total_stats(store: SQLStore, where: EventFilter, top: int) -> dict[str, Any]:
    """``stats`` from the writer's all-time totals (``dyad_totals``, ``store_counts``): a
    filter without dates reads rows per combination of type and actors, not per day."""
    clause, params = where.where()
    articles, stories = store_counts(store)
    # MIN and MAX of the daily dates: a scan of one column, where DuckDB skips its blocks.
    first, last = store.fetch(
        f"SELECT MIN(e.date), MAX(e.date) FROM {DYAD_DAYS} e {clause}", params
    )[0]
    events = store.fetch(f"SELECT COALESCE(SUM(e.n), 0) FROM {TOTALS} e {clause}", params)[0][0]
    if where.hedged is not None:  # as in _folded_stats
        story_events = _story_events(store, where)
    else:
        story_events = _picked(store, TOTALS, clause, params)
    return {
        "articles": articles,
        "stories": stories,
        "events": int(events),
        "story_events": story_events,
        "first_date": first,
        "last_date": last,
    } | _grouped(store, TOTALS, clause, params, top)


def _picked(store: SQLStore, table: str, clause: str, params: list[Any]) -> int:
    # Each (story, dyad key) has one pick, and its type, actors and negation are the key's:
    # the filter keeps all of its mentions or none, so the picks it keeps are the count.
    sql = f"SELECT COALESCE(SUM(e.n), 0) FROM {table} e {_and(clause, 'e.representative')}"
    return int(store.fetch(sql, params)[0][0])


def _grouped(
    store: SQLStore, table: str, clause: str, params: list[Any], top: int
) -> dict[str, Any]:
    """By type, top actors and top dyads, from a table of counted rows (``n``)."""
    rows = f"FROM {table} e {clause}"
    by_type = store.fetch(
        f"SELECT e.type, SUM(e.n) AS n {rows} GROUP BY e.type ORDER BY n DESC, e.type", params
    )
    actors: Counter[str] = Counter()
    keys = "e.source_keys, e.target_keys"
    for sources, targets, n in store.fetch(
        f"SELECT {keys}, SUM(e.n) {rows} GROUP BY {keys}", params
    ):
        for actor in key_ids(sources) + key_ids(targets):
            actors[actor] += int(n)
    dyads = store.fetch(
        f"SELECT e.source_id, e.target_id, SUM(e.n) AS n FROM {table} e"
        f" {_and(clause, 'e.source_id IS NOT NULL AND e.target_id IS NOT NULL')}"
        f" GROUP BY e.source_id, e.target_id ORDER BY n DESC, e.source_id, e.target_id"
        f" LIMIT {top}",
        params,
    )
    return {
        "by_type": {t: int(n) for t, n in by_type},
        "top_actors": [
            {"actor": a, "events": n}
            for a, n in sorted(actors.items(), key=lambda item: (-item[1], item[0]))[:top]
        ],
        "top_dyads": [{"source": s, "target": t, "events": int(n)} for s, t, n in dyads],
    }


def summary(store: SQLStore, *, top: int = 5) -> dict[str, Any]:
    """Articles, stories, events by type (once per story), top dyads with an example sentence."""
    top = max(1, int(top))
    articles, stories = store.fetch("SELECT COUNT(*), COUNT(DISTINCT story_id) FROM articles")[0]
    mentions = store.count("events")
    by_type = store.fetch(
        "SELECT e.type, COUNT(DISTINCT a.story_id || '/' || e.dyad_key) AS n"
        f" {FROM_EVENTS} GROUP BY e.type ORDER BY n DESC, e.type"
    )
    dyads = store.fetch(
        "SELECT e.type, e.source_id, e.target_id,"
        " COUNT(DISTINCT a.story_id || '/' || e.dyad_key) AS n, COUNT(*) AS m, MIN(e.id)"
        f" {FROM_EVENTS} WHERE e.source_id IS NOT NULL AND e.target_id IS NOT NULL"
        " GROUP BY e.type, e.source_id, e.target_id"
        f" ORDER BY n DESC, m DESC, e.type, e.source_id, e.target_id LIMIT {top}"
    )
    top_dyads = []
    for type_, source, target, n, m, event_id in dyads:
        example = store.fetch(
            "SELECT e.evidence_text, a.title, a.outlet FROM events e"
            " JOIN articles a ON a.id = e.article_id WHERE e.id = ? LIMIT 1",
            (event_id,),
        )
        evidence, title, outlet = example[0] if example else (None, None, None)
        top_dyads.append(
            {
                "type": type_,
                "source": source,
                "target": target,
                "events": int(n),
                "mentions": int(m),
                "example": evidence,
                "example_title": title,
                "example_outlet": outlet,
            }
        )
    return {
        "articles": int(articles),
        "stories": int(stories),
        "event_mentions": int(mentions),
        "events": sum(int(n) for _, n in by_type),
        "events_by_type": {t: int(n) for t, n in by_type},
        "top_dyads": top_dyads,
    }
