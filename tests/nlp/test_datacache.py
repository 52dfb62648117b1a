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
