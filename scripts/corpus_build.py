"""Build the committed corpus files from the annotators' work (docs/codebook.md, section 8).

Annotators write, per item, events whose trigger is the *text* of the trigger (and which
occurrence of it); this script turns them into the committed form, which holds no text: trigger
offsets into the item's normalised text, actors as (id, code, sector), and each item keyed by
set, item id and the SHA-1 of its text. Items where the two passes agree on every scored part
(the multiset of type, source codes, target codes and the three flags) take pass A's events;
the others take the adjudicator's. Only items annotated in both passes enter the gold file.

Run: ``python scripts/corpus_build.py ANNOT_DIR src/dyads/data/corpus`` where ANNOT_DIR holds
``items.jsonl`` (from scripts/corpus_sample.py), ``pass-a/*.jsonl``, ``pass-b/*.jsonl`` and
``adjudicated/*.jsonl`` (the adjudicator's events for the items the passes disagree on).
Prints the items still awaiting adjudication.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ITEM_KEYS = ("set", "item", "sha1", "split", "doc", "subset", "start", "end")


def read_dir(folder: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[record["item"]] = record
    return out


def actor(a: dict[str, Any] | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"id": a.get("id"), "code": a.get("code"), "sector": a.get("sector")}


def offsets(text: str, trigger: str, occurrence: int) -> list[int]:
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(trigger, start + 1)
        if start < 0:
            raise ValueError(f"trigger {trigger!r} (occurrence {occurrence}) not in the text")
    return [start, start + len(trigger)]


def event(text: str, e: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": e["type"],
        "mode": e.get("mode"),
        "source": [actor(a) for a in e.get("source", [])],
        "target": [actor(a) for a in e.get("target", [])],
        "trigger": offsets(text, e["trigger"], int(e.get("trigger_n", 1))),
        "hedged": bool(e.get("hedged")),
        "negated": bool(e.get("negated")),
        "hypothetical": bool(e.get("hypothetical")),
        "claimant": actor(e.get("claimant")),
    }


def key(e: dict[str, Any]) -> tuple[Any, ...]:
    """What the scorer counts: type, the two sides' codes, the flags (unordered pairs kept
    in one order for the two unordered types)."""
    src = tuple(sorted(a["code"] for a in e["source"]))
    tgt = tuple(sorted(a["code"] for a in e["target"]))
    if e["type"] in ("COOPERATE", "CONSULT"):
        src, tgt = tuple(sorted(src + tgt)), ()
    return (e["type"], src, tgt, e["hedged"], e["negated"], e["hypothetical"])


def agree(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    return sorted(map(key, a)) == sorted(map(key, b))


def record(item: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    row = {k: item[k] for k in ITEM_KEYS if k in item}
    row["events"] = events
    return row


def main(annot_dir: str, out_dir: str) -> None:
    root, out = Path(annot_dir), Path(out_dir)
    items = {}
    for line in (root / "items.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        items[item["item"]] = item
    passes = {name: read_dir(root / f"pass-{name}") for name in ("a", "b")}
    adjudicated = read_dir(root / "adjudicated")
    coded: dict[str, dict[str, list[dict[str, Any]]]] = {"a": {}, "b": {}, "gold": {}}
    pending = []
    for item_id, item in items.items():  # items.jsonl order: the corpus's fixed order
        text = item["text"]
        for name in ("a", "b"):
            if item_id in passes[name]:
                coded[name][item_id] = [event(text, e) for e in passes[name][item_id]["events"]]
        if item_id not in coded["a"] or item_id not in coded["b"]:
            continue
        if agree(coded["a"][item_id], coded["b"][item_id]):
            coded["gold"][item_id] = coded["a"][item_id]
        elif item_id in adjudicated:
            coded["gold"][item_id] = [event(text, e) for e in adjudicated[item_id]["events"]]
        else:
            pending.append(item_id)
    out.mkdir(parents=True, exist_ok=True)
    for name, filename in (("a", "pass-a.jsonl"), ("b", "pass-b.jsonl"), ("gold", "news.jsonl")):
        with open(out / filename, "w", encoding="utf-8") as f:
            for item_id, item in items.items():
                if item_id in coded[name]:
                    f.write(json.dumps(record(item, coded[name][item_id])) + "\n")
    both = sum(1 for i in items if i in coded["a"] and i in coded["b"])
    print(f"pass A {len(coded['a'])}, pass B {len(coded['b'])}, both {both}, "
          f"gold {len(coded['gold'])}, awaiting adjudication {len(pending)}")
    if pending:
        (root / "pending.txt").write_text("\n".join(pending) + "\n")
        print(f"pending item ids -> {root / 'pending.txt'}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
