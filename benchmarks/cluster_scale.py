"""Clustering and checking at scale, on synthetic claims: wall time and peak memory per size.

usage: python benchmarks/cluster_scale.py [--sizes 10000 100000 1000000] [--seed 1] [--repeat 1]

Each size runs in a fresh process. The generator writes claims the way the
extract stage would: events (two participants from a pool, a predicate of one
family, a city the rules know, a day), each told by several articles, some
claims without a time, a place or an object, some forecasts, and a few
planted time and place disagreements; no two articles share a sentence
verbatim (that would make them copies of one text). Printed per size: claims, events found,
candidate pairs, conflicts, pair precision and recall against the generator's
own events, seconds for cluster + check, peak resident memory (the claims
themselves included, measured separately first), and the peak of the process
and its story worker together (their summed Pss, sampled five times a second);
then a line with the seconds of each of clustering's stages (``cluster.STAGES``)
and of checking. With ``--repeat N`` each size runs N times, each in its own
process, and a last line gives the fastest, the median and the slowest time and
the largest peak (either kind): on a shared two-core machine one 1M run can
differ from the next by 15%. Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from array import array
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crosscheck.check import check  # noqa: E402
from crosscheck.claim import Claim, Ref, SharedParts, claim_id  # noqa: E402
from crosscheck.cluster import STAGES, Clusterer, label  # noqa: E402
from crosscheck.models import ArticleInfo, DateOrigin  # noqa: E402
from crosscheck.rules import load_rules  # noqa: E402
from crosscheck.timespan import TimeSpan  # noqa: E402

PREDICATES = [("meet", "encounter"), ("visit", "encounter"), ("kill", "harm"), ("arrest", "justice"),
              ("acquire", "deal"), ("launch", "launch")]


def generate(n: int, seed: int, rules) -> tuple[list[Claim], list[ArticleInfo], array]:
    rnd = random.Random(seed)
    cities = [p for p in rules.places.places if p.kind == "city"]
    # what a place lies within, nearest first, as the extract stage writes it (the region, the country)
    parent = {p.id: p.within for p in rules.places.places}
    chain: dict[str, list[str]] = {}
    for city in cities:
        up, node = [], parent.get(city.id)
        while node and node not in up:
            up.append(node)
            node = parent.get(node)
        chain[city.id] = up
    people = [f"Person {i} Name{i}" for i in range(max(200, n // 10))]
    n_events = max(1, n // 6)
    base = dt.date(2020, 1, 1)
    events = []
    for e in range(n_events):
        pred, fam = PREDICATES[e % len(PREDICATES)]
        a, b = rnd.sample(people, 2)
        events.append((pred, fam, a, b, rnd.choice(cities), base + dt.timedelta(days=rnd.randrange(1500))))
    n_articles = max(1, n // 8)
    # articles spread evenly over the 1,504 days events and their reports span, in date order, so a
    # claim comes from a report of the days after its event (and no article collects the overflow)
    days = 1504
    articles = [ArticleInfo(id=f"syn-{i:07d}", source=f"Source {i % 400}",
                            published=base + dt.timedelta(days=i * days // n_articles),
                            published_from=DateOrigin.SIDECAR) for i in range(n_articles)]
    first_on = defaultdict(list)
    for i in range(n_articles):
        first_on[i * days // n_articles].append(i)
    claims: list[Claim] = []
    parts = SharedParts()  # as a run's extraction does: claims that state a part alike hold one object
    # each claim's event, in claim order: a column, not a dict by claim id, which took 90 MiB at 1M
    truth = array("q")
    for k in range(n):
        e = k % n_events if k < n_events * 2 else rnd.randrange(n_events)
        pred, fam, a, b, city, day = events[e]
        reported = (day - base).days + rnd.randrange(4)
        while reported not in first_on:  # fewer articles than days: the next day that has one
            reported = (reported + 1) % days
        art = articles[rnd.choice(first_on[reported])].id
        modality = "planned" if rnd.random() < 0.1 else "asserted"
        when = day + dt.timedelta(days=40) if rnd.random() < 0.03 else day  # planted time disagreement
        place = rnd.choice(cities) if rnd.random() < 0.02 else city  # planted place disagreement
        cid = claim_id(art, k * 100, 0, pred, b)
        claims.append(Claim(
            # each report words its sentence its own way: a sentence two articles share verbatim
            # marks them as copies of one text (origins.copies)
            id=cid, article_id=art, sentence=k, evidence=f"{a} {pred} {b} in {place.name} on {when}, {art} reports.",
            start=k * 100, end=k * 100 + 60, predicate=pred, family=fam,
            subject=Ref(raw=a, value=a, kind="person"),
            object=Ref(raw=b, value=b, kind="person") if rnd.random() < 0.8 else None,
            place=Ref(raw=place.name, value=place.name, id=place.id, kind="place", within=chain[place.id])
            if rnd.random() < 0.7 else None,
            time=TimeSpan(start=when, end=when, granularity="day", expression=str(when))
            if rnd.random() < 0.7 else None,
            modality=modality,
        ))
        parts.share(claims[-1:])
        truth.append(e)
    return claims, articles, truth


def pair_scores(claims: list[Claim], truth: array, of_claim: dict[str, str]) -> tuple[float, float]:
    """Pair precision and recall over claim pairs, counted per group without listing the pairs."""
    joint: dict[tuple[int, str], int] = defaultdict(int)
    by_event: dict[int, int] = defaultdict(int)
    by_cluster: dict[str, int] = defaultdict(int)
    for c, event in zip(claims, truth, strict=True):
        joint[(event, of_claim[c.id])] += 1
        by_event[event] += 1
        by_cluster[of_claim[c.id]] += 1

    def pairs(counts) -> int:
        return sum(v * (v - 1) // 2 for v in counts)

    both, gold, found = pairs(joint.values()), pairs(by_event.values()), pairs(by_cluster.values())
    return (both / found if found else 0.0), (both / gold if gold else 0.0)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n: int, seed: int) -> None:
    rules = load_rules()
    claims, articles, truth = generate(n, seed, rules)
    gen_mib = peak_mib()
    start = time.perf_counter()
    # no store: it remembers nothing for a next run; every core, as the CLI's default
    clusterer = Clusterer(rules, articles, jobs=None)
    clusters, of_claim = clusterer.cluster(claims)
    label(claims, of_claim)  # in place, as a run labels the claims it owns
    checking = time.perf_counter()
    result = check(rules, articles, claims, clusters, copy_of=clusterer.copy_of)
    secs = time.perf_counter() - start
    checking = time.perf_counter() - checking
    n_pairs = clusterer.pairs_judged  # with no earlier run to recall, every candidate pair is judged
    precision, recall = pair_scores(claims, truth, of_claim)
    print(f"{n:>9,} claims  {len(clusters):>8,} events  {n_pairs:>10,} pairs  {len(result.conflicts):>7,} conflicts  "
          f"P={precision:.3f} R={recall:.3f}  {secs:7.1f} s  peak {peak_mib():7,.0f} MiB "
          f"(claims alone {gen_mib:,.0f} MiB)", flush=True)
    # where the time went: clustering's stages, then checking (labelling the claims is the rest)
    print("           stages: " + ", ".join(f"{stage} {clusterer.seconds[stage]:.2f}" for stage in STAGES)
          + f", check {checking:.2f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per size, each in a fresh process")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child, a.seed)
        return
    print("cluster + check on synthetic claims, each size in a fresh process (pairs: candidate pairs blocking made)")
    for n in a.sizes:
        secs, peaks = [], []
        for _ in range(a.repeat):
            out, tree = _watched([sys.executable, __file__, "--child", str(n), "--seed", str(a.seed)])
            first, _, rest = out.rstrip("\n").partition("\n")  # the figures' line, then the stages'
            print(first + f"  tree peak {tree:,} MiB" + (f"\n{rest}" if rest else ""), flush=True)
            figures = _FIGURES.search(out)
            if figures:
                secs.append(float(figures[1]))
                peaks.append(max(float(figures[2].replace(",", "")), tree))
        if a.repeat > 1 and secs:
            print(f"{n:>9,} claims, {len(secs)} runs: {min(secs):.1f} s fastest, "
                  f"{statistics.median(secs):.1f} s median, {max(secs):.1f} s slowest; "
                  f"largest peak {max(peaks):,.0f} MiB", flush=True)


def _watched(command: list[str]) -> tuple[str, int]:
    """Run the command; its output, and the largest summed Pss (MiB) of it and its child processes
    (the worker that reads stories), sampled five times a second from /proc (0 where there is none)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.2)
    return process.stdout.read() if process.stdout else "", peak


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    found += _tree(int(child))
    except OSError:  # gone, or no /proc
        pass
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


_FIGURES = re.compile(r"([\d.]+) s  peak +([\d,]+) MiB")


if __name__ == "__main__":
    main()
