"""Near-duplicate detection: a rewritten wire story joins its original's story."""

from __future__ import annotations

from dyads.ingest.dedup import StoryIndex, from_bytes, signature, similarity, to_bytes

WIRE = (
    "BRUSSELS - European Union foreign ministers agreed on Monday to extend sanctions against "
    "Russia for another six months, diplomats said, after Hungary dropped its objections. "
    "The measures, first imposed in 2014, target the energy, banking and defence sectors. "
    "Ministers also discussed further military aid for Ukraine and a new training mission, "
    "but no decision was taken, according to two officials familiar with the talks. "
    "The decision will be formally adopted by written procedure later this week."
)
# The same wire copy as a paper runs it: new lead, a trimmed sentence, a byline, a tail.
REWRITE = (
    "By Maria Jansen. European Union foreign ministers agreed on Monday to extend sanctions "
    "against Russia for another six months, diplomats said, after Hungary dropped its "
    "objections. The measures, first imposed in 2014, target the energy, banking and defence "
    "sectors. Ministers also discussed further military aid for Ukraine and a new training "
    "mission, but no decision was taken, according to two officials familiar with the talks. "
    "Our correspondent adds that the mood in the room was tense."
)
OTHER = (
    "WASHINGTON - The United States announced new sanctions against Russian banks on Monday, "
    "the Treasury said, in a move coordinated with allies in Europe and Asia. Officials said "
    "the measures target financial institutions that help Moscow evade existing restrictions "
    "on its energy and defence sectors, and more designations are expected next month."
)


def test_a_rewrite_joins_the_wire_story_and_another_story_does_not() -> None:
    index = StoryIndex()
    assert index.assign("wire", WIRE)[0] == "wire"
    assert index.assign("rewrite", REWRITE)[0] == "wire"
    assert index.assign("other", OTHER)[0] == "other"
    assert index.assign("rewrite-of-rewrite", REWRITE + " More to follow.")[0] == "wire"


def test_signatures_survive_storage_and_rebuild_the_index() -> None:
    first = StoryIndex()
    _, data = first.assign("wire", WIRE)
    assert similarity(from_bytes(data), signature(WIRE)) == 1.0
    assert 0.5 < similarity(signature(WIRE), signature(REWRITE)) < 0.9
    assert similarity(signature(WIRE), signature(OTHER)) < 0.2
    assert to_bytes(from_bytes(data)) == data
    second = StoryIndex()
    second.load([("wire", "wire", data)])
    assert second.assign("rewrite", REWRITE)[0] == "wire"


def test_assigning_twice_gives_the_same_story() -> None:
    index = StoryIndex()
    index.assign("wire", WIRE)
    index.assign("rewrite", REWRITE)
    assert index.assign("rewrite", REWRITE)[0] == "wire"
    assert len(index) == 2


def test_the_index_keeps_a_bounded_window_of_recent_articles() -> None:
    index = StoryIndex(window=3)
    wire = "Talks between the two delegations resumed in the capital after a long pause today."
    first, _ = index.assign("a1", wire)
    for n in range(2, 6):  # four unrelated articles push the wire story out of the window
        index.assign(f"a{n}", f"Unrelated report number {n} about harvests and weather {n * 7}.")
    assert len(index) == 3
    assert "a1" not in index.stories
    assert sum(len(bucket) for band in index.buckets for bucket in band.values()) == 3 * 32
    late_copy, _ = index.assign("a6", wire + " Officials said.")
    assert late_copy == "a6" != first  # too late to be matched, by design
