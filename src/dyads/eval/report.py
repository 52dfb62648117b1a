"""The result of an evaluation: plain dataclasses, a dict for JSON, a rich table to print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from dyads.eval.scorers import PRF


@dataclass(frozen=True, slots=True)
class Metric:
    """One row: either precision/recall/F1 (``prf``) or a single ``value`` (accuracy...)."""

    name: str
    n: int  # gold items scored (sentences for accuracy, gold spans/codes for recall)
    prf: PRF | None = None
    value: float | None = None
    target: float | None = None  # the value this metric should reach, where one is set
    note: str = ""

    @property
    def headline(self) -> float:
        """F1 for a P/R/F1 metric, else the value."""
        if self.prf is not None:
            return self.prf.f1
        return self.value if self.value is not None else 0.0

    @property
    def meets_target(self) -> bool | None:
        return None if self.target is None else self.headline >= self.target

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"name": self.name, "n": self.n}
        if self.prf is not None:
            record.update(
                precision=round(self.prf.precision, 4),
                recall=round(self.prf.recall, 4),
                f1=round(self.prf.f1, 4),
                matched_pred=self.prf.matched_pred,
                n_pred=self.prf.n_pred,
                matched_gold=self.prf.matched_gold,
                n_gold=self.prf.n_gold,
            )
        if self.value is not None:
            record["value"] = round(self.value, 4)
        if self.target is not None:
            record["target"] = self.target
            record["meets_target"] = self.meets_target
        if self.note:
            record["note"] = self.note
        return record


@dataclass(slots=True)
class SetResult:
    name: str
    items: int  # sentences or documents run through the pipeline
    metrics: list[Metric] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # breakdowns shown only in JSON
    seconds: float = 0.0

    def metric(self, name: str) -> Metric:
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise KeyError(f"{self.name} has no metric {name!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "items": self.items,
            "seconds": round(self.seconds, 2),
            "metrics": [metric.to_dict() for metric in self.metrics],
            "details": self.details,
        }


@dataclass(slots=True)
class EvalReport:
    extractor: str
    path: str
    sets: list[SetResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # requested sets whose files are absent
    notes: list[str] = field(default_factory=list)  # said once to the user (skipped items)
    seconds: float = 0.0

    def set(self, name: str) -> SetResult:
        for result in self.sets:
            if result.name == name:
                return result
        raise KeyError(f"no result for set {name!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "extractor": self.extractor,
            "path": self.path,
            "seconds": round(self.seconds, 2),
            "missing": self.missing,
            "notes": self.notes,
            "sets": [result.to_dict() for result in self.sets],
        }


def prf_dict(prf: PRF) -> dict[str, float | int]:
    return {
        "precision": round(prf.precision, 4),
        "recall": round(prf.recall, 4),
        "f1": round(prf.f1, 4),
        "n_pred": prf.n_pred,
        "n_gold": prf.n_gold,
    }


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def render_table(report: EvalReport) -> Table:
    """One row per set and metric. ``score`` is F1 for P/R/F1 rows, else the metric's value;
    a metric with a target shows it in its name and its score green (met) or red."""
    sizes = ", ".join(f"{r.name} {r.items} items {r.seconds:.1f}s" for r in report.sets)
    table = Table(
        title=f"dyads eval — extractor {report.extractor}",
        title_justify="left",
        caption=f"{sizes}; total {report.seconds:.1f}s",
        caption_justify="left",
    )
    table.add_column("set", no_wrap=True)
    table.add_column("metric", no_wrap=True)
    for column in ("P", "R", "score", "n"):
        table.add_column(column, justify="right", no_wrap=True)
    for result in report.sets:
        for position, metric in enumerate(result.metrics):
            prf = metric.prf
            name, score = metric.name, _cell(metric.headline)
            if metric.target is not None:
                name += f" ≥{metric.target:.2f}"
                score = f"[{'green' if metric.meets_target else 'red'}]{score}[/]"
            table.add_row(
                result.name if position == 0 else "",
                name,
                _cell(prf.precision if prf else None),
                _cell(prf.recall if prf else None),
                score,
                str(metric.n),
                end_section=position == len(result.metrics) - 1,
            )
    return table


def render_reliability(result: SetResult) -> Table | None:
    """The reliability table of a set that has one: per confidence band, how many events,
    their mean confidence and the share of them that is right."""
    calibration = result.details.get("calibration")
    if not calibration or not calibration.get("n"):
        return None
    table = Table(
        title=f"{result.name}: confidence calibration, ECE {calibration['ece']:.3f}",
        title_justify="left",
    )
    for column in ("band", "events", "mean confidence", "share right"):
        table.add_column(column, justify="right", no_wrap=True)
    for band in calibration["bands"]:
        count = band["count"]
        table.add_row(
            band["band"],
            str(count),
            f"{band['mean_confidence']:.3f}" if count else "",
            f"{band['share_right']:.3f}" if count else "",
        )
    return table


def render_types(result: SetResult) -> Table | None:
    """P/R/F1 per PLOVER type, for a set scored event by event."""
    types = result.details.get("event_types")
    if not types or not result.name.startswith("news"):
        return None
    table = Table(title=f"{result.name}: event types", title_justify="left")
    table.add_column("type", no_wrap=True)
    for column in ("P", "R", "F1", "predicted", "gold"):
        table.add_column(column, justify="right", no_wrap=True)
    for name, row in types.items():
        table.add_row(
            name,
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            str(row["n_pred"]),
            str(row["n_gold"]),
        )
    return table


def render_intervals(result: SetResult) -> Table | None:
    intervals = result.details.get("intervals_95")
    if not intervals:
        return None
    table = Table(title=f"{result.name}: 95 % bootstrap intervals", title_justify="left")
    table.add_column("figure", no_wrap=True)
    table.add_column("interval", justify="right", no_wrap=True)
    for name, (low, high) in intervals.items():
        table.add_row(name, f"{low:.3f} – {high:.3f}")
    return table
