"""A small client for ``/v1/chat/completions`` with a disk cache, retries and a run report.

Standard library only (``urllib``): the extractor needs no HTTP package. A request is retried
with exponential backoff on 429, 5xx and timeouts (``Retry-After`` is honoured); a server
that refuses ``response_format`` is asked again without it, once per client. Answers are
cached on disk under a key of (model, prompt version, kind, message), so a re-run sends
nothing. Every count a user pays for is in :class:`LLMReport`.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from dyads.errors import DyadsError
from dyads.events.llm.settings import LLMSettings

FORMATS: tuple[str | None, ...] = ("json_schema", "json_object", None)


class ServerError(DyadsError):
    """The model server cannot be reached or keeps failing: the run cannot go on."""


@dataclass
class LLMReport:
    """What a run cost and what verification threw away."""

    requests: int = 0  # HTTP requests sent, retries included
    retries: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    sentences: int = 0  # sentences (or candidate sets) asked about, cached or not
    events_proposed: int = 0
    hallucinated: int = 0  # events dropped: a span not in the sentence
    dropped: int = 0  # events dropped otherwise: unknown type, no actor under either span
    rejected: int = 0  # verify mode: rule candidates the model rejected
    retyped: int = 0
    gate_kept: int = 0  # verify mode: rule candidates the gate was sure of, kept unasked
    gate_dropped: int = 0  # verify mode: rule candidates the gate was sure against, dropped
    unreadable: int = 0  # answers with no readable JSON
    truncated: int = 0  # answers cut off, read up to the cut
    seconds: float = 0.0  # time spent waiting for the server
    cost: float = 0.0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"tokens": self.tokens}

    def line(self) -> str:
        cost = f", cost {self.cost:.4f}" if self.cost else ""
        return (
            f"llm/1: {self.requests} requests, {self.cache_hits} cache hits, {self.tokens} tokens"
            f"{cost}; {self.events_proposed} events proposed, {self.hallucinated} hallucinated, "
            f"{self.dropped} dropped, {self.rejected} rejected, {self.unreadable} unreadable"
            + self._gate_part()
        )

    def _gate_part(self) -> str:
        if not (self.gate_kept or self.gate_dropped):
            return ""
        return f"; gate sure of {self.gate_kept} kept, {self.gate_dropped} dropped"

    def add(self, other: LLMReport) -> None:
        """Adds another run's counts (a worker process's) to this one."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LLMReport:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def endpoint(url: str) -> str:
    """``http://host:8000``, ``.../v1`` or the full path: the chat completions URL."""
    url = url.rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    return url + ("/chat/completions" if url.endswith("/v1") else "/v1/chat/completions")


def default_cache_dir() -> Path:
    base = os.environ.get("DYADS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dyads"
    )
    return Path(base) / "llm"


class ChatClient:
    def __init__(self, settings: LLMSettings, prompt_version: str) -> None:
        self.settings = settings
        self.url = endpoint(settings.url)
        self.prompt_version = prompt_version
        self.report = LLMReport()
        self._lock = threading.Lock()
        # Structured output as the server takes it: OpenAI's and vLLM's json_schema, else
        # llama.cpp's json_object with a schema, else none (the answer is read tolerantly).
        self._format = 0 if settings.json_schema else len(FORMATS) - 1
        self._fetched: dict[str, str] = {}  # answers prefetched, not yet asked for
        where = settings.cache_dir
        off = where == "off" or (not where and os.environ.get("DYADS_CACHE_DIR") == "off")
        self.cache_dir: Path | None = None if off else Path(where or default_cache_dir())

    def check_reachable(self) -> None:
        """Fail now, with one line, when nothing listens at the server's address."""
        parts = urllib.parse.urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection(
                (parts.hostname or "", port), timeout=self.settings.timeout
            ).close()
        except OSError as err:
            reason = err.strerror or str(err)
            raise ServerError(f"cannot reach the model server at {self.url} ({reason})") from None

    # -- cache -------------------------------------------------------------------------
    def _key(self, kind: str, system: str, message: str) -> str:
        parts = [self.settings.model, self.prompt_version, kind, system, message]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _cached(self, key: str) -> str | None:
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / key[:2] / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        content: str = data["content"]
        return content

    def _store(self, key: str, content: str) -> None:
        if self.cache_dir is None:
            return
        folder = self.cache_dir / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.{threading.get_ident()}"
        tmp.write_text(json.dumps({"content": content}), encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")  # whole or not at all, whoever writes it

    # -- requests ----------------------------------------------------------------------
    def ask(self, kind: str, system: str, message: str, schema: dict[str, Any]) -> str:
        """The model's answer text to one message, from the cache when it was asked before."""
        key = self._key(kind, system, message)
        with self._lock:
            self.report.sentences += 1
        with self._lock:
            fetched = self._fetched.pop(key, None)
        if fetched is not None:
            return fetched
        cached = self._cached(key)
        if cached is not None:
            with self._lock:
                self.report.cache_hits += 1
            self._progress()
            return cached
        content = self._send(kind, system, message, schema)
        self._store(key, content)
        self._progress()
        return content

    def _body(
        self, kind: str, system: str, message: str, schema: dict[str, Any], form: int
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": message},
            ],
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
        }
        kind_of = FORMATS[form]
        if kind_of == "json_schema":
            body["response_format"] = {
                "type": kind_of,
                "json_schema": {"name": kind, "schema": schema},
            }
        elif kind_of == "json_object":
            body["response_format"] = {"type": kind_of, "schema": schema}
        return body

    def prefetch(self, kind: str, system: str, messages: list[str], schema: dict[str, Any]) -> None:
        """Ask about several messages at once (``concurrency`` in flight); :meth:`ask`
        then returns each answer without a request."""
        todo = {self._key(kind, system, m): m for m in messages}
        todo = {k: m for k, m in todo.items() if self._cached(k) is None}
        if len(todo) < 2:
            return

        def one(item: tuple[str, str]) -> None:
            key, message = item
            content = self._send(kind, system, message, schema)
            self._store(key, content)
            with self._lock:
                self._fetched[key] = content
            self._progress()

        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            list(pool.map(one, todo.items()))

    def _send(self, kind: str, system: str, message: str, schema: dict[str, Any]) -> str:
        s = self.settings
        wait = s.backoff
        attempt = 0
        while True:
            form = self._format
            body = self._body(kind, system, message, schema, form)
            status, payload, retry_after = self._post(body)
            if status == 200:
                return self._content(payload)
            refused = status in (400, 422) or (status == 500 and "response_format" in payload)
            if refused and "response_format" in body:
                # The server refuses this form of structured output: try the next one
                # (llama-cpp-python answers its validation error with a 500 naming it).
                with self._lock:  # from the form this request used: requests in flight race
                    self._format = max(self._format, min(form + 1, len(FORMATS) - 1))
                continue
            if status not in (None, 408, 429) and status < 500:
                raise ServerError(f"model server {self.url} answered {status}: {payload[:200]}")
            if attempt == s.retries:
                what = "timed out" if status is None else f"answered {status}"
                raise ServerError(f"model server {self.url} {what} after {s.retries + 1} tries")
            with self._lock:
                self.report.retries += 1
            time.sleep(retry_after if retry_after is not None else wait)
            wait *= 2
            attempt += 1

    def _post(self, body: dict[str, Any]) -> tuple[int | None, str, float | None]:
        headers = {"Content-Type": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        started = time.perf_counter()
        with self._lock:
            self.report.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                return response.status, response.read().decode("utf-8", "replace"), None
        except urllib.error.HTTPError as err:
            retry = err.headers.get("Retry-After") if err.headers else None
            text = err.read().decode("utf-8", "replace")
            return err.code, text, float(retry) if retry and retry.isdigit() else None
        except TimeoutError:
            return None, "", None
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                return None, "", None
            reason = getattr(err.reason, "strerror", None) or err.reason
            raise ServerError(f"cannot reach the model server at {self.url} ({reason})") from None
        except (ConnectionError, OSError) as err:
            raise ServerError(f"cannot reach the model server at {self.url} ({err})") from None
        finally:
            with self._lock:
                self.report.seconds += time.perf_counter() - started

    def _content(self, payload: str) -> str:
        try:
            data = json.loads(payload)
            content = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise ServerError(f"model server {self.url} sent no chat completion") from None
        usage = data.get("usage") or {}
        p_tokens, c_tokens = (
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
        )
        with self._lock:
            r = self.report
            r.prompt_tokens += p_tokens
            r.completion_tokens += c_tokens
            r.cost += (p_tokens * self.settings.price_in + c_tokens * self.settings.price_out) / 1e6
        return str(content)

    def _progress(self) -> None:
        if self.settings.progress:
            r = self.report
            cost = f", cost {r.cost:.4f}" if r.cost else ""
            print(f"\rllm/1: {r.requests} requests, {r.cache_hits} cache hits, "
                  f"{r.tokens} tokens{cost}", end="", file=sys.stderr, flush=True)  # fmt: skip
