"""The span index answers exactly as a scan would, without scanning (review round 2, item 3:
`quotes.speaker_for` compared every event with every attribution)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dyads.nlp.quotes import Attribution, Quote, speaker_for
from dyads.nlp.spanindex import first_covering, overlapping


class Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


class Counted(Sequence[Any]):
    """A sequence that counts how many of its items were read."""

    def __init__(self, items: list[Any]) -> None:
        self.items, self.reads = items, 0

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: Any) -> Any:
        self.reads += 1
        return self.items[i]

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.reads += 1
            yield item


spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda p: Span(p[0], p[0] + p[1])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(-5, 260), st.integers(0, 30))
def test_the_index_answers_as_a_scan(items: list[Span], at: int, width: int) -> None:
    scan = [s for s in items if s.start < at + width and at < s.end]
    assert overlapping(items, at, at + width) == scan
    covering = [s for s in items if s.start <= at < s.end]
    assert first_covering(items, at) is (covering[0] if covering else None)


def attribution(start: int, end: int, kind: str, n: int) -> Attribution:
    return Attribution(n, start, start + 3, "said", start + 4, start + 8, start, end, kind)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 300), st.integers(1, 60)), max_size=12),
    st.lists(
        st.tuples(
            st.integers(0, 300),
            st.integers(1, 90),
            st.sampled_from(["quote", "reported", "outlet"]),
        ),
        max_size=25,
    ),
    st.integers(0, 400),
    st.booleans(),
)
def test_speaker_for_answers_as_the_scan_it_replaced(
    quote_spans: list[tuple[int, int]],
    claims: list[tuple[int, int, str]],
    position: int,
    outlets: bool,
) -> None:
    quotes = [Quote(s, s + n, s - 1, s + n) for s, n in quote_spans]
    attributions = [attribution(s, s + n, kind, i) for i, (s, n, kind) in enumerate(claims)]
    expected = _scan_speaker(position, quotes, attributions, outlets)
    assert speaker_for(position, quotes, attributions, include_outlets=outlets) is expected


def _scan_speaker(
    position: int, quotes: list[Quote], attributions: list[Attribution], outlets: bool
) -> Attribution | None:
    """The former speaker_for, a scan of everything (kept here as the reference)."""
    for quote in quotes:
        if quote.start <= position < quote.end:
            for a in attributions:
                if a.kind == "quote" and a.content_start <= quote.start < a.content_end:
                    return a
            break
    best = None
    for a in attributions:
        if a.kind == "outlet" and not outlets:
            continue
        if a.kind == "quote" or not a.content_start <= position < a.content_end:
            continue
        if best is None or a.content_end - a.content_start < best.content_end - best.content_start:
            best = a
    return best


def test_speaker_for_reads_each_attribution_a_bounded_number_of_times() -> None:
    """One question per event of a long article: 20,000 attributions and 2,000 questions
    (a scan reads 40,000,000 items; the index reads each a few times)."""
    n = 20_000
    attributions = Counted([attribution(100 * i, 100 * i + 80, "reported", i) for i in range(n)])
    quotes = Counted(
        [Quote(100 * i + 10, 100 * i + 30, 100 * i + 9, 100 * i + 30) for i in range(n)]
    )
    for k in range(2000):
        found = speaker_for(1000 * k + 50, quotes, attributions)
        assert found is not None and found.content_start == 1000 * k
    assert attributions.reads + quotes.reads < 10 * n, (attributions.reads, quotes.reads)
