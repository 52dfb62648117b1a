"""A tiny gold folder in the published formats, with sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BOM = "\ufeff"

PLOVER_RECORDS = [
    {"id": "X-DOCUMENT-1", "event": "DOCUMENT", "eventText": "about this file"},
    {
        "id": "X-FIGHT-1",
        "event": "FIGHT",
        "text": "Russia attacked Ukraine on Monday.",
        "source": [{"actorText": "Russia", "code": "RUS"}],
        "target": [{"actorText": "Ukraine", "code": "UKR"}],
    },
    {
        "id": "X-DEMAND-1",
        "event": "DEMAND",
        "text": "Japan asked Ukraine for calm.",
        "source": [{"actorText": "Japan", "code": "JAP"}],
        "target": [{"actorText": "Ukraine", "code": "UKR"}],
    },
    {
        "id": "X-CONSULT-1",
        "event": "CONSULT",
        "text": "Russia attacked Ukraine on Monday.",
        "source": [{"actorText": "Russia", "code": "RUS"}],
        "target": "",
    },
    {"id": "X-AGREE-1", "event": "AGREE", "source": [{"code": "FRA"}]},
]

CLASS_LINES = [
    "France praised Germany for its help.\t1",
    "The weather was mild in Paris.\t0",
    "Russian troops shelled a town in Ukraine.\t4",
]

CONLL = """\
Russian B-S
troops I-S
shelled O
Ukrainian B-T
positions I-T
. O

France B-R
and O
Germany B-R
held O
talks I-R
. O
"""

RE3D_TEXT = (
    "  The  Iraqi army met NATO officials in Basra.\u00a0Baghdad welcomed the talks in Syria."
)


def _entity(begin: int, end: int, etype: str, confidence: float = 1) -> dict[str, object]:
    return {
        "_id": f"D1-{begin}-{end}-{etype}",
        "documentId": "D1",
        "begin": begin,
        "end": end,
        "type": etype,
        "value": RE3D_TEXT[begin:end],
        "confidence": confidence,
    }


def _span(word: str) -> tuple[int, int]:
    begin = RE3D_TEXT.index(word)
    return begin, begin + len(word)


def write_gold(root: Path) -> Path:
    plover = root / "plover-gsr" / "gold_standard_records"
    plover.mkdir(parents=True)
    (plover / "PLOVER_GSR_CAMEO.txt").write_text(
        BOM + json.dumps(PLOVER_RECORDS, indent=1), encoding="utf-8"
    )
    data = root / "conflibert-train" / "data"
    (data / "cameo_class").mkdir(parents=True)
    (data / "cameo_class" / "train.tsv").write_text("\n".join(CLASS_LINES) + "\n")
    (data / "cameo_ner").mkdir(parents=True)
    (data / "cameo_ner" / "train.txt").write_text(CONLL)
    subset = root / "re3d" / "Test Source"
    subset.mkdir(parents=True)
    document = {"_id": "D1", "title": "t", "text": RE3D_TEXT, "sourceName": "test"}
    (subset / "documents.json").write_text(BOM + json.dumps(document) + "\n", encoding="utf-8")
    entities = [
        _entity(*_span("The  Iraqi army"), "Organisation"),
        _entity(*_span("NATO"), "Organisation"),
        _entity(*_span("NATO officials"), "Person", confidence=0.2),
        _entity(*_span("Basra"), "Location"),
        _entity(*_span("Baghdad"), "Location"),
        _entity(*_span("Syria"), "Location"),
        {**_entity(*_span("army"), "Organisation"), "value": "navy"},  # offsets do not fit
    ]
    (subset / "entities.json").write_text(
        BOM + "\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    return write_gold(tmp_path / "eval")
