"""The outlet chain of an article: "Caliber.Az reports, citing foreign media" (``reported_by``).

An outlet passing the text on is an ``outlet`` :class:`~dyads.nlp.quotes.Attribution`, found
by the same attribution pass as quotes and reported speech; this module picks the article's
first one and writes it as a chain.
"""

from __future__ import annotations

from collections.abc import Sequence

from dyads.model import Sentence
from dyads.nlp import lexicon as word_lists
from dyads.nlp.quotemarks import Quote, find_quotes
from dyads.nlp.quotes import Attribution, AttributionCache, sentence_attributions

__all__ = ["chain_text", "outlet_chain", "outlet_for"]


def outlet_for(position: int, attributions: Sequence[Attribution]) -> Attribution | None:
    """The outlet attribution whose content covers ``position``, if any."""
    for a in attributions:
        if a.kind == "outlet" and a.content_start <= position < a.content_end:
            return a
    return None


def chain_text(text: str, attribution: Attribution) -> str:
    """ "Caliber.Az citing foreign media" for an outlet attribution."""
    name = attribution.speaker(text)
    if attribution.cited_start is not None and attribution.cited_end is not None:
        return f"{name} citing {text[attribution.cited_start : attribution.cited_end]}"
    return name


# Words without which no sentence is an outlet report (a cheap pre-filter, kept in step
# with outlet_verbs and according_to in attribution.yaml: an outlet report may also use "said").
# The lookahead holds every first letter (and "ſ", which IGNORECASE folds to "s"): it lets
# the engine drop other word starts after one test instead of trying each alternative.
_OUTLET_HINT = word_lists.regex("outlet-hint")


def outlet_chain(
    text: str,
    sentences: Sequence[Sentence],
    quotes: list[Quote] | None = None,
    *,
    cache: AttributionCache | None = None,
) -> str | None:
    """The article's outlet chain: the first outlet report in the text, with what it cites.

    >>> from dyads.nlp.sentences import split_sentences
    >>> t = "Russia shelled Kharkiv, Caliber.Az reports, citing foreign media."
    >>> outlet_chain(t, split_sentences(t))
    'Caliber.Az citing foreign media'
    """
    first = _OUTLET_HINT.search(text)
    if first is None:
        return None  # most articles: no cue at all, so skip the attribution pass
    # The hint is literal words, so a sentence search finds nothing before the first cue of
    # the text and finds that cue in a sentence that holds it whole: search the others only.
    for sent in sentences:
        if sent.end <= first.start():
            continue
        if not (sent.start <= first.start() and first.end() <= sent.end) and (
            _OUTLET_HINT.search(text, sent.start, sent.end) is None
        ):
            continue
        if quotes is None:
            quotes = find_quotes(text)
        for a in sentence_attributions(text, sent, quotes, (), cache):
            if a.kind == "outlet":
                return chain_text(text, a)
    return None
