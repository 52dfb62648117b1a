"""Which rule candidates verify mode sends: those the event gate is unsure of.

The gate (:mod:`dyads.events.gate`, ``data/models/gate.npz``) scores an *event*, so each rule
candidate is first carried through the shared tail on a copy (modality, type, claims, date,
place, the record) and the event it becomes is scored. A probability at or above the band's
top is kept without asking (the gate is sure it is right), one under the band's bottom is
dropped without asking (sure it is wrong, as ``hybrid/1`` would drop it), and only those in
the band go to the model. The band ``0,1`` sends every candidate and loads no gate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dyads.events.candidate import Candidate, SentenceWork
from dyads.events.gate import GateModel, model_digest
from dyads.events.llm.settings import parse_band as parse_band
from dyads.events.staged import SHARED_TAIL, build_stage


def gate_digest(model: str | Path | None) -> str:
    """A short digest of the gate model's file, for the data version (as ``hybrid/1``'s)."""
    return model_digest(model)


@dataclass
class Triage:
    """The candidates of one sentence, split three ways by the gate."""

    ask: list[Candidate]
    keep: list[Candidate]
    drop: list[Candidate]


class GateBand:
    """Scores rule candidates with the gate; splits them into ask, keep and drop."""

    def __init__(self, band: tuple[float, float], model: str | Path | None,
                 options: dict[str, Any]) -> None:  # fmt: skip
        self.low, self.high = band
        self.everything = band == (0.0, 1.0)
        self.gate = None if self.everything else GateModel.load(model)
        # The tail the real run applies later, built once, run here on copies only.
        self.tail = [] if self.everything else [build_stage(s, options) for s in SHARED_TAIL]

    def probability(self, work: SentenceWork, cand: Candidate) -> float | None:
        """The gate's probability for the event ``cand`` becomes; None if it becomes none."""
        assert self.gate is not None
        copy = replace(cand, source=list(cand.source), target=list(cand.target),
                       trace=list(cand.trace))  # fmt: skip
        shadow = SentenceWork(work.article, work.sentence, work.mentions, [copy])
        for stage in self.tail:
            stage(shadow)
        if not shadow.events:
            return None
        return self.gate.probability(shadow.events[0], work.layers.text)

    def triage(self, work: SentenceWork) -> Triage:
        if self.everything:
            return Triage(list(work.candidates), [], [])
        split = Triage([], [], [])
        for cand in work.candidates:
            p = self.probability(work, cand)
            if p is None:  # the tail drops it anyway: nothing to ask about
                split.keep.append(cand)
            elif p >= self.high:
                cand.trace.append(f"llm:gate-sure:{p:.2f}")
                split.keep.append(cand)
            elif p < self.low:
                split.drop.append(cand)
            else:
                cand.trace.append(f"llm:gate-unsure:{p:.2f}")
                split.ask.append(cand)
        return split
