"""The API's own reads over the store: cursor pages of events and articles, one article with
everything needed to highlight it, and the actor list. Filters come from
:mod:`dyads.query.filters`; cursors are opaque, URL-safe tokens of the last row's sort key."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from dyads.errors import InputError
from dyads.query.filters import EVENT_COLUMNS, FROM_EVENTS, SELECT_EVENTS, EventFilter
from dyads.query.scope import parse_day
from dyads.store import SQLStore
from dyads.store.schema import DYAD_ROLES_SQL

# Undated events sort last, as in `dyads events`.
_DATE_KEY = "COALESCE(e.date, '~')"
_SENTENCE_KEY = "COALESCE(e.sentence, -1)"


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


_SURROGATES = re.compile("[\ud800-\udfff]")
# What each position of a cursor holds: the sort key of a page's last row.
EVENTS_CURSOR = (str, str, int, str)  # date key, article id, sentence, event id
ARTICLES_CURSOR = (str, str)  # published (or ""), article id


def decode_cursor(cursor: str, *, kinds: tuple[type, ...]) -> list[Any]:
    """The key inside a cursor, or a 400: any other string, however it was made (nested
    lists, wrong types, numbers past the digit limit) is not a cursor this server gave out."""
    wrong = InputError("cursor", "not a cursor this server gave out")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise wrong from None
    if not isinstance(key, list) or len(key) != len(kinds):
        raise wrong
    for value, kind in zip(key, kinds, strict=True):
        if type(value) is not kind or (isinstance(value, int) and abs(value) > 2**31):
            raise wrong
        if isinstance(value, str) and _SURROGATES.search(value):  # no stored value has one
            raise wrong
    return key


def events_page(
    store: SQLStore, where: EventFilter, *, limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of flattened events in `dyads events` order, and the cursor of the next."""
    clause, params = where.where()
    clauses = [clause.removeprefix("WHERE ")] if clause else []
    if cursor:
        date_key, article_id, sentence, event_id = decode_cursor(cursor, kinds=EVENTS_CURSOR)
        clauses.append(
            f"({_DATE_KEY} > ? OR ({_DATE_KEY} = ? AND (e.article_id > ? OR (e.article_id = ?"
            f" AND ({_SENTENCE_KEY} > ? OR ({_SENTENCE_KEY} = ? AND e.id > ?))))))"
        )
        params += [date_key, date_key, article_id, article_id, sentence, sentence, event_id]
    where_sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        f"SELECT {SELECT_EVENTS}, {_DATE_KEY}, {_SENTENCE_KEY} {FROM_EVENTS} {where_sql}"
        f" ORDER BY {_DATE_KEY}, e.article_id, {_SENTENCE_KEY}, e.id LIMIT {int(limit) + 1}"
    )
    rows = store.fetch(sql, params)
    items = [dict(zip(EVENT_COLUMNS, row[: len(EVENT_COLUMNS)], strict=True)) for row in rows]
    if len(rows) <= limit:
        return items, None
    last = rows[limit - 1]
    key = [last[-2], items[limit - 1]["article_id"], last[-1], items[limit - 1]["id"]]
    return items[:limit], encode_cursor(key)


ARTICLE_LIST_COLUMNS = ("id", "story_id", "title", "url", "published", "outlet", "events")


def articles_page(
    store: SQLStore, *, limit: int, cursor: str | None = None, query: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Articles newest first (undated last), with their event counts."""
    clauses, params = [], []
    pub_key = "COALESCE(a.published, '')"
    if query:
        clauses.append("(LOWER(COALESCE(a.title, '')) LIKE ? OR LOWER(a.id) LIKE ?)")
        pattern = "%" + query.lower().replace("%", "").replace("_", "") + "%"
        params += [pattern, pattern]
    if cursor:
        published, article_id = decode_cursor(cursor, kinds=ARTICLES_CURSOR)
        clauses.append(f"({pub_key} < ? OR ({pub_key} = ? AND a.id > ?))")
        params += [published, published, article_id]
    where_sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT a.id, a.story_id, a.title, a.url, a.published, a.outlet,"
        " (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id)"
        f" FROM articles a {where_sql} ORDER BY {pub_key} DESC, a.id LIMIT {int(limit) + 1}"
    )
    rows = store.fetch(sql, params)
    items = [dict(zip(ARTICLE_LIST_COLUMNS, row, strict=True)) for row in rows[:limit]]
    if len(rows) <= limit:
        return items, None
    last = items[-1]
    return items, encode_cursor([last["published"] or "", last["id"]])


def article_detail(store: SQLStore, article_id: str) -> dict[str, Any] | None:
    """An article with its text, sentences, actor mentions and full event records."""
    found = store.articles([article_id])
    if not found:
        return None
    article = found[0]
    sentences = store.fetch(
        "SELECT idx, start_off, end_off FROM sentences WHERE article_id = ? ORDER BY idx",
        (article_id,),
    )
    mentions = store.fetch(
        "SELECT idx, sentence, actor_id, code, name, start_off, end_off FROM mentions"
        " WHERE article_id = ? ORDER BY idx",
        (article_id,),
    )
    events = store.fetch(
        "SELECT record FROM events WHERE article_id = ? ORDER BY sentence, id", (article_id,)
    )
    return article.to_dict() | {
        "sentences": [{"index": i, "start": s, "end": e} for i, s, e in sentences],
        "mentions": [
            {
                "sentence": sent,
                "id": actor_id,
                "code": code,
                "name": name,
                "start": start,
                "end": end,
            }
            for _idx, sent, actor_id, code, name, start, end in mentions
        ],
        "events": [json.loads(record) for (record,) in events],
    }


def event_detail(store: SQLStore, event_id: str) -> dict[str, Any] | None:
    rows = store.fetch(
        "SELECT e.record, a.story_id, a.title, a.url, a.outlet, a.published"
        f" {FROM_EVENTS} WHERE e.id = ? LIMIT 1",
        (event_id,),
    )
    if not rows:
        return None
    record, story_id, title, url, outlet, published = rows[0]
    data: dict[str, Any] = json.loads(record)
    return data | {
        "story_id": story_id,
        "article": {"title": title, "url": url, "outlet": outlet, "published": published},
    }


def actors(store: SQLStore, *, query: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Actors in events, busiest first, with their display name and event count."""
    params: list[Any] = []
    having = ""
    if query:
        having = "WHERE LOWER(c.actor_id) LIKE ? OR LOWER(COALESCE(n.name, '')) LIKE ?"
        pattern = "%" + query.lower().replace("%", "").replace("_", "") + "%"
        params += [pattern, pattern]
    sql = (
        "SELECT c.actor_id, n.name, c.code, c.events FROM ("
        " SELECT ea.actor_id AS actor_id, MIN(ea.code) AS code,"
        " COUNT(DISTINCT ea.article_id || '/' || ea.event_id) AS events"
        f" FROM event_actors ea WHERE ea.role IN {DYAD_ROLES_SQL} GROUP BY ea.actor_id) c"
        " LEFT JOIN (SELECT actor_id, MIN(name) AS name FROM mentions GROUP BY actor_id) n"
        f" ON n.actor_id = c.actor_id {having}"
        f" ORDER BY c.events DESC, c.actor_id LIMIT {int(limit)}"
    )
    return [
        {"id": actor_id, "name": name or actor_id, "code": code, "events": int(events)}
        for actor_id, name, code, events in store.fetch(sql, params)
    ]


def busiest_dyads(store: SQLStore, *, limit: int = 8) -> list[dict[str, Any]]:
    """Pairs of different actors with the most dated events, either way round: the dyads
    whose series have something to draw (the dyad page opens on the first)."""
    rows = store.fetch(
        "SELECT LEAST(e.source_id, e.target_id) AS a, GREATEST(e.source_id, e.target_id) AS b,"
        " COUNT(*) AS n, MIN(e.date), MAX(e.date) FROM events e"
        " WHERE e.date IS NOT NULL AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL"
        " AND e.source_id <> e.target_id"
        f" GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT {int(limit)}"
    )
    names = {
        actor_id: name
        for actor_id, name in store.fetch(
            "SELECT actor_id, MIN(name) FROM mentions WHERE actor_id IN"
            f" ({', '.join('?' for _ in rows for _side in (0, 1)) or 'NULL'}) GROUP BY actor_id",
            [actor for a, b, *_ in rows for actor in (a, b)],
        )
    }
    return [
        {
            "a": a,
            "b": b,
            "a_name": names.get(a, a),
            "b_name": names.get(b, b),
            "events": int(n),
            "interval": fitting_interval(first, last),
        }
        for a, b, n, first, last in rows
    ]


def fitting_interval(first: str | None, last: str | None) -> str:
    """The interval that cuts a date range into a drawable number of periods (about 8 to 60):
    seven events over six years by week is 300 empty weeks and seven dots."""
    start, end = (parse_day(first) if first else None), (parse_day(last) if last else None)
    if start is None or end is None:
        return "week"
    days = (end - start).days
    if days <= 60:
        return "day"
    if days <= 400:
        return "week"
    if days <= 5 * 366:
        return "month"
    return "year"
