from __future__ import annotations

from crosscheck.boilerplate import clean_lines

PAGE = """Current:Home > News
Skip to main content
Advertisement
Floods close bridge in Aldham
Residents evacuated (right) as river rises. Photo: Reuters
Flooding closed the main bridge in Aldham on Sunday, the county council said.
About 200 homes were evacuated overnight as the river rose, officials said.
02:26
Storm batters coast of Spain
Storm batters coast of Spain
The council said repairs would take at least two weeks to finish.
MAYOR RESIGNS AFTER BUDGET ROW
Council approves new parking rules for city centre
Engineers will inspect the bridge on Tuesday, a spokesman said, and report later.
Engineers will inspect the bridge on Tuesday, a spokesman said, and report later.
veryGood! (12)
Related
- Ten ways to save on heating
Flooding also hit three villages downstream, the council said on Monday evening.
"""


def _clean(rules):
    return clean_lines(PAGE.splitlines(), rules.boilerplate)


def test_kept_lines_and_their_kinds(rules):
    kept = [(k.kind, k.text) for k in _clean(rules).lines]
    assert kept == [
        ("headline", "Floods close bridge in Aldham"),
        ("headline", "Residents evacuated (right) as river rises."),
        ("body", "Flooding closed the main bridge in Aldham on Sunday, the county council said."),
        ("body", "About 200 homes were evacuated overnight as the river rose, officials said."),
        ("body", "The council said repairs would take at least two weeks to finish."),
        ("body", "Engineers will inspect the bridge on Tuesday, a spokesman said, and report later."),
    ]


def test_each_removed_line_has_the_rule_that_removed_it(rules):
    removed = [(r.rule, r.text) for r in _clean(rules).removed]
    assert removed == [
        ("nav-crumb", "Current:Home > News"),
        ("nav-skip", "Skip to main content"),
        ("advert", "Advertisement"),
        ("photo-credit", "Photo: Reuters"),
        ("video-duration", "02:26"),
        ("video-caption", "Storm batters coast of Spain"),
        ("video-caption", "Storm batters coast of Spain"),
        ("caps-promo", "MAYOR RESIGNS AFTER BUDGET ROW"),
        ("inline-headline", "Council approves new parking rules for city centre"),
        ("duplicate-line", "Engineers will inspect the bridge on Tuesday, a spokesman said, and report later."),
        ("vote-counter", "veryGood! (12)"),
        ("related-list", "Related"),
        ("related-list", "- Ten ways to save on heating"),
        ("related-list", "Flooding also hit three villages downstream, the council said on Monday evening."),
    ]
    assert all(r.line >= 1 for r in _clean(rules).removed)


def test_a_related_header_before_the_story_drops_only_itself(rules):
    lines = ["Related", "Flooding closed the main bridge in Aldham on Sunday, the county council said.",
             "About 200 homes were evacuated overnight as the river rose, officials said."]
    cleaned = clean_lines(lines, rules.boilerplate)
    assert [k.text for k in cleaned.lines] == lines[1:]


def test_tokenized_quote_endings_and_broken_lines_are_prose_not_headlines(rules):
    lines = [
        "Flooding closed the main bridge in Aldham on Sunday, the county council said.",
        "About 200 homes were evacuated overnight as the river rose, officials said.",
        "We will find a way to improve on this team . ”",
        "The merchandise, including a clothing line, along with a film in 2005,",
        "Engineers will inspect the bridge on Tuesday, a spokesman said.",
    ]
    cleaned = clean_lines(lines, rules.boilerplate)
    assert [k.text for k in cleaned.lines] == lines
