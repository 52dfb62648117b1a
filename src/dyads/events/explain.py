"""Why an event was coded: the pattern, the rules and the spans behind each event.

``dyads explain`` prints this, so that a user who sees a miscoding can find the pattern
(``data/patterns/<type>.yaml``) or actor entry to edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyads.model import Event, Extraction


@dataclass(frozen=True, slots=True)
class Explanation:
    event: Event
    sentence: str
    trigger: str
    source: tuple[str, ...]  # "RUS (Russia's)" : actor id and the text it was found in
    target: tuple[str, ...]
    pattern: str | None
    rules: tuple[str, ...]
    flags: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.event.type,
            "cameo": self.event.cameo,
            "mode": self.event.mode,
            "context": list(self.event.context),
            "pattern": self.pattern,
            "rules": list(self.rules),
            "trigger": self.trigger,
            "source": list(self.source),
            "target": list(self.target),
            "flags": list(self.flags),
            "claimed_by": self.event.claimed_by.actor.id if self.event.claimed_by else None,
            "sentence": self.sentence,
        }


def explain(doc: Extraction) -> list[Explanation]:
    """One explanation per event of an extraction, in text order."""
    text = doc.text
    found: list[Explanation] = []
    for event in sorted(doc.events, key=lambda e: (e.trigger.start, e.type)):
        flags = tuple(
            name for name in ("quoted", "hedged", "negated", "hypothetical") if getattr(event, name)
        )
        found.append(
            Explanation(
                event=event,
                sentence=event.sentence.span.text_in(text),
                trigger=event.trigger.text_in(text),
                source=tuple(f"{m.actor.id} ({text[m.start : m.end]})" for m in event.source),
                target=tuple(f"{m.actor.id} ({text[m.start : m.end]})" for m in event.target),
                pattern=event.pattern,
                rules=event.rules,
                flags=flags,
            )
        )
    return found
