"""Which mention of each story's event the per-story analyses count: ``events.representative``.

The pick is the ``story_events`` view's: the lowest event id of each ``(story_id, dyad_key)``.
A batch that founds a story holds all of it, so its picks are made from the batch alone. A batch
that adds copies to an earlier story needs that story's current picks: a writer that is its
database's only one (a DuckDB file is locked to one process) remembers them for its recent
stories, which are the ones near-duplicate matching can join; other stories (after a restart,
or on PostgreSQL, whose index makes the lookup cheap) are asked of the database. Either way a
batch costs work in proportion to its own stories, not to the size of the store.

Demoting a stored pick is an UPDATE by event id, which scans ``events.id``; a backend that can
skip to recent rows (DuckDB, by ``rowid``) is told the lowest row its demoted events can be in:
each remembered story keeps the row count of the events table when its oldest pick was written.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from dyads.store.rows import Rows
from dyads.store.schema import EVENTS_V1, Connection, in_lists

Picks = dict[str, str]  # dyad_key -> the representative event's id
_DYAD_KEY_AT = len(EVENTS_V1)


class RecentPicks:
    """The picks of the most recently written stories, least recently used dropped first."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._stories: OrderedDict[str, Picks] = OrderedDict()
        self._floors: dict[str, int] = {}

    def get(self, story: str) -> Picks | None:
        return self._stories.get(story)

    def floor(self, story: str) -> int | None:
        """The lowest events row this story's picks can be in; None when not known."""
        return self._floors.get(story)

    def remember(self, picks: dict[str, Picks], floors: dict[str, int] | None = None) -> None:
        for story, firsts in picks.items():
            self._stories[story] = firsts
            self._stories.move_to_end(story)
            floor = (floors or {}).get(story)
            if floor is None:
                self._floors.pop(story, None)
            else:
                self._floors[story] = floor
        while len(self._stories) > self.size:
            story, _ = self._stories.popitem(last=False)
            self._floors.pop(story, None)

    def clear(self) -> None:
        self._stories.clear()
        self._floors.clear()


def stored_picks(store: Connection, stories: Iterable[str]) -> dict[str, Picks]:
    """The current picks of these stories, read from the database."""
    found: dict[str, Picks] = {}
    for chunk, marks in in_lists(stories):
        for story in chunk:
            found[story] = {}
        rows = store.fetch(
            "SELECT a.story_id, e.dyad_key, MIN(e.id) FROM events e"
            f" JOIN articles a ON a.id = e.article_id WHERE a.story_id IN ({marks})"
            " GROUP BY a.story_id, e.dyad_key",
            chunk,
        )
        for story, key, first in rows:
            found[story][key] = first
    return found


@dataclass(slots=True)
class Flagged:
    """What :func:`flag_batch` found besides the batch's own flags."""

    demoted: list[str]  # stored events that stop being representative (a lower id came)
    picks: dict[str, Picks]  # every batch story's picks after the batch
    floors: dict[str, int]  # per story, the lowest events row its picks can be in (if known)
    floor: int | None  # the lowest events row a demoted event can be in; None: any row


def flag_batch(
    store: Connection, rows: Rows, recent: RecentPicks | None, since: int | None = None
) -> Flagged:
    """Set the representative flag of the batch's event rows.

    ``since`` is the events table's row count before this batch (None where a backend has no
    row numbers); the result's ``picks`` and ``floors`` are for :meth:`RecentPicks.remember`.
    """
    story_of = {row[0]: row[1] for row in rows.tables.get("articles", [])}
    events = rows.tables.get("events", [])
    batch: dict[str, Picks] = {story: {} for story in story_of.values()}
    for row in events:
        firsts = batch[story_of[row[0]]]
        key = row[_DYAD_KEY_AT]
        if key not in firsts or row[1] < firsts[key]:
            firsts[key] = row[1]
    earlier: dict[str, Picks] = {}
    earlier_floor: dict[str, int | None] = {}
    unknown = []
    for story in batch:
        if story in story_of:
            continue  # founded by this batch: nothing stored before it
        known = recent.get(story) if recent is not None else None
        if known is None:
            unknown.append(story)
        else:
            earlier[story] = known
            earlier_floor[story] = recent.floor(story) if recent is not None else None
    if unknown:
        earlier.update(stored_picks(store, unknown))
    chosen: set[str] = set()
    result = Flagged([], {}, {}, None)
    floor: int | None = since
    for story, firsts in batch.items():
        merged = dict(earlier.get(story, {}))
        for key, first in firsts.items():
            before = merged.get(key)
            if before is None or first < before:
                chosen.add(first)
                merged[key] = first
                if before is not None:
                    result.demoted.append(before)
                    below = earlier_floor.get(story)
                    floor = None if below is None or floor is None else min(floor, below)
        result.picks[story] = merged
        # Picks kept from before this batch are in rows from the story's earlier floor on.
        story_floor = earlier_floor.get(story) if story in earlier else since
        if story_floor is not None:
            result.floors[story] = story_floor
    rows.tables["events"] = [(*row[:-1], row[1] in chosen) for row in events]
    result.floor = floor if result.demoted else None
    return result
