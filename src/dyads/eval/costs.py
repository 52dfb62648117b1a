"""``dyads eval`` for an extractor that pays per request (``llm/1``): tokens and time per item.

The sets are scored one at a time with the same pipeline, and what each cost (requests,
cache hits, tokens, seconds waiting for the server, events dropped by verification) is the
difference of the extractor's run report before and after it, kept in the set's
``details["llm"]`` and shown by :func:`cost_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dyads.eval import NewsOptions, available_sets, evaluate, find_eval_dir
from dyads.eval.report import EvalReport
from dyads.pipeline import Pipeline

_COUNTS = ("requests", "cache_hits", "prompt_tokens", "completion_tokens", "sentences",
           "events_proposed", "hallucinated", "dropped", "rejected", "retyped", "gate_kept",
           "gate_dropped", "unreadable",
           "truncated", "seconds", "cost")  # fmt: skip


def evaluate_with_costs(path: str | Path | None, *, sets: Sequence[str] = (),
                        limit: int | None = None, pipeline: Pipeline,
                        news: NewsOptions | None = None) -> EvalReport:  # fmt: skip
    # Only an extractor with a run report costs anything (and only then is it built early).
    report_of = (
        getattr(pipeline.extractor, "report", None)
        if pipeline.extractor_name.startswith("llm/")
        else None
    )
    if report_of is None:
        return evaluate(path, sets=sets, limit=limit, pipeline=pipeline, news=news)
    wanted = list(dict.fromkeys(sets)) or available_sets(find_eval_dir(path), news)
    combined: EvalReport | None = None
    for name in wanted:
        before = {k: getattr(report_of, k) for k in _COUNTS}
        one = evaluate(path, sets=[name], limit=limit, pipeline=pipeline, news=news)
        for result in one.sets:
            used: dict[str, Any] = {k: getattr(report_of, k) - before[k] for k in _COUNTS}
            used["tokens"] = used["prompt_tokens"] + used["completion_tokens"]
            items = max(result.items, 1)
            used["tokens_per_item"] = round(used["tokens"] / items, 1)
            used["seconds_per_item"] = round(result.seconds / items, 3)
            used["seconds"] = round(used["seconds"], 2)
            result.details["llm"] = used
        if combined is None:
            combined = one
        else:
            combined.sets.extend(one.sets)
            combined.missing.extend(one.missing)
            combined.seconds += one.seconds
    assert combined is not None  # evaluate raised when no set was found
    return combined


def cost_lines(report: EvalReport) -> list[str]:
    lines = []
    for result in report.sets:
        used = result.details.get("llm")
        if used:
            lines.append(
                f"{report.extractor} on {result.name}: {result.items} items, "
                f"{used['requests']} requests, {used['cache_hits']} cache hits, "
                f"{used['tokens_per_item']} tokens and {used['seconds_per_item']} s per item, "
                f"{used['hallucinated']} hallucinated, {used['dropped']} dropped"
            )
    return lines
