"""An extractor is a named list of stages: :class:`StagedExtractor` runs one.

``StagedExtractor("rules/1", ["rules.triggers/1", ..., "assemble/1"])`` builds each stage
through the registry (kind ``"stages"``), checks that every stage's ``requires`` is offered
by the document (:data:`~dyads.events.candidate.DOC_LAYERS`) or assigned by a stage before
it, and then codes articles sentence by sentence. A stage built elsewhere can be passed as
an object instead of a name. The stages of ``rules/1`` and of the shared tail are listed in
``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dyads.registry as registry
from dyads.errors import RegistryError
from dyads.events.candidate import DOC_LAYERS, ArticleWork, SentenceWork, Stage
from dyads.model import Event, Extraction, Mention
from dyads.nlp.layers import layers_of
from dyads.nlp.tokens import Lemmatizer

# The stages every extractor that proposes candidates may end with: modality and claims,
# type rules for intents and demands, date and place, and the record.
SHARED_TAIL: tuple[str, ...] = ("modality/1", "event-type/1", "claims/1", "when-where/1",
                                "assemble/1")  # fmt: skip


def build_stage(stage: str | Stage, options: dict[str, Any]) -> Stage:
    if not isinstance(stage, str):
        return stage
    built: Stage = registry.get("stages", stage)(**options)
    return built


def check_order(name: str, stages: Sequence[Stage]) -> None:
    """Every requirement assigned before it is needed, else a one-line error naming it."""
    offered = set(DOC_LAYERS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in offered]
        if missing:
            raise RegistryError(
                f"extractor {name!r}: stage {stage.name!r} requires {', '.join(missing)}, "
                "which no earlier stage assigns"
            )
        offered.update(stage.assigns)
    if "events" not in offered:
        raise RegistryError(f"extractor {name!r}: no stage assigns events (add 'assemble/1')")


class StagedExtractor:
    """Codes events in an article by running its stages over each sentence in turn."""

    def __init__(self, name: str, stages: Sequence[str | Stage], **options: Any) -> None:
        self.name = name
        options.setdefault("extractor", name)
        self.stages = [build_stage(s, options) for s in stages]
        check_order(name, self.stages)
        # One lemmatiser for the document's token layer: the one a stage needs (rules/1:
        # its pattern vocabulary), so that every stage reads the same tokens.
        found = [getattr(s, "lemmatizer", None) for s in self.stages]
        self.lemmatizer: Lemmatizer | None = next((x for x in found if x is not None), None)

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Extraction) -> list[Event]:
        layers = layers_of(doc, self.lemmatizer)
        article = ArticleWork(doc, layers, self.name)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in doc.actors:
            if mention.actor.kind != "outlet":
                by_sentence.setdefault(mention.sentence, []).append(mention)
        events: list[Event] = []
        for sent in doc.sentences:
            work = SentenceWork(article, sent, by_sentence.get(sent.index, []))
            for stage in self.stages:
                stage(work)
            for event in work.events:
                if event.id not in article.seen:
                    article.seen.add(event.id)
                    events.append(event)
        return events
