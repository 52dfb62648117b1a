from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dyads.cli import cli
from dyads.eval import NewsOptions
from dyads.eval.calibrate import CALIBRATOR_ATTRIBUTE, fit_calibration, uncalibrated
from dyads.events.calibration import Calibrator
from dyads.pipeline import Pipeline


def test_fit_on_dev_and_report_both_splits(news_corpus: tuple[Path, Path]) -> None:
    eval_root, corpus = news_corpus
    pipe = Pipeline()
    calibrator, summary = fit_calibration(pipe, eval_root, news=NewsOptions(corpus=corpus))
    assert set(summary) >= {"dev", "test", "group_by", "groups"}
    assert summary["dev"]["events"] == calibrator.meta["events"] > 0
    assert calibrator.meta["fitted_on"] == "news.jsonl dev split"
    assert calibrator.meta["extractor"] == "rules/1"
    assert not calibrator.is_identity
    # The fit sees raw scores: a pipeline's calibrator (attribute ``calibrator``) is set aside.
    assert getattr(uncalibrated(pipe), CALIBRATOR_ATTRIBUTE, None) is None
    setattr(pipe, CALIBRATOR_ATTRIBUTE, calibrator)  # as a calibrating pipeline keeps it
    raw = uncalibrated(pipe)
    assert raw is not pipe and getattr(raw, CALIBRATOR_ATTRIBUTE, None) is None
    assert getattr(pipe, CALIBRATOR_ATTRIBUTE, None) is calibrator


def test_fit_command_writes_a_loadable_file(news_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    eval_root, corpus = news_corpus
    target = tmp_path / "calibration.json"
    args = ["eval", str(eval_root), "--corpus", str(corpus), "--fit-calibration"]
    result = CliRunner().invoke(cli, [*args, "--calibration", str(target), "--group-by", "quad"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["written"] == str(target) and summary["group_by"] == "quad"
    loaded = Calibrator.load(target)
    assert loaded.group_by == "quad" and loaded.meta["events"] == summary["dev"]["events"]
