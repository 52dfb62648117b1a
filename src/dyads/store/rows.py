"""Flatten extractions into table rows, in the column order of :mod:`dyads.store.schema`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from dyads.model import Event, Extraction, Mention
from dyads.store.schema import EVENTS, ROLES, actor_keys, dyad_key

Row = tuple[Any, ...]
# The events table's columns in their stored order: a row is built by name, then ordered.
EVENT_NAMES: tuple[str, ...] = tuple(name for name, _kind in EVENTS)


@dataclass(slots=True)
class BatchItem:
    """One article to store: what extraction found, its MinHash signature, what it completes."""

    extraction: Extraction
    signature: bytes | None = None
    # Inputs (file lines, URLs) whose processing this article finishes: the resume marks.
    done_keys: tuple[str, ...] = ()


# Where each table keeps the id of the article a row belongs to.
ARTICLE_ID_AT = {"articles": 0, "ingest_state": 1}


@dataclass(slots=True)
class Rows:
    """Rows per table for one batch."""

    tables: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, table: str, row: Row) -> None:
        self.tables.setdefault(table, []).append(row)

    def without(self, articles: set[str], keys: set[str]) -> Rows:
        """These rows less those of already stored articles, stored marks and repeated marks."""
        kept = Rows()
        done = set(keys)
        for table, rows in self.tables.items():
            at = ARTICLE_ID_AT.get(table, 0)
            for row in rows:
                if table == "ingest_state":
                    if row[0] in done:
                        continue
                    done.add(row[0])
                elif row[at] in articles:
                    continue
                kept.add(table, row)
        return kept


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ids(mentions: tuple[Mention, ...]) -> str:
    return ";".join(m.actor.id for m in mentions)


def _first(
    mentions: tuple[Mention, ...],
) -> tuple[str | None, str | None, str | None, str | None]:
    if not mentions:
        return None, None, None, None
    actor = mentions[0].actor
    return actor.id, actor.code, actor.name, actor.sector


def event_row(event: Event, text: str, data_version: str) -> Row:
    """The ``events`` row of one event, its values named here and ordered by the schema."""
    record = event.to_dict(text)
    sources, targets = _ids(event.source), _ids(event.target)
    place = event.location
    source_id, source_code, source_name, source_sector = _first(event.source)
    target_id, target_code, target_name, target_sector = _first(event.target)
    values: dict[str, Any] = {
        "article_id": event.article_id,
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "context": json.dumps(list(event.context)) if event.context else "[]",
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "goldstein": float(event.goldstein),
        "source_id": source_id,
        "source_code": source_code,
        "source_name": source_name,
        "source_sector": source_sector,
        "target_id": target_id,
        "target_code": target_code,
        "target_name": target_name,
        "target_sector": target_sector,
        "source_ids": sources,
        "target_ids": targets,
        "claimed_by": event.claimed_by.actor.id if event.claimed_by else None,
        "reported_by": event.reported_by,
        "quoted": event.quoted,
        "hedged": event.hedged,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "date": event.date,
        "date_precision": event.date_precision,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonames_id": place.geonames_id if place else None,
        "trigger_text": record["trigger"]["text"],
        "sentence": event.sentence.index,
        "evidence_text": record["evidence"]["text"],
        "extractor": event.extractor,
        "data_version": data_version,
        "confidence": float(event.confidence),
        "pattern": event.pattern,
        "record": json.dumps(record, ensure_ascii=False),
        "dyad_key": dyad_key(
            event.type, event.mode, sources, targets, event.negated, event.hypothetical
        ),
        "source_keys": actor_keys([(m.actor.id, m.actor.code) for m in event.source]),
        "target_keys": actor_keys([(m.actor.id, m.actor.code) for m in event.target]),
        "representative": None,  # set by the writer, which sees the whole story
    }
    return tuple(values[name] for name in EVENT_NAMES)


def _in_role(event: Event, role: str) -> tuple[Mention, ...]:
    found: Mention | tuple[Mention, ...] | None = getattr(event, role)
    if found is None:
        return ()
    return found if isinstance(found, tuple) else (found,)


def extraction_rows(doc: Extraction, rows: Rows, *, data_version: str) -> None:
    """Rows of the child tables (sentences, mentions, events, event_actors) of one article."""
    text, article_id = doc.article.text, doc.article.id
    for sent in doc.sentences:
        rows.add("sentences", (article_id, sent.index, sent.start, sent.end))
    for idx, mention in enumerate(doc.actors):
        actor = mention.actor
        rows.add(
            "mentions",
            (
                article_id,
                idx,
                mention.sentence,
                actor.id,
                actor.code,
                actor.sector,
                actor.name,
                actor.wikidata,
                mention.start,
                mention.end,
            ),
        )
    for event in doc.events:
        rows.add("events", event_row(event, text, data_version))
        for role in ROLES:
            for pos, mention in enumerate(_in_role(event, role)):
                rows.add(
                    "event_actors",
                    (event.article_id, event.id, role, pos, mention.actor.id, mention.actor.code),
                )


def add_item(
    rows: Rows,
    item: BatchItem,
    *,
    ingested_at: str,
    extractor: str,
    data_version: str,
    marks_only: bool = False,
) -> None:
    """Add the rows of one article (and its resume marks) to a batch.

    ``marks_only`` adds just the marks: for an article the batch holds already.
    """
    doc = item.extraction
    for key in item.done_keys:
        rows.add("ingest_state", (key, doc.article.id, ingested_at))
    if marks_only:
        return
    rows.add(
        "articles",
        article_row(doc, ingested_at=ingested_at, extractor=extractor, data_version=data_version),
    )
    extraction_rows(doc, rows, data_version=data_version)
    if item.signature is not None:
        rows.add("article_minhash", (doc.article.id, item.signature))


def article_row(doc: Extraction, *, ingested_at: str, extractor: str, data_version: str) -> Row:
    article = doc.article
    return (
        article.id,
        article.story_id or article.id,
        content_hash(article.text),
        article.url,
        article.title,
        article.published,
        article.outlet,
        json.dumps(list(article.authors), ensure_ascii=False) if article.authors else "[]",
        article.language,
        article.source_path,
        doc.reported_by,
        article.text,
        ingested_at,
        extractor,
        data_version,
        article.body,
    )
