"""One document, annotated in layers: every later stage reads these and never re-scans.

:class:`Layers` sits on an :class:`~dyads.model.Extraction` (``doc.layers``) beside the
sentences and actor mentions the pipeline found. Each layer is computed once, on first use
(most sentences need no date or place look-up, and an article without a quote mark needs no
attribution pass), and then shared by every stage and every event of the article:

- ``tokens(i)``: sentence ``i``'s tokens (offsets, lower form, lemma, capitalisation and
  shape), lemmatised with the extractor's lemmatiser (its pattern vocabulary), made once
  whatever number of stages read them;
- ``quotes``, ``attributions``, ``reported_by``: quotations, speakers of quotes and
  reported speech, and the article's outlet chain;
- ``dates(i)``: sentence ``i``'s resolved date expressions;
- ``places(i)``: sentence ``i``'s place expressions (a locative and a gazetteer name);
- ``scene``: the article's other places (names without a locative, its dateline, its main
  place: :mod:`dyads.nlp.scene`), or None without a gazetteer.

Nothing outlives the document: no cache is keyed by text, so two threads coding two articles
never share a layer, and memory is one article's worth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dyads.model import Sentence
from dyads.nlp import quotes as Q
from dyads.nlp.dates import DateMatch, find_dates
from dyads.nlp.outlets import outlet_chain
from dyads.nlp.places import (
    Gazetteer,
    PlaceHit,
    first_locative,
    optional_gazetteer,
    place_hits,
)
from dyads.nlp.scene import Scene
from dyads.nlp.tokens import Lemmatizer, Tokens, tokenize


class Layers:
    """The annotation layers of one article's text (see the module docstring)."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Sentence],
        *,
        published: str | None = None,
        lemmatizer: Lemmatizer | None = None,
        gazetteer: Callable[[], Gazetteer | None] | Gazetteer | None = optional_gazetteer,
    ) -> None:
        self.text = text
        self.sentences = list(sentences)
        self.published = published
        self.lemmatizer = lemmatizer
        self._gazetteer = gazetteer
        self._tokens: dict[int, Tokens] = {}
        self._dates: dict[int, list[DateMatch]] = {}
        self._places: dict[int, tuple[PlaceHit, ...]] = {}
        self._scene: Scene | None = None
        self._quotes: list[Q.Quote] | None = None
        self._attributions: list[Q.Attribution] | None = None
        self._attribution_cache: Q.AttributionCache = {}
        self._reported_by: tuple[str | None] | None = None

    def tokens(self, i: int) -> Tokens:
        found = self._tokens.get(i)
        if found is None:
            sent = self.sentences[i]
            found = tokenize(self.text, sent.start, sent.end, lemmatizer=self.lemmatizer)
            self._tokens[i] = found
        return found

    @property
    def quotes(self) -> list[Q.Quote]:
        if self._quotes is None:
            self._quotes = Q.find_quotes(self.text)
        return self._quotes

    @property
    def attributions(self) -> list[Q.Attribution]:
        if self._attributions is None:
            self._attributions = Q.find_attributions(
                self.text, self.sentences, self.quotes, cache=self._attribution_cache
            )
        return self._attributions

    @property
    def reported_by(self) -> str | None:
        if self._reported_by is None:
            chain = outlet_chain(
                self.text, self.sentences, self.quotes, cache=self._attribution_cache
            )
            self._reported_by = (chain,)
        return self._reported_by[0]

    def dates(self, i: int) -> list[DateMatch]:
        found = self._dates.get(i)
        if found is None:
            sent = self.sentences[i]
            found = self._dates[i] = find_dates(self.text, sent.start, sent.end, self.published)
        return found

    @property
    def gazetteer(self) -> Gazetteer | None:
        if callable(self._gazetteer) and not isinstance(self._gazetteer, Gazetteer):
            self._gazetteer = self._gazetteer()  # loaded on first use: most texts need none
        return self._gazetteer

    def places(self, i: int) -> tuple[PlaceHit, ...]:
        found = self._places.get(i)
        if found is None:
            sent = self.sentences[i]
            found = ()
            # Only a sentence with a locative phrase needs the gazetteer (loaded on first use)
            at = first_locative(self.text, sent.start, sent.end)
            if at >= 0 and self.gazetteer is not None:
                found = place_hits(self.gazetteer, self.text, at, sent.end)  # scanned once
            self._places[i] = found
        return found

    @property
    def scene(self) -> Scene | None:
        if self._scene is None and self.gazetteer is not None:
            self._scene = Scene(self.gazetteer, self.text, self.sentences, self.places)
        return self._scene


def layers_of(doc: Any, lemmatizer: Lemmatizer | None = None) -> Layers:
    """``doc.layers``, made now when the caller built the extraction by hand."""
    layers: Layers | None = getattr(doc, "layers", None)
    if layers is None or (lemmatizer is not None and layers.lemmatizer is not lemmatizer):
        layers = Layers(
            doc.text, doc.sentences, published=doc.article.published, lemmatizer=lemmatizer
        )
        doc.layers = layers
    return layers
