"""Extractors as lists of stages: a third-party proposer gets the shared tail for free.

The extractor here proposes events from a hand-written table (trigger, type, source text,
target text) and nothing else: modality, claims, dates, places, CAMEO, quad class and ids
come from the shared stages, registered and built through the one registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyads import registry
from dyads.errors import RegistryError
from dyads.events.candidate import Candidate, SentenceWork
from dyads.events.rules import STAGES
from dyads.events.staged import SHARED_TAIL, StagedExtractor
from dyads.model import Span
from dyads.pipeline import Pipeline, extract

# trigger word, PLOVER type, source text, target text
TABLE: list[tuple[str, str, str, str]] = [
    ("pelted", "ASSAULT", "Chile", "Peru"),
    ("lauded", "SUPPORT", "Norway", "Kenya"),
    ("wired", "AID", "Japan", "Fiji"),
]


class TableStage:
    """Proposes the table's events where the trigger word and both actors are in a sentence."""

    name = "table.propose/1"
    requires = ("doc.actors",)
    assigns = ("candidates",)

    def __init__(self, *, table: list[tuple[str, str, str, str]] = TABLE, **_: Any) -> None:
        self.table = table

    def __call__(self, work: SentenceWork) -> None:
        text, sent = work.layers.text, work.sentence
        for trigger, etype, source, target in self.table:
            at = text.find(trigger, sent.start, sent.end)
            if at < 0:
                continue
            by_text = {text[m.start : m.end]: m for m in work.mentions}
            if source in by_text and target in by_text:
                work.candidates.append(
                    Candidate(sent, Span(at, at + len(trigger)), etype,
                              source=[by_text[source]], target=[by_text[target]])
                )  # fmt: skip


def table_extractor(**options: Any) -> StagedExtractor:
    return StagedExtractor("table/1", ["table.propose/1", *SHARED_TAIL], **options)


@pytest.fixture
def table_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[Pipeline]:
    monkeypatch.setattr(registry, "_registered", {})  # registrations end with the test
    registry.register("stages", "table.propose/1", TableStage)
    registry.register("extractors", "table/1", table_extractor)
    yield Pipeline(extractor="table/1")


def test_a_table_extractor_gets_modality_claims_dates_places_and_codes(
    table_pipeline: Pipeline,
) -> None:
    text = (
        "Chile pelted Peru in Lima on Tuesday. "
        "Norway may have lauded Kenya, the ministry said. "
        "Peru said Japan wired Fiji."
    )
    doc = extract(text, published="2024-05-09", pipeline=table_pipeline)
    by_type = {e.type: e for e in doc.events}
    assert set(by_type) == {"ASSAULT", "SUPPORT", "AID"}
    assault, support, aid = by_type["ASSAULT"], by_type["SUPPORT"], by_type["AID"]
    assert assault.date == "2024-05-07" and assault.date_precision == "day"
    assert assault.location is not None and assault.location.name == "Lima"
    assert assault.quad_class == 4 and assault.cameo.startswith("18")
    assert assault.extractor == "table/1" and len(assault.id) == 16
    assert support.hedged and not assault.hedged
    assert support.date == "2024-05-09"  # no date expression: the publication date
    assert aid.claimed_by is not None and aid.claimed_by.actor.id == "PER"
    assert aid.quad_class == 2 and assault.claimed_by is None
    assert [m.actor.id for m in aid.source] == ["JPN"]


def test_stage_order_is_checked_when_the_extractor_is_built() -> None:
    with pytest.raises(RegistryError, match="requires candidates"):
        StagedExtractor("broken/1", list(SHARED_TAIL))
    with pytest.raises(RegistryError, match="no stage assigns events"):
        StagedExtractor("tailless/1", [TableStage()])


def test_rules_1_is_its_named_stages_every_one_registered() -> None:
    extractor = registry.get("extractors", "rules/1")()
    assert extractor.stage_names == list(STAGES)
    assert set(STAGES) <= set(registry.names("stages"))
    assert extractor.stage_names[-len(SHARED_TAIL) :] == list(SHARED_TAIL)


def test_the_architecture_page_shows_the_stage_list() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
    text = page.read_text(encoding="utf-8")
    table = text[text.index("| stage | module |") :].split("\n\n")[0]
    listed = re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)
    stages = registry.get("extractors", "rules/1")().stages
    assert listed == [s.name for s in stages]
    for stage in stages:  # and each row says what the stage requires and assigns
        assert f"| {', '.join(stage.requires)} | {', '.join(stage.assigns)} |" in table


def test_no_stage_reads_the_rule_trace_as_control_flow() -> None:
    """`x in rules`, `x in trace`, `x in roles.rules`: decisions belong in typed fields."""
    import ast

    events = Path(__file__).resolve().parents[2] / "src" / "dyads" / "events"
    traces = {"rules", "trace"}
    found = []
    for path in sorted(events.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            for op, right in zip(node.ops, node.comparators, strict=True):
                name = right.attr if isinstance(right, ast.Attribute) else getattr(right, "id", "")
                if isinstance(op, ast.In | ast.NotIn) and name in traces:
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []
