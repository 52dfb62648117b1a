"""Highlighting cost is linear in the marks (review round 2, item 3: an article page with
15,000 mentions took about three minutes)."""

from __future__ import annotations

from typing import ClassVar

from dyads.web.highlight import Mark, segments


class CountingMark(Mark):
    """A mark that counts how often its bounds are read."""

    __slots__ = ()
    reads: ClassVar[list[int]] = [0]

    def __getattribute__(self, name: str) -> object:
        if name in ("start", "end"):
            CountingMark.reads[0] += 1
        return object.__getattribute__(self, name)


def test_segments_read_each_mark_a_bounded_number_of_times() -> None:
    n = 3000
    text = "Russia " * n
    marks = [CountingMark(7 * i, 7 * i + 6, "actor") for i in range(n)]
    marks.append(CountingMark(0, len(text), "evidence"))
    CountingMark.reads[0] = 0
    out = segments(text, marks)
    assert CountingMark.reads[0] < 20 * len(marks), CountingMark.reads[0]
    assert "".join(s.text for s in out) == text
    assert sum(1 for s in out if s.css == "evidence actor") == n
    assert out[0].anchor and not any(s.anchor for s in out[1:])


def test_segments_combine_overlapping_marks_as_before() -> None:
    text = "The G7 condemned Russia on Monday."
    marks = [
        Mark(0, len(text), "evidence"),
        Mark(4, 6, "actor"),
        Mark(4, 6, "actor-role"),
        Mark(7, 16, "trigger"),
        Mark(17, 23, "actor"),
        Mark(20, 40, "other-trigger"),  # past the text: left out
        Mark(2, 2, "actor"),  # empty: left out
    ]
    got = [(s.text, s.css, s.anchor) for s in segments(text, marks)]
    assert got == [
        ("The ", "evidence", True),
        ("G7", "evidence actor actor-role", False),
        (" ", "evidence", False),
        ("condemned", "evidence trigger", False),
        (" ", "evidence", False),
        ("Russia", "evidence actor", False),
        (" on Monday.", "evidence", False),
    ]
