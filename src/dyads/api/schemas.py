"""Pydantic models of the API's requests and responses: what /docs shows and what is checked.

The event record itself (``dyads.event/1``, docs/event-record.md) travels as a plain object:
its contract is documented there, and repeating it here would be a second copy to keep in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from dyads.query.flat import FLAT_EVENT


class Health(BaseModel):
    status: str
    schema_version: int
    articles: int
    events: int
    # Moves on with each write to a served DuckDB file (`dyads ingest` while serving); the
    # dashboard polls it to offer the new events.
    generation: int


_PYTHON_TYPES: dict[str, type] = {
    "text": str,
    "int": int,
    "bigint": int,
    "float": float,
    "bool": bool,
}
_REQUIRED = {"id", "article_id", "type"}


def _event_row() -> type[BaseModel]:
    """One event mention, flattened: the columns of dyads.query.flat, in their order."""
    fields: dict[str, Any] = {}
    for column in FLAT_EVENT:
        kind = _PYTHON_TYPES[column.kind]
        if column.name in _REQUIRED:
            fields[column.name] = (kind, Field(description=column.doc))
        else:
            fields[column.name] = (kind | None, Field(None, description=column.doc))
    model: type[BaseModel] = create_model(
        "EventRow",
        __config__=ConfigDict(extra="allow"),
        __doc__="One event mention, flattened (the columns of `dyads events --format csv`).",
        **fields,
    )
    return model


if TYPE_CHECKING:
    EventRow = BaseModel
else:
    EventRow = _event_row()


class EventsPage(BaseModel):
    items: list[EventRow]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class ArticleSummary(BaseModel):
    id: str
    story_id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    events: int


class ArticlesPage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None = None


class MentionOut(BaseModel):
    sentence: int
    id: str
    code: str | None = None
    name: str | None = None
    start: int
    end: int


class SentenceOut(BaseModel):
    index: int
    start: int
    end: int


class ArticleDetail(BaseModel):
    id: str
    story_id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    authors: list[str] = []
    language: str | None = None
    body: str | None = Field(
        None, description='"summary" when the text is a feed item\'s own, its page unfetched'
    )
    text: str
    sentences: list[SentenceOut]
    mentions: list[MentionOut]
    events: list[dict[str, Any]] = Field(description="dyads.event/1 records")


class ActorOut(BaseModel):
    id: str
    name: str
    code: str | None = None
    events: int


class SeriesPointOut(BaseModel):
    period: str
    start: str
    end: str
    total: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein: float
    goldstein_index: float | None = Field(None, description="Mean Goldstein score, -10 … +10")
    count_index: float | None = Field(
        None, description="(cooperation − conflict) / events, -1 … +1"
    )


class SeriesOut(BaseModel):
    a: str
    b: str
    directed: bool
    interval: str
    scope: dict[str, Any]
    totals: SeriesPointOut
    points: list[SeriesPointOut]


class NodeOut(BaseModel):
    id: str
    name: str
    code: str | None = None
    events: int
    kind: str | None = Field(
        None, description="state, state body, IGO, official, armed or non-state group, other"
    )
    degree: int | None = Field(None, description="how many other actors it has ties with")


class EdgeOut(BaseModel):
    source: str
    target: str
    count: int
    net: int = Field(description="cooperation events − conflict events")
    goldstein: float
    types: dict[str, int]
    quad_class: dict[str, int]
    first_date: str | None = None
    last_date: str | None = None


class NetworkOut(BaseModel):
    since: str | None = None
    until: str | None = None
    types: list[str]
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    total_nodes: int | None = Field(
        None, description="actors in the network before ``top`` kept the best-connected"
    )


class AlertOut(BaseModel):
    source: str
    target: str
    key: str
    period: str
    start: str
    end: str
    count: int
    baseline_mean: float
    baseline_sd: float
    baseline_periods: int
    zscore: float
    p_value: float
    reason: str
    evidence: list[dict[str, Any]]


class ExtractIn(BaseModel):
    text: str = Field(min_length=1, description="The article text (limited in size).")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)


class ExtractOut(BaseModel):
    article: dict[str, Any]
    text: str
    sentences: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    events: list[dict[str, Any]]
