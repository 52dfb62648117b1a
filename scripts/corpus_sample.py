"""Draw the items of the annotated news corpus (docs/codebook.md), reproducibly.

The corpus keeps no text: each item is a set name, an item id and the SHA-1 of the item's text
after Dyads' normalisation (`make_article(raw).text`), the text every Dyads offset points into.
This script draws the items from the texts under ``../shared`` with a fixed seed and writes,
outside the project, the files the annotators read (they hold the texts, which are not ours to
ship). Run: ``python scripts/corpus_sample.py ../shared OUTDIR``.

- bench: 2,000 sentences drawn uniformly from ``bench/news-sentences.jsonl``, not filtered
  for events, so that many hold none.
- re3d: 40 whole documents drawn uniformly from the re3d documents of at most 40 sentences
  (the longest BBC features run to 66; a cap keeps one feature from outweighing the rest);
  every sentence of each, as Dyads splits them.
- split: 40 % test, 60 % dev, by item for bench and by document for re3d, from a hash of the
  seed and the id, so adding items never moves an old one.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

from dyads.ingest.normalise import make_article
from dyads.nlp.sentences import split_sentences

SEED = 20261203
BENCH_ITEMS = 2000
RE3D_DOCS = 40
RE3D_MAX_SENTENCES = 40
TEST_SHARE = 0.4


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split_of(key: str) -> str:
    digest = hashlib.sha256(f"{SEED}:{key}".encode()).digest()
    return "test" if int.from_bytes(digest[:4], "big") / 2**32 < TEST_SHARE else "dev"


def bench_items(shared: Path) -> list[dict]:
    rows = [json.loads(line) for line in open(shared / "bench/news-sentences.jsonl")]
    picked = random.Random(SEED).sample(rows, BENCH_ITEMS)
    out = []
    for row in sorted(picked, key=lambda r: r["id"]):
        text = make_article(row["text"]).text
        out.append({"set": "bench", "item": row["id"], "sha1": sha1(text),
                    "split": split_of(row["id"]), "text": text})
    return out


def re3d_items(shared: Path) -> list[dict]:
    docs = []
    for path in sorted((shared / "eval/re3d").glob("*/documents.json")):
        for line in open(path, encoding="utf-8-sig"):
            if line.strip():
                raw = json.loads(line)
                text = make_article(raw["text"]).text
                sentences = split_sentences(text)
                if len(sentences) <= RE3D_MAX_SENTENCES:
                    docs.append((path.parent.name, raw["_id"], text, sentences))
    docs.sort(key=lambda d: d[1])
    picked = random.Random(SEED).sample(docs, RE3D_DOCS)
    out = []
    for subset, doc_id, text, sentences in sorted(picked, key=lambda d: d[1]):
        for s in sentences:
            piece = text[s.start : s.end]
            out.append({"set": "re3d", "item": f"{doc_id}#{s.index}", "doc": doc_id,
                        "subset": subset, "start": s.start, "end": s.end, "sha1": sha1(piece),
                        "split": split_of(doc_id), "text": piece})
    return out


def main(shared: str, outdir: str) -> None:
    items = bench_items(Path(shared)) + re3d_items(Path(shared))
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "items.jsonl", "w") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(items)} items -> {out / 'items.jsonl'}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
