"""Cut an article's text into segments, each with the highlight classes that cover it.

The template prints each segment through Jinja's autoescaping, inside a ``<span>`` whose
classes come from this module's fixed names: article text is never inserted as markup, so a
text that contains ``<script>`` shows those characters and runs nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from dyads.store.schema import DYAD_ROLES

# The only class names a segment can carry.
CLASSES = ("evidence", "trigger", "actor", "actor-role", "other-trigger")


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    css: str


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    css: str  # space-separated names from CLASSES, or ""
    anchor: bool = False  # the first segment of the evidence: the page scrolls to it


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Split ``text`` at every mark boundary; overlapping marks combine their classes."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text) and m.css in CLASSES]
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[Segment] = []
    anchored = False
    for start, end in itertools.pairwise(cuts):
        names = [c for c in CLASSES if any(m.css == c and m.start <= start < m.end for m in usable)]
        anchor = "evidence" in names and not anchored
        anchored = anchored or anchor
        out.append(Segment(text[start:end], " ".join(names), anchor))
    return out


def article_marks(article: dict[str, Any], event_id: str | None) -> tuple[list[Mark], Any]:
    """Marks for an article (from ``article_detail``): every actor mention, every trigger, and
    for the chosen event its evidence sentence, trigger and actors. Returns the marks and the
    chosen event's record (or None)."""
    marks = [Mark(m["start"], m["end"], "actor") for m in article["mentions"]]
    chosen = None
    for event in article["events"]:
        trigger = event.get("trigger") or {}
        if event["id"] == event_id:
            chosen = event
            continue
        if "start" in trigger:
            marks.append(Mark(trigger["start"], trigger["end"], "other-trigger"))
    if chosen is not None:
        evidence, trigger = chosen["evidence"], chosen["trigger"]
        marks.append(Mark(evidence["start"], evidence["end"], "evidence"))
        marks.append(Mark(trigger["start"], trigger["end"], "trigger"))
        for role in DYAD_ROLES:
            for actor in chosen.get(role) or []:
                marks.append(Mark(actor["start"], actor["end"], "actor-role"))
    return marks, chosen
