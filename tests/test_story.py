"""Articles → stories: reports of one story group, a similar story stays apart, ids are stable."""

from __future__ import annotations

import math
import random

import pytest

from crosscheck.origins import copies
from crosscheck.rules import StorySettings
from crosscheck.story import FeatureCounts, join_central, read_stories, stories
from crosscheck.storytext import Unpackable, pack, unpack

from .claimkit import claim

# Two shootings of police officers (similar words, different names, towns and numbers),
# an earthquake and an election, each told by more than one article.
TEXTS = {
    "ortiz-1": ["Deputy Jerry Ortiz was shot dead in Hawaiian Gardens on Wednesday night.",
                "Sheriff Lee Baca said the suspect, Jose Luis Orozco, fled on foot after the shooting.",
                "Ortiz, 35, had served with the department for 12 years."],
    "ortiz-2": ["A gang member was charged with the killing of Deputy Jerry Ortiz in Hawaiian Gardens.",
                "Prosecutors said Jose Luis Orozco shot the deputy in the head as he searched an apartment.",
                "Sheriff Lee Baca called Ortiz a hero."],
    "ortiz-3": ["Hundreds of officers attended the funeral of Deputy Jerry Ortiz on Monday.",
                "Ortiz was killed in Hawaiian Gardens while looking for a suspect, Jose Luis Orozco."],
    "fresno-1": ["Officer Maria Delgado was shot and wounded in Fresno on Saturday, police said.",
                 "Chief Dan Whitley said the gunman, Tyrone Mack, was arrested two hours later.",
                 "Delgado, 29, joined the department 4 years ago."],
    "fresno-2": ["A Fresno police officer, Maria Delgado, is recovering after she was shot during a traffic stop.",
                 "Tyrone Mack was booked on charges of attempted murder, Chief Dan Whitley said."],
    "quake-1": ["A magnitude 6.4 earthquake struck off the coast of Sumatra on Sunday.",
                "The quake killed at least 7 people in Padang, officials said."],
    "quake-2": ["Rescuers searched collapsed homes in Padang after the 6.4 earthquake off Sumatra.",
                "The death toll rose to 7, the disaster agency said."],
    "vote-1": ["Voters in Oslo elected Ingrid Solberg mayor with 54 percent of the vote.",
               "Solberg promised cheaper trams."],
    "vote-2": ["Ingrid Solberg won the Oslo mayoral race, taking 54 percent.",
               "Her rival conceded on Monday night."],
}


def corpus():
    return [claim(art, "state", sentence=i, evidence=text, family=None)
            for art, sentences in TEXTS.items() for i, text in enumerate(sentences)]


def test_reports_of_one_story_group_and_a_similar_story_stays_apart():
    found = stories(corpus(), StorySettings())
    story = {name: found[name] for name in TEXTS}
    assert story["ortiz-1"] == story["ortiz-2"] == story["ortiz-3"]
    assert story["fresno-1"] == story["fresno-2"]
    assert story["quake-1"] == story["quake-2"]
    assert story["vote-1"] == story["vote-2"]
    # two police shootings share their words, not their names, towns or numbers
    assert story["ortiz-1"] != story["fresno-1"]
    assert len({story["ortiz-1"], story["fresno-1"], story["quake-1"], story["vote-1"]}) == 4


def test_story_ids_do_not_depend_on_input_order():
    claims = corpus()
    first = stories(claims, StorySettings())
    random.Random(7).shuffle(claims)
    assert stories(claims, StorySettings()) == first


def test_a_stricter_similarity_splits_stories_and_disabled_gives_one_per_article():
    assert len(set(stories(corpus(), StorySettings(similarity=0.99)).values())) > 4
    assert len(set(stories(corpus(), StorySettings(enabled=False)).values())) == len(TEXTS)


def test_the_headline_and_lead_weigh_more_than_the_rest():
    claims = [claim("a", "state", sentence=0, evidence="Floods hit Valencia.", family=None),
              claim("a", "state", sentence=9, evidence="Floods also hit Murcia.", family=None)]
    lead = FeatureCounts.of_claims(claims, lead_sentences=5, lead_weight=4).of("a")
    assert lead["w:valencia"] == 4 * lead["w:murcia"]
    flat = FeatureCounts.of_claims(claims, lead_sentences=5, lead_weight=1).of("a")
    assert flat["w:valencia"] == flat["w:murcia"]


STORY_OF = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "b3": "B", "c1": "C"}


@pytest.mark.parametrize("told, joined", [
    ([{"a1", "a2", "b1", "b2"}], True),   # central to both: told by half or more of each
    ([{"a1", "b1"}], False),              # one article of each: in passing
    ([{"a1", "a2", "b1"}], False),        # one of B's three articles: in passing there
    ([{"a1", "a2", "c1"}], False),        # C is one article: too little to say what it is about
    ([{"a1", "a2", "b1", "b2"}, {"a1", "b1"}], True),
])
def test_stories_that_tell_one_action_centrally_join(told, joined):
    out = join_central(STORY_OF, told, 0.5)
    assert (out["a1"] == out["b1"]) is joined
    assert out["a1"] == out["a2"] and out["b1"] == out["b2"] == out["b3"] and out["c1"] != out["a1"]
    assert join_central(STORY_OF, list(reversed(told)), 0.5) == out  # order does not matter


def test_no_action_joins_stories_when_the_share_is_zero():
    out = join_central(STORY_OF, [{"a1", "a2", "b1", "b2"}], 0.0)
    assert len({out[a] for a in STORY_OF}) == 3


# A wire story, a site's copy of it, and a local paper's own report of the same landslide.
WIRE = ["Landslide buries homes in northern Peru, killing at least 9",
        "LIMA, Peru (AP) - A landslide buried 30 homes in the Andean town of Huancabamba on Monday, "
        "killing at least 9 people, Peru's civil defense agency said.",
        "Heavy rain had loosened the hillside above the town for a week, officials said.",
        "Soldiers were flown in from Piura to help dig through the mud."]
LOCAL = ["Huancabamba mourns 11 dead as rescuers end search",
         "Rescuers ended their search in Huancabamba on Wednesday after finding 11 bodies under the mud.",
         "Mayor Rosa Quispe said dozens of families lost their homes when the landslide struck on Monday."]


def landslide() -> list:
    texts = {"slide-wire": WIRE, "slide-copy": WIRE, "slide-local": LOCAL}
    return corpus() + [claim(art, "state", sentence=i, evidence=text, family=None)
                       for art, sentences in texts.items() for i, text in enumerate(sentences)]


def test_copies_are_one_story_and_count_once_against_another_report():
    found = stories(landslide(), StorySettings())
    assert found["slide-wire"] == found["slide-copy"]
    # counted twice, the words only the copies share would outweigh what the local report shares
    assert found["slide-local"] == found["slide-wire"]
    assert found["slide-local"] != found["quake-1"]


def test_disabled_stories_keep_copies_apart():
    found = stories(landslide(), StorySettings(enabled=False))
    assert found["slide-wire"] != found["slide-copy"]


def _loop_similarities(vectors, settings):
    """The sums feature by feature, as a plain loop: what the sparse product must give to the bit."""
    posting: dict[int, list[tuple[str, float]]] = {}
    for art in vectors.articles:
        for f, v in sorted(vectors.of(art).items()):
            posting.setdefault(f, []).append((art, v))
    total: dict[tuple[str, str], float] = {}
    for entries in posting.values():
        if len(entries) <= settings.max_index_df:
            for i, (a, va) in enumerate(entries):
                for b, vb in entries[i + 1:]:
                    total[(a, b)] = total.get((a, b), 0.0) + va * vb
    return {pair: s for pair, s in total.items() if s >= settings.similarity * settings.linkage}


@pytest.mark.parametrize("max_index_df", [2, 3, 50])
def test_similarities_are_the_feature_by_feature_sums_over_rare_features(max_index_df):
    from crosscheck.story import _ROWS, Vectors, similarities

    rnd = random.Random(7)
    words = [f"w:{i}" for i in range(3000)]  # each in about 5 of the articles
    # more articles than one block of rows, so pairs across blocks are summed too
    features = {f"a{k:05d}": {w: float(rnd.randint(1, 3)) for w in rnd.sample(words, 6)} for k in range(_ROWS + 300)}
    settings = StorySettings(similarity=0.05, linkage=1.0, max_index_df=max_index_df)
    vectors = Vectors(FeatureCounts.of_bags(sorted(features.items())), settings.name_weight)
    found = similarities(vectors, settings)
    assert found == _loop_similarities(vectors, settings)  # the same pairs, and the same floats to the bit
    assert found
    if max_index_df == 50:
        assert any(a < f"a{_ROWS:05d}" <= b for a, b in found), "pairs across row blocks must be found"
    else:  # most words are in more articles than that: they find no pairs
        assert len(found) < len(similarities(vectors, settings.model_copy(update={"max_index_df": 50}))) / 10


def test_an_articles_vector_weighs_its_features_by_tf_idf_and_has_length_one():
    from crosscheck.story import Vectors

    features = {"a": {"w:quake": 3.0, "n:lima": 1.0, "w:only-a": 2.0, "w:all": 1.0},
                "b": {"w:quake": 1.0, "w:all": 1.0, "n:lima": 4.0},
                "c": {"w:all": 2.0, "w:other": 1.0}}
    vectors = Vectors(FeatureCounts.of_bags(sorted(features.items())), name_weight=5.0)
    with pytest.raises(ValueError, match="out of order"):
        FeatureCounts.of_bags(reversed(sorted(features.items())))
    column = {"w:quake": 0, "n:lima": 1}  # numbered as "a" first names them
    quake, lima = (1 + math.log(3)) * math.log(3 / 2), (1 + math.log(1)) * math.log(3 / 2) * 5.0
    norm = math.hypot(quake, lima)
    # a feature of one article (only-a) or of all three (all) says nothing of which share a story
    assert vectors.of("a") == pytest.approx({column["w:quake"]: quake / norm, column["n:lima"]: lima / norm})
    assert vectors.of("c") == {}
    assert math.fsum(v * v for v in vectors.of("b").values()) == pytest.approx(1.0)


def test_vectors_take_the_counts_entries_so_that_they_can_go():
    from crosscheck.story import Vectors

    counts = FeatureCounts.of_bags([("a", {"w:quake": 3.0, "n:lima": 1.0}), ("b", {"w:quake": 1.0, "n:lima": 2.0}),
                                    ("c", {"w:other": 1.0})])
    entries = (counts.rows, counts.cols, counts.counts)
    vectors = Vectors(counts, name_weight=5.0)
    # the vectors hold none of the counts' columns: once the counts go, so do they
    assert (len(counts.rows), len(counts.cols), len(counts.counts), counts.column, counts.names) == (0, 0, 0, {}, [])
    assert all(len(e) == 5 for e in entries) and counts.articles == vectors.articles == ["a", "b", "c"]
    assert vectors.matrix.shape == (3, 3) and vectors.df.tolist() == [2, 2, 1]


@pytest.mark.parametrize("text, numbers, names", [
    ("12 people died", ["12"], []),                          # a number that starts the text
    ("at 3.5 percent, 1,200 homes", ["3.5", "1,200"], []),
    ("route x9 and 9x, .5 and 7.", [], []),                  # glued to letters or a leading point: no number
    ("said 7", ["7"], []),
    ("Police said Bob Dee met Ann, Carl and Eve", [], ["Bob Dee", "Ann", "Carl", "Eve"]),
    ("Storms hit. Floods followed", [], []),                  # capitals that start a sentence are not names
    ("a visit to Lima; Quito next", [], ["Lima", "Quito"]),
])
def test_numbers_and_names_an_article_is_compared_by(text, numbers, names):
    from crosscheck.story import _NAME, _NUMBER

    assert _NUMBER.findall(text) == numbers
    assert _NAME.findall(text) == names


def _reference_features(claims, lead_sentences, lead_weight):
    """Each article's features counted with a dictionary, feature by feature, as the plain reading of
    FeatureCounts' documentation: what its columns must hold, in the same order, to the bit."""
    from collections import Counter

    from crosscheck.story import _COMMON, _NAME, _NUMBER, _WORD
    from crosscheck.storytext import NAME_KINDS as _NAME_KINDS

    parts, seen = {}, set()
    for c in claims:
        part = parts.setdefault(c.article_id, ([], [], [], []))
        lead = c.sentence < lead_sentences
        for ref in (c.subject, c.object, c.place, c.event):
            if ref is not None and ref.value and ref.kind in _NAME_KINDS:
                (part[0] if lead else part[2]).append(ref.value)
        if (c.article_id, c.sentence) not in seen:
            seen.add((c.article_id, c.sentence))
            (part[1] if lead else part[3]).append(c.evidence)
    for art in sorted(parts):
        bag = {}
        for weight, names, lines in ((lead_weight, *parts[art][:2]), (1.0, *parts[art][2:])):
            text = "\n".join(lines)
            found = ["n:" + v.casefold() for v in names]
            found += ["w:" + w.casefold().rstrip("s") for w in _WORD.findall(text)
                      if len(w.casefold()) > 2 and w.casefold() not in _COMMON]
            found += ["n:#" + n.replace(",", "") for n in _NUMBER.findall(text)]
            found += ["n:" + n.casefold() for n in _NAME.findall(text) if n.casefold() not in _COMMON]
            for f, n in Counter(found).items():
                bag[f] = bag.get(f, 0.0) + n * weight
        yield art, bag


@pytest.mark.parametrize("at_once", [7, 1 << 20])  # counted a few tokens at a time, or all at once
@pytest.mark.parametrize("lead_weight", [4.0, 1.1])
def test_feature_counts_are_what_counting_feature_by_feature_gives(monkeypatch, at_once, lead_weight):
    import crosscheck.story as story

    monkeypatch.setattr(story, "_TOKENS_AT_ONCE", at_once)
    claims = landslide() + [
        claim("mixed", "visit", subject="Ann Lee", obj="Bob Dee", where="moscow", sentence=0,
              evidence="Ann Lee met Bob Dee in Moscow; the Straße and İstanbul, 1,200 homes, 3.5 percent."),
        claim("mixed", "visit", subject="Ann Lee", obj="Bob Dee", sentence=0,  # the same sentence: read once
              evidence="Ann Lee met Bob Dee in Moscow; the Straße and İstanbul, 1,200 homes, 3.5 percent."),
        claim("mixed", "state", sentence=8, evidence="Later, Ann Lee said Moscow reports 1200 homes lost.", family=None),
        claim("empty", "state", sentence=0, evidence="It is so.", family=None),
    ]
    random.Random(3).shuffle(claims)
    fast = FeatureCounts.of_claims(claims, lead_sentences=2, lead_weight=lead_weight)
    slow = FeatureCounts.of_bags(_reference_features(claims, 2, lead_weight))
    assert fast.articles == slow.articles and "empty" in fast.articles
    assert fast.column == slow.column
    assert (fast.rows, fast.cols, fast.counts) == (slow.rows, slow.cols, slow.counts)
    assert fast.names == slow.names
    # the place a claim of the lead resolved, the lead's text naming it, and a later sentence naming it
    assert fast.of("mixed")["n:moscow"] == 2 * lead_weight + 1



@pytest.mark.parametrize("at_most", [1, 1 << 23])  # a chunk per article, or one for all
def test_packed_texts_read_back_as_they_were(monkeypatch, at_most):
    import crosscheck.storytext as storytext

    monkeypatch.setattr(storytext, "PACKED_BYTES", at_most)
    texts = [("a", ["ann lee", "moscow"], "Ann Lee met Bob Dee.\nThe Straße, İstanbul: 1,200 homes.", [], ""),
             ("b\0c", [], "", ["x"], "A lone surrogate \ud800 and a NUL \0 in the text."),
             ("d", [], "", [], "")]
    chunks = list(pack(iter(texts)))
    assert len(chunks) == (3 if at_most == 1 else 1)
    assert list(unpack(chunks)) == texts


@pytest.mark.parametrize("names", [["ann\0lee"], [""]])
def test_names_that_would_not_read_back_are_not_packed(names):
    # "ann\0lee" would come back as two names, [""] as none
    with pytest.raises(Unpackable):
        list(pack(iter([("a", names, "text", [], "")])))


@pytest.mark.parametrize("worker", [True, False])
def test_stories_read_by_a_worker_are_those_read_here(worker):
    claims = corpus() + landslide()
    here = stories(claims, StorySettings())
    reading = read_stories(claims, StorySettings(), worker=worker)
    assert reading.in_worker == worker
    if worker:  # the worker's own answer, for the originals (a dead worker raises here; result() would
        # read them itself)
        story_of_original = reading._worker.result()
        assert {a: story_of_original[o] for a, o in copies(claims).items()} == here
    else:
        assert reading.result() == here


def test_a_name_that_cannot_be_packed_is_read_here():
    claims = [*corpus(), claim("ortiz-1", "state", subject="Jerry\0Ortiz", sentence=9, evidence="Ortiz again.")]
    reading = read_stories(claims, StorySettings(), worker=True)
    assert not reading.in_worker
    assert reading.result() == stories(claims, StorySettings())


def test_stories_are_read_here_when_the_worker_dies_or_cannot_start(monkeypatch):
    from crosscheck import streamworker
    from crosscheck.story import StoryReading
    from crosscheck.streamworker import StreamWorker

    from .test_streamworker import die

    claims = corpus() + landslide()
    copy_of = copies(claims)
    originals = [c for c in claims if copy_of[c.article_id] == c.article_id]
    dead = StreamWorker(die)
    dead.end()
    assert StoryReading(originals, StorySettings(), copy_of, dead).result() == stories(claims, StorySettings())
    monkeypatch.setattr(streamworker.sys, "executable", "/nonexistent/python")
    reading = read_stories(claims, StorySettings(), worker=True)
    assert not reading.in_worker
    assert reading.result() == stories(claims, StorySettings())
