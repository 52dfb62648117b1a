"""An OpenAI-compatible chat server on loopback: the stand-in for a model server.

A real HTTP server in a thread (``http.server``), answering ``POST /v1/chat/completions``
with whatever the test's script says: a chat completion with some content, an HTTP error, a
slow answer. It keeps every request it got, so tests count what a run sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    content: str = '{"events": []}'
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    usage: tuple[int, int] = (100, 20)
    error: str = "fake error"


def sentence_of(body: dict[str, Any]) -> str:
    """The sentence of a request's user message (what a model would read)."""
    found = re.search(r"^Sentence: (.*)$", body["messages"][-1]["content"], re.M)
    return found.group(1) if found else ""


Script = Callable[[dict[str, Any]], Reply]


class FakeLLM:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.script: Script = lambda _body: Reply()
        self.queue: list[Reply] = []  # replies served first, in order, before the script
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                with fake._lock:
                    fake.requests.append(body)
                    fake.headers.append(dict(self.headers))
                    reply = fake.queue.pop(0) if fake.queue else None
                reply = reply or fake.script(body)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status == 200:
                    payload = {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "model": body.get("model"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": reply.content}}],
                        "usage": {"prompt_tokens": reply.usage[0],
                                  "completion_tokens": reply.usage[1],
                                  "total_tokens": sum(reply.usage)},
                    }  # fmt: skip
                    data = json.dumps(payload).encode()
                else:
                    data = json.dumps({"error": {"message": reply.error}}).encode()
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    server = FakeLLM()
    yield server
    server.close()
