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


def test_signature_equals_the_plain_minhash_it_speeds_up() -> None:
    """Stored signatures must stay comparable: the in-place form gives the plain one's values."""
    import zlib

    import numpy as np

    from dyads.ingest import dedup

    def plain(text: str) -> np.ndarray:
        words = dedup._WORD.findall(text.lower())
        grams = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)} or (
            {" ".join(words)} if words else set()
        )
        if not grams:
            return np.full(dedup.NUM_PERM, int(dedup._PRIME), dtype=np.uint32)
        hashes = np.array([zlib.crc32(g.encode("utf-8")) for g in grams], dtype=np.uint64)
        return (
            ((np.outer(hashes, dedup._A) + dedup._B) % dedup._PRIME).min(axis=0).astype(np.uint32)
        )

    texts = [
        "",
        "Kyiv",
        "Two words",
        "The ministers met in Rome on Tuesday and agreed to meet again in the spring.",
        "ÜBER die Straße: İstanbul, ſome odd letters, and the same words the same words.",
    ]
    for text in texts:
        assert (dedup.signature(text) == plain(text)).all(), text
