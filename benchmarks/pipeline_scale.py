"""End to end at scale, on the synthetic corpus of benchmarks/corpus.py: speed, memory and gold scores.

usage: python benchmarks/pipeline_scale.py [--sizes 1000 10000 100000] [--jobs 2] [--work DIR]

For each N: writes N articles and their gold, runs `crosscheck check` over
them in a fresh process (a full run, building the run store), scores the run
against the corpus's own gold with `crosscheck.evaluate` (the numbers of
shared/gold/score.py), then adds 1% new articles and runs again on the store
(the incremental case). Prints articles/s, claims/s, wall time, peak memory
and the scores. Peak memory is the largest single process's peak resident set
(the main process or a pool worker), as the kernel reports it for reaped
children. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write  # noqa: E402

from crosscheck.evaluate import score  # noqa: E402

CROSSCHECK = [sys.executable, "-m", "crosscheck", "-q"]


def timed_check(corpus: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, largest process) of one `crosscheck check` in a fresh process."""
    cmd = [*CROSSCHECK, "check", str(corpus), "--out", str(out), "--json", str(out / "run.json"),
           "--jobs", str(jobs), *extra]
    # measure in a wrapper process so each run's peak is its own, not the largest of all earlier runs
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "rc = subprocess.call(sys.argv[1:]); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)")
    res = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True)
    secs, peak, rc = res.stdout.split()[-3:]
    if rc != "0":
        raise SystemExit(f"crosscheck check exited {rc} on {corpus}:\n{res.stderr[-2000:]}")
    return float(secs), int(peak)


def head(src: Path, dst: Path, lines: int) -> None:
    with src.open(encoding="utf-8") as fh, dst.open("w", encoding="utf-8") as out:
        for n, line in enumerate(fh):
            if n >= lines:
                break
            out.write(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None, help="keep corpora and runs here (default: a temp dir)")
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="crosscheck-bench-"))
    print(f"jobs={a.jobs}, work in {work}; peak = largest single process's resident set")
    for n in a.sizes:
        grown = n + max(1, n // 100)
        folder = work / f"n{n}"
        shutil.rmtree(folder, ignore_errors=True)
        full_corpus, gold = write(grown, folder / "all", a.seed)
        base = folder / "base.jsonl"
        head(full_corpus, base, n)
        out = folder / "out"
        secs, peak = timed_check(base, out, a.jobs, ["--full"])
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        claims = len(run["claims"])
        print(f"N={n:,}: full run {secs:.1f} s, {n / secs:,.0f} articles/s, {claims / secs:,.0f} claims/s, "
              f"{claims:,} claims, {len(run['conflicts']):,} conflicts, peak {peak / 1024:,.0f} MiB")
        # the incremental case: 1% new articles on top of the stored run
        secs_inc, peak_inc = timed_check(full_corpus, out, a.jobs, [])
        print(f"  +1% ({grown - n:,} new articles) on the store: {secs_inc:.1f} s "
              f"({100 * secs_inc / secs:.1f}% of the full run), peak {peak_inc / 1024:,.0f} MiB")
        t = time.perf_counter()
        scores = score(gold, out / "run.json")
        values = {k: v for k, v in scores.values.items() if k != "found"}
        print(f"  gold ({len(values)} scores, {time.perf_counter() - t:.0f} s to score): "
              + " ".join(f"{k}={v}" for k, v in values.items()))
    if a.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(f"benchmark process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
