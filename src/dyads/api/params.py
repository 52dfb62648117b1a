"""The query parameters the API's routers share, each set as one FastAPI dependency.

``EventFilterQuery`` (the filters of `dyads events`) and ``ScopeQuery`` (what the analyses
count) are declared once here; FastAPI still lists every parameter on its own, with its
description, in /openapi.json, so clients see the same schema as when each route spelled
them out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError

from dyads.query.actors import resolve_actors
from dyads.query.filters import EventFilter
from dyads.query.scope import Scope

DateParam = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="ISO date or prefix: 2024, 2024-10, 2024-10-20 (inclusive)",
    ),
]
ListParam = Annotated[list[str], Query(description="Repeat or comma-separate for several.")]
AnyRoleParam = Annotated[
    list[str],
    Query(description="Actor id or code in any role; repeat or comma-separate for several."),
]
ActorsParam = Annotated[
    list[str], Query(description="Actor id or code; repeat or comma-separate for several.")
]
TypesParam = Annotated[
    list[str], Query(description="PLOVER event type; repeat or comma-separate for several.")
]
FlagParam = Annotated[
    bool | None, Query(description="Only events with (true) or without (false) this flag")
]
ArticleParam = Annotated[str | None, Query(max_length=200, description="One article's events")]
StoryParam = Annotated[str | None, Query(max_length=200, description="One story's events")]


# Values one list filter may hold: each is a clause of the query, and 5,000 of them ran for
# minutes; no one filters on more than a few dozen actors by hand.
MAX_VALUES = 100


def split(values: list[str] | None, name: str = "filter") -> tuple[str, ...]:
    """``?type=A&type=B`` and ``?type=A,B`` alike; blanks dropped; at most MAX_VALUES."""
    out: list[str] = []
    for value in values or []:
        out.extend(part.strip() for part in value.split(",") if part.strip())
        if len(out) > MAX_VALUES:
            # A 422 shaped like FastAPI's own, as the OpenAPI spec documents.
            problem = f"values are more than one filter takes ({MAX_VALUES})"
            raise RequestValidationError(
                [
                    {
                        "type": "less_than_equal",
                        "loc": ("query", name),
                        "msg": f"{name} {len(out)} {problem}",
                    }
                ]
            )
    return tuple(out)


def _actors(values: tuple[str, ...]) -> tuple[str, ...]:
    """Ids, codes or any dictionary name, case-insensitively ("russia", "Vladimir Putin"), as
    the CLI takes them; a value the dictionary does not know is matched as written."""
    return resolve_actors(values)[0] if values else values


def event_filter(
    actor: AnyRoleParam = [],  # noqa: B006 - FastAPI copies query defaults
    source: ActorsParam = [],  # noqa: B006
    target: ActorsParam = [],  # noqa: B006
    type: TypesParam = [],  # noqa: B006
    since: DateParam = None,
    until: DateParam = None,
    hedged: FlagParam = None,
    negated: FlagParam = None,
    article_id: ArticleParam = None,
    story_id: StoryParam = None,
) -> EventFilter:
    """The filters of `dyads events`, from a request (or called directly, as the dashboard
    does with its form's values)."""
    return EventFilter(
        actor=_actors(split(actor, "actor")),
        source=_actors(split(source, "source")),
        target=_actors(split(target, "target")),
        types=tuple(t.upper() for t in split(type, "type")),
        since=since,
        until=until,
        hedged=hedged,
        negated=negated,
        article_id=article_id or None,
        story_id=story_id or None,
    )


def scope(
    since: DateParam = None,
    until: DateParam = None,
    type: TypesParam = [],  # noqa: B006
    include_hedged: Annotated[bool, Query(description="Count hedged events too")] = False,
    include_negated: Annotated[bool, Query(description="Count negated events too")] = False,
    per_story: Annotated[bool, Query(description="Count each story's event once")] = True,
) -> Scope:
    """Which events an analysis (series, network, alerts) counts."""
    return Scope(
        since=since,
        until=until,
        types=tuple(t.upper() for t in split(type, "type")),
        include_hedged=include_hedged,
        include_negated=include_negated,
        per_story=per_story,
    )


EventFilterQuery = Annotated[EventFilter, Depends(event_filter)]
ScopeQuery = Annotated[Scope, Depends(scope)]
