"""Agreement between the two independent annotation passes, and the items to adjudicate.

Items are compared when both passes hold them (same set and item id); items in one pass
only, or whose text hash differs between passes, are listed and left out. No text is
needed: everything here reads annotations only.

- type-set Jaccard: per item |A ∩ B| / |A ∪ B| of the sets of event types; an item where
  both passes code nothing agrees fully (1.0). Reported as the mean over all items and the
  mean over items where at least one pass codes an event.
- event detection: Cohen's kappa of "the sentence holds an event" between the passes.
- dyad F1: (type, source code, target code) sets per item, pass B scored against pass A
  as reference (P/R swap if the roles swap; F1 does not move). COOPERATE and CONSULT are
  unordered, as in every scorer.
- per type: items where both passes code the type, where only A or only B does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from dyads.eval.corpus import FLAGS, CorpusEvent, CorpusItem
from dyads.eval.matching import gold_dyads, match_events
from dyads.eval.report import prf_dict
from dyads.eval.scorers import PRF, ZERO, cohen_kappa, set_prf
from dyads.model import PLOVER_TYPES

Key = tuple[str, str]


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 1.0


@dataclass(slots=True)
class Agreement:
    items: int = 0
    only_a: list[Key] = field(default_factory=list)
    only_b: list[Key] = field(default_factory=list)
    hash_differs: list[Key] = field(default_factory=list)
    jaccard_mean: float = 0.0
    jaccard_mean_with_events: float = 0.0
    items_with_events: int = 0
    kappa: float = 0.0
    has_event: dict[str, int] = field(default_factory=dict)  # both, a_only, b_only, neither
    dyads: PRF = ZERO
    per_type: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "type_jaccard_mean": round(self.jaccard_mean, 4),
            "type_jaccard_mean_items_with_events": round(self.jaccard_mean_with_events, 4),
            "items_with_events": self.items_with_events,
            "has_event_kappa": round(self.kappa, 4),
            "has_event": self.has_event,
            "dyads_b_against_a": prf_dict(self.dyads),
            "per_type": self.per_type,
            "only_in_a": len(self.only_a),
            "only_in_b": len(self.only_b),
            "hash_differs": len(self.hash_differs),
        }


def _paired(
    pass_a: Sequence[CorpusItem], pass_b: Sequence[CorpusItem], found: Agreement
) -> list[tuple[CorpusItem, CorpusItem]]:
    b_items = {item.key: item for item in pass_b}
    a_keys = {item.key for item in pass_a}
    found.only_b = [item.key for item in pass_b if item.key not in a_keys]
    pairs = []
    for a in pass_a:
        b = b_items.get(a.key)
        if b is None:
            found.only_a.append(a.key)
        elif a.sha1 != b.sha1:
            found.hash_differs.append(a.key)
        else:
            pairs.append((a, b))
    return pairs


def agreement(pass_a: Sequence[CorpusItem], pass_b: Sequence[CorpusItem]) -> Agreement:
    found = Agreement()
    pairs = _paired(pass_a, pass_b, found)
    found.items = len(pairs)
    scores: list[float] = []
    with_events: list[float] = []
    has_a: list[bool] = []
    has_b: list[bool] = []
    per_type = {name: {"both": 0, "a_only": 0, "b_only": 0} for name in PLOVER_TYPES}
    for a, b in pairs:
        types_a, types_b = {e.type for e in a.events}, {e.type for e in b.events}
        score = jaccard(types_a, types_b)
        scores.append(score)
        if types_a or types_b:
            with_events.append(score)
        has_a.append(bool(a.events))
        has_b.append(bool(b.events))
        found.dyads += set_prf(gold_dyads(b.events), gold_dyads(a.events))
        for name in types_a | types_b:
            side = (
                "both" if name in types_a & types_b else "a_only" if name in types_a else "b_only"
            )
            per_type.setdefault(name, {"both": 0, "a_only": 0, "b_only": 0})[side] += 1
    found.jaccard_mean = sum(scores) / len(scores) if scores else 0.0
    found.items_with_events = len(with_events)
    found.jaccard_mean_with_events = sum(with_events) / len(with_events) if with_events else 0.0
    found.kappa = cohen_kappa(has_a, has_b)
    found.has_event = {
        "both": sum(x and y for x, y in zip(has_a, has_b, strict=True)),
        "a_only": sum(x and not y for x, y in zip(has_a, has_b, strict=True)),
        "b_only": sum(y and not x for x, y in zip(has_a, has_b, strict=True)),
        "neither": sum(not x and not y for x, y in zip(has_a, has_b, strict=True)),
    }
    found.per_type = {name: counts for name, counts in per_type.items() if any(counts.values())}
    return found


def agreement_by_set(
    pass_a: Sequence[CorpusItem], pass_b: Sequence[CorpusItem]
) -> dict[str, dict[str, Any]]:
    """The same figures for each source apart (bench sentences, re3d documents)."""
    names = sorted({item.set for item in (*pass_a, *pass_b)})
    return {
        name: agreement(
            [i for i in pass_a if i.set == name], [i for i in pass_b if i.set == name]
        ).to_dict()
        for name in names
    }


def _flag_differences(a: Sequence[CorpusEvent], b: Sequence[CorpusEvent]) -> list[str]:
    reasons = []
    for i, j in match_events(a, b):
        if a[i].type != b[j].type:
            continue  # a type difference is reported already
        reasons += [
            f"{name} ({a[i].type})" for name in FLAGS if getattr(a[i], name) != getattr(b[j], name)
        ]
    return reasons


def disagreements(
    pass_a: Sequence[CorpusItem], pass_b: Sequence[CorpusItem]
) -> list[dict[str, Any]]:
    """Every item the passes code differently, with why: what the adjudicator goes through.
    Items only in one pass, or whose hashes differ, are listed too."""
    found = Agreement()
    pairs = _paired(pass_a, pass_b, found)
    listing: list[dict[str, Any]] = []
    for a, b in pairs:
        reasons = []
        types_a, types_b = {e.type for e in a.events}, {e.type for e in b.events}
        if bool(a.events) != bool(b.events):
            reasons.append("has-event")
        if types_a != types_b:
            reasons.append("types: " + ", ".join(sorted(types_a ^ types_b)))
        elif len(a.events) != len(b.events):
            reasons.append("event count")
        if types_a == types_b and gold_dyads(a.events) != gold_dyads(b.events):
            reasons.append("dyads")
        reasons += _flag_differences(a.events, b.events)
        if reasons:
            listing.append(
                {
                    "set": a.set,
                    "item": a.item,
                    "split": a.split,
                    "reasons": reasons,
                    "a": [e.record for e in a.events],
                    "b": [e.record for e in b.events],
                }
            )
    for reason, keys in (
        ("only in pass A", found.only_a),
        ("only in pass B", found.only_b),
        ("text hash differs between passes", found.hash_differs),
    ):
        listing += [{"set": s, "item": i, "reasons": [reason]} for s, i in keys]
    return listing


def render_agreement(found: Agreement, title: str = "annotation agreement") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("measure", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_row("type-set Jaccard, mean", f"{found.jaccard_mean:.3f}", str(found.items))
    table.add_row(
        "type-set Jaccard, items with events",
        f"{found.jaccard_mean_with_events:.3f}",
        str(found.items_with_events),
    )
    table.add_row("has-event Cohen's kappa", f"{found.kappa:.3f}", str(found.items))
    dyads = found.dyads
    table.add_row("dyad F1 (B against A)", f"{dyads.f1:.3f}", f"{dyads.n_gold} / {dyads.n_pred}")
    for name, counts in found.per_type.items():
        table.add_row(
            f"  {name}: both / A only / B only",
            f"{counts['both']} / {counts['a_only']} / {counts['b_only']}",
            "",
        )
    skipped = len(found.only_a) + len(found.only_b) + len(found.hash_differs)
    if skipped:
        table.caption = (
            f"left out: {len(found.only_a)} only in A, {len(found.only_b)} only in B, "
            f"{len(found.hash_differs)} with another text hash"
        )
    return table
