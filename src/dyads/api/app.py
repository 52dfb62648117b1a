"""The FastAPI application: API routers, the dashboard, offline /docs, token checks, limits."""

from __future__ import annotations

import hmac
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

import dyads.api.analysis as analysis
import dyads.api.routes as routes
from dyads.api.cache import CachedResponse, ResponseCache
from dyads.api.ratelimit import RateLimiter
from dyads.api.store_access import Limits, StoreAccess
from dyads.errors import DyadsError, InputError
from dyads.store import SQLStore
from dyads.version import __version__

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
TOKEN_COOKIE = "dyads_token"
# The dashboard runs only its own files; swagger-ui's page needs one inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def token_matches(given: str | None, token: str) -> bool:
    """Constant-time comparison, so response timing says nothing about the token."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _given_token(request: Request) -> tuple[str | None, bool]:
    """The token a request carries, and whether it came in the URL (to be moved to a cookie)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    if "x-dyads-token" in request.headers:
        return request.headers["x-dyads-token"], False
    if "token" in request.query_params:
        return request.query_params["token"], True
    return request.cookies.get(TOKEN_COOKIE), False


def create_app(
    db: SQLStore | str | Path | None = None,
    *,
    token: str | None = None,
    limits: Limits | None = None,
    dashboard: bool = True,
    cache: int | None = None,
) -> FastAPI:
    """The app over the store at ``db`` (a path, URL or an open store).

    With ``token``, every request must carry it: ``Authorization: Bearer ...``, an
    ``X-Dyads-Token`` header, or once ``?token=...`` in a URL, which sets a cookie for the
    dashboard's later requests. ``cache`` is the number of GET /api answers kept (default:
    512 on DuckDB, whose file nobody else can write while it is served; 0 on PostgreSQL).
    """
    access = StoreAccess.open(db)
    if cache is None:
        cache = 512 if access.store.dialect == "duckdb" else 0

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        access.close()

    app = FastAPI(
        title="Dyads",
        version=__version__,
        description="Evidence-backed event data from news: articles, events, dyad series, "
        "actor networks, alerts and live coding of posted text.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.limits = limits or Limits()
    app.state.cache = ResponseCache(size=cache)
    app.include_router(routes.router)
    app.include_router(analysis.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Dyads API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    if dashboard:
        from dyads.web.views import router as web_router

        app.include_router(web_router)

    @app.exception_handler(InputError)
    async def input_error(_request: Request, err: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=400)

    @app.exception_handler(DyadsError)
    async def dyads_error(_request: Request, err: DyadsError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=500)

    rules = app.state.limits
    limiter = RateLimiter(
        per_second=rules.rate_per_s, burst=rules.rate_burst, exempt_loopback=not rules.rate_loopback
    )
    _guard(app, token=token, max_body=rules.max_body, cache=app.state.cache, limiter=limiter)
    return app


async def _cached(
    request: Request, call_next: Callable[[Request], Awaitable[Response]], cache: ResponseCache
) -> Response:
    key = request.url.path + "?" + request.url.query
    hit = cache.get(key)
    if hit is not None:
        return Response(hit.body, media_type=hit.media_type, headers=hit.headers)
    response = await call_next(request)
    if response.status_code != 200:
        return response
    chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
    body = b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c in chunks)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    media_type = response.headers.get("content-type", "application/json")
    cache.put(key, CachedResponse(body, media_type, headers))
    return Response(body, status_code=200, media_type=media_type, headers=headers)


def _guard(
    app: FastAPI, *, token: str | None, max_body: int, cache: ResponseCache, limiter: RateLimiter
) -> None:
    Handler = Callable[[Request], Awaitable[Response]]

    @app.middleware("http")
    async def guard(request: Request, call_next: Handler) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body):
            return JSONResponse(
                {"detail": f"request body over the limit of {max_body} bytes"}, status_code=413
            )
        if length is None and "chunked" in request.headers.get("transfer-encoding", "").lower():
            # Without a length the limit above can't be checked before the body is read.
            return JSONResponse(
                {"detail": "send the body with a Content-Length header"}, status_code=411
            )
        wait = limiter.wait(request.client.host if request.client else None)
        if wait:
            return JSONResponse(
                {"detail": "too many requests; slow down"},
                status_code=429,
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        from_url = False
        if token is not None:
            given, from_url = _given_token(request)
            if not token_matches(given, token):
                return _unauthorised(request)
        if cache.size and request.method == "GET" and request.url.path.startswith("/api/"):
            response = await _cached(request, call_next, cache)
        else:
            response = await call_next(request)
        if from_url and token is not None:
            # Keep the token out of later URLs (history, referrers): a cookie from now on.
            if request.method == "GET" and not request.url.path.startswith("/api/"):
                clean = request.url.remove_query_params("token")
                response = RedirectResponse(str(clean), status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
        _security_headers(request, response)
        return response


def _unauthorised(request: Request) -> Response:
    detail: dict[str, Any] = {
        "detail": "this server needs a token: send 'Authorization: Bearer <token>', or open "
        "the dashboard once as /?token=<token>"
    }
    return JSONResponse(detail, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _security_headers(request: Request, response: Response) -> None:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.headers.get("content-type", "").startswith("text/html"):
        policy = DOCS_CSP if request.url.path == "/docs" else CSP
        response.headers.setdefault("Content-Security-Policy", policy)
