"""Removing what scraping leaves around a story, line by line, with a reason for each.

Each line gets the first verdict that applies, in this order:

1. lines the provenance reader already claimed (page date line, byline);
2. everything after a trailer line (a "Related" list, a legal footer);
3. the line rules of ``rules/boilerplate.yaml``;
4. video durations ("02:26") and the caption lines that follow them;
5. ALL-CAPS headlines of other stories inside the body;
6. short labels of one or two words ("View", "Diplomacy");
7. headline-like lines inside the body (promos of other stories);
8. exact repeats of a kept line;
9. else: kept, as a headline (before the story begins), bullet or body line.

The story "begins" at the first prose line followed by another prose line, so
a photo caption above the headline does not end the headline zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .models import RemovedText
from .rules import BoilerplateRules, LineRule
from .sentences import is_bullet

LineKind = Literal["headline", "bullet", "body"]

_DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
# a sentence end, allowing closing quotes and the spaced-out quotes of tokenized text (". ”")
_TERMINAL_END = re.compile(r"[.!?…:;](?:\s*[\"'”’)\]])*$")
_HEADLINE_MAX_WORDS = 20  # longer lines without a full stop are prose that lost it
_CONTINUES = re.compile(r"(?:[,\-–—(]|\b(?:and|or|of|the|a|an|to|in|for|with|by|that))$", re.IGNORECASE)
_CAPTION_LINES = 3  # a video card repeats its caption at most this often


@dataclass(frozen=True)
class KeptLine:
    line: int  # 0-based index in the raw lines
    text: str  # the line, stripped, with any strip-rule piece cut away
    kind: LineKind


@dataclass(frozen=True)
class Cleaned:
    lines: list[KeptLine]
    removed: list[RemovedText]


def is_prose(line: str) -> bool:
    """A line that reads as running text: enough words and a sentence ending."""
    return len(line.split()) >= 8 and bool(_TERMINAL_END.search(line))


def _is_headline_like(line: str) -> bool:
    """A line shaped like a headline: a few capitalised words, no sentence end, not cut mid-phrase."""
    words = line.split()
    return (
        3 <= len(words) <= _HEADLINE_MAX_WORDS
        and (line[0].isupper() or line[0].isdigit())
        and not _TERMINAL_END.search(line)
        and not _CONTINUES.search(line)
    )


def _is_all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(line.split()) >= 3 and len(letters) >= 10 and upper >= 0.85 * len(letters)


def _story_start(lines: list[str], furniture: set[int]) -> int:
    """Index of the first prose line that another prose line follows (``furniture`` lines aside)."""
    candidates = [i for i, raw in enumerate(lines) if raw.strip() and i not in furniture]
    for a, b in zip(candidates, candidates[1:], strict=False):
        if is_prose(lines[a].strip()) and is_prose(lines[b].strip()):
            return a
    for a in candidates:  # one-paragraph stories
        if is_prose(lines[a].strip()):
            return a
    return len(lines)


def clean_lines(
    lines: list[str],
    rules: BoilerplateRules,
    claimed: dict[int, tuple[str, str]] | None = None,
) -> Cleaned:
    """Classify every raw line; ``claimed`` maps line index → (rule id, label) decided earlier."""
    claimed = claimed or {}
    # each line is matched against the line rules once; the story start and the loop both use it
    matched: dict[int, LineRule] = {}
    for i, raw in enumerate(lines):
        rule = next((r for r in rules.line_rules if r.matches(raw.strip())), None) if raw.strip() else None
        if rule is not None:
            matched[i] = rule
    start = _story_start(lines, set(claimed) | set(matched))
    kept: list[KeptLine] = []
    removed: list[RemovedText] = []
    seen: set[str] = set()
    trailer: tuple[str, str] | None = None
    caption_budget = 0

    def drop(i: int, text: str, rule: str, label: str) -> None:
        removed.append(RemovedText(line=i + 1, text=text, rule=rule, reason=label))

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        in_body = i >= start
        if i in claimed:
            drop(i, line, *claimed[i])
            continue
        if trailer:
            drop(i, line, *trailer)
            continue
        rule = matched.get(i)
        if rule is not None:
            drop(i, line, rule.id, rule.label)
            if rule.action == "trailer" and in_body:
                trailer = (rule.id, f"{rule.label} (after line {i + 1})")
            continue
        if _DURATION.match(line):
            drop(i, line, "video-duration", "video duration")
            caption_budget = _CAPTION_LINES
            continue
        if caption_budget and _is_headline_like(line):
            caption_budget -= 1
            drop(i, line, "video-caption", "video caption")
            continue
        caption_budget = 0
        if in_body and _is_all_caps(line):
            drop(i, line, "caps-promo", "ALL-CAPS headline of another story")
            continue
        if len(line.split()) <= 2 and not _TERMINAL_END.search(line) and not any(c.isdigit() for c in line):
            drop(i, line, "short-label", "page label")
            continue
        if in_body and _is_headline_like(line) and not is_bullet(line):
            drop(i, line, "inline-headline", "headline of another story inside the body")
            continue
        text = line
        for strip in rules.strip_rules:
            m = re.search(strip.pattern, text, re.IGNORECASE)
            if m and m.start() > 0:
                drop(i, text[m.start():].strip(), strip.id, strip.label)
                text = text[: m.start()].rstrip()
        if text in seen:
            drop(i, line, "duplicate-line", "repeat of an earlier line")
            continue
        seen.add(text)
        kind: LineKind = "bullet" if is_bullet(text) else ("body" if in_body else "headline")
        kept.append(KeptLine(line=i, text=text, kind=kind))
    return Cleaned(lines=kept, removed=removed)
