"""llm/1 against a fake OpenAI-compatible server on loopback: answers become verified events."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from dyads.events.llm.client import ServerError
from dyads.events.llm.stage import LLMExtractor
from dyads.pipeline import Pipeline, extract

from .conftest import FakeLLM, Reply, sentence_of


def pipeline(fake: FakeLLM, tmp_path: Path, **llm: Any) -> Pipeline:
    options = {"url": fake.url, "model": "fake-1", "cache_dir": str(tmp_path / "cache"),
               "backoff": 0.01} | llm  # fmt: skip
    return Pipeline(extractor="llm/1", extractor_options={"llm": options})


def answer(*events: dict[str, Any]) -> Reply:
    return Reply(json.dumps({"events": list(events)}))


def aid(source: str = "Norway", target: str = "Sudan", trigger: str = "sent aid") -> dict[str, Any]:
    return {"type": "AID", "mode": None, "source": source, "target": target, "trigger": trigger}


TEXT = "Norway sent aid to Sudan on Monday."


def report(p: Pipeline) -> Any:
    extractor = p.extractor
    assert isinstance(extractor, LLMExtractor)
    return extractor.report


def test_a_valid_answer_becomes_an_event_with_our_offsets(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    fake_llm.script = lambda _b: answer(aid())
    p = pipeline(fake_llm, tmp_path)
    (event,) = extract(TEXT, published="2025-03-05", pipeline=p).events
    assert event.type == "AID" and event.extractor == "llm/1"
    assert [m.actor.id for m in event.source] == ["NOR"]
    assert [m.actor.id for m in event.target] == ["SDN"]
    assert TEXT[event.trigger.start : event.trigger.end] == "sent aid"
    assert event.date == "2025-03-03"  # "on Monday", from the shared tail
    (body,) = fake_llm.requests
    assert body["model"] == "fake-1" and "response_format" in body
    assert sentence_of(body) == TEXT
    assert "Published: 2025-03-05" in body["messages"][1]["content"]
    assert "Norway" in body["messages"][1]["content"]  # the actor mentions Dyads found
    assert report(p).requests == 1 and report(p).tokens == 120


def test_spans_are_found_ignoring_case_and_spacing(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: answer(aid("norway", "SUDAN", "Sent  aid"))
    (event,) = extract(TEXT, pipeline=pipeline(fake_llm, tmp_path)).events
    assert TEXT[event.trigger.start : event.trigger.end] == "sent aid"
    assert [m.actor.id for m in event.target] == ["SDN"]


@pytest.mark.parametrize(
    "bad",
    [
        aid(trigger="bombed"),
        aid(source="Denmark"),
        aid(target="the Sudanese army"),
        aid(trigger=None),
    ],  # type: ignore[arg-type]
    ids=["trigger", "source", "target", "no-trigger"],
)
def test_an_event_with_a_span_not_in_the_text_is_dropped_and_counted(
    fake_llm: FakeLLM, tmp_path: Path, bad: dict[str, Any]
) -> None:
    fake_llm.script = lambda _b: answer(bad, aid())
    p = pipeline(fake_llm, tmp_path)
    events = extract(TEXT, pipeline=p).events
    assert [e.type for e in events] == ["AID"]
    assert report(p).hallucinated == 1 and report(p).events_proposed == 2


def test_unknown_types_and_spans_without_actors_are_dropped(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    fake_llm.script = lambda _b: answer(aid() | {"type": "GOSSIP"},
                                        aid(source="on Monday", target=None))  # fmt: skip
    p = pipeline(fake_llm, tmp_path)
    assert extract(TEXT, pipeline=p).events == []
    assert report(p).dropped == 2 and report(p).hallucinated == 0


def test_invalid_json_codes_nothing_and_is_counted(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: Reply("I am sorry, I cannot code this sentence.")
    p = pipeline(fake_llm, tmp_path)
    assert extract(TEXT, pipeline=p).events == []
    assert report(p).unreadable == 1


def test_a_truncated_answer_keeps_the_complete_events(fake_llm: FakeLLM, tmp_path: Path) -> None:
    whole = json.dumps({"events": [aid(), aid(trigger="aid") | {"type": "AGREE"}]})
    fake_llm.script = lambda _b: Reply(whole[: whole.rindex("trigger")])
    p = pipeline(fake_llm, tmp_path)
    assert [e.type for e in extract(TEXT, pipeline=p).events] == ["AID"]
    assert report(p).truncated == 1


def test_fenced_single_quoted_answers_are_read(fake_llm: FakeLLM, tmp_path: Path) -> None:
    content = ("```json\n{'events': [{'type': 'AID', 'source': 'Norway', 'target': 'Sudan', "
               "'trigger': 'sent aid', 'negated': False, 'mode': None}]}\n```\nDone.")  # fmt: skip
    fake_llm.script = lambda _b: Reply(content)
    assert len(extract(TEXT, pipeline=pipeline(fake_llm, tmp_path)).events) == 1


def test_429_then_success_is_retried(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.queue = [Reply(status=429, headers={"Retry-After": "0"}), Reply(status=503)]
    fake_llm.script = lambda _b: answer(aid())
    p = pipeline(fake_llm, tmp_path)
    assert len(extract(TEXT, pipeline=p).events) == 1
    assert len(fake_llm.requests) == 3 and report(p).retries == 2


def test_a_server_that_keeps_failing_is_a_clear_error(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: Reply(status=500)
    with pytest.raises(ServerError, match=r"answered 500 after 3 tries"):
        extract(TEXT, pipeline=pipeline(fake_llm, tmp_path, retries=2))


def test_a_slow_answer_times_out_and_is_retried(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.queue = [Reply(delay=1.5)]
    fake_llm.script = lambda _b: answer(aid())
    p = pipeline(fake_llm, tmp_path, timeout=0.3)
    assert len(extract(TEXT, pipeline=p).events) == 1
    assert report(p).retries == 1


def test_a_server_that_never_answers_in_time_fails(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: Reply(delay=1.0)
    with pytest.raises(ServerError, match="timed out after 2 tries"):
        extract(TEXT, pipeline=pipeline(fake_llm, tmp_path, timeout=0.2, retries=1))


def test_a_dead_server_is_a_one_line_error(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.close()  # nothing listens on the port now
    # Held, bound and not listening, so that no other test's server takes the port meanwhile
    # (which made this test fail now and then under pytest-xdist).
    with socket.socket() as held:
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.bind(("127.0.0.1", int(fake_llm.url.rsplit(":", 1)[1])))
        with pytest.raises(
            ServerError, match=r"cannot reach the model server at http://127\.0\.0\.1"
        ) as err:
            extract(TEXT, pipeline=pipeline(fake_llm, tmp_path))
    assert "\n" not in str(err.value)


def test_a_server_without_response_format_is_asked_without_it(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    fake_llm.script = lambda b: Reply(status=400) if "response_format" in b else answer(aid())
    p = pipeline(fake_llm, tmp_path)
    assert len(extract(TEXT, pipeline=p).events) == 1
    extract("Norway sent aid to Chad.", pipeline=p)
    forms = [b.get("response_format", {}).get("type") for b in fake_llm.requests]
    assert forms == ["json_schema", "json_object", None, None]


def test_a_server_taking_only_json_object_gets_it(fake_llm: FakeLLM, tmp_path: Path) -> None:
    def script(body: dict[str, Any]) -> Reply:
        form = body.get("response_format", {})
        if form.get("type") == "json_object":
            return answer(aid())
        return Reply(status=500, error="body.response_format.type: should be 'json_object'")

    fake_llm.script = script
    p = pipeline(fake_llm, tmp_path)
    extract(TEXT, pipeline=p)
    extract("Norway sent aid to Chad.", pipeline=p)
    forms = [b["response_format"]["type"] for b in fake_llm.requests]
    assert forms == ["json_schema", "json_object", "json_object"]
    assert fake_llm.requests[-1]["response_format"]["schema"]["required"] == ["events"]


def test_a_second_run_is_answered_from_the_cache(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: answer(aid())
    first = extract(TEXT, pipeline=pipeline(fake_llm, tmp_path)).events
    again = pipeline(fake_llm, tmp_path)  # a new process would build a new pipeline
    second = extract(TEXT, pipeline=again).events
    assert len(fake_llm.requests) == 1
    assert report(again).cache_hits == 1 and report(again).requests == 0
    assert [e.to_dict(TEXT) for e in first] == [e.to_dict(TEXT) for e in second]
    other = pipeline(fake_llm, tmp_path, model="fake-2")  # another model: asked again
    extract(TEXT, pipeline=other)
    assert len(fake_llm.requests) == 2


def test_sentences_without_actors_are_not_sent(fake_llm: FakeLLM, tmp_path: Path) -> None:
    text = "The weather was mild. Norway sent aid to Sudan. It rained all day."
    fake_llm.script = lambda b: answer(aid()) if "Norway" in sentence_of(b) else answer()
    events = extract(text, pipeline=pipeline(fake_llm, tmp_path)).events
    assert len(fake_llm.requests) == 1 and len(events) == 1


ARTICLE = ("Chile recalled its ambassador from Peru on Friday. Brazil and Peru share a long "
           "border. Argentina's president spoke about Uruguay's football team.")  # fmt: skip


def test_verify_mode_sends_only_sentences_with_rule_candidates(
    fake_llm: FakeLLM, tmp_path: Path
) -> None:
    fake_llm.script = lambda _b: Reply('{"decisions": [{"id": 0, "decision": "confirm"}]}')
    p = pipeline(fake_llm, tmp_path, mode="verify", band="0,1")  # every candidate is sent
    verify = extract(ARTICLE, pipeline=p).events
    verify_sent = len(fake_llm.requests)
    assert [e.type for e in verify] == ["SANCTION"]
    fake_llm.script = lambda _b: answer()
    extract(ARTICLE, pipeline=pipeline(fake_llm, tmp_path, mode="full"))
    assert (verify_sent, len(fake_llm.requests) - verify_sent) == (1, 3)


def test_verify_mode_rejects_and_retypes(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: Reply('{"decisions": [{"id": 0, "decision": "reject"}]}')
    p = pipeline(fake_llm, tmp_path, mode="verify", band="0,1")
    assert extract(ARTICLE, pipeline=p).events == []
    assert report(p).rejected == 1
    fake_llm.script = lambda _b: Reply(
        '{"decisions": [{"id": 0, "decision": "retype", "type": "ACCUSE"}]}'
    )
    p = pipeline(fake_llm, tmp_path / "other", mode="verify", band="0,1")
    (event,) = extract(ARTICLE, pipeline=p).events
    assert event.type == "ACCUSE" and event.cameo.startswith("1")
    assert [m.actor.id for m in event.source] == ["CHL"]


def test_concurrent_requests_code_every_sentence(fake_llm: FakeLLM, tmp_path: Path) -> None:
    names = ["Norway", "Chile", "Japan", "Kenya", "Egypt"]
    text = " ".join(f"{n} sent aid to Sudan." for n in names)
    fake_llm.script = lambda b: Reply(
        json.dumps({"events": [aid(source=sentence_of(b).split()[0])]}), delay=0.05
    )
    p = pipeline(fake_llm, tmp_path, concurrency=4)
    events = extract(text, pipeline=p).events
    assert len(fake_llm.requests) == 5 and report(p).requests == 5 and report(p).cache_hits == 0
    assert sorted(m.actor.id for e in events for m in e.source) == [
        "CHL",
        "EGY",
        "JPN",
        "KEN",
        "NOR",
    ]


def test_prices_give_the_cost(fake_llm: FakeLLM, tmp_path: Path) -> None:
    fake_llm.script = lambda _b: answer(aid())
    p = pipeline(fake_llm, tmp_path, price_in=2.0, price_out=10.0)
    extract(TEXT, pipeline=p)
    assert report(p).cost == pytest.approx((100 * 2.0 + 20 * 10.0) / 1e6)
    assert "cost" in report(p).line() and "hallucinated" in report(p).line()


def test_concurrent_refusals_step_down_one_form_only(fake_llm: FakeLLM, tmp_path: Path) -> None:
    def script(body: dict[str, Any]) -> Reply:
        if body.get("response_format", {}).get("type") == "json_object":
            return answer(aid(source=sentence_of(body).split()[0]))
        return Reply(status=422, delay=0.05)

    fake_llm.script = script
    text = " ".join(f"{n} sent aid to Sudan." for n in ["Norway", "Chile", "Japan", "Kenya"])
    events = extract(text, pipeline=pipeline(fake_llm, tmp_path, concurrency=4)).events
    assert len(events) == 4
    assert all("response_format" in b for b in fake_llm.requests)
