"""Verify mode asks the model only about the rule candidates the event gate is unsure of.

Counted on one article against the fake server: full mode sends every sentence with an
actor, verify mode with the band ``0,1`` every sentence with a rule candidate, and the
default band only the sentences holding a candidate whose gate probability is in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dyads.errors import InputError
from dyads.events.gate import HybridExtractor
from dyads.events.llm.settings import parse_band, resolve
from dyads.events.llm.stage import LLMExtractor
from dyads.pipeline import Pipeline, extract

from .conftest import FakeLLM, Reply

# A threat the gate is sure of, praise it is unsure of, a film's war it is sure is no event
# (probabilities about 0.97, 0.39 and 0.05 with data/models/gate.npz), and a
# sentence with two actors and no rule candidate.
ARTICLE = (
    "Turkey threatened to expel the Swedish ambassador on Monday. Poland praised Lithuania. "
    "A film about the 1979 war in which China attacked Vietnam opened in Hanoi. Brazil and "
    "Peru share a long border."
)


def confirm_all(body: dict[str, Any]) -> Reply:
    content = body["messages"][-1]["content"]
    if "Sentence:" in content and "Actors found:" in content:  # full mode
        return Reply('{"events": []}')
    ids = re.findall(r"^(\d+)\. ", content, re.M)
    return Reply(json.dumps({"decisions": [{"id": int(i), "decision": "confirm"} for i in ids]}))


def run(fake: FakeLLM, tmp_path: Path, **llm: Any) -> tuple[list[Any], LLMExtractor, int]:
    before = len(fake.requests)
    options = {"url": fake.url, "model": "fake-1", "cache_dir": "off", "backoff": 0.01} | llm
    pipeline = Pipeline(extractor="llm/1", extractor_options={"llm": options})
    events = extract(ARTICLE, published="2025-03-07", pipeline=pipeline).events
    extractor = pipeline.extractor
    assert isinstance(extractor, LLMExtractor)
    return events, extractor, len(fake.requests) - before


def test_requests_in_each_mode_on_the_same_article(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = confirm_all
    _, _, full = run(fake_llm, tmp_path, mode="full")
    every, _, all_candidates = run(fake_llm, tmp_path, mode="verify", band="0,1")
    gated, extractor, unsure = run(fake_llm, tmp_path, mode="verify")
    # Full mode asks about every sentence with an actor, verify with band 0,1 about every
    # sentence with a candidate, the default band only where the gate is unsure (how many
    # depends on the shipped gate: at least one of the three candidates is sure either way).
    assert (full, all_candidates) == (4, 3) and unsure < all_candidates
    report = extractor.report
    assert report.gate_kept + report.gate_dropped >= 1
    assert f"gate sure of {report.gate_kept} kept, {report.gate_dropped} dropped" in report.line()
    # What was asked about and confirmed, and what the gate kept, are both in the output;
    # what it was sure against is not.
    assert {e.type for e in every} == {"THREATEN", "SUPPORT", "ASSAULT"}
    assert {e.type for e in gated} <= {e.type for e in every}
    assert len(gated) == len(every) - report.gate_dropped


def test_the_band_is_where_the_gate_probability_falls(fake_llm: FakeLLM, tmp_path: Path) -> None:
    """Each candidate's gate probability decides: asked in the band, else kept or dropped."""
    fake_llm.script = confirm_all
    hybrid = Pipeline(extractor="hybrid/1")  # the same gate, on the same rule events
    assert isinstance(hybrid.extractor, HybridExtractor)
    hybrid.extractor.gate.record = verdicts = []
    extract(ARTICLE, published="2025-03-07", pipeline=hybrid)
    scored = {v.event.type: v.probability for v in verdicts}
    assert len(scored) == 3
    low, high = 0.15, 0.5
    events, _, sent = run(fake_llm, tmp_path, mode="verify", band=f"{low},{high}")
    asked = {t for t, p in scored.items() if low <= p < high}
    assert sent == len({v.event.sentence.index for v in verdicts if v.event.type in asked})
    assert {e.type for e in events} == {t for t, p in scored.items() if p >= low}
    for event in events:
        (said,) = [r for r in event.rules if r.startswith("llm:gate-")]
        how, p = said.removeprefix("llm:gate-").split(":")
        assert how == ("unsure" if event.type in asked else "sure")
        assert float(p) == pytest.approx(scored[event.type], abs=0.006)


def test_a_band_that_decides_everything_sends_nothing(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = confirm_all
    kept, _, sent_keep = run(fake_llm, tmp_path, mode="verify", band="0,0")
    dropped, extractor, sent_drop = run(fake_llm, tmp_path, mode="verify", band="1,1")
    assert (sent_keep, sent_drop) == (0, 0)
    assert len(kept) == 3 and dropped == []
    assert extractor.report.gate_dropped == 3


@pytest.mark.parametrize("band", ["0.7,0.1", "x", "0.1", "-1,0.5", "0.2,1.5"])
def test_a_bad_band_is_a_one_line_error(band: str) -> None:
    with pytest.raises(InputError, match="gate band") as err:
        resolve({"url": "http://127.0.0.1:1", "model": "m", "band": band}, env={})
    assert "\n" not in str(err.value)
    assert parse_band("0.1,0.7") == (0.1, 0.7)


def test_the_data_version_names_model_prompt_and_band(fake_llm: FakeLLM) -> None:
    def version(**llm: Any) -> str:
        options = {"url": fake_llm.url, "model": "fake-1", "cache_dir": "off"} | llm
        return Pipeline(extractor="llm/1", extractor_options={"llm": options}).data_version

    base = version()
    assert "llm=fake-1" in base and "prompt=llm-prompt/" in base and "mode=full" in base
    assert fake_llm.url not in base
    assert version(url="http://127.0.0.1:1/v1") == base  # the server's address is no part
    assert version(model="fake-2") != base
    assert version(mode="verify") != version(mode="verify", band="0.2,0.6")
    assert "gate=" in version(mode="verify") and "gate=" not in version(mode="verify", band="0,1")
