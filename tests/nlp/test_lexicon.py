"""The word lists as data: loaded once, checked by `dyads check-data`, in the data version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.checks import check_data
from dyads.nlp import lexicon
from dyads.pipeline import Pipeline
from dyads.runs.ingest import data_version


@pytest.fixture
def own_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Replace the packaged word lists by a file written here, for one test."""
    text = (
        "prepositions: [of, in, of]\n"  # a repeat
        "stand-ins: ['minister ', statement]\n"  # an untrimmed word
        "nobody-reads-this: [x]\n"
        "determiners: []\n"
    )
    monkeypatch.setattr(lexicon, "_files", lambda: [("mine.yaml", text)])
    lexicon._table.cache_clear()
    lexicon.words.cache_clear()
    yield
    lexicon._table.cache_clear()
    lexicon.words.cache_clear()


def test_packaged_lists_are_sound_and_all_read() -> None:
    report = check_data()
    assert report.ok, report.problems
    assert report.counts["word lists"] == len(lexicon.concepts()) > 40
    assert "in" in lexicon.words("prepositions")
    assert lexicon.words("prepositions") is lexicon.words("prepositions")  # read once


def test_problems_name_the_list_and_the_word(own_lists: None) -> None:
    lexicon.words("prepositions")  # read by code (the rule modules read theirs on import)
    problems = lexicon.problems()
    assert "mine.yaml: prepositions: 'of' listed twice" in problems
    assert "mine.yaml: stand-ins: 'minister ' is not a trimmed word" in problems
    assert "mine.yaml: nobody-reads-this: no code reads this list" in problems
    assert "mine.yaml: determiners: empty list" in problems
    assert not any("prepositions: no code" in p for p in problems)


def test_the_data_version_covers_patterns_and_lexicons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = Pipeline()
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "type: ASSAULT\npatterns:\n  - {id: mine.pelt, cameo: '180', phrases: [pelt]}\n",
        encoding="utf-8",
    )
    with_patterns = Pipeline(pattern_files=[mine])
    assert "patterns=" in data_version(base) and "lexicon=" in data_version(base)
    assert data_version(with_patterns) != data_version(base)
    before = lexicon.fingerprint()
    files = lexicon._files()
    monkeypatch.setattr(lexicon, "_files", lambda: [*files, ("extra.yaml", "more: [x]\n")])
    assert lexicon.fingerprint() != before


def test_regular_expressions_compile_and_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    assert lexicon.regex_problems() == []  # the packaged ones (the modules read theirs)
    own = {
        "broken": {"pattern": "(unclosed"},
        "odd-flag": {"pattern": "x", "flags": ["SHOUTING"]},
        "unread": {"pattern": "y", "flags": ["IGNORECASE"]},
    }
    monkeypatch.setattr(lexicon, "_regex_table", lambda: own)
    lexicon._compiled.cache_clear()
    try:
        problems = lexicon.regex_problems()
        assert any(p.startswith("dyads/data/lexicon/regexes.yaml: broken:") for p in problems)
        assert any("odd-flag: unknown flag 'SHOUTING'" in p for p in problems)
        assert "dyads/data/lexicon/regexes.yaml: unread: no code reads this expression" in problems
        assert lexicon.regex("unread").match("Y")  # flags applied
    finally:
        lexicon._compiled.cache_clear()


def test_a_key_given_twice_in_a_data_file_is_reported(tmp_path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version: '1'\nkind: state\nactors:\n  - id: XXA\n    name: Xa\n    name: Xb\n",
        encoding="utf-8",
    )
    report = check_data(actor_files=(str(mine),))
    assert any("key 'name' given twice" in p for p in report.problems), report.problems
