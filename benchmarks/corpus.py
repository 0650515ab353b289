"""A synthetic news corpus written from templates, with its own gold in the ../shared/gold/ format.

usage: python benchmarks/corpus.py N OUT_DIR [--seed 1]

Writes OUT_DIR/articles.jsonl (one article per line: id, title, text, source,
published; undated pages have no published) and OUT_DIR/gold.yaml. The corpus
holds many events of four kinds (meetings, visits, earthquakes, arrests), each
told by two to five articles from different outlets, with:

- controlled conflicts: one report puts the event in another country's city
  (a hard place conflict), or gives another death toll on the same day (a hard
  number conflict);
- wire copies: a content farm republishes an agency story word for word, credit
  included, so it is one origin, not two;
- repeated meetings: the same two people meet again months later elsewhere
  (gold ``distinct``: a correct run keeps them apart);
- dated and undated pages: about one page in ten carries no date; its relative
  days ("on Tuesday") cannot be anchored, and the gold gives them no time.

The gold quotes each article's headline and main sentence; the two background sentences
speak of no event. Run with the same N
and seed, the corpus is byte-for-byte the same. Only the standard library and
PyYAML are used: the generator knows nothing of crosscheck's rules but the
city names it picks from rules/places.yaml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIRST = ("Elena Marco Ayesha Tomas Ingrid Kofi Lucia Dmitri Hana Rafael Amira Jonas Priya Mateo Sofia Arjun Nadia "
         "Viktor Leila Oskar Farah Emil Carmen Yusuf Greta Hugo Selin Anton Maya Bruno Irene Kenji Laila Pavel "
         "Rosa Idris Clara Felix Noor Stefan").split()
LAST = ("Varga Lindqvist Okafor Moreau Castellano Novak Haddad Brennan Sato Kowalski Mendes Aziz Falk Romero "
        "Petrov Nakamura Olsen Duarte Rahman Weber Costa Ibarra Koenig Sandoval Lund Abara Ferreira Holm Qureshi "
        "Marchetti Vance Dubois Halvorsen Ortiz Nilsson Barros Kaya Engel Soto Larsen Pereira Havel Tanaka Ruiz "
        "Berg Santos Yilmaz Kraus Molina Strand").split()
AGENCIES = [("AP", "Associated Press"), ("Reuters", "Reuters"), ("AFP", "AFP")]
OUTLETS = [f"{a} {b}" for a in ("Daily", "Evening", "Morning", "Weekly", "Metro", "National", "Coastal", "Valley")
           for b in ("Herald", "Courier", "Tribune", "Gazette", "Ledger", "Observer", "Post", "Chronicle")]
FARMS = ["NewsFeedDaily", "TopStoriesNow", "InfinityFinance", "WorldWireHub"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KINDS = ("meet", "visit", "quake", "arrest")


@dataclass
class Event:
    id: str
    kind: str
    date: dt.date
    city: tuple[str, str]  # (city, its country's id)
    a: str = ""
    b: str = ""
    number: int = 0
    magnitude: float = 0.0
    claims: list[dict] = field(default_factory=list)


def cities() -> list[tuple[str, str]]:
    """Cities the shipped rules place in a country: a run can then judge place conflicts."""
    places = yaml.safe_load((ROOT / "rules" / "places.yaml").read_text(encoding="utf-8"))["places"]
    by_id = {p["id"]: p for p in places}
    out = []
    for p in places:
        parent = by_id.get(p.get("within", ""))
        if p.get("kind") == "city" and parent and parent.get("kind") == "country" and " " not in p["name"]:
            out.append((p["name"], parent["id"]))
    return out


def _day(date: dt.date, published: dt.date | None) -> str:
    """How a report names the day: a weekday within the week before publication, else the date."""
    if published is not None and 0 <= (published - date).days < 6:
        return "on " + WEEKDAYS[date.weekday()]
    return f"on {MONTHS[date.month - 1]} {date.day}"


_MAIN = {
    "meet": ["{a} met {b} in {city} {day}, {attrib} said.",
             "{a} held talks with {b} in {city} {day}, {attrib} said.",
             "{b} and {a} met in {city} {day} to discuss trade, {attrib} said."],
    "visit": ["{a} visited {city} {day} for talks on trade and energy, {attrib} said.",
              "{a} paid a visit to {city} {day}, {attrib} said.",
              "{a} made an official visit to {city} {day}, according to {attrib}."],
    "quake": ["A magnitude {m} earthquake struck near {city} {day}, killing {n} people, {attrib} said.",
              "An earthquake of magnitude {m} hit {city} {day} and killed {n} people, {attrib} said.",
              "The magnitude {m} quake that struck {city} {day} killed {n} people, according to {attrib}."],
    "arrest": ["Police arrested {a} in {city} {day} on suspicion of fraud, {attrib} said.",
               "{a} was arrested in {city} {day} on suspicion of fraud, {attrib} said.",
               "Authorities arrested {a} in {city} {day}, {attrib} said."],
}
_HEADLINE = {
    "meet": ["{a} meets {b} in {city}", "{a} and {b} hold talks in {city}"],
    "visit": ["{a} visits {city}", "{a} in {city} for official visit"],
    "quake": ["Magnitude {m} earthquake strikes near {city}", "Deadly quake hits {city}"],
    "arrest": ["Police arrest {a} in {city}", "{a} arrested in {city}"],
}


def _fill(form: str, e: Event, city: str, day: str = "", number: int = 0, attrib: str = "") -> str:
    return form.format(a=e.a, b=e.b, city=city, day=day, n=number, m=f"{e.magnitude:.1f}", attrib=attrib)


_FILLER = {
    "meet": ["Both governments have sought closer economic ties in recent years.",
             "Officials did not publish an agenda in advance."],
    "visit": ["Officials released no itinerary beyond a short statement.",
              "Trade between the two sides has grown in recent years."],
    "quake": ["Rescue teams searched collapsed buildings through the night.",
              "Several roads into the area remained closed to traffic."],
    "arrest": ["The case had been under investigation for more than a year.",
               "A lawyer for the suspect declined to comment."],
}


def generate(n: int, seed: int = 1) -> tuple[list[dict], dict]:
    rnd = random.Random(seed)
    places = cities()
    people = [f"{f} {last}" for f in FIRST for last in LAST]
    rnd.shuffle(people)
    start = dt.date(2021, 1, 1)
    articles: list[dict] = []
    gold_articles: dict[str, dict] = {}
    events: list[Event] = []
    conflicts: list[dict] = []
    distinct: list[list[str]] = []

    def new_event(kind: str, date: dt.date, a: str = "", b: str = "") -> Event:
        e = Event(id=f"ev{len(events):06d}", kind=kind, date=date, city=rnd.choice(places),
                  a=a or rnd.choice(people), b=b or rnd.choice(people),
                  number=rnd.randint(3, 400), magnitude=round(rnd.uniform(5.0, 7.8), 1))
        while e.b == e.a:
            e.b = rnd.choice(people)
        events.append(e)
        return e

    while len(articles) < n:
        kind = rnd.choice(KINDS)
        e = new_event(kind, start + dt.timedelta(days=rnd.randrange(1400)))
        told = [e]
        if kind == "meet" and rnd.random() < 0.15:  # the same two meet again months later, elsewhere
            again = new_event("meet", e.date + dt.timedelta(days=rnd.randint(90, 240)), e.a, e.b)
            while again.city == e.city:
                again.city = rnd.choice(places)
            distinct.append([e.id, again.id])
            told.append(again)
        for ev in told:
            _write_reports(ev, rnd, places, articles, gold_articles, conflicts)
    events = [e for e in events if e.claims]
    gold = {
        "corpus": f"synthetic-{n}-seed{seed}",
        "articles": gold_articles,
        "events": [{"id": e.id, "level": "core", "what": f"{e.kind} {e.date.isoformat()} {e.city[0]}",
                    "slots": {"predicate": e.kind, "place": e.city[0], "time": e.date.isoformat()},
                    "claims": e.claims} for e in events],
        "distinct": [d for d in distinct if all(any(x.id == i for x in events) for i in d)],
        "conflicts": conflicts,
    }
    return articles, gold


def _write_reports(e: Event, rnd: random.Random, places: list[tuple[str, str]], articles: list[dict],
                   gold_articles: dict[str, dict], conflicts: list[dict]) -> None:
    reports = rnd.randint(2, 5)
    # which report disagrees, and how: another city of the same country (another country would
    # make it another event), or another death toll the same day
    odd = rnd.randrange(reports) if rnd.random() < 0.12 else None
    if odd is not None and e.kind != "quake":
        e.city = rnd.choice([c for c in places if sum(1 for x in places if x[1] == c[1]) > 1])
    odd_city = rnd.choice([c for c in places if c[1] == e.city[1] and c != e.city] or [e.city])
    odd_number = e.number + rnd.randint(2, 30)
    sides: dict[str, list[dict]] = {"right": [], "odd": []}
    published_same = e.date + dt.timedelta(days=rnd.randint(0, 1))
    for r in range(reports):
        number_conflict = odd == r and e.kind == "quake"
        place_conflict = odd == r and e.kind != "quake"
        published = published_same if number_conflict or odd is not None else (
            e.date + dt.timedelta(days=rnd.randint(0, 3)))
        undated = rnd.random() < 0.1 and not (odd is not None)
        agency = rnd.choice(AGENCIES) if rnd.random() < 0.4 else None
        source = rnd.choice(OUTLETS)
        city = odd_city[0] if place_conflict else e.city[0]
        number = odd_number if number_conflict else e.number
        day = _day(e.date, None if undated else published)
        attrib = rnd.choice(["officials", "the authorities", "a spokesperson", "local media", "the police"])
        headline = _fill(rnd.choice(_HEADLINE[e.kind]), e, city)
        main = _fill(rnd.choice(_MAIN[e.kind]), e, city, day, number, attrib)
        body = [main, *rnd.sample(_FILLER[e.kind], 2)]
        if agency is not None:
            body[0] = f"{city.upper()} ({agency[0]}) — {main}"
        text = "\n".join([headline, *body])
        aid = f"syn{len(articles):07d}"
        copies = [(aid, source)]
        if agency is not None and rnd.random() < 0.5:  # a content farm republishes the agency story
            copies.append((f"syn{len(articles) + 1:07d}", rnd.choice(FARMS)))
        for cid, src in copies:
            rec = {"id": cid, "text": text, "source": src}
            if not undated:
                rec["published"] = published.isoformat()
            articles.append(rec)
            gold_articles[cid] = {"source": src, "origin": agency[0] if agency else src,
                                  "stated_date": None, "published": published.isoformat()}
            claim = {"article": cid, "quote": main, "modality": "asserted", "place": city}
            if not undated:  # an undated page's "on Tuesday" or "on March 3" has no year to anchor to
                claim["time"] = e.date.isoformat()
            e.claims.append(claim)
            e.claims.append({"article": cid, "quote": headline, "modality": "asserted", "place": city})
            (sides["odd"] if odd == r else sides["right"]).append({"article": cid, "quote": main})
    if odd is not None and sides["right"]:
        slot = "number" if e.kind == "quake" else "place"
        right = str(e.number) if slot == "number" else e.city[0]
        wrong = str(odd_number) if slot == "number" else odd_city[0]
        conflicts.append({"id": f"{e.id}-{slot}", "level": "core", "event": e.id, "slot": slot, "kind": "hard",
                          "sides": [{"value": right, "quotes": sides["right"]},
                                    {"value": wrong, "quotes": sides["odd"]}]})


def write(n: int, out: Path, seed: int = 1) -> tuple[Path, Path]:
    articles, gold = generate(n, seed)
    out.mkdir(parents=True, exist_ok=True)
    corpus, gold_path = out / "articles.jsonl", out / "gold.yaml"
    with corpus.open("w", encoding="utf-8") as fh:
        for rec in articles[:n]:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    kept = {a["id"] for a in articles[:n]}
    gold["articles"] = {k: v for k, v in gold["articles"].items() if k in kept}
    for e in gold["events"]:
        e["claims"] = [c for c in e["claims"] if c["article"] in kept]
    gold["events"] = [e for e in gold["events"] if e["claims"]]
    live = {e["id"] for e in gold["events"]}
    gold["distinct"] = [d for d in gold["distinct"] if set(d) <= live]
    gold["conflicts"] = [c for c in gold["conflicts"] if c["event"] in live
                         and all(q["article"] in kept for s in c["sides"] for q in s["quotes"])]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    gold_path.write_text(yaml.dump(gold, Dumper=dumper, sort_keys=False, allow_unicode=True, width=200),
                         encoding="utf-8")
    return corpus, gold_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    corpus, gold = write(a.n, a.out, a.seed)
    print(f"wrote {corpus} and {gold}")


if __name__ == "__main__":
    main()
