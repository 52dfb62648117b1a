"""The alerts page. It differs from ``dyads alerts`` and /api/alerts in two ways, both because a
person opens it without settings and must see something they can act on:

- Without dates it checks every period with events, not only the last one: on a corpus whose
  last week was quiet (the demo's), the CLI's default finds nothing and says so; the page
  shows the spikes of the whole record.
- When nothing crosses the threshold, it lists the strongest departures below it, labelled as
  such, with their evidence: "nothing is unusual" is then visibly true, not a blank page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dyads.api.deadline_route import DeadlineRoute
from dyads.api.routes import access
from dyads.errors import InputError
from dyads.query.alerts import Alert, find_alerts
from dyads.query.filters import is_date_prefix
from dyads.query.scope import Scope
from dyads.store import SQLStore
from dyads.web.pages import page

router = APIRouter(include_in_schema=False, route_class=DeadlineRoute)
EVIDENCE = 5  # events listed under each alert; the heading says when there are more
NEAR_MISSES = 5
# A threshold that every positive departure passes: the near misses are the best of those.
_ANY = {"zscore": 1e-9, "poisson": 1.0}


def _first_date(store: SQLStore) -> str | None:
    rows = store.fetch("SELECT MIN(date) FROM events WHERE date IS NOT NULL")
    return str(rows[0][0]) if rows and rows[0][0] else None


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(
    request: Request,
    interval: str = "week",
    by: str = "type",
    method: str = "zscore",
    since: str = "",
    until: str = "",
    min_count: Annotated[int, Query(ge=1, le=1000)] = 3,
    threshold: Annotated[float | None, Query(gt=0)] = None,
    window: Annotated[int, Query(ge=1, le=520)] = 8,
    # Seconds between reloads of the page (0: none): a live view beside `serve --watch`.
    refresh: Annotated[int, Query(ge=0, le=86400)] = 0,
) -> HTMLResponse:
    form = {
        "refresh": refresh,
        "interval": interval,
        "by": by,
        "method": method,
        "since": since,
        "until": until,
        "min_count": min_count,
        "threshold": "" if threshold is None else threshold,
        "window": window,
    }
    error = None
    found: list[Alert] = []
    near: list[Alert] = []
    checked = ""
    try:
        for name, value in (("since", since), ("until", until)):
            if value and not is_date_prefix(value):
                raise InputError(name, f"{value!r} is not a date like 2024-10-20")
        with access(request).use() as store:
            first = None if since or until else _first_date(store)
            scope = Scope(since=since or first, until=until or None)
            options: dict[str, Any] = {
                "scope": scope,
                "interval": interval,
                "by": by,
                "method": method,
                "window": window,
                "evidence": EVIDENCE,
            }
            found = find_alerts(store, threshold=threshold, min_count=min_count, **options)
            if not found:
                near = find_alerts(
                    store,
                    threshold=_ANY.get(method, 1.0),
                    min_count=1,
                    limit=NEAR_MISSES,
                    **options,
                )
                near = [a for a in near if a.zscore > 0]
            checked = f"every {interval} from {scope.since}" if first else ""
    except InputError as err:
        error = str(err)
    cut = threshold or (3.0 if method == "zscore" else 0.001)
    return page(
        request,
        "alerts.html",
        400 if error else 200,  # the page shows the error; the status says it too
        form=form,
        alerts=found,
        near=near,
        checked=checked,
        cut=("z ≥ " if method == "zscore" else "p ≤ ") + f"{cut:g}",
        error=error,
    )
