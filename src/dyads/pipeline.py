"""Wires the stages: article text in, sentences, actor mentions and events out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import dyads.registry as registry
from dyads.actors.dictionary import ActorDictionary
from dyads.actors.matcher import ActorMatcher
from dyads.ingest.normalise import make_article
from dyads.limits import Limits
from dyads.model import Article, Event, Extraction

if TYPE_CHECKING:
    from dyads.events.calibration import Calibrator
from dyads.nlp.layers import Layers
from dyads.nlp.sentences import split_sentences

DEFAULT_EXTRACTOR = "rules/1"


class Extractor(Protocol):
    """Codes events in an article whose sentences and actor mentions are already found."""

    name: str

    def __call__(self, doc: Extraction) -> list[Event]: ...


class Pipeline:
    """Loads dictionaries and patterns once; then codes any number of articles."""

    def __init__(
        self,
        *,
        extractor: str = DEFAULT_EXTRACTOR,
        actor_files: Sequence[str | Path] = (),
        pattern_files: Sequence[str | Path] = (),
        what: str = "events",
        limits: Limits | None = None,
        model: str | Path | None = None,
        extractor_options: dict[str, Any] | None = None,
    ) -> None:
        self.limits = limits or Limits.from_env()
        self.dictionary = ActorDictionary.load(extra=[Path(p) for p in actor_files])
        self.pattern_files = [Path(p) for p in pattern_files]
        self.matcher = ActorMatcher(self.dictionary)
        self.extractor_name = extractor
        self.model = Path(model) if model is not None else None  # a learned stage's weights
        self.what = what
        # Options only some extractors take (llm/1: ``{"llm": {"url": ..., "model": ...}}``).
        self.extractor_options = dict(extractor_options or {})
        self._extractor: Extractor | None = None
        self._calibrator: Calibrator | None = None

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            factory = registry.get("extractors", self.extractor_name)
            options: dict[str, Any] = {"dictionary": self.dictionary, **self.extractor_options}
            if self.pattern_files:  # only extractors that read patterns take this option
                options["pattern_files"] = self.pattern_files
            if self.model is not None:  # only extractors with a learned stage take this one
                options["model"] = self.model
            self._extractor = factory(**options)
        return self._extractor

    @property
    def calibrator(self) -> Calibrator | None:
        """Maps the extractor's raw confidence to the share of such events that were right on
        the corpus's dev split (`dyads eval --fit-calibration`); None: raw scores."""
        if self._calibrator is None:
            from dyads.events.calibration import Calibrator

            self._calibrator = Calibrator.for_extractor(self.extractor_name)
        return None if self._calibrator.is_identity else self._calibrator

    @calibrator.setter
    def calibrator(self, value: Calibrator | None) -> None:
        from dyads.events.calibration import Calibrator

        self._calibrator = value if value is not None else Calibrator()

    @property
    def data_version(self) -> str:
        """The versions of the knowledge extraction reads: actors, codebook, the event
        patterns (with the user's files) and the lexicons, so that `dyads recode` sees when
        any of them changed."""
        from dyads.events.codebook import default_codebook
        from dyads.events.patterns import patterns_fingerprint
        from dyads.nlp.lexicon import fingerprint

        parts = [f"actors={self.dictionary.data_version}"]
        parts.append(f"codebook={default_codebook().data_version}")
        parts.append(f"patterns={patterns_fingerprint(self.pattern_files)}")
        parts.append(f"lexicon={fingerprint()}")
        own = getattr(self.extractor, "data_version", None) if self.what != "actors" else None
        if isinstance(own, str) and own:  # an extractor's own knowledge (llm/1: model, prompt)
            parts.append(own)
        if self.calibrator is not None:  # confidences change with it: recode must know
            parts.append(f"calibration={self.calibrator.meta.get('fitted', 'yes')}")
        return ";".join(parts)

    def __call__(self, article: Article) -> Extraction:
        self.limits.check_article(article)
        doc = Extraction(article=article)
        doc.sentences = split_sentences(article.text)
        extractor = self.extractor if self.what != "actors" else None
        # The layers every stage reads (tokens, quotes, dates, places), each made once.
        doc.layers = Layers(
            article.text,
            doc.sentences,
            published=article.published,
            lemmatizer=getattr(extractor, "lemmatizer", None),
        )
        doc.actors = self.matcher.find(article.text, doc.sentences, when=article.published)
        doc.reported_by = doc.layers.reported_by
        if extractor is not None:
            events = extractor(self.limits.codable(doc))
            if self.calibrator is not None:
                events = self.calibrator.apply(events)
            doc.events = events[: self.limits.max_events_per_article]
        return doc

    def pipe(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        for article in articles:
            yield self(article)


_default: dict[tuple[Any, ...], Pipeline] = {}


def default_pipeline(extractor: str = DEFAULT_EXTRACTOR) -> Pipeline:
    key = (extractor,)
    if key not in _default:
        _default[key] = Pipeline(extractor=extractor)
    return _default[key]


def extract(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    article_id: str | None = None,
    pipeline: Pipeline | None = None,
) -> Extraction:
    """Code one article's text: ``extract(text, published="2024-10-20").events``."""
    article = make_article(
        text, article_id=article_id, title=title, url=url, published=published, outlet=outlet
    )
    return (pipeline or default_pipeline())(article)
