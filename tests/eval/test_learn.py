"""`dyads train` on a tiny corpus written for this test: train, save, load, code with it.

Each line carries its own sentence (``text``), as a user's corrections do. Sentences the
annotator codes no event in, but the rules do, are the negatives the gate learns from.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from dyads.cli import cli
from dyads.errors import InputError
from dyads.eval import learn
from dyads.eval.corpus import sha1_hex
from dyads.events.gate import GateModel
from dyads.pipeline import Pipeline, extract

ACTS = [
    ("Chile recalled its ambassador from Peru on Monday.", "SANCTION", "CHL", "PER"),
    ("Morocco imposed sanctions on Algeria on Friday.", "SANCTION", "MAR", "DZA"),
    ("Norway pledged humanitarian aid to Sudan on Tuesday.", "AGREE", "NOR", "SDN"),
    ("Vietnam accused China of ramming a fishing boat on Sunday.", "ACCUSE", "VNM", "CHN"),
    ("India urged Pakistan to release the fishermen this week.", "REQUEST", "IND", "PAK"),
    ("Turkey rejected Sweden's request on Wednesday.", "REJECT", "TUR", "SWE"),
]
# Background the rules themselves still propose (a year in the text, or a look back by
# years such as "decades ago", they drop on their own).
BACKGROUND = [
    "The feud goes back a generation, when Chile recalled its ambassador from Peru.",
    "The row dates back a generation, when Morocco imposed sanctions on Algeria.",
    "Long ago, Norway pledged humanitarian aid to Sudan.",
    "The quarrel started in the old days, when Vietnam accused China of ramming a boat.",
    "Back in the nineties, India urged Pakistan to release the fishermen.",
    "Decades ago, Turkey rejected Sweden's request.",
]


def write_corpus(path: Path) -> Path:
    lines = []
    for k, (text, kind, src, tgt) in enumerate(ACTS):
        start = text.index(" ") + 1
        event = {"type": kind, "source": [{"id": src, "code": src, "sector": "GOV"}],
                 "target": [{"id": tgt, "code": tgt, "sector": "GOV"}],
                 "trigger": [start, text.index(" ", start)]}  # fmt: skip
        lines.append({"set": "bench", "item": f"act-{k}", "text": text, "events": [event]})
    for k, text in enumerate(BACKGROUND):
        lines.append({"set": "bench", "item": f"background-{k}", "text": text, "events": []})
    for line in lines:
        line |= {"sha1": sha1_hex(line["text"]), "split": "dev"}
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_train_save_load_round_trip_on_a_tiny_corpus(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "mine.jsonl")
    out = tmp_path / "gate.npz"
    model, summary = learn.train(eval_root=None, corpus=None, annotations=[corpus], out=out)
    assert summary["items"] == len(ACTS) + len(BACKGROUND)
    assert summary["examples"] >= len(ACTS) + len(BACKGROUND) - 2  # the rules code (nearly) all
    assert 0 < summary["positives"] < summary["examples"]
    loaded = GateModel.load(out)
    assert np.array_equal(loaded.weights, model.weights)
    assert loaded.threshold == model.threshold
    assert loaded.meta["seed"] == learn.SEED and "user annotations" in loaded.meta["trained_on"]
    again, _ = learn.train(eval_root=None, corpus=None, annotations=[corpus], out=None)
    assert np.array_equal(again.weights, model.weights), "same data and seed, same weights"
    # The type scorer travels in the same file (float16), off unless asked for.
    assert model.types is not None and again.types is not None and loaded.types is not None
    assert np.array_equal(again.types.weights, model.types.weights)
    assert np.array_equal(loaded.types.weights, model.types.weights.astype(np.float16))
    assert loaded.types.types == model.types.types and loaded.types.meta["enabled"] is False
    assert loaded.types.margin == model.types.margin
    # The weights learnt here separate this corpus's two kinds of sentence.
    pipe = Pipeline(extractor="hybrid/1", model=out)
    gate = pipe.extractor.gate  # type: ignore[attr-defined]
    gate.record = []
    extract(ACTS[0][0], pipeline=pipe)
    extract(BACKGROUND[0], pipeline=pipe)
    (act, background) = gate.record
    assert act.probability > background.probability


def test_a_text_that_does_not_hash_as_annotated_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    line = {"set": "bench", "item": "x", "sha1": "0" * 40, "split": "dev", "text": "Chile spoke.",
            "events": []}  # fmt: skip
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl: bench/x: the text's SHA-1"):
        learn.read_annotations(path)


def test_dyads_train_and_the_model_option(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "mine.jsonl")
    out = tmp_path / "gate.npz"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["train", "--no-corpus", "--annotations", str(corpus), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["written"] == str(out) and out.is_file()
    # A model that drops every event: --model must be the one that codes.
    model = GateModel.load(out)
    strict = GateModel(model.weights * 0, 0.99, model.curve, model.meta).save(tmp_path / "s.npz")
    sentence = ACTS[0][0]
    args = ["extract", "-", "--extractor", "hybrid/1"]
    plain = runner.invoke(cli, args, input=sentence)
    assert plain.exit_code == 0 and plain.output.strip()
    dropped = runner.invoke(cli, [*args, "--model", str(strict)], input=sentence)
    assert dropped.exit_code == 0 and dropped.output.strip() == ""
    shown = runner.invoke(
        cli, ["explain", sentence, "--extractor", "hybrid/1", "--model", str(strict), "--json"]
    )
    rows = [json.loads(line) for line in shown.output.splitlines()]
    assert rows and all(r["gate"]["kept"] is False for r in rows)


def test_dyads_train_with_nothing_to_train_on_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["train", "--no-corpus", "--out", str(tmp_path / "m.npz")])
    assert result.exit_code != 0
    assert "nothing to train on" in result.output and not (tmp_path / "m.npz").exists()
