"""The API's own reads over the store: cursor pages of events and articles, one article with
everything needed to highlight it, and the actor list. Filters come from
:mod:`dyads.query.filters`; cursors are opaque, URL-safe tokens of the last row's sort key."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from dyads.errors import InputError
from dyads.query.filters import EVENT_COLUMNS, FROM_EVENTS, SELECT_EVENTS, EventFilter
from dyads.store import SQLStore
from dyads.store.schema import DYAD_ROLES_SQL

# Undated events sort last, as in `dyads events`.
_DATE_KEY = "COALESCE(e.date, '~')"
_SENTENCE_KEY = "COALESCE(e.sentence, -1)"


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, *, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise InputError("cursor", "not a cursor this server gave out") from None
    if not isinstance(key, list) or len(key) != size:
        raise InputError("cursor", "not a cursor this server gave out")
    return key


def events_page(
    store: SQLStore, where: EventFilter, *, limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of flattened events in `dyads events` order, and the cursor of the next."""
    clause, params = where.where()
    clauses = [clause.removeprefix("WHERE ")] if clause else []
    if cursor:
        date_key, article_id, sentence, event_id = decode_cursor(cursor, size=4)
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
        published, article_id = decode_cursor(cursor, size=2)
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
