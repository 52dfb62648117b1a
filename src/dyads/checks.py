"""`dyads check-data`: validate the actor dictionaries, codebooks, event patterns and the
word lists of ``data/lexicon/words/``."""

from __future__ import annotations

import contextlib
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


def duplicate_keys(text: str, where: str) -> list[str]:
    """Keys written twice in one YAML mapping: the loaders keep the last one silently, so a
    second ``unless_next:`` of a pattern hides the first."""
    import yaml

    found: list[str] = []

    class _Loader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> object:
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            found.append(f"{where}: line {node.start_mark.line + 1}: key {key!r} given twice")
        return loader.construct_mapping(node, deep)

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    with contextlib.suppress(yaml.YAMLError):  # the loaders proper report what won't parse
        yaml.load(text, Loader=_Loader)
    return found


def _data_files() -> list[tuple[str, str]]:
    from importlib import resources

    root = resources.files("dyads.data")
    out: list[tuple[str, str]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir():
                stack.append(item)
            elif item.name.endswith((".yaml", ".yml")):
                out.append((f"data/{item.name}", item.read_text("utf-8")))
    return out


def check_data(*, actor_files: tuple[str, ...] = ()) -> DataReport:
    report = DataReport()
    files = _data_files() + [(p, Path(p).read_text("utf-8")) for p in actor_files]
    for where, text in files:
        report.problems.extend(duplicate_keys(text, where))
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
    import dyads.events.mood
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
