from __future__ import annotations

from pathlib import Path

import pytest

from dyads.errors import DataError
from dyads.events.codebook import PLOVER_TYPES, default_codebook
from dyads.events.matching import PatternSet, keep_match, load_pattern_set
from dyads.events.patterns import (
    expand,
    load_patterns,
    plover_type_of,
    validate_patterns,
)
from dyads.nlp.tokens import tokenize


@pytest.fixture(scope="module")
def patterns() -> PatternSet:
    return PatternSet(load_patterns())


def test_packaged_patterns_validate() -> None:
    assert validate_patterns(default_codebook()) == []


def test_every_plover_type_has_patterns() -> None:
    types = {p.type for p in load_patterns()}
    assert set(PLOVER_TYPES) <= types


def test_every_pattern_type_agrees_with_its_cameo_code() -> None:
    codebook = default_codebook()
    for pattern in load_patterns():
        assert plover_type_of(codebook, pattern.cameo) == pattern.type, pattern.id


def test_appeals_are_requests_with_their_own_cooperative_codes() -> None:
    codebook = default_codebook()
    appeals = [p for p in load_patterns() if p.cameo.startswith("02")]
    assert appeals and all(p.type == "REQUEST" for p in appeals)
    assert all(codebook.cameo(p.cameo).quad_class == 1 for p in appeals)
    demands = [p for p in load_patterns() if p.type == "REQUEST" and p.cameo.startswith("10")]
    assert demands and all(codebook.cameo(p.cameo).quad_class == 3 for p in demands)


def test_validation_reports_a_disagreeing_code(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        'type: ASSAULT\npatterns:\n  - {id: mine.praise, cameo: "051", phrases: [laud]}\n'
    )
    problems = validate_patterns(default_codebook(), load_patterns([path]))
    assert any("mine.praise" in p and "SUPPORT" in p for p in problems)


def test_a_bad_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("type: ACCUSE\npatterns:\n  - {id: x, cameo: 111, phrases: [blame]}\n")
    with pytest.raises(DataError, match=r"bad\.yaml"):
        load_patterns([path])


def test_expand_groups() -> None:
    assert expand("(step up|bolster) ties") == ["step up ties", "bolster ties"]


@pytest.mark.parametrize(
    ("sentence", "pattern_id", "trigger"),
    [
        ("Ottawa condemns the raid.", "accuse.condemn", "condemns"),
        ("They were condemning it.", "accuse.condemn", "condemning"),
        ("Rome expressed grave concern at the move.", "accuse.concern", "expressed grave concern"),
        ("Chile reaffirms its support for Peru.", "support.sympathy", "reaffirms its support"),
        ("Oslo held talks with Bern.", "consult.meet", "held talks"),
        ("The invasion of Ruritania began.", "assault.war", "invasion"),
        ("Artillery shelled the town.", "assault.heavy", "shelled"),
        ("Fresh sanctions on Iran came.", "sanction.sanction", "sanctions"),
        ("Lima threatened to leave.", "threaten.threaten", "threatened"),
        ("Quito called on Lima to act.", "request.appeal", "called on"),
        ("Quito demanded that Lima act.", "request.request", "demanded"),
        ("Sofia denied it.", "reject.deny", "denied"),
        ("Riga accused Minsk of lying.", "accuse.accuse", "accused"),
        ("Hanoi bolstered military ties with Delhi.", "cooperate.ties", "bolstered military ties"),
    ],
)  # fmt: skip
def test_phrases_match_inflections_and_multiword_triggers(
    patterns: PatternSet, sentence: str, pattern_id: str, trigger: str
) -> None:
    tokens = tokenize(sentence, lemmatizer=patterns.lemmatizer)
    found = {
        (m.pattern.id, sentence[tokens.starts[m.start] : tokens.ends[m.end - 1]])
        for m in patterns.find(tokens)
    }
    assert (pattern_id, trigger) in found


def test_user_file_replaces_a_pattern_by_id(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text('type: ACCUSE\npatterns:\n  - {id: accuse.condemn, cameo: "111", '
                    "phrases: [frown at]}\n")  # fmt: skip
    by_id = {p.id: p for p in load_patterns([path])}
    assert by_id["accuse.condemn"].phrases == ("frown at",)


def _found(patterns: PatternSet, text: str) -> list[tuple[str, int, int]]:
    tokens = tokenize(text, lemmatizer=patterns.lemmatizer)
    return [(m.pattern.id, m.start, m.end) for m in patterns.find(tokens)]


def test_the_compiled_set_read_back_matches_as_the_fresh_one(patterns: PatternSet) -> None:
    again = PatternSet.from_plain(patterns.to_plain())
    assert (
        again.patterns == patterns.patterns and again.lemmatizer.table == patterns.lemmatizer.table
    )
    for text in (
        "Borduria's navy shelled two Syldavian ports and threatened to blockade a third.",
        "The envoys agreed to resume talks, and the council condemned the shootings.",
        "Rebels were accused of abducting aid workers near the border on Friday.",
    ):
        assert _found(again, text) == _found(patterns, text) != []


def test_a_cached_set_follows_a_changed_user_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DYADS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "mine.yaml"
    head = 'type: ACCUSE\npatterns:\n  - {id: accuse.mine, cameo: "111", phrases: '
    path.write_text(head + "[frown at]}\n")
    first = load_pattern_set([path])  # built, then cached
    again = load_pattern_set([path])  # read back
    assert _found(again, "Ruritania frowned at Borduria.") == _found(
        first, "Ruritania frowned at Borduria."
    )
    assert [m[0] for m in _found(again, "Ruritania frowned at Borduria.")] == ["accuse.mine"]
    path.write_text(head + "[scowl at]}\n")
    changed = load_pattern_set([path])
    assert [m[0] for m in _found(changed, "Ruritania scowled at Borduria.")] == ["accuse.mine"]
    assert _found(changed, "Ruritania frowned at Borduria.") == []
    assert len(list((tmp_path / "cache").glob("patternset-*"))) == 2


def test_a_vetoed_match_leaves_its_words_to_another(patterns: PatternSet) -> None:
    sentence = "Rome welcomed the new government."
    tokens = tokenize(sentence, lemmatizer=patterns.lemmatizer)
    everything = {m.pattern.id for m in patterns.find(tokens)}
    assert "consult.welcome" in everything or "support.praise" in everything
    kept = {m.pattern.id for m in patterns.find(tokens, lambda m: m.pattern.type != "CONSULT")}
    assert "support.praise" in kept


def test_light_verbs_are_lemmatised(patterns: PatternSet) -> None:
    assert patterns.lemmatizer("announced") == "announce"


def test_a_plus_gap_needs_at_least_one_word(patterns: PatternSet) -> None:
    moved = "Peru returned the stolen paintings to Spain."
    tokens = tokenize(moved, lemmatizer=patterns.lemmatizer)
    assert "retreat.return_property" in {m.pattern.id for m in patterns.find(tokens)}
    travel = "The minister returned to Spain with stolen paintings."
    tokens = tokenize(travel, lemmatizer=patterns.lemmatizer)
    assert "retreat.return_property" not in {m.pattern.id for m in patterns.find(tokens)}


@pytest.mark.parametrize(
    ("sentence", "pattern_id"),
    [
        ("Three Russian artillery systems were destroyed near Izium.", "assault.heavy"),
        ("An artillery battalion moved north.", "assault.heavy"),
        ("The militia used a depot to make chemical weapons.", "assault.wmd"),
        ("Libya agreed to destroy chemical weapons it had used.", "assault.wmd"),
    ],
)
def test_a_weapon_named_as_a_unit_or_as_made_is_no_attack(
    patterns: PatternSet, sentence: str, pattern_id: str
) -> None:
    tokens = tokenize(sentence, lemmatizer=patterns.lemmatizer)
    kept = {m.pattern.id for m in patterns.find(tokens, lambda m: keep_match(m, tokens))}
    assert pattern_id not in kept


def test_chemical_weapons_used_are_an_attack(patterns: PatternSet) -> None:
    sentence = "Government forces used chemical weapons in Douma."
    tokens = tokenize(sentence, lemmatizer=patterns.lemmatizer)
    kept = {m.pattern.id for m in patterns.find(tokens, lambda m: keep_match(m, tokens))}
    assert "assault.wmd" in kept
