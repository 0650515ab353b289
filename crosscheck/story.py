"""Articles → stories: the articles that report the same news story.

Two reports of one event need not name its participants alike: one says "Tara
Reid", another "the actress", a third is read by the extractor as "Pie" (from
"the American Pie actress"). What the two articles do share is the rest of the
story: its names, places and numbers, its vocabulary. So before claims are
compared, articles are grouped into stories by the similarity of what they
say, and clustering then weighs "same story" as evidence that two claims of
one predicate speak of one event (``rules/clustering.yaml``, ``stories``).

An article is a TF-IDF vector over three kinds of features: the canonical
names the rules resolved (participants and places), capitalised names that
do not start a sentence, and numbers weighted by ``name_weight``; content
words weighted 1. What the headline and lead say (the first ``lead_sentences``
sentences) counts ``lead_weight`` times: news puts what the story is up top,
and the background below (the previous arrest, last year's quake) is what two
similar stories share. Similarity is the cosine, summed through an inverted index
over the features no more than ``max_index_df`` articles share, so the work
grows with the number of articles, not its square. Stories grow by average linkage:
two groups join on their strongest pair only when the mean similarity across
them is at least ``linkage`` × ``similarity``, so a roundup that mentions two
similar stories does not chain them.

Words miss some stories: two reports of one arrest can share little text.
Once claims are clustered, stories that both tell one named action centrally
(``join_central``) are joined.

Copies of one text are one story (origins.copies), and count as one document.

Story ids hash the smallest article id in the story: the same articles give
the same ids whatever order they came in.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from .claim import Claim
from .lexicon import FUNCTION_WORDS, MONTHS_AND_DAYS
from .origins import copies
from .rules import StorySettings

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
_NUMBER = re.compile(r"(?<![\w.])\d[\d.,]*\d(?![\w])|(?<![\w.,])\d(?![\w.,])")
# a capitalised run that follows a lower-case word or a comma: a name, not a sentence start
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_COMMON = FUNCTION_WORDS | MONTHS_AND_DAYS | frozenset(
    "is are was were be been being has have had will would could should said says say told tells "
    "year years people also percent".split())
_NAME_KINDS = frozenset({"person", "organization", "group", "name", "place", "event"})


def article_features(claims: Iterable[Claim], lead_sentences: int = 0,
                     lead_weight: float = 1.0) -> dict[str, dict[str, float]]:
    """Per article, its features and how much each weighs (each sentence read once): a feature
    of the first ``lead_sentences`` sentences counts ``lead_weight`` times."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    seen: set[tuple[str, int]] = set()
    for c in claims:
        bag = out[c.article_id]
        k = lead_weight if c.sentence < lead_sentences else 1.0
        for ref in (c.subject, c.object, c.place, c.event):
            if ref is not None and ref.value and ref.kind in _NAME_KINDS:
                bag["n:" + ref.value.casefold()] += k
        if (c.article_id, c.sentence) in seen:
            continue
        seen.add((c.article_id, c.sentence))
        text = c.evidence
        for w in _WORD.findall(text):
            lw = w.casefold()
            if len(lw) > 2 and lw not in _COMMON:
                bag["w:" + lw.rstrip("s")] += k
        for n in _NUMBER.findall(text):
            bag["n:#" + n.replace(",", "")] += k
        for name in _NAME.findall(text):
            if name.casefold() not in _COMMON:
                bag["n:" + name.casefold()] += k
    return out


def _vectors(features: dict[str, dict[str, float]], name_weight: float) -> dict[str, dict[str, float]]:
    n = len(features)
    df: Counter[str] = Counter(f for bag in features.values() for f in bag)
    out = {}
    for art, bag in features.items():
        # a feature of one article tells nothing about which others share its story
        vec = {f: (1 + math.log(k)) * math.log(n / df[f]) * (name_weight if f[0] == "n" else 1.0)
               for f, k in bag.items() if 1 < df[f] < n}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out[art] = {f: v / norm for f, v in vec.items()}
    return out


def similarities(vectors: dict[str, dict[str, float]], settings: StorySettings) -> dict[tuple[str, str], float]:
    """Cosine of the article pairs that share a rare feature, where it is at least the linkage
    floor (lower pairs can never join a story). Features in more than ``max_index_df`` articles
    are left out of the sum, as search engines prune common terms: their weight is small, and
    summing them would pair every article with every other.

    The sums are a sparse matrix product (scipy), rows a block at a time so the product of a
    hundred thousand articles is never held whole. Each pair's products are added in the order
    the articles first name the features (columns are numbered so, and a row's entries sorted),
    which is the order a feature-by-feature loop adds them in: the sums are the same to the bit."""
    articles = sorted(vectors)
    column: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for i, art in enumerate(articles):
        for f, v in vectors[art].items():
            rows.append(i)
            cols.append(column.setdefault(f, len(column)))
            values.append(v)
    if not column:
        return {}
    col = np.asarray(cols, dtype=np.int64)
    kept = np.bincount(col)[col] <= settings.max_index_df
    x = sparse.csr_matrix((np.asarray(values)[kept], (np.asarray(rows)[kept], col[kept])),
                          shape=(len(articles), len(column)))
    x.sort_indices()
    xt = x.T.tocsr()
    xt.sort_indices()
    floor = settings.similarity * settings.linkage
    out: dict[tuple[str, str], float] = {}
    for lo in range(0, len(articles), _ROWS):
        block = (x[lo:lo + _ROWS] @ xt).tocoo()
        a, b, s = block.row + lo, block.col, block.data
        keep = (b > a) & (s >= floor)
        for i, j, v in zip(a[keep].tolist(), b[keep].tolist(), s[keep].tolist(), strict=True):
            out[(articles[i], articles[j])] = v
    return out


_ROWS = 2048  # articles per block of the similarity product


def group(articles: Sequence[str], sims: dict[tuple[str, str], float], settings: StorySettings) -> dict[str, str]:
    """Article id → story id, by average linkage over the pair similarities."""
    parent = {a: a for a in articles}
    members: dict[str, list[str]] = {a: [a] for a in articles}
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), s in sims.items():
        neighbours[a][b] = s
        neighbours[b][a] = s

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # group → group → summed similarity of their article pairs, kept up to date as groups join, so
    # the mean linkage of two groups is one lookup (summing it afresh was most of a 100k-article run)
    link: dict[str, dict[str, float]] = {a: dict(neighbours[a]) for a in articles}
    need = settings.similarity * settings.linkage
    for (a, b), s in sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < settings.similarity:
            break
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        small, big = sorted((ra, rb), key=lambda r: (len(members[r]), r))
        if link[small].get(big, 0.0) / (len(members[small]) * len(members[big])) < need:
            continue
        parent[small] = big
        members[big].extend(members.pop(small))
        for other, v in link.pop(small).items():
            if other != big:
                link[big][other] = link[big].get(other, 0.0) + v
                link[other][big] = link[other].get(big, 0.0) + v
                del link[other][small]
        link[big].pop(small, None)
    return _story_ids(members.values())


def _story_ids(members: Iterable[list[str]]) -> dict[str, str]:
    out = {}
    for group_members in members:
        sid = "st-" + hashlib.sha1(min(group_members).encode()).hexdigest()[:12]
        for a in group_members:
            out[a] = sid
    return out


def join_central(story_of: Mapping[str, str], told: Iterable[Collection[str]], share: float) -> dict[str, str]:
    """Article id → story id, after joining the stories that tell one action centrally.

    ``told``: for each action, the articles that tell it. An action told in at least ``share`` of
    each of two stories' articles (and in two of each) is what both stories are about: they are
    one story, worded apart (the text similarity missed it). An action told in passing (a side
    remark, a background fact) joins nothing."""
    if share <= 0:
        return dict(story_of)
    size: Counter[str] = Counter(story_of.values())
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for articles in told:
        per_story: dict[str, int] = Counter(story_of[a] for a in articles if a in story_of)
        central = sorted(st for st, n in per_story.items() if n >= max(2, share * size[st]))
        for other in central[1:]:
            ra, rb = root(central[0]), root(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for a, st in story_of.items():
        members[root(st)].append(a)
    return _story_ids(members.values())


def stories(claims: Sequence[Claim], settings: StorySettings,
            copy_of: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id → story id for every article that made a claim.

    Copies of one text (a wire story and the sites that republish it) are one story, and they are
    compared with other articles as one document: counted once each, the words only they share
    would weigh as if two reports had chosen them, and pull the copies away from the other
    reports of their story. ``copy_of``: what ``origins.copies`` found of these claims, when the
    caller has it already."""
    if not settings.enabled:
        return _story_ids([a] for a in {c.article_id for c in claims})
    if copy_of is None:
        copy_of = copies(claims)
    originals = [c for c in claims if copy_of[c.article_id] == c.article_id]
    vectors = _vectors(article_features(originals, settings.lead_sentences, settings.lead_weight),
                       settings.name_weight)
    story = group(sorted(vectors), similarities(vectors, settings), settings)
    return {a: story[original] for a, original in copy_of.items()}
