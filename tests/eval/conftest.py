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


# -- the annotated news corpus: bench sentences, one re3d document, annotations -------------

BENCH_SENTENCES = {
    "t-001": "Russian troops  shelled a town in eastern Ukraine on Monday.",
    "t-002": "The weather stayed mild in Lisbon over the weekend.",
    "t-003": "France and Germany held talks in Berlin on trade.",
    "t-004": "Japan may send aid to the Philippines after the storm.",
    "t-005": "Local bakeries raised bread prices by ten percent.",
    "t-006": "Portugal praised Spain for its help with the fires.",
    # Ellipsis: the act is coded from the story, which a sentence coded alone cannot see.
    "t-007": "They did so again on Tuesday.",
    "t-008": "They did it once more a day later.",
}
CORPUS_DOC = (
    "KYIV, March 3 (Reuters) - Russian forces attacked Ukrainian positions near Kharkiv.\u00a0"
    "The bakery opened a new shop.  China urged both sides to show restraint."
)
CORPUS_SUBSET = "Test Desk"


def party(code: str, sector: str | None = None) -> dict[str, object]:
    return {"id": code, "code": code, "sector": sector}


def annotated(
    text: str, event_type: str, trigger: str, source: list[str], target: list[str], **flags: bool
) -> dict[str, object]:
    begin = text.index(trigger)
    return {
        "type": event_type,
        "mode": None,
        "source": [party(c) for c in source],
        "target": [party(c) for c in target],
        "trigger": [begin, begin + len(trigger)],
        "hedged": flags.get("hedged", False),
        "negated": flags.get("negated", False),
        "hypothetical": flags.get("hypothetical", False),
        "claimant": None,
    }


def corpus_lines() -> list[dict[str, object]]:
    """Annotations of the texts above, hashed and split as the real corpus is."""
    from dyads.eval.corpus import sha1_hex
    from dyads.ingest.normalise import make_article
    from dyads.nlp.sentences import split_sentences

    bench = {key: make_article(text).text for key, text in BENCH_SENTENCES.items()}
    gold: dict[str, tuple[str, list[dict[str, object]]]] = {
        "t-001": ("dev", [annotated(bench["t-001"], "ASSAULT", "shelled", ["RUS"], ["UKR"])]),
        "t-002": ("dev", []),
        "t-003": ("dev", [annotated(bench["t-003"], "CONSULT", "talks", ["FRA", "DEU"], [])]),
        "t-004": (
            "test",
            [annotated(bench["t-004"], "AID", "send aid", ["JPN"], ["PHL"], hypothetical=True)],
        ),
        "t-005": ("test", []),
        "t-007": ("dev", [annotated(bench["t-007"], "ASSAULT", "did so", ["RUS"], ["UKR"])]),
        "t-008": ("test", [annotated(bench["t-008"], "ASSAULT", "did it", ["RUS"], ["UKR"])]),
    }
    lines: list[dict[str, object]] = [
        {"set": "bench", "item": key, "sha1": sha1_hex(bench[key]), "split": split, "events": ev}
        for key, (split, ev) in gold.items()
    ]
    # t-006 was annotated on other words (its text changed since); t-999 has no text at all.
    lines.append({"set": "bench", "item": "t-006", "sha1": "0" * 40, "split": "dev", "events": []})
    lines.append({"set": "bench", "item": "t-999", "sha1": "1" * 40, "split": "dev", "events": []})
    document = make_article(CORPUS_DOC).text
    doc_gold = [
        [annotated("", "ASSAULT", "", ["RUS"], ["UKR"])],
        [],
        [annotated("", "REQUEST", "", ["CHN"], [])],
    ]
    triggers = ["attacked", None, "urged"]
    for k, sentence in enumerate(split_sentences(document)):
        text = document[sentence.start : sentence.end]
        events = doc_gold[k]
        for event in events:
            word = triggers[k]
            assert word is not None
            begin = text.index(word)
            event["trigger"] = [begin, begin + len(word)]
        lines.append(
            {
                "set": "re3d",
                "item": f"DOC-1#{k}",
                "sha1": sha1_hex(text),
                "split": "test",
                "doc": "DOC-1",
                "subset": CORPUS_SUBSET,
                "start": sentence.start,
                "end": sentence.end,
                "events": events,
            }
        )
    return lines


def write_corpus(shared: Path) -> tuple[Path, Path]:
    """A folder laid out like ../shared (eval/re3d, bench) and a corpus file; returns both."""
    eval_root = shared / "eval"
    subset = eval_root / "re3d" / CORPUS_SUBSET
    subset.mkdir(parents=True)
    record = {"_id": "DOC-1", "title": "t", "text": CORPUS_DOC, "sourceName": "test"}
    (subset / "documents.json").write_text(BOM + json.dumps(record) + "\n", encoding="utf-8")
    (shared / "bench").mkdir()
    bench_lines = [
        json.dumps({"id": key, "text": text, "collection": "test"})
        for key, text in BENCH_SENTENCES.items()
    ]
    (shared / "bench" / "news-sentences.jsonl").write_text("\n".join(bench_lines) + "\n")
    corpus = shared / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(line) for line in corpus_lines()) + "\n")
    return eval_root, corpus


@pytest.fixture
def news_corpus(tmp_path: Path) -> tuple[Path, Path]:
    return write_corpus(tmp_path / "shared")
