from __future__ import annotations

import pytest

from dyads.events.modality import Modality, modality, modality_lexicon
from dyads.pipeline import extract


def _mod(sentence: str, trigger: str, *, verbal: bool | None = None, offset: int = 0) -> Modality:
    text = "Header line.\n" * offset + sentence
    start = text.index(sentence)
    t_start = text.index(trigger, start)
    return modality(text, start, len(text), t_start, t_start + len(trigger), verbal=verbal)


# (sentence, trigger, hedged, negated, hypothetical)
CASES = [
    ("Russia attacked the port of Odesa.", "attacked", False, False, False),
    ("Russia did not attack the port.", "attack", False, True, False),
    ("Russia didn't attack the port.", "attack", False, True, False),
    ("Russia has not supplied any weapons.", "supplied", False, True, False),
    ("The two leaders never met in person.", "met", False, True, False),
    ("No talks took place in Geneva.", "talks", False, True, False),
    ("The talks with Iran were not held.", "talks", False, True, False),
    ("The summit never took place.", "summit", False, True, False),
    ("The army refused to withdraw its troops.", "withdraw", False, True, False),
    ("Officials failed to agree on a ceasefire.", "agree", False, True, False),
    ("China declined to condemn the invasion.", "condemn", False, True, False),
    ("Moscow no longer supplies gas to Europe.", "supplies", False, True, False),
    ("Russia allegedly receives drones from Iran.", "receives", True, False, False),
    ("from where Russia allegedly receives missiles", "receives", True, False, False),
    ("Iran reportedly shipped drones to Russia.", "shipped", True, False, False),
    ("Iran is said to have shipped drones.", "shipped", True, False, False),
    ("Militants are suspected of bombing the bridge.", "bombing", True, False, False),
    ("The group may have attacked the convoy.", "attacked", True, False, False),
    ("Unconfirmed reports of shelling came from the north.", "shelling", True, False, False),
    ("The alleged supply of missiles angered Kyiv.", "supply", True, False, False),
    ("The rebels threatened to resume attacks.", "resume", False, False, True),
    ("Russia will retaliate against the strikes.", "retaliate", False, False, True),
    ("Russia would retaliate if attacked.", "retaliate", False, False, True),
    ("If Israel strikes Iran, oil prices will rise.", "strikes", False, False, True),
    ("Beijing plans to expand military drills.", "expand", False, False, True),
    ("The ministers are expected to meet in Rome.", "meet", False, False, True),
    ("The parties agreed to exchange prisoners.", "exchange", False, False, True),
    ("Washington could impose new sanctions.", "impose", False, False, True),
    ("Turkey may mediate between the sides.", "mediate", False, False, True),
    ("A new round of talks is expected next month.", "talks", False, False, True),
    ("The protesters vowed to march on parliament.", "march", False, False, True),
    ("Russia continued to shell the city.", "shell", False, False, False),
    ("Iran began to enrich uranium.", "enrich", False, False, False),
    ("The court not only fined the firm but also jailed its chief.", "fined", False, False, False),
    ("The court not only fined the firm but also jailed its chief.", "jailed", False, False, False),
    ("Russia attacked Kyiv and did not stop the shelling.", "attacked", False, False, False),
    ("Russia did not stop and attacked Kyiv again.", "attacked", False, False, False),
    ("Ukraine won, and Russia will not attack again.", "attack", False, True, True),
    ("The political will of both sides made the deal possible.", "deal", False, False, False),
    # "cannot" speaks of what will not happen: negated and not yet (a refusal, for the coder)
    ("Russia cannot win the war.", "win", False, True, True),
    ("Talks will begin in May in Vienna.", "begin", False, False, True),
    ("In May troops crossed the river.", "crossed", False, False, False),
    ("The army shelled the town, officials said.", "shelled", False, False, False),
    ("The G7 reaffirmed its support for Ukraine.", "support", False, False, False),
    ("The minister said Russia would not attack.", "attack", False, True, True),
    ("Tehran has denied supplying ballistic missiles to Moscow.", "supplying", False, True, False),
    ("Tehran denied that it had supplied missiles.", "supplied", False, True, False),
    ("Kyiv rejected claims that it shelled the plant.", "shelled", False, True, False),
    ("There is no evidence that Iran supplied the drones.", "supplied", False, True, False),
    # Weighing an act, or its likelihood, is not the act; "likely to have" hedges a done one.
    ("Canada is weighing new sanctions against Iran.", "sanctions", False, False, True),
    ("Chile is likely to expel the ambassador.", "expel", False, False, True),
    ("Rebels are likely to have shelled the camp.", "shelled", True, False, False),
    # A noun's pair or agent and destination come before what is said of it.
    ("Talks between Laos and Vietnam are set for Monday.", "Talks", False, False, True),
    (
        "A visit by the Austrian chancellor to Prague is planned for June.",
        "visit",
        False,
        False,
        True,
    ),
    ("Talks between Laos and Vietnam ended on Monday.", "Talks", False, False, False),
    # acts in the making
    (
        "The European Union is preparing new sanctions against Iran.",
        "sanctions",
        False,
        False,
        True,
    ),
    ("Britain is drafting sanctions on Venezuelan officials.", "sanctions", False, False, True),
]


@pytest.mark.parametrize(("sentence", "trigger", "hedged", "negated", "hypothetical"), CASES)
def test_modality_table(
    sentence: str, trigger: str, hedged: bool, negated: bool, hypothetical: bool
) -> None:
    m = _mod(sentence, trigger)
    assert (m.hedged, m.negated, m.hypothetical) == (hedged, negated, hypothetical), m.cues


@pytest.mark.parametrize(
    ("sentence", "trigger", "denier_verb"),
    [
        ("Tehran has denied supplying ballistic missiles to Moscow.", "supplying", "denied"),
        ("Tehran denied that it had supplied missiles.", "supplied", "denied"),
        ("Kyiv rejected claims that it shelled the plant.", "shelled", "rejected claims"),
        ("Moscow denies targeting civilians.", "targeting", "denies"),
    ],
)
def test_denial_flag_and_cue(sentence: str, trigger: str, denier_verb: str) -> None:
    m = _mod(sentence, trigger)
    assert m.denial and m.negated
    cue = m.denial_cue
    assert cue is not None and sentence[cue.start : cue.end] == denier_verb


def test_plain_negation_is_no_denial() -> None:
    m = _mod("Russia did not attack the port.", "attack")
    assert m.negated and not m.denial and m.denial_cue is None


def test_cue_offsets_are_absolute() -> None:
    text = "First line.\nIran reportedly shipped drones."
    start = text.index("Iran")
    t_start = text.index("shipped")
    m = modality(text, start, len(text), t_start, t_start + 7)
    assert [(c.kind, text[c.start : c.end]) for c in m.cues] == [("hedge", "reportedly")]


def test_verbal_flag_controls_to_rule() -> None:
    # "in response to attacks": a noun after "to" is no intention.
    assert not _mod("Kyiv acted in response to attacks.", "attacks").hypothetical
    assert _mod("Kyiv agreed to talks.", "talks", verbal=True).hypothetical
    assert not _mod("Kyiv agreed to talks.", "talks", verbal=False).hypothetical


def test_window_is_bounded() -> None:
    sentence = "Nobody doubts that, not for a single day over the many long years, Russia fought."
    assert not _mod(sentence, "fought").negated


def test_lexicon_loads_all_kinds() -> None:
    lexicon = modality_lexicon()
    assert {"hedge", "negation", "denial", "hypothetical"} <= set(lexicon.kinds.values())
    assert lexicon.kinds["not only"] == ""


def test_docstring_examples() -> None:
    import doctest

    from dyads.events import modality as module

    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("sentence", "trigger", "negated", "hypothetical"),
    [
        # a refusal: negated and not (yet) done, so the coder records the REJECT
        ("Kenya cannot accept more refugees.", "accept", True, True),
        ("Kenya can't accept more refugees.", "accept", True, True),
        # an order is the coercion itself; an attempt and a decision are events
        ("Iran ordered the newspapers to close.", "close", False, False),
        ("Hackers tried to hack the ministry.", "hack", False, False),
        ("Japan decided to ease sanctions on Iran.", "ease", False, False),
        ("Japan plans to ease sanctions on Iran.", "ease", False, True),
    ],
)
def test_refusals_orders_attempts_and_decisions(
    sentence: str, trigger: str, negated: bool, hypothetical: bool
) -> None:
    mood = _mod(sentence, trigger, verbal=True)
    assert (mood.negated, mood.hypothetical) == (negated, hypothetical)


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Five Kenyan villagers were killed by suspected Shabaab militants on Monday.", True),
        ("Gunmen believed to be Shabaab fighters killed five Kenyan villagers.", True),
        ("Shabaab militants killed five Kenyan villagers on Monday.", False),
        ("Two farmers were shot dead in Mandera, allegedly by Kenyan police.", True),
        # What the attack did is only reported: the casualty folded into it hedges it.
        ("Nine soldiers were reportedly killed in fighting between rebels and troops in Goma.",
         True),
        ("Nine soldiers were killed in fighting between rebels and troops in Goma.", False),
        # A suspected identity in an apposition, a few words before the group's name.
        ("Three guards died when gunmen, thought to be members of the Shabaab group, raided "
         "a hotel in Garissa.", True),
        # A sentence that says its report is unverified hedges what it tells.
        ("Ugandan jets bombed rebel camps in Ituri, a claim that could not be independently "
         "verified.", True),
        ("Ugandan jets bombed rebel camps in Ituri; the army was unable to confirm it.", True),
        ("Ugandan jets bombed rebel camps in Ituri, the army confirmed.", False),
        # A reporting participle between 'be' and the trigger: reported, so hedged.
        ("Seven herders were reported killed by Malian soldiers near Mopti.", True),
    ],
)  # fmt: skip
def test_a_suspected_attacker_hedges_the_attack(text: str, hedged: bool) -> None:
    events = [e for e in extract(text).events if e.type == "ASSAULT"]
    assert events and all(e.hedged is hedged for e in events)
