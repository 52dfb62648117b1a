from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dyads.cli import cli
from dyads.eval import NewsOptions, SetResult, evaluate
from dyads.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_news_reports_dev_and_test(news_corpus: tuple[Path, Path], pipeline: Pipeline) -> None:
    eval_root, corpus = news_corpus
    news = NewsOptions(corpus=corpus, errors=[])
    report = evaluate(eval_root, sets=["news"], pipeline=pipeline, news=news)
    assert [r.name for r in report.sets] == ["news/dev", "news/test"]
    assert report.notes == [
        "news: 1 corpus item(s) have no text and 1 a changed text (SHA-1 differs); 2 skipped"
    ]
    dev, test = report.set("news/dev"), report.set("news/test")
    assert (dev.items, test.items) == (4, 6)
    assert dev.metric("event detection").n == 3  # ASSAULT, CONSULT, ASSAULT
    assert test.metric("event detection").n == 4  # AID, ASSAULT, ASSAULT, REQUEST
    assert test.metric("has-event, sentences").n == 4
    assert test.details["items"] == {"bench": 3, "re3d": 3}
    assert "re3d documents, dyads" in [m.name for m in test.metrics]
    assert "re3d documents, dyads" not in [m.name for m in dev.metrics]
    # An unambiguous attack, coded alone, is found with its dyad.
    assert dev.details["event_types"]["ASSAULT"]["recall"] == 0.5  # the ellipsis is missed
    assert len(dev.details["calibration"]["bands"]) == 10
    assert set(test.details["intervals_95"]) >= {"event detection P", "dyad F1", "calibration ECE"}
    # Test errors are for reporting: the default listing holds dev items only.
    assert news.errors and {e["split"] for e in news.errors} == {"dev"}
    assert_listing_matches_counts(dev, news.errors)
    listed = NewsOptions(corpus=corpus, split="test", errors=[])
    test = evaluate(eval_root, sets=["news"], pipeline=pipeline, news=listed).set("news/test")
    assert listed.errors and {e["split"] for e in listed.errors} == {"test"}
    assert_listing_matches_counts(test, listed.errors)


def assert_listing_matches_counts(result: SetResult, errors: list[dict[str, Any]]) -> None:
    """The error listing is the complement of the counts."""
    detection = result.metric("event detection").prf
    types = result.metric("event type, events").prf
    assert detection is not None and types is not None
    kinds = Counter(e["kind"] for e in errors)
    assert set(kinds) <= {"false", "missed", "wrong-type", "wrong-actors"}
    assert kinds["false"] == detection.n_pred - detection.matched_pred
    assert kinds["missed"] == detection.n_gold - detection.matched_gold
    assert kinds["wrong-type"] == detection.matched_pred - types.matched_pred
    for error in errors:
        if error["predicted"]:
            start, end = error["predicted"]["trigger"]
            assert 0 <= start < end <= len(error["text"])  # relative to the item's sentence
            assert error["text"][start:end] == error["predicted"]["trigger_text"]
            assert "pattern" in error["predicted"] and "rules" in error["predicted"]
        if error["kind"] == "wrong-actors":
            assert error["predicted"]["type"] == error["gold"]["type"]


def test_re3d_document_events_land_in_their_sentences(
    news_corpus: tuple[Path, Path], pipeline: Pipeline
) -> None:
    eval_root, corpus = news_corpus
    news = NewsOptions(corpus=corpus, split="test", errors=[])
    report = evaluate(eval_root, sets=["news"], pipeline=pipeline, news=news)
    test = report.set("news/test")
    per_set = test.details["sets"]["re3d"]
    # The attack of the first sentence is found in the first sentence, not elsewhere.
    assert per_set["event detection"]["n_gold"] == 2
    assert news.errors is not None
    assert not [e for e in news.errors if e["item"] == "DOC-1#0" and e["kind"] == "missed"]
    documents = test.metric("re3d documents, dyads").prf
    assert documents is not None and documents.n_gold == 2
    assert test.details["re3d_events_outside_items"] == 0


def test_split_all_and_limit(news_corpus: tuple[Path, Path], pipeline: Pipeline) -> None:
    eval_root, corpus = news_corpus
    news = NewsOptions(corpus=corpus, split="all")
    report = evaluate(eval_root, sets=["news"], pipeline=pipeline, news=news, limit=4)
    assert [(r.name, r.items) for r in report.sets] == [("news/all", 4)]
    assert report.sets[0].details["items"] == {"bench": 4}


def test_news_without_texts_is_missing_not_a_crash(
    news_corpus: tuple[Path, Path], gold_dir: Path, pipeline: Pipeline
) -> None:
    _, corpus = news_corpus
    report = evaluate(
        gold_dir, sets=["news", "plover-gsr"], pipeline=pipeline, news=NewsOptions(corpus=corpus)
    )
    assert report.missing == ["news"]
    assert "12 corpus item(s) have no text" in report.notes[0]
    assert [r.name for r in report.sets] == ["plover-gsr"]


def test_plover_gains_detection_and_calibration(gold_dir: Path, pipeline: Pipeline) -> None:
    errors: list[dict[str, object]] = []
    report = evaluate(
        gold_dir, sets=["plover-gsr"], pipeline=pipeline, news=NewsOptions(errors=errors)
    )
    plover = report.set("plover-gsr")
    names = [m.name for m in plover.metrics]
    assert names[:3] == ["actor code recall", "event type", "dyad (type, src, tgt)"]
    assert names[3:] == ["has-event, sentences", "calibration ECE"]
    assert plover.metric("has-event, sentences").n == 2
    assert plover.details["calibration"]["n"] == plover.metric("calibration ECE").n
    assert all(e["set"] == "plover-gsr" for e in errors)


def test_cli_news_table_json_and_errors(news_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    eval_root, corpus = news_corpus
    runner = CliRunner()
    errors = tmp_path / "errors.jsonl"
    args = ["eval", str(eval_root), "--set", "news", "--corpus", str(corpus)]
    result = runner.invoke(cli, [*args, "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    assert "news/dev" in result.output and "news/test" in result.output
    assert "event detection" in result.output and "share right" in result.output
    assert "news/dev: event types" in result.output
    assert "news/test: 95 % bootstrap intervals" in result.output
    assert result.output.count("2 skipped") == 1  # said once
    lines = [json.loads(line) for line in errors.read_text().splitlines()]
    assert {line["kind"] for line in lines} <= {"false", "missed", "wrong-type", "wrong-actors"}
    assert {line["split"] for line in lines} == {"dev"}
    assert all({"set", "item", "split", "predicted", "gold"} <= set(line) for line in lines)
    result = runner.invoke(cli, [*args, "--json", "--split", "dev"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output[result.output.index("{") :])
    assert [s["name"] for s in record["sets"]] == ["news/dev"]
    assert record["notes"]
    calibration = record["sets"][0]["details"]["calibration"]
    assert {"ece", "n", "bands", "rule"} <= set(calibration)


def test_cli_bad_corpus(tmp_path: Path, news_corpus: tuple[Path, Path]) -> None:
    eval_root, _ = news_corpus
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(eval_root), "--corpus", str(tmp_path / "no.jsonl")])
    assert result.exit_code == 1
    assert "no such corpus file" in result.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"set": "bench"}\n')
    result = runner.invoke(cli, ["eval", str(eval_root), "--corpus", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:1" in result.output


def test_a_text_the_pipeline_refuses_is_left_out(news_corpus: tuple[Path, Path]) -> None:
    from dyads.limits import Limits

    eval_root, corpus = news_corpus
    # The re3d document is longer than this limit; every bench sentence is shorter.
    pipe = Pipeline(limits=Limits(max_article_chars=100))
    news = NewsOptions(corpus=corpus, split="test")
    report = evaluate(eval_root, sets=["news"], pipeline=pipe, news=news)
    test = report.set("news/test")
    assert test.details["items"] == {"bench": 3}
    assert len(test.details["refused_texts"]) == 1 and "DOC-1" in test.details["refused_texts"][0]
    assert any("1 text(s) refused by the pipeline" in note for note in report.notes)
