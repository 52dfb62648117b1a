"""The default extractor, ``rules/1``: PLOVER events from trigger patterns and clause roles.

``rules/1`` is a list of stages (:mod:`dyads.events.staged`). Its own five propose events:

- ``rules.triggers/1``: pattern matches on the sentence's tokens (``data/patterns/``), each
  read as a verb or a noun (:func:`dyads.events.engine.triggers`);
- ``rules.roles/1``: source and target from the clause, obligations ("Y must ...") and
  governed complements ("accused X of", "threatened to") (:func:`~dyads.events.engine.read_roles`);
- ``rules.salience/1``: what is news of its own, against background, conditions, purposes
  and absorbed complements, and the main event's prominence (:func:`~dyads.events.engine.sift`);
- ``rules.incidents/1``: one attack told by several verbs ("bombed ..., killing 12") is one
  event (:mod:`dyads.events.incidents`);
- ``rules.context/1``: pronouns, stand-ins, scene and country from the article
  (:mod:`dyads.events.resolve`), giving typed candidates.

The shared tail (:mod:`dyads.events.shared`) then sets modality, type rules, claims, date,
place, and assembles the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dyads.events import engine
from dyads.events import roles as R
from dyads.events.candidate import SentenceWork
from dyads.events.draft import SentenceDrafts
from dyads.events.ground import named_ground
from dyads.events.matching import load_pattern_set
from dyads.events.resolve import RULES
from dyads.events.staged import SHARED_TAIL, StagedExtractor
from dyads.model import Event, Extraction
from dyads.nlp import lexicon

NAME = "rules/1"
ACTORLESS = lexicon.regex("actorless-events")
RULE_STAGES: tuple[str, ...] = (
    "rules.triggers/1", "rules.roles/1", "rules.salience/1", "rules.incidents/1",
    "rules.context/1",
)  # fmt: skip
STAGES: tuple[str, ...] = RULE_STAGES + SHARED_TAIL


class TriggerStage:
    name = "rules.triggers/1"
    requires = ("layers.tokens", "doc.actors")
    assigns = ("rules.drafts",)

    def __init__(self, *, pattern_files: Sequence[str | Path] = (), **_options: Any) -> None:
        self.patterns = load_pattern_set([Path(p) for p in pattern_files])
        # The document's tokens are lemmatised with the patterns' vocabulary (StagedExtractor
        # hands this to the layers), so a pattern word matches all its inflections.
        self.lemmatizer = self.patterns.lemmatizer

    def __call__(self, work: SentenceWork) -> None:
        tokens = work.layers.tokens(work.sentence.index)
        view = R.make_view(tokens, work.mentions, work.layers.text)
        work.mentions = view.mentions  # those the clause view placed on tokens
        drafts = SentenceDrafts(view)
        engine.triggers(self.patterns, drafts)
        named_ground(self.patterns, drafts, work.layers.text, lambda: work.layers.gazetteer)
        work.private[RULES] = drafts


class _OnDrafts:
    """A rule stage that works on the sentence's drafts, when it has any."""

    def __init__(self, **_options: Any) -> None:
        pass

    @staticmethod
    def step(work: SentenceDrafts) -> None:
        raise NotImplementedError

    def __call__(self, work: SentenceWork) -> None:
        drafts: SentenceDrafts | None = work.private.get(RULES)
        if drafts is not None and drafts.drafts:
            self.step(drafts)


class RoleStage(_OnDrafts):
    name = "rules.roles/1"
    requires = ("rules.drafts",)
    assigns = ("rules.roles",)
    step = staticmethod(engine.read_roles)


class SalienceStage(_OnDrafts):
    name = "rules.salience/1"
    requires = ("rules.roles",)
    assigns = ("rules.salience",)
    step = staticmethod(engine.sift)


class RulesExtractor(StagedExtractor):
    """``rules/1``: codes PLOVER events from the data patterns; no model, no download."""

    name = NAME

    def __init__(self, **options: Any) -> None:
        super().__init__(NAME, STAGES, **options)

    def __call__(self, doc: Extraction) -> list[Event]:
        # Every role rules/1 gives is an actor mention of the article, a country read from
        # one, or the place a bombing hit or a crowd marched in: an article with neither an
        # actor nor a weapon of war or a crowd codes no event, so it is not tokenised at all.
        if not any(m.actor.kind != "outlet" for m in doc.actors) and not ACTORLESS.search(doc.text):
            return []
        return super().__call__(doc)
