"""`dyads extract PATH...`: code articles and print event (or actor) records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from dyads.cli.common import (
    ExitStatus,
    Output,
    actors_option,
    check_date,
    err_console,
    examples,
    model_option,
    output_console,
    output_option,
    patterns_option,
    report_error,
    table,
    warn,
)
from dyads.cli.llm_options import coding_pipeline, llm_options
from dyads.cli.llm_options import finish as llm_finish
from dyads.errors import InputError
from dyads.ingest.formats import read_paths
from dyads.model import Extraction
from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline

if TYPE_CHECKING:
    from rich.table import Table


def extract_paths(
    paths: list[str],
    *,
    published: str | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
    actor_files: tuple[str, ...] = (),
    pattern_files: tuple[str, ...] = (),
    what: str = "events",
    model_file: str | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Extraction | InputError]:
    """Read every input and code it; errors are yielded in place, never raised."""
    pipeline = pipeline or Pipeline(
        extractor=extractor,
        actor_files=actor_files,
        pattern_files=pattern_files,
        what=what,
        model=model_file,
    )
    for item in read_paths(paths, published=published):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield pipeline(item)
        except Exception as err:  # one broken article must not end the batch
            yield InputError(item.source_path or item.id, f"could not be coded ({err})")


def records(doc: Extraction, what: str) -> list[dict[str, Any]]:
    text = doc.article.text
    if what == "actors":
        return [
            mention.to_dict(text)
            | {"sentence": mention.sentence, "kind": mention.actor.kind}
            | {"article_id": doc.article.id}
            for mention in doc.actors
        ]
    return [event.to_dict(text) for event in doc.events]


@click.command(
    "extract",
    epilog=examples(
        "dyads extract article.txt --published 2024-10-20",
        "dyads extract corpus/ --format table",
        "head -2 news.jsonl | dyads extract - --format table",
        "dyads extract news.jsonl --what actors -o actors.jsonl",
    ),
)
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--what",
    type=click.Choice(["events", "actors"]),
    default="events",
    show_default=True,
    help="Print events, or the actor mentions found.",
)
@click.option("--published", callback=check_date, help="Publication date YYYY-MM-DD.")
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@actors_option
@patterns_option
@model_option
@output_option
@llm_options
def command(
    paths: tuple[str, ...], fmt: str, output: str | None, llm: dict[str, Any], **options: Any
) -> None:
    """Code PATHs (text files, folders, .jsonl, or - for stdin) and print the records."""
    with output_console(output) as console:
        failed = _extract(list(paths), fmt, console, llm, **options)
    if failed:
        warn(f"{failed} input(s) failed; the rest were processed")
        raise SystemExit(int(ExitStatus.ERROR))


def _extract(paths: list[str], fmt: str, out: Output, llm: dict[str, Any], **options: Any) -> int:
    """Print each input's records on ``out``; the number of inputs that failed."""
    what = options["what"]
    failed = 0
    collected: list[dict[str, Any]] = []
    table_rows: list[tuple[Extraction, dict[str, Any]]] = []
    pipeline = coding_pipeline(
        extractor=options["extractor"],
        llm=llm,
        actor_files=options["actor_files"],
        pattern_files=options["pattern_files"],
        model_file=options["model_file"],
        what=what,
    )
    for item in extract_paths(list(paths), published=options["published"], pipeline=pipeline):
        if isinstance(item, InputError):
            failed += 1
            report_error(item)
            continue
        for record in records(item, what):
            if fmt == "jsonl":
                out.file.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif fmt == "json":
                collected.append(record)
            else:
                table_rows.append((item, record))
    if fmt == "json":
        out.file.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "table":
        out.print(_table(table_rows, what))
    llm_finish(pipeline)
    return failed


def _marked(evidence: dict[str, Any], trigger: dict[str, Any]) -> str:
    """The evidence sentence with its trigger in brackets: one column shows both."""
    text, offset = evidence["text"], evidence["start"]
    start, end = trigger["start"] - offset, trigger["end"] - offset
    if not 0 <= start <= end <= len(text):
        return str(text)
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


def _table(rows: list[tuple[Extraction, dict[str, Any]]], what: str) -> Table:
    if what == "actors":
        columns = [("article", "key"), ("text", "text"), ("id", "key"), ("code", "key")]
        columns += [("sector", "key"), ("name", "text"), ("sentence", "key")]
        return table(
            "Actor mentions",
            columns,
            [
                (doc.article.id, r["text"], r["id"], r["code"], r["sector"] or "", r["name"], n)
                for doc, r in rows
                for n in [str(r["sentence"])]
            ],
        )
    cells = []
    for doc, r in rows:
        flags = [f for f in ("hedged", "negated", "hypothetical", "quoted") if r.get(f)]
        if r.get("claimed_by"):
            flags.append(f"claimed by {r['claimed_by']['id']}")
        cells.append(
            (
                doc.article.id,
                r.get("date") or "",
                r["type"],  # the mode is in the JSON; at 80 columns the evidence needs the room
                ", ".join(a["id"] for a in r["source"]),
                ", ".join(a["id"] for a in r["target"]),
                ", ".join(flags),
                _marked(r["evidence"], r["trigger"]),
            )
        )
    columns = [("article", "key"), ("date", "key"), ("type", "key"), ("source", "ids")]
    columns += [("target", "ids"), ("flags", "ids"), ("evidence [trigger]", "text")]
    return table("Events", columns, cells)


__all__ = ["command", "err_console", "extract_paths", "records"]
