"""`dyads check-data`: validate the actor dictionaries, codebooks, event patterns and the
word lists of ``data/lexicon/words/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dyads.actors.dictionary import ActorDictionary, validate
from dyads.errors import DataError


@dataclass
class DataReport:
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_data(*, actor_files: tuple[str, ...] = ()) -> DataReport:
    report = DataReport()
    try:
        dictionary = ActorDictionary.load(extra=[Path(p) for p in actor_files])
    except DataError as err:
        report.problems.append(str(err))
        return report
    for entry in dictionary.entries.values():
        kind = entry.actor.kind
        report.counts[f"actors: {kind}"] = report.counts.get(f"actors: {kind}", 0) + 1
    report.counts["sector words"] = len(dictionary.sector_words)
    report.problems.extend(validate(dictionary))

    from dyads.events.codebook import default_codebook
    from dyads.events.patterns import load_patterns, validate_patterns

    try:
        codebook = default_codebook()
        report.counts["CAMEO codes"] = len(codebook.codes)
        report.counts["PLOVER types"] = len(codebook.types)
        report.problems.extend(codebook.validate())
        patterns = load_patterns()
        report.counts["event patterns"] = len(patterns)
        report.problems.extend(validate_patterns(codebook))
    except DataError as err:
        report.problems.append(str(err))
    # Every rule module, the actor matcher and the sentence splitter ask for their lists.
    import dyads.events.incidents
    import dyads.events.rules
    import dyads.pipeline  # noqa: F401
    from dyads.nlp import lexicon

    try:
        report.counts["word lists"] = len(lexicon.concepts())
        report.problems.extend(lexicon.problems())
        report.counts["regular expressions"] = len(lexicon.regex_names())
        report.problems.extend(lexicon.regex_problems())
    except DataError as err:
        report.problems.append(str(err))
    return report
