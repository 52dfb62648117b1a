"""`dyads extract PATH...`: code articles and print event (or actor) records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import click
from rich.table import Table

from dyads.cli.common import (
    ExitStatus,
    actors_option,
    err_console,
    out,
    patterns_option,
    report_error,
    warn,
)
from dyads.cli.llm_options import extractor_options, llm_options
from dyads.cli.llm_options import finish as llm_finish
from dyads.cli.llm_options import start as llm_start
from dyads.errors import InputError
from dyads.ingest.readers import read_paths
from dyads.model import Extraction
from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline


def extract_paths(
    paths: list[str],
    *,
    published: str | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
    actor_files: tuple[str, ...] = (),
    pattern_files: tuple[str, ...] = (),
    what: str = "events",
    pipeline: Pipeline | None = None,
) -> Iterator[Extraction | InputError]:
    """Read every input and code it; errors are yielded in place, never raised."""
    pipeline = pipeline or Pipeline(
        extractor=extractor, actor_files=actor_files, pattern_files=pattern_files, what=what
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


def _valid_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@click.command("extract")
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
@click.option("--published", callback=_valid_date, help="Publication date YYYY-MM-DD.")
@click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True)
@actors_option
@patterns_option
@llm_options
def command(
    paths: tuple[str, ...],
    fmt: str,
    what: str,
    published: str | None,
    extractor: str,
    actor_files: tuple[str, ...],
    pattern_files: tuple[str, ...],
    llm: dict[str, Any],
) -> None:
    """Code PATHs (text files, folders, .jsonl, or - for stdin) and print the records."""
    failed = 0
    collected: list[dict[str, Any]] = []
    table_rows: list[tuple[Extraction, dict[str, Any]]] = []
    pipeline = Pipeline(extractor=extractor, actor_files=actor_files, pattern_files=pattern_files,
                        what=what, extractor_options=extractor_options(extractor, llm))  # fmt: skip
    if what != "actors":
        llm_start(pipeline)
    for item in extract_paths(list(paths), published=published, pipeline=pipeline):
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
    if failed:
        warn(f"{failed} input(s) failed; the rest were processed")
        raise SystemExit(int(ExitStatus.ERROR))


def _table(rows: list[tuple[Extraction, dict[str, Any]]], what: str) -> Table:
    if what == "actors":
        table = Table("text", "id", "code", "sector", "name", "sentence", title="Actor mentions")
        for _doc, r in rows:
            table.add_row(
                r["text"], r["id"], r["code"], r["sector"] or "", r["name"], str(r["sentence"])
            )
        return table
    table = Table("type", "source", "target", "trigger", "flags", "cameo", "date", title="Events")
    for _doc, r in rows:
        flags = [f for f in ("hedged", "negated", "hypothetical", "quoted") if r.get(f)]
        if r.get("claimed_by"):
            flags.append(f"claimed by {r['claimed_by']['id']}")
        table.add_row(
            f"{r['type']}" + (f" ({r['mode']})" if r.get("mode") else ""),
            ", ".join(a["id"] for a in r["source"]),
            ", ".join(a["id"] for a in r["target"]),
            r["trigger"]["text"],
            ", ".join(flags),
            r["cameo"],
            r.get("date") or "",
        )
    return table


__all__ = ["command", "err_console", "extract_paths", "records"]
