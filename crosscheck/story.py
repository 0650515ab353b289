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
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import repeat

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from .claim import Claim
from .lexicon import FUNCTION_WORDS, MONTHS_AND_DAYS
from .origins import copies
from .rules import StorySettings
from .storytext import Text, Unpackable, article_parts, pack, texts_of, unpack
from .streamworker import StreamWorker, WorkerDied

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
# each pattern starts with what it matches, and looks behind only once that matched (the digit, the
# capital): a pattern that starts with a look-behind is tried at every character, twice as slow
_NUMBER = re.compile(r"\d(?<![\w.]\d)[\d.,]*\d(?!\w)|\d(?<![\w.,]\d)(?![\w.,])")
# a capitalised run that follows a lower-case word or a comma: a name, not a sentence start
_NAME = re.compile(r"[A-Z](?<=[a-z,;:] [A-Z])[a-z]+(?: [A-Z][a-z]+)*")
_COMMON = FUNCTION_WORDS | MONTHS_AND_DAYS | frozenset(
    "is are was were be been being has have had will would could should said says say told tells "
    "year years people also percent".split())
def _ref_name(value: str) -> str | None:
    return "n:" + value.casefold()


def _word(word: str) -> str | None:
    lw = word.casefold()
    return "w:" + lw.rstrip("s") if len(lw) > 2 and lw not in _COMMON else None


def _number(number: str) -> str | None:
    return "n:#" + number.replace(",", "")


def _name(name: str) -> str | None:
    lw = name.casefold()
    return "n:" + lw if lw not in _COMMON else None


class FeatureCounts:
    """How much each feature weighs in each article, as three columns (row, column, weight): rows are
    the articles sorted by id, and a row's entries come in the order the article first names its
    features. Columns are numbered in the order the articles first name the features (``column``).

    An article's features are the canonical names its claims' parts resolved to, the capitalised
    names in its text that do not start a sentence, its numbers, and its content words; a feature of
    the first ``lead_sentences`` sentences counts ``lead_weight`` times."""

    def __init__(self) -> None:
        self.articles: list[str] = []
        self.column: dict[str, int] = {}
        self.names: list[bool] = []  # per column: a name or a number (weighed by ``name_weight``), not a word
        # C ints, not 8 bytes: a million claims' articles hold 7.8 million entries
        self.rows, self.cols, self.counts = array("i"), array("i"), array("d")

    @classmethod
    def of_claims(cls, claims: Iterable[Claim], lead_sentences: int = 0, lead_weight: float = 1.0) -> FeatureCounts:
        """The features of the claims' articles (each sentence read once)."""
        return cls.of_texts(texts_of(article_parts(claims, lead_sentences)), lead_weight)

    @classmethod
    def of_texts(cls, texts: Iterable[Text], lead_weight: float = 1.0) -> FeatureCounts:
        """The features of articles given as (article, lead names, lead text, other names, other
        text), in article id order.

        The texts are read by regular expressions, an article's lead and rest each as one text (lines
        joined by line breaks, which no pattern matches across). Each distinct token is made a
        feature once (``memo``); an article's tokens become a column of feature numbers, and the
        counting is numpy's, about a million tokens at a time. Counted in a dictionary per article,
        features and vectors took 3.2 s at 100k claims, against 1.9–2.4 s this way, in one process
        (pure Python); the regular expressions are 1.1 s of it."""
        out = cls()
        memo: tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {}, {})
        tokens = _Tokens()
        for art, lead_names, lead_text, names, text in texts:
            row = len(out.articles)
            out.articles.append(art)
            for lead, refs, words in ((True, lead_names, lead_text), (False, names, text)):
                before = len(tokens.cols)
                out._add(refs, memo[0], _ref_name, tokens.cols)
                out._add(_WORD.findall(words), memo[1], _word, tokens.cols)
                out._add(_NUMBER.findall(words), memo[2], _number, tokens.cols)
                out._add(_NAME.findall(words), memo[3], _name, tokens.cols)
                tokens.mark(row, lead, len(tokens.cols) - before)
            if len(tokens.cols) >= _TOKENS_AT_ONCE:
                out._count(tokens, lead_weight)
                tokens = _Tokens()
        out._count(tokens, lead_weight)
        return out

    @classmethod
    def of_bags(cls, features: Iterable[tuple[str, Mapping[str, float]]]) -> FeatureCounts:
        """From (article, feature → weight), in article id order."""
        out = cls()
        for i, (art, bag) in enumerate(features):
            if out.articles and art <= out.articles[-1]:
                raise ValueError(f"articles out of order: {art!r} after {out.articles[-1]!r}")
            out.articles.append(art)
            for f in bag:
                if f not in out.column:
                    out.column[f] = len(out.column)
                    out.names.append(f[0] == "n")
            out.rows.extend(repeat(i, len(bag)))
            out.cols.extend([out.column[f] for f in bag])
            out.counts.extend(bag.values())
        return out

    def _add(self, tokens: list[str], memo: dict[str, int], feature: Callable[[str], str | None],
             out: array) -> None:
        column = self.column
        for t in tokens:
            c = memo.get(t)
            if c is None:
                f = feature(t)
                if f is None:
                    c = -1
                else:
                    found = column.get(f)
                    if found is None:
                        found = column[f] = len(column)
                        self.names.append(f[0] == "n")
                    c = found
                memo[t] = c
            if c >= 0:
                out.append(c)

    def _count(self, tokens: _Tokens, lead_weight: float) -> None:
        """Each (article, feature)'s weight, in the order the articles first name their features."""
        if not tokens.cols:
            return
        col = np.frombuffer(tokens.cols, dtype=np.int64)
        row = np.repeat(np.frombuffer(tokens.rows, dtype=np.int64), np.frombuffer(tokens.sizes, dtype=np.int64))
        lead = np.repeat(np.frombuffer(tokens.leads, dtype=np.uint8), np.frombuffer(tokens.sizes, dtype=np.int64))
        key = row * (len(self.column) + 1) + col
        entries, first, which = np.unique(key, return_index=True, return_inverse=True)
        # counted apart and weighed after, as lead count × weight + other count: the same floats as
        # adding up a dictionary of counts would give
        n_lead = np.bincount(which, weights=lead, minlength=len(entries))
        n_other = np.bincount(which, minlength=len(entries)) - n_lead
        order = np.argsort(first, kind="stable")
        self.rows.frombytes(row[first[order]].astype(np.intc).tobytes())
        self.cols.frombytes(col[first[order]].astype(np.intc).tobytes())
        self.counts.frombytes((n_lead[order] * lead_weight + n_other[order]).tobytes())

    def take(self) -> tuple[array, array, array, list[bool]]:
        """The entries as three columns (rows, columns, weights) and, per column, whether it is a name,
        handed over: this object is left with its articles only. Its features' numbers (``column``)
        go too: a million claims' articles held 76 MB of them."""
        out = self.rows, self.cols, self.counts, self.names
        self.rows, self.cols, self.counts, self.names = array("i"), array("i"), array("d"), []
        self.column = {}
        return out

    def of(self, article: str) -> dict[str, float]:
        """One article's features and their weights."""
        i = self.articles.index(article)
        feature = {c: f for f, c in self.column.items()}
        return {feature[c]: n for r, c, n in zip(self.rows, self.cols, self.counts, strict=True) if r == i}


class _Tokens:
    """The feature numbers of a few thousand articles' tokens, and per text read (an article's lead or
    rest): its article's row, whether it is the lead, and how many of the tokens are its."""

    def __init__(self) -> None:
        self.cols = array("q")
        self.rows, self.leads, self.sizes = array("q"), array("B"), array("q")

    def mark(self, row: int, lead: bool, size: int) -> None:
        self.rows.append(row)
        self.leads.append(lead)
        self.sizes.append(size)


_TOKENS_AT_ONCE = 1 << 20  # tokens counted at once: 8 MB a column


class Vectors:
    """The articles' TF-IDF vectors, one row per article (sorted by id), each of length 1: a feature
    weighs (1 + log count) × log(articles / articles that have it), times ``name_weight`` for
    names and numbers. A feature of one article tells nothing about which others share its story,
    nor does one of every article: both are left out. ``df``: per column, the articles that have
    the feature."""

    def __init__(self, counts: FeatureCounts, name_weight: float) -> None:
        """Takes the counts' entries and feature numbers (``FeatureCounts.take``) and lets each go once
        read: held to the end, they were a quarter of the story worker's peak at a million claims
        (521 MiB, against 384 MiB once each goes as it is read)."""
        self.articles = counts.articles
        n = len(self.articles)
        rows, cols, weights, names = counts.take()
        col = np.frombuffer(cols, dtype=np.intc) if cols else np.zeros(0, dtype=np.intc)
        df = np.bincount(col, minlength=len(names))
        kept = (df[col] > 1) & (df[col] < n)
        col = col[kept]
        del cols
        row = (np.frombuffer(rows, dtype=np.intc) if rows else np.zeros(0, dtype=np.intc))[kept]
        del rows
        weight = np.where(np.asarray(names, dtype=bool), name_weight, 1.0)
        del names
        # (1 + log count) × log(n / df) × weight, worked out in place (the same operations in the same
        # order): each temporary is 8 bytes an entry
        value = np.asarray(weights, dtype=np.float64)[kept]
        del weights, kept
        np.log(value, out=value)
        value += 1
        idf = np.divide(n, df[col], dtype=np.float64)
        np.log(idf, out=idf)
        value *= idf
        del idf
        value *= weight[col]
        # each row's norm summed in the row's order (bincount adds its weights in turn)
        norm = np.sqrt(np.bincount(row, weights=value * value, minlength=n))
        norm[norm == 0] = 1.0
        value /= norm[row]
        self.df = df
        # made as rows straight away (a row's entries lie together, rows in order): no (row, column) pairs
        # for scipy to convert and copy
        indptr = np.zeros(n + 1, dtype=np.intc)
        np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
        self.matrix = sparse.csr_matrix((value, col, indptr), shape=(n, len(df)))
        self.matrix.sort_indices()

    def of(self, article: str) -> dict[int, float]:
        """One article's vector, column → weight."""
        i = self.articles.index(article)
        start, end = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        return dict(zip(self.matrix.indices[start:end].tolist(), self.matrix.data[start:end].tolist(), strict=True))


def similarities(vectors: Vectors, settings: StorySettings) -> dict[tuple[str, str], float]:
    """Cosine of the article pairs that share a rare feature, where it is at least the linkage
    floor (lower pairs can never join a story). Features in more than ``max_index_df`` articles
    are left out of the sum, as search engines prune common terms: their weight is small, and
    summing them would pair every article with every other.

    The sums are a sparse matrix product (scipy), rows a block at a time so the product of a
    hundred thousand articles is never held whole. Each pair's products are added in column order
    (a row's entries are sorted), which is the order a feature-by-feature loop over the features,
    as the articles first name them, adds them in: the sums are the same to the bit."""
    articles, x = vectors.articles, vectors.matrix
    if not x.nnz:
        return {}
    # the common features' entries are dropped (no weight is 0), their columns kept: the others keep their order
    x = sparse.csr_matrix((np.where(vectors.df[x.indices] <= settings.max_index_df, x.data, 0.0), x.indices.copy(),
                           x.indptr.copy()), shape=x.shape)
    x.eliminate_zeros()  # in place: on copies of the index arrays, which the vectors' matrix shares otherwise
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
        per_story: dict[str, int] = Counter([story_of[a] for a in articles if a in story_of])
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
    return read_stories(claims, settings, copy_of).result()


class StoryReading:
    """Stories being read, by a worker process or here when asked (``read_stories``)."""

    def __init__(self, claims: Sequence[Claim], settings: StorySettings, copy_of: Mapping[str, str],
                 worker: StreamWorker[dict[str, str]] | None) -> None:
        self._claims = claims  # the originals: read here, when no worker has read them
        self._settings = settings
        self._copy_of = copy_of
        self._worker = worker

    @property
    def in_worker(self) -> bool:
        """Whether a worker process reads the stories."""
        return self._worker is not None

    def result(self) -> dict[str, str]:
        """Article id → story id, as ``stories`` gives it."""
        story: dict[str, str] | None = None
        if self._worker is not None:
            try:
                story = self._worker.result()
            except WorkerDied:  # read them here: the same stories, later
                story = None
            self._worker = None
        if story is None:
            story = _stories_of_claims(self._claims, self._settings)
        return {a: story[original] for a, original in self._copy_of.items()}

    def cancel(self) -> None:
        """Stop the worker, if one still reads."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None


def read_stories(claims: Sequence[Claim], settings: StorySettings, copy_of: Mapping[str, str] | None = None,
                 worker: bool = False) -> StoryReading:
    """``stories``, read by a worker process (streamworker.py) when ``worker`` while the caller goes
    on; ``result()`` waits for them. The claims' texts are read here, packed (``pack``) and sent:
    about a third of the work, the part that reads the claims. The worker finds what ``stories``
    finds: the same functions, on the same texts. Without a worker, ``result()`` reads them."""
    if not settings.enabled:
        return StoryReading(claims, settings, {c.article_id: c.article_id for c in claims}, None)
    if copy_of is None:
        copy_of = copies(claims)
    originals = [c for c in claims if copy_of[c.article_id] == c.article_id]
    reading = StoryReading(originals, settings, copy_of, None)
    if worker:
        try:
            started: StreamWorker[dict[str, str]] = StreamWorker(_stories_of_packed, settings)
        except WorkerDied:  # none could be started: read here
            return reading
        try:
            for chunk in pack(texts_of(article_parts(originals, settings.lead_sentences))):
                started.send(chunk)
        except Unpackable:  # read here instead
            started.close()
        except BaseException:
            started.close()
            raise
        else:
            started.end()
            reading = StoryReading(originals, settings, copy_of, started)
    return reading


def _stories_of_claims(claims: Sequence[Claim], settings: StorySettings) -> dict[str, str]:
    """Original article id → story id."""
    if not settings.enabled:
        return _story_ids([[a] for a in {c.article_id for c in claims}])
    return _stories_of_texts(texts_of(article_parts(claims, settings.lead_sentences)), settings)


def _stories_of_packed(chunks: Iterable[bytes], settings: StorySettings) -> dict[str, str]:
    return _stories_of_texts(unpack(chunks), settings)


def _stories_of_texts(texts: Iterable[Text], settings: StorySettings) -> dict[str, str]:
    """Original article id → story id."""
    vectors = Vectors(FeatureCounts.of_texts(texts, settings.lead_weight), settings.name_weight)
    return group(vectors.articles, similarities(vectors, settings), settings)
