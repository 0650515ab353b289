"""In-place YAML edits: the data changes as asked, every old line stays, in order."""

from __future__ import annotations

import difflib

import pytest
import yaml

from crosscheck.yamledit import YamlEditError, add_to_list, append_entry, scalar, set_key

FLOW = """\
# places, one per line
places:
  - {id: russia, name: Russia, kind: country}  # a country
  - {id: moscow, name: Moscow, within: russia}

# trailing comment
"""

BLOCK = """\
titles: [President]

entities:
  # heads of state
  - id: vladimir-putin
    name: Vladimir Putin
    aliases: [Vladimir Putin,
              Putin]
  - id: wang-yi
    name: Wang Yi
    descriptors:
      - the top diplomat
# end
"""


def only_insertions(old: str, new: str) -> bool:
    ops = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines()).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


@pytest.mark.parametrize("value, text", [
    ("Moscow", "Moscow"), ("St. Petersburg", "St. Petersburg"), ("People's Republic", "People's Republic"),
    ("yes", '"yes"'), ("2023", '"2023"'), ("a: b", '"a: b"'), ("Türkiye", '"Türkiye"'), ("x, y", '"x, y"'),
    ("[odd]", '"[odd]"'), (["A", "B c"], "[A, B c]"), (True, "true"),
])
def test_scalars_read_back_as_written(value, text):
    assert scalar(value) == text
    assert yaml.safe_load(f"k: {scalar(value)}")["k"] == value


def test_append_flow_entry_after_flow_entries():
    new = append_entry(FLOW, "places", {"id": "kazan", "name": "Kazan", "within": "russia"})
    data = yaml.safe_load(new)
    assert data["places"][-1] == {"id": "kazan", "name": "Kazan", "within": "russia"}
    assert "  - {id: kazan, name: Kazan, within: russia}\n" in new
    assert only_insertions(FLOW, new) and new.endswith("# trailing comment\n")


def test_append_block_entry_after_block_entries():
    new = append_entry(BLOCK, "entities", {"id": "xi", "name": "Xi Jinping", "aliases": ["Xi"]})
    data = yaml.safe_load(new)
    assert data["entities"][-1] == {"id": "xi", "name": "Xi Jinping", "aliases": ["Xi"]}
    assert "  - id: xi\n    name: Xi Jinping\n    aliases: [Xi]\n" in new
    assert only_insertions(BLOCK, new)


def test_append_to_a_missing_section():
    new = append_entry("# nothing yet\n", "events", {"id": "g20", "name": "G20", "aliases": ["G20"]})
    assert yaml.safe_load(new) == {"events": [{"id": "g20", "name": "G20", "aliases": ["G20"]}]}
    assert new.startswith("# nothing yet\n")


def test_add_to_a_wrapped_flow_list_keeps_its_wrapping():
    new = add_to_list(BLOCK, "entities", 0, "aliases", "V. Putin")
    assert yaml.safe_load(new)["entities"][0]["aliases"] == ["Vladimir Putin", "Putin", "V. Putin"]
    assert "              Putin, V. Putin]\n" in new


def test_add_to_a_block_list():
    new = add_to_list(BLOCK, "entities", 1, "descriptors", "the foreign minister")
    assert yaml.safe_load(new)["entities"][1]["descriptors"] == ["the top diplomat", "the foreign minister"]
    assert only_insertions(BLOCK, new)


def test_add_a_list_the_entry_lacks():
    block = add_to_list(BLOCK, "entities", 1, "aliases", "Wang")
    assert yaml.safe_load(block)["entities"][1]["aliases"] == ["Wang"]
    assert only_insertions(BLOCK, block)
    flow = add_to_list(FLOW, "places", 1, "aliases", "Moskva")
    assert yaml.safe_load(flow)["places"][1] == {"id": "moscow", "name": "Moscow", "within": "russia",
                                                "aliases": ["Moskva"]}
    assert "# a country" in flow and "# trailing comment" in flow


def test_set_key_adds_or_replaces_a_value():
    added = set_key(FLOW, "places", 0, "within", "eurasia")
    assert yaml.safe_load(added)["places"][0]["within"] == "eurasia"
    assert "# a country" in added
    replaced = set_key(FLOW, "places", 1, "within", "russian-federation")
    assert yaml.safe_load(replaced)["places"][1]["within"] == "russian-federation"


@pytest.mark.parametrize("text, section", [
    ("places: {a: 1}\n", "places"),
    ("places: [{id: a}, {id: b}]\n", "places"),
])
def test_layouts_it_cannot_edit_are_refused(text, section):
    with pytest.raises(YamlEditError):
        append_entry(text, section, {"id": "c"})
