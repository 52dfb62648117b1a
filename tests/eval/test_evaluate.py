from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyads.cli import cli
from dyads.errors import InputError
from dyads.eval import NEWS, SET_NAMES, evaluate
from dyads.pipeline import Pipeline

# The news corpus needs its texts (bench sentences, re3d documents): not in this gold folder.
FOLDER_SETS = [name for name in SET_NAMES if name != NEWS]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_evaluate_scores_every_set(gold_dir: Path, pipeline: Pipeline) -> None:
    report = evaluate(gold_dir, pipeline=pipeline)
    assert [result.name for result in report.sets] == FOLDER_SETS
    plover = report.set("plover-gsr")
    assert plover.items == 2
    recall = plover.metric("actor code recall")
    assert recall.n == 4  # RUS, UKR in one sentence; JPN, UKR in the other
    assert recall.value == 1.0
    assert plover.metric("event type").prf is not None
    assert plover.metric("event type").n == 3  # ASSAULT + CONSULT, REQUEST
    assert isinstance(plover.details["dyad_errors"], list)
    conflibert = report.set("conflibert")
    assert conflibert.items == 5
    assert conflibert.metric("quad class accuracy").n == 3
    assert conflibert.details["classes"]["confusion"][0] != [0, 0, 0, 0, 0]
    assert conflibert.metric("actor spans, overlap").n == 5
    re3d = report.set("re3d")
    mentions = re3d.metric("actor mentions, overlap")
    assert mentions.n == 3
    assert re3d.details["dropped_entities_bad_offsets"] == 1
    assert re3d.details["skipped_documents_unaligned"] == 0
    # The dictionary knows NATO, Iraq and its capital: none of them may be missed.
    assert mentions.prf is not None and mentions.prf.recall == 1.0
    record = json.loads(json.dumps(report.to_dict()))
    assert record["sets"][0]["metrics"][0]["name"] == "actor code recall"


def test_evaluate_limit_and_set_choice(gold_dir: Path, pipeline: Pipeline) -> None:
    report = evaluate(gold_dir, sets=["plover-gsr"], limit=1, pipeline=pipeline)
    assert [result.name for result in report.sets] == ["plover-gsr"]
    assert report.sets[0].items == 1


def test_evaluate_reports_missing_sets(gold_dir: Path, pipeline: Pipeline) -> None:
    shutil.rmtree(gold_dir / "re3d")
    report = evaluate(gold_dir, sets=["re3d", "plover-gsr"], pipeline=pipeline)
    assert report.missing == ["re3d"]
    assert [result.name for result in report.sets] == ["plover-gsr"]


@pytest.mark.parametrize("sets", [["nope"], []])
def test_evaluate_errors(tmp_path: Path, sets: list[str]) -> None:
    with pytest.raises(InputError):
        evaluate(tmp_path, sets=sets)


def test_eval_command_table_and_json(gold_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(gold_dir), "--set", "plover-gsr"])
    assert result.exit_code == 0, result.output
    assert "rules/1" in result.output
    assert "actor code recall" in result.output
    result = runner.invoke(cli, ["eval", str(gold_dir), "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)  # stderr may note the news texts it lacks
    assert {s["name"] for s in record["sets"]} == set(FOLDER_SETS)


def test_eval_command_bad_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "absent")])
    assert result.exit_code == 1
    assert "no such eval folder" in result.output
