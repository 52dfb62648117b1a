"""llm/1 in verify mode, with a model that confirms every proposal, meets the contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dyads.pipeline import Pipeline, extract

from ..test_contract import CONTRACT, Event, ev
from .conftest import FakeLLM, Reply


def confirm_all(body: dict) -> Reply:  # type: ignore[type-arg]
    proposals = re.findall(r"^(\d+)\. ", body["messages"][-1]["content"], re.M)
    return Reply(
        json.dumps({"decisions": [{"id": int(i), "decision": "confirm"} for i in proposals]})
    )


@pytest.mark.parametrize(("sentence", "expected"), CONTRACT, ids=[s for s, _ in CONTRACT])
def test_verify_mode_confirming_everything_meets_the_contract(
    fake_llm: FakeLLM, tmp_path: Path, sentence: str, expected: set[Event]
) -> None:
    fake_llm.script = confirm_all
    options = {
        "url": fake_llm.url,
        "model": "fake",
        "mode": "verify",
        "cache_dir": "off",
        "band": "0,1",
    }  # every rule candidate is sent
    pipeline = Pipeline(extractor="llm/1", extractor_options={"llm": options})
    doc = extract(sentence, published="2024-05-09", pipeline=pipeline)
    got = {
        ev(e.type, tuple(m.actor.id for m in e.source), tuple(m.actor.id for m in e.target),
           *(f for f in ("hedged", "negated", "hypothetical", "quoted") if getattr(e, f)))
        for e in doc.events
    }  # fmt: skip
    assert got == expected
    if expected:  # one request for the sentence's rule candidates
        assert len(fake_llm.requests) == 1
