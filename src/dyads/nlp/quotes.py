"""Direct quotes, their speakers and reported speech (outlet chains: :mod:`dyads.nlp.outlets`).

Everything here returns character spans into the article text; deciding which actor "the
statement", "the minister" or "they" is belongs to the event coder. Three kinds of
:class:`Attribution`:

- ``quote``: a direct quotation and its speaker ("'...,' the statement reads", "X said: '...'");
- ``reported``: indirect speech ("X said (that) ...", "according to X, ...", "X accused Y of");
- ``outlet``: a news outlet passing the text on ("Caliber.Az reports, citing foreign media").

The cue words live in ``data/lexicon/attribution.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dyads.model import Sentence
from dyads.nlp import lexicon as word_lists
from dyads.nlp.quotemarks import Quote, _trimmed, find_quotes
from dyads.nlp.spanindex import first_covering, index_of
from dyads.nlp.speakers import (
    according_phrases,
    after_quote_speaker,
    before_verb_speaker,
    following_phrase,
    is_outlet,
    lexicon,
    speech_verbs,
)

__all__ = [
    "Attribution",
    "AttributionCache",
    "Quote",
    "attributions_in",
    "find_attributions",
    "find_quotes",
    "is_outlet",
    "sentence_attributions",
    "speaker_for",
]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who (``speaker_*``) says what (``content_*``), marked by the ``cue`` word(s)."""

    sentence: int
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    kind: str  # "quote" | "reported" | "outlet"
    cited_start: int | None = None  # "citing foreign media"
    cited_end: int | None = None

    def speaker(self, text: str) -> str:
        return text[self.speaker_start : self.speaker_end]


# -------------------------------------------------------------------------- attributions

_PASSIVE_BEFORE = word_lists.regex("passive-report")
_CITING = word_lists.regex("citing")
_TRAILING = word_lists.regex("trailing-report")
# What may stand between a speech verb and its claim: "said on Tuesday that", "told reporters".
_THAT = word_lists.regex("that-clause")
_TOLD = word_lists.regex("told")
_CLAUSE_NEXT = word_lists.regex("clause-next")


def _sentence_of(sentences: Sequence[Sentence], pos: int) -> int:
    found = first_covering(sentences, pos)
    if found is not None:
        return found.index
    return sentences[-1].index if sentences else 0


def _quote_attributions(
    text: str, quotes: list[Quote], sentences: Sequence[Sentence]
) -> list[Attribution]:
    lex = lexicon()
    found: list[Attribution] = []
    last: Attribution | None = None
    last_para_end = -1
    for quote in quotes:
        attribution: Attribution | None = None
        # '"...," X said' needs the writer's punctuation at the close; a scare quote
        # ('its "eternal" capital') has none.
        closed = quote.close is not None and (
            text[quote.close - 1] in ",.?!…" or text.startswith(",", quote.close + 1)
        )
        if closed and quote.close is not None:
            hit = after_quote_speaker(text, quote.close + 1, lex.speech)
            if hit is not None:
                (s_start, s_end), (c_start, c_end) = hit
                attribution = Attribution(
                    _sentence_of(sentences, c_start), s_start, s_end, text[c_start:c_end],
                    c_start, c_end, quote.start, quote.end, "quote",
                )  # fmt: skip
        if attribution is None:
            # "X said: '...'" - the speech verb right before the opening mark.
            lead = text[max(0, quote.open - 160) : quote.open]
            m = re.search(r"(?:[,:]|\bthat)?\s*$", lead)
            verb_end = quote.open - len(lead) + (m.start() if m else len(lead))
            verb = None
            for v in lex.speech.finditer(text, max(0, verb_end - 40), verb_end):
                verb = v
            if verb is not None and verb.end() == verb_end:
                speaker = before_verb_speaker(text, verb.start(), floor=max(0, quote.open - 160))
                if speaker is not None:
                    attribution = Attribution(
                        _sentence_of(sentences, verb.start()), speaker[0], speaker[1],
                        verb.group(), verb.start(), verb.end(), quote.start, quote.end, "quote",
                    )  # fmt: skip
        if attribution is None and last is not None and quote.open < last_para_end:
            # A later quote in the same paragraph keeps the speaker: '"A," he said. "B."'
            sentence = _sentence_of(sentences, quote.start)
            attribution = replace(
                last, sentence=sentence, content_start=quote.start, content_end=quote.end
            )
        if attribution is not None:
            found.append(attribution)
            last = attribution
            para_end = text.find("\n", quote.open)
            last_para_end = len(text) if para_end < 0 else para_end
    return found


def _marks(q: Quote) -> tuple[int, int]:
    return q.open, q.close if q.close is not None else q.end


def _inside(pos: int, quotes: Sequence[Quote]) -> bool:
    return next(index_of(quotes, _marks, "marks").covering(pos), None) is not None


def attributions_in(
    text: str, sent: Sentence, quotes: Sequence[Quote], *, skip: tuple[tuple[int, int], ...] = ()
) -> list[Attribution]:
    """Reported-speech and outlet attributions of one sentence (quotes are handled apart)."""
    lex = lexicon()
    found: list[Attribution] = []
    for verb in speech_verbs(text, sent.start, sent.end):
        v_start, v_end = verb.start(), verb.end()
        if _inside(v_start, quotes) or any(a <= v_start < b for a, b in skip):
            continue
        if _PASSIVE_BEFORE.search(text, max(sent.start, v_start - 12), v_start):
            continue  # "is said to", "it was reported that": hedges, not speakers
        if lex.not_after.match(text, v_end, sent.end):
            continue  # "claimed responsibility", "reported by"
        clause_next = _CLAUSE_NEXT.match(text, v_end, sent.end) is not None
        if verb.group() not in lex.free_verbs and not clause_next:
            continue
        following = lex.speech.match(text, v_end + 1, sent.end)
        if following is not None and text[v_end : v_end + 1] == " ":
            continue  # "member states said": the noun reading of the first word
        speaker = before_verb_speaker(text, v_start, floor=sent.start)
        if speaker is None:
            continue
        s_start, s_end = speaker
        if verb.group() in lex.noun_forms and not clause_next:
            tail = text[v_end : sent.end]
            if _CITING.match(tail) is None and (
                _TRAILING.match(tail) is None or not text[s_start].isupper()
            ):
                continue  # "a UN report released Wednesday", "the police report."
        according = list(lex.according.finditer(text, sent.start, s_start))
        if according and "," not in text[according[-1].end() : v_start]:
            continue  # "according to local and media reports": the phrase is the speaker
        name = text[s_start:s_end]
        tail = text[v_end : sent.end]
        cited: tuple[int, int] | None = None
        cite = _CITING.match(tail)
        if cite is not None:
            cited = following_phrase(text, v_end + cite.end(), sent.end)
        kind = "reported"
        if cited is not None or (verb.group() in lex.outlet_verbs and is_outlet(name)):
            kind = "outlet"
        before = text[sent.start : s_start].rstrip()
        if _TRAILING.match(tail) is not None or (cited and before.endswith(",")):
            # "..., the ministry said." / "..., Caliber.Az reports, citing ..."
            c_start, c_end = _trimmed(text, sent.start, s_start)
            while c_end > c_start and text[c_end - 1] in ",;: ":
                c_end -= 1
        else:
            after = cited[1] if cited else v_end
            lead = None
            if verb.group() in ("told", "tell", "tells", "telling"):
                lead = _TOLD.match(text, after, sent.end)
            if lead is None:
                lead = _THAT.match(text, after, sent.end)
            c_start = lead.end() if lead else after
            c_end = sent.end
            # Stop the claim where a later ", X reports" begins.
            for a in found:
                if a.kind == "outlet" and c_start < a.speaker_start < c_end:
                    c_end = a.speaker_start
        c_start, c_end = _trimmed(text, c_start, c_end)
        if c_end <= c_start:
            continue
        found.append(
            Attribution(
                sent.index, s_start, s_end, verb.group(), v_start, v_end, c_start, c_end, kind,
                cited[0] if cited else None, cited[1] if cited else None,
            )
        )  # fmt: skip
    for acc in according_phrases(text, sent.start, sent.end):
        if _inside(acc.start(), quotes):
            continue
        phrase = following_phrase(text, acc.end(), sent.end)
        if phrase is None:
            continue
        kind = "outlet" if is_outlet(text[phrase[0] : phrase[1]]) else "reported"
        if text[sent.start : acc.start()].strip(" ,"):
            c_start, c_end = sent.start, acc.start()
        else:
            c_start, c_end = phrase[1], sent.end
        c_start, c_end = _trimmed(text, c_start, c_end)
        while c_start < c_end and text[c_start] in ",;: ":
            c_start += 1
        while c_end > c_start and text[c_end - 1] in ",;: ":
            c_end -= 1
        if c_end > c_start:
            found.append(
                Attribution(
                    sent.index, phrase[0], phrase[1], acc.group().lower(), acc.start(), acc.end(),
                    c_start, c_end, kind,
                )
            )  # fmt: skip
    # Outlets first-class: re-cut reported claims that ran over a later outlet attribution.
    outlets = [a for a in found if a.kind == "outlet"]
    result: list[Attribution] = []
    for a in found:
        for o in outlets:
            if a is not o and a.content_start < o.speaker_start < a.content_end:
                end = o.speaker_start
                while end > a.content_start and text[end - 1] in ",;: ":
                    end -= 1
                a = replace(a, content_end=end)
        result.append(a)
    return result


def find_attributions(
    text: str,
    sentences: Sequence[Sentence],
    quotes: list[Quote] | None = None,
    *,
    cache: AttributionCache | None = None,
) -> list[Attribution]:
    """Every attribution in the article: quotes with their speakers first, then reported
    speech and outlet reports per sentence, in text order. ``cache`` (a document layer's)
    keeps each sentence's attributions for :func:`outlet_chain`, which asks the same.

    >>> from dyads.nlp.sentences import split_sentences
    >>> t = '“We stand with Kyiv,” the statement reads. Lavrov said talks had failed.'
    >>> [(a.speaker(t), a.cue, a.kind) for a in find_attributions(t, split_sentences(t))]
    [('the statement', 'reads', 'quote'), ('Lavrov', 'said', 'reported')]
    """
    if quotes is None:
        quotes = find_quotes(text)
    attributions = _quote_attributions(text, quotes, sentences)
    cues = tuple((a.cue_start, a.cue_end) for a in attributions)
    for sent in sentences:
        attributions.extend(sentence_attributions(text, sent, quotes, cues, cache))
    attributions.sort(key=lambda a: (a.content_start, a.cue_start))
    return attributions


# (sentence index, the quote cues inside it) -> the sentence's attributions
AttributionCache = dict[tuple[int, tuple[tuple[int, int], ...]], tuple["Attribution", ...]]


def sentence_attributions(
    text: str,
    sent: Sentence,
    quotes: list[Quote],
    skip: tuple[tuple[int, int], ...],
    cache: AttributionCache | None = None,
) -> tuple[Attribution, ...]:
    # Only cues inside the sentence change its attributions, so outlet_chain (no cues) and
    # find_attributions (the quotes' cues) share one result for most sentences.
    cues = index_of(skip, tuple, "pairs")  # indexed: each cue is its own (start, end)
    inside = tuple(skip[i] for i in cues.overlapping(sent.start, sent.end))
    key = (sent.index, inside)
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = tuple(attributions_in(text, sent, quotes, skip=inside))
        if cache is not None:
            cache[key] = found
    return found


def speaker_for(
    position: int,
    quotes: Sequence[Quote],
    attributions: Sequence[Attribution],
    *,
    include_outlets: bool = False,
) -> Attribution | None:
    """The attribution whose claim covers ``position``: inside a quote, the quote's speaker;
    else the innermost reported-speech claim. Outlets are ``reported_by``, not claimers, so
    they count only with ``include_outlets``.

    >>> from dyads.nlp.sentences import split_sentences
    >>> t = 'The G7 said Iran supplies drones to Russia.'
    >>> quotes = find_quotes(t)
    >>> a = speaker_for(t.index("supplies"), quotes, find_attributions(t, split_sentences(t)))
    >>> a.speaker(t), a.cue
    ('The G7', 'said')
    """
    # The same answers as a scan of every quote and attribution, from indexes of them (a scan
    # per event made long articles quadratic: nlp/spanindex.py).
    quote = first_covering(quotes, position)
    if quote is not None:
        claims = index_of(attributions, _quote_content, "quote-content")
        owner = min((i for _s, _e, i in claims.covering(quote.start)), default=None)
        if owner is not None:
            return attributions[owner]
    reports = index_of(attributions, _reported_content, "reported-content")
    best: tuple[int, int] | None = None  # (length, position in attributions)
    for start, end, i in reports.covering(position):
        if best is not None and position - start >= best[0]:
            break  # every span starting further back is longer than the best
        if attributions[i].kind == "outlet" and not include_outlets:
            continue
        best = min(best or (end - start, i), (end - start, i))
    return None if best is None else attributions[best[1]]


# Spans no query can cover, for the attributions an index leaves out.
_NOWHERE = (-1, -1)


def _quote_content(a: Attribution) -> tuple[int, int]:
    return (a.content_start, a.content_end) if a.kind == "quote" else _NOWHERE


def _reported_content(a: Attribution) -> tuple[int, int]:
    return (a.content_start, a.content_end) if a.kind != "quote" else _NOWHERE
