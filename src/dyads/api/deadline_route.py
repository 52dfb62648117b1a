"""The API's routes under the request deadline (``api/deadline.py``).

Apart from the watchdog so that what the CLI imports (``dyads serve --help`` reads the
server's defaults) does not pull in FastAPI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute

from dyads.api.deadline import REQUEST_SECONDS, guarded


class DeadlineRoute(APIRoute):
    """An API route whose plain-function endpoint runs under the request deadline."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        import inspect

        if not inspect.iscoroutinefunction(endpoint):
            endpoint = guarded(endpoint, REQUEST_SECONDS.get)
        super().__init__(path, endpoint, **kwargs)
