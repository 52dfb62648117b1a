"""The user's data cache: built once, read back equal, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyads.nlp import datacache, yamlfast


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DYADS_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_built_once_then_read_back(folder: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2], "b": []}

    key = datacache.fingerprint("source text")
    assert datacache.load_or_build("thing", key, build) == {"a": [1, 2], "b": []}
    assert datacache.load_or_build("thing", key, build) == {"a": [1, 2], "b": []}
    assert calls == [1]
    (cached,) = folder.glob("thing-*.marshal")
    assert cached.stat().st_mode & 0o077 == 0  # the user's alone
    assert datacache.fingerprint("other text") != key


def test_a_file_others_may_write_is_not_read(folder: Path) -> None:
    key = datacache.fingerprint("x")
    datacache.load_or_build("thing", key, lambda: "first")
    (cached,) = folder.glob("thing-*.marshal")
    os.chmod(cached, 0o666)
    assert datacache.load_or_build("thing", key, lambda: "built again") == "built again"


def test_off_and_unplain_data_only_cost_the_build(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert datacache.load_or_build("odd", "k", lambda: {object()}) is not None  # not marshalable
    assert not list(folder.glob("odd-*"))
    monkeypatch.setenv("DYADS_CACHE_DIR", "off")
    assert datacache.cache_dir() is None
    assert datacache.load_or_build("thing", "k", lambda: 3) == 3


def test_yaml_from_the_cache_equals_a_fresh_parse(folder: Path) -> None:
    text = "type: ASSAULT\npatterns:\n  - {id: a.b, cameo: '190', phrases: [strike]}\n"
    first, again = yamlfast.safe_load(text), yamlfast.safe_load(text)
    assert (
        first
        == again
        == {
            "type": "ASSAULT",
            "patterns": [{"id": "a.b", "cameo": "190", "phrases": ["strike"]}],
        }
    )
    assert list(folder.glob("yaml-*.marshal"))


def test_shards_read_back_what_was_packed() -> None:
    mapping = {f"Place {n}": n for n in range(500)} | {"Zürich": -1, "": -2}
    sharded = datacache.ShardedDict(datacache.ShardedDict.pack(mapping, shards=7))
    assert sharded.get("Place 321") == 321 and sharded.get("Zürich") == -1
    assert sharded.get("nowhere") is None and sharded.get("nowhere", 0) == 0
    assert dict(sharded.items()) == mapping
    rows = [(n, f"row {n}") for n in range(1000)]
    listed = datacache.ShardedList(datacache.ShardedList.pack(rows, size=64), 64)
    assert [listed[i] for i in (0, 63, 64, 999)] == [rows[0], rows[63], rows[64], rows[999]]
    with pytest.raises(IndexError):
        listed[1000]


def test_a_lookup_reads_only_its_shard() -> None:
    sharded = datacache.ShardedDict(datacache.ShardedDict.pack({"a": 1, "b": 2}, shards=16))
    sharded.get("a")
    assert sum(part is not None for part in sharded._parts) == 1
