"""Small article inputs, written by hand, shared by the tests of the runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLES: list[dict[str, str]] = [
    {
        "id": "a1",
        "published": "2024-03-05",
        "url": "https://example.org/a1",
        "text": "Russia attacked Ukraine on Tuesday. France condemned the attack and called on "
        "Moscow to withdraw its troops.",
    },
    {
        "id": "a2",
        "published": "2024-03-06",
        "text": "The foreign ministers of Japan and India met in New Delhi. They agreed to expand "
        "military cooperation.",
    },
    {
        "published": "2024-03-07",
        "text": "Germany imposed sanctions on Iran. Iran denied supplying drones to Russia, the "
        "minister said.",
    },
    {"id": "a4", "text": "Protesters rallied outside the parliament in Paris."},
    {
        "id": "a5",
        "text": "China threatened to retaliate if the United States sells arms to Taiwan.",
    },
]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.fixture()
def article_records() -> list[dict[str, str]]:
    return [dict(a) for a in ARTICLES]


@pytest.fixture()
def articles_jsonl(tmp_path: Path) -> Path:
    # A blank line and a broken line: both engines must skip them alike.
    path = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n{not json\n")
    return path
