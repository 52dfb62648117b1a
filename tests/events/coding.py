"""What the event tests compare: each event of a text as (type, trigger text, source codes,
target codes), coded with a fixed publication date."""

from __future__ import annotations

from dyads import extract


def coded(text: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    doc = extract(text, published="2024-05-09")
    return [
        (
            e.type,
            text[e.trigger.start : e.trigger.end],
            tuple(m.actor.code for m in e.source),
            tuple(m.actor.code for m in e.target),
        )
        for e in doc.events
    ]
