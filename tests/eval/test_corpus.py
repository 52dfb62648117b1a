from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.eval.corpus import join_texts, read_corpus, select_split


def test_read_and_join(news_corpus: tuple[Path, Path]) -> None:
    eval_root, corpus = news_corpus
    items = read_corpus(corpus)
    assert len(items) == 12
    joined = join_texts(items, eval_root)
    assert joined.missing == [("bench", "t-999")]
    assert joined.changed == [("bench", "t-006")]
    assert "1 corpus item(s) have no text and 1 a changed text" in joined.summary()
    by_key = {item.key: item for item in joined.items}
    first = by_key[("bench", "t-001")]
    assert first.text is not None and "  " not in first.text  # normalised as Dyads does
    trigger = first.events[0].trigger
    assert trigger is not None and first.text[trigger[0] : trigger[1]] == "shelled"
    closing = by_key[("re3d", "DOC-1#2")]
    assert closing.text is not None and closing.text.startswith("China urged")
    assert [i.item for i in select_split(joined.items, "test")] == [
        "t-004",
        "t-005",
        "t-008",
        "DOC-1#0",
        "DOC-1#1",
        "DOC-1#2",
    ]
    assert len(select_split(joined.items, "all")) == 10


def test_join_without_texts_skips_everything(
    news_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    _, corpus = news_corpus
    joined = join_texts(read_corpus(corpus), tmp_path / "nowhere")
    assert joined.items == []
    assert len(joined.missing) == 12 and joined.changed == []


def test_a_changed_document_skips_its_items(news_corpus: tuple[Path, Path]) -> None:
    eval_root, corpus = news_corpus
    path = eval_root / "re3d" / "Test Desk" / "documents.json"
    record = json.loads(path.read_text(encoding="utf-8-sig"))
    record["text"] = record["text"].replace("Kharkiv", "Odesa")
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    joined = join_texts(read_corpus(corpus), eval_root)
    changed = {item for _, item in joined.changed}
    # The first sentence changed; the later ones moved (their offsets no longer hold them).
    assert "DOC-1#0" in changed and "DOC-1#1" in changed
    assert ("re3d", "DOC-1#0") not in {i.key for i in joined.items}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "invalid JSON"),
        ('{"set": "bench", "item": "x", "sha1": "ab", "split": "train", "events": []}', "split"),
        ('{"set": "web", "item": "x", "sha1": "ab", "split": "dev", "events": []}', "set"),
        ('{"set": "bench", "item": "x", "sha1": "ab", "split": "dev"}', "events"),
        (
            '{"set": "bench", "item": "x", "sha1": "ab", "split": "dev", '
            '"events": [{"type": "FIGHT"}]}',
            "unknown event type",
        ),
        (
            '{"set": "bench", "item": "x", "sha1": "ab", "split": "dev", '
            '"events": [{"type": "AID", "trigger": [5, 2]}]}',
            "trigger",
        ),
        ('{"set": "re3d", "item": "x", "sha1": "ab", "split": "dev", "events": []}', "re3d"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "news.jsonl"
    good = '{"set": "bench", "item": "ok", "sha1": "ab", "split": "dev", "events": []}'
    path.write_text(good + "\n" + line + "\n")
    with pytest.raises(InputError) as caught:
        read_corpus(path)
    assert f"{path}:2" in str(caught.value) and problem in str(caught.value)


def test_duplicate_items_and_absent_file(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    line = '{"set": "bench", "item": "ok", "sha1": "ab", "split": "dev", "events": []}'
    path.write_text(line + "\n" + line + "\n")
    with pytest.raises(InputError, match="twice"):
        read_corpus(path)
    with pytest.raises(InputError, match="cannot read"):
        read_corpus(tmp_path / "absent.jsonl")
