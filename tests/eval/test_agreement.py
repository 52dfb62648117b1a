from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dyads.cli import cli
from dyads.eval.agreement import agreement, agreement_by_set, disagreements, jaccard
from dyads.eval.corpus import CorpusItem, parse_item


def item(key: str, *events: dict[str, Any], sha1: str = "ab") -> dict[str, Any]:
    return {"set": "bench", "item": key, "sha1": sha1, "split": "dev", "events": list(events)}


def event(event_type: str, source: str, target: str | None, **flags: Any) -> dict[str, Any]:
    return {
        "type": event_type,
        "source": [{"id": None, "code": source, "sector": None}],
        "target": [{"id": None, "code": target, "sector": None}] if target else [],
        "trigger": flags.pop("trigger", [0, 4]),
        **flags,
    }


PASS_A = [
    item("s1", event("ASSAULT", "RUS", "UKR")),
    item("s2"),
    item("s3", event("CONSULT", "FRA", "DEU"), event("AGREE", "FRA", "DEU", trigger=[9, 14])),
    item("s4", event("AID", "JPN", "PHL", hypothetical=True)),
    item("s5"),
    item("s6", event("ACCUSE", "CHN", "USA")),
    item("only-a"),
]
PASS_B = [
    item("s1", event("ASSAULT", "RUS", "UKR")),
    item("s2"),
    item("s3", event("CONSULT", "DEU", "FRA")),  # same dyad (unordered), no AGREE
    item("s4", event("AID", "JPN", "PHL", hypothetical=False)),
    item("s5", event("PROTEST", "UKR", None)),  # B codes the dateline month
    item("s6", event("ACCUSE", "CHN", "USA"), sha1="cd"),
]


def parsed(lines: list[dict[str, Any]]) -> list[CorpusItem]:
    return [parse_item(copy.deepcopy(line), f"test:{k}") for k, line in enumerate(lines)]


def test_jaccard() -> None:
    assert jaccard(set(), set()) == 1.0
    assert jaccard({"AID"}, {"AID", "AGREE"}) == 0.5
    assert jaccard({"AID"}, {"ACCUSE"}) == 0.0


def test_agreement_by_hand() -> None:
    found = agreement(parsed(PASS_A), parsed(PASS_B))
    assert found.items == 5  # s6 has another hash, only-a is in one pass
    assert found.only_a == [("bench", "only-a")]
    assert found.hash_differs == [("bench", "s6")]
    # s1 1, s2 1 (both empty), s3 1/2, s4 1, s5 0.
    assert found.jaccard_mean == pytest.approx(3.5 / 5)
    assert found.items_with_events == 4
    assert found.jaccard_mean_with_events == pytest.approx(2.5 / 4)
    # has-event: A = [1, 0, 1, 1, 0], B = [1, 0, 1, 1, 1]: p_o 0.8, p_e .6*.8 + .4*.2 = .56
    assert found.kappa == pytest.approx((0.8 - 0.56) / 0.44)
    assert found.has_event == {"both": 3, "a_only": 0, "b_only": 1, "neither": 1}
    # Dyads, B against A: A has 4 (ASSAULT, CONSULT, AGREE, AID), B has 4 (with PROTEST).
    assert (found.dyads.matched_pred, found.dyads.n_pred, found.dyads.n_gold) == (3, 4, 4)
    assert found.per_type["AGREE"] == {"both": 0, "a_only": 1, "b_only": 0}
    assert found.per_type["PROTEST"] == {"both": 0, "a_only": 0, "b_only": 1}
    assert found.per_type["CONSULT"] == {"both": 1, "a_only": 0, "b_only": 0}
    assert "ACCUSE" not in found.per_type
    record = found.to_dict()
    assert record["only_in_a"] == 1 and record["hash_differs"] == 1


def test_agreement_by_set_keeps_sources_apart() -> None:
    other = [dict(line, set="re3d", doc="D", subset="S", start=0, end=9) for line in PASS_A[:2]]
    figures = agreement_by_set(parsed([*PASS_A, *other]), parsed([*PASS_B, *other]))
    assert figures["re3d"]["items"] == 2 and figures["re3d"]["type_jaccard_mean"] == 1.0
    assert figures["bench"]["items"] == 5


def test_disagreements_list_what_to_adjudicate() -> None:
    listing = {row["item"]: row["reasons"] for row in disagreements(parsed(PASS_A), parsed(PASS_B))}
    assert set(listing) == {"s3", "s4", "s5", "s6", "only-a"}
    assert listing["s3"] == ["types: AGREE"]
    assert listing["s4"] == ["hypothetical (AID)"]
    assert listing["s5"] == ["has-event", "types: PROTEST"]
    assert listing["s6"] == ["text hash differs between passes"]
    assert listing["only-a"] == ["only in pass A"]


def test_agreement_command(tmp_path: Path) -> None:
    path_a, path_b = tmp_path / "pass-a.jsonl", tmp_path / "pass-b.jsonl"
    path_a.write_text("".join(json.dumps(line) + "\n" for line in PASS_A))
    path_b.write_text("".join(json.dumps(line) + "\n" for line in PASS_B))
    listing = tmp_path / "adjudicate.jsonl"
    runner = CliRunner()
    args = ["eval", "--agreement", "--passes", str(path_a), str(path_b)]
    result = runner.invoke(cli, [*args, "--disagreements", str(listing)])
    assert result.exit_code == 0, result.output
    assert "type-set Jaccard" in result.output and "kappa" in result.output
    assert "5 items to adjudicate" in result.output
    rows = [json.loads(line) for line in listing.read_text().splitlines()]
    assert len(rows) == 5 and all(row["reasons"] for row in rows)
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["items"] == 5 and record["type_jaccard_mean"] == pytest.approx(0.7)
    assert list(record["sets"]) == ["bench"] and record["sets"]["bench"]["items"] == 5
