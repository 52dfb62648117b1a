"""One attack, one event; captures typed by who captures what; weapons of war with no attacker
named; month names that are not marches; patrols (sentences written for these tests)."""

from __future__ import annotations

import pytest

from dyads.pipeline import extract

from .coding import coded


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Russian jets bombed a market in Idlib, killing nine people and wounding 30.", "bombed"),
        (
            "Two Kenyan soldiers were killed and four wounded in an ambush by Shabaab fighters.",
            "ambush",
        ),
        ("Israeli police shot and killed a Palestinian teenager in Hebron.", "shot"),
        ("Twelve Afghan soldiers were killed and five were wounded on Monday.", "killed"),
    ],
)
def test_an_attack_told_by_several_verbs_is_one_event(text: str, trigger: str) -> None:
    events = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert len(events) == 1 and trigger in events[0][1]


def test_the_casualties_lend_the_attack_its_victims() -> None:
    [event] = coded("Twenty Iraqi soldiers were killed in an ambush on Tuesday.")
    assert event[:2] == ("ASSAULT", "ambush") and event[3] == ("IRQ",)


def test_the_victims_a_passive_names_outrank_an_actor_merely_near_the_attack() -> None:
    text = (
        "Four Kenyan policemen were killed when a car bomb exploded near a French military base "
        "in the town of Garissa."
    )
    [attack] = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert attack[3] == ("KEN",)


def test_a_killing_and_a_kidnapping_are_two_events() -> None:
    events = coded("Rebels in Mali killed two Malian soldiers and abducted a French aid worker.")
    assert sorted(e[1] for e in events if e[0] == "ASSAULT") == ["abducted", "killed"]


def test_attacks_by_different_named_attackers_stay_apart() -> None:
    text = "Syrian troops shelled Idlib while Turkish jets killed four Kurdish fighters in Afrin."
    assert len([e for e in coded(text) if e[0] == "ASSAULT"]) == 2


def test_taking_a_town_by_force_is_fighting() -> None:
    [event] = coded("Ethiopian troops captured the town of Shire from the TPLF on Sunday.")
    assert event[0] == "ASSAULT"


@pytest.mark.parametrize(
    "text",
    [
        "Taliban fighters captured almost half of Ghor district.",
        "Rebels captured about half of Kidal.",
        "Government troops recaptured nearly half of the city of Marawi on Friday.",
    ],
)
def test_taking_about_half_of_a_place_is_fighting(text: str) -> None:
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_captured_people_by_police_is_an_arrest_by_rebels_an_abduction() -> None:
    assert [e[0] for e in coded("Nigerian police captured two suspects in Kano.")] == ["COERCE"]
    events = coded("Hezbollah fighters captured two Israeli soldiers near the border.")
    assert [(e[0], e[2], e[3]) for e in events] == [("ASSAULT", ("LBN",), ("ISR",))]
    doc = extract("Hezbollah fighters captured two Israeli soldiers near the border.")
    assert doc.events[0].mode == "abduct" and doc.events[0].cameo == "181"


def test_a_bombing_with_no_attacker_named_falls_on_the_place_it_hit() -> None:
    assert coded("A roadside bomb exploded near a crowded bus in Kandahar on Sunday.") == [
        ("ASSAULT", "roadside bomb", (), ("AFG",))
    ]


def test_a_knife_crime_with_no_actor_is_not_coded() -> None:
    assert coded("A man was stabbed outside a bar in Kandahar on Sunday.") == []


def test_a_capitalised_month_is_no_march() -> None:
    events = coded("Kenyan police detained two Ugandan lawmakers in Nairobi March 3.")
    assert [e[0] for e in events] == ["COERCE"]
    assert [e[0] for e in coded("Thousands of Kenyan teachers march in Nairobi.")] == ["PROTEST"]


def test_soldiers_on_patrol_are_a_show_of_force() -> None:
    events = coded("Malian soldiers patrolled the streets of Bamako on Friday.")
    assert [e[0] for e in events] == ["MOBILIZE"]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        # the force named by its armour or its service, not by "troops" or "police"
        ("Security agents patrolled outside the mosque in Tabriz on Friday.", "COP"),
        ("Dozens of Georgian tanks patrolled the centre of Tbilisi on Tuesday.", "MIL"),
        ("Belarusian armoured vehicles patrolled the main square of Minsk.", "MIL"),
    ],
)
def test_a_patrol_by_agents_or_armour_has_its_force(text: str, sector: str) -> None:
    events = extract(text, published="2024-05-09").events
    assert [(e.type, [m.actor.sector for m in e.source]) for e in events] == [
        ("MOBILIZE", [sector])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The insurgency has killed more than 40,000 Nigerians since the start of the uprising.",
        "Colombian rebels have killed 300 soldiers over the past three years.",
        "Turkish warships have been patrolling the Aegean since January.",
        # acts counted, or an attempt going on, in a perfect with "since" (its clause too)
        "Ethiopian jets had carried out more than 30 air strikes since the rebels left the talks.",
        "Malian troops have been attempting to retake the city since March.",
    ],
)
def test_a_tally_or_a_standing_activity_is_no_event(text: str) -> None:
    assert coded(text) == []


def test_an_act_dated_years_before_the_article_is_background() -> None:
    assert coded("Ecuadorian troops shelled Peruvian positions in 1995.") == []
    assert [e[0] for e in coded("Ecuadorian troops shelled Peruvian positions on Monday.")] == [
        "ASSAULT"
    ]
    # a prefixed year is a year too; the year token may be the sentence's only one
    assert coded("In mid-1992, Ecuadorian troops shelled Peruvian positions.") == []
    assert coded("Ecuadorian troops shelled Peruvian positions in late-1995.") == []


@pytest.mark.parametrize(
    "text",
    [
        # the sentence's opening dates every clause of it
        "In June 2003 the Peruvian outpost was captured by Ecuadorian troops after days of "
        "fighting that saw 40 Peruvian soldiers killed.",
        # a clause at the same time, with its own act or none, dates the act before it
        "The valley was captured by Ecuadorian troops when their forces seized Peru's border "
        "posts in the 1995 war.",
        "A Chilean consul was shot dead while walking to his car outside the consulate on "
        "March 3, 1991.",
        "A Peruvian officer was captured near Tiwintza during clashes in 1995 between "
        "Ecuadorian troops and Peruvian forces.",
        # a bare noun with no actor between the act and its year ("at a roadblock") is a scene
        "Ortiz, a Bolivian, was arrested at a roadblock in Chile in May 2009 and accused of "
        "smuggling.",
        # a noun act after "in a" is the act's scene, not a later act: the year past it counts
        "Ramirez, who led a rebel unit in the north, was captured in a clash with the army in "
        "June 1997.",
        "The Tuareg commander was seized in a raid by Malian troops on his camp in 2012.",
        # a participle right after the act tells the victim's doing, at the same time
        "Moreno was captured fighting for the FARC in Colombia in March 2002 and later jailed.",
    ],
)
def test_a_year_in_the_opening_or_a_same_time_clause_dates_the_act(text: str) -> None:
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The following year Ortega was captured and jailed in Peru.",
        "Several months earlier, six Chilean officers were detained by Bolivian police.",
        "Peruvian troops shelled Ecuadorian posts two years ago.",
        "A year ago, Ecuadorian troops attacked a Peruvian outpost near Tiwintza.",
    ],
)
def test_a_look_back_by_years_or_months_is_background(text: str) -> None:
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Peruvian troops shelled Ecuadorian posts three weeks ago.",
        # a time inside a relative clause about the attacker is that clause's, not the act's
        "Peruvian troops, who were deployed last year, attacked a rebel camp on Monday.",
        "The Peruvian army, which shelled Ecuadorian posts in 2019, attacked a rebel camp.",
    ],
)
def test_a_recent_look_back_or_a_relatives_time_keeps_the_act(text: str) -> None:
    assert "ASSAULT" in [e[0] for e in coded(text)]


def test_a_same_time_clause_in_the_news_keeps_the_act() -> None:
    text = "A Chilean consul was shot dead while walking to his car outside the consulate."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_a_recent_period_is_still_news() -> None:
    events = coded("Chadian troops have killed 12 Boko Haram fighters over the past week.")
    assert [e[0] for e in events] == ["ASSAULT"]


def test_backed_by_describes_who_fought() -> None:
    text = "The Sudanese army, backed by Eritrean troops, shelled Ethiopian positions near Humera."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_a_total_over_a_period_is_a_tally_even_in_the_simple_past() -> None:
    assert coded("A total of 310 Yemeni civilians were killed in Saudi air strikes in May.") == []


def test_the_war_itself_is_a_state_not_an_act() -> None:
    assert coded("Ukrainian refugees fled the war with Russia.") == []


def test_sport_captures_nothing() -> None:
    assert coded("Kenya's runners captured three gold medals in Paris.") == []


def test_a_plan_others_report_keeps_its_type_and_is_hypothetical() -> None:
    doc = extract("Syrian troops will storm Idlib within days, rebel sources said.")
    assert [(e.type, e.hypothetical) for e in doc.events] == [("ASSAULT", True)]


def test_a_promise_its_source_states_is_done() -> None:
    doc = extract("Japan will send relief supplies to Nepal, the Japanese embassy said on Monday.")
    assert [(e.type, e.hypothetical) for e in doc.events] == [("AGREE", False)]


def test_the_weapon_an_attack_verb_takes_is_the_same_attack() -> None:
    text = "Tamil rebels detonated a massive truck bomb outside a Sri Lankan army base."
    assert [e[1] for e in coded(text) if e[0] == "ASSAULT"] == ["detonated"]


def test_a_protests_demand_is_an_act_of_its_own() -> None:
    text = "Kenyan teachers marched in Nairobi, demanding higher pay from the government."
    assert sorted(e[0] for e in coded(text)) == ["PROTEST", "REQUEST"]


def test_a_rally_for_someone_is_support() -> None:
    text = "Thousands of Kenyans marched through Nairobi in support of President Ruto."
    assert [e[0] for e in coded(text)] == ["SUPPORT"]


def test_cameo_conventions_read_every_announced_act_as_its_intent() -> None:
    from dyads.pipeline import Pipeline

    text = "Canada will send humanitarian aid to Haiti."
    codebook = extract(text).events
    cameo = extract(text, pipeline=Pipeline(extractor_options={"conventions": "cameo"})).events
    assert [(e.type, e.hypothetical) for e in codebook] == [("AID", True)]
    assert [(e.type, e.hypothetical) for e in cameo] == [("AGREE", False)]


@pytest.mark.parametrize(
    "text",
    [
        "The risk of flooding was clearly demonstrated in Lagos last year.",
        "The golfer gritted his teeth and marched on in Nairobi.",
    ],
)
def test_a_person_marching_or_a_point_demonstrated_is_no_protest(text: str) -> None:
    assert [e for e in coded(text) if e[0] == "PROTEST"] == []


def test_a_crowd_marching_with_no_actor_named_is_a_protest() -> None:
    assert [e[0] for e in coded("Thousands of people marched through Berlin on Sunday.")] == [
        "PROTEST"
    ]


def test_a_patrol_planned_is_a_hypothetical_show_of_force_a_patrol_unit_is_none() -> None:
    doc = extract("Chadian soldiers will patrol the border with Sudan from Monday.")
    assert [(e.type, e.hypothetical) for e in doc.events] == [("MOBILIZE", True)]
    text = "A Chadian police patrol was ambushed near the border with Sudan on Monday."
    assert "MOBILIZE" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Nine Nigerian soldiers were killed when their helicopter crashed near Maiduguri.",
        "An Ebola outbreak in Guinea has killed 40 people, Guinean health officials said.",
        "A ferry carrying Indonesian workers capsized, killing 30 people.",
    ],
)
def test_casualties_of_an_accident_or_a_disaster_are_no_event(text: str) -> None:
    assert [e for e in coded(text) if e[0] == "ASSAULT"] == []


def test_a_shot_down_aircraft_that_crashed_is_still_an_attack() -> None:
    text = "Rebels shot down a Syrian army helicopter, which crashed near Hama, killing two."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_a_year_after_the_incidents_other_verbs_still_dates_it() -> None:
    text = "Gunmen killed 20 and wounded 50 in an attack on a Kenyan market in March 2015."
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "About 4,000 Turkish troops patrol the buffer zone.",
        "Indian warships have been patrolling the Arabian Sea.",
        "The buffer zone is patrolled by Turkish troops.",
        "Two Kenyan sailors were seized by Somali pirates while patrolling the coast.",
    ],
)
def test_a_patrol_told_in_the_present_is_routine(text: str) -> None:
    assert "MOBILIZE" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan police will especially patrol the markets.",
        "Kenyan troops patrol the streets of Nairobi to prevent riots.",
        "Kenyan troops patrolled the streets of Nairobi on Monday.",
    ],
)
def test_a_planned_or_tied_or_past_patrol_is_coded(text: str) -> None:
    assert "MOBILIZE" in [e[0] for e in coded(text)]


def test_prices_shot_up_and_a_film_shot_are_no_shooting() -> None:
    assert coded("Russian oil prices shot up on Monday.") == []
    assert coded("The Iranian director shot a film in Tehran.") == []


def test_a_crowds_demand_is_made_by_the_crowd() -> None:
    text = (
        "Thousands of people marched through Nairobi on Sunday, demanding the release of a "
        "jailed opposition leader."
    )
    kinds = {e[0]: e for e in coded(text)}
    assert set(kinds) == {"PROTEST", "REQUEST"}
    assert kinds["REQUEST"][2] == ("KEN",)  # the scene's people, as the protest's


def test_police_patrolled_is_an_act_a_police_patrol_a_unit() -> None:
    assert [e[0] for e in coded("Kenyan police patrolled the streets of Mombasa.")] == ["MOBILIZE"]
    assert coded("A Kenyan police patrol was passing by.") == []


def test_a_participle_that_goes_on_telling_the_attack_is_the_same_attack() -> None:
    text = (
        "Syrian troops launched an offensive near Hama on Friday, targeting rebel positions "
        "held by Ahrar al-Sham."
    )
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_a_sports_victory_captured_is_no_arrest() -> None:
    assert coded("Kenya's runners captured a victory over Ethiopian rivals in Doha.") == []


def test_state_forces_capturing_a_named_person_is_an_arrest() -> None:
    events = coded("Ugandan troops captured Joseph Okello near Gulu on Monday.")
    assert [e[0] for e in events] == ["COERCE"]


def test_forces_capturing_farms_or_a_road_take_ground() -> None:
    events = coded("Ethiopian forces captured the farms and the road outside Mekele.")
    assert [e[0] for e in events] == ["ASSAULT"]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ('"That is a lie," the Iranian envoy shot back.', ["REJECT"]),
        ("Kenyan police shot back at the gunmen.", ["ASSAULT"]),
        ("The Ugandan rebel leader pleaded guilty on Monday.", []),
        ("Syrian activists released video footage of the attack.", []),
    ],
)
def test_words_that_only_look_like_shooting_appeals_or_releases(
    text: str, types: list[str]
) -> None:
    assert [e[0] for e in coded(text) if e[0] != "PROTEST"] == types


def test_capturing_a_named_town_is_taking_ground_a_named_man_an_arrest() -> None:
    assert [e[0] for e in coded("Congolese rebels captured Bukavu on Monday.")] == ["ASSAULT"]
    assert [e[0] for e in coded("Ugandan troops captured Joseph Okello on Monday.")] == ["COERCE"]


def test_people_protesting_with_no_actor_named_are_read() -> None:
    events = coded("About 400 people in Kisumu protested against rising food prices.")
    assert [e[0] for e in events] == ["PROTEST"]


def test_demonstrators_who_march_are_one_protest() -> None:
    events = coded("About 3,000 Kenyan demonstrators marched through Nairobi on Friday.")
    assert [e[0] for e in events] == ["PROTEST"]


def test_an_attack_begun_by_storming_is_one_attack() -> None:
    text = "Syrian rebels began the attack by storming army checkpoints near Hama."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_taking_part_is_no_capture_and_a_year_with_mid_dates_the_act() -> None:
    assert "ASSAULT" not in [e[0] for e in coded("Kenyan troops took part in the Somali war.")]
    text = "Ugandan troops captured the northern region of Kenya in mid-1992."
    assert coded(text) == []
    events = coded("Kenyan jets took part in the operation against Shabaab on Monday.")
    assert "COOPERATE" in [e[0] for e in events]


def test_an_armys_advance_is_fighting_an_advance_in_talks_is_not() -> None:
    events = coded("The Ethiopian army continued its advance on Mekele on Friday.")
    assert [e[0] for e in events] == ["ASSAULT"]
    assert "ASSAULT" not in [
        e[0] for e in coded("Kenya and Ethiopia reported an advance in talks.")
    ]


def test_a_capture_told_to_say_who_someone_is_is_no_event() -> None:
    text = "A Kenyan soldier captured in Somalia returned home to a hero's welcome this week."
    assert "COERCE" not in [e[0] for e in coded(text)]


def test_gunmen_torching_shops_attack_a_state_demolishing_homes_coerces() -> None:
    assert [e[0] for e in coded("Shabaab militants torched shops in a Kenyan town.")] == ["ASSAULT"]
    assert [e[0] for e in coded("The Israeli army demolished homes in Hebron.")] == ["COERCE"]


def test_words_of_names_and_devices_are_no_triggers() -> None:
    # "Free" of a named actor at the start of a sentence; a pressure cooker is a bomb
    text = "Free Syrian Army fighters said that ISIS militants attacked the town."
    assert "RETREAT" not in [e[0] for e in coded(text)]
    text = "Maoist guerrillas detonated a pressure cooker bomb in a Nepali office building."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]
    assert coded("A wildfire forced dozens of Greek residents to flee.") == []


def test_a_habit_is_no_event() -> None:
    assert coded("Kurdish militants often clash with Turkish police in Diyarbakir.") == []
    assert coded("Israel sometimes destroys the homes of Palestinian militants.") == []
    # rarity is a habit too
    assert coded("Maoist rebels are rarely captured alive by Nepalese police.") == []
    assert coded("Kurdish guerrillas seldom attack Iraqi troops in the winter.") == []


def test_a_wars_toll_in_the_perfect_is_a_tally() -> None:
    assert coded("More than 9,000 Yemenis have been killed in the war, the UN said.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Indian police shot dead a Maoist commander outside a village near Raipur on Feb. 3, 1998.",
        "Turkish jets bombed Kurdish positions in northern Iraq in early 2008.",
    ],
)
def test_a_year_at_the_end_of_the_clause_or_after_early_dates_the_act(text: str) -> None:
    assert coded(text) == []


def test_a_timeline_entry_is_news_and_a_later_participle_owns_its_year() -> None:
    assert [
        e[0] for e in coded("Aug. 9, 1998: Sudanese troops shell rebel positions near Juba.")
    ] == ["ASSAULT"]
    text = (
        "Filipino rebels demanded more autonomy under the peace accord signed with Manila in 1996."
    )
    assert [e[0] for e in coded(text)] == ["REQUEST"]


@pytest.mark.parametrize(
    "text",
    [
        "A navy diver died in northern Syria of wounds from an improvised explosive device blast.",
        "An explosion destroyed two cars on a road used by Turkish troops near Afrin.",
    ],
)
def test_a_weapon_noun_and_the_attack_word_after_it_are_one_attack(text: str) -> None:
    assert len([e for e in coded(text) if e[0] == "ASSAULT"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Syrian soldiers carried assault rifles near Aleppo.",
        "Russia sent attack drones to the front in Ukraine.",
        "The Chinese navy launched a new amphibious assault ship in Shanghai.",
    ],
)
def test_a_kind_of_weapon_is_no_attack(text: str) -> None:
    assert "ASSAULT" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Syrian troops plan to storm the rebel-held town of Saraqeb next week.", "storm"),
        ("Kurdish fighters repelled an Islamic State attack on Kobani.", "repelled"),
        ("The Islamic State targeted the eastern districts of Hasakah on Sunday.", "targeted"),
    ],
)
def test_storming_repelling_and_targeting_districts_are_attacks(text: str, trigger: str) -> None:
    assert [e[1] for e in coded(text) if e[0] == "ASSAULT"] == [trigger]


def test_a_storm_is_weather() -> None:
    assert "ASSAULT" not in [
        e[0] for e in coded("The storm forced Kenyan troops to leave the coast.")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting in Yemen has killed more than 150,000 people, a monitoring group said.",
        "Over 2,000 civilians have been killed in Idlib under Syrian air strikes since March.",
        "Thousands of Rohingya villagers have been killed by Myanmar soldiers.",
    ],
)
def test_a_toll_in_the_thousands_told_in_the_perfect_is_a_tally(text: str) -> None:
    assert "ASSAULT" not in [e[0] for e in coded(text)]


def test_a_perfect_elsewhere_in_the_sentence_makes_no_toll() -> None:
    text = "Thousands of Yemeni villagers have fled; dozens were killed by Houthi shelling."
    assert "ASSAULT" in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The men were arrested near a Turkish army base in Kilis.",
        "The two men were captured in Afghanistan last week.",
    ],
)
def test_an_arrest_with_no_agent_of_no_actor_is_no_event(text: str) -> None:
    assert "COERCE" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Two ISIS militants were arrested in Turkey.",
        "Both men were captured with Shabaab fighters.",
    ],
)
def test_an_arrest_with_no_agent_of_an_armed_actor_is_coded(text: str) -> None:
    assert "COERCE" in [e[0] for e in coded(text)]


def test_what_a_weapon_did_later_in_its_clause_is_the_same_attack() -> None:
    text = (
        "A roadside bomb in the Arghandab district of Kandahar destroyed a truck used by soldiers."
    )
    assert [e[1] for e in coded(text) if e[0] == "ASSAULT"] == ["roadside bomb"]
    text = "The blast at a crowded bus stop in western Kabul destroyed a police post."
    events = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert [e[1] for e in events] == ["blast"] and events[0][2] == ()  # Kabul is no attacker


def test_an_attack_after_a_comma_or_by_another_attacker_stays_apart() -> None:
    text = "Taking advantage of Russian airstrikes, Syrian troops stormed the village of Tal Bizam."
    assert len([e for e in coded(text) if e[0] == "ASSAULT"]) == 2


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Nine people were wounded in a shootout between Kenyan police and Shabaab.", "shootout"),
        ("A gunfight between Indian troops and militants erupted in Kashmir.", "gunfight"),
        (
            "Two Turkish policemen were killed in a security operation against Islamic State.",
            "security operation against",
        ),
    ],
)
def test_shootouts_gunfights_and_security_operations_are_fighting(text: str, trigger: str) -> None:
    assert [e[1] for e in coded(text) if e[0] == "ASSAULT"] == [trigger]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Some 300 armed men on camels killed eleven herders in a raid on a market.", ("---",)),
        ("Malian troops killed forty insurgents in a battle near Gao on Friday.", ("MLI",)),
    ],
)
def test_who_killed_in_a_named_attack_carried_it_out(text: str, source: tuple[str, ...]) -> None:
    [event] = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert event[2] == source


def test_a_participle_casualty_lends_no_attacker_to_a_later_attack() -> None:
    text = (
        "Egyptian aircraft on Monday bombed a row of camps in Libya, killing four fighters, in "
        "retaliation for rockets fired into Egypt."
    )
    attacks = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert [e[2:] for e in attacks if "rockets" in e[1]] == [((), ("EGY",))]


@pytest.mark.parametrize(
    "text",
    [
        "The attack killed four people and injured eleven others near the old bridge.",
        "At least nine people were killed in the raid on Sunday night.",
    ],
)
def test_an_attack_with_no_actor_named_is_read(text: str) -> None:
    # no actor word in the article: the attack noun alone lets it be read (codebook 1.4:
    # an unnamed attacker is no reason to leave the attack out)
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_civilians_captured_by_no_one_named_are_kidnapped_militants_arrested() -> None:
    doc = extract("Two Dutch journalists were captured outside Varnola on Tuesday.")
    assert [(e.type, e.mode) for e in doc.events] == [("ASSAULT", "abduct")]
    assert [e[0] for e in coded("Three militants were captured near the border on Tuesday.")] == [
        "COERCE"
    ]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        (
            "Hundreds rallied in Tirana to demand the release of Albania's jailed opposition "
            "leader.",
            ["PROTEST", "REQUEST"],
        ),
        ("The number of abducted reporters in Somalia has doubled this year, the group said.", []),
        ("Rebels shelled the besieged town of Marvel overnight.", ["ASSAULT"]),
        ("Police in Tirana jailed two opposition activists on Monday.", ["COERCE"]),
        # a participle that a ban phrase reads with its noun ("outlaw * groups") is one too
        ("Outlawed leftist groups often clash with police in Nepal.", []),
        ("Members of the banned opposition parties marched in Minsk.", ["PROTEST"]),
        ("The Belarusian government banned opposition parties on Monday.", ["COERCE"]),
    ],
)
def test_a_participle_used_as_an_adjective_is_no_act(text: str, types: list[str]) -> None:
    assert [e[0] for e in coded(text)] == types


def test_who_laid_an_ambush_attacked() -> None:
    events = coded("Ugandan troops laid an ambush on a rebel column near Gulu, killing six.")
    assert [(e[0], e[1], e[2]) for e in events] == [("ASSAULT", "ambush", ("UGA",))]


@pytest.mark.parametrize(
    "text",
    [
        "Malian troops captured Tinkar, the last rebel stronghold in the north, on Sunday.",
        "The mountain pass, known locally as the Gate, was captured by Afghan troops on Sunday.",
    ],
)
def test_a_place_its_apposition_or_a_passive_subject_names_is_ground_taken(text: str) -> None:
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_a_person_captured_in_the_passive_stays_an_arrest() -> None:
    text = "A rebel commander, Joseph Okello, was captured by Ugandan troops on Sunday."
    assert [e[0] for e in coded(text)] == ["COERCE"]


def test_people_captured_in_a_town_stay_an_arrest() -> None:
    text = "In the town of Gao, two rebel fighters were captured by Malian troops on Sunday."
    assert [e[0] for e in coded(text)] == ["COERCE"]


@pytest.mark.parametrize(
    "text",
    [
        # the crowd named well before the verb, past an aside
        "About 300 teachers from the remote northern provinces, according to different "
        "estimates, demonstrated outside the ministry on Monday.",
        "Leftist groups that had joined earlier marches against the reform demonstrated "
        "outside the court on Monday.",
    ],
)
def test_a_crowd_named_before_an_aside_still_protests(text: str) -> None:
    assert "PROTEST" in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Chadian troops guarded the camp of the Sahel Brigade, who fight jihadists near Lake Chad.",
        "Niger vowed to defeat Boko Haram, which threatens villages along the border.",
    ],
)
def test_a_present_verb_after_a_relative_describes_its_antecedent(text: str) -> None:
    assert "ASSAULT" not in [e[0] for e in coded(text)]
    assert "THREATEN" not in [e[0] for e in coded(text)]


def test_a_past_verb_after_a_relative_is_an_act() -> None:
    text = "Chadian troops, who attacked a Boko Haram camp near Lake Chad, freed 20 hostages."
    assert "ASSAULT" in [e[0] for e in coded(text)]


def test_a_relatives_verb_that_goes_on_telling_the_attack_is_the_same_attack() -> None:
    text = "Al-Shabaab fighters were killed in an air raid that targeted a meeting in Jilib."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # the attack's "subject" misread from the victims of a passive casualty
        ("Eight Malian soldiers were killed by jihadist attacks across central Mali.", None, "MLI"),
        # "began the assault by storming Y": the nominal's "agent" is the storming's target
        (
            "Al-Shabaab began the assault by storming the Kenyan army's camp near Lamu.",
            "SOM",
            "KEN",
        ),
        # the attacker read as the target of a reduced "others wounded"
        (
            "At least six villagers were killed and several other farmers wounded after an "
            "Israeli drone struck a house in southern Lebanon.",
            "ISR",
            "LBN",
        ),
    ],
)
def test_an_attack_whose_roles_were_misread_is_still_one_event(
    text: str, source: str | None, target: str
) -> None:
    events = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert len(events) == 1
    assert target in events[0][3]
    if source:
        assert events[0][2] == (source,)


def test_a_fight_whose_victims_are_both_sides_is_one_event() -> None:
    text = "At least seven Taliban militants and four Afghan soldiers were killed in the clashes."
    events = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert len(events) == 1 and len(events[0][3]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Sanctions on Iran have had little effect on its oil exports.",
        "The EU embargo on Belarus has had a limited impact so far.",
    ],
)
def test_a_measure_judged_by_its_effect_is_no_event(text: str) -> None:
    assert coded(text) == []


def test_a_measure_imposed_is_still_an_event() -> None:
    assert [e[0] for e in coded("The EU imposed sanctions on Belarus on Monday.")] == ["SANCTION"]


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of Kenyan police patrolled Nairobi to guard against terrorist attacks during "
        "the summit.",
        "Turkish troops were deployed along the border to prevent attacks by Kurdish militants.",
        "Egyptian police stepped up security to thwart attacks on churches.",
    ],
)
def test_an_attack_others_act_to_prevent_is_no_attack(text: str) -> None:
    assert "ASSAULT" not in [e[0] for e in coded(text)]


def test_a_guard_that_attacks_is_still_an_attack() -> None:
    assert [e[0] for e in coded("The Republican Guard attacked rebel positions near Homs.")] == [
        "ASSAULT"
    ]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Insurgents attacked a checkpoint in northern Mali, killing four French soldiers.", "FRA"),
        ("Gunmen ambushed a convoy in eastern Congo, killing three Ugandan soldiers.", "UGA"),
        ("Rebels fired rockets in western Yemen, killing five Saudi troops.", "SAU"),
        ("Militants set off a bomb near Kandahar, which killed two British soldiers.", "GBR"),
    ],
)  # fmt: skip
def test_the_victims_a_casualty_verb_names_outrank_the_place_the_attack_was_in(
    text: str, target: str
) -> None:
    [attack] = [e for e in coded(text) if e[0] == "ASSAULT"]
    assert attack[3] == (target,)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Iraqi jets struck a school in Hit, a town controlled by Islamic State, killing twelve "
         "civilians.", ("IRQ", "CVL")),
        ("Syrian jets bombed a market in Saraqeb, a town held by rebels, killing nine civilians.",
         ("SYR", "CVL")),
        ("Saudi jets hit a wedding hall near Houthi fighters, killing thirty civilians.",
         ("---", "CVL")),
        # a state's convoy named near the blast is what it hit, whoever it killed
        ("A car bomb exploded beside a US army convoy near Tikrit, killing two soldiers.",
         ("USA", "MIL")),
    ],
)  # fmt: skip
def test_the_victims_a_casualty_verb_names_outrank_an_armed_group_merely_near_the_attack(
    text: str, target: tuple[str, str]
) -> None:
    [attack] = [e for e in extract(text, published="2024-05-09").events if e.type == "ASSAULT"]
    assert [(m.actor.code, m.actor.sector) for m in attack.target] == [target]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A fighter jet was shot down over northern Syria, killing its pilot.", ("---", "MIL")),
        ("A cargo plane was shot down by a missile near Juba on Friday.", ("---", "CVL")),
        ("Rebels shot down a helicopter near Aleppo.", ("---", "MIL")),
        ("Militias shot down a passenger jet over eastern Ukraine.", ("---", "CVL")),
        # whose craft it was, when the sentence says so
        ("Rebels shot down a Syrian army helicopter near Aleppo.", ("SYR", "MIL")),
        ("Turkish jets shot down a Russian warplane near the border.", ("RUS", "MIL")),
    ],
)  # fmt: skip
def test_a_downed_aircraft_is_the_victim_not_the_people_where_it_fell(
    text: str, target: tuple[str, str]
) -> None:
    [attack] = [e for e in extract(text, published="2024-05-09").events if e.type == "ASSAULT"]
    assert [(m.actor.code, m.actor.sector) for m in attack.target] == [target]


@pytest.mark.parametrize(
    "text",
    [
        "A photographer covering political unrest in northern Mali was detained in Gao.",
        "Ethnic unrest in the Rift Valley forced tea growers to close two plantations.",
        "Tourism has fallen because of social unrest in the region around Oruro.",
    ],
)
def test_unrest_named_by_its_kind_is_a_topic_not_a_riot(text: str) -> None:
    assert "PROTEST" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan dock workers often gather and march to the port offices in Mombasa.",
        "Ugandan students sometimes meet and protest outside the parliament in Kampala.",
        "Nigerian rebels regularly attack and kill villagers in Borno.",
    ],
)
def test_a_habit_adverb_covers_the_verb_joined_to_the_next(text: str) -> None:
    assert coded(text) == []


def test_verbs_joined_with_no_habit_adverb_are_acts() -> None:
    text = "Kenyan dock workers gathered and marched to the port offices in Mombasa on Monday."
    assert [e[0] for e in coded(text)] == ["PROTEST"]


@pytest.mark.parametrize(
    "text",
    [
        "Crowds in Accra watched marching bands and dancers on Independence Day.",
        "The Ugandan general rallied troops near the border with South Sudan.",
        "Spectators in Lagos cheered as marching soldiers passed the reviewing stand.",
        "Chilean singers performed protest songs at the festival in Valparaiso.",
    ],
)
def test_a_protest_word_before_the_noun_it_describes_is_no_protest(text: str) -> None:
    assert "PROTEST" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Shabaab said it had staged an attack in Kenya on Saturday in which gunmen stopped a bus "
        "and shot 20 dead.",
        "Boko Haram carried out a raid on a Chadian village in which gunmen shot dead 30 soldiers.",
    ],
)
def test_the_clause_of_in_which_after_an_attack_tells_that_attack(text: str) -> None:
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_a_barrage_on_a_river_is_a_dam_not_shelling() -> None:
    assert coded("The Kotri Barrage is a dam on the Indus River near Hyderabad, Pakistan.") == []
    events = coded("Indian troops opened a heavy barrage on Pakistani posts in Kashmir.")
    assert [e[0] for e in events] == ["ASSAULT"]


def test_an_example_of_a_kind_of_act_is_no_act() -> None:
    text = "Police will patrol the markets to prevent crimes like robbery, hijacking and mugging."
    assert "ASSAULT" not in [e[0] for e in coded(text)]
    text = "Gunmen carried out a hijacking of a bus near Gao on Monday."
    assert [e[0] for e in coded(text)] == ["ASSAULT"]


def test_an_act_ended_is_no_act() -> None:
    assert coded("The Malian president declared an end to major combat on Monday.") == []
    events = coded("Syrian jets shelled Aleppo until the end of the week.")
    assert [e[0] for e in events] == ["ASSAULT"]
