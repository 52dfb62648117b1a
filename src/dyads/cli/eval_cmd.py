"""`dyads eval [PATH]`: score the system on the gold sets found under PATH; also the
annotation agreement of the news corpus and the fit of the confidence calibrator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from dyads.cli.common import (
    ExitStatus,
    Output,
    examples,
    fail,
    model_option,
    out,
    output_console,
    output_option,
    report_error,
    warn,
)
from dyads.cli.llm_options import extractor_options, llm_options
from dyads.cli.llm_options import start as llm_start
from dyads.errors import DyadsError, InputError
from dyads.eval import SET_NAMES, NewsOptions, find_eval_dir, render_table
from dyads.eval.corpus import CORPUS_FILE, PASS_FILES
from dyads.eval.costs import cost_lines, evaluate_with_costs
from dyads.eval.report import render_intervals, render_reliability, render_types
from dyads.events.calibration import GROUPINGS, default_file
from dyads.pipeline import DEFAULT_EXTRACTOR


def _dump(record: Any, out: Output = out) -> None:
    out.file.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")


def _agreement(
    passes: tuple[str, str] | None, listing: str | None, as_json: bool, out: Output = out
) -> None:
    from dyads.eval.agreement import (
        agreement,
        agreement_by_set,
        disagreements,
        render_agreement,
    )
    from dyads.eval.corpus import read_corpus
    from dyads.eval.news import write_errors

    path_a, path_b = passes or PASS_FILES
    pass_a, pass_b = read_corpus(path_a), read_corpus(path_b)
    found = agreement(pass_a, pass_b)
    record = found.to_dict() | {"pass_a": str(path_a), "pass_b": str(path_b)}
    record["sets"] = agreement_by_set(pass_a, pass_b)
    if listing:
        record["disagreements"] = write_errors(Path(listing), disagreements(pass_a, pass_b))
    if as_json:
        _dump(record, out)
        return
    out.print(render_agreement(found, f"annotation agreement: {path_a} vs {path_b}"))
    if listing:
        out.print(f"{record['disagreements']} items to adjudicate written to {listing}")


def _fit(
    path: str | None, extractor: str | None, news: NewsOptions, out: Output, **fit: Any
) -> None:
    from dyads.eval.calibrate import fit_calibration
    from dyads.pipeline import Pipeline

    target = Path(fit.pop("target"))
    pipe = Pipeline(extractor=extractor or DEFAULT_EXTRACTOR)
    calibrator, summary = fit_calibration(pipe, find_eval_dir(path), news=news, **fit)
    if not summary.get("dev", {}).get("events"):
        fail(f"{news.corpus}: no dev events to fit on; calibrator not written")
    calibrator.save(target)
    _dump(summary | {"written": str(target)}, out)


@click.command(
    "eval",
    epilog=examples(
        "dyads eval ../shared/eval",
        "dyads eval --set news --errors errors.jsonl",
        "dyads eval --json -o eval.json",
    ),
)
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Choice(SET_NAMES),
    help="Score only this gold set; may repeat. Default: every set found.",
)
@click.option("--extractor", default=None, help="Extractor to score (default: rules/1).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score only the first N items of each gold file (a quick check).",
)
@click.option(
    "--corpus",
    type=click.Path(dir_okay=False),
    default=None,
    help=f"Annotated news corpus (default {CORPUS_FILE.name} in the package data).",
)
@click.option(
    "--bench",
    type=click.Path(dir_okay=False),
    default=None,
    help="Bench sentences the corpus annotates (default PATH/../bench/news-sentences.jsonl).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default=None,
    help="Corpus split to score (default: dev and test, reported apart).",
)
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write false, missed, wrong-type and wrong-actors events (news, plover-gsr) as JSON "
    "Lines; of the news dev split only, unless --split names test or all.",
)
@click.option(
    "--agreement",
    "show_agreement",
    is_flag=True,
    help="Compare the two annotation passes of the corpus instead of scoring extraction.",
)
@click.option(
    "--passes",
    nargs=2,
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The two pass files for --agreement (default pass-a.jsonl pass-b.jsonl).",
)
@click.option(
    "--disagreements",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --agreement: write the items the passes code differently (JSON Lines).",
)
@click.option(
    "--fit-calibration",
    is_flag=True,
    help="Fit the confidence calibrator on the corpus's dev split and write it.",
)
@click.option(
    "--calibration",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where --fit-calibration writes the calibrator (default: the extractor's file in "
    "the package data, data/calibration/<extractor>.json, which the pipeline reads).",
)
@click.option(
    "--group-by",
    type=click.Choice(GROUPINGS),
    default="none",
    show_default=True,
    help="With --fit-calibration: a curve per event type or quad class where counts allow. "
    "The default, one curve, keeps the raw order of a sentence's events (its main event stays "
    "the most confident) and was better calibrated on the test split.",
)
@click.option(
    "--conventions",
    type=click.Choice(["codebook", "cameo"]),
    default="codebook",
    show_default=True,
    help="How unnamed actors and announced acts are coded: by the project's codebook, or by "
    "CAMEO as the PLOVER GSR records are (docs/evaluation.md).",
)
@model_option
@output_option
@llm_options
def command(
    path: str | None,
    sets: tuple[str, ...],
    extractor: str | None,
    as_json: bool,
    limit: int | None,
    corpus: str | None,
    bench: str | None,
    split: str | None,
    errors_file: str | None,
    show_agreement: bool,
    passes: tuple[str, str] | None,
    disagreements: str | None,
    fit_calibration: bool,
    calibration: str | None,
    group_by: str,
    conventions: str,
    model_file: str | None,
    output: str | None,
    llm: dict[str, Any],
) -> None:
    """Score extraction against gold data in PATH (default ../shared/eval).

    Reports event type and dyad P/R/F1 and actor code recall (plover-gsr), quad-class
    accuracy and source/target span F1 (conflibert), actor mention P/R/F1 (re3d), and on
    the annotated news corpus (news, dev and test apart) event detection, type, dyad and
    flag P/R/F1 with a confidence reliability table and its ECE.
    """
    news = NewsOptions(
        corpus=Path(corpus) if corpus else CORPUS_FILE,
        bench=Path(bench) if bench else None,
        split=split,
        errors=[] if errors_file else None,
    )
    with output_console(output) as out:
        try:
            if corpus and not news.corpus.is_file():
                raise InputError(corpus, "no such corpus file")
            if show_agreement or disagreements:
                _agreement(passes, disagreements, as_json, out)
                return
            if fit_calibration:
                target = calibration or default_file(extractor or DEFAULT_EXTRACTOR)
                _fit(path, extractor, news, out, target=target, group_by=group_by)
                return
            from dyads.pipeline import Pipeline

            options = extractor_options(extractor, llm)
            if conventions != "codebook":
                options["conventions"] = conventions
            pipeline = Pipeline(
                extractor=extractor or DEFAULT_EXTRACTOR,
                model=model_file,
                extractor_options=options,
            )
            if pipeline.extractor_name.startswith("llm/"):
                llm_start(pipeline)
            report = evaluate_with_costs(path, sets=sets, limit=limit, pipeline=pipeline, news=news)
            if errors_file and news.errors is not None:
                from dyads.eval.news import write_errors

                written = write_errors(Path(errors_file), news.errors)
                warn(f"{written} false, missed and wrongly coded events written to {errors_file}")
                if split in {"test", "all"}:
                    warn("warning: the listing holds test items: report them, do not tune on them")
        except (DyadsError, OSError) as err:
            report_error(err)
            raise SystemExit(int(ExitStatus.ERROR)) from None
        for note in report.notes:
            warn(f"warning: {note}")
        if as_json:
            _dump(report.to_dict(), out)
        else:
            out.print(render_table(report))
            for result in report.sets:
                tables = (
                    render_types(result),
                    render_reliability(result),
                    render_intervals(result),
                )
                for table in tables:
                    if table is not None:
                        out.print(table)
            out.print(f"gold: {report.path}", style="dim")
            for line in cost_lines(report):
                out.print(line, markup=False, highlight=False)
    for name in report.missing:
        warn(f"warning: gold set {name!r} not found under {report.path}")
