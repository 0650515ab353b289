"""``TimeSpan``: when something happened or will, as the claim model holds it.

Kept apart from ``timeanchor`` (which finds and anchors time expressions) so the
anchoring code can be compiled (see ``compiled``) while this pydantic model stays
an ordinary Python class.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .models import Part

Granularity = Literal["day", "week", "month", "year", "range"]


class TimeSpan(Part):
    """When something happened or will, as a span of days with a granularity."""

    start: dt.date | None = None
    end: dt.date | None = Field(default=None, description="inclusive")
    granularity: Granularity
    expression: str = Field(description="the words it came from")
    anchor: dt.date | None = Field(default=None, description="the date a relative expression was read from")
    relative: bool = False
    month_day: tuple[int, int] | None = Field(
        default=None, description="an open date's month and day: 'January 18' with no year to read it in")

    @property
    def is_open(self) -> bool:
        return self.start is None

    @property
    def value(self) -> str | None:
        """'2023-09-20', '2023-10', '2022', or 'start/end' for weeks and ranges; None when open."""
        if self.start is None or self.end is None:
            return None
        if self.granularity == "day":
            return self.start.isoformat()
        if self.granularity == "month":
            return self.start.strftime("%Y-%m")
        if self.granularity == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"
