"""Source and target of rules/1 events: clause roles, reporting clauses, countries from context.

Each row is a sentence written for this test and a dyad the coder must produce, as PLOVER
codes (``---`` would be an actor whose country the text leaves open).
"""

from __future__ import annotations

import pytest

from dyads import extract
from dyads.events import clauses
from dyads.model import Extraction
from dyads.nlp.tokens import tokenize
from dyads.pipeline import Pipeline

CodeDyad = tuple[str, frozenset[str], frozenset[str]]


def code_dyads(doc: Extraction) -> set[CodeDyad]:
    return {
        (
            e.type,
            frozenset(m.actor.code for m in e.source),
            frozenset(m.actor.code for m in e.target),
        )
        for e in doc.events
    }


def dyad(kind: str, sources: str, targets: str = "") -> CodeDyad:
    return (kind, frozenset(sources.split()), frozenset(targets.split()))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Countryless actors take the country of their own locative, of the scene, or of the
        # sentence's sole state (domestic events: same country on both sides).
        ("Police fired tear gas at protesters in Nairobi.", ("KEN", "KEN")),
        ("Rebels in Mali attacked an army base.", ("MLI", "MLI")),
        # ... but unidentified gunmen take no country from the place (codebook 1.4).
        ("Gunmen attacked a market in Kano.", ("---", "NGA")),
        ("President Alpha Beta banned Zambian opposition rallies.", ("ZMB", "ZMB")),
        ("Troops in Myanmar detained dozens of protesters.", ("MMR", "MMR")),
        # One country, two sectors: a domestic dyad, not a self-dyad to drop.
        ("Palestinian police arrested members of Palestinian armed groups.", ("PSE", "PSE")),
        # An attack by an unnamed perpetrator has no source: a place is never an actor
        # (codebook 6; CAMEO would code the place's state).
        ("A roadside bomb near Kandahar killed three British soldiers.", ("", "GBR")),
        # A protest held in a place, against someone else.
        ("Thousands rallied in Hong Kong against Chinese authorities.", ("HKG", "CHN")),
        # A threat's addressee is the actor of its condition.
        ("Iran threatened to close the strait if Washington imposes new sanctions.",
         ("IRN", "USA")),
        # Coercion with no object named falls on the state's own people.
        ("The Egyptian government imposed a nightly curfew.", ("EGY", "EGY")),
        # An arrest with no actor as its object falls on an unidentified --- (codebook 1.4).
        ("Peruvian police arrested twelve people on Friday.", ("PER", "---")),
        # "but" continues the subject of the clause before.
        ("Poland opened its border to Ukrainian refugees but refused entry to Belarusian "
         "migrants.", ("POL", "BLR")),
        # "X, killing ...": the shared subject is the attacker, not the place attacked.
        ("Russian forces struck Kyiv overnight, killing four people.", ("RUS", "UKR")),
        # Attackers named by no state ("a suicide bomber", "gunmen") give the scene's country
        # to their victims, never to themselves (codebook 1.4).
        ("A suicide bomber blew himself up at a checkpoint in Kandahar, killing nine people.",
         ("---", "AFG")),
        ("Unknown gunmen shot dead a village elder in Peshawar.", ("---", "PAK")),
        # An arrest by an actor of no country falls on an unidentified --- all the same.
        ("The local police on Sunday arrested a 30-year-old man, Tom Baker, for stealing a car.",
         ("---", "---")),
        # ... or the people of the place named (1.4).
        ("Kenyan and Ugandan troops captured five suspects near Kismayo.", ("KEN UGA", "SOM")),
        # Joint attackers keep the place they hit as the target ("X and Y agreed ..." have
        # none).
        ("Warplanes of France and Britain bombed fuel depots in the northern Malian district "
         "of Tessoumbar.", ("FRA GBR", "MLI")),
        # A locative through "the countryside of", "rebel-held" and two place adjectives.
        ("Syrian jets bombed a school in the rebel-held countryside of Homs.", ("SYR", "SYR")),
        ("Turkish jets bombed villages in northern rural Aleppo.", ("TUR", "SYR")),
        # A place object after a longer description: "the largely abandoned town of X".
        ("Israeli jets bombed the densely populated city of Rafah on Friday.", ("ISR", "PSE")),
        ("Turkish drones struck the mainly Yazidi district of Sinjar.", ("TUR", "IRQ")),
        ("Ukrainian artillery shelled the largely abandoned town of Tokmak.", ("UKR", "UKR")),
        # A place naming what was hit ("the X refinery"), and a firing "on"/"at" a place.
        ("Chadian troops bombed the Abeche oil depot at dawn.", ("TCD", "TCD")),
        ("Nigerian jets shelled the Maiduguri countryside overnight.", ("NGA", "NGA")),
        ("Iraqi troops fired mortars on Mosul university.", ("IRQ", "IRQ")),
        ("Malian soldiers shelled the Timbuktu village of Ber.", ("MLI", "MLI")),
        # "X came under attack by Y": Y attacks X; a place there is its people.
        ("A Malian army convoy came under attack by Chadian rebels.", ("TCD", "MLI")),
        ("Tikrit came under renewed attack by Islamic State fighters.", ("IMG", "IRQ")),
        ("Hama came under heavy shelling on Sunday.", ("", "SYR")),
        # A gerund's "by" agent acts: "shelling by X".
        ("Heavy shelling by Syrian forces hit Turkish villages.", ("SYR", "TUR")),
        # Victims named by no actor word are --- (codebook 1.4).
        ("Shabaab militants shot dead a civilian on Monday.", ("SOM", "---")),
        # ... nor do they take the attackers' country, the sentence's only one.
        ("At least nine civilians were killed in a Belarusian air strike on Tuesday.",
         ("BLR", "---")),
        # ... nor do victims of other civilian sectors (reporters, nurses, fishermen).
        ("Two reporters were wounded by Russian shelling on Thursday.", ("RUS", "---")),
        ("Four nurses were killed by Nigerian troops last week.", ("NGA", "---")),
        ("Burmese troops killed five fishermen on Sunday.", ("MMR", "---")),
        # Unnamed protesters at an institution take its country.
        ("Several hundred marchers demonstrated outside Kenya's parliament.", ("KEN", "KEN")),
        # "Dozens of X were killed": a counted group is the subject, and so the victims.
        ("Dozens of Kenyan soldiers were killed by Shabaab militants.", ("SOM", "KEN")),
        # A name with a lower-case Arabic article or Romance particle ("Ras al-Ain").
        ("Turkish troops shelled villages near Ras al-Ain.", ("TUR", "SYR")),
        # "in a suburb of X": an indefinite division noun before the name.
        ("A protester was shot by police in a western suburb of Lahore.", ("PAK", "PAK")),
    ],
)  # fmt: skip
def test_dyad_codes(pipeline: Pipeline, sentence: str, expected: tuple[str, str]) -> None:
    doc = extract(sentence, pipeline=pipeline)
    pairs = {(src, tgt) for _, src, tgt in code_dyads(doc)}
    assert (frozenset(expected[0].split()), frozenset(expected[1].split())) in pairs


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        # A compound subject with no counterpart keeps an empty target; the reporter of the
        # sentence is never a role.
        ("Kenya and Uganda agreed to reopen the border, a UN official said.",
         dyad("AGREE", "KEN UGA"), "IGO"),
        ("Chile and Peru signed a trade deal on Monday, the Chilean foreign ministry said.",
         None, "---"),
        ("Turkish jets struck several villages, according to Iraqi officials.",
         None, "IRQ"),
        ("Morocco will host talks with Mauritania next week, said a spokesman for Algeria.",
         None, "DZA"),
    ],
)  # fmt: skip
def test_reporting_clause_takes_no_role(
    pipeline: Pipeline, sentence: str, expected: CodeDyad | None, absent: str
) -> None:
    doc = extract(sentence, pipeline=pipeline)
    found = code_dyads(doc)
    if expected is not None:
        assert expected in found
    assert doc.events
    assert all(absent not in src | tgt for _, src, tgt in found)


def test_a_fuller_event_subsumes_its_partial_twin(pipeline: Pipeline) -> None:
    doc = extract("Israeli jets bombed targets in Lebanon.", pipeline=pipeline)
    assert code_dyads(doc) == {dyad("ASSAULT", "ISR", "LBN")}


def test_committed_to_is_not_a_passive(pipeline: Pipeline) -> None:
    doc = extract("Vietnam is committed to economic reform.", pipeline=pipeline)
    assert all(codes == frozenset({"VNM"}) for _, codes, _ in code_dyads(doc))
    assert doc.events


def test_inferred_country_is_explained(pipeline: Pipeline) -> None:
    doc = extract("Police fired tear gas at protesters in Nairobi.", pipeline=pipeline)
    event = doc.events[0]
    assert any(rule.startswith("country:") for rule in event.rules)
    police = event.source[0]
    assert (police.actor.code, police.actor.sector) == ("KEN", "COP")
    assert doc.text[police.start : police.end] == "Police"


def test_two_states_leave_a_countryless_actor_open(pipeline: Pipeline) -> None:
    doc = extract("Police detained French and German tourists.", pipeline=pipeline)
    for event in doc.events:
        assert all(m.actor.code == "---" for m in event.source)


def _reporting(sentence: str) -> list[str]:
    tokens = tokenize(sentence, 0, len(sentence))
    view = clauses.make_view(tokens, [], sentence)
    return [w for w, flag in zip(tokens.lower, view.reporting, strict=True) if flag]


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("Talks resumed in Geneva, officials said on Tuesday.",
         [",", "officials", "said", "on", "tuesday", "."]),
        ("Talks resumed, said a senior diplomat.", [",", "said", "a", "senior", "diplomat", "."]),
        ("According to the army, the border is calm.", ["according", "to", "the", "army"]),
        ("The minister said that talks resumed.", []),
        ("Officials said the talks would resume, and both sides agreed.", []),
    ],
)  # fmt: skip
def test_reporting_clause_marks(sentence: str, words: list[str]) -> None:
    assert _reporting(sentence) == words


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "-ly" names are subjects, not adverbs.
        ("Italy recalled its ambassador from Belarus.", dyad("SANCTION", "ITA", "BLR")),
        # Coordinated parties agreeing on something between themselves: no third party.
        ("Norway and Chile agreed on a fishing pact between the two countries.",
         dyad("AGREE", "NOR CHL")),
        # A complaint to an addressee "over" an actor's deed targets that actor.
        ("Peru complained to the United Nations over Chilean border incursions.",
         dyad("ACCUSE", "PER", "CHL")),
        # The object of the first verb is not the subject of the second.
        ("Somali militants kidnapped two Kenyan teachers and burned a school in Mandera.",
         dyad("ASSAULT", "SOM", "KEN")),
        # A demand for "the withdrawal of X from Y" is made of X.
        ("Georgia demanded the withdrawal of Russian troops from Abkhazia.",
         dyad("REQUEST", "GEO", "RUS")),
        # An ethnic community is coded by where it lives, not by its kin state.
        ("Police beat ethnic Hungarians at a rally in Romania.", dyad("ASSAULT", "ROU", "ROU")),
        # A named official with a rank or a lower-case title is an actor of the sentence's state.
        ("Maj. Gen. Adam Kowalski resigned after the scandal in Poland.", dyad("RETREAT", "POL")),
        # "The government" takes the country of the place it acts in, or of the protest.
        ("The government in Kampala jailed four opposition leaders.",
         dyad("COERCE", "UGA", "UGA")),
        ("Thousands of dockers in Lisbon marched against the government's labour reform.",
         dyad("PROTEST", "PRT", "PRT")),
        # An attacker named by its side's adjective is that side, not the place's (1.3).
        ("Insurgent attacks killed nine soldiers in Kunar.", dyad("ASSAULT", "---", "AFG")),
        # Mutual fighting is ordered as written: "between A and B", "A and B clashed".
        ("Fighting broke out between Ugandan troops and Congolese rebels.",
         dyad("ASSAULT", "UGA", "COD")),
        ("Armenian and Azerbaijani soldiers clashed on the border.",
         dyad("ASSAULT", "ARM", "AZE")),
        # An offensive or a capture in a place whose holder is not named has no target (1.3).
        ("Ethiopian troops launched an offensive in Tigray on Monday.",
         dyad("ASSAULT", "ETH")),
        # Unnamed "terrorists" and "guerrillas" take no country from the place (1.4).
        ("Terrorists shelled three villages in the province of Hama on Monday.",
         dyad("ASSAULT", "---", "SYR")),
        # A patrol or a deployment faces no one named beside it.
        ("Russian bombers will patrol the Caribbean amid tension between Moscow and Kyiv.",
         dyad("MOBILIZE", "RUS")),
        # Unnamed victims are the people of the place named (1.4).
        ("Gunmen stormed a bus near Kaduna and shot dead a civilian.",
         dyad("ASSAULT", "---", "NGA")),
        # The other side of the war or the deal a crowd protests is not whom it protests.
        ("Some 3,000 students protested in Seoul against the war on Syria.",
         dyad("PROTEST", "KOR")),
        ("Thousands of people demonstrated in Cairo against the peace deal with Israel.",
         dyad("PROTEST", "EGY")),
        ("Hundreds rallied in Rabat on Friday against the talks with Algeria.",
         dyad("PROTEST", "MAR")),
        # An attacker arrested takes no country from the place; another person does (1.4).
        ("A gunman was arrested by police in Nairobi on Monday.", dyad("COERCE", "KEN", "---")),
        ("A gunman who took 12 passengers hostage was captured by security forces on Monday "
         "in Mombasa, Kenya.", dyad("COERCE", "KEN", "---")),
        ("A man was arrested by police in Nairobi on Monday.", dyad("COERCE", "KEN", "KEN")),
        # A state's public place is where a crowd protests; its parliament is whom.
        ("Several hundred nurses demonstrated outside Kenya's National Theatre on Monday.",
         dyad("PROTEST", "KEN")),
        ("Thousands of teachers rallied in Ghana's Independence Square on Sunday.",
         dyad("PROTEST", "GHA")),
        ("Hundreds of students protested outside Kenya's parliament on Monday.",
         dyad("PROTEST", "KEN", "KEN")),
    ],
)  # fmt: skip
def test_role_rules(pipeline: Pipeline, sentence: str, expected: CodeDyad) -> None:
    assert expected in code_dyads(extract(sentence, pipeline=pipeline))


def test_opening_locative_is_no_subject(pipeline: Pipeline) -> None:
    doc = extract("In Yemen, unidentified gunmen attacked a Saudi convoy.", pipeline=pipeline)
    assert all(doc.text[m.start : m.end] != "Yemen" for e in doc.events for m in e.source)
    # ... nor is a capital after "the city of" (the capital would be its government)
    doc = extract(
        "In the northern city of Kabul, militants shelled three villages.", pipeline=pipeline
    )
    assert doc.events
    assert all(doc.text[m.start : m.end] != "Kabul" for e in doc.events for m in e.source)


def test_own_country_named_as_a_place_is_no_target(pipeline: Pipeline) -> None:
    doc = extract("Opposition leader Raila Odinga demanded elections in Kenya.", pipeline=pipeline)
    assert dyad("REQUEST", "KEN") in code_dyads(doc)


def test_a_subject_that_is_no_actor_is_what_its_apposition_describes(pipeline: Pipeline) -> None:
    # "Name, a senior X commander, was killed": the victim is X's; a group only tied to
    # the subject by another preposition ("an aide to ...") is not the subject. Who backs
    # a group in such an apposition says what it is: no SUPPORT event (codebook 8).
    text = "Karim Nasser, a senior al-Qaeda commander, was shot dead near Marib on Monday."
    assert dyad("ASSAULT", "", "IMG") in code_dyads(extract(text, pipeline=pipeline))
    text = "Karim Nasser, an aide to the Moroccan king, was shot dead on Monday."
    assert all("MAR" not in t for _, _, t in code_dyads(extract(text, pipeline=pipeline)))
    text = (
        "The commander of the Free Tribes Brigade, a rebel group supported by Jordan, was killed."
    )
    assert all(kind != "SUPPORT" for kind, _, _ in code_dyads(extract(text, pipeline=pipeline)))


def test_the_object_of_a_clause_joins_no_subject_after_its_comma(pipeline: Pipeline) -> None:
    # "killed four Kenyan policemen, and the government blamed ...": two clauses, not the
    # policemen and the government blaming together.
    text = (
        "Gunmen killed four Kenyan policemen, and the government blamed al-Shabaab for the attack."
    )
    doc = extract(text, pipeline=pipeline)
    [accuse] = [e for e in doc.events if e.type == "ACCUSE"]
    assert [text[m.start : m.end] for m in accuse.source] == ["government"]


@pytest.mark.parametrize(
    "text",
    [
        '"We deplore this senseless attack," the Peruvian interior minister said.',
        "Downing Street criticised Turkey over the strike on the refugee camp.",
    ],
)
def test_a_criticised_attack_does_not_borrow_the_critic_as_attacker(
    text: str, pipeline: Pipeline
) -> None:
    # The critic is the clause subject of the noun "attack", not who attacked.
    doc = extract(text, pipeline=pipeline)
    assert [e for e in doc.events if e.type == "ASSAULT" and e.source] == []
    assert any(e.type == "ACCUSE" for e in doc.events)


@pytest.mark.parametrize(
    "text",
    [
        "Rwandan soldiers were said to have killed nine Congolese villagers.",
        "Chadian rebels are reported to have kidnapped two Nigerien officials.",
    ],
)
def test_the_subject_of_a_raised_report_is_the_actor(text: str, pipeline: Pipeline) -> None:
    # "X were said to have done": the report is a hedge on X's own act, X its source.
    doc = extract(text, pipeline=pipeline)
    assert [e.type for e in doc.events] == ["ASSAULT"]
    [event] = doc.events
    assert event.source and event.hedged


def test_an_organisations_own_meeting_has_no_host(pipeline: Pipeline) -> None:
    # "SADC ministers met in Lusaka": the bloc's own meeting, Zambia no counterpart; a visit
    # by the bloc's official still has its host.
    doc = extract("SADC defence ministers met in Lusaka on Friday.", pipeline=pipeline)
    assert code_dyads(doc) == {dyad("CONSULT", "IGO")}
    doc = extract("The African Union chairperson visited Lusaka on Friday.", pipeline=pipeline)
    assert code_dyads(doc) == {dyad("CONSULT", "IGO", "ZMB")}


def test_a_stand_in_opening_a_sentence_means_the_actor_named_before(pipeline: Pipeline) -> None:
    # No event in the first sentence to take an actor from: "the ministry" is its subject.
    text = (
        "The Peruvian foreign ministry published a note on Tuesday. "
        "The ministry criticised Bolivia's new tariffs."
    )
    doc = extract(text, pipeline=pipeline)
    assert dyad("ACCUSE", "PER", "BOL") in code_dyads(doc)


def test_the_two_leaders_are_the_two_states_named_before(pipeline: Pipeline) -> None:
    # "The two leaders" after a meeting: both sides of it, not a lost actor.
    text = (
        "Ghana's president received his Togolese counterpart in Accra on Friday. "
        "The two leaders agreed to build a new highway."
    )
    doc = extract(text, pipeline=pipeline)
    assert dyad("AGREE", "GHA TGO") in code_dyads(doc)


def test_its_troops_are_the_state_named_before(pipeline: Pipeline) -> None:
    # "its" before a state's own forces names the state that speaks; not a town's people.
    doc = extract("Armenia said its soldiers shelled Azerbaijani positions.", pipeline=pipeline)
    assert code_dyads(doc) == {dyad("ASSAULT", "ARM", "AZE")}


def test_an_actor_takes_the_country_of_the_place_named_right_after_it(
    pipeline: Pipeline,
) -> None:
    # The sentence's places lie in two countries and its only state mention is whom the
    # crowd protests: the protesters are where they marched, not the visitor's countrymen.
    text = (
        "More than 20,000 protesters marched in Rome on Saturday against a visit of the "
        "US president, undeterred by bombings in Istanbul."
    )
    protests = {d for d in code_dyads(extract(text, pipeline=pipeline)) if d[0] == "PROTEST"}
    assert protests == {("PROTEST", frozenset({"ITA"}), frozenset({"USA"}))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An object pronoun after the participle is the reported clause's subject, so the
        # participle is the speaker's: the speaker accuses or urges that subject.
        ("Human Rights Watch said that the Ethiopian army had shelled villages in Tigray, "
         "accusing it of war crimes.", ("ACCUSE", frozenset({"NGO"}), frozenset({"ETH"}))),
        ("Kenya's foreign ministry said Somali militias had crossed the border, urging them "
         "to withdraw.", ("REQUEST", frozenset({"KEN"}), frozenset({"SOM"}))),
    ],
)  # fmt: skip
def test_a_participle_with_a_pronoun_object_is_the_speakers(
    text: str, expected: CodeDyad, pipeline: Pipeline
) -> None:
    assert expected in code_dyads(extract(text, pipeline=pipeline))


def test_a_participle_does_not_borrow_an_actor_from_the_clause_before_it(
    pipeline: Pipeline,
) -> None:
    # The clause before names no actor as its subject ("dozens from the villages"): the
    # states after its trigger are where the crowd stood, not who demands.
    text = (
        "Dozens from the villages demonstrated on Sunday outside the compound in Kabul, home "
        "of the Afghan parliament and the British embassy, demanding new elections."
    )
    demands = [d for d in code_dyads(extract(text, pipeline=pipeline)) if d[0] == "REQUEST"]
    assert demands and all(not d[1] & {"GBR"} for d in demands)
