from __future__ import annotations

import pytest

from crosscheck.quantities import QuantityFinder


@pytest.mark.parametrize(("text", "expected"), [
    ("At least 14 people were killed.", [("killed", 14.0, "at least")]),
    ("The quake killed 17,000 people in 1999.", [("killed", 17000.0, None)]),
    ("HP will pay $2.1 billion, a 45% premium.", [("amount", 2.1e9, None), ("percent", 45.0, None)]),
    ("A magnitude 6.3 earthquake", [("magnitude", 6.3, None)]),
    ("Six people died and dozens were hurt.", [("killed", 6.0, None), ("injured", 24.0, None)]),
    ("He was born in 1950.", []),
])
def test_numbers_and_roles(rules, text, expected):
    found = QuantityFinder(rules.quantities).find(text)
    assert [(q.role, q.value, q.qualifier) for _, q in found if q.role] == expected
