from __future__ import annotations

import pytest

from dyads.nlp.tokens import Lemmatizer, inflections, lemmatize, tokenize


def test_offsets_point_into_the_text() -> None:
    text = "Seoul said Russia's full-scale drills didn't stop; the U.S. condemned them."
    tokens = tokenize(text)
    for start, end, word in zip(tokens.starts, tokens.ends, tokens.lower, strict=True):
        assert text[start:end].lower().replace("’", "'") == word
    assert "'s" in tokens.lower and "full-scale" in tokens.lower


def test_contractions_become_not() -> None:
    tokens = tokenize("They didn't attack and won't retreat.")
    assert tokens.lemmas[1:3] == ["do", "not"]
    assert tokens.lemmas[5:7] == ["will", "not"]


def test_span_of_a_sentence_inside_an_article() -> None:
    text = "First one. Hanoi protested loudly."
    tokens = tokenize(text, 11, len(text))
    assert tokens.starts[0] == 11 and tokens.lower[0] == "hanoi"


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("condemned", "condemn"), ("condemns", "condemn"), ("urging", "urge"),
        ("planned", "plan"), ("shelled", "shell"), ("seized", "seize"), ("agreed", "agree"),
        ("negotiated", "negotiate"), ("rallies", "rally"), ("met", "meet"), ("held", "hold"),
        ("struck", "strike"), ("fought", "fight"), ("sought", "seek"), ("crises", "crisis"),
        ("sanctions", "sanction"), ("invaded", "invade"), ("provided", "provide"),
        ("raided", "raid"), ("killed", "kill"), ("making", "make"),
    ],
)  # fmt: skip
def test_rule_lemmatiser(word: str, lemma: str) -> None:
    assert lemmatize(word) == lemma


def test_forward_inflections_cover_regular_forms() -> None:
    assert {"stops", "stopped", "stopping"} <= inflections("stop")
    assert {"tries", "tried"} <= inflections("try")
    assert {"urges", "urged", "urging"} <= inflections("urge")


def test_vocabulary_lemmatiser_prefers_known_lemmas() -> None:
    lemmatizer = Lemmatizer(["talk", "talks", "visit", "free", "rally"])
    assert lemmatizer("talks") == "talk"
    assert lemmatizer("visited") == "visit"
    assert lemmatizer("freed") == "free"
    assert lemmatizer("rallied") == "rally"
    assert lemmatizer("unknownword") == "unknownword"


def test_a_plural_gerund_noun_has_the_gerunds_lemma() -> None:
    lemmatizer = Lemmatizer(["shoot", "shooting", "meeting", "meet"])
    assert lemmatizer("shootings") == lemmatizer("shooting") == "shoot"
    assert lemmatizer("meetings") == lemmatizer("meeting") == "meet"
    assert Lemmatizer(["earnings"])("earnings") == "earnings"  # no gerund of a known verb


def test_numbers_keep_thousands_separators() -> None:
    text = "It took in 1,141 refugees, 2 or 3 more."
    assert tokenize(text).lower[3:9] == ["1,141", "refugees", ",", "2", "or", "3"]


def test_hyphenated_words_inflect() -> None:
    assert "cyber-attacks" in inflections("cyber-attack")
