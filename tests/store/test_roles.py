"""The one role table: each role is an Event field, and the writer stores exactly those."""

from __future__ import annotations

import dataclasses

from dyads.model import Event
from dyads.store import SQLStore
from dyads.store.rows import BatchItem
from dyads.store.schema import DYAD_ROLES, DYAD_ROLES_SQL, ROLES

from .conftest import DocMaker


def test_every_role_is_an_event_field() -> None:
    fields = {f.name for f in dataclasses.fields(Event)}
    assert set(ROLES) <= fields
    assert DYAD_ROLES == ("source", "target")
    assert DYAD_ROLES_SQL == "('source', 'target')"


def test_the_writer_stores_each_role_of_an_event(store: SQLStore, doc_maker: DocMaker) -> None:
    doc = doc_maker(
        "France condemned Russia, Ukraine said.",
        events=[{"type": "ACCUSE", "trigger": "condemned", "source": "FRA", "target": "RUS"}],
    )
    speaker = next(m for m in doc.actors if m.actor.id == "UKR")
    event = dataclasses.replace(doc.events[0], claimed_by=speaker)
    store.write_batch(
        [BatchItem(dataclasses.replace(doc, events=[event]))],
        extractor="rules/1",
        data_version="test=1",
    )
    rows = store.fetch("SELECT role, actor_id FROM event_actors ORDER BY role")
    assert [tuple(r) for r in rows] == [("claimed_by", "UKR"), ("source", "FRA"), ("target", "RUS")]
