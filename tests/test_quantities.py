from __future__ import annotations

import pytest

from crosscheck.quantities import QuantityFinder


@pytest.mark.parametrize(("text", "unit"), [
    ("Robbers stole gems worth 85 million euros.", "euro"),
    ("Parliament approved $28 billion.", "dollar"),
    ("The thief took jewels worth £88m.", "pound"),
    ("A 20 billion yuan fund was set up.", "yuan"),
])
def test_an_amount_keeps_its_currency(rules, text, unit):
    (found,) = [q for _, q, _ in QuantityFinder(rules.quantities).find(text) if q.role == "amount"]
    assert found.unit == unit


@pytest.mark.parametrize(("text", "expected"), [
    ("At least 14 people were killed.", [("killed", 14.0, "at least")]),
    ("The quake killed 17,000 people in 1999.", [("killed", 17000.0, None)]),
    ("HP will pay $2.1 billion, a 45% premium.", [("amount", 2.1e9, None), ("percent", 45.0, None)]),
    ("A magnitude 6.3 earthquake", [("magnitude", 6.3, None)]),
    ("Six people died and dozens were hurt.", [("killed", 6.0, None), ("injured", 24.0, "at least")]),
    ("He was born in 1950.", []),
    # a scale joined by a hyphen is still the scale; a number joined to a cue's word is what it measures
    ("Sabathia agreed to a $161-million deal.", [("amount", 161e6, None)]),
    ("A 5.9-magnitude quake struck the island.", [("magnitude", 5.9, None)]),
    # a number joined to another word describes it, and counts nothing
    ("A 38-caliber revolver used in the killing was recovered.", []),
    ("The 30-minute gunfight killed 4 people.", [("killed", 4.0, None)]),
    ("A 60-m fall killed the climber.", []),
    ("In May, thieves stole £910, 000 worth of jewellery.", [("amount", 910000.0, None)]),
    ("In 2011, 300 people were hurt.", [("injured", 300.0, None)]),
    # a dash sets a clause apart as a comma does: the cue beyond it is not this number's
    ("The woman shot three co-workers — killing two– at the plant.", [("killed", 2.0, None)]),
    ("Chohan – who leaves behind two grandchildren – died later.", []),
    ("The gunman shot three co-workers - killing two - at the plant.", [("killed", 2.0, None)]),
    ("A blast that killed 12 people – the worst this year – shook the city.", [("killed", 12.0, None)]),
])
def test_numbers_and_roles(rules, text, expected):
    found = QuantityFinder(rules.quantities).find(text)
    assert [(q.role, q.value, q.qualifier) for _, q, _ in found if q.role] == expected


def test_dozen_counts_only_after_a_each_time(rules):
    found = QuantityFinder(rules.quantities).find("A dozen people were injured, and dozen reporters watched.")
    assert [q.value for _, q, _ in found] == [12.0]


@pytest.mark.parametrize(("text", "expected"), [
    ("A petrol bomb killed two women and a man in the bank.", [("killed", 3.0, None, "two women and a man")]),
    ("The blast killed three adults and two children.", [("killed", 5.0, None, "three adults and two children")]),
    ("A man and two women died in the fire.", [("killed", 3.0, None, "A man and two women")]),
    ("Rioters injured 12 police and 3 bystanders.", [("injured", 15.0, None, "12 police and 3 bystanders")]),
    ("Police detained 23 pirates and a large cache of arms.", [("arrested", 23.0, None, "23")]),
    ("Dozens were injured in the riots.", [("injured", 24.0, "at least", "Dozens")]),
    ("The quake killed 12 and injured 40.", [("killed", 12.0, None, "12"), ("injured", 40.0, None, "40")]),
    # two counts that share one noun, each with its own adjective: one count
    ("The blast killed 12 Afghan and three American soldiers.",
     [("killed", 15.0, None, "12 Afghan and three American soldiers")]),
    ("Police said 12 were dead and 3 injured.", [("killed", 12.0, None, "12"), ("injured", 3.0, None, "3")]),
])
def test_counts_read_as_a_reader_would(rules, text, expected):
    found = QuantityFinder(rules.quantities).find(text)
    assert [(q.role, q.value, q.qualifier, q.raw) for _, q, _ in found if q.role] == expected


@pytest.mark.parametrize(("text", "role"), [
    # ages and other numbers that do not count what the event did
    ("Police allege Kirkpatrick opened fire at the party, killing Benjamin David Banky, 40.", None),
    ("He is charged in the shootings of Riva, 47, and Steinberg, 48.", None),
    ("Capt. Tom Tennant and Trooper William Hakim, both 51, died at the scene.", None),
    ("Mafia boss Vincent Gigante dies in U.S. prison at 77", None),
    ("One of the Mafia bosses arrested in the crackdown has hanged himself.", None),
    ("Horton, a mother of 12, was killed by a sniper.", None),
    ("He remained anonymous for more than three decades after the break-in that killed nobody.", None),
    ("His blood-alcohol level was more than five times the limit when he killed her.", None),
    # counts stay counts
    ("Gunman kills 1, wounds 2 at accounting office", "killed"),
    ("The attack killed 12, officials said.", "killed"),
    ("The gunman killed one of them.", "killed"),
    ("Police said one of the suspects died in custody.", None),
    ("Officials said one person was killed.", "killed"),
    ("The death toll rose to 40.", "killed"),
    ("A Michigan man shot to death one person and injured two others.", "injured"),
])
def test_what_a_number_counts(rules, text, role):
    found = QuantityFinder(rules.quantities).find(text)
    roles = [q.role for _, q, _ in found if q.role in ("killed", "injured", "arrested")]
    assert (roles[0] if roles else None) == role


@pytest.mark.parametrize(("text", "counted"), [
    # a noun no cue names after the number says what it counts
    ("Indian Navy captures 26 Somali pirates in Gulf of Aden", [(None, 26.0, True)]),
    ("The gunman shot 3 students before police arrived.", [(None, 3.0, True)]),
    # a thing the rules list: never a count of people
    ("The ship captured three boats of the pirates.", []),
    ("Pirates seized two Yemeni fishing boats.", []),
    ("The safety, who has 86 tackles, was injured on Sunday.", []),
    # no noun: the event may say what it counts ("the toll rose to 14")
    ("The toll rose to 14.", [(None, 14.0, False)]),
    ("Police said 18 people had been injured and 12 arrested.", [("injured", 18.0, False), ("arrested", 12.0, False)]),
])
def test_a_noun_says_what_a_number_counts(rules, text, counted):
    found = QuantityFinder(rules.quantities).find(text)
    assert [(q.role, q.value, noun) for _, q, noun in found] == counted
