"""Input limits: how much of the open web one article may make Dyads do.

Pages come broken, huge or hostile. Each limit turns a would-be hang or memory blow-up into a
clear one-line error (an article too large) or a bounded result (a sentence too long or too
crowded to code is left without events; its actor mentions are still found). The defaults
are far above real news; change them with ``Limits(...)`` or ``DYADS_MAX_*`` variables.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

from dyads.errors import InputError
from dyads.model import Article, Extraction

ENV_PREFIX = "DYADS_"


@dataclass(frozen=True, slots=True)
class Limits:
    """Sane defaults for news. Every field reads from ``DYADS_<FIELD>`` in ``from_env``."""

    # Bytes of one input file or fetched page (a long feed is one input too).
    max_article_bytes: int = 20_000_000
    # Characters of one article's normalised text: a book, not news, above this.
    max_article_chars: int = 2_000_000
    # Event coding is about quadratic in sentence length; text with no full stops (a table, a
    # minified page) would otherwise make one "sentence" of megabytes.
    max_sentence_chars: int = 3_000
    # A sentence naming more actors than this is a list (members of a body), not an event.
    max_actors_per_sentence: int = 200
    max_events_per_article: int = 1_000

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or value < 1:
                raise InputError(
                    f"limit {field.name}", f"must be a positive integer, not {value!r}"
                )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by ``DYADS_MAX_ARTICLE_CHARS=...`` and the like."""
        environ = os.environ if environ is None else environ
        given: dict[str, int] = {}
        for field in dataclasses.fields(cls):
            name = ENV_PREFIX + field.name.upper()
            raw = environ.get(name)
            if raw is None or not raw.strip():
                continue
            try:
                given[field.name] = int(raw.replace("_", "").strip())
            except ValueError:
                raise InputError(name, f"must be a whole number, not {raw!r}") from None
        return cls(**given)

    def check_article(self, article: Article) -> None:
        """Raise a one-line InputError when the article is too large to code."""
        if len(article.text) > self.max_article_chars:
            where = article.source_path or article.url or article.id
            raise InputError(
                where,
                f"is {len(article.text):,} characters long, over the limit of "
                f"{self.max_article_chars:,} ({ENV_PREFIX}MAX_ARTICLE_CHARS)",
            )

    def codable(self, doc: Extraction) -> Extraction:
        """The view of ``doc`` the event coder sees: sentences within the limits only.

        Sentences keep their index, so mentions still find their sentence; the left-out ones
        keep their mentions in ``doc`` and simply get no events.
        """
        crowded: dict[int, int] = {}
        for mention in doc.actors:
            crowded[mention.sentence] = crowded.get(mention.sentence, 0) + 1
        kept = [
            sent
            for sent in doc.sentences
            if sent.end - sent.start <= self.max_sentence_chars
            and crowded.get(sent.index, 0) <= self.max_actors_per_sentence
        ]
        if len(kept) == len(doc.sentences):
            return doc
        return dataclasses.replace(doc, sentences=kept)


DEFAULT_LIMITS = Limits()
