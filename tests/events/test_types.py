"""Event types of the rules/1 coder on sentences written for these tests: which PLOVER types a
sentence yields, which it must not, and the CAMEO root that sets the quad class."""

from __future__ import annotations

import pytest

from dyads import extract
from dyads.model import Extraction
from dyads.pipeline import Pipeline


def code(pipeline: Pipeline, text: str) -> Extraction:
    return extract(text, published="2024-05-01", pipeline=pipeline)


@pytest.mark.parametrize(
    ("sentence", "present", "absent"),
    [
        # appeals and demands
        ("Egypt urged Israel to show restraint.", {"REQUEST"}, set()),
        ("Iran demanded that Britain release the tanker.", {"REQUEST"}, set()),
        ("The ministry declined to comment on the report.", set(), {"REJECT"}),
        # condolences: CAMEO 018, which PLOVER leaves uncoded, are SUPPORT by the codebook (4)
        ("Peru expressed condolences to Chile over the earthquake.", {"SUPPORT"}, set()),
        ("France praised Germany for its handling of the crisis.", {"SUPPORT"}, set()),
        # serving in a military operation is no endorsement of an actor
        ("Danish troops supporting Operation Desert Shield were sent to Kuwait.", set(),
         {"SUPPORT"}),
        # concessions and retreats
        ("Greece lifted the night curfew in Athens.", {"CONCEDE"}, {"COERCE", "RETREAT"}),
        ("Ghana released two Togolese journalists on Monday.", {"RETREAT"}, set()),
        ("Israel will evacuate its settlements in Gaza, Israeli officials said.", {"AGREE"}, set()),
        ("Israeli troops will storm the town at dawn, Palestinian sources said.", {"ASSAULT"},
         {"THREATEN"}),
        # reduce relations
        ("Norway suspended military aid to Ethiopia.", {"SANCTION"}, {"AID"}),
        ("Canada expelled two Russian diplomats on Friday.", {"SANCTION"}, set()),
        ("Japan cancelled a planned visit to China.", {"SANCTION"}, {"CONSULT"}),
        ("Russia announced a suspension of aid to Serbia.", {"SANCTION"}, set()),
        # shows of force
        ("Turkey put its troops on high alert along the Syrian border.", {"MOBILIZE"}, set()),
        ("Pakistan deployed troops along its border with India.", {"MOBILIZE"}, set()),
        ("Mexico sent its troops home from Haiti.", set(), {"MOBILIZE"}),
        ("The Syrian army is ramping up forces near Deraa.", {"MOBILIZE"}, set()),
        ("Russia ramped up troops along the border with Ukraine on Monday.", {"MOBILIZE"}, set()),
        # armed men moving into a place; the force is the verb's own subject
        ("About 300 Turkish troops entered the Syrian town of Jarablus.", {"MOBILIZE"}, set()),
        ("Turkish soldiers have entered the Syrian town of Afrin.", {"MOBILIZE"}, set()),
        ("Serbian forces withdrew before the NATO alliance entered Kosovo.", set(), {"MOBILIZE"}),
        # coercion
        ("Israeli bulldozers demolished Palestinian homes in Hebron.", {"COERCE"}, {"ASSAULT"}),
        ("Nigeria ordered the newspaper to suspend publication.", set(), {"AID"}),
        # material aid
        ("Germany delivered 50 tanks to Ukraine.", {"AID"}, set()),
        ("Chile sent 200 tents and blankets to Peru.", {"AID"}, set()),
        # consultations
        ("Spain hosted the Moroccan prime minister in Madrid.", {"CONSULT"}, set()),
        ("Italy welcomed the new Libyan government.", {"SUPPORT"}, {"CONSULT"}),
        ("Britain sent experts to Kenya to investigate the killings.", {"ACCUSE"}, set()),
        # a criticised event is the topic, not news of its own
        ("Kenya condemned the attack on a church in Mombasa.", {"ACCUSE"}, {"ASSAULT"}),
        # background events beside the news
        (
            "Chad withdrew its troops from Mali after militants attacked a convoy.",
            {"RETREAT"},
            {"ASSAULT"},
        ),
        (
            "Libya freed two Tunisian nationals whom it had detained in 2019.",
            {"RETREAT"},
            {"COERCE"},
        ),
        # a trigger word inside a name is no trigger
        ("Ottawa welcomed the deal, the Canadian Press reported.", set(), {"REQUEST"}),
        # repatriated property; a decision taken; an order carried out; an attempt
        ("Canada returned three looted statues to Mali.", {"RETREAT"}, set()),
        ("Brazil decided to lift its tariffs on Uruguayan wine.", {"RETREAT"}, {"AGREE"}),
        ("Nigeria ordered the newspaper to suspend publication.", set(), {"THREATEN"}),
        ("Chad offered to send troops to help Niger.", {"AGREE"}, {"THREATEN"}),
        ("Armenia said Azerbaijan violated the ceasefire.", {"ASSAULT"}, {"REJECT"}),
        ("Peru launched cyber warfare against Chile.", {"COERCE"}, set()),
        ("Sweden has become the largest donor of aid to Kenya.", {"AID"}, set()),
        ("Portugal will join a joint military exercise with Spain.", set(), {"MOBILIZE"}),
        ("Finland signed a long-awaited trade agreement with Japan.", {"SUPPORT"}, set()),
        ("Greece pledged to fight corruption.", set(), {"THREATEN"}),
        # a campaign named by its owner and foe is the cause pursued, not an act reported
        ("Kenya remains steadfast in its support of Uganda in their fight against the rebels.",
         {"SUPPORT"}, {"ASSAULT"}),
        ("Ugandan troops killed five rebels in their fight against the insurgency.", {"ASSAULT"},
         set()),
        # an attack qualified as scathing is made with words
        ("The Kenyan minister made a blistering attack on the Ugandan president.", {"ACCUSE"},
         {"ASSAULT"}),
        ("Ghana's envoy launched a scathing attack on Togo at the summit.", {"ACCUSE"},
         {"ASSAULT"}),
    ],
)  # fmt: skip
def test_types(pipeline: Pipeline, sentence: str, present: set[str], absent: set[str]) -> None:
    types = {event.type for event in code(pipeline, sentence).events}
    assert present <= types, types
    assert not absent & types, types


@pytest.mark.parametrize(
    ("sentence", "root", "quad"),
    [
        ("Egypt urged Israel to show restraint.", "02", 1),
        ("Iran demanded that Britain release the tanker.", "10", 3),
    ],
)
def test_appeal_and_demand_keep_their_cameo_roots(
    pipeline: Pipeline, sentence: str, root: str, quad: int
) -> None:
    requests = [e for e in code(pipeline, sentence).events if e.type == "REQUEST"]
    assert requests
    assert all(e.cameo.startswith(root) and e.quad_class == quad for e in requests)


@pytest.mark.parametrize(
    ("sentence", "main"),
    [
        # the criticism, not the criticised attack, is what the sentence reports
        ("Kenya strongly condemned the Somali attack on Ethiopia.", "ACCUSE"),
        # a participle describing an actor is no main event
        ("Ghana freed two Togolese soldiers held captive since May.", "RETREAT"),
        ("The Ugandan force fighting rebels in Congo declared a ceasefire.", "RETREAT"),
        ("Ecuador granted asylum to a Peruvian, who was fighting extradition.", "AID"),
    ],
)
def test_the_main_event_is_the_most_confident(pipeline: Pipeline, sentence: str, main: str) -> None:
    events = code(pipeline, sentence).events
    assert events
    best = max(events, key=lambda e: (e.confidence, e.quad_class))
    assert best.type == main, [(e.type, e.confidence) for e in events]


def test_an_office_names_who_resigns(pipeline: Pipeline) -> None:
    events = code(pipeline, "Mr Ortega resigned as president of Nicaragua on Friday.").events
    assert [e.type for e in events] == ["RETREAT"]
    assert [m.actor.code for m in events[0].source] == ["NIC"]
