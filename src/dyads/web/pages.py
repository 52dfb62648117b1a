"""What every dashboard page shares: the templates (autoescaped, so article text is always
shown as text) and the context every page's header and forms need."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from dyads.model import PLOVER_TYPES
from dyads.query.intervals import INTERVALS

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
)
templates = Jinja2Templates(env=_env)
# How often a page asks whether new events were stored (the API's /api/health generation).
POLL_MS = 3000


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {
            "types": PLOVER_TYPES,
            "intervals": tuple(INTERVALS),
            "active": name.removesuffix(".html"),
            # Read by the guard before the page's queries: the page is at least this new.
            "generation": getattr(request.state, "generation", 0),
            "poll_ms": POLL_MS,
        }
        | context,
        status_code=status,
    )
