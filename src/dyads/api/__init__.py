"""The HTTP API and dashboard: ``create_app(db)`` for ASGI servers, ``serve(db)`` to run one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyads.api.app import create_app
    from dyads.api.server import serve

__all__ = ["create_app", "serve"]


def __getattr__(name: str) -> Any:
    # FastAPI is imported on first use, so that `dyads serve --help` (and every module of this
    # package, which runs this file first) does not pay for it.
    if name == "create_app":
        from dyads.api.app import create_app

        return create_app
    if name == "serve":
        from dyads.api.server import serve

        return serve
    raise AttributeError(f"module 'dyads.api' has no attribute {name!r}")
