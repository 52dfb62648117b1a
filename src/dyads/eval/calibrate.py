"""Fit the confidence calibrator on the annotated corpus's dev split (`dyads eval
--fit-calibration`), and say how calibrated dev and test are before and after."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyads import __version__
from dyads.eval.corpus import sha1_hex
from dyads.eval.news import NewsOptions, run_news
from dyads.eval.scorers import expected_calibration_error
from dyads.events.calibration import MIN_COUNT, Calibrator

if TYPE_CHECKING:
    from dyads.pipeline import Pipeline


# Where a pipeline that calibrates keeps its Calibrator (None: it does not calibrate).
CALIBRATOR_ATTRIBUTE = "calibrator"


def uncalibrated(pipe: Pipeline) -> Pipeline:
    """The pipeline without its calibrator, so that the fit sees raw scores."""
    if getattr(pipe, CALIBRATOR_ATTRIBUTE, None) is None:
        return pipe
    raw = copy.copy(pipe)
    setattr(raw, CALIBRATOR_ATTRIBUTE, None)
    return raw


def fit_calibration(
    pipe: Pipeline,
    root: Path,
    *,
    news: NewsOptions,
    group_by: str = "type",
    min_count: int = MIN_COUNT,
) -> tuple[Calibrator, dict[str, Any]]:
    """A calibrator fitted on the dev split, and ECE per split, raw and calibrated."""
    news.split = None
    run_news(uncalibrated(pipe), root, options=news)
    dev = news.tallies["dev"].labelled()
    corpus_text = news.corpus.read_bytes() if news.corpus.is_file() else b""
    meta = {
        "fitted_on": f"{news.corpus.name} dev split",
        "corpus_sha1": sha1_hex(corpus_text.decode("utf-8", "replace")),
        "events": len(dev),
        "extractor": pipe.extractor_name,
        "dyads": __version__,
        "actor_data_version": pipe.dictionary.data_version,
        "fitted": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    calibrator = Calibrator.fit(dev, group_by=group_by, min_count=min_count, meta=meta)
    summary: dict[str, Any] = {"group_by": group_by, "groups": sorted(calibrator.groups)}
    for split, tally in news.tallies.items():
        rows = tally.labelled()
        summary[split] = {
            "events": len(rows),
            "ece_raw": round(expected_calibration_error((c, r) for c, r, _, _ in rows), 4),
            "ece_calibrated": round(
                expected_calibration_error((calibrator.value(c, t, q), r) for c, r, t, q in rows),
                4,
            ),
        }
    return calibrator, summary
