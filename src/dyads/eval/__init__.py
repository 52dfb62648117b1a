"""Score Dyads against published gold sets: ``evaluate(path)`` behind `dyads eval`.

The gold files stay where they are (by default ``../shared/eval``); nothing of them is copied
into the project. Each set found under the folder is run through one shared pipeline.

What is scored (micro-averaged throughout):

- ``plover-gsr``: records sharing a sentence are merged; old event names are mapped
  (DEMAND→REQUEST, DISAPPROVE→ACCUSE, FIGHT→ASSAULT, INVESTIGATE→ACCUSE) and CAMEO country
  codes made ISO (``codes.py``). Actor code recall: gold source/target codes of a sentence
  found among the codes of its actor mentions. Event type P/R/F1: the set of predicted types
  against the set of gold types, per sentence. Dyad P/R/F1: (type, source code, target code)
  triples, every source paired with every target, "" for a missing role, COOPERATE and
  CONSULT unordered.
- ``conflibert``: quad-class accuracy, where a sentence without events is class 0 and
  otherwise takes the quad class of its most confident event (ties: the higher class); also
  on the sentences labelled 1-4, and event detection P/R/F1 (any event vs. label ≠ 0).
  Actor spans: tokens are joined by spaces, event sources and targets become token spans;
  a prediction matches a gold span of its role (R: either role) sharing at least one token
  (overlap, the headline) or having the same bounds (exact).
- ``re3d``: actor mentions against entities, see ``re3d.py`` for which entities count.
- ``news``: the annotated corpus of ordinary news (``data/corpus/news.jsonl``, texts joined
  from the eval folder and ``../bench``), event by event with one-to-one pairing inside each
  sentence, per split; see ``matching.py`` for every definition and ``news.py`` for re3d
  documents. plover-gsr also reports sentence has-event P/R and confidence calibration.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dyads.errors import InputError
from dyads.eval.news import NewsOptions, run_news
from dyads.eval.report import EvalReport, Metric, SetResult, render_table
from dyads.eval.sets import ACTOR_ONLY_SETS, ERROR_SETS, SETS

if TYPE_CHECKING:
    from dyads.pipeline import Pipeline

NEWS = "news"
SET_NAMES: tuple[str, ...] = (*SETS, NEWS)
DEFAULT_EVAL_DIR = Path("..") / "shared" / "eval"

__all__ = [
    "DEFAULT_EVAL_DIR",
    "NEWS",
    "SET_NAMES",
    "EvalReport",
    "Metric",
    "NewsOptions",
    "SetResult",
    "evaluate",
    "find_eval_dir",
    "render_table",
]


def _project_root() -> Path:
    # src/dyads/eval/__init__.py -> the checkout's root (meaningful in a source checkout).
    return Path(__file__).resolve().parents[3]


def find_eval_dir(path: str | Path | None = None) -> Path:
    """The gold folder: ``path`` if given, else ``../shared/eval`` from the current directory
    or from the project root."""
    if path is not None:
        folder = Path(path)
        if not folder.is_dir():
            raise InputError(str(folder), "no such eval folder")
        return folder
    candidates = [Path.cwd() / DEFAULT_EVAL_DIR, _project_root() / DEFAULT_EVAL_DIR]
    for folder in candidates:
        if folder.is_dir():
            return folder.resolve()
    tried = ", ".join(str(folder) for folder in candidates)
    raise InputError(str(DEFAULT_EVAL_DIR), f"no eval folder found (tried {tried}); pass PATH")


def available_sets(root: Path, news: NewsOptions | None = None) -> list[str]:
    found = [name for name, (_, files) in SETS.items() if any((root / f).exists() for f in files)]
    news = news or NewsOptions()
    # The corpus ships with the package, its texts do not: it counts as found only where a
    # folder of its texts is there to join (else `dyads eval` on another folder would run it).
    bench = news.bench or root.parent / "bench" / "news-sentences.jsonl"
    if news.corpus.is_file() and (bench.is_file() or (root / "re3d").is_dir()):
        found.append(NEWS)
    return found


def evaluate(
    path: str | Path | None = None,
    *,
    sets: Sequence[str] = (),
    extractor: str | None = None,
    limit: int | None = None,
    pipeline: Pipeline | None = None,
    news: NewsOptions | None = None,
) -> EvalReport:
    """Score every requested set (all sets found when ``sets`` is empty).

    ``limit`` takes the first N items (sentences or documents) of each gold file, for quick
    runs. Pass ``pipeline`` to score a pipeline you have configured; else one is built.
    ``news`` says which corpus file and split to score and collects the error listing
    (plover-gsr's errors too, when ``news.errors`` is a list).
    """
    news = news or NewsOptions()
    started = time.perf_counter()
    root = find_eval_dir(path)
    unknown = [name for name in sets if name not in SET_NAMES]
    if unknown:
        choices = ", ".join(SET_NAMES)
        raise InputError(", ".join(unknown), f"unknown eval set; choose from {choices}")
    found = available_sets(root, news)
    wanted = list(dict.fromkeys(sets)) or found
    missing = [name for name in wanted if name not in found]
    runnable = [name for name in wanted if name in found]
    if not runnable:
        raise InputError(str(root), f"no gold set found (looked for {', '.join(wanted)})")
    if pipeline is None:
        from dyads.pipeline import DEFAULT_EXTRACTOR, Pipeline

        pipeline = Pipeline(extractor=extractor or DEFAULT_EXTRACTOR)
    if any(name not in ACTOR_ONLY_SETS for name in runnable):
        _ = pipeline.extractor  # an unknown extractor fails here, before any work is done
    report = EvalReport(extractor=pipeline.extractor_name, path=str(root), missing=missing)
    for name in runnable:
        set_started = time.perf_counter()
        if name == NEWS:
            _run_news(report, pipeline, root, limit, news)
            continue
        runner, _ = SETS[name]
        extra = {"errors": news.errors} if name in ERROR_SETS else {}
        result = runner(pipeline, root, limit=limit, **extra)
        result.seconds = time.perf_counter() - set_started
        report.sets.append(result)
    report.seconds = time.perf_counter() - started
    return report


def _run_news(
    report: EvalReport, pipeline: Pipeline, root: Path, limit: int | None, news: NewsOptions
) -> None:
    started = time.perf_counter()
    results = run_news(pipeline, root, limit=limit, options=news)
    joined = news.join
    if joined is not None and joined.summary():
        report.notes.append(f"news: {joined.summary()}")
    if news.refused:
        report.notes.append(
            f"news: {len(news.refused)} text(s) refused by the pipeline and left out, "
            f"first: {news.refused[0]}"
        )
    if joined is None or not joined.items:
        report.missing.append(NEWS)
        return
    for result in results:
        result.seconds = (time.perf_counter() - started) / len(results)
        report.sets.append(result)
