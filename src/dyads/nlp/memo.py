"""Results remembered for the article being coded, forgotten when the next one comes.

Several stages ask the same question of one sentence (its places, its attributions, its
quotes): the event coder once per event, the pipeline's outlet chain and the coder's claims
once each. :func:`per_text` memoises such a function of ``(text, *args)`` for the latest text
only, so nothing carries over from one article to the next (a benchmark that codes the same
texts again pays full price) and memory stays one article's worth.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

R = TypeVar("R")


def per_text(func: Callable[..., R]) -> Callable[..., R]:
    """Memoise ``func(text, *args)`` (hashable ``args``) while ``text`` stays the same.

    The key holds the text itself (its hash is cached by Python), so two threads coding
    different articles at once only miss, never read each other's results.
    """
    values: dict[tuple[Hashable, ...], Any] = {}
    latest: list[str | None] = [None]

    @functools.wraps(func)
    def wrapper(text: str, *args: Hashable) -> R:
        if text is not latest[0]:
            if text != latest[0]:
                values.clear()
            latest[0] = text
        key = (text, *args)
        try:
            result: R = values[key]
        except KeyError:
            result = values[key] = func(text, *args)
        return result

    return wrapper
