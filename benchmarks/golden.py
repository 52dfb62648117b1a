"""Compare `dyads extract` output (and each event's rule trace) with a golden file.

The golden is made before a refactoring and kept outside the checkout (it holds bench text,
which is never committed): ``python benchmarks/golden.py write IN.jsonl GOLDEN`` writes it,
``python benchmarks/golden.py check IN.jsonl GOLDEN`` says whether today's output is the same
byte for byte and, if not, how many records differ and in which fields. Each record is the
event as ``dyads extract`` prints it plus its ``rules`` (what ``dyads explain`` shows).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from dyads.cli.extract import extract_paths
from dyads.errors import InputError

PUBLISHED = "2024-06-15"  # fixed, so that dates resolve the same on any day


def lines(source: str) -> list[str]:
    out: list[str] = []
    for item in extract_paths([source], published=PUBLISHED):
        if isinstance(item, InputError):
            out.append(json.dumps({"error": str(item)}))
            continue
        text = item.article.text
        for event in item.events:
            record = event.to_dict(text) | {"rules": list(event.rules)}
            out.append(json.dumps(record, ensure_ascii=False))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "check"])
    parser.add_argument("source")
    parser.add_argument("golden", type=Path)
    args = parser.parse_args(argv)
    now = lines(args.source)
    if args.action == "write":
        args.golden.write_text("".join(line + "\n" for line in now), encoding="utf-8")
        print(f"wrote {len(now)} records to {args.golden}")
        return 0
    before = args.golden.read_text(encoding="utf-8").splitlines()
    if before == now:
        print(f"identical: {len(now)} records")
        return 0
    old, new = Counter(before), Counter(now)
    gone, added = old - new, new - old
    print(
        f"differ: {len(before)} records before, {len(now)} now; "
        f"{sum(gone.values())} gone, {sum(added.values())} new"
    )
    fields: Counter[str] = Counter()
    by_id = {json.loads(x).get("id"): json.loads(x) for x in gone}
    for line in added:
        rec = json.loads(line)
        was = by_id.get(rec.get("id"))
        if was is None:
            fields["(new event id)"] += 1
            continue
        for key in rec:
            if rec[key] != was.get(key):
                fields[key] += 1
    for key, count in fields.most_common():
        print(f"  {key}: {count}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
