"""The HTTP API and dashboard: ``create_app(db)`` for ASGI servers, ``serve(db)`` to run one."""

from __future__ import annotations

from dyads.api.app import create_app
from dyads.api.server import serve

__all__ = ["create_app", "serve"]
