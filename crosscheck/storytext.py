"""An article's text as stories read it (story.py): the names its claims' parts resolved to and
its sentences, each once, the lead's apart from the rest's; and the same texts packed into byte
strings, for a worker process to read (streamworker.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

from .claim import Claim

NAME_KINDS = frozenset({"person", "organization", "group", "name", "place", "event"})


Parts = tuple[list[str], list[str], list[str], list[str]]  # lead names, lead texts, other names, other texts
Text = tuple[str, list[str], str, list[str], str]  # article, lead names, lead text, other names, other text


def article_parts(claims: Iterable[Claim], lead_sentences: int) -> dict[str, Parts]:
    """Per article: the names its claims' parts resolved to and its sentences (each once), the lead's
    (the first ``lead_sentences`` sentences) apart from the rest's."""
    parts: dict[str, Parts] = {}
    seen: set[tuple[str, int]] = set()
    for c in claims:
        part = parts.get(c.article_id)
        if part is None:
            part = parts[c.article_id] = ([], [], [], [])
        lead = c.sentence < lead_sentences
        names = part[0] if lead else part[2]
        for ref in (c.subject, c.object, c.place, c.event):
            if ref is not None and ref.value and ref.kind in NAME_KINDS:
                names.append(ref.value)
        if (c.article_id, c.sentence) not in seen:
            seen.add((c.article_id, c.sentence))
            (part[1] if lead else part[3]).append(c.evidence)
    return parts


def texts_of(parts: dict[str, Parts]) -> Iterator[Text]:
    """Each article's names and texts, in article id order, its lead's and its rest's lines each
    joined by line breaks; an article's parts are let go as it is read."""
    for art in sorted(parts):
        lead_names, lead_texts, names, texts = parts.pop(art)
        yield art, lead_names, "\n".join(lead_texts), names, "\n".join(texts)


class Unpackable(ValueError):
    """A name holds a NUL or is empty, and would not read back as itself (``pack``)."""


def pack(texts: Iterable[Text]) -> Iterator[bytearray]:
    """The articles' texts (``texts_of``) as byte strings of about ``PACKED_BYTES``, for a worker
    process to read back (``unpack``): each holds the number of its pieces, their lengths in bytes,
    then the pieces, five per article in UTF-8 (its id, lead names, lead text, other names, other
    text; names joined by NUL). Raises ``Unpackable`` for a name that holds a NUL or is empty."""
    lengths, data = array("q"), bytearray()
    for art, lead_names, lead_text, names, text in texts:
        for piece in (art, _joined(lead_names), lead_text, _joined(names), text):
            encoded = piece.encode("utf-8", "surrogatepass")
            lengths.append(len(encoded))
            data += encoded
        if len(data) >= PACKED_BYTES:
            yield _chunk(lengths, data)
            lengths, data = array("q"), bytearray()
    if lengths:
        yield _chunk(lengths, data)


def _joined(names: list[str]) -> str:
    joined = "\0".join(names)
    if joined.count("\0") != max(0, len(names) - 1) or names == [""]:
        raise Unpackable("a name holds a NUL or is empty")
    return joined


def _chunk(lengths: array, data: bytearray) -> bytearray:
    out = bytearray(array("q", [len(lengths)]).tobytes())
    out += lengths.tobytes()
    out += data
    return out


def unpack(chunks: Iterable[bytes | bytearray]) -> Iterator[Text]:
    """The texts ``pack`` packed."""
    for chunk in chunks:
        view = memoryview(chunk)
        count = array("q", view[:8].tobytes())[0]
        lengths = array("q", view[8:8 + 8 * count].tobytes())
        at = 8 + 8 * count
        pieces: list[str] = []
        for n in lengths:
            pieces.append(str(view[at:at + n], "utf-8", "surrogatepass"))
            at += n
            if len(pieces) == 5:
                yield pieces[0], _names(pieces[1]), pieces[2], _names(pieces[3]), pieces[4]
                pieces = []


PACKED_BYTES = 1 << 23  # about 8 MB a chunk


def _names(joined: str) -> list[str]:
    return joined.split("\0") if joined else []
