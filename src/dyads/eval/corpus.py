"""The annotated news corpus: annotations in the project, texts joined from ``../shared``.

An annotation file (``data/corpus/news.jsonl``, and the two passes beside it) holds one JSON
object per item: ``set`` (``bench`` or ``re3d``), ``item``, ``sha1`` of the item's normalised
text, ``split`` and ``events``; re3d items add ``doc``, ``subset``, ``start`` and ``end`` (the
sentence's offsets in the normalised document). The format is docs/codebook.md's and
src/dyads/data/corpus/README.md's. No text is stored: :func:`join_texts` reads the bench
sentences and the re3d documents at run time, normalises them as Dyads does and checks each
item's hash, so that an edited or missing text is skipped and counted, never scored against
annotations made for other words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dyads.eval.readers as readers
from dyads.errors import InputError
from dyads.eval.codes import normalise_code
from dyads.ingest.normalise import make_article
from dyads.model import PLOVER_TYPES

CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "corpus"
CORPUS_FILE = CORPUS_DIR / "news.jsonl"
PASS_FILES = (CORPUS_DIR / "pass-a.jsonl", CORPUS_DIR / "pass-b.jsonl")
BENCH_FILE = Path("..") / "bench" / "news-sentences.jsonl"  # relative to the eval folder
SETS = ("bench", "re3d")
SPLITS = ("dev", "test")
FLAGS = ("hedged", "negated", "hypothetical")


@dataclass(frozen=True, slots=True)
class Party:
    id: str | None
    code: str  # normalised as the other gold sets' codes are ("" when unknown)
    sector: str | None


@dataclass(frozen=True, slots=True)
class CorpusEvent:
    type: str
    source: tuple[Party, ...]
    target: tuple[Party, ...]
    trigger: tuple[int, int] | None  # offsets in the item's text
    hedged: bool = False
    negated: bool = False
    hypothetical: bool = False
    mode: str | None = None
    claimant: Any = None
    record: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def source_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.source if p.code)

    @property
    def target_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.target if p.code)


@dataclass(slots=True)
class CorpusItem:
    set: str
    item: str
    sha1: str
    split: str
    events: list[CorpusEvent]
    doc: str | None = None
    subset: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None  # joined by join_texts

    @property
    def key(self) -> tuple[str, str]:
        return (self.set, self.item)


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _parties(value: Any, where: str) -> tuple[Party, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(where, "source/target must be a list of actors")
    parties = []
    for actor in value:
        if not isinstance(actor, dict):
            raise InputError(where, "an actor must be an object with id, code, sector")
        parties.append(
            Party(
                id=actor.get("id"),
                code=normalise_code(actor.get("code")),
                sector=actor.get("sector"),
            )
        )
    return tuple(parties)


def _event(record: Any, where: str) -> CorpusEvent:
    if not isinstance(record, dict):
        raise InputError(where, "an event must be a JSON object")
    event_type = str(record.get("type") or "").upper()
    if event_type not in PLOVER_TYPES:
        raise InputError(where, f"unknown event type {record.get('type')!r}")
    trigger = record.get("trigger")
    span: tuple[int, int] | None = None
    if trigger is not None:
        if not (isinstance(trigger, list) and len(trigger) == 2 and trigger[0] <= trigger[1]):
            raise InputError(where, f"trigger must be [start, end], got {trigger!r}")
        span = (int(trigger[0]), int(trigger[1]))
    return CorpusEvent(
        type=event_type,
        source=_parties(record.get("source"), where),
        target=_parties(record.get("target"), where),
        trigger=span,
        hedged=bool(record.get("hedged")),
        negated=bool(record.get("negated")),
        hypothetical=bool(record.get("hypothetical")),
        mode=record.get("mode"),
        claimant=record.get("claimant"),
        record=record,
    )


def parse_item(record: Any, where: str) -> CorpusItem:
    if not isinstance(record, dict):
        raise InputError(where, "expected a JSON object")
    for key in ("set", "item", "sha1", "split"):
        if not isinstance(record.get(key), str) or not record[key]:
            raise InputError(where, f"missing or empty {key!r}")
    if record["set"] not in SETS:
        raise InputError(where, f"unknown set {record['set']!r}; expected one of {SETS}")
    if record["split"] not in SPLITS:
        raise InputError(where, f"unknown split {record['split']!r}; expected dev or test")
    events = record.get("events")
    if not isinstance(events, list):
        raise InputError(where, "'events' must be a list")
    item = CorpusItem(
        set=record["set"],
        item=record["item"],
        sha1=record["sha1"].lower(),
        split=record["split"],
        events=[_event(event, f"{where} event {k}") for k, event in enumerate(events)],
    )
    if item.set == "re3d":
        for key in ("doc", "subset"):
            if not isinstance(record.get(key), str):
                raise InputError(where, f"re3d item without {key!r}")
        for key in ("start", "end"):
            if not isinstance(record.get(key), int):
                raise InputError(where, f"re3d item without integer {key!r}")
        item.doc, item.subset = record["doc"], record["subset"]
        item.start, item.end = record["start"], record["end"]
    return item


def read_corpus(path: str | Path) -> list[CorpusItem]:
    """Every item of an annotation file; a bad line stops with its file and line number
    (annotations are ours: a broken line is a bug to fix, not input to skip)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as err:
        raise InputError(str(path), f"cannot read the annotated corpus: {err}") from err
    items: list[CorpusItem] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except ValueError as err:
            raise InputError(where, f"invalid JSON: {err}") from err
        item = parse_item(record, where)
        if item.key in seen:
            raise InputError(where, f"item {item.set}/{item.item} appears twice")
        seen.add(item.key)
        items.append(item)
    return items


# -- joining the texts ----------------------------------------------------------------------


@dataclass(slots=True)
class JoinResult:
    """Items whose text was found and hashes as annotated, and what was left out."""

    items: list[CorpusItem]
    missing: list[tuple[str, str]] = field(default_factory=list)  # no text found
    changed: list[tuple[str, str]] = field(default_factory=list)  # text found, other hash
    documents: dict[str, str] = field(default_factory=dict)  # re3d doc id -> normalised text

    def summary(self) -> str:
        """One line for the user; empty when every text was joined."""
        if not self.missing and not self.changed:
            return ""
        return (
            f"{len(self.missing)} corpus item(s) have no text and {len(self.changed)} a "
            f"changed text (SHA-1 differs); {len(self.missing) + len(self.changed)} skipped"
        )


def _bench_texts(path: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    if not path.is_file():
        return texts
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a broken bench line leaves its item "missing", reported below
        if isinstance(record, dict) and "id" in record and isinstance(record.get("text"), str):
            texts[str(record["id"])] = record["text"]
    return texts


def _re3d_documents(folder: Path, wanted: set[tuple[str, str]]) -> dict[str, str]:
    """Normalised text of each wanted (subset, doc id) present under ``folder``."""
    documents: dict[str, str] = {}
    for subset in sorted({s for s, _ in wanted}):
        path = folder / subset / "documents.json"
        if not path.is_file():
            continue
        try:
            records = list(readers._json_objects(path))
        except (OSError, ValueError, InputError):
            continue
        for record in records:
            doc_id = str(record.get("_id"))
            if (subset, doc_id) in wanted:
                documents[doc_id] = make_article(str(record.get("text") or "")).text
    return documents


def join_texts(
    items: Sequence[CorpusItem], eval_root: Path, bench_file: Path | None = None
) -> JoinResult:
    """Attach each item's normalised text; items with no text or another hash are left out."""
    bench_path = bench_file if bench_file is not None else eval_root / BENCH_FILE
    bench = _bench_texts(bench_path) if any(i.set == "bench" for i in items) else {}
    wanted = {(i.subset or "", i.doc or "") for i in items if i.set == "re3d"}
    documents = _re3d_documents(eval_root / readers.RE3D_DIR, wanted) if wanted else {}
    result = JoinResult(items=[], documents=documents)
    for item in items:
        text: str | None = None
        if item.set == "bench" and item.item in bench:
            text = make_article(bench[item.item]).text
        elif item.set == "re3d" and item.doc in documents:
            document = documents[item.doc]
            assert item.start is not None and item.end is not None
            if 0 <= item.start <= item.end <= len(document):
                text = document[item.start : item.end]
            else:
                result.changed.append(item.key)
                continue
        if text is None:
            result.missing.append(item.key)
        elif sha1_hex(text) != item.sha1:
            result.changed.append(item.key)
        else:
            item.text = text
            result.items.append(item)
    return result


def select_split(items: Iterable[CorpusItem], split: str) -> list[CorpusItem]:
    return [item for item in items if split == "all" or item.split == split]
