"""What the rule stages know of one trigger before article context: a :class:`Draft`.

A draft holds what one sentence alone says about an event: pattern, trigger tokens, source
and target mention indices (into the sentence's :class:`~dyads.events.clauses.View`), and
the pronoun or relative word still to be resolved. The rule stages (:mod:`dyads.events.rules`)
make, fill and sift drafts; :mod:`dyads.events.resolve` turns the kept ones into typed
:class:`~dyads.events.candidate.Candidate` events. Every decision a later stage reads is a
typed field here or on :class:`~dyads.events.roles.Roles`; ``roles.rules`` is the trace for
``dyads explain``, never read as control flow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyads.events.clauses import View
from dyads.events.patterns import Match, Pattern
from dyads.events.roles import Roles


@dataclass(slots=True)
class Draft:
    pattern: Pattern
    match: Match
    verbal: bool
    roles: Roles
    source: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    negated_by_governor: bool = False  # in the complement of "denied", "refused to"
    governor: Draft | None = None  # the "accused X of" / "denied" event it is a complement of
    complement: Draft | None = None  # the event this one absorbed ("threatened to attack")
    demander: list[int] = field(default_factory=list)  # "X said Y must ...": X demands
    prominence: float = 0.0  # added to confidence: the sentence's main event ranks first
    casualties: int = 0  # casualty verbs folded into it ("bombing ..., killing 12")
    told: list[tuple[int, int]] = field(default_factory=list)  # their token ranges


@dataclass(slots=True)
class SentenceDrafts:
    """The rule stages' own layer for one sentence: its clause view and its drafts."""

    view: View
    drafts: list[Draft] = field(default_factory=list)
    # Types of the drafts salience dropped (topics, background, conditions, complements): a
    # casualty verb left beside them tells of their victims ("complained over air raids in
    # which 20 were killed"), not of an attack of its own.
    untold: set[str] = field(default_factory=set)
