"""Readers for the gold sets that `dyads eval` scores against.

Each reader turns one published format into small typed records and nothing more: scoring
lives in ``scorers.py``. Files may start with a UTF-8 byte order mark; every reader accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.eval.codes import normalise_code

# PLOVER renamed a few event types after the gold records were coded.
OLD_PLOVER_TYPES: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
}

PLOVER_FILE = Path("plover-gsr/gold_standard_records/PLOVER_GSR_CAMEO.txt")
CONFLIBERT_CLASS_FILE = Path("conflibert-train/data/cameo_class/train.tsv")
CONFLIBERT_NER_FILE = Path("conflibert-train/data/cameo_ner/train.txt")
RE3D_DIR = Path("re3d")


# -- PLOVER gold standard records ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    source: tuple[str, ...]  # actor codes, already mapped to what Dyads emits
    target: tuple[str, ...]


@dataclass(slots=True)
class GoldSentence:
    """One sentence with every gold event coded from it (records sharing a text merge)."""

    text: str
    events: list[GoldEvent] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def _codes(value: Any) -> tuple[str, ...]:
    # Some records hold a string ("" or a stray word) where a list of actors belongs:
    # those have no actor in that role.
    if not isinstance(value, list):
        return ()
    codes = (normalise_code(actor.get("code")) for actor in value if isinstance(actor, dict))
    return tuple(code for code in codes if code)


def read_plover(path: Path) -> list[GoldSentence]:
    try:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as err:
        raise InputError(str(path), f"cannot read PLOVER gold records: {err}") from err
    if not isinstance(records, list):
        raise InputError(str(path), "expected a JSON array of records")
    by_text: dict[str, GoldSentence] = {}
    for record in records:
        text = (record.get("text") or "").strip()
        event_type = str(record.get("event") or "").upper()
        if not text or not event_type or event_type == "DOCUMENT":
            continue
        sentence = by_text.setdefault(text, GoldSentence(text=text))
        sentence.ids.append(str(record.get("id", "")))
        sentence.events.append(
            GoldEvent(
                type=OLD_PLOVER_TYPES.get(event_type, event_type),
                source=_codes(record.get("source")),
                target=_codes(record.get("target")),
            )
        )
    return list(by_text.values())


# -- ConfliBERT CAMEO classes and actor spans ----------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassSentence:
    text: str
    label: int  # 0 statement, 1..4 PLOVER/CAMEO quad class


def read_conflibert_classes(path: Path) -> list[ClassSentence]:
    sentences: list[ClassSentence] = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        text, sep, label = line.rstrip("\n").rpartition("\t")
        if not sep or not label.strip().isdigit():
            raise InputError(f"{path}:{number}", "expected 'sentence<TAB>label'")
        sentences.append(ClassSentence(text=text.strip(), label=int(label)))
    return sentences


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    role: str  # S source, T target, R reciprocal (either)
    first: int  # token indexes, inclusive
    last: int


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """Tokens joined by single spaces; ``offsets[i]`` is token i's ``(start, end)`` in text."""

    text: str
    tokens: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    spans: tuple[TaggedSpan, ...]


def _bio_spans(tags: list[str]) -> tuple[TaggedSpan, ...]:
    spans: list[TaggedSpan] = []
    role: str | None = None
    first = 0
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        # A stray I- after O or after another role starts a new span, as conlleval does.
        continues = prefix == "I" and role == kind
        if role is not None and not continues:
            spans.append(TaggedSpan(role=role, first=first, last=index - 1))
            role = None
        if prefix in {"B", "I"} and not continues:
            role, first = kind, index
    return tuple(spans)


def _tagged(tokens: list[str], tags: list[str]) -> TaggedSentence:
    offsets: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return TaggedSentence(
        text=" ".join(tokens),
        tokens=tuple(tokens),
        offsets=tuple(offsets),
        spans=_bio_spans(tags),
    )


def read_conll_spans(path: Path) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(_lines(path), start=1):
        parts = line.split()
        if not parts:
            if tokens:
                sentences.append(_tagged(tokens, tags))
            tokens, tags = [], []
            continue
        if len(parts) < 2:
            raise InputError(f"{path}:{number}", "expected 'token tag'")
        tokens.append(parts[0])
        tags.append(parts[-1])
    if tokens:
        sentences.append(_tagged(tokens, tags))
    return sentences


# -- re3d ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: str
    begin: int
    end: int
    value: str
    confidence: float


@dataclass(frozen=True, slots=True)
class GoldDocument:
    subset: str
    id: str
    text: str
    entities: tuple[GoldEntity, ...]
    bad_offsets: int  # entities whose offsets do not index their value: dropped


def _json_objects(path: Path) -> Iterator[dict[str, Any]]:
    """mongoexport output: one object per line; a JSON array is accepted as well."""
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("["):
        yield from json.loads(text)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as err:
                raise InputError(f"{path}:{number}", f"invalid JSON: {err}") from err


def read_re3d(folder: Path) -> list[GoldDocument]:
    """Every subset folder of re3d holding documents.json and entities.json."""
    documents: list[GoldDocument] = []
    subsets = sorted(p for p in folder.iterdir() if (p / "documents.json").is_file())
    for subset in subsets:
        entities: dict[str, list[dict[str, Any]]] = {}
        if (subset / "entities.json").is_file():
            for entity in _json_objects(subset / "entities.json"):
                entities.setdefault(str(entity.get("documentId")), []).append(entity)
        for record in _json_objects(subset / "documents.json"):
            doc_id = str(record.get("_id"))
            text = str(record.get("text") or "")
            good: list[GoldEntity] = []
            bad = 0
            for entity in entities.get(doc_id, []):
                begin, end = int(entity["begin"]), int(entity["end"])
                value = str(entity.get("value", ""))
                if text[begin:end] != value:
                    bad += 1
                    continue
                good.append(
                    GoldEntity(
                        type=str(entity.get("type")),
                        begin=begin,
                        end=end,
                        value=value,
                        confidence=float(entity.get("confidence", 0)),
                    )
                )
            documents.append(
                GoldDocument(
                    subset=subset.name, id=doc_id, text=text, entities=tuple(good), bad_offsets=bad
                )
            )
    return documents


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err}") from err
