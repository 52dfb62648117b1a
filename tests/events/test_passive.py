"""Who did it to whom in passives, existentials and unattributed attacks (events/passive.py,
and the codebook conventions of events/resolve.py and events/coref.py).

The sentences are written for these tests. Dyads are PLOVER codes, ``""`` for an empty role
and ``---`` for an actor whose country the text does not give (codebook, section 6).
"""

from __future__ import annotations

import pytest

from dyads import extract
from dyads.errors import InputError
from dyads.pipeline import Pipeline

Dyad = tuple[str, str, str]  # type, source codes, target codes (space-separated, sorted)


def dyads(pipeline: Pipeline, sentence: str) -> set[Dyad]:
    doc = extract(sentence, pipeline=pipeline)
    return {
        (
            e.type,
            " ".join(sorted(m.actor.code for m in e.source)),
            " ".join(sorted(m.actor.code for m in e.target)),
        )
        for e in doc.events
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The agent of the attack that caused the deed: "in an X air strike", "clashes with X".
        ("Two Afghan soldiers were killed in an American air strike on Sunday.",
         ("ASSAULT", "USA", "AFG")),
        ("Four Malian soldiers were killed after clashes with French troops near Gao.",
         ("ASSAULT", "FRA", "MLI")),
        # ... or of a "when" clause.
        ("Three Malian soldiers were killed when French jets bombed their convoy.",
         ("ASSAULT", "FRA", "MLI")),
        # Coordinated participles share the "was"; the late "by X" is the agent.
        ("A Peruvian judge was shot and killed on Monday by Colombian rebels.",
         ("ASSAULT", "COL", "PER")),
        # A reporting participle between 'were' and the trigger keeps the passive.
        ("Seven Malian herders were reported killed by French soldiers near Mopti.",
         ("ASSAULT", "FRA", "MLI")),
        # An adverb without "-ly" between "be" and the participle keeps the passive and its
        # "by X" the agent, as "was briefly detained by X" does.
        ("The blogger was later detained by Egyptian police.", ("COERCE", "EGY", "---")),
        ("The village was also shelled by Syrian government forces.", ("ASSAULT", "SYR", "")),
        ("The convoy was then ambushed by Shabaab militants near Kismayo.",
         ("ASSAULT", "SOM", "SOM")),
        # No agent stated: the source is empty, the victims are the target.
        ("Five Nigerian soldiers were killed on Monday.", ("ASSAULT", "", "NGA")),
        ("There were twelve Egyptian soldiers killed in the Sinai on Friday.",
         ("ASSAULT", "", "EGY")),
        # "shot to death" is a passive, not "was set to"; victims of an attack told after
        # them are never its source.
        ("A police officer was shot to death near Kandahar.", ("ASSAULT", "", "AFG")),
        ("On Friday, four farmers were killed near Kaduna, in a single attack.",
         ("ASSAULT", "", "NGA")),
        ("Twenty people were killed in Shabaab attacks in Mogadishu.", ("ASSAULT", "SOM", "SOM")),
        # Counted coordination: both victims.
        ("Three Israelis and an Iranian were killed in the blast.", ("ASSAULT", "", "IRN ISR")),
        # A reduced passive after the subject: Y backs X, and X launches the offensive with
        # Y beside it (the dev annotators code the backers as co-sources).
        ("The Iraqi army, backed by American advisers, launched an offensive against "
         "Islamic State on Tuesday.", ("ASSAULT", "IRQ USA", "IMG")),
        ("Sudanese troops, supported by Chadian militias, attacked rebel positions near "
         "Nyala.", ("ASSAULT", "SDN TCD", "SDN")),
        # "X, alongside Y, attacked": both act.
        ("Turkish troops, alongside Syrian rebels, attacked Kurdish militias near Afrin.",
         ("ASSAULT", "SYR TUR", "---")),
        # "X began its assault": the possessor is the light verb's subject.
        ("The Syrian army began its assault on Islamic State positions on Monday.",
         ("ASSAULT", "SYR", "IMG")),
        # Self-dyads keep both sides: one country, two sectors.
        ("Four Kurdish rebels were killed after clashes with Turkish security forces.",
         ("ASSAULT", "TUR", "TUR")),
        # "N members of X" are X, however the head noun is counted or qualified; the
        # adjective of the strike is its attacker, not a break before the victims.
        ("Three members of al-Qaeda were killed in a drone strike in Marib.",
         ("ASSAULT", "", "IMG")),
        ("Farid Nasser and Karim Daoud, two senior members of al-Qaeda, were killed in "
         "American drone strikes in Marib.", ("ASSAULT", "USA", "IMG")),
        # The subject a relative word or a pronoun stands for is the passive's target; a
        # "hit list" is no attack.
        ("The Peruvian judge who was shot dead in Lima on Monday was buried.",
         ("ASSAULT", "", "PER")),
        ("A Peruvian judge whose name was on a hit list was shot dead in Lima.",
         ("ASSAULT", "", "PER")),
        ("Malian rebels attacked the base on Monday, but they were repelled by French troops.",
         ("ASSAULT", "FRA", "MLI")),
        # A passive casualty verb's subject is its victims, named by no actor word: --- .
        ("Farid Haddad, a 40-year-old electrician, was shot six times by Belgian police.",
         ("ASSAULT", "BEL", "---")),
        ("More than 40 Rohingya were killed by Shabaab militants on Monday.",
         ("ASSAULT", "SOM", "---")),
        # A "by" agent named by no actor word is an unidentified attacker (codebook 1.4).
        ("On Monday, a Thai judge was shot five times by men riding a motorcycle in Yala.",
         ("ASSAULT", "---", "THA")),
        ("Six Filipino villagers were shot to death by a patrol team near Davao.",
         ("ASSAULT", "---", "PHL")),
    ],
)  # fmt: skip
def test_passive_roles(pipeline: Pipeline, sentence: str, expected: Dyad) -> None:
    assert expected in dyads(pipeline, sentence)


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        # Victims are never the source.
        ("There were twelve Egyptian soldiers killed in the Sinai on Friday.",
         ("ASSAULT", "EGY", "")),
        ("Five Nigerian soldiers were killed on Monday.", ("ASSAULT", "NGA", "")),
        # ... nor of the "when" clause that has its own subject, an unnamed one
        ("Four civilians died when a car bomb exploded in a market in Maiduguri.",
         ("ASSAULT", "NGA", "NGA")),
        ("Two Kenyan policemen died when a gunman attacked their post in Mandera.",
         ("ASSAULT", "KEN", "KEN")),
        ("Three Afghan farmers died when a suicide bomber blew himself up near Herat.",
         ("ASSAULT", "AFG", "AFG")),
        # "X, backed by Y": never X supports Y (main codes no SUPPORT at all here).
        ("The Iraqi army, backed by American advisers, launched an offensive against "
         "Islamic State on Tuesday.", ("SUPPORT", "IRQ", "USA")),
    ],
)  # fmt: skip
def test_no_victim_as_source(pipeline: Pipeline, sentence: str, wrong: Dyad) -> None:
    assert wrong not in dyads(pipeline, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # An attacker named by no actor word is --- (codebook 1.4: a suicide bomber is UAF).
        ("A suicide bomber drove a truck into a police station in Kirkuk on Monday, "
         "killing six officers.", ("ASSAULT", "---", "IRQ")),
        ("An unidentified gunman shot at UN peacekeepers in Bunia.", ("ASSAULT", "---", "IGO")),
        # Gunmen take no country from the place; the victims do.
        ("Gunmen killed five villagers near Kandahar on Monday.", ("ASSAULT", "---", "AFG")),
        # The unnamed attacker of a "when" clause is --- (not the victims before it).
        ("Two Kenyan policemen died when a gunman attacked their post in Mandera.",
         ("ASSAULT", "---", "KEN")),
        ("Three Malian soldiers died when the militia attacked their base near Gao.",
         ("ASSAULT", "---", "MLI")),
        ("Four civilians died when a car bomb exploded in a market in Maiduguri.",
         ("ASSAULT", "", "NGA")),
        # ... and so does a place they are from (a spelling "in X" would take, or "the X").
        ("A shopkeeper from Hebron was shot dead by Israeli soldiers.", ("ASSAULT", "ISR", "PSE")),
        ("A young man from Kobani was killed by Turkish border guards.",
         ("ASSAULT", "TUR", "SYR")),
        ("Soldiers shot and killed two men from the Gaza Strip.", ("ASSAULT", "---", "PSE")),
        ("Two farmers from the Gaza Strip were killed by Israeli troops.",
         ("ASSAULT", "ISR", "PSE")),
        # A protest's place is where it is held, not what it is against; its people protest.
        ("Thousands of pensioners marched in central Madrid on Sunday.", ("PROTEST", "ESP", "")),
        ("About 500 students protested in Lyon, France, on Friday.", ("PROTEST", "FRA", "")),
        ("Hundreds of protesters rallied in Lagos, Nigeria.", ("PROTEST", "NGA", "")),
        # A patrol's place is where it patrols, not whom it faces.
        ("Georgian soldiers patrolled downtown Tbilisi on Saturday.", ("MOBILIZE", "GEO", "")),
    ],
)  # fmt: skip
def test_codebook_conventions(pipeline: Pipeline, sentence: str, expected: Dyad) -> None:
    assert expected in dyads(pipeline, sentence)


@pytest.mark.parametrize(
    ("sentence", "codebook", "cameo"),
    [
        # An unattributed bomb: no source by the codebook; the place's state by CAMEO.
        ("A roadside bomb near Kandahar killed three British soldiers.",
         ("ASSAULT", "", "GBR"), ("ASSAULT", "AFG", "GBR")),
        # A protest at home: no target by the codebook; the protesters' own state by CAMEO.
        ("Thousands of pensioners marched in central Madrid on Sunday.",
         ("PROTEST", "ESP", ""), ("PROTEST", "ESP", "ESP")),
    ],
)  # fmt: skip
def test_conventions_option(pipeline: Pipeline, sentence: str, codebook: Dyad, cameo: Dyad) -> None:
    assert codebook in dyads(pipeline, sentence)
    cameo_pipeline = Pipeline(extractor_options={"conventions": "cameo"})
    found = dyads(cameo_pipeline, sentence)
    assert cameo in found
    assert codebook not in found


def test_unknown_conventions_is_refused() -> None:
    pipe = Pipeline(extractor_options={"conventions": "petrarch"})
    with pytest.raises(InputError, match="conventions 'petrarch': unknown"):
        _ = pipe.extractor


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A known place as the attack's object: its people are the target (codebook 6).
        ("Russian jets bombed Aleppo on Monday.", ("ASSAULT", "RUS", "SYR")),
        ("Russian missiles struck the city of Odesa.", ("ASSAULT", "RUS", "UKR")),
        # A capture or an offensive takes no place target (codebook 1.3).
        ("Kenyan troops captured Kismayo.", ("ASSAULT", "KEN", "")),
    ],
)  # fmt: skip
def test_a_place_an_attack_hits_gives_its_target(
    pipeline: Pipeline, sentence: str, expected: Dyad
) -> None:
    assert dyads(pipeline, sentence) == {expected}


def test_he_or_she_never_stands_for_a_state(pipeline: Pipeline) -> None:
    # "... shot down over Chad and he was captured": "he" is not Chad, nor the captors.
    text = "The pilot's jet was shot down over Chad and he was captured by rebels."
    doc = extract(text, pipeline=pipeline)
    [capture] = [e for e in doc.events if text[e.trigger.start : e.trigger.end] == "captured"]
    assert all(m.actor.code != "TCD" and m.actor.sector != "REB" for m in capture.target)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "came under attack by X": X attacks the subject, with or without a modifier (which
        # makes a tagger read "attack" as a verb) and with "from" as the gate.
        ("Kenyan troops came under attack by Ugandan rebels near the border.",
         ("ASSAULT", "UGA", "KEN")),
        ("A Malian army post came under sustained attack from French jets.",
         ("ASSAULT", "FRA", "MLI")),
        ("The Chadian army camp came under intense shelling by Sudanese forces.",
         ("ASSAULT", "SDN", "TCD")),
        # "were killed under the fire of X": the phrase names the passive's agent.
        ("Nine Yemeni villagers were killed under the fire of Saudi troops.",
         ("ASSAULT", "SAU", "YEM")),
    ],
)  # fmt: skip
def test_coming_under_attack_by_x_makes_x_the_attacker(
    pipeline: Pipeline, sentence: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "X claimed responsibility for the attack": the claimant is the attacker, whether the
        # tagger reads the attack noun as a noun or (after an adjective) as a verb.
        ("The Pakistani Taliban claimed responsibility for the bombing in Quetta.",
         ("ASSAULT", "PAK", "PAK")),
        ("Al-Shabaab claimed responsibility for the deadly attack on Kenyan troops.",
         ("ASSAULT", "SOM", "KEN")),
    ],
)  # fmt: skip
def test_a_claim_of_responsibility_names_the_attacker(
    pipeline: Pipeline, sentence: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "... by X and N others were arrested": the second passive shares the first's agent.
        ("Two Ghanaian students were shot dead by police in Kumasi and dozens of others "
         "were arrested.", ("COERCE", "GHA", "GHA")),
        ("Three Togolese miners were beaten by soldiers near Kara while five others were "
         "detained.", ("COERCE", "TGO", "TGO")),
    ],
)  # fmt: skip
def test_others_in_a_coordinated_passive_share_its_agent(
    pipeline: Pipeline, sentence: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, sentence)
