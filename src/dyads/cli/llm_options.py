"""The ``--llm-*`` options of the commands that code (extract, ingest, recode, eval, batch).

They are collected into one mapping, ``llm``, handed to the extractor as
``Pipeline(extractor_options={"llm": ...})``; what is not given is read from the environment
(``DYADS_LLM_URL`` ...) or the config file (:mod:`dyads.events.llm.settings`). There is no
option for the API key on purpose: it is read from ``DYADS_LLM_API_KEY`` or a key file.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import click

from dyads.cli.common import err_console, fail, warn
from dyads.errors import DyadsError

_OPTIONS: list[tuple[str, str, Any, str]] = [
    ("--llm-url", "url", str, "llm/1: server URL, e.g. http://127.0.0.1:8080/v1 [DYADS_LLM_URL]"),
    ("--llm-model", "model", str, "llm/1: model name on that server [DYADS_LLM_MODEL]"),
    ("--llm-mode", "mode", click.Choice(["full", "verify"]),
     "llm/1: full codes every sentence with an actor; verify checks the rule candidates."),
    ("--llm-band", "band", str,
     "llm/1 verify: gate probabilities LOW,HIGH sent to the model (default 0.1,0.7; 0,1: all)."),
    ("--llm-config", "config", click.Path(dir_okay=False), "llm/1: YAML file of these settings."),
    ("--llm-concurrency", "concurrency", click.IntRange(min=1), "llm/1: requests in flight."),
    ("--llm-timeout", "timeout", click.FloatRange(min=0.1), "llm/1: seconds per request."),
    ("--llm-cache", "cache_dir", str, "llm/1: answer cache folder, or 'off'."),
    ("--llm-price-in", "price_in", float, "llm/1: price per million prompt tokens."),
    ("--llm-price-out", "price_out", float, "llm/1: price per million completion tokens."),
]  # fmt: skip
_PARAM = {flag: "llm_" + flag.removeprefix("--llm-").replace("-", "_") for flag, *_ in _OPTIONS}


def llm_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the ``--llm-*`` options; the command receives them as one keyword, ``llm``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        llm = {key: kwargs.pop(_PARAM[flag]) for flag, key, *_ in _OPTIONS}
        return func(*args, llm={k: v for k, v in llm.items() if v is not None}, **kwargs)

    for flag, _key, kind, help_text in reversed(_OPTIONS):
        wrapper = click.option(flag, _PARAM[flag], type=kind, default=None, help=help_text)(wrapper)
    return wrapper


def extractor_options(extractor: str | None, llm: dict[str, Any]) -> dict[str, Any]:
    """What the pipeline hands the extractor: the LLM settings, for an LLM extractor."""
    if not (extractor or "").startswith("llm/"):
        if llm:
            warn(f"warning: --llm-* options are ignored by the extractor {extractor or 'rules/1'}")
        return {}
    return {"llm": {"progress": err_console.is_terminal} | llm}


def coding_pipeline(
    *,
    extractor: str,
    llm: dict[str, Any],
    actor_files: tuple[str, ...] = (),
    pattern_files: tuple[str, ...] = (),
    model_file: str | None = None,
    what: str = "events",
) -> Any:
    """The pipeline a command that codes text runs, from its options (the extractor's own
    ones: the gate's model, the LLM's settings); an LLM server is checked before any work."""
    from dyads.pipeline import Pipeline

    pipeline = Pipeline(
        extractor=extractor,
        actor_files=actor_files,
        pattern_files=pattern_files,
        what=what,
        model=model_file,
        extractor_options=extractor_options(extractor, llm),
    )
    if what != "actors":
        start(pipeline)
    return pipeline


def export_to_env(llm: dict[str, Any]) -> None:
    """For worker processes (batch): the settings travel in the environment they inherit."""
    for key, value in llm.items():
        os.environ["DYADS_LLM_CONFIG" if key == "config" else f"DYADS_LLM_{key.upper()}"] = str(
            value
        )


def start(pipeline: Any) -> None:
    """Build the extractor and check that its server answers, before any input is read."""
    try:
        extractor = pipeline.extractor
        client = getattr(extractor, "client", None)
        if client is not None:
            client.check_reachable()
    except DyadsError as err:
        fail(f"error: {err}")


def finish(pipeline: Any, pool: Any = None) -> None:
    """The run report of an LLM extractor, on stderr, once the run is over; with a pool of
    worker processes (``--workers N``), the sum of the workers' reports."""
    if not str(getattr(pipeline, "extractor_name", "")).startswith("llm/"):
        return
    extractor = pipeline.extractor
    if extractor.client.settings.progress:
        err_console.file.write("\n")  # end the progress line
    workers = pool.reports.total() if pool is not None else None
    warn((workers or extractor.report).line())
