from __future__ import annotations

import pytest

from dyads.nlp.outlets import outlet_chain
from dyads.nlp.quotes import (
    Attribution,
    find_attributions,
    find_quotes,
    is_outlet,
    speaker_for,
)
from dyads.nlp.sentences import split_sentences


def _attributions(text: str) -> list[Attribution]:
    return find_attributions(text, split_sentences(text))


def _described(text: str) -> list[tuple[str, str, str, str]]:
    return [
        (a.kind, a.speaker(text), a.cue, text[a.content_start : a.content_end])
        for a in _attributions(text)
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“We condemn the strikes,” the statement reads.", ["We condemn the strikes"]),
        ('"We condemn the strikes," he said.', ["We condemn the strikes"]),
        ("« Nous condamnons », a dit le ministre.", ["Nous condamnons"]),
        ("She called it ‘a red line’ twice.", ["a red line"]),
        ("Russia’s envoy and the ministers’ aides met.", []),
        ("“One. Two. Three,” he said.", ["One. Two. Three"]),
        ("“An open quote runs on\nAnd this line is not quoted.", ["An open quote runs on"]),
        ('A 12" pipe and "a word".', ["a word"]),
    ],
)
def test_find_quotes(text: str, quoted: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == quoted


def test_quote_marks_are_recorded() -> None:
    text = "He said “yes” today."
    (quote,) = find_quotes(text)
    assert (text[quote.open], text[quote.close or 0]) == ("“", "”")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We stand with Kyiv,” the statement reads.",
            [("quote", "the statement", "reads", "We stand with Kyiv")],
        ),
        (
            '"We will respond," said Maria Zakharova, the ministry spokeswoman.',
            [("quote", "Maria Zakharova", "said", "We will respond")],
        ),
        (
            "“We will respond,” Lavrov, the foreign minister, told reporters.",
            [("quote", "Lavrov", "told", "We will respond")],
        ),
        (
            'The minister said: "We will not negotiate under fire."',
            [("quote", "The minister", "said", "We will not negotiate under fire.")],
        ),
        (
            "Lavrov said that talks with Washington had stalled.",
            [("reported", "Lavrov", "said", "talks with Washington had stalled.")],
        ),
        (
            "The G7 ministers also said on Tuesday that Iran supplies missiles to Russia.",
            [("reported", "The G7 ministers", "said", "Iran supplies missiles to Russia.")],
        ),
        (
            "Russia supplied drones to the rebels, the ministry said.",
            [("reported", "the ministry", "said", "Russia supplied drones to the rebels")],
        ),
        (
            "Zelensky told reporters that the offensive had begun.",
            [("reported", "Zelensky", "told", "the offensive had begun.")],
        ),
        (
            "According to Ukraine's general staff, Russia lost 1,200 troops.",
            [("reported", "Ukraine's general staff", "according to", "Russia lost 1,200 troops.")],
        ),
        (
            "Russia lost 1,200 troops, according to Reuters.",
            [("outlet", "Reuters", "according to", "Russia lost 1,200 troops")],
        ),
        (
            "Iran shipped drones to Russia, TASS reported.",
            [("outlet", "TASS", "reported", "Iran shipped drones to Russia")],
        ),
        (
            "The United States accused China of supplying weapons to Russia.",
            [("reported", "The United States", "accused", "China of supplying weapons to Russia.")],
        ),
        (
            "Officials in Kyiv said Russian missiles hit a power plant.",
            [("reported", "Officials in Kyiv", "said", "Russian missiles hit a power plant.")],
        ),
        (
            "The Kremlin has repeatedly denied that it targets civilians.",
            [("reported", "The Kremlin", "denied", "it targets civilians.")],
        ),
        (
            "Biden stressed that the alliance is united.",
            [("reported", "Biden", "stressed", "the alliance is united.")],
        ),
    ],
)
def test_attributions(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _described(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is said to have supplied drones.",  # a hedge, not a speaker
        "The G7 reiterated its support for Ukraine.",  # an event, not speech
        "The statement stressed the need for dialogue.",
        "Putin, who said the war would be short, met Xi.",
        "The official in charge of the border met the envoy.",
        "Russia shelled Kharkiv overnight.",
    ],
)
def test_no_attribution(text: str) -> None:
    assert _attributions(text) == []


def test_member_states_is_one_speaker() -> None:
    assert _described("Member states said the vote was illegal.") == [
        ("reported", "Member states", "said", "the vote was illegal.")
    ]


def test_following_quote_keeps_speaker() -> None:
    text = '"We will respond," he said. "Nobody should doubt it."'
    assert [(k, s, c) for k, s, _, c in _described(text)] == [
        ("quote", "he", "We will respond"),
        ("quote", "he", "Nobody should doubt it."),
    ]


def test_outlet_chain_with_citing() -> None:
    text = "Iran shipped drones to Russia, Caliber.Az reports, citing foreign media."
    sentences = split_sentences(text)
    assert outlet_chain(text, sentences) == "Caliber.Az citing foreign media"
    (outlet,) = _attributions(text)
    assert outlet.kind == "outlet"
    assert text[outlet.content_start : outlet.content_end] == "Iran shipped drones to Russia"


def test_outlet_chain_absent() -> None:
    text = "The ministers met in Rome. They agreed on a plan."
    assert outlet_chain(text, split_sentences(text)) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Caliber.Az", True), ("Reuters", True), ("state media", True), ("the minister", False)],
)
def test_is_outlet(name: str, expected: bool) -> None:
    assert is_outlet(name) is expected


def test_speaker_for_prefers_quote_and_skips_outlet() -> None:
    text = (
        "The G7 said Iran supplies drones to Russia, Reuters reported. "
        "“Moscow must withdraw,” the minister said."
    )
    sentences = split_sentences(text)
    quotes = find_quotes(text)
    attributions = find_attributions(text, sentences, quotes)
    claim = speaker_for(text.index("supplies"), quotes, attributions)
    assert claim is not None and claim.speaker(text) == "The G7"
    outlet = speaker_for(text.index("supplies"), quotes, attributions, include_outlets=True)
    assert outlet is not None and outlet.speaker(text) == "The G7"  # innermost claim first
    quoted = speaker_for(text.index("withdraw"), quotes, attributions)
    assert quoted is not None and (quoted.kind, quoted.speaker(text)) == ("quote", "the minister")
    assert speaker_for(0, quotes, attributions) is None


def test_offsets_are_absolute_across_sentences() -> None:
    text = "Intro line.\nLater, the envoy said Russia had agreed."
    (a,) = _attributions(text)
    assert text[a.speaker_start : a.speaker_end] == "the envoy"
    assert text[a.cue_start : a.cue_end] == "said"
    assert a.sentence == 1


def test_seed_article_attributions(seed_text: str) -> None:
    text = seed_text
    sentences = split_sentences(text)
    quotes = find_quotes(text)
    attributions = find_attributions(text, sentences, quotes)
    assert outlet_chain(text, sentences) == "Caliber.Az citing foreign media"
    # The long quotes belong to "the statement" and "the minister".
    at_condemn = speaker_for(text.index("We condemn Russia"), quotes, attributions)
    assert at_condemn is not None and at_condemn.speaker(text) == "the statement"
    assert at_condemn.kind == "quote"
    at_supply = speaker_for(text.index("supply of ballistic"), quotes, attributions)
    assert at_supply is not None and at_supply.speaker(text) == "the minister"
    # "they emphasized that such cooperation allows Russia to continue ..."
    at_actions = speaker_for(text.index("military actions in Ukraine"), quotes, attributions)
    assert at_actions is not None and at_actions.speaker(text) == "they"
    # The headline's "reiterates support" is an event, not a speech act.
    headline = sentences[0]
    assert not [a for a in attributions if a.sentence == headline.index]


def test_docstring_examples() -> None:
    import doctest

    from dyads.nlp import quotes, speakers

    assert doctest.testmod(quotes).failed == 0
    assert doctest.testmod(speakers).failed == 0
