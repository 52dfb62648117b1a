"""rules/1 on sentences written for these tests: type, dyad and flags of each event."""

from __future__ import annotations

import pytest

from dyads import extract
from dyads.model import Event, Extraction
from dyads.pipeline import Pipeline
from dyads.registry import get

Dyad = tuple[str, tuple[str, ...], tuple[str, ...]]


def dyads(doc: Extraction) -> set[Dyad]:
    return {
        (e.type, tuple(m.actor.id for m in e.source), tuple(m.actor.id for m in e.target))
        for e in doc.events
    }


def flags(event: Event) -> set[str]:
    return {f for f in ("quoted", "hedged", "negated", "hypothetical") if getattr(event, f)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("France condemns Russia's annexation of Crimea.", ("ACCUSE", ("FRA",), ("RUS",))),
        ("Japan expressed deep concern about China's military drills near Taiwan.",
         ("ACCUSE", ("JPN",), ("CHN",))),
        ("The EU reaffirmed its support for Moldova.", ("SUPPORT", ("EU",), ("MDA",))),
        ("Egypt's foreign minister met with his Israeli counterpart in Cairo.",
         ("CONSULT", ("EGY",), ("ISR",))),
        ("Iran and Saudi Arabia held talks in Beijing.", ("CONSULT", ("IRN", "SAU"), ())),
        ("The United States imposed sanctions on North Korea.",
         ("SANCTION", ("USA",), ("PRK",))),
        ("Turkey expelled two Swedish diplomats.", ("SANCTION", ("TUR",), ("SWE",))),
        ("Ukraine was attacked by Russia overnight.", ("ASSAULT", ("RUS",), ("UKR",))),
        ("Russia, China and Iran held joint naval drills.",
         ("COOPERATE", ("RUS", "CHN", "IRN"), ())),
        ("Azerbaijan released ten Armenian prisoners.", ("RETREAT", ("AZE",), ("ARM",))),
        ("Qatar mediated talks between Israel and Hamas.", ("CONSULT", ("ISR", "HAMAS"), ())),
        ("Poland refused to meet Belarus.", ("REJECT", ("POL",), ("BLR",))),
        ("Moscow called on Washington to halt arms deliveries to Kyiv.",
         ("REQUEST", ("RUS",), ("USA",))),
        ("The Kremlin accused Kyiv of shelling a power plant.", ("ACCUSE", ("RUS",), ("UKR",))),
        # A promise its own source states is AGREE; a plan others report keeps its type.
        ("Canada will send humanitarian aid to Haiti, Canadian officials said.",
         ("AGREE", ("CAN",), ("HTI",))),
        ("Canada will send humanitarian aid to Haiti, Haitian officials said.",
         ("AID", ("CAN",), ("HTI",))),
        ("Russia threatened to cut gas supplies to Moldova.",
         ("THREATEN", ("RUS",), ("MDA",))),
        ("Beijing's support for Moscow worries Brussels.", ("SUPPORT", ("CHN",), ("RUS",))),
        ("Israeli jets bombed targets in Lebanon.", ("ASSAULT", ("ISR",), ("LBN",))),
    ],
)  # fmt: skip
def test_sentence_yields_event(pipeline: Pipeline, sentence: str, expected: Dyad) -> None:
    assert expected in dyads(extract(sentence, pipeline=pipeline))


def test_an_accusation_is_coded_not_the_act_it_alleges(pipeline: Pipeline) -> None:
    doc = extract("The Kremlin accused Kyiv of shelling a power plant.", pipeline=pipeline)
    assert [e.type for e in doc.events] == ["ACCUSE"]
    assert "absorbs:assault.heavy" in doc.events[0].rules


def test_concern_about_an_event_keeps_the_event_claimed(pipeline: Pipeline) -> None:
    doc = extract("Japan voiced concern about China's support for Russia.", pipeline=pipeline)
    support = next(e for e in doc.events if e.type == "SUPPORT")
    assert [m.actor.id for m in support.source] == ["CHN"]
    assert support.claimed_by is not None and support.claimed_by.actor.id == "JPN"


def test_denial_gives_reject_and_a_negated_event(pipeline: Pipeline) -> None:
    doc = extract("Iran denied supplying drones to Russia.", pipeline=pipeline)
    by_type = {e.type: e for e in doc.events}
    assert by_type["REJECT"].source[0].actor.id == "IRN"
    aid = by_type["AID"]
    assert ([m.actor.id for m in aid.source], [m.actor.id for m in aid.target]) == (
        ["IRN"], ["RUS"])  # fmt: skip
    assert "negated" in flags(aid) and "military" in aid.context


def test_hedged_and_claimed(pipeline: Pipeline) -> None:
    doc = extract("Lithuania said Russia reportedly moved troops to the Belarus border.",
                  pipeline=pipeline)  # fmt: skip
    event = next(e for e in doc.events if e.type == "MOBILIZE")
    assert "hedged" in flags(event)
    assert event.claimed_by is not None and event.claimed_by.actor.id == "LTU"


def test_governing_verbs_absorb_their_complement(pipeline: Pipeline) -> None:
    doc = extract("Poland refused to meet Belarus.", pipeline=pipeline)
    assert {e.type for e in doc.events} == {"REJECT"}
    assert doc.events[0].cameo == "125"


def test_coordination_gives_one_event_per_counterpart_for_cooperation(
    pipeline: Pipeline,
) -> None:
    doc = extract("Russia bolstered military ties with China and Iran.", pipeline=pipeline)
    pairs = {(e.source[0].actor.id, e.target[0].actor.id) for e in doc.events}
    assert pairs == {("RUS", "CHN"), ("RUS", "IRN")}
    assert all("military" in e.context for e in doc.events)


def test_relative_clause_takes_its_antecedent(pipeline: Pipeline) -> None:
    doc = extract("They criticised Armenia, which shelled Azerbaijan on Monday.",
                  published="2024-10-23", pipeline=pipeline)  # fmt: skip
    assault = next(e for e in doc.events if e.type == "ASSAULT")
    assert [m.actor.id for m in assault.source] == ["ARM"]
    assert [m.actor.id for m in assault.target] == ["AZE"]
    assert assault.date == "2024-10-21" and assault.date_precision == "day"


def test_pronoun_resolves_to_the_previous_actor(pipeline: Pipeline) -> None:
    doc = extract("Norway praised Finland. Later it condemned Belarus.", pipeline=pipeline)
    accuse = next(e for e in doc.events if e.type == "ACCUSE")
    assert [m.actor.id for m in accuse.source] == ["NOR"]


def test_quote_speaker_claims_and_first_person_resolves(pipeline: Pipeline) -> None:
    text = 'Spain condemned the raid. "We condemn Venezuela," the statement reads.'
    doc = extract(text, pipeline=pipeline)
    quoted = next(e for e in doc.events if e.quoted)
    assert [m.actor.id for m in quoted.source] == ["ESP"]
    assert [m.actor.id for m in quoted.target] == ["VEN"]
    assert quoted.claimed_by is not None and quoted.claimed_by.actor.id == "ESP"


def test_no_event_without_actors(pipeline: Pipeline) -> None:
    assert extract("Somebody condemned something yesterday.", pipeline=pipeline).events == []


def test_records_are_complete_and_ids_stable(pipeline: Pipeline) -> None:
    text = "Germany condemned Russia's invasion of Ukraine."
    first = extract(text, published="2024-10-20", pipeline=pipeline)
    second = extract(text, published="2024-10-20", pipeline=pipeline)
    assert [e.id for e in first.events] == [e.id for e in second.events]
    for event in first.events:
        record = event.to_dict(first.text)
        assert record["extractor"] == "rules/1" and record["pattern"]
        assert text[event.trigger.start : event.trigger.end] == record["trigger"]["text"]
        assert 0 < record["confidence"] <= 1 and record["quad_class"] in (1, 2, 3, 4)


def test_outlets_are_never_event_actors(pipeline: Pipeline) -> None:
    doc = extract("Russia shelled Kharkiv, Caliber.Az reports, citing foreign media.",
                  pipeline=pipeline)  # fmt: skip
    for event in doc.events:
        assert all(m.actor.kind != "outlet" for m in (*event.source, *event.target))
        assert event.reported_by == "Caliber.Az citing foreign media"


def test_registered_as_rules_1() -> None:
    factory = get("extractors", "rules/1")
    assert factory.name == "rules/1"


def test_an_opening_background_phrase_governs_nothing_past_its_comma() -> None:
    doc = extract(
        "Despite a warning of famine by aid agencies, the Israeli government is refusing to "
        "lift the blockade on Gaza."
    )
    assert [e.type for e in doc.events] == ["REJECT"]


def test_an_accusation_in_a_relative_clause_describes_the_actor() -> None:
    # The accusation tells who the rebels are; it governs nothing past its closing comma,
    # and it is not news beside the sentence's own act.
    text = "Ugandan rebels, who are accused of abuses, attacked a village in Kenya."
    doc = extract(text)
    assert [(e.type, e.trigger.text_in(text)) for e in doc.events] == [("ASSAULT", "attacked")]
    doc = extract("Ugandan rebels, who threatened to attack Kenya, shelled a village in Kenya.")
    assert {e.type for e in doc.events} == {"THREATEN", "ASSAULT"}
    # Said of someone in the main clause, the accusation is news.
    doc = extract("Kenya accused Ugandan rebels of abuses.")
    assert [e.type for e in doc.events] == ["ACCUSE"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Bilateral meetings between Iranian and Saudi officials took place in Baghdad.",
            "CONSULT",
        ),
        ("Thousands of Kenyan teachers held rallies in Nairobi against the new tax.", "PROTEST"),
    ],
)
def test_plural_event_nouns_are_triggers_as_their_singulars(sentence: str, kind: str) -> None:
    assert kind in {e.type for e in extract(sentence).events}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Kenyan police said no officers were hurt in the attack.",  # reported speech
        "The new envoy hails from Basra, a city in southern Iraq.",  # where he was born
        "Hundreds of Palestinian medical workers demonstrated in Gaza City.",  # who, no aid
    ],
)
def test_words_that_only_look_like_a_refusal_praise_or_aid(sentence: str) -> None:
    assert {e.type for e in extract(sentence).events} & {"REJECT", "SUPPORT", "AID"} == set()


def test_saying_no_to_something_and_hailing_someone_are_still_coded() -> None:
    assert "REJECT" in {e.type for e in extract("Turkey said no to the Swedish request.").events}
    assert "SUPPORT" in {e.type for e in extract("Kenya hailed the UN envoy.").events}


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Thousands of Indian troops were deployed to the border.", "IND"),
        ("Indian troops were quickly deployed to Ladakh.", "IND"),
        ("More than 5,000 Kenyan police were mobilized in Nairobi.", "KEN"),
        ("The Kenyan government mobilized 5,000 police officers.", "KEN"),
    ],
)
def test_forces_deployed_in_the_passive_are_their_states_mobilisation(
    sentence: str, source: str
) -> None:
    found = [e for e in extract(sentence).events if e.type == "MOBILIZE"]
    assert [m.actor.code for m in found[0].source] == [source] and len(found) == 1


def test_forces_a_participle_describes_are_no_mobilisation() -> None:
    assert "MOBILIZE" not in {
        e.type for e in extract("The soldiers deployed in Mali were attacked.").events
    }


def test_what_the_news_adds_to_is_told_already() -> None:
    doc = extract(
        "In addition to the airstrikes over Idlib city, the Russian air force also bombed "
        "Islamic State positions near Palmyra."
    )
    assert [(e.type, text_of(doc, e)) for e in doc.events] == [("ASSAULT", "bombed")]


def text_of(doc: Extraction, event: Event) -> str:
    return doc.text[event.trigger.start : event.trigger.end]


def test_close_to_a_border_is_a_place_closing_a_border_an_act() -> None:
    near = extract("Gunmen struck a village close to the Kenyan border on Monday.")
    assert "COERCE" not in {e.type for e in near.events}
    for text in ("Kenya closed its border with Somalia.", "Turkey closed borders with Syria."):
        assert "COERCE" in {e.type for e in extract(text).events}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Kenyan president offered his condolences to the families of the victims.",
        "Japan sent condolences to Turkey after the earthquake.",
    ],
)
def test_condolences_are_support_as_the_codebook_codes_them(sentence: str) -> None:
    assert "SUPPORT" in {e.type for e in extract(sentence).events}


def test_x_backed_rebels_without_a_hyphen_describe_who_fought() -> None:
    doc = extract("The U.S. backed rebels of the Free Syrian Army shelled Syrian army positions.")
    assert [e.type for e in doc.events] == ["ASSAULT"]
    assert "SUPPORT" in {e.type for e in extract("The United States backed the rebels.").events}


def test_an_announced_plan_keeps_the_announcer_as_its_actor() -> None:
    # "announced" ends a clause for reported speech, but its own infinitive is its subject's.
    doc = extract("Peru announced plans to deploy troops on its border with Ecuador.")
    assert [(e.type, [m.actor.id for m in e.source]) for e in doc.events] == [("THREATEN", ["PER"])]
    doc = extract("Peru announced that rebels attacked Ecuador.")
    assert all("PER" not in [m.actor.id for m in e.source] for e in doc.events)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # A passive accusation that names no accuser describes the accused.
        ("The Ruritanian army has long been accused of abuses in the north.", []),
        ("Kenyan police arrested a man who is accused of arson in Nakuru.", ["COERCE"]),
        # Named, the accuser acts.
        ("Rwanda was accused by Congo of backing the rebels.", ["ACCUSE"]),
    ],
)
def test_an_accusation_without_an_accuser_is_no_act(text: str, types: list[str]) -> None:
    assert [e.type for e in extract(text).events] == types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An arrest of "a"/"the" someone is an arrest ("jailed a student").
        ("Kenyan police detained a Ugandan journalist.", ("COERCE", ("KEN",), ("UGA",))),
        ("Kenya jailed a Ugandan activist for ten years.", ("COERCE", ("KEN",), ("UGA",))),
        # What is supplied names the act: trucks and generators are material aid.
        ("China provided the Zambian army with trucks.", ("AID", ("CHN",), ("ZMB",))),
    ],
)
def test_arresting_someone_named_with_an_article(text: str, expected: Dyad) -> None:
    assert {
        (e.type, tuple(m.actor.code for m in e.source), tuple(m.actor.code for m in e.target))
        for e in extract(text).events
    } == {expected}


def test_what_happened_before_a_later_act_is_no_background() -> None:
    # "A, before B did C": C came after A, so it is news as much as A ("after" and "when"
    # clauses still tell the time or cause of the news)
    doc = extract(
        "Four Ukrainian soldiers were killed in the shelling, before Russian forces withdrew "
        "from the village."
    )
    assert {e.type for e in doc.events} == {"ASSAULT", "RETREAT"}


def test_an_act_in_the_present_after_before_is_a_condition() -> None:
    doc = extract("Sudanese rebels said Khartoum must release prisoners before they disarm.")
    assert "RETREAT" not in {e.type for e in doc.events}


def test_what_a_cause_leads_someone_to_do_is_told_not_an_aim() -> None:
    # "prompting X to send troops": the sending is an act of X, not the purpose of the attack
    doc = extract(
        "Gunmen attacked a market in northern Mali, prompting the government to send troops "
        "to the region."
    )
    assert "MOBILIZE" in {e.type for e in doc.events}


def test_an_aim_after_a_noun_stays_an_aim() -> None:
    doc = extract("Chad sent troops to the border to help Niger.")
    assert "AID" not in {e.type for e in doc.events}
