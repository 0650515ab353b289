"""What an earlier run's clustering judged, so a re-run judges only pairs that changed.

Judging candidate pairs is most of clustering's work. A pair's verdict
depends only on its two claims' signatures (what clustering compares of a
claim: participants, time span, place, story…) and the rules. The memory
keeps, from the last run, each claim's signature fingerprint, the blocks
that were too big to compare whole, and the pairs that scored at least the
threshold. In the next run, a candidate pair whose two claims kept their
fingerprints was judged then (blocking pairs claims by their own signatures
and by which blocks are big, see blocking.py); its verdict is looked up:
its score if it scored, else below the threshold or vetoed. Every other pair
is judged afresh. Joining pairs into events then runs over all of them as in
a full run, which is why an incremental run gives the same events.

The store keeps one memory, for the extraction version it was made with
(rules and code); any other version's memory is ignored.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .blocking import Key

if TYPE_CHECKING:
    from .cluster import Signature


def fingerprint(s: Signature) -> str:
    """A hash of everything judging a pair reads of one claim."""
    where = None if s.where is None else (s.where.value, s.where.id, sorted(s.where.chain), s.where.country)
    parts = (s.claim_id, s.family, s.actors, where, s.named, s.span, s.stated, s.once, (s.article_id, s.sentence),
             sorted(s.known), s.story, sorted(s.doubtful), s.modality, s.predicate, s.yearless)
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class PairMemory:
    """Claim id → fingerprint, the big blocks, and (claim id, claim id) → score of the pairs that scored."""

    fingerprints: dict[str, str] = field(default_factory=dict)
    big: set[Key] = field(default_factory=set)
    scored: dict[tuple[str, str], float] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        ids = list(self.fingerprints)
        index = {c: i for i, c in enumerate(ids)}
        left, right = array("I"), array("I")
        scores = array("d")
        for (a, b), score in self.scored.items():
            left.append(index[a])
            right.append(index[b])
            scores.append(score)
        head = json.dumps({"ids": ids, "fingerprints": [self.fingerprints[c] for c in ids],
                           "big": sorted(self.big), "pairs": len(scores)}).encode("utf-8")
        body = b"".join((len(head).to_bytes(8, "little"), head, left.tobytes(), right.tobytes(), scores.tobytes()))
        return zlib.compress(body, 1)

    @classmethod
    def from_bytes(cls, blob: bytes) -> PairMemory:
        """Raises ValueError when ``blob`` is not a memory this code wrote."""
        try:
            body = zlib.decompress(blob)
            size = int.from_bytes(body[:8], "little")
            head = json.loads(body[8:8 + size])
            ids: list[str] = head["ids"]
            n = head["pairs"]
            left, right, scores = array("I"), array("I"), array("d")
            at = 8 + size
            for arr in (left, right, scores):
                width = arr.itemsize * n
                arr.frombytes(body[at:at + width])
                at += width
            if at != len(body) or len(head["fingerprints"]) != len(ids):
                raise ValueError("the sizes do not add up")
            return cls(fingerprints=dict(zip(ids, head["fingerprints"], strict=True)),
                       big={tuple(k) for k in head["big"]},  # type: ignore[misc]
                       scored={(ids[a], ids[b]): s for a, b, s in zip(left, right, scores, strict=True)})
        except (zlib.error, KeyError, TypeError, IndexError, json.JSONDecodeError) as e:
            raise ValueError(str(e)) from e
