"""`dyads train`: fit hybrid/1's event gate and type scorer on the annotated corpus's dev
split (and the user's own annotations) and write the model file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dyads.cli.common import ExitStatus, examples, output_console, output_option, report_error
from dyads.errors import DyadsError


@click.command(
    "train",
    epilog=examples(
        "dyads train ../shared/eval --report",
        "dyads train --annotations my-corrections.jsonl --out my-gate.npz",
    ),
)
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option(
    "--annotations",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Your own annotations in the corpus format (a line may carry its sentence in "
    "'text'); added to the corpus dev split, replacing an item of the same id. May repeat.",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Annotated corpus whose dev split is trained on (default: the package's).",
)
@click.option("--no-corpus", is_flag=True, help="Train on --annotations only.")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where the model is written (default: the package's data/models/gate.npz).",
)
@click.option("--seed", type=int, default=None, help="Seed of the fold draw (default 13).")
@click.option(
    "--report",
    is_flag=True,
    help="Add the learning curve (25/50/75/100 %) and the confusion by type, dev CV.",
)
@click.option(
    "--type-scorer",
    type=click.Choice(["on", "off"]),
    default="off",
    show_default=True,
    help="Whether hybrid/1 retypes with the type scorer by default (it is trained and saved "
    "either way; off: it did not help on the test split and the GSR, docs/learned-model.md).",
)
@output_option
def command(
    path: str | None,
    annotations: tuple[str, ...],
    corpus: str | None,
    no_corpus: bool,
    out_file: str | None,
    seed: int | None,
    report: bool,
    type_scorer: str,
    output: str | None,
) -> None:
    """Train hybrid/1's event gate and type scorer on annotated news in PATH (default
    ../shared/eval).

    Prints a JSON summary: examples, the threshold chosen by 5-fold cross-validation, and
    rules/1 against hybrid/1 on the dev split, cross-validated.
    """
    from dyads.eval import find_eval_dir
    from dyads.eval.corpus import CORPUS_FILE
    from dyads.eval.learn import SEED, train
    from dyads.events.gate import DEFAULT_MODEL

    try:
        root = find_eval_dir(path) if not no_corpus or path else None
        _, summary = train(
            eval_root=root,
            corpus=None if no_corpus else Path(corpus) if corpus else CORPUS_FILE,
            annotations=[Path(a) for a in annotations],
            seed=SEED if seed is None else seed,
            out=Path(out_file) if out_file else DEFAULT_MODEL,
            report=report,
            type_scorer=type_scorer == "on",
        )
    except (DyadsError, OSError) as err:
        report_error(err)
        raise SystemExit(int(ExitStatus.ERROR)) from None
    with output_console(output) as out:
        out.file.write(json.dumps(summary, indent=2) + "\n")
