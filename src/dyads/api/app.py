"""The FastAPI application: API routers, the dashboard, offline /docs, token checks, limits."""

from __future__ import annotations

import hmac
import ipaddress
import math
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles

import dyads.api.analysis as analysis
import dyads.api.places as places
import dyads.api.routes as routes
import dyads.api.store_routes as store_routes
from dyads.api.cache import CachedResponse, ResponseCache
from dyads.api.deadline import REQUEST_SECONDS, RequestTimeout
from dyads.api.ratelimit import RateLimiter
from dyads.api.store_access import Limits, StoreAccess
from dyads.api.store_routes import STORE_MAX_BODY, STORE_PREFIX, Writer
from dyads.errors import DyadsError, InputError
from dyads.store import SQLStore
from dyads.store.duckdb import DuckDBStore
from dyads.version import __version__

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
TOKEN_COOKIE = "dyads_token"
_SURROGATE = re.compile("[\ud800-\udfff]")
# The dashboard runs only its own files; swagger-ui's page needs one inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
FAVICON_URL = "/static/img/favicon.png"
DOCS_BACK = (
    b'<body><a id="docs-back" href="/" style="display:block;padding:.5rem 1.2rem;'
    b"background:#f8f9fa;border-bottom:1px solid #dee2e6;color:#364fc7;"
    b'font:600 14px system-ui,sans-serif;text-decoration:none">'
    b"\xe2\x86\x90 Dyads dashboard</a>"
)
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def token_matches(given: str | None, token: str) -> bool:
    """Constant-time comparison, so response timing says nothing about the token."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def loopback_host(header: str | None) -> bool:
    """Whether a ``Host`` header names this machine's loopback: ``localhost``, ``127.x.x.x``
    or ``[::1]``, with any port. A page whose name was rebound to 127.0.0.1 (DNS rebinding)
    still sends its own name, which this refuses."""
    if header is None:
        return True  # HTTP/1.0 without Host: not a browser, which always sends one
    host = header.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _encodable(value: Any) -> Any:
    """``value`` with lone surrogates in its strings replaced (they cannot be UTF-8)."""
    if isinstance(value, str):
        return (
            value.encode("utf-8", "replace").decode("utf-8") if _SURROGATE.search(value) else value
        )
    if isinstance(value, list):
        return [_encodable(v) for v in value]
    if isinstance(value, dict):
        return {k: _encodable(v) for k, v in value.items()}
    return value


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
    store_token: str | None = None,
) -> FastAPI:
    """The app over the store at ``db`` (a path, URL or an open store).

    With ``token``, every request must carry it: ``Authorization: Bearer ...``, an
    ``X-Dyads-Token`` header, or once ``?token=...`` in a URL, which sets a cookie for the
    dashboard's later requests. ``cache`` is the number of GET /api answers kept (default:
    512 on DuckDB, whose file only this server writes while it is served, emptied on each
    write; 0 on PostgreSQL). With ``store_token`` and a DuckDB store, ``/api/store/*`` takes
    the SQL of CLI commands on the same file from holders of that token (`dyads serve` writes
    it in the file's discovery file, see :mod:`dyads.store.served`).
    """
    access = StoreAccess.open(db)
    if cache is None:
        cache = 512 if access.store.dialect == "duckdb" else 0
    writer: Writer | None = None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if writer is not None:
            writer.close()  # a batch still open is rolled back, never half-stored
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
    access.limit_extracts(app.state.limits.max_extracts)
    app.state.cache = ResponseCache(size=cache)
    response_cache = app.state.cache

    def written() -> None:
        """Data changed: move the generation on (first: an answer computed from now on is
        cached under the new one) and empty the cache. Called on each commit of a CLI writer,
        and by `serve --watch` after a round that stored articles."""
        access.bump()
        response_cache.clear()

    app.state.written = written
    if store_token is not None and isinstance(access.store, DuckDBStore):
        writer = Writer(access.store, on_commit=written)
        app.state.writer = writer
        app.include_router(store_routes.router)
    app.include_router(routes.router)
    app.include_router(analysis.router)
    app.include_router(places.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Dyads API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url=FAVICON_URL,
        )
        if not dashboard:
            return page
        # swagger-ui's page has no way out; a reader who came from the dashboard needs one.
        body = bytes(page.body).replace(b"<body>", DOCS_BACK, 1)
        return HTMLResponse(body)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        # Browsers ask for /favicon.ico whatever the page says; answer rather than 404.
        return FileResponse(STATIC / "img" / "favicon.png", media_type="image/png")

    if dashboard:
        from dyads.web.views import router as web_router

        app.include_router(web_router)

    @app.exception_handler(InputError)
    async def input_error(_request: Request, err: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, err: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer, but one that can be encoded: the errors echo the input, and
        # a lone surrogate in it made the 422 itself fail as a 500.
        return JSONResponse({"detail": _encodable(jsonable_encoder(err.errors()))}, 422)

    @app.exception_handler(RequestTimeout)
    async def timed_out(_request: Request, err: RequestTimeout) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=503)

    @app.exception_handler(DyadsError)
    async def dyads_error(_request: Request, err: DyadsError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=500)

    rules = app.state.limits
    limiter = RateLimiter(
        per_second=rules.rate_per_s, burst=rules.rate_burst, exempt_loopback=not rules.rate_loopback
    )
    _guard(
        app,
        token=token,
        rules=rules,
        cache=app.state.cache,
        limiter=limiter,
        store_token=store_token,
    )
    return app


async def _cached(
    request: Request,
    call_next: Callable[[Request], Awaitable[Response]],
    cache: ResponseCache,
    generation: int,
) -> Response:
    # The generation in the key: an answer computed while a write commits is never served
    # after it.
    key = f"{generation}|{request.url.path}?{request.url.query}"
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
    app: FastAPI,
    *,
    token: str | None,
    rules: Limits,
    cache: ResponseCache,
    limiter: RateLimiter,
    store_token: str | None = None,
) -> None:
    Handler = Callable[[Request], Awaitable[Response]]
    access: StoreAccess = app.state.access

    @app.middleware("http")
    async def guard(request: Request, call_next: Handler) -> Response:
        REQUEST_SECONDS.set(rules.request_seconds)  # the route's thread inherits it
        request.state.generation = access.generation  # what a page shows is at least this new
        max_body = rules.max_body
        store_call = request.url.path.startswith(STORE_PREFIX)
        if store_call:
            # The CLI's SQL: the per-run store token and nothing else opens it, even on
            # loopback and even to a holder of the server's own --token.
            given, _ = _given_token(request)
            if store_token is None or not token_matches(given, store_token):
                return _unauthorised(request)
            max_body = STORE_MAX_BODY
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
        if token is None and not loopback_host(request.headers.get("host")):
            # Without a token, only pages of this machine's own names may talk to it.
            return JSONResponse(
                {"detail": "this server answers only to localhost and 127.0.0.1 (or a token)"},
                status_code=400,
            )
        wait = 0.0 if store_call else limiter.wait(request.client.host if request.client else None)
        if wait:
            return JSONResponse(
                {"detail": "too many requests; slow down"},
                status_code=429,
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        from_url = False
        if token is not None and not store_call:
            given, from_url = _given_token(request)
            if not token_matches(given, token):
                return _unauthorised(request)
        if cache.size and request.method == "GET" and request.url.path.startswith("/api/"):
            response = await _cached(request, call_next, cache, access.generation)
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
