"""`dyads explain "sentence" | FILE`: each event with the pattern, rules and spans behind it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from dyads.cli.common import (
    ExitStatus,
    examples,
    fail,
    model_option,
    output_console,
    output_option,
    patterns_option,
)
from dyads.events.explain import explain
from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline, extract

if TYPE_CHECKING:
    from dyads.events.gate import Verdict
    from dyads.events.type_scorer import TypeVerdict


@click.command(
    "explain",
    epilog=examples(
        'dyads explain "Iran denied supplying drones to Russia."',
        "dyads explain article.txt --published 2024-10-20",
        "dyads explain article.txt --json -o why.jsonl",
    ),
)
@click.argument("text_or_file")
@click.option("--published", help="Publication date (YYYY-MM-DD) for relative dates.")
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@patterns_option
@model_option
@output_option
def command(
    text_or_file: str,
    published: str | None,
    extractor: str,
    as_json: bool,
    pattern_files: tuple[str, ...],
    model_file: str | None,
    output: str | None,
) -> None:
    """Show why each event in TEXT_OR_FILE was coded: pattern, rules, trigger and actors.

    TEXT_OR_FILE is a sentence in quotes, a path to a text file, or - for standard input.
    """
    if text_or_file == "-":
        text = sys.stdin.read()
    elif len(text_or_file) < 256 and Path(text_or_file).is_file():
        try:
            text = Path(text_or_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            fail(f"{text_or_file}: cannot read ({err})", ExitStatus.ERROR)
    else:
        text = text_or_file
    pipeline = Pipeline(extractor=extractor, pattern_files=pattern_files, model=model_file)
    gate = getattr(pipeline.extractor, "gate", None)  # hybrid/1: every verdict, kept or not
    verdicts: list[Verdict] = []
    if gate is not None:
        gate.record = verdicts
    typer = getattr(pipeline.extractor, "types", None)  # hybrid/1's type scorer, on or off
    typings: list[TypeVerdict] = []
    if typer is not None:
        typer.record = typings
    doc = extract(text, published=published, pipeline=pipeline)
    explanations = explain(doc)
    with output_console(output) as out:
        if as_json:
            for item in explanations:
                out.file.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            for verdict in verdicts:
                record = {"gate": _verdict(verdict, doc.text)}
                out.file.write(json.dumps(record, ensure_ascii=False) + "\n")
            for typing in typings:
                record = {"types": _typing(typing, doc.text)}
                out.file.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        if verdicts:
            out.print(_gate_table(verdicts, doc.text, gate.model.threshold if gate else 0.0))
        if typings:
            out.print(_types_table(typings, doc.text, bool(typer and typer.enabled)))
        if not explanations:
            out.print("no events")
            return
        table = Table(title="Dyads explain", show_lines=True)
        for name in ("type", "cameo", "trigger", "source", "target", "pattern", "rules", "flags"):
            table.add_column(name, overflow="fold")  # a cut pattern id could not be looked up
        for item in explanations:
            table.add_row(
                item.event.type + (f"/{item.event.mode}" if item.event.mode else ""),
                item.event.cameo,
                item.trigger,
                "\n".join(item.source),
                "\n".join(item.target),
                item.pattern or "",
                "\n".join(item.rules),
                " ".join(item.flags),
            )
        out.print(table)


def _verdict(verdict: Verdict, text: str) -> dict[str, object]:
    event = verdict.event
    return {
        "type": event.type,
        "trigger": event.trigger.text_in(text),
        "pattern": event.pattern,
        "probability": verdict.probability,
        "kept": verdict.kept,
        "top_features": [{"feature": n, "weight": w} for n, w in verdict.top],
    }


def _gate_table(verdicts: list[Verdict], text: str, threshold: float) -> Table:
    table = Table(title=f"Event gate (keeps probability >= {threshold})", show_lines=True)
    for name in ("type", "trigger", "probability", "kept", "features that weighed most"):
        table.add_column(name, overflow="fold")
    for verdict in verdicts:
        table.add_row(
            verdict.event.type,
            verdict.event.trigger.text_in(text),
            f"{verdict.probability:.3f}",
            "kept" if verdict.kept else "dropped",
            "\n".join(f"{w:+.2f} {n}" for n, w in verdict.top),
        )
    return table


def _typing(typing: TypeVerdict, text: str) -> dict[str, object]:
    event = typing.event
    return {
        "type": event.type,
        "trigger": event.trigger.text_in(text),
        "probabilities": dict(typing.probabilities),
        "chosen": typing.chosen,
        "applied": typing.applied,
        "top_features": [{"feature": n, "weight": w} for n, w in typing.top],
    }


def _types_table(typings: list[TypeVerdict], text: str, enabled: bool) -> Table:
    state = "on: retypes" if enabled else "off: scores only"
    table = Table(title=f"Type scorer ({state})", show_lines=True)
    for name in ("rules' type", "trigger", "allowed types", "chosen", "features that weighed most"):
        table.add_column(name, overflow="fold")
    for typing in typings:
        table.add_row(
            typing.event.type,
            typing.event.trigger.text_in(text),
            "\n".join(f"{t} {p:.3f}" for t, p in typing.probabilities),
            typing.chosen,
            "\n".join(f"{w:+.2f} {n}" for n, w in typing.top),
        )
    return table
